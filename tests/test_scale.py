"""Every chart stays legible with 150 areas.

A real user loads every SQS report ever published, so each chart in :mod:`sqs_analysis.charts`
is drawn from a 150-area synthetic corpus (two years each) exactly as the notebooks call it, and
then measured with the renderer: no two tick labels overlap, no tick label runs into a title or
note or off the figure, tick text is not shrunk below a readable size, the figure size stays
bounded and there is a title. Set ``SQS_SCALE_PNG_DIR`` to keep the PNGs for a look.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from generators import synth

N_AREAS, YEARS, SEED = 150, 2, 150
MAX_WIDTH_IN, MAX_HEIGHT_IN = 16.0, 20.0
MIN_TICK_POINTS = 6.0
OVERLAP_TOLERANCE_PX = 1.0


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory):
    from sqs_analysis import open_tables

    folder = tmp_path_factory.mktemp("scale")
    synth.write_corpus(folder, N_AREAS, YEARS, ["markdown", "text"], SEED)
    loaded = open_tables(folder)
    assert loaded.reports["area"].nunique() == N_AREAS
    return loaded


@pytest.fixture(scope="module")
def frames(tables) -> dict[str, Any]:
    """The analysis frames, built as the notebooks build them."""
    from sqs_analysis import analysis
    from sqs_analysis.analysis.explore import match_counts

    detail = analysis.judgement_detail(tables)
    stages = analysis.stage_sufficiency(detail)
    n_areas = analysis.count_areas(tables)
    weak_evidence = analysis.weakness_evidence(tables)
    weaknesses = analysis.theme_recurrence(
        weak_evidence, n_areas, headline_source="area for improvement"
    )
    strengths = analysis.theme_recurrence(
        analysis.strength_evidence(tables), n_areas, headline_source="key strength"
    )
    longest = max(tables.reports["area"].dropna(), key=len)
    profile = analysis.area_profile(tables, longest)
    own = analysis.judgement_detail(analysis.latest_per_area(tables))
    return {
        "gaps": analysis.rate_gaps(tables),
        "detail": detail,
        "own_detail": own[own["area"] == profile.area],
        "domains": analysis.domain_sufficiency(detail),
        "stages": stages,
        "stage_summary": analysis.stage_summary(stages),
        "weaknesses": weaknesses,
        "strengths": strengths,
        "by_year": analysis.theme_by_year(weak_evidence, tables),
        "profile": profile,
        "default_profile": analysis.area_profile(tables, analysis.default_area(tables)),
        "matches": match_counts(analysis.search(tables, "review")),
    }


def _charts() -> dict[str, Callable[[dict[str, Any]], Any]]:
    """How each chart function is drawn, one entry per way the notebooks call it."""
    from sqs_analysis import analysis, charts
    from sqs_analysis.analysis.explore import matches_heading

    sufficiency, recurrence, profile = analysis.sufficiency, analysis.recurrence, analysis.profile
    return {
        "rate_gap_chart": lambda f: charts.rate_gap_chart(
            f["gaps"], title=analysis.rates.heading(f["gaps"])
        ),
        "domain_chart": lambda f: charts.domain_chart(
            f["domains"], title=sufficiency.domains_heading(f["domains"])
        ),
        "judgement_chart": lambda f: charts.judgement_chart(
            f["detail"], title=sufficiency.judgements_heading(f["detail"])
        ),
        "judgement_chart[one area]": lambda f: charts.judgement_chart(
            f["own_detail"], title=sufficiency.judgements_heading(f["own_detail"])
        ),
        "stage_chart": lambda f: charts.stage_chart(
            f["stages"], f["stage_summary"], title=sufficiency.stages_heading(f["stage_summary"])
        ),
        "theme_chart[weaknesses]": lambda f: charts.theme_chart(
            f["weaknesses"], "weaknesses", title=recurrence.weaknesses_heading(f["weaknesses"])
        ),
        "theme_chart[strengths]": lambda f: charts.theme_chart(
            f["strengths"], "strengths", title=recurrence.strengths_heading(f["strengths"])
        ),
        "theme_year_chart": lambda f: charts.theme_year_chart(
            f["by_year"],
            list(f["weaknesses"]["theme_label"]),
            title=recurrence.weakness_years_heading(
                f["by_year"], list(f["weaknesses"]["theme_label"])
            ),
        ),
        "profile_gap_chart": lambda f: charts.profile_gap_chart(
            f["profile"], title=profile.gap_heading(f["profile"])
        ),
        "profile_domain_chart": lambda f: charts.profile_domain_chart(
            f["profile"], title=profile.domains_heading(f["profile"])
        ),
        "profile_domain_chart[default area]": lambda f: charts.profile_domain_chart(
            f["default_profile"], title=profile.domains_heading(f["default_profile"])
        ),
        "match_chart": lambda f: charts.match_chart(
            f["matches"], title=matches_heading(f["matches"], "review")
        ),
    }


CHARTS = [
    "rate_gap_chart",
    "domain_chart",
    "judgement_chart",
    "judgement_chart[one area]",
    "stage_chart",
    "theme_chart[weaknesses]",
    "theme_chart[strengths]",
    "theme_year_chart",
    "profile_gap_chart",
    "profile_domain_chart",
    "profile_domain_chart[default area]",
    "match_chart",
]


# Charts whose rows are single statements: two statements of one paragraph share a label.
STATEMENT_ROWS = {"judgement_chart", "judgement_chart[one area]"}


def test_every_chart_function_is_checked_at_scale() -> None:
    """A new chart function must be added here, so none escapes the 150-area check."""
    from sqs_analysis import charts

    public = {
        name
        for name, fn in inspect.getmembers(charts, inspect.isfunction)
        if name.endswith("_chart") and fn.__module__.startswith(charts.__name__ + ".")
    }
    checked = {name.split("[")[0] for name in _charts()}
    assert public == checked, f"charts without a scale check: {sorted(public - checked)}"
    assert sorted(_charts()) == sorted(CHARTS)


# ------------------------------------------------------------------------------------------
# Measuring a drawn figure.
# ------------------------------------------------------------------------------------------


def _tick_labels(fig) -> list[tuple[str, Any]]:
    """(text, window bbox) of every visible, non-empty tick label inside its axes' view."""
    renderer = fig.canvas.get_renderer()
    labels = []
    for ax in fig.axes:
        if not ax.get_visible() or not ax.axison:
            continue
        for axis, limits in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            lo, hi = sorted(limits)
            span = hi - lo
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                loc = tick.get_loc()
                if loc is None or not (lo - 1e-9 * span <= loc <= hi + 1e-9 * span):
                    continue
                for label in (tick.label1, tick.label2):
                    if label.get_visible() and label.get_text().strip():
                        labels.append((label.get_text(), label, label.get_window_extent(renderer)))
    return labels


