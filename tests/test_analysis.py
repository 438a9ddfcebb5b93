"""Analysis frames from hand-built reports whose answers are known, and from the bundled reports
through the real parser (expected values read from their answer keys, never typed here)."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import RAW_DIR, gold_for, make_report, manifest_row, raw_paths

from sqs_analysis import analysis
from sqs_analysis.analysis.formatting import cohort_label
from sqs_analysis.analysis.quality import headline_numbers, missing_fields
from sqs_analysis.analysis.selection import area_key, with_selection
from sqs_analysis.analysis.taxonomy import UNMATCHED, taxonomy
from sqs_analysis.ingest.model import Finding, Judgement, RateFacts
from sqs_analysis.tables import build_tables


def judgement(
    paragraph: str,
    domain: str,
    low: float,
    high: float,
    basis: str = "verbal",
    evidence: str = "",
    polarity: str = "positive",
    seq: int = 1,
    quantifier_text: str = "most",
) -> Judgement:
    return Judgement(
        paragraph=paragraph,
        domain=domain,
        polarity=polarity,
        quantifier=quantifier_text,
        quantifier_text=quantifier_text,
        basis=basis,
        numerator=None,
        denominator=None,
        denominator_source=None,
        sufficiency=(low + high) / 2,
        sufficiency_low=low,
        sufficiency_high=high,
        evidence=evidence or f"Sentence of {paragraph}.",
        seq=seq,
    )


def report(
    area: str,
    published: date,
    rate: float | None,
    average: float | None,
    cohort: tuple[str, str] = ("2013-07", "2014-06"),
    **overrides,
):
    slug = area_key(area)
    return make_report(
        f"{slug}-{published.isoformat()}.txt",
        area=area,
        publication_date=published,
        report_id=f"{slug}-{published.isoformat()}",
        source_sha256=f"{abs(hash((area, published))):064d}"[:64],
        rate=RateFacts(
            reoffending_rate=rate,
            national_average=average,
            vs_national_average=None if rate is None else ("worse" if rate > average else "better"),
            vs_previous_year="better",
            rate_evidence=f"The published reoffending rate for {area} was {rate}%.",
            rate_published="2016-04",
            cohort_start=cohort[0],
            cohort_end=cohort[1],
            cohort_evidence="cohort footnote",
        ),
        **overrides,
    )


def tables_of(*reports):
    return build_tables(list(reports), [manifest_row(r) for r in reports])


@pytest.fixture
def two_areas():
    """Two areas, different cohorts: one 4.4 points worse, one 0.4 better than its average."""
    worse = report("Worsetown", date(2016, 6, 15), 42.2, 37.8)
    better = report("Betterby", date(2015, 11, 4), 37.0, 37.4, cohort=("2012-10", "2013-09"))
    return tables_of(worse, better)


# ----------------------------------------------------------------------------------------------
# Rates
# ----------------------------------------------------------------------------------------------


def test_rate_gap_is_rate_minus_own_cohort_average_worst_first(two_areas):
    gaps = analysis.rate_gaps(two_areas)
    assert list(gaps["label"]) == ["Worsetown", "Betterby"]
    assert gaps["gap_pp"].tolist() == pytest.approx([4.4, -0.4])
    assert list(gaps["direction"]) == ["worse", "better"]
    assert gaps["direction_agrees"].tolist() == [True, True]
    assert list(gaps["cohort"]) == ["July 2013 - June 2014", "October 2012 - September 2013"]


def test_rate_finding_names_each_area_with_its_cohort_and_warns_cohorts_differ(two_areas):
    text = analysis.rates.finding(analysis.rate_gaps(two_areas))
    assert (
        "Worsetown: 4.4 points worse than its England and Wales average "
        "(42.2% vs 37.8%, July 2013 - June 2014 cohort)" in text
    )
    assert "Betterby: 0.4 points better" in text and "(37.0% vs 37.4%" in text
    assert "2 different cohorts" in text


def test_same_cohort_needs_no_warning_and_missing_rates_come_last():
    tables = tables_of(
        report("Aton", date(2016, 1, 1), 30.0, 35.0),
        report("Beton", date(2016, 2, 1), 40.0, 35.0),
        report("Ceton", date(2016, 3, 1), None, None),
    )
    gaps = analysis.rate_gaps(tables)
    assert list(gaps["label"]) == ["Beton", "Aton", "Ceton"]
    assert pd.isna(gaps["gap_pp"].iloc[-1])
    text = analysis.rates.finding(gaps)
    assert "Of 2 reports" in text and "different cohorts" not in text


def test_many_rated_reports_name_only_the_ends():
    reports = [report(f"Area {i:03d}", date(2016, 1, 1), 30.0 + i / 10, 35.0) for i in range(40)]
    text = analysis.rates.finding(analysis.rate_gaps(tables_of(*reports)))
    assert "Area 039" in text and "Area 000" in text and "Area 020" not in text


# ----------------------------------------------------------------------------------------------
# Selection
# ----------------------------------------------------------------------------------------------


def test_selection_by_period_is_inclusive_and_accepts_years_and_months(two_areas):
    chosen, _ = with_selection(two_areas, "2016-06-15", "2016-06-15", [])
    assert list(chosen.reports["area"]) == ["Worsetown"]
    chosen, _ = with_selection(two_areas, "2015", "2015", [])
    assert list(chosen.reports["area"]) == ["Betterby"]
    chosen, _ = with_selection(two_areas, "2015-11", "", [])
    assert len(chosen.reports) == 2
    assert len(chosen.judgements) == len(two_areas.judgements)


def test_selection_by_area_ignores_case_and_ampersands():
    hove = report("Brighton & Hove", date(2016, 1, 1), 30.0, 35.0)
    other = report("Otherby", date(2016, 1, 1), 30.0, 35.0)
    tables = tables_of(hove, other)
    chosen, _ = with_selection(tables, "", "", ["brighton and hove"])
    assert list(chosen.reports["area"]) == ["Brighton & Hove"]
    assert set(chosen.findings["report_id"]) == {hove.report_id}
    assert set(chosen.files["report_id"]) == {hove.report_id}


def test_empty_selection_says_which_areas_are_unknown(two_areas):
    chosen, selection = with_selection(two_areas, "2030-01-01", "", ["Nowhere"])
    assert chosen.reports.empty and chosen.judgements.empty
    message = analysis.no_reports_message(selection, two_areas)
    assert message.startswith("No reports in this selection") and "Nowhere" in message


@pytest.mark.parametrize(("start", "end"), [("2016-01-01", "2015-01-01"), ("15/06/2016", "")])
def test_bad_periods_are_refused(start, end):
    with pytest.raises(ValueError):
        analysis.make_selection(start, end, [])


# ----------------------------------------------------------------------------------------------
# Sufficiency
# ----------------------------------------------------------------------------------------------


@pytest.fixture
def judged():
    first = report(
        "Aton",
        date(2016, 1, 1),
        30.0,
        35.0,
        findings=[
            Finding(
                "1.1", "reducing_reoffending", "", "Assessments were sufficient in most cases."
            ),
            Finding("1.2", "reducing_reoffending", "", "Plans were sufficient in 9 of 10 cases."),
            Finding("2.1", "protecting_the_public", "", "Reviews were sufficient in few cases."),
        ],
        judgements=[
            judgement(
                "1.1",
                "reducing_reoffending",
                0.6,
                0.8,
                evidence="Assessments were sufficient in most cases.",
            ),
            judgement(
                "1.2",
                "reducing_reoffending",
                0.9,
                0.9,
                basis="count",
                evidence="Plans were sufficient in 9 of 10 cases.",
            ),
            judgement(
                "2.1",
                "protecting_the_public",
                0.1,
                0.3,
                evidence="Reviews were sufficient in few cases.",
            ),
        ],
    )
    second = report(
        "Beton",
        date(2016, 2, 1),
        30.0,
        35.0,
        findings=[Finding("2.1", "protecting_the_public", "", "Reviews were sufficient in most.")],
        judgements=[
            judgement(
                "2.1",
                "protecting_the_public",
                0.5,
                0.7,
                evidence="Reviews were sufficient in most.",
            )
        ],
    )
    return tables_of(first, second)


def test_domain_sufficiency_averages_estimates_and_ranges_keeping_evidence(judged):
    domains = analysis.domain_sufficiency(analysis.judgement_detail(judged))
    row = domains[(domains["area"] == "Aton") & (domains["domain"] == "reducing_reoffending")]
    row = row.iloc[0]
    assert row["sufficiency"] == pytest.approx((0.7 + 0.9) / 2)
    assert row["sufficiency_low"] == pytest.approx((0.6 + 0.9) / 2)
    assert row["sufficiency_high"] == pytest.approx((0.8 + 0.9) / 2)
    assert row["basis"] == "mixed" and row["n_count"] == 1 and row["n_verbal"] == 1
    assert "9 of 10 cases" in row["evidence"] and "most cases" in row["evidence"]
    assert len(domains) == 3


def test_stages_are_assigned_and_each_report_counts_once(judged):
    detail = analysis.judgement_detail(judged)
    assert dict(zip(detail["evidence"], detail["stage"], strict=True)) == {
        "Assessments were sufficient in most cases.": "assessment",
        "Plans were sufficient in 9 of 10 cases.": "planning",
        "Reviews were sufficient in few cases.": "review",
        "Reviews were sufficient in most.": "review",
    }
    summary = analysis.stage_summary(analysis.stage_sufficiency(detail))
    assert summary["stage"].iloc[0] == "review"  # weakest first
    review = summary.iloc[0]
    assert review["n_reports"] == 2
    assert review["sufficiency"] == pytest.approx((0.2 + 0.6) / 2)
    assert (review["weakest"], review["strongest"]) == ("Aton", "Beton")
    text = analysis.sufficiency.finding(analysis.domain_sufficiency(detail), summary)
    assert "review was the weakest practice stage" in text and "40%" in text


# ----------------------------------------------------------------------------------------------
# Themes
# ----------------------------------------------------------------------------------------------

REVIEW_BULLET = (
    "Plans should be kept under review and updated in response to any significant change of "
    "circumstances."
)


@pytest.fixture
def themed():
    """Three areas; one inspected twice. The review bullet recurs in all three areas."""

    def area_report(area: str, published: date, **kw):
        return report(area, published, 30.0, 35.0, **kw)

    return tables_of(
        area_report(
            "Aton",
            date(2015, 3, 1),
            improvements=[REVIEW_BULLET],
            strengths=["Staff commitment was excellent."],
        ),
        area_report(
            "Aton", date(2016, 3, 1), improvements=[REVIEW_BULLET, "Recording should improve."]
        ),
        area_report(
            "Beton",
            date(2016, 5, 1),
            improvements=[REVIEW_BULLET, "Be nicer to squirrels."],
            findings=[
                Finding(
                    "1.1",
                    "reducing_reoffending",
                    "",
                    "Assessments were good. Records did not always reflect the work.",
                )
            ],
            judgements=[],
        ),
        area_report(
            "Ceton",
            date(2016, 7, 1),
            findings=[
                Finding(
                    "2.3",
                    "protecting_the_public",
                    "",
                    "Risk plans should be reviewed. This was achieved in "
                    "fewer than half of the relevant cases.",
                )
            ],
            judgements=[
                judgement(
                    "2.3",
                    "protecting_the_public",
                    0.3,
                    0.45,
                    evidence="This was achieved in fewer than half of the relevant cases.",
                )
            ],
            improvements=[REVIEW_BULLET],
        ),
    )


def test_weakness_evidence_gathers_bullets_low_judgements_and_critical_sentences(themed):
    evidence = analysis.weakness_evidence(themed)
    sources = set(zip(evidence["label"], evidence["source"], strict=True))
    assert ("Beton", "finding") in sources  # "did not always reflect"
    assert ("Ceton", "judgement") in sources  # low judgement, stage from the earlier sentence
    praise = evidence["text"].str.contains("Assessments were good").fillna(False)
    assert not praise.any()
    low = evidence[(evidence["label"] == "Ceton") & (evidence["source"] == "judgement")]
    assert set(low["theme"]) == {t.id for t in taxonomy().weaknesses if "review" in t.stages}
    squirrels = evidence[evidence["text"] == "Be nicer to squirrels."]
    assert list(squirrels["theme"]) == [UNMATCHED]


def test_recurrence_counts_areas_not_reports(themed):
    n_areas = analysis.count_areas(themed)
    assert n_areas == 3
    summary = analysis.theme_recurrence(
        analysis.weakness_evidence(themed), n_areas, headline_source="area for improvement"
    )
    top = summary.iloc[0]
    assert top["theme"] == "review_after_change"
    assert (top["n_areas"], top["n_areas_headline"], top["n_reports"]) == (3, 3, 4)
    assert (top["first_year"], top["last_year"]) == (2015, 2016)
    assert summary["theme"].iloc[-1] == UNMATCHED
    text = analysis.recurrence.finding(
        summary, analysis.theme_recurrence(analysis.strength_evidence(themed), n_areas), n_areas
    )
    assert "area for improvement in 3 of 3 areas" in text
    assert top["theme_label"] in text


def test_theme_by_year_shares_of_areas_inspected_that_year(themed):
    by_year = analysis.theme_by_year(analysis.weakness_evidence(themed), themed)
    review = by_year[by_year["theme"] == "review_after_change"].set_index("year")
    assert review.loc[2015, "n_areas"] == 1 and review.loc[2015, "n_areas_year"] == 1
    assert review.loc[2016, "n_areas"] == 3 and review.loc[2016, "n_areas_year"] == 3
    recording = by_year[by_year["theme"] == "recording"].set_index("year")
    assert recording.loc[2016, "share"] == pytest.approx(2 / 3)


def test_area_profile_uses_latest_report_and_finds_recurrences(themed):
    profile = analysis.area_profile(themed, "aton")
    assert profile.found and profile.area == "Aton"
    assert profile.report["publication_date"] == pd.Timestamp("2016-03-01")
    assert profile.n_other_areas == 2
    review = profile.improvements[profile.improvements["text"] == REVIEW_BULLET].iloc[0]
    assert review["n_other_areas"] == 2
    label = taxonomy().labels("weakness")["review_after_change"]
    assert label in review["themes"]
    assert review["n_other_areas_area_for_improvement"] == 2
    missing = analysis.area_profile(themed, "Nowhere")
    assert not missing.found
    assert "No report about Nowhere" in analysis.profile.finding(missing)


def test_every_function_copes_with_no_reports(two_areas):
    empty, _ = with_selection(two_areas, "2030", "2030", [])
    gaps = analysis.rate_gaps(empty)
    assert gaps.empty and "No reports" in analysis.rates.finding(gaps)
    detail = analysis.judgement_detail(empty)
    domains = analysis.domain_sufficiency(detail)
    summary = analysis.stage_summary(analysis.stage_sufficiency(detail))
    assert domains.empty and summary.empty
    assert "No quantified" in analysis.sufficiency.finding(domains, summary)
    weak = analysis.theme_recurrence(analysis.weakness_evidence(empty), 0)
    strong = analysis.theme_recurrence(analysis.strength_evidence(empty), 0)
    assert weak.empty and strong.empty
    assert "No reports" in analysis.recurrence.finding(weak, strong, 0)
    assert analysis.theme_by_year(analysis.weakness_evidence(empty), empty).empty
    assert not analysis.area_profile(empty, analysis.default_area(empty)).found
    numbers = headline_numbers(empty)
    assert numbers["reports"] == 0 and numbers["top_weakness"] == ""
    for table in (
        analysis.rates.table(gaps),
        analysis.sufficiency.domain_table(domains),
        analysis.sufficiency.stage_table(summary),
        analysis.sufficiency.judgement_table(detail),
    ):
        assert table.empty


def test_missing_fields_are_listed_per_report():
    bare = report("Aton", date(2016, 1, 1), None, None, lead_inspector=None)
    missing = missing_fields(tables_of(bare))
    listed = missing["missing"].iloc[0].split(", ")
    assert {"reoffending_rate", "national_average", "lead_inspector"} <= set(listed)
    assert missing["n_missing"].iloc[0] == len(listed)
    assert "area_code" in listed, "an area the lookup does not know has its codes missing"
    assert not any(name.startswith("successor_") for name in listed), (
        "no successor code is not a missing field"
    )


def test_display_tables_keep_evidence_and_ranges(judged):
    detail = analysis.judgement_detail(judged)
    table = analysis.sufficiency.judgement_table(detail)
    assert set(table["Evidence"]) == set(detail["evidence"])
    assert "60-80%" in set(table["Range"])
    assert "9 of 10 cases" in " ".join(
        analysis.sufficiency.domain_table(analysis.domain_sufficiency(detail))["Evidence"]
    )


# ----------------------------------------------------------------------------------------------
# The bundled reports through the real parser
# ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    from sqs_analysis import open_tables

    return open_tables(RAW_DIR)


def test_bundled_rate_findings_come_from_parsing(bundled):
    text = analysis.rates.finding(analysis.rate_gaps(bundled))
    for path in raw_paths():
        gold = gold_for(path)["report"]
        gap = gold["reoffending_rate"] - gold["national_average"]
        words = "worse" if gap > 0 else "better"
        cohort = cohort_label(gold["cohort_start"], gold["cohort_end"])
        expected = (
            f"{gold['area']}: {abs(gap):.1f} points {words} than its England and Wales average "
            f"({gold['reoffending_rate']:.1f}% vs {gold['national_average']:.1f}%, {cohort} cohort)"
        )
        assert expected in text
        assert not math.isnan(gap)


def test_bundled_review_weakness_recurs_in_both_areas(bundled):
    n_areas = analysis.count_areas(bundled)
    summary = analysis.theme_recurrence(
        analysis.weakness_evidence(bundled), n_areas, headline_source="area for improvement"
    )
    review = summary.set_index("theme").loc["review_after_change"]
    assert review["n_areas"] == n_areas == len(raw_paths())
    assert review["n_areas_headline"] == n_areas
    assert summary.iloc[0]["theme"] == "review_after_change"
    assert "plans kept under review and updated after a significant change of circumstances" in (
        analysis.recurrence.finding(summary, summary.iloc[0:0], n_areas).lower()
    )


def test_headline_reuses_precomputed_tables_with_the_same_result():
    from sqs_analysis import analysis
    from sqs_analysis.tables import load_tables

    tables = load_tables(Path(__file__).resolve().parents[1] / "data" / "raw")
    detail = analysis.judgement_detail(tables)
    weaknesses = analysis.theme_recurrence(
        analysis.weakness_evidence(tables, detail),
        analysis.count_areas(tables),
        headline_source="area for improvement",
    )
    stages = analysis.stage_summary(analysis.stage_sufficiency(detail))
    fresh = headline_numbers(tables)
    reused = headline_numbers(tables, weaknesses=weaknesses, stages=stages)
    assert reused == fresh
    assert fresh["top_weakness_areas"] == 2
    assert fresh["weakest_stage_range"]  # every estimate shown with its range


# ----------------------------------------------------------------------------------------------
# What the notebooks share: the setup, and section headings that state the finding
# ----------------------------------------------------------------------------------------------


def test_open_selection_is_the_notebooks_setup(tmp_path, capsys):
    out = tmp_path / "figures"
    all_tables, tables, selection, folder = analysis.open_selection(
        RAW_DIR, "2016", "2016", [], out
    )
    assert folder == out and out.is_dir()
    assert len(all_tables.reports) == len(raw_paths())
    assert len(tables.reports) == 1 and selection.start is not None
    assert "1 report(s) selected" in capsys.readouterr().out


def test_section_headings_state_the_finding_from_the_data(bundled):
    gaps = analysis.rate_gaps(bundled)
    worse = int((gaps["direction"] == "worse").sum())
    assert analysis.rates.heading(gaps).startswith(f"{worse} of {len(gaps)} reports show")
    detail = analysis.judgement_detail(bundled)
    summary = analysis.stage_summary(analysis.stage_sufficiency(detail))
    weakest = summary[summary["stage"] != "unclassified"].iloc[0]
    assert analysis.sufficiency.stages_heading(summary).startswith(
        f"{weakest['stage_label']} is the weakest practice stage"
    )
    assert analysis.sufficiency.judgements_heading(detail).startswith(
        f"{len(detail)} quantified judgements"
    )
    n_areas = analysis.count_areas(bundled)
    evidence = analysis.weakness_evidence(bundled, detail)
    weak = analysis.theme_recurrence(evidence, n_areas, headline_source="area for improvement")
    assert weak.iloc[0]["theme_label"] in analysis.recurrence.weaknesses_heading(weak)
    profile = analysis.area_profile(bundled, analysis.default_area(bundled))
    assert analysis.profile.gap_heading(profile).startswith(f"{profile.area}: reoffending")


def test_every_heading_copes_with_no_reports(two_areas):
    empty, _ = with_selection(two_areas, "2030", "2030", [])
    detail = analysis.judgement_detail(empty)
    stages = analysis.stage_sufficiency(detail)
    evidence = analysis.weakness_evidence(empty, detail)
    themes = analysis.theme_recurrence(evidence, 0)
    profile = analysis.area_profile(empty, "")
    headings = [
        analysis.rates.heading(analysis.rate_gaps(empty)),
        analysis.sufficiency.stages_heading(analysis.stage_summary(stages)),
        analysis.sufficiency.domains_heading(analysis.domain_sufficiency(detail)),
        analysis.sufficiency.judgements_heading(detail),
        analysis.recurrence.weaknesses_heading(themes),
        analysis.recurrence.weakness_years_heading(analysis.theme_by_year(evidence, empty)),
        analysis.recurrence.evidence_heading(evidence),
        analysis.recurrence.strengths_heading(themes),
        analysis.profile.gap_heading(profile),
        analysis.profile.domains_heading(profile),
        analysis.profile.recurrence_heading(profile),
        analysis.profile.judgements_heading(profile, detail),
    ]
    assert all(h.startswith("No ") or ": no " in h for h in headings), headings


def test_headings_are_shown_escaped():
    from sqs_analysis.charts.html import heading_html

    shown = heading_html("<script>alert('x')</script> & more")
    assert shown.startswith("<h2>") and "<script>" not in shown and "&amp; more" in shown


def test_the_notebook_api_is_small_and_every_name_is_used_or_documented():
    """``analysis`` offers at most 30 names, each called by a notebook or documented."""
    import re

    root = Path(__file__).resolve().parents[1]
    assert len(analysis.__all__) <= 30
    assert len(set(analysis.__all__)) == len(analysis.__all__)
    notebooks = " ".join(p.read_text("utf-8") for p in (root / "notebooks").glob("*.ipynb"))
    documented = (root / "docs" / "architecture.md").read_text("utf-8")
    for name in analysis.__all__:
        assert hasattr(analysis, name), name
        used = re.search(rf"\banalysis\.{name}\b", notebooks)
        assert used or f"`{name}`" in documented, f"{name}: used by no notebook, not documented"


def test_each_subject_words_its_own_findings_and_charts_word_none():
    """Findings, headings and tables live with their subject; no chart words a title."""
    from sqs_analysis import charts

    for subject, names in {
        analysis.rates: ("rate_gaps", "finding", "heading", "table"),
        analysis.sufficiency: ("judgement_detail", "finding", "stages_heading", "stage_table"),
        analysis.recurrence: ("theme_recurrence", "finding", "weaknesses_heading", "theme_table"),
        analysis.profile: ("area_profile", "finding", "gap_heading", "domain_table"),
        analysis.comparators: ("rate_comparators", "heading", "sentence", "table"),
        analysis.periods: ("compare_periods", "periods_finding", "period_tables"),
    }.items():
        assert all(callable(getattr(subject, name)) for name in names), subject.__name__
    assert not [name for name in dir(charts) if name.endswith("_title")]
    for module in ("words", "display", "period_tables"):
        source = Path(analysis.__file__).with_name(f"{module}.py")
        assert not source.exists(), module


def test_the_top_level_opens_tables_one_way(tmp_path, bundled):
    """``open_tables`` takes report files or a folder of parsed tables; no other opener."""
    import sqs_analysis
    from sqs_analysis.tables import write_tables

    assert "open_tables" in sqs_analysis.__all__
    assert not {"load_tables", "read_tables"} & set(sqs_analysis.__all__)
    write_tables(bundled, tmp_path)
    reread = sqs_analysis.open_tables(tmp_path)
    assert list(reread.reports["report_id"]) == list(bundled.reports["report_id"])


def test_writing_and_showing_live_outside_the_house_style(tmp_path):
    """style keeps the look; files are written by exports.files, shown by exports.show."""
    from sqs_analysis.charts import style
    from sqs_analysis.exports import files, show

    for gone in ("save", "save_table", "png_bytes", "show_figure", "show_table", "frame_table"):
        assert not hasattr(style, gone), gone
    assert all(callable(f) for f in (show.finding, show.heading, show.table, show.figure))
    frame = pd.DataFrame({"a": [1]})
    assert files.save_table(frame, tmp_path / "out", "A table!").name == "a-table.csv"
    fig = style.empty_figure("Nothing here.", title="No rows")
    assert files.save_figure(fig, tmp_path / "out", "A chart").read_bytes()[:4] == b"\x89PNG"
