"""One look for every chart: colour-blind-safe colours, titles, sizes, safe text.

The settings live in ``house.mplstyle`` beside this module (:data:`HOUSE_STYLE`); the colours,
sizes and markers that charts choose one by one are named here.

Charts state their finding in the title, name their units on the axes, draw estimates as ranges
and grow with the number of rows up to a cap. Report text is always passed through
:func:`escape` so a ``$`` in an area name is printed, not read as mathematics.
"""

from __future__ import annotations

import re
import textwrap
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
PALETTE = [
    OKABE_ITO[k]
    for k in (
        "blue",
        "orange",
        "bluish_green",
        "vermillion",
        "reddish_purple",
        "sky_blue",
        "yellow",
        "black",
    )
]
WORSE = OKABE_ITO["vermillion"]
BETTER = OKABE_ITO["blue"]
NEUTRAL = "#6E6E6E"
LIGHT = "#BDBDBD"
HIGHLIGHT = OKABE_ITO["orange"]
SEQUENTIAL_CMAP = "Blues"

#: How an estimate's basis is drawn: exact counts filled, word estimates hollow, mixes half.
BASIS_STYLE: dict[str, dict[str, Any]] = {
    "count": {"marker": "o", "fillstyle": "full", "label": "exact count (e.g. 17 of 18)"},
    "verbal": {"marker": "D", "fillstyle": "none", "label": "word estimate (e.g. 'most')"},
    "mixed": {"marker": "s", "fillstyle": "left", "label": "counts and words mixed"},
}

FIG_WIDTH = 10.0
ROW_HEIGHT = 0.3
MAX_BODY_HEIGHT = 12.0
MIN_BODY_HEIGHT = 2.2
DPI = 150
PNG_LEVEL = 1
"""zlib level for the PNGs: level 1 encodes about 15% faster than the default 6 for files
about 4% larger (flat-colour charts compress well either way)."""
TITLE_SIZE = 13
SUBTITLE_SIZE = 9.5
NOTE_SIZE = 8
LABEL_CHARS = 42

HOUSE_STYLE = Path(__file__).with_name("house.mplstyle")
"""The house look as a matplotlib style file; ``plt.style.use("sqs_analysis.charts.house")``
gives an analyst's own figures the same look."""


@cache
def house_rc() -> dict[str, Any]:
    """The settings of :data:`HOUSE_STYLE` (every chart is drawn inside them)."""
    import matplotlib

    return dict(matplotlib.rc_params_from_file(HOUSE_STYLE, use_default_template=False))


def use_house_style() -> None:
    """Give every figure drawn from now on (pyplot or seaborn) the house look: seaborn's
    defaults, the colour-blind-safe :data:`PALETTE`, and the settings of :data:`HOUSE_STYLE`.

    For an analyst's own charts in JupyterLab; the package's charts never depend on it.
    """
    import seaborn as sns

    sns.set_theme(context="notebook", style="ticks", palette=PALETTE, rc=house_rc())


def palette(n_colors: int | None = None) -> Any:
    """The colour-blind-safe :data:`PALETTE` as a seaborn palette (cycled if more are asked)."""
    import seaborn as sns

    return sns.color_palette(PALETTE, n_colors)


def escape(text: Any) -> str:
    """Report text made safe for matplotlib: ``$`` printed literally, never as mathtext."""
    return "" if text is None else str(text).replace("$", r"\$")


_SUFFIX = re.compile(r"^(.*?)(\s*\([^()]{1,16}\))$")


def shorten(text: Any, width: int = LABEL_CHARS) -> str:
    """One-line label at most ``width`` characters, with an ellipsis where it is cut.

    A short bracketed ending such as a month, "Wrendale (Apr 2013)", is kept and the name
    before it cut instead, so two reports of one area never end up with the same label.
    """
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    m = _SUFFIX.match(text)
    if m and len(m.group(2)) <= width - 8:
        head = m.group(1)[: width - len(m.group(2)) - 1].rstrip()
        return f"{head}…{m.group(2)}"
    return text[: width - 1].rstrip() + "…"


def wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(" ".join(str(text).split()), width=width) if text else []


def _chars(width_in: float, fontsize: float, bold: bool = False) -> int:
    """Characters of ``fontsize`` that fit a line of ``width_in`` inches (generous glyph width,
    so wrapped text never runs off the figure)."""
    return max(20, int((width_in - 0.4) * 72 / (fontsize * (0.66 if bold else 0.58))))


