"""Sufficiency charts: by report and domain, every judgement, and practice stages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqs_analysis.analysis.formatting import domain_label, domain_order, format_range, format_share
from sqs_analysis.charts import style
from sqs_analysis.charts.marks import (
    DOMAIN_COLOURS,
    as_float,
    draw_markers,
    draw_ranges,
    footnote,
    legend_panel,
    mark_omission,
    set_row_labels,
    top_bottom,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure


def domain_chart(domains: pd.DataFrame, *, title: str, max_rows: int = 30) -> Figure:
    """Estimated share sufficient per report and domain, with ranges; one panel per domain,
    under ``title`` (e.g. :func:`sqs_analysis.analysis.sufficiency.domains_heading`)."""
    if domains.empty:
        return style.empty_figure(
            "No quantified judgements of practice in this selection.",
            title=title,
        )
    order = (
        domains.groupby("label")["sufficiency"].mean().astype(float).sort_values(ascending=False)
    )
    import pandas as pd

    ranked = pd.DataFrame({"label": order.index, "mean": order.to_numpy()})
    shown, omitted, after = top_bottom(ranked, max_rows, "reports (ranked by their average)")
    subtitle = (
        "Estimated share of cases with sufficient practice, per report and domain: the marker "
        "is the average of the paragraph judgements, the bar its plausible range. Reports "
        "ranked by their average over all domains, highest first."
    )
    note = footnote(
        "Filled markers: exact counts; hollow: word estimates such as 'most'; "
        "half-filled: both. A blank cell means the report gave no quantified "
        "judgement in that domain.",
        omitted,
    )
    present = [d for d in domain_order() if (domains["domain"] == d).any()]
    fig, axes = style.figure(
        title=title,
        subtitle=subtitle,
        note=note,
        rows=len(shown),
        ncols=len(present) + 1,
        width=12 if len(present) > 2 else style.FIG_WIDTH,
        width_ratios=[1.0] * len(present) + [0.8],
    )
    for ax, domain in zip(axes, present, strict=False):
        sub = domains[domains["domain"] == domain].set_index("label")
        color = DOMAIN_COLOURS.get(domain, style.NEUTRAL)
        rows = [(i, sub.loc[label]) for i, label in enumerate(shown["label"]) if label in sub.index]
        _draw_estimates(ax, rows, [color] * len(rows))
        ax.set_title(style.escape(domain_label(domain)), fontsize=9.5)
        style.percent_axis(ax, label="Cases sufficient (%)")
        mark_omission(ax, after, omitted, label=domain == present[-1])
    set_row_labels(axes[0], list(shown["label"]), width=30)
    legend_panel(axes[-1], style.basis_legend_handles(), "Basis of the estimate")
    return fig


def judgement_chart(detail: pd.DataFrame, *, title: str, max_rows: int = 40) -> Figure:
    """Every quantified judgement with its range: in paragraph order for one report, lowest
    first for several; under ``title`` (e.g.
    :func:`sqs_analysis.analysis.sufficiency.judgements_heading`). Past ``max_rows`` statements
    of several reports a list of the ends would show only ties at 0% and 100%, so the chart
    shows each domain's spread instead (:func:`judgement_spread_chart`). A single report's
    statements are listed however many there are, its best and worst ends when long."""
    if detail.empty:
        return style.empty_figure(
            "No quantified judgements of practice in this selection.",
            title=title,
        )
    several = detail["report_id"].nunique() > 1
    if several and len(detail) > max_rows:
        return judgement_spread_chart(detail, title=title)
    ordered = (
        detail.sort_values(["sufficiency", "label", "paragraph"], kind="stable")
        if several
        else detail
    ).reset_index(drop=True)
    shown, omitted, after = top_bottom(ordered, max_rows, "judgements (lowest first)")
    subtitle = (
        "Each quantified statement in the findings: marker = point estimate of the share of "
        "cases with sufficient practice, bar = plausible range; colour = domain, label = "
        "paragraph and practice stage." + (" Lowest first." if several else "")
    )
    note = footnote(
        "Filled markers: exact counts; hollow: word estimates (range from the quantifier "
        "lexicon). Evidence sentences are in the table.",
        omitted,
    )
    fig, (ax,) = style.figure(title=title, subtitle=subtitle, note=note, rows=len(shown))
    rows = list(shown.iterrows())
    _draw_estimates(ax, rows, [DOMAIN_COLOURS.get(r["domain"], style.NEUTRAL) for _, r in rows])
    labels = [
        (f"{style.shorten(r['label'], 22)} " if several else "")
        + f"{r['paragraph']} {r['stage_label']}"
        + (" (neg.)" if r["polarity"] == "negative" else "")
        for _, r in shown.iterrows()
    ]
    set_row_labels(ax, labels, width=48)
    style.percent_axis(ax)
    from matplotlib.lines import Line2D

    domain_handles = [
        Line2D([], [], color=c, linewidth=3, alpha=0.8, label=domain_label(d))
        for d, c in DOMAIN_COLOURS.items()
        if (shown["domain"] == d).any()
    ]
    ax.legend(
        handles=domain_handles + style.basis_legend_handles()[:2],
        loc="lower left",
        bbox_to_anchor=(1.0, 0.0),
        fontsize=7,
    )
    mark_omission(ax, after, omitted)
    return fig


SPREAD_NAMED = 2
"""Reports named in each domain of the spread chart: those with the lowest average there."""


def judgement_spread_chart(detail: pd.DataFrame, *, title: str) -> Figure:
    """Each domain's quantified statements across reports: every statement a dot, the middle
    half a box with the median marked, and the reports with the lowest average in the domain
    named beside it; under ``title``."""
    import numpy as np

    present = [d for d in domain_order() if (detail["domain"] == d).any()]
    n_reports = detail["report_id"].nunique()
    subtitle = (
        f"{len(detail):,} quantified statements from {n_reports} reports. Each dot is one "
        "statement's estimated share of cases with sufficient practice; the box spans the "
        "middle half of the domain's statements and the line is its median. The reports with "
        "the lowest average in each domain are named."
    )
    note = footnote(
        "Too many statements to list one by one: each is in the table beside its sentence. "
        "Dots are spread vertically only so that they can be seen."
    )
    fig, (ax,) = style.figure(
        title=title, subtitle=subtitle, note=note, rows=3 * len(present), row_height=0.34
    )
    jitter = np.random.default_rng(0)  # the same picture every run
    for i, domain in enumerate(present):
        rows = detail[detail["domain"] == domain]
        values = rows["sufficiency"].astype(float).dropna().to_numpy()
        color = DOMAIN_COLOURS.get(domain, style.NEUTRAL)
        _draw_statements(ax, rows, i, color, jitter)
        if len(values):
            q1, median, q3 = np.percentile(values, [25, 50, 75])
            ax.add_patch(_box(q1, i, q3 - q1, color))
            ax.plot(
                [median, median], [i - 0.3, i + 0.3], color=style.OKABE_ITO["black"], linewidth=2
            )
        _name_lowest(ax, rows, i)
    set_row_labels(ax, [domain_label(d) for d in present], width=30)
    ax.set_ylim(len(present) - 0.4, -0.75)
    style.percent_axis(ax)
    ax.legend(
        handles=style.basis_legend_handles()[:2], loc="lower left", bbox_to_anchor=(1.0, 0.0),
        fontsize=7,
    )  # fmt: skip
    return fig


def _draw_statements(ax: Any, rows: pd.DataFrame, row: int, color: str, jitter: Any) -> None:
    """Each statement of a domain as a small dot, filled for an exact count and hollow for a
    word estimate, as in every other chart of judgements."""
    for basis, drawn in style.BASIS_STYLE.items():
        values = rows.loc[rows["basis"] == basis, "sufficiency"].astype(float).dropna()
        if values.empty:
            continue
        ax.plot(
            values.to_numpy(), row + jitter.uniform(-0.22, 0.22, len(values)), linestyle="None",
            marker=drawn["marker"], fillstyle=drawn["fillstyle"], markersize=3.5, color=color,
            alpha=0.45, markeredgewidth=0.8,
        )  # fmt: skip


def _box(left: float, row: int, width: float, color: str) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle(
        (left, row - 0.3), width, 0.6, facecolor="none", edgecolor=color, linewidth=1.6
    )


def _name_lowest(ax: Any, rows: pd.DataFrame, row: int) -> None:
    """Name the reports with the lowest average in this domain, above its row, each with the
    average of its statements' ranges (the range, not the point, is what word estimates
    support)."""
    shares = rows[["label", "sufficiency", "sufficiency_low", "sufficiency_high"]].copy()
    for col in ("sufficiency", "sufficiency_low", "sufficiency_high"):
        shares[col] = shares[col].astype(float)
    means = shares.groupby("label").mean().dropna().nsmallest(SPREAD_NAMED, "sufficiency")
    if means.empty:
        return
    named = "; ".join(
        f"{style.shorten(label, 26)} {format_share(r['sufficiency'])} "
        f"({format_range(r['sufficiency_low'], r['sufficiency_high'])})"
        for label, r in means.iterrows()
    )
    ax.text(
        0, row - 0.36, style.escape(f"Lowest: {named}"), fontsize=7.5, va="bottom",
        color="#333333",
    )  # fmt: skip


def stage_chart(stages: pd.DataFrame, summary: pd.DataFrame, *, title: str) -> Figure:
    """Practice stages, weakest first: every report's estimate as a small marker, the average
    with its range as a bar; under ``title`` (e.g.
    :func:`sqs_analysis.analysis.sufficiency.stages_heading`)."""
    if summary.empty:
        return style.empty_figure(
            "No quantified judgements of practice in this selection.",
            title=title,
        )
    n_reports = stages["report_id"].nunique()
    subtitle = (
        f"Share of cases with sufficient practice by practice stage across {n_reports} "
        f"report{'s' if n_reports != 1 else ''}: small markers = one report each (its "
        "judgements in that stage averaged); large marker and bar = average of reports and "
        "average range. Weakest stage at the top."
    )
    note = (
        "Stages are assigned by the documented keyword rules in themes.toml; filled markers: "
        "exact counts, hollow: word estimates, half-filled: both."
    )
    fig, (ax,) = style.figure(
        title=title,
        subtitle=subtitle,
        note=note,
        rows=len(summary),
        row_height=0.55,
    )
    for i, s in summary.iterrows():
        dots = stages[stages["stage"] == s["stage"]].sort_values("sufficiency")
        k = len(dots)
        ys = [i + (0 if k == 1 else -0.28 + 0.56 * j / (k - 1)) for j in range(k)]
        draw_markers(
            ax,
            [as_float(v) for v in dots["sufficiency"]],
            ys,
            list(dots["basis"]),
            style.NEUTRAL,
            size=4,
            alpha=0.8 if k < 50 else 0.5,
        )
        ax.hlines(
            i,
            as_float(s["sufficiency_low"]),
            as_float(s["sufficiency_high"]),
            color=style.WORSE,
            linewidth=5,
            alpha=0.8,
            zorder=4,
        )
        ax.plot(
            [as_float(s["sufficiency"])],
            [i],
            "|",
            color=style.WORSE,
            markersize=20,
            markeredgewidth=3,
            zorder=5,
        )
    labels = [
        f"{s['stage_label']}: {format_share(s['sufficiency'])} "
        f"({format_range(s['sufficiency_low'], s['sufficiency_high'])}; "
        f"{s['n_reports']} report{'s' if s['n_reports'] != 1 else ''})"
        for _, s in summary.iterrows()
    ]
    set_row_labels(ax, labels, width=60)
    style.percent_axis(ax)
    ax.legend(
        handles=[
            style.range_handle(style.WORSE, "average of reports, with average range"),
            *style.basis_legend_handles(),
        ],
        loc="lower left",
        bbox_to_anchor=(1.0, 0.0),
        fontsize=7,
    )
    return fig


def _draw_estimates(ax, rows: list, colours: list[str]) -> None:
    """Each row's range and marker (row ``i`` at height ``i``), batched by colour: one
    collection of bars and one set of markers per colour, however many rows."""
    for color in dict.fromkeys(colours):
        mine = [(i, r) for (i, r), c in zip(rows, colours, strict=True) if c == color]
        ys = [i for i, _ in mine]
        lows = [as_float(r["sufficiency_low"]) for _, r in mine]
        highs = [as_float(r["sufficiency_high"]) for _, r in mine]
        draw_ranges(ax, ys, lows, highs, color)
        xs = [as_float(r["sufficiency"]) for _, r in mine]
        draw_markers(ax, xs, ys, [r["basis"] for _, r in mine], color)
