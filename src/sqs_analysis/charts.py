"""Charts of the analysis frames: each function takes a frame from :mod:`sqs_analysis.analysis`
and returns a matplotlib Figure whose title states the finding.

Every chart stays readable from 2 areas to a few hundred: rows are sorted, long lists show the
best and worst ends with a note saying how many are left out, heights grow with rows up to a cap,
and estimates are drawn with their ranges. Nothing here uses pyplot, so no global state leaks
between charts or notebooks.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from sqs_analysis import analysis as an
from sqs_analysis import style
from sqs_analysis.analysis.taxonomy import UNCLASSIFIED, UNMATCHED
from sqs_analysis.reference.codebook import allowed_values

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

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


def _f(value: Any) -> float:
    """A plain float (NaN when missing) from nullable pandas values."""
    try:
        return math.nan if an.is_missing(value) else float(value)
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


def _marker(ax: Axes, x: float, y: float, basis: str, color: str, size: float = 7) -> None:
    _markers(ax, [x], [y], [basis], color, size)


def _markers(
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


def _interval(ax: Axes, y: float, low: float, high: float, color: str, width: float = 3) -> None:
    if math.isnan(low) or math.isnan(high):
        return
    if abs(high - low) < 0.004:  # exact figure: a short tick so the eye still sees "no range"
        low, high = low - 0.004, high + 0.004
    ax.hlines(y, low, high, color=color, linewidth=width, alpha=0.45, zorder=2)


def _omission_marker(ax: Axes, after: int | None, note: str, label: bool = True) -> None:
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


def _y_labels(ax: Axes, labels: list[str], width: int = style.LABEL_CHARS) -> None:
    ax.set_yticks(
        range(len(labels)), labels=[style.escape(style.shorten(x, width)) for x in labels]
    )
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)


def _short_cohort(start: Any, end: Any) -> str:
    def month(v: Any) -> str:
        return "" if an.is_missing(v) else v.strftime("%b %Y")

    a, b = month(start), month(end)
    return f"{a}-{b}" if a and b else (a or b or "cohort not stated")


# ----------------------------------------------------------------------------------------------
# 1. Reoffending rate gaps
# ----------------------------------------------------------------------------------------------


def rates_title(gaps: pd.DataFrame) -> str:
    """Title stating the rate finding."""
    rated = gaps[gaps["gap_pp"].notna()]
    if len(rated) == 1:
        row = rated.iloc[0]
        return (
            f"{row['label']}: reoffending {an.gap_words(row['gap_pp'])} than its England and "
            f"Wales average ({an.format_rate(row['reoffending_rate'])} vs "
            f"{an.format_rate(row['national_average'])})"
        )
    worse = int((rated["direction"] == "worse").sum())
    top = rated.iloc[0]
    lead = f"; largest gap {top['label']} ({an.gap_words(top['gap_pp'])})" if worse else ""
    return (
        f"{worse} of {len(rated)} reports show more reoffending than the England and Wales "
        f"average for their own cohort{lead}"
    )


def _note(*parts: str) -> str:
    """A chart's footnote from its non-empty parts (the fixed text, then what was left out)."""
    return " ".join(p for p in parts if p)


_AGAINST_LAST_YEAR = {
    "better": "better than last year",
    "worse": "worse than last year",
    "same": "the same as last year",
}


