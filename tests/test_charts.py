"""Charts render, state their finding, draw ranges and bases, and stay readable from 2 areas to
150 (nothing cut off, no overlapping labels, long lists trimmed with a note)."""

from __future__ import annotations

import itertools
import random
from datetime import date

import pytest
from conftest import make_report, manifest_row
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from sqs_analysis import analysis, charts
from sqs_analysis.analysis.formatting import domain_order
from sqs_analysis.analysis.selection import with_selection
from sqs_analysis.charts import style
from sqs_analysis.charts.png import png_bytes
from sqs_analysis.ingest.model import Finding, Judgement, RateFacts
from sqs_analysis.tables import build_tables

DOMAINS = domain_order()
TOPICS = (
    ("assessment", "The initial assessment was sufficient in {q} of the cases."),
    ("planning", "Plans to manage the risk of harm were sufficient in {q} of the cases."),
    ("review", "Reviews were sufficient in {q} of the cases."),
    ("engagement", "There was effective engagement in {q} of the cases."),
)
BULLETS = (
    "Plans should be kept under review and updated in response to any significant change of "
    "circumstances.",
    "Management oversight should make sure the quality of assessments is sufficient.",
    "Recording on the contact log should be consistent.",
    "Plans should be clear, concise and sequenced in order of priority.",
)
STRENGTHS = (
    "Good quality reports provided the courts with relevant information.",
    "There was excellent staff commitment to children and their parents/carers.",
)


def area_names(n: int) -> list[str]:
    """Plain, long and awkward names (ampersands, dollars, maths-looking text)."""
    special = ["Brighton & Hove", "Cash $ Town $x^2$", "Kingston upon Hull and the East Riding"]
    return (special + [f"Area {i:03d}" for i in range(n)])[:n]


def many_tables(n: int, seed: int = 7):
    """``n`` areas, one report each, with varied rates, cohorts, judgements and bullets."""
    rng = random.Random(seed)
    reports = []
    for i, area in enumerate(area_names(n)):
        published = date(2013 + i % 4, 1 + i % 12, 1 + i % 27)
        cohort_year = published.year - 3
        average = round(rng.uniform(34, 39), 1)
        findings, judgements = [], []
        for d, domain in enumerate(DOMAINS, start=1):
            for k, (_, text) in enumerate(TOPICS[: 1 + (i + d) % 4], start=1):
                paragraph = f"{d}.{k}"
                low = round(rng.uniform(0.2, 0.9), 2)
                exact = rng.random() < 0.4
                high = low if exact else min(1.0, round(low + rng.uniform(0.05, 0.3), 2))
                sentence = text.format(q="17 of the 20" if exact else "most")
                findings.append(Finding(paragraph, domain, "", sentence))
                judgements.append(
                    Judgement(
                        paragraph,
                        domain,
                        "positive",
                        "most",
                        "most",
                        "count" if exact else "verbal",
                        None,
                        None,
                        None,
                        (low + high) / 2,
                        low,
                        high,
                        sentence,
                        1,
                    )
                )
        reports.append(
            make_report(
                f"r{i:04d}.txt",
                area=area,
                report_id=f"r{i:04d}",
                source_sha256=f"{i:064d}",
                publication_date=published,
                rate=RateFacts(
                    reoffending_rate=round(average + rng.uniform(-12, 12), 1),
                    national_average=average,
                    rate_published=f"{published.year}-01",
                    cohort_start=f"{cohort_year}-{1 + i % 3 * 3:02d}",
                    cohort_end=f"{cohort_year + 1}-{i % 3 * 3 or 12:02d}",
                    rate_evidence=f"The published reoffending rate for {area} was given.",
                    cohort_evidence="cohort footnote",
                ),
                findings=findings,
                judgements=judgements,
                improvements=rng.sample(BULLETS, 2),
                strengths=rng.sample(STRENGTHS, 1),
            )
        )
    return build_tables(reports, [manifest_row(r) for r in reports])


