"""Periods: a selection's period against the previous period of the same length.

For a closed period (a first and a last day) the previous period is the same length and ends
the day before this one starts, in the same areas:

* a period of whole calendar months moves back by that many months (1 January to
  31 December 2015 -> 1 January to 31 December 2014; 1 to 29 February 2016 -> 1 to
  31 January 2016), so years and quarters compare with the year or quarter before;
* any other period moves back by its number of days (10 to 19 March 2015 -> 28 February to
  9 March 2015).

An open period (no first day, no last day, or neither) has no previous period of the same
length, so nothing is compared. When both periods hold reports the comparison gives, for each:
the mean gap of each report's reoffending rate to its own cohort's England and Wales average,
with the number of reports and areas; the estimated share of cases with sufficient practice by
domain (mean of the reports' estimates with their range, the spread between reports and the
number of judgements); and in how many areas each weakness theme recurs, with the change.
Every figure comes from the analysis functions the notebooks use (:func:`rate_gaps`,
:func:`domain_sufficiency`, :func:`weakness_evidence` and :func:`theme_recurrence`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqs_analysis.analysis.formatting import (
    NAMED_IN_FINDING,
    domain_label,
    domain_order,
    format_date,
    format_share,
    gap_words,
    is_missing,
)
from sqs_analysis.analysis.rates import rate_gaps
from sqs_analysis.analysis.recurrence import count_areas, theme_recurrence, weakness_evidence
from sqs_analysis.analysis.selection import Selection, select
from sqs_analysis.analysis.sufficiency import domain_sufficiency, judgement_detail
from sqs_analysis.analysis.taxonomy import UNMATCHED

if TYPE_CHECKING:
    import pandas as pd

    from sqs_analysis.tables import Tables

PERIODS = ("previous", "current")
"""The two periods compared, in the order every frame lists them."""

SAME_SHARE = 1e-9
"""Shares of areas closer than this count as the same (a theme recurs neither more nor less)."""

RATE_COLUMNS = [
    "period",
    "start",
    "end",
    "n_reports",
    "n_areas",
    "n_rated",
    "n_worse",
    "n_better",
    "mean_gap_pp",
]
DOMAIN_STATS = (
    "sufficiency",
    "sufficiency_low",
    "sufficiency_high",
    "min",
    "max",
    "n_reports",
    "n_judgements",
)
DOMAIN_COLUMNS = [
    "domain",
    "domain_label",
    *(f"{stat}_{period}" for period in PERIODS for stat in DOMAIN_STATS),
    "change_pp",
]
THEME_COLUMNS = [
    "theme",
    "theme_label",
    "n_areas_previous",
    "n_areas_total_previous",
    "share_previous",
    "n_areas_current",
    "n_areas_total_current",
    "share_current",
    "change_areas",
    "change_share",
    "recurs",
]


def previous_selection(selection: Selection) -> Selection | None:
    """The previous period of the same length, in the same areas; None for an open period."""
    import pandas as pd

    start, end = selection.start, selection.end
    if start is None or end is None:
        return None
    day = pd.Timedelta(days=1)
    if start.day == 1 and (end + day).day == 1:  # whole calendar months
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        before = start - pd.DateOffset(months=months)
    else:
        before = start - pd.Timedelta(days=(end - start).days + 1)
    return Selection(pd.Timestamp(before).normalize(), start - day, selection.areas)


def describe_period(selection: Selection) -> str:
    """``1 January 2014 to 31 December 2014`` (the period only, without the areas)."""
    return f"{format_date(selection.start)} to {format_date(selection.end)}"


@dataclass(frozen=True)
class PeriodComparison:
    """A selection's period against the previous one: three frames and the finding in words.

    ``status`` is ``compared`` when both periods hold reports, ``open`` when the selection's
    period has no start or no end (no previous period, every frame empty),
    ``no_previous_reports`` or ``no_current_reports`` when one of them holds none (``rates``
    still gives the numbers of reports; ``domains`` and ``themes`` are empty).

    * ``rates``: one row per period (``previous``, ``current``): its first and last day,
      reports, areas, reports with a rate and average, how many were worse and better than
      their own cohort's England and Wales average, and the mean gap in points.
    * ``domains``: one row per domain, ``<stat>_previous`` and ``<stat>_current`` for the mean
      of the reports' estimates (``sufficiency``) and of their ranges (``sufficiency_low``,
      ``sufficiency_high``), the lowest and highest report (``min``, ``max``), reports and
      judgements; ``change_pp`` is the change of the mean in percentage points.
    * ``themes``: one row per weakness theme found in either period: areas naming it, areas
      reported on and their share in each period, the change, and ``recurs`` (``more``,
      ``less`` or ``same``, by the share of areas, as the periods may cover different
      numbers of areas).
    """

    current: Selection
    previous: Selection | None
    status: str
    rates: pd.DataFrame
    domains: pd.DataFrame
    themes: pd.DataFrame
    finding: str

    @property
    def compared(self) -> bool:
        return self.status == "compared"


def _rate_row(period: str, selection: Selection, tables: Tables) -> dict[str, Any]:
    gaps = rate_gaps(tables)
    rated = gaps[gaps["gap_pp"].notna()]
    return {
        "period": period,
        "start": selection.start,
        "end": selection.end,
        "n_reports": len(tables.reports),
        "n_areas": count_areas(tables),
        "n_rated": len(rated),
        "n_worse": int((rated["direction"] == "worse").sum()),
        "n_better": int((rated["direction"] == "better").sum()),
        "mean_gap_pp": float(rated["gap_pp"].astype(float).mean()) if len(rated) else None,
    }


def _rates(selections: dict[str, Selection], tables: dict[str, Tables]) -> pd.DataFrame:
    import pandas as pd

    rows = [_rate_row(p, selections[p], tables[p]) for p in PERIODS]
    out = pd.DataFrame(rows, columns=RATE_COLUMNS)
    for col in ("n_reports", "n_areas", "n_rated", "n_worse", "n_better"):
        out[col] = out[col].astype("Int64")
    out["mean_gap_pp"] = out["mean_gap_pp"].astype("Float64")
    out["period"] = out["period"].astype("string")
    return out


def _domains_of(detail: pd.DataFrame) -> pd.DataFrame:
    """One row per domain: the reports' estimates (each report once) summarised."""
    per_report = domain_sufficiency(detail)
    if per_report.empty:
        return per_report.iloc[0:0]
    work = per_report[["domain", "report_id"]].copy()
    for col in ("sufficiency", "sufficiency_low", "sufficiency_high"):
        work[col] = per_report[col].astype(float)
    work["n_judgements"] = per_report["n_judgements"].astype(int)
    return (
        work.groupby("domain", sort=False)
        .agg(
            sufficiency=("sufficiency", "mean"),
            sufficiency_low=("sufficiency_low", "mean"),
            sufficiency_high=("sufficiency_high", "mean"),
            min=("sufficiency", "min"),
            max=("sufficiency", "max"),
            n_reports=("report_id", "nunique"),
            n_judgements=("n_judgements", "sum"),
        )
        .reset_index()
    )


