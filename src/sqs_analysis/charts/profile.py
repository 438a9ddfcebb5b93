"""Area profile charts: one area's domains and rate gap among every other area's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqs_analysis.analysis.formatting import format_rate, is_missing
from sqs_analysis.analysis.profile import AreaProfile
from sqs_analysis.analysis.profile import finding as profile_finding
from sqs_analysis.charts import style
from sqs_analysis.charts.marks import as_float, draw_marker, draw_range, set_row_labels

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def _draw_others(ax: Axes, i: int, others: list[float], q1: float, q3: float) -> None:
    """The other areas' estimates for one domain: a box for the middle half, a marker each."""
    from matplotlib.patches import Rectangle

    ax.add_patch(
        Rectangle(
            (q1, i - 0.22),
            max(q3 - q1, 0.004),
            0.44,
            facecolor="#EEEEEE",
            edgecolor=style.LIGHT,
            zorder=1,
        )
    )
    k = len(others)
    ys = [i + (0 if k == 1 else -0.2 + 0.4 * j / (k - 1)) for j in range(k)]
    ax.plot(
        sorted(others),
        ys,
        "o",
        linestyle="none",
        color=style.NEUTRAL,
        markersize=3.5,
        alpha=0.7 if k < 50 else 0.45,
        zorder=2,
    )


def profile_domain_chart(profile: AreaProfile, *, title: str) -> Figure:
    """The area's estimate and range per domain against every other area's estimate, under
    ``title`` (e.g. :func:`sqs_analysis.analysis.profile.domains_heading`)."""
    if not profile.found or profile.domains is None:
        return style.empty_figure(profile_finding(profile), title=title)
    dom = profile.domains
    fig, (ax,) = style.figure(
        title=title,
        subtitle=(
            f"Share of cases with sufficient practice by domain: {profile.area} (orange, with "
            f"plausible range) against the latest report of each of {profile.n_other_areas} "
            "other areas (grey markers; box = middle half of them)."
        ),
        note="Filled markers: exact counts; hollow: word estimates; half-filled: both.",
        rows=len(dom),
        row_height=0.7,
    )
    for i, r in dom.iterrows():
        others = [float(v) for v in r["others_values"]]
        if others:
            _draw_others(ax, i, others, as_float(r["others_q1"]), as_float(r["others_q3"]))
        if not is_missing(r["sufficiency"]):
            draw_range(
                ax,
                i,
                as_float(r["sufficiency_low"]),
                as_float(r["sufficiency_high"]),
                style.HIGHLIGHT,
                6,
            )
            draw_marker(ax, as_float(r["sufficiency"]), i, r["basis"], style.HIGHLIGHT, size=9)
    set_row_labels(ax, list(dom["domain_label"]), width=30)
    style.percent_axis(ax)
    from matplotlib.lines import Line2D

    ax.legend(
        handles=[
            Line2D(
                [],
                [],
                color=style.HIGHLIGHT,
                marker="o",
                linewidth=4,
                alpha=0.8,
                label=style.escape(style.shorten(profile.area, 30)),
            ),
            Line2D(
                [],
                [],
                color=style.NEUTRAL,
                marker="o",
                linestyle="none",
                markersize=4,
                label="other areas",
            ),
        ],
        loc="lower left",
        bbox_to_anchor=(1.0, 0.0),
        fontsize=7.5,
    )
    return fig


def profile_gap_chart(profile: AreaProfile, *, title: str) -> Figure:
    """The area's rate gap among the other areas' gaps (each against its own cohort), under
    ``title`` (e.g. :func:`sqs_analysis.analysis.profile.gap_heading`)."""
    if not profile.found or profile.gap is None:
        return style.empty_figure(profile_finding(profile), title=title)
    own = profile.gap
    if own.empty or is_missing(own["gap_pp"].iloc[0]):
        return style.empty_figure(
            f"The report on {profile.area} gives no rate and average to compare.",
            title=title,
        )
    g = own.iloc[0]
    others = profile.other_gaps
    others = others[others["gap_pp"].notna()] if others is not None else others
    n_above = int((others["gap_pp"].astype(float) > float(g["gap_pp"])).sum())
    fig, (ax,) = style.figure(
        title=title,
        subtitle=(
            f"{format_rate(g['reoffending_rate'])} against an England and Wales average of "
            f"{format_rate(g['national_average'])} for the {g['cohort']} cohort. Gap to the England and Wales average in percentage points; grey: the "
            f"{len(others)} other area{'s' if len(others) != 1 else ''} with a rate "
            f"({n_above} with a larger gap). Each area is measured against the average for its "
            "own cohort, and cohorts can differ."
        ),
        note="Above 0 = more reoffending than the average (worse).",
        rows=1,
    )
    values = sorted(others["gap_pp"].astype(float))
    k = len(values)
    if k:
        ys = [0 if k == 1 else -0.25 + 0.5 * j / (k - 1) for j in range(k)]
        ax.plot(
            values,
            ys,
            "o",
            linestyle="none",
            color=style.NEUTRAL,
            markersize=5,
            alpha=0.7 if k < 50 else 0.45,
        )
    own_gap = float(g["gap_pp"])
    ax.plot([own_gap], [0], "o", color=style.HIGHLIGHT, markersize=12, zorder=3)
    ax.annotate(
        style.escape(style.shorten(profile.area, 30)),
        (own_gap, 0),
        xytext=(0, 12),
        textcoords="offset points",
        ha="center",
        fontsize=9,
        weight="bold",
    )
    ax.axvline(0, color="black", linewidth=1)
    span = max([abs(own_gap), *[abs(v) for v in values], 0.5])
    ax.set_xlim(-span * 1.3, span * 1.3)
    ax.set_ylim(-0.6, 0.6)
    ax.set_yticks([])
    ax.set_xlabel(
        "Gap to the England and Wales average for the report's own cohort (percentage points)"
    )
    return fig
