"""Comparators: each area against the other areas of its region, of its nation, and of all.

An analyst reading "Southend's gap is +4.4 points" asks "against whom?". Each comparison here
is of the area's figure with the mean of the *other* areas' figures in a group (its ONS region,
England or Wales, every area in the selection), and says how many reports and areas the
group's mean rests on. A group of fewer than :data:`MIN_REPORTS` reports is not compared: its
row stays, with the mean left empty and a note saying why, so a thin comparison never passes
for a finding. Rates are compared as gaps to each report's own cohort's England and Wales
average, as everywhere else in the package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqs_analysis.analysis.formatting import domain_label, format_share, is_missing
from sqs_analysis.analysis.profile import latest_per_area
from sqs_analysis.analysis.rates import rate_gaps
from sqs_analysis.analysis.selection import area_key
from sqs_analysis.analysis.sufficiency import domain_sufficiency, judgement_detail

if TYPE_CHECKING:
    import pandas as pd

    from sqs_analysis.tables import Tables

MIN_REPORTS = 3
"""Fewest reports a comparator group's mean may rest on (see docs/assumptions.md)."""

GROUPS = ("region", "nation", "all")
"""The comparator groups, narrowest first."""

COLUMNS = [
    "report_id",
    "area",
    "label",
    "measure",
    "value",
    "comparator",
    "comparator_name",
    "comparator_mean",
    "difference",
    "comparator_reports",
    "comparator_areas",
    "compared",
    "note",
]


