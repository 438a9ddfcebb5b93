"""Reoffending rates: each report's rate against the England and Wales average for its own
cohort, the gap in percentage points and the sentences the numbers come from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqs_analysis.analysis.formatting import (
    NAMED_IN_FINDING,
    cohort_label,
    display_frame,
    format_date,
    format_month,
    format_rate,
    gap_words,
    is_missing,
    plural,
)
from sqs_analysis.analysis.selection import area_names, report_labels
from sqs_analysis.reference.directions import direction

if TYPE_CHECKING:
    import pandas as pd

    from sqs_analysis.tables import Tables


def rate_gaps(tables: Tables) -> pd.DataFrame:
    """One row per report: its rate, its own cohort's average, the gap and its evidence.

    ``gap_pp`` is rate minus average in percentage points (positive = more reoffending =
    worse). Reports of different cohorts are compared with different averages: ``cohort``
    says which one each row uses. Rows are sorted worst gap first; reports without a rate or
    average come last with an empty gap.
    """
    import pandas as pd

    r = tables.reports
    out = pd.DataFrame(
        {
            "report_id": r["report_id"],
            "area": area_names(r),
            "label": report_labels(r),
            "publication_date": r["publication_date"],
            "reoffending_rate": r["reoffending_rate"],
            "national_average": r["national_average"],
        }
    )
    computed = (r["reoffending_rate"] - r["national_average"]).round(1)
    out["gap_pp"] = r["gap_to_national_pp"].round(1).fillna(computed).astype("Float64")
    out["direction"] = out["gap_pp"].map(direction).astype("string")
    out["stated_vs_national"] = r["vs_national_average"]
    stated = out["stated_vs_national"]
    out["direction_agrees"] = (
        (stated == out["direction"]).where(stated.notna() & out["direction"].notna())
    ).astype("boolean")
    out["previous_year_rate"] = r["previous_year_rate"]
    out["vs_previous_year"] = r["vs_previous_year"]
    out["cohort"] = [
        cohort_label(a, b) for a, b in zip(r["cohort_start"], r["cohort_end"], strict=True)
    ]
    out["cohort"] = out["cohort"].astype("string")
    out["cohort_start"] = r["cohort_start"]
    out["cohort_end"] = r["cohort_end"]
    out["rate_published"] = r["rate_published"].map(format_month).astype("string")
    out["rate_evidence"] = r["rate_evidence"]
    out["cohort_evidence"] = r["cohort_evidence"]
    out["_order"] = out["gap_pp"].fillna(-1e9)
    out = out.sort_values(["_order", "label"], ascending=[False, True], kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)


# --- the finding, its heading and the table for reading ---------------------------------------


def rate_sentence(row: Any) -> str:
    """``Southend: 4.4 points worse than its England and Wales average (42.2% vs 37.8%,
    July 2013 - June 2014 cohort)``."""
    if is_missing(row["gap_pp"]):
        return f"{row['label']}: no published rate and average to compare"
    words = gap_words(row["gap_pp"])
    comparison = "than" if words != "level with" else ""
    avg = "its England and Wales average"
    return (
        f"{row['label']}: {words} {comparison + ' ' if comparison else ''}{avg} "
        f"({format_rate(row['reoffending_rate'])} vs {format_rate(row['national_average'])}, "
        f"{row['cohort']} cohort)"
    )


def finding(gaps: pd.DataFrame) -> str:
    """The rate finding in words: how many areas are worse or better than their own average."""
    rated = gaps[gaps["gap_pp"].notna()]
    if gaps.empty:
        return "No reports in this selection, so no reoffending rates to compare."
    if rated.empty:
        return (
            f"None of the {len(gaps)} report(s) gives both a reoffending rate and an England "
            "and Wales average to compare."
        )
    n = len(rated)
    worse = int((rated["direction"] == "worse").sum())
    better = int((rated["direction"] == "better").sum())
    same = n - worse - better
    parts = [
        f"Of {n} report{'s' if n != 1 else ''} with a published reoffending rate, "
        f"{worse} showed more reoffending than the England and Wales average for the same "
        f"cohort (worse) and {better} less (better)"
        + (f"; {same} matched it" if same else "")
        + "."
    ]
    if n <= 2 * NAMED_IN_FINDING:
        named = [rate_sentence(row) for _, row in rated.iterrows()]
        parts.append("; ".join(named) + ".")
    else:
        top = [rate_sentence(row) for _, row in rated.head(NAMED_IN_FINDING).iterrows()]
        bottom = [rate_sentence(row) for _, row in rated.tail(NAMED_IN_FINDING).iterrows()]
        parts.append("Largest gaps above the average: " + "; ".join(top) + ".")
        parts.append("Largest gaps below it: " + "; ".join(bottom) + ".")
    n_cohorts = rated["cohort"].nunique()
    if n_cohorts > 1:
        parts.append(
            f"These rates come from {n_cohorts} different cohorts, so each gap is measured "
            "against the average for that report's own cohort and rates of different rows "
            "are not directly comparable."
        )
    prev = rated["vs_previous_year"].dropna()
    if len(prev):
        improved = int((prev == "better").sum())
        parts.append(
            f"{improved} of {len(prev)} report{'s' if len(prev) != 1 else ''} stating a "
            "direction had improved on the previous year."
        )
    return " ".join(parts)


def heading(gaps: pd.DataFrame) -> str:
    """``1 of 2 reports shows more reoffending than its own cohort's England and Wales
    average`` (the rate gaps of :func:`~sqs_analysis.analysis.rate_gaps`)."""
    rated = gaps[gaps["gap_pp"].notna()]
    if rated.empty:
        return "No report gives both a reoffending rate and an England and Wales average"
    worse = int((rated["direction"] == "worse").sum())
    shows, its = ("shows", "its") if worse == 1 else ("show", "their")
    return (
        f"{worse} of {plural(len(rated), 'report')} {shows} more reoffending than the "
        f"England and Wales average for {its} own cohort"
    )


def table(gaps: pd.DataFrame) -> pd.DataFrame:
    """Rate gaps for reading: one row per report, cohort and evidence beside the numbers."""
    cols = [
        "Area",
        "Published",
        "Rate",
        "England and Wales average (same cohort)",
        "Gap (points)",
        "Against average",
        "Against previous year",
        "Cohort",
        "Rate published",
        "Evidence",
        "Cohort evidence",
    ]
    rows = []
    for r in gaps.to_dict("records"):
        gap = r["gap_pp"]
        prev = "" if is_missing(r["vs_previous_year"]) else str(r["vs_previous_year"])
        if prev and not is_missing(r["previous_year_rate"]):
            prev += f" (was {format_rate(r['previous_year_rate'])})"
        rows.append(
            {
                "Area": r["label"],
                "Published": format_date(r["publication_date"]),
                "Rate": format_rate(r["reoffending_rate"]),
                "England and Wales average (same cohort)": format_rate(r["national_average"]),
                "Gap (points)": "" if is_missing(gap) else f"{float(gap):+.1f}",
                "Against average": gap_words(gap),
                "Against previous year": prev,
                "Cohort": r["cohort"],
                "Rate published": r["rate_published"]
                if not is_missing(r["rate_published"])
                else "",
                "Evidence": "" if is_missing(r["rate_evidence"]) else r["rate_evidence"],
                "Cohort evidence": "" if is_missing(r["cohort_evidence"]) else r["cohort_evidence"],
            }
        )
    return display_frame(rows, cols)
