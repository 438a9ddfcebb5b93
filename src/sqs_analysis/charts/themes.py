"""Theme charts: in how many areas each weakness or strength recurs, and over the years."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from sqs_analysis.analysis.taxonomy import UNMATCHED
from sqs_analysis.charts import style
from sqs_analysis.charts.marks import as_float

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure


def wrapped_label(text: str, width: int = 44, lines: int = 2) -> str:
    parts = style.wrap(text, width)
    if len(parts) > lines:
        parts = [*parts[: lines - 1], style.shorten(" ".join(parts[lines - 1 :]), width)]
    return "\n".join(style.escape(p) for p in parts)


def theme_chart(
    summary: pd.DataFrame, kind: str = "weaknesses", *, title: str, max_rows: int = 20
) -> Figure:
    """How many areas each theme recurs in (weaknesses: how many name it as an area for
    improvement), most widespread first, under ``title`` (e.g.
    :func:`sqs_analysis.analysis.recurrence.weaknesses_heading`)."""
    matched = summary[summary["theme"] != UNMATCHED].reset_index(drop=True)
    if matched.empty:
        return style.empty_figure(
            f"No {kind} in this selection matched a theme of the taxonomy.",
            title=title,
        )
    shown = matched.head(max_rows)
    total = int(matched["n_areas_total"].iloc[0])
    unmatched = summary[summary["theme"] == UNMATCHED]
    left_out = len(matched) - len(shown)
    weakness = kind == "weaknesses"
    subtitle = (
        "Areas whose report criticises practice under each theme (areas for improvement, "
        "negative or low judgements, and sentences of the findings signalling deficiency); "
        "dark part: areas where it is a formal area for improvement."
        if weakness
        else "Areas whose report lists a key strength under each theme."
    )
    note_parts = [
        "Themes from the documented keyword rules in themes.toml; one text can match "
        "several themes."
    ]
    if left_out:
        note_parts.append(f"Showing the {len(shown)} most widespread of {len(matched)} themes.")
    if len(unmatched):
        note_parts.append(
            f"{int(unmatched['n_items'].iloc[0])} text(s) matched no theme (listed in the table)."
        )
    fig, (ax,) = style.figure(
        title=title,
        subtitle=subtitle,
        note=" ".join(note_parts),
        rows=len(shown),
        row_height=0.42,
    )
    light = style.OKABE_ITO["sky_blue"] if weakness else style.OKABE_ITO["bluish_green"]
    ax.barh(
        range(len(shown)),
        shown["n_areas"].astype(int),
        color=light,
        height=0.65,
        label="areas where the theme appears",
    )
    if weakness:
        ax.barh(
            range(len(shown)),
            shown["n_areas_headline"].astype(int),
            color=style.OKABE_ITO["blue"],
            height=0.65,
            label="of which named as an area for improvement",
        )
    for i, r in shown.iterrows():
        ax.annotate(
            f"{r['n_areas']} of {total}",
            (int(r["n_areas"]), i),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    ax.set_yticks(range(len(shown)), labels=[wrapped_label(t) for t in shown["theme_label"]])
    ax.set_ylim(len(shown) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0, labelsize=8)
    ax.set_xlim(0, total * 1.18 + 0.2)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(f"Areas (of {total} in the selection)")
    ax.legend(loc="lower right", fontsize=7.5)
    return fig


def theme_year_chart(
    by_year: pd.DataFrame,
    order: list[str] | None = None,
    *,
    title: str,
    max_themes: int = 15,
) -> Figure:
    """Heatmap: share of each year's inspected areas whose report criticises each theme,
    under ``title`` (e.g. :func:`sqs_analysis.analysis.recurrence.weakness_years_heading`)."""
    if by_year.empty:
        return style.empty_figure("No dated criticism of practice in this selection.", title=title)
    table = by_year.pivot_table(
        index="theme_label", columns="year", values="share", aggfunc="first"
    )
    counts = by_year.pivot_table(
        index="theme_label", columns="year", values="n_areas", aggfunc="first"
    )
    totals = by_year.drop_duplicates("year").set_index("year")["n_areas_year"]
    labels = [t for t in (order or []) if t in table.index] or list(
        table.mean(axis=1).sort_values(ascending=False).index
    )
    left_out = len(labels) - max_themes
    labels = labels[:max_themes]
    table, counts = table.loc[labels], counts.loc[labels]
    years = list(table.columns)
    note = "Each cell: areas criticised under the theme / areas inspected that year."
    if left_out > 0:
        note += f" Showing {max_themes} of {max_themes + left_out} themes."
    fig, (ax,) = style.figure(
        title=title,
        subtitle="Share of the areas inspected in each publication year whose report "
        "criticises practice under each weakness theme.",
        note=note,
        rows=len(labels),
        row_height=0.42,
        width=min(style.FIG_WIDTH + 0.5 * max(0, len(years) - 6), 14),
    )
    import numpy as np
    import seaborn as sns
    from matplotlib.ticker import FuncFormatter

    cells = [
        [
            f"{int(as_float(n)) if not math.isnan(as_float(n)) else 0}/{int(totals[year])}"
            for n, year in zip(row, years, strict=True)
        ]
        for row in counts.itertuples(index=False)
    ]
    sns.heatmap(
        table.to_numpy(dtype=float, na_value=0.0),
        ax=ax,
        cmap=style.SEQUENTIAL_CMAP,
        vmin=0,
        vmax=1,
        annot=np.array(cells, dtype=object),
        fmt="",
        annot_kws={"fontsize": 7.5},
        xticklabels=[str(y) for y in years],
        yticklabels=[wrapped_label(t) for t in labels],
        cbar_kws={
            "shrink": 0.6,
            "pad": 0.01,
            "format": FuncFormatter(lambda v, _: f"{100 * v:.0f}%"),
        },
    )
    ax.grid(False)
    ax.tick_params(axis="both", length=0, labelsize=8)
    ax.tick_params(axis="y", labelrotation=0)
    ax.set_xlabel("Publication year")
    bar = ax.collections[0].colorbar
    bar.set_label("Share of areas inspected that year (%)", fontsize=8.5)
    bar.ax.tick_params(labelsize=8)
    return fig