def _figure_texts(fig) -> list[tuple[str, Any]]:
    """(text, window bbox) of the figure-level texts: title, subtitle, notes."""
    renderer = fig.canvas.get_renderer()
    texts = [t for t in fig.texts if t.get_visible() and t.get_text().strip()]
    if fig._suptitle is not None and fig._suptitle.get_text().strip():
        texts.append(fig._suptitle)
    return [(t.get_text(), t.get_window_extent(renderer)) for t in texts]


def _overlap(a, b) -> bool:
    tol = OVERLAP_TOLERANCE_PX
    return min(a.x1, b.x1) - max(a.x0, b.x0) > tol and min(a.y1, b.y1) - max(a.y0, b.y0) > tol


def _title(fig) -> str:
    """The figure's title: a suptitle, an axes title, or a large text at the top."""
    if fig._suptitle is not None and fig._suptitle.get_text().strip():
        return fig._suptitle.get_text()
    height = fig.bbox.height
    renderer = fig.canvas.get_renderer()
    for text in fig.texts:
        box = text.get_window_extent(renderer)
        if text.get_text().strip() and text.get_fontsize() >= 11 and box.y1 > 0.7 * height:
            return text.get_text()
    for ax in fig.axes:
        for loc in ("center", "left", "right"):
            if ax.get_title(loc).strip():
                return ax.get_title(loc)
    return ""