def rate_gap_chart(gaps: pd.DataFrame, max_rows: int = 30) -> Figure:
    """Each report's gap to its own cohort's England and Wales average, worst first."""
    rated = gaps[gaps["gap_pp"].notna()].reset_index(drop=True)
    if rated.empty:
        return style.empty_figure(
            "No report in this selection gives both a reoffending rate and an England and "
            "Wales average.",
            title="No reoffending rates to compare",
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
    note = _note(
        "Source: rates and averages as quoted in each SQS report (Ministry of Justice "
        "figures; publication month in the table).",
        omitted,
    )
    fig, (ax,) = style.figure(
        title=rates_title(gaps), subtitle=subtitle, note=note, rows=len(shown)
    )
    gap = shown["gap_pp"].map(_f)
    span = max(gap.abs().max(), 0.5)
    for i, row in shown.iterrows():
        g = _f(row["gap_pp"])
        color = style.WORSE if g > 0 else style.BETTER if g < 0 else style.NEUTRAL
        ax.hlines(i, 0, g, color=color, linewidth=2.2, zorder=2)
        ax.plot([g], [i], "o", color=color, markersize=6.5, zorder=3)
        text = f"{_f(row['reoffending_rate']):.1f}% vs {_f(row['national_average']):.1f}%"
        if not an.is_missing(row["vs_previous_year"]):
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
        f"{style.shorten(row['label'], 28)}  ({_short_cohort(row['cohort_start'], row['cohort_end'])})"
        for _, row in shown.iterrows()
    ]
    _y_labels(ax, labels, width=60)
    ax.axvline(0, color="black", linewidth=1)
    ax.set_xlim(-span * 1.15 - 0.2, span * 1.15 + 0.2)
    ax.set_xlabel(
        "Gap to the England and Wales average for the report's own cohort (percentage points)\n"
        "orange: more reoffending than the average (worse); blue: less (better)"
    )
    _omission_marker(ax, after, omitted)
    return fig


# ----------------------------------------------------------------------------------------------
# 2. Sufficiency by domain, judgement and stage
# ----------------------------------------------------------------------------------------------


def domains_title(domains: pd.DataFrame) -> str:
    by_domain = domains.groupby("domain_label")["sufficiency"].mean().astype(float)
    low, high = by_domain.idxmin(), by_domain.idxmax()
    n = domains["report_id"].nunique()
    if low == high:
        return f"{low}: {an.format_share(by_domain[low])} of cases sufficient on average"
    return (
        f"{low} had the lowest share of sufficient practice ({an.format_share(by_domain[low])} "
        f"on average across {n} report{'s' if n != 1 else ''}), {high.lower()} the highest "
        f"({an.format_share(by_domain[high])})"
    )