def figure(
    *,
    title: str,
    subtitle: str = "",
    note: str = "",
    rows: int = 1,
    ncols: int = 1,
    width: float = FIG_WIDTH,
    row_height: float = ROW_HEIGHT,
    sharey: bool = True,
    width_ratios: list[float] | None = None,
) -> tuple[Figure, list[Axes]]:
    """A figure sized for ``rows`` rows (within a cap) with title, subtitle and footnote placed.

    The plots are laid out (constrained layout) in the band between the heading and the note,
    so long labels and wrapped titles never overlap.
    """
    from matplotlib.figure import Figure

    title_lines = wrap(escape(title), _chars(width, TITLE_SIZE, bold=True))
    sub_lines = wrap(escape(subtitle), _chars(width, SUBTITLE_SIZE))
    note_lines = wrap(escape(note), _chars(width, NOTE_SIZE))
    header = 0.15 + 0.24 * len(title_lines) + (0.19 * len(sub_lines) + 0.06 if sub_lines else 0)
    footer = 0.12 + (0.15 * len(note_lines) if note_lines else 0)
    body = min(max(rows * row_height + 0.9, MIN_BODY_HEIGHT), MAX_BODY_HEIGHT)
    height = header + body + footer

    import matplotlib

    with matplotlib.rc_context(house_rc()):
        fig = Figure(figsize=(width, height), layout="constrained")
        axes = fig.subplots(
            1,
            ncols,
            sharey=sharey,
            squeeze=False,
            gridspec_kw={"width_ratios": width_ratios} if width_ratios else None,
        )[0]
    fig.set_label(" ".join(str(x) for x in (title, subtitle) if x))  # alt text for the PNG
    fig.get_layout_engine().set(rect=(0, footer / height, 1, body / height))
    fig.text(
        0.012,
        1 - 0.1 / height,
        "\n".join(title_lines),
        ha="left",
        va="top",
        fontsize=TITLE_SIZE,
        weight="bold",
    )
    if sub_lines:
        fig.text(
            0.012,
            1 - (0.14 + 0.24 * len(title_lines)) / height,
            "\n".join(sub_lines),
            ha="left",
            va="top",
            fontsize=SUBTITLE_SIZE,
            color="#333333",
        )
    if note_lines:
        fig.text(
            0.012,
            0.06 / height,
            "\n".join(note_lines),
            ha="left",
            va="bottom",
            fontsize=NOTE_SIZE,
            color="#555555",
        )
    for ax in axes:
        apply_axes(ax)
    return fig, list(axes)


def apply_axes(ax: Axes) -> None:
    """House style for one axes (rcParams are not global, so set what matters here)."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    rc = house_rc()
    ax.grid(True, axis="x", color=rc["grid.color"], linewidth=rc["grid.linewidth"])
    ax.grid(False, axis="y")
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=rc["xtick.labelsize"])
    ax.title.set_fontsize(rc["axes.titlesize"])
    ax.title.set_fontweight("bold")


def empty_figure(message: str, title: str = "Nothing to show") -> Figure:
    """A small figure that says why there is no chart, instead of failing."""
    fig, (ax,) = figure(title=title, rows=1)
    ax.axis("off")
    ax.text(
        0.5,
        0.5,
        escape(message),
        ha="center",
        va="center",
        fontsize=11,
        wrap=True,
        transform=ax.transAxes,
    )
    return fig


def percent_axis(ax: Axes, *, label: str = "Share of cases with sufficient practice (%)") -> None:
    """x axis from 0 to 100% with a unit in its label."""
    from matplotlib.ticker import FuncFormatter

    ax.set_xlim(-0.02, 1.02)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{100 * v:.0f}%"))
    ax.set_xlabel(label)


def basis_legend_handles() -> list[Any]:
    """Legend entries explaining the basis markers."""
    from matplotlib.lines import Line2D

    return [
        Line2D(
            [],
            [],
            color=NEUTRAL,
            linestyle="none",
            markersize=6,
            markeredgewidth=1.2,
            marker=s["marker"],
            fillstyle=s["fillstyle"],
            label=s["label"],
        )
        for s in BASIS_STYLE.values()
    ]


def range_handle(color: str = NEUTRAL, label: str = "plausible range") -> Any:
    from matplotlib.lines import Line2D

    return Line2D([], [], color=color, linewidth=2.5, alpha=0.6, label=label)