def _domains(details: dict[str, pd.DataFrame]) -> pd.DataFrame:
    import pandas as pd

    parts = {p: _domains_of(details[p]).set_index("domain") for p in PERIODS}
    found = set().union(*(set(part.index) for part in parts.values()))
    order = [d for d in domain_order() if d in found] + sorted(found - set(domain_order()))
    rows = []
    for domain in order:
        row: dict[str, Any] = {"domain": domain, "domain_label": domain_label(domain)}
        for period in PERIODS:
            part = parts[period]
            for stat in DOMAIN_STATS:
                row[f"{stat}_{period}"] = part.at[domain, stat] if domain in part.index else None
        rows.append(row)
    out = pd.DataFrame(rows, columns=DOMAIN_COLUMNS)
    for period in PERIODS:
        for stat in DOMAIN_STATS:
            col = f"{stat}_{period}"
            dtype = "Int64" if stat.startswith("n_") else "Float64"
            out[col] = pd.array([None if is_missing(v) else v for v in out[col]], dtype=dtype)
    out["change_pp"] = (
        (100 * (out["sufficiency_current"] - out["sufficiency_previous"])).round(1)
    ).astype("Float64")
    for col in ("domain", "domain_label"):
        out[col] = out[col].astype("string")
    return out


def _themes(
    details: dict[str, pd.DataFrame], tables: dict[str, Tables], n_areas: dict[str, int]
) -> pd.DataFrame:
    import pandas as pd

    parts = {}
    for period in PERIODS:
        recurrence = theme_recurrence(
            weakness_evidence(tables[period], details[period]),
            n_areas[period],
            headline_source="area for improvement",
        )
        parts[period] = recurrence[recurrence["theme"] != UNMATCHED].set_index("theme")
    labels: dict[str, str] = {}
    for period in PERIODS:
        labels.update(parts[period]["theme_label"].to_dict())
    rows = []
    for theme, label in labels.items():
        row: dict[str, Any] = {"theme": theme, "theme_label": label}
        for period in PERIODS:
            part = parts[period]
            n = int(part.at[theme, "n_areas"]) if theme in part.index else 0
            total = n_areas[period]
            row[f"n_areas_{period}"] = n
            row[f"n_areas_total_{period}"] = total
            row[f"share_{period}"] = n / total if total else float("nan")
        row["change_areas"] = row["n_areas_current"] - row["n_areas_previous"]
        row["change_share"] = row["share_current"] - row["share_previous"]
        change = row["change_share"]
        row["recurs"] = (
            "more" if change > SAME_SHARE else "less" if change < -SAME_SHARE else "same"
        )
        rows.append(row)
    out = pd.DataFrame(rows, columns=THEME_COLUMNS)
    out = out.sort_values(
        ["change_share", "n_areas_current", "theme_label"],
        ascending=[False, False, True],
        kind="stable",
    ).reset_index(drop=True)
    for col in THEME_COLUMNS:
        if col.startswith(("n_areas", "change_areas")):
            out[col] = out[col].astype("Int64")
        elif col.startswith(("share", "change_share")):
            out[col] = out[col].astype("Float64")
        else:
            out[col] = out[col].astype("string")
    return out