def domain_chart(domains: pd.DataFrame, max_rows: int = 30) -> Figure:
    """Estimated share sufficient per report and domain, with ranges; one panel per domain."""
    if domains.empty:
        return style.empty_figure(
            "No quantified judgements of practice in this selection.",
            title="No sufficiency estimates to show",
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
    note = _note(
        "Filled markers: exact counts; hollow: word estimates such as 'most'; "
        "half-filled: both. A blank cell means the report gave no quantified "
        "judgement in that domain.",
        omitted,
    )
    present = [d for d in an.domain_order() if (domains["domain"] == d).any()]
    fig, axes = style.figure(
        title=domains_title(domains),
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
        for i, label in enumerate(shown["label"]):
            if label not in sub.index:
                continue
            r = sub.loc[label]
            _interval(ax, i, _f(r["sufficiency_low"]), _f(r["sufficiency_high"]), color)
            _marker(ax, _f(r["sufficiency"]), i, r["basis"], color)
        ax.set_title(style.escape(an.domain_label(domain)), fontsize=9.5)
        style.percent_axis(ax, label="Cases sufficient (%)")
        _omission_marker(ax, after, omitted, label=domain == present[-1])
    _y_labels(axes[0], list(shown["label"]), width=30)
    _legend_panel(axes[-1], style.basis_legend_handles(), "Basis of the estimate")
    return fig


def _legend_panel(ax: Axes, handles: list[Any], title: str) -> None:
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


def judgements_title(detail: pd.DataFrame) -> str:
    suff = detail["sufficiency"].astype(float)
    low = detail.loc[suff.idxmin()]
    who = f"{low['label']} " if detail["report_id"].nunique() > 1 else ""
    return (
        f"Lowest judgement: {who}{low['paragraph']} {low['stage_label'].lower()}, "
        f"{an.format_share(low['sufficiency'])} of cases sufficient "
        f"(range {an.format_range(low['sufficiency_low'], low['sufficiency_high'])})"
    )


def judgement_chart(detail: pd.DataFrame, max_rows: int = 40) -> Figure:
    """Every quantified judgement with its range: in paragraph order for one report, lowest
    first (best and worst ends when long) for several."""
    if detail.empty:
        return style.empty_figure(
            "No quantified judgements of practice in this selection.",
            title="No judgements to show",
        )
    several = detail["report_id"].nunique() > 1
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
    note = _note(
        "Filled markers: exact counts; hollow: word estimates (range from the quantifier "
        "lexicon). Evidence sentences are in the table.",
        omitted,
    )
    fig, (ax,) = style.figure(
        title=judgements_title(detail), subtitle=subtitle, note=note, rows=len(shown)
    )
    for i, r in shown.iterrows():
        color = DOMAIN_COLOURS.get(r["domain"], style.NEUTRAL)
        _interval(ax, i, _f(r["sufficiency_low"]), _f(r["sufficiency_high"]), color)
        _marker(ax, _f(r["sufficiency"]), i, r["basis"], color)
    labels = [
        (f"{style.shorten(r['label'], 22)} " if several else "")
        + f"{r['paragraph']} {r['stage_label']}"
        + (" (neg.)" if r["polarity"] == "negative" else "")
        for _, r in shown.iterrows()
    ]
    _y_labels(ax, labels, width=48)
    style.percent_axis(ax)
    from matplotlib.lines import Line2D

    domain_handles = [
        Line2D([], [], color=c, linewidth=3, alpha=0.8, label=an.domain_label(d))
        for d, c in DOMAIN_COLOURS.items()
        if (shown["domain"] == d).any()
    ]
    ax.legend(
        handles=domain_handles + style.basis_legend_handles()[:2],
        loc="lower left",
        bbox_to_anchor=(1.0, 0.0),
        fontsize=7,
    )
    _omission_marker(ax, after, omitted)
    return fig


def stages_title(summary: pd.DataFrame) -> str:
    classified = summary[summary["stage"] != UNCLASSIFIED]
    if classified.empty:
        return "No judgement could be placed in a practice stage"
    weak, strong = classified.iloc[0], classified.iloc[-1]
    if len(classified) == 1:
        return f"{weak['stage_label']}: {an.format_share(weak['sufficiency'])} of cases sufficient"
    return (
        f"{weak['stage_label']} is the weakest practice stage "
        f"({an.format_share(weak['sufficiency'])} of cases sufficient on average), "
        f"{strong['stage_label'].lower()} the strongest ({an.format_share(strong['sufficiency'])})"
    )


def stage_chart(stages: pd.DataFrame, summary: pd.DataFrame) -> Figure:
    """Practice stages, weakest first: every report's estimate as a small marker, the average
    with its range as a bar."""
    if summary.empty:
        return style.empty_figure(
            "No quantified judgements of practice in this selection.",
            title="No practice stages to compare",
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
        title=stages_title(summary),
        subtitle=subtitle,
        note=note,
        rows=len(summary),
        row_height=0.55,
    )
    for i, s in summary.iterrows():
        dots = stages[stages["stage"] == s["stage"]].sort_values("sufficiency")
        k = len(dots)
        ys = [i + (0 if k == 1 else -0.28 + 0.56 * j / (k - 1)) for j in range(k)]
        _markers(
            ax,
            [_f(v) for v in dots["sufficiency"]],
            ys,
            list(dots["basis"]),
            style.NEUTRAL,
            size=4,
            alpha=0.8 if k < 50 else 0.5,
        )
        ax.hlines(
            i,
            _f(s["sufficiency_low"]),
            _f(s["sufficiency_high"]),
            color=style.WORSE,
            linewidth=5,
            alpha=0.8,
            zorder=4,
        )
        ax.plot(
            [_f(s["sufficiency"])],
            [i],
            "|",
            color=style.WORSE,
            markersize=20,
            markeredgewidth=3,
            zorder=5,
        )
    labels = [
        f"{s['stage_label']}: {an.format_share(s['sufficiency'])} "
        f"({an.format_range(s['sufficiency_low'], s['sufficiency_high'])}; "
        f"{s['n_reports']} report{'s' if s['n_reports'] != 1 else ''})"
        for _, s in summary.iterrows()
    ]
    _y_labels(ax, labels, width=60)
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


# ----------------------------------------------------------------------------------------------
# 3. Recurring themes
# ----------------------------------------------------------------------------------------------


def _wrapped(text: str, width: int = 44, lines: int = 2) -> str:
    parts = style.wrap(text, width)
    if len(parts) > lines:
        parts = [*parts[: lines - 1], style.shorten(" ".join(parts[lines - 1 :]), width)]
    return "\n".join(style.escape(p) for p in parts)


def themes_title(summary: pd.DataFrame, kind: str) -> str:
    matched = summary[summary["theme"] != UNMATCHED]
    if matched.empty:
        return f"No {kind} matched a theme"
    top = matched.iloc[0]
    total = top["n_areas_total"]
    what = "weakness" if kind == "weaknesses" else "key strength"
    return (
        f"Most widespread {what}: \u201c{top['theme_label']}\u201d, in {top['n_areas']} of "
        f"{total} area{'s' if total != 1 else ''}"
    )


def theme_chart(summary: pd.DataFrame, kind: str = "weaknesses", max_rows: int = 20) -> Figure:
    """How many areas each theme recurs in (weaknesses: how many name it as an area for
    improvement), most widespread first."""
    matched = summary[summary["theme"] != UNMATCHED].reset_index(drop=True)
    if matched.empty:
        return style.empty_figure(
            f"No {kind} in this selection matched a theme of the taxonomy.",
            title=f"No recurring {kind}",
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
        title=themes_title(summary, kind),
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
    ax.set_yticks(range(len(shown)), labels=[_wrapped(t) for t in shown["theme_label"]])
    ax.set_ylim(len(shown) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0, labelsize=8)
    ax.set_xlim(0, total * 1.18 + 0.2)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(f"Areas (of {total} in the selection)")
    ax.legend(loc="lower right", fontsize=7.5)
    return fig


def theme_year_title(by_year: pd.DataFrame, order: list[str] | None = None) -> str:
    years = sorted(by_year["year"].dropna().unique())
    if len(years) == 1:
        return f"Weakness themes in {years[0]}: share of the areas inspected that year"
    rank = {label: i for i, label in enumerate(order or [])}
    persistent = (
        by_year.assign(present=by_year["n_areas"] > 0)
        .groupby("theme_label")
        .agg(years=("present", "sum"), share=("share", "mean"))
        .reset_index()
    )
    persistent["rank"] = persistent["theme_label"].map(rank).fillna(len(rank))
    persistent = persistent.sort_values(
        ["years", "share", "rank"], ascending=[False, False, True], kind="stable"
    ).set_index("theme_label")
    top = persistent.index[0]
    n = int(persistent.iloc[0]["years"])
    return (
        f"\u201c{top}\u201d was criticised in {n} of {len(years)} publication years "
        f"({years[0]}-{years[-1]})"
    )


def theme_year_chart(
    by_year: pd.DataFrame, order: list[str] | None = None, max_themes: int = 15
) -> Figure:
    """Heatmap: share of each year's inspected areas whose report criticises each theme."""
    if by_year.empty:
        return style.empty_figure(
            "No dated criticism of practice in this selection.", title="No themes over time"
        )
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
        title=theme_year_title(by_year, order),
        subtitle="Share of the areas inspected in each publication year whose report "
        "criticises practice under each weakness theme.",
        note=note,
        rows=len(labels),
        row_height=0.42,
        width=min(style.FIG_WIDTH + 0.5 * max(0, len(years) - 6), 14),
    )
    values = table.to_numpy(dtype=float, na_value=0.0)
    image = ax.imshow(values, aspect="auto", cmap=style.SEQUENTIAL_CMAP, vmin=0, vmax=1)
    ax.grid(False)
    for i in range(len(labels)):
        for j, year in enumerate(years):
            n = int(_f(counts.iloc[i, j]) if not math.isnan(_f(counts.iloc[i, j])) else 0)
            ax.text(
                j,
                i,
                f"{n}/{int(totals[year])}",
                ha="center",
                va="center",
                fontsize=7.5,
                color="white" if values[i, j] > 0.6 else "#222222",
            )
    ax.set_xticks(range(len(years)), labels=[str(y) for y in years])
    ax.set_yticks(range(len(labels)), labels=[_wrapped(t) for t in labels])
    ax.tick_params(axis="both", length=0, labelsize=8)
    ax.set_xlabel("Publication year")
    bar = fig.colorbar(image, ax=ax, shrink=0.6, pad=0.01)
    bar.set_label("Share of areas inspected that year (%)", fontsize=8.5)
    bar.ax.tick_params(labelsize=8)
    from matplotlib.ticker import FuncFormatter

    bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{100 * v:.0f}%"))
    return fig


# ----------------------------------------------------------------------------------------------
# 4. One area against the rest
# ----------------------------------------------------------------------------------------------


def profile_domain_title(profile: an.AreaProfile) -> str:
    dom = profile.domains
    rated = dom[dom["sufficiency"].notna()]
    if rated.empty:
        return f"{profile.area}: no quantified judgements"
    low = rated.loc[rated["sufficiency"].astype(float).idxmin()]
    text = (
        f"{profile.area}: lowest in {low['domain_label'].lower()} "
        f"({an.format_share(low['sufficiency'])} of cases sufficient"
    )
    if low["others_n"]:
        n = profile.n_other_areas
        text += (
            f"; median of {n} other area{'s' if n != 1 else ''} "
            f"{an.format_share(low['others_median'])}"
        )
    return text + ")"


def profile_domain_chart(profile: an.AreaProfile) -> Figure:
    """The area's estimate and range per domain against every other area's estimate."""
    if not profile.found or profile.domains is None:
        return style.empty_figure(an.profile_finding(profile), title="Area not in this selection")
    from matplotlib.patches import Rectangle

    dom = profile.domains
    fig, (ax,) = style.figure(
        title=profile_domain_title(profile),
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
            q1, q3 = _f(r["others_q1"]), _f(r["others_q3"])
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
        if not an.is_missing(r["sufficiency"]):
            _interval(
                ax, i, _f(r["sufficiency_low"]), _f(r["sufficiency_high"]), style.HIGHLIGHT, 6
            )
            _marker(ax, _f(r["sufficiency"]), i, r["basis"], style.HIGHLIGHT, size=9)
    _y_labels(ax, list(dom["domain_label"]), width=30)
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


def profile_gap_chart(profile: an.AreaProfile) -> Figure:
    """The area's rate gap among the other areas' gaps (each against its own cohort)."""
    if not profile.found or profile.gap is None:
        return style.empty_figure(an.profile_finding(profile), title="Area not in this selection")
    own = profile.gap
    if own.empty or an.is_missing(own["gap_pp"].iloc[0]):
        return style.empty_figure(
            f"The report on {profile.area} gives no rate and average to compare.",
            title=f"{profile.area}: no reoffending rate to compare",
        )
    g = own.iloc[0]
    others = profile.other_gaps
    others = others[others["gap_pp"].notna()] if others is not None else others
    n_above = int((others["gap_pp"].astype(float) > float(g["gap_pp"])).sum())
    title = (
        f"{profile.area}: reoffending {an.gap_words(g['gap_pp'])} than its England and Wales "
        f"average ({an.format_rate(g['reoffending_rate'])} vs {an.format_rate(g['national_average'])}"
        f", {g['cohort']} cohort)"
    )
    fig, (ax,) = style.figure(
        title=title,
        subtitle=(
            f"Gap to the England and Wales average in percentage points; grey: the "
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