def _save(fig, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SQS_SCALE_PNG_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    safe = name.replace("[", "_").replace("]", "").replace(" ", "_")
    path = folder / f"{safe}.png"
    fig.savefig(path, dpi=100)
    return path


def legibility_problems(fig, name: str) -> list[str]:
    """Everything that makes a drawn figure hard to read, in words (empty when legible)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)  # the charts build bare Figures; measure them with the Agg renderer
    fig.canvas.draw()  # lay out and render once, so extents are final
    problems: list[str] = []
    width, height = fig.get_size_inches()
    if not (3 <= width <= MAX_WIDTH_IN and 2 <= height <= MAX_HEIGHT_IN):
        problems.append(f"figure is {width:.1f} x {height:.1f} in")
    if not _title(fig).strip():
        problems.append("no title")

    labels = _tick_labels(fig)
    if not labels:
        problems.append("no tick labels at all")
    figure_box = fig.bbox
    for text, artist, box in labels:
        if artist.get_fontsize() < MIN_TICK_POINTS:
            problems.append(f"tick label {text!r} at {artist.get_fontsize():.1f} pt")
        if (
            box.x0 < figure_box.x0 - 1
            or box.x1 > figure_box.x1 + 1
            or box.y0 < figure_box.y0 - 1
            or box.y1 > figure_box.y1 + 1
        ):
            problems.append(f"tick label {text!r} runs off the figure")
    for i, (text_a, _, a) in enumerate(labels):
        for text_b, _, b in labels[i + 1 :]:
            if _overlap(a, b):
                problems.append(f"tick labels overlap: {text_a!r} / {text_b!r}")
    if name not in STATEMENT_ROWS:  # rows are reports, areas or themes: each label unique
        for ax in fig.axes:
            rows = [t.get_text() for t in ax.get_yticklabels() if t.get_text().strip()]
            repeated = sorted({r for r in rows if rows.count(r) > 1})
            if repeated:
                problems.append(f"rows that cannot be told apart: {repeated[:5]}")
    for text_a, _, a in labels:
        for text_b, b in _figure_texts(fig):
            if _overlap(a, b):
                problems.append(f"tick label {text_a!r} overlaps {text_b[:40]!r}")
    return problems


@pytest.mark.parametrize("name", CHARTS)
def test_chart_is_legible_with_150_areas(name: str, frames, tmp_path: Path) -> None:
    fig = _charts()[name](frames)
    problems = legibility_problems(fig, name)
    png = _save(fig, name, tmp_path)
    shown = "\n  ".join(problems[:15])
    more = f"\n  ... and {len(problems) - 15} more" if len(problems) > 15 else ""
    assert not problems, f"{name} ({png}):\n  {shown}{more}"


def test_the_check_catches_an_unreadable_chart() -> None:
    """150 area names crammed into a small figure, no title: the check must object."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 4))
    ax = fig.subplots()
    names = [f"Area {i}" for i in range(150)]
    ax.barh(range(150), range(150))
    ax.set_yticks(range(150), names)
    problems = legibility_problems(fig, "crammed")
    assert any("overlap" in p for p in problems)
    assert "no title" in problems

    fig = Figure(figsize=(8, 30))
    ax = fig.subplots()
    ax.set_title("Tall")
    ax.set_yticks(range(3), ["Same", "Same", "Other"])
    problems = legibility_problems(fig, "repeated")
    assert any("figure is" in p for p in problems)
    assert any("cannot be told apart" in p for p in problems)


def test_at_150_areas_the_judgement_chart_shows_each_domain_s_spread(frames) -> None:
    """Thousands of statements listed by their ends would show only ties at 0% and 100%: the
    chart shows one row per domain, every statement in it, and names its lowest reports."""
    from sqs_analysis import analysis, charts
    from sqs_analysis.analysis.formatting import domain_label

    detail = frames["detail"]
    fig = charts.judgement_chart(detail, title="t")
    (ax,) = fig.axes
    rows = [t.get_text() for t in ax.get_yticklabels() if t.get_text().strip()]
    assert rows == [
        domain_label(d)
        for d in analysis.sufficiency.domain_order()
        if (detail["domain"] == d).any()
    ]
    dots = sum(len(line.get_xdata()) for line in ax.get_lines() if line.get_linestyle() == "None")
    assert dots == detail["sufficiency"].notna().sum()
    named = [t.get_text() for t in ax.texts if t.get_text().startswith("Lowest:")]
    lowest = detail.groupby(["domain", "label"])["sufficiency"].mean().astype(float)
    first = lowest.loc[detail["domain"].iloc[0]].idxmin()
    assert len(named) == len(rows) and any(first[:12] in text for text in named)


def test_one_area_s_statements_are_listed_one_by_one(frames) -> None:
    from sqs_analysis import charts

    own = frames["own_detail"]
    fig = charts.judgement_chart(own, title="t")
    rows = [t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_text().strip()]
    assert len(rows) == min(len(own), 40)
