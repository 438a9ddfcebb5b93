"""The reoffending-rate chart: each report's gap to its own cohort's England and Wales average."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqs_analysis.analysis.formatting import is_missing
from sqs_analysis.charts import style
from sqs_analysis.charts.marks import (
    as_float,
    footnote,
    mark_omission,
    set_row_labels,
    short_cohort,
    top_bottom,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure


_AGAINST_LAST_YEAR = {
    "better": "better than last year",
    "worse": "worse than last year",
    "same": "the same as last year",
}


def rate_gap_chart(gaps: pd.DataFrame, *, title: str, max_rows: int = 30) -> Figure:
    """Each report's gap to its own cohort's England and Wales average, worst first, under
    ``title`` (the finding, e.g. :func:`sqs_analysis.analysis.rates.heading`)."""
    rated = gaps[gaps["gap_pp"].notna()].reset_index(drop=True)
    if rated.empty:
        return style.empty_figure(
            "No report in this selection gives both a reoffending rate and an England and "
            "Wales average.",
            title=title,
        )
    shown, omitted, after = top_bottom(rated, max_rows, "reports")
    n_cohorts = rated["cohort"].nunique()
    subtitle = (
        "Published binary reoffending rate minus the England and Wales average for the SAME "
        "cohort, in percentage points (above 0 = more reoffending = worse). "
        + (
            f"The {len(rated)} reports use {n_cohorts} different cohorts (shown per row), so "
            "each gap is against its own cohort's average and rows are not directly comparable."
            if n_cohorts > 1
            else "All rows use the same cohort."
        )
    )
    note = footnote(
        "Source: rates and averages as quoted in each SQS report (Ministry of Justice "
        "figures; publication month in the table).",
        omitted,
    )
    fig, (ax,) = style.figure(title=title, subtitle=subtitle, note=note, rows=len(shown))
    gap = shown["gap_pp"].map(as_float)
    span = max(gap.abs().max(), 0.5)
    for i, row in shown.iterrows():
        g = as_float(row["gap_pp"])
        color = style.WORSE if g > 0 else style.BETTER if g < 0 else style.NEUTRAL
        ax.hlines(i, 0, g, color=color, linewidth=2.2, zorder=2)
        ax.plot([g], [i], "o", color=color, markersize=6.5, zorder=3)
        text = (
            f"{as_float(row['reoffending_rate']):.1f}% vs {as_float(row['national_average']):.1f}%"
        )
        if not is_missing(row["vs_previous_year"]):
            text += ", " + _AGAINST_LAST_YEAR.get(row["vs_previous_year"], "")
        # a text column right of the plot: never collides with the lollipops or the labels
        ax.annotate(
            text,
            (1.0, i),
            xycoords=("axes fraction", "data"),
            xytext=(8, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=7.5,
            color=color,
        )
    ax.annotate(
        "Rate vs average, and\nagainst the previous year",
        (1.0, 1.0),
        xycoords="axes fraction",
        xytext=(8, 4),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=7.5,
        weight="bold",
    )
    labels = [
        f"{style.shorten(row['label'], 28)}  ({short_cohort(row['cohort_start'], row['cohort_end'])})"
        for _, row in shown.iterrows()
    ]
    set_row_labels(ax, labels, width=60)
    ax.axvline(0, color="black", linewidth=1)
    ax.set_xlim(-span * 1.15 - 0.2, span * 1.15 + 0.2)
    ax.set_xlabel(
        "Gap to the England and Wales average for the report's own cohort (percentage points)\n"
        "orange: more reoffending than the average (worse); blue: less (better)"
    )
    mark_omission(ax, after, omitted)
    return fig