@pytest.fixture(scope="module", params=[2, 150], ids=["2-areas", "150-areas"])
def every_chart(request) -> tuple[int, dict[str, Figure]]:
    n = request.param
    tables = many_tables(n)
    gaps = analysis.rate_gaps(tables)
    detail = analysis.judgement_detail(tables)
    domains = analysis.domain_sufficiency(detail)
    stages = analysis.stage_sufficiency(detail)
    weak_evidence = analysis.weakness_evidence(tables, detail)
    weak = analysis.theme_recurrence(weak_evidence, n, headline_source="area for improvement")
    strong = analysis.theme_recurrence(analysis.strength_evidence(tables), n)
    profile = analysis.area_profile(tables, analysis.default_area(tables))
    summary = analysis.stage_summary(stages)
    by_year = analysis.theme_by_year(weak_evidence, tables)
    figures = {
        "rates": charts.rate_gap_chart(gaps, title=analysis.rates.heading(gaps)),
        "domains": charts.domain_chart(
            domains, title=analysis.sufficiency.domains_heading(domains)
        ),
        "judgements": charts.judgement_chart(
            detail, title=analysis.sufficiency.judgements_heading(detail)
        ),
        "stages": charts.stage_chart(
            stages, summary, title=analysis.sufficiency.stages_heading(summary)
        ),
        "weaknesses": charts.theme_chart(
            weak, "weaknesses", title=analysis.recurrence.weaknesses_heading(weak)
        ),
        "strengths": charts.theme_chart(
            strong, "strengths", title=analysis.recurrence.strengths_heading(strong)
        ),
        "years": charts.theme_year_chart(
            by_year, title=analysis.recurrence.weakness_years_heading(by_year)
        ),
        "profile_gap": charts.profile_gap_chart(
            profile, title=analysis.profile.gap_heading(profile)
        ),
        "profile_domains": charts.profile_domain_chart(
            profile, title=analysis.profile.domains_heading(profile)
        ),
    }
    return n, figures


def drawn(fig: Figure):
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def figure_texts(fig: Figure) -> str:
    """Every figure-level text (title, subtitle, note) with line wrapping undone."""
    return " ".join(" ".join(t.get_text().split()) for t in fig.texts)


def test_every_chart_renders_to_png_within_the_height_cap(every_chart):
    _, figures = every_chart
    for name, fig in figures.items():
        png = png_bytes(fig)
        assert png.startswith(b"\x89PNG"), name
        assert fig.get_size_inches()[1] <= style.MAX_BODY_HEIGHT + 4, name


def test_no_text_runs_off_the_figure_and_labels_never_overlap(every_chart):
    _, figures = every_chart
    for name, fig in figures.items():
        renderer = drawn(fig)
        page = fig.bbox
        axis_labels = [t for ax in fig.axes for t in (ax.xaxis.label, ax.title) if t.get_text()]
        for text in [*fig.texts, *axis_labels]:
            box = text.get_window_extent(renderer)
            assert box.x0 >= -1 and box.x1 <= page.x1 + 1, (name, text.get_text()[:60])
            assert box.y0 >= -1 and box.y1 <= page.y1 + 1, (name, text.get_text()[:60])
        for ax in fig.axes:
            labels = [t for t in ax.get_yticklabels() if t.get_visible() and t.get_text()]
            boxes = sorted((t.get_window_extent(renderer) for t in labels), key=lambda b: b.y0)
            for lower, upper in itertools.pairwise(boxes):
                assert lower.y1 <= upper.y0 + 0.5, (name, "overlapping y labels")
            assert all(b.x0 >= -1 for b in boxes), (name, "y labels cut off on the left")


def test_long_lists_show_the_ends_and_say_so(every_chart):
    n, figures = every_chart
    note = figure_texts(figures["rates"])
    if n > 30:
        assert f"Showing the first 15 and last 15 of {n} reports" in note
        assert len(figures["rates"].axes[0].get_yticklabels()) == 30
    else:
        assert "Showing" not in note
        assert len(figures["rates"].axes[0].get_yticklabels()) == n