def _with_places(frame: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """``frame`` (with ``report_id``) with each report's region, nation and area key."""
    places = tables.reports[["report_id", "region", "nation", "area"]].rename(
        columns={"area": "_area_name"}
    )
    out = frame.merge(places, on="report_id", how="left")
    out["_area"] = out["_area_name"].map(area_key)
    return out


def _compare(values: pd.DataFrame, measure_col: str, value_col: str) -> pd.DataFrame:
    """For each row of ``values``: the mean ``value_col`` of the other areas' rows of the same
    measure in its region, its nation and the whole selection, with the counts behind it."""
    import pandas as pd

    # totals per measure and group, and per measure, group and area: the other areas' mean is
    # (group total - the area's own total) / (group count - the area's own count), one pass
    records = values.to_dict("records")
    totals: dict[tuple, list[float]] = {}
    own: dict[tuple, list[float]] = {}
    areas_in: dict[tuple, set[str]] = {}
    for r in records:
        if is_missing(r[value_col]):
            continue
        for group in GROUPS:
            place = "all areas" if group == "all" else r[group]
            if group != "all" and is_missing(place):
                continue
            key = (r[measure_col], group, str(place))
            total = totals.setdefault(key, [0.0, 0])
            total[0] += float(r[value_col])
            total[1] += 1
            mine = own.setdefault((*key, r["_area"]), [0.0, 0])
            mine[0] += float(r[value_col])
            mine[1] += 1
            areas_in.setdefault(key, set()).add(r["_area"])

    rows: list[dict[str, Any]] = []
    for r in records:
        for group in GROUPS:
            name = (
                "all areas" if group == "all" else (None if is_missing(r[group]) else str(r[group]))
            )
            key = (r[measure_col], group, name)
            group_sum, group_n = totals.get(key, (0.0, 0)) if name else (0.0, 0)
            own_sum, own_n = own.get((*key, r["_area"]), (0.0, 0)) if name else (0.0, 0)
            n_reports = group_n - own_n
            n_areas = len(areas_in.get(key, set()) - {r["_area"]}) if name else 0
            compared = n_reports >= MIN_REPORTS and not is_missing(r[value_col])
            mean = (group_sum - own_sum) / n_reports if compared else None
            if name is None:
                note = f"the area's {group} is not known (area not in the area lookup)"
            elif n_reports < MIN_REPORTS:
                note = (
                    f"not compared: {n_reports} report(s) from other areas in {name}, "
                    f"fewer than {MIN_REPORTS}"
                )
            elif is_missing(r[value_col]):
                note = "not compared: the area's own figure is not given"
            else:
                note = None
            rows.append(
                {
                    "report_id": r["report_id"],
                    "area": r["area"],
                    "label": r["label"],
                    "measure": r[measure_col],
                    "value": r[value_col],
                    "comparator": group,
                    "comparator_name": name,
                    "comparator_mean": mean,
                    "difference": (float(r[value_col]) - mean) if mean is not None else None,
                    "comparator_reports": n_reports,
                    "comparator_areas": n_areas,
                    "compared": compared,
                    "note": note,
                }
            )
    out = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("value", "comparator_mean", "difference"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("Float64")
    for col in ("comparator_reports", "comparator_areas"):
        out[col] = out[col].astype("Int64")
    out["compared"] = out["compared"].astype("boolean")
    for col in ("report_id", "area", "label", "measure", "comparator", "comparator_name", "note"):
        out[col] = out[col].astype("string")
    return out


def rate_comparators(tables: Tables) -> pd.DataFrame:
    """One row per report and comparator group: the report's gap to its own cohort's England
    and Wales average against the mean gap of the other areas' reports in its region, its
    nation and the whole selection (``difference`` > 0: more reoffending than the group)."""
    gaps = rate_gaps(tables)[["report_id", "area", "label", "gap_pp"]].copy()
    gaps["measure"] = "gap_pp"
    return _compare(_with_places(gaps, tables), "measure", "gap_pp")


def profile_comparators(tables: Tables, area: str) -> pd.DataFrame:
    """The area's latest report against the latest report of each other area, by group: the
    rate gap and the estimated share of sufficient practice in each domain."""
    import pandas as pd

    latest = latest_per_area(tables)
    gaps = rate_gaps(latest)[["report_id", "area", "label", "gap_pp"]].rename(
        columns={"gap_pp": "value"}
    )
    gaps["measure"] = "gap_pp"
    domains = domain_sufficiency(judgement_detail(latest))
    domains = domains[["report_id", "area", "label", "domain", "sufficiency"]].rename(
        columns={"domain": "measure", "sufficiency": "value"}
    )
    values = _with_places(pd.concat([gaps, domains], ignore_index=True), latest)
    values["value"] = pd.to_numeric(values["value"], errors="coerce")
    compared = _compare(values, "measure", "value")
    own = compared["area"].map(area_key) == area_key(area)
    return compared[own.fillna(False).astype(bool)].reset_index(drop=True)


def table(comparisons: pd.DataFrame) -> pd.DataFrame:
    """For display: one row per report (and measure), one column per comparator group."""
    import pandas as pd

    if comparisons.empty:
        return pd.DataFrame(columns=["Area", "Measure", "Figure", "Region", "Nation", "All areas"])
    rows = []
    for (_, measure), group in comparisons.groupby(["report_id", "measure"], sort=False):
        first = group.iloc[0]
        row = {
            "Area": first["label"],
            "Measure": _measure_label(measure),
            "Figure": _shown(first["value"], measure),
        }
        for _, c in group.iterrows():
            column = {"region": "Region", "nation": "Nation", "all": "All areas"}[c["comparator"]]
            row[column] = _cell(c, measure)
        rows.append(row)
    return pd.DataFrame(rows)


def heading(comparisons: pd.DataFrame) -> str:
    """How many reports could be set against their region, and the one furthest above it."""
    regional = comparisons[
        (comparisons["comparator"] == "region") & comparisons["compared"].fillna(False)
    ]
    reports = comparisons["report_id"].nunique()
    if regional.empty:
        return (
            f"No report's region holds the {MIN_REPORTS} or more reports from other areas "
            f"needed to compare it ({reports} report(s) in the selection)"
        )
    top = regional.loc[regional["difference"].astype(float).idxmax()]
    side = "above" if float(top["difference"]) > 0 else "below"
    return (
        f"{regional['report_id'].nunique()} of {reports} reports can be set against their "
        f"region; {top['label']} is furthest {side} it, {_signed(float(top['difference']))} "
        f"against {top['comparator_name']}"
    )


def sentence(comparisons: pd.DataFrame, area: str) -> str:
    """One sentence: the area's rate gap against each group it can fairly be compared with."""
    rows = comparisons[(comparisons["measure"] == "gap_pp")]
    rows = rows[rows["area"].map(area_key) == area_key(area)]
    if rows.empty or is_missing(rows.iloc[0]["value"]):
        return f"{area}: no reoffending gap to compare"
    gap = float(rows.iloc[0]["value"])
    parts = [
        f"{_signed(float(r['comparator_mean']))} across {_reports(r['comparator_reports'])} "
        f"from other areas in {r['comparator_name']}"
        for _, r in rows.iterrows()
        if bool(r["compared"])
    ]
    if not parts:
        return (
            f"{area}'s gap is {_signed(gap)}; no group holds the {MIN_REPORTS} or more reports "
            "from other areas needed for a comparison"
        )
    return f"{area}'s gap to its cohort's average is {_signed(gap)}, against " + "; ".join(parts)


def _measure_label(measure: str) -> str:
    return "Gap to own cohort's average (pp)" if measure == "gap_pp" else domain_label(measure)


def _signed(value: float) -> str:
    return f"{value:+.1f} pp"


def _shown(value: Any, measure: str) -> str:
    if is_missing(value):
        return "–"
    return _signed(float(value)) if measure == "gap_pp" else format_share(value)


def _cell(row: Any, measure: str) -> str:
    if not bool(row["compared"]):
        name = row["comparator_name"] if not is_missing(row["comparator_name"]) else "unknown"
        return f"{name}: not compared ({_reports(row['comparator_reports'])})"
    return (
        f"{row['comparator_name']}: {_shown(row['comparator_mean'], measure)} "
        f"({_reports(row['comparator_reports'])})"
    )


def _reports(n: Any) -> str:
    return f"{int(n)} report{'' if int(n) == 1 else 's'}"
