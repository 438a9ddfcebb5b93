"""Reoffending rates: each report's rate against the England and Wales average for its own
cohort, the gap in percentage points and the sentences the numbers come from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqs_analysis.analysis.selection import area_names, report_labels
from sqs_analysis.analysis.words import cohort_label, format_month
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
