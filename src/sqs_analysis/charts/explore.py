"""The explorer's chart: where the texts matching a search fall, by area and year."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqs_analysis.charts import style

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

MAX_AREAS = 25


def match_chart(counts: pd.DataFrame, *, title: str, max_areas: int = MAX_AREAS) -> Figure:
    """Matching texts per area (most first), each bar split by publication year.

    ``counts`` is :func:`sqs_analysis.analysis.explore.match_counts`; ``title`` the finding
    (:func:`sqs_analysis.analysis.explore.matches_heading`). At most ``max_areas`` areas are drawn, with a note saying so.
    """
    if counts.empty:
        return style.empty_figure(
            "No finding sentence, key strength or area for improvement matches.",
            title=title,
        )
    areas = list(dict.fromkeys(counts["area"].tolist()))
    shown = areas[:max_areas]
    years = sorted({int(y) for y in counts["year"].dropna()})
    has_unknown = bool(counts["year"].isna().any())
    note = "Counts of finding sentences, key strengths and areas for improvement."
    if len(areas) > len(shown):
        note += f" Showing the {len(shown)} areas with most matches of {len(areas)}."
    fig, (ax,) = style.figure(
        title=title,
        subtitle="Texts matching the search and filters, by area and year of publication.",
        note=note,
        rows=len(shown),
        row_height=0.34,
    )
    colours = style.palette(max(len(years) + has_unknown, 1))
    left = [0] * len(shown)
    position = {area: i for i, area in enumerate(shown)}
    keys: list[int | None] = [*years, *([None] if has_unknown else [])]
    for colour, year in zip(colours, keys, strict=False):
        part = counts[counts["year"].isna()] if year is None else counts[counts["year"] == year]
        widths = [0] * len(shown)
        for area, n in zip(part["area"].tolist(), part["n"].tolist(), strict=True):
            if area in position:
                widths[position[area]] = int(n)
        if not any(widths):
            continue
        ax.barh(
            range(len(shown)),
            widths,
            left=left,
            height=0.65,
            color=colour,
            label="year not known" if year is None else str(year),
        )
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.set_yticks(range(len(shown)), labels=[style.shorten(a, 34) for a in shown])
    ax.set_ylim(len(shown) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0, labelsize=8)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max(left) * 1.1 + 0.5)
    ax.set_xlabel("Matching texts")
    ax.legend(
        title="Published",
        fontsize=7.5,
        title_fontsize=8,
        loc="lower right",
        ncols=max(1, min(6, len(keys) // 4 + 1)),
    )
    return fig