def _empty(columns: list[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(columns=columns)


def compare_periods(tables: Tables, selection: Selection) -> PeriodComparison:
    """The selection's period against the previous period of the same length (same areas).

    ``tables`` are all the tables (not only the selection's), since the previous period's
    reports are selected from them.
    """
    previous = previous_selection(selection)
    if previous is None:
        return PeriodComparison(
            selection,
            None,
            "open",
            _empty(RATE_COLUMNS),
            _empty(DOMAIN_COLUMNS),
            _empty(THEME_COLUMNS),
            periods_finding_open(selection),
        )
    selections = {"previous": previous, "current": selection}
    chosen = {p: select(tables, selections[p]) for p in PERIODS}
    rates = _rates(selections, chosen)
    counts = dict(zip(rates["period"], rates["n_reports"], strict=True))
    if not counts["current"] or not counts["previous"]:
        status = "no_current_reports" if not counts["current"] else "no_previous_reports"
        comparison = PeriodComparison(
            selection,
            previous,
            status,
            rates,
            _empty(DOMAIN_COLUMNS),
            _empty(THEME_COLUMNS),
            "",
        )
        return _with_finding(comparison)
    details = {p: judgement_detail(chosen[p]) for p in PERIODS}
    n_areas = dict(zip(rates["period"], rates["n_areas"].astype(int), strict=True))
    comparison = PeriodComparison(
        selection,
        previous,
        "compared",
        rates,
        _domains(details),
        _themes(details, chosen, n_areas),
        "",
    )
    return _with_finding(comparison)


def _with_finding(comparison: PeriodComparison) -> PeriodComparison:
    return replace(comparison, finding=periods_finding(comparison))


# ------------------------------------------------------------------------------------ words


def _areas(n: Any) -> str:
    return f"{int(n)} area{'s' if int(n) != 1 else ''}"


def _reports_from(n_reports: int, n_areas: int) -> str:
    return (
        f"{n_reports} report{'s' if n_reports != 1 else ''} from "
        f"{n_areas} area{'s' if n_areas != 1 else ''}"
    )


def periods_finding_open(selection: Selection) -> str:
    """Why an open period is not compared."""
    if selection.start is None and selection.end is None:
        why = "the briefing covers every publication date"
    elif selection.start is None:
        why = "the period has no first day"
    else:
        why = "the period has no last day"
    return f"No comparison with a previous period: {why}, so there is no previous period of the same length."


def _gap_clause(rates: pd.DataFrame) -> str:
    prev, cur = (rates.set_index("period").loc[p] for p in PERIODS)
    missing = [
        p for p, row in zip(PERIODS, (prev, cur), strict=True) if is_missing(row["mean_gap_pp"])
    ]
    if len(missing) == 2:
        return "neither period has a reoffending rate with its average to compare"
    if missing:
        which = "this" if missing == ["previous"] else "the previous"
        return f"only {which} period has reoffending rates with their averages to compare"

    def words(gap: Any) -> str:
        text = gap_words(gap)
        return text if text == "level with" else f"{text} than"

    return (
        f"reoffending was on average {words(cur['mean_gap_pp'])} the England and Wales "
        f"average for each report's own cohort, against {words(prev['mean_gap_pp'])} it in "
        "the previous period"
    )


def _domain_clause(domains: pd.DataFrame) -> str:
    both = domains[domains["change_pp"].notna()]
    if both.empty:
        return ""
    changes = both["change_pp"].astype(float)
    parts = []
    for pick, verb in ((changes.idxmax(), "rose"), (changes.idxmin(), "fell")):
        row = both.loc[pick]
        change = float(row["change_pp"])
        if (verb == "rose" and change <= 0) or (verb == "fell" and change >= 0):
            continue
        parts.append(
            f"{verb} most in {str(row['domain_label']).lower()} (from "
            f"{format_share(row['sufficiency_previous'])} to "
            f"{format_share(row['sufficiency_current'])} of cases)"
        )
    if not parts:
        return "the average share of cases with sufficient practice was unchanged in every domain"
    return "the average share of cases with sufficient practice " + " and ".join(parts)


def _theme_clause(themes: pd.DataFrame) -> str:
    parts = []
    for recurs, share in (("more", "a larger"), ("less", "a smaller")):
        chosen = themes[themes["recurs"] == recurs]
        if chosen.empty:
            continue
        if recurs == "less":
            chosen = chosen.iloc[::-1]  # the largest fall first
        named = [
            f"{str(r['theme_label']).lower()} ({r['n_areas_current']} of "
            f"{_areas(r['n_areas_total_current'])}, against {r['n_areas_previous']} of "
            f"{r['n_areas_total_previous']})"
            for _, r in chosen.head(NAMED_IN_FINDING).iterrows()
        ]
        more = len(chosen) - len(named)
        if more:
            named.append(f"{more} more")
        listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
        n = len(chosen)
        parts.append(
            f"{n} weakness theme{'s' if n != 1 else ''} recur{'' if n != 1 else 's'} in "
            f"{share} share of areas than before: {listed}"
        )
    if not parts:
        return "every weakness theme recurs in the same share of areas as before"
    return "; ".join(parts)


def periods_finding(comparison: PeriodComparison) -> str:
    """The comparison in one sentence."""
    if comparison.previous is None:
        return periods_finding_open(comparison.current)
    before = describe_period(comparison.previous)
    now = describe_period(comparison.current)
    if comparison.status == "no_previous_reports":
        return (
            f"No reports were published in the previous period of the same length ({before}) "
            "in the areas of this briefing, so there is nothing to compare this period with."
        )
    if comparison.status == "no_current_reports":
        return (
            f"No reports in this period ({now}), so it is not compared with the previous "
            f"period of the same length ({before})."
        )
    rates = comparison.rates.set_index("period")
    prev, cur = rates.loc["previous"], rates.loc["current"]
    clauses = [_gap_clause(comparison.rates)]
    domains = _domain_clause(comparison.domains)
    if domains:
        clauses.append(domains)
    clauses.append(_theme_clause(comparison.themes))
    return (
        f"Against the previous period of the same length ({before}: "
        f"{_reports_from(int(prev['n_reports']), int(prev['n_areas']))}), the "
        f"{_reports_from(int(cur['n_reports']), int(cur['n_areas']))} published {now}: "
        + "; ".join(clauses)
        + "."
    )
