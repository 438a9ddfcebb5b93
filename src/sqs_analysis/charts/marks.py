"""What every chart draws the same way: estimates with ranges, row labels, omitted rows.

Counts are filled markers and word estimates hollow ones (:data:`.style.BASIS_STYLE`), a range
is a bar behind its marker, long lists keep their two ends with a marked gap, and domains
always have the same colour.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from sqs_analysis.analysis.formatting import is_missing
from sqs_analysis.charts import style
from sqs_analysis.reference.codebook import allowed_values

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

DOMAIN_COLOURS = dict(
    zip(
        allowed_values("judgements", "domain"),  # the four domains, in the codebook's order
        (
            style.OKABE_ITO["blue"],
            style.OKABE_ITO["orange"],
            style.OKABE_ITO["bluish_green"],
            style.OKABE_ITO["reddish_purple"],
        ),
        strict=True,
    )
)


def as_float(value: Any) -> float:
    """A plain float (NaN when missing) from nullable pandas values."""
    try:
        return math.nan if is_missing(value) else float(value)
    except (TypeError, ValueError):
        return math.nan


def top_bottom(df: pd.DataFrame, max_rows: int, what: str) -> tuple[pd.DataFrame, str, int | None]:
    """At most ``max_rows`` rows: the first and last halves of a sorted frame.

    Returns the rows to draw, a note saying what was left out (empty when nothing was) and
    the position after which the omitted rows would sit (``None`` when nothing was left out).
    """
    import pandas as pd

    if len(df) <= max_rows:
        return df.reset_index(drop=True), "", None
    head = max_rows // 2
    tail = max_rows - head
    shown = pd.concat([df.head(head), df.tail(tail)]).reset_index(drop=True)
    note = f"Showing the first {head} and last {tail} of {len(df)} {what}; the table lists all."
    return shown, note, head


def draw_marker(ax: Axes, x: float, y: float, basis: str, color: str, size: float = 7) -> None:
    draw_markers(ax, [x], [y], [basis], color, size)


def draw_markers(
    ax: Axes,
    xs: list[float],
    ys: list[float],
    bases: list[str],
    color: str,
    size: float = 7,
    alpha: float = 1.0,
) -> None:
    """Point estimates, one plot call per basis: filled = count, hollow = words, half = mixed."""
    for basis, spec in style.BASIS_STYLE.items():
        picked = [(x, y) for x, y, b in zip(xs, ys, bases, strict=True) if str(b) == basis]
        if not picked:
            continue
        ax.plot(
            [p[0] for p in picked],
            [p[1] for p in picked],
            linestyle="none",
            marker=spec["marker"],
            fillstyle=spec["fillstyle"],
            markersize=size,
            color=color,
            markeredgecolor=color,
            markerfacecoloralt="white",
            markeredgewidth=1.4,
            zorder=3,
            alpha=alpha,
        )


def draw_range(ax: Axes, y: float, low: float, high: float, color: str, width: float = 3) -> None:
    draw_ranges(ax, [y], [low], [high], color, width)


def draw_ranges(
    ax: Axes,
    ys: list[float],
    lows: list[float],
    highs: list[float],
    color: str,
    width: float = 3,
) -> None:
    """Plausible ranges as bars behind their markers, in one collection (a chart of 150
    reports draws hundreds: one artist each made it several times slower to draw)."""
    bars = [
        # exact figure: a short tick so the eye still sees "no range"
        (y, low - 0.004, high + 0.004) if abs(high - low) < 0.004 else (y, low, high)
        for y, low, high in zip(ys, lows, highs, strict=True)
        if not (math.isnan(low) or math.isnan(high))
    ]
    if bars:
        y, low, high = (list(column) for column in zip(*bars, strict=True))
        ax.hlines(y, low, high, color=color, linewidth=width, alpha=0.45, zorder=2)


def mark_omission(ax: Axes, after: int | None, note: str, label: bool = True) -> None:
    if after is None:
        return
    ax.axhline(after - 0.5, color=style.NEUTRAL, linestyle=(0, (2, 3)), linewidth=0.9)
    if not label:
        return
    ax.annotate(
        "rows left out here (see note)",
        xy=(1.0, after - 0.5),
        xycoords=("axes fraction", "data"),
        ha="right",
        va="center",
        fontsize=7,
        color=style.NEUTRAL,
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
    )


def set_row_labels(ax: Axes, labels: list[str], width: int = style.LABEL_CHARS) -> None:
    ax.set_yticks(
        range(len(labels)), labels=[style.escape(style.shorten(x, width)) for x in labels]
    )
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)


def short_cohort(start: Any, end: Any) -> str:
    def month(v: Any) -> str:
        return "" if is_missing(v) else v.strftime("%b %Y")

    a, b = month(start), month(end)
    return f"{a}-{b}" if a and b else (a or b or "cohort not stated")


def footnote(*parts: str) -> str:
    """A chart's footnote from its non-empty parts (the fixed text, then what was left out)."""
    return " ".join(p for p in parts if p)


def legend_panel(ax: Axes, handles: list[Any], title: str) -> None:
    """Use a spare axes as a legend column so the legend never squeezes or covers the panels."""
    ax.axis("off")
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.0, 1.0),
        fontsize=7.5,
        title=title,
        title_fontsize=8,
        alignment="left",
        borderaxespad=0,
    )