def test_titles_are_the_findings_the_caller_gives(every_chart):
    """A chart words no finding itself: its title is the analysis heading it was given."""
    n, figures = every_chart
    gaps = analysis.rate_gaps(many_tables(n))
    title = " ".join(figures["rates"].texts[0].get_text().split())
    worse = int((gaps["direction"] == "worse").sum())
    assert title == analysis.rates.heading(gaps)
    assert title.startswith(f"{worse} of {n} reports show")
    assert not [name for name in dir(charts) if name.endswith("_title")]


def test_report_text_is_printed_literally_not_as_mathematics():
    tables = many_tables(3)
    fig = charts.rate_gap_chart(analysis.rate_gaps(tables), title="Rates")
    drawn(fig)  # mathtext would fail on unbalanced or odd $ signs
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any(r"Cash \$ Town \$x^2\$" in label for label in labels)


def test_counts_and_word_estimates_are_drawn_differently():
    tables = many_tables(6)
    fig = charts.judgement_chart(analysis.judgement_detail(tables), title="Judgements")
    styles = {
        (line.get_marker(), line.get_fillstyle())
        for line in fig.axes[0].get_lines()
        if line.get_linestyle() == "None"
    }
    assert (style.BASIS_STYLE["count"]["marker"], "full") in styles
    assert (style.BASIS_STYLE["verbal"]["marker"], "none") in styles
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert style.BASIS_STYLE["count"]["label"] in legend
    assert style.BASIS_STYLE["verbal"]["label"] in legend


def test_estimates_are_drawn_with_their_ranges():
    tables = many_tables(2)
    detail = analysis.judgement_detail(tables)
    fig = charts.judgement_chart(detail, title="Judgements")
    segments = [seg for collection in fig.axes[0].collections for seg in collection.get_segments()]
    widths = sorted(round(seg[1][0] - seg[0][0], 3) for seg in segments)
    expected = sorted(
        round(max(h - lo, 0.008), 3)
        for lo, h in zip(detail["sufficiency_low"], detail["sufficiency_high"], strict=True)
    )
    assert widths == pytest.approx(expected, abs=0.002)


def test_empty_selections_give_a_message_not_an_error():
    tables = many_tables(2)
    empty, _ = with_selection(tables, "2030", "2030", [])
    detail = analysis.judgement_detail(empty)
    stages = analysis.stage_sufficiency(detail)
    weak_evidence = analysis.weakness_evidence(empty, detail)
    profile = analysis.area_profile(empty, "")
    gaps = analysis.rate_gaps(empty)
    domains = analysis.domain_sufficiency(detail)
    summary = analysis.stage_summary(stages)
    weak = analysis.theme_recurrence(weak_evidence, 0)
    by_year = analysis.theme_by_year(weak_evidence, empty)
    figures = [
        charts.rate_gap_chart(gaps, title=analysis.rates.heading(gaps)),
        charts.domain_chart(domains, title=analysis.sufficiency.domains_heading(domains)),
        charts.judgement_chart(detail, title=analysis.sufficiency.judgements_heading(detail)),
        charts.stage_chart(stages, summary, title=analysis.sufficiency.stages_heading(summary)),
        charts.theme_chart(weak, title=analysis.recurrence.weaknesses_heading(weak)),
        charts.theme_year_chart(by_year, title=analysis.recurrence.weakness_years_heading(by_year)),
        charts.profile_gap_chart(profile, title=analysis.profile.gap_heading(profile)),
        charts.profile_domain_chart(profile, title=analysis.profile.domains_heading(profile)),
    ]
    for fig in figures:
        assert png_bytes(fig).startswith(b"\x89PNG")
        title = fig.texts[0].get_text()
        assert title.startswith("No ") or ": no " in title, title
