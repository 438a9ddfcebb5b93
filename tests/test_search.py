"""The evidence search: word forms, phrases, ranking, filters, judgements and the command."""

from __future__ import annotations

import csv

import pytest
from conftest import make_judgement, make_report, manifest_row, run_cli

from sqs_analysis import analysis
from sqs_analysis.analysis.query import mark, match, parse_query, stem, tokenize
from sqs_analysis.analysis.search import evidence_corpus, no_match_message, search
from sqs_analysis.ingest.model import Finding
from sqs_analysis.tables import build_tables, load_tables


@pytest.fixture(scope="module")
def real_tables(raw_reports):
    return load_tables(raw_reports)


def tables_with(*texts: str, improvements=(), strengths=(), judgements=()):
    """Tables of one hand-built report whose paragraph 1.1 holds ``texts`` as sentences."""
    report = make_report(
        findings=[Finding("1.1", "protecting_the_child", "Protecting the child", " ".join(texts))],
        judgements=list(judgements),
        improvements=list(improvements),
        strengths=list(strengths),
    )
    return build_tables([report], [manifest_row(report)], [])


@pytest.mark.parametrize(
    ("forms", "same"),
    [
        (("exploit", "exploited", "exploitation", "exploitative", "Exploiting"), True),
        (("review", "reviews", "reviewed", "reviewing", "reviewers"), True),
        (("plan", "plans", "planned", "planning"), True),
        (("assess", "assessed", "assessment", "assessments", "assessing"), True),
        (("child", "children", "child's", "CHILD"), True),
        (("offence", "offences"), True),
        (("agency", "agencies"), True),
        (("plan", "plant"), False),
        (("review", "view"), False),
        (("sexual", "sex"), False),
    ],
)
def test_the_stemmer_joins_word_forms_and_only_them(forms, same):
    stems = {stem(f) for f in forms}
    assert (len(stems) == 1) is same, stems


def test_a_quoted_phrase_is_one_term_and_common_words_are_dropped_outside_quotes():
    query = parse_query('risk of "child sexual exploitation" and the review')
    assert [t.stems for t in query.terms] == [
        ("risk",),
        ("child", "sexual", "exploit"),
        ("review",),
    ]
    assert [t.phrase for t in query.terms] == [False, True, False]
    # an unbalanced quote is read as plain words, never an error
    assert [t.stems for t in parse_query('"child exploitation').terms] == [("child",), ("exploit",)]


def test_a_phrase_matches_only_its_words_together_in_order():
    phrase = parse_query('"sexual exploitation"')
    assert match(phrase, tokenize("Alert to child sexual exploitation.")) is not None
    assert match(phrase, tokenize("Children were sexually exploited.")) is not None
    assert match(phrase, tokenize("Exploitation, sexual or criminal.")) is None
    assert match(phrase, tokenize("Sexual health and exploitation.")) is None


def test_matched_words_are_marked_where_they_stand():
    text = "Plans were Reviewed, and reviews were timely."
    found = match(parse_query("review"), tokenize(text))
    assert mark(text, found.spans) == "Plans were **Reviewed**, and **reviews** were timely."
    both = match(parse_query("plans reviewed"), tokenize("The plans reviewed were good."))
    assert mark("The plans reviewed were good.", both.spans) == "The **plans reviewed** were good."


def test_search_is_case_insensitive_and_finds_word_forms_in_the_real_reports(real_tables):
    results = search(real_tables, "EXPLOIT")
    words = " ".join(results["marked"].str.lower())
    assert "**exploited**" in words and "**exploitation**" in words
    assert results["text"].str.lower().str.contains("exploit").all()
    every = evidence_corpus(real_tables).frame
    assert len(results) == every["text"].str.lower().str.contains("exploit").sum()


def test_search_covers_findings_strengths_and_improvements_with_where_they_stand(real_tables):
    corpus = evidence_corpus(real_tables).frame
    assert set(corpus["source"]) == {"finding", "key strength", "area for improvement"}
    assert len(corpus[corpus["source"] == "key strength"]) == len(real_tables.strengths)
    assert len(corpus[corpus["source"] == "area for improvement"]) == len(real_tables.improvements)
    results = search(real_tables, '"child sexual exploitation"')
    assert len(results) >= 2
    for column in ("area", "publication_date", "region", "domain", "paragraph", "theme"):
        assert results[column].notna().all(), column
    assert (results["domain"] == "Protecting the child").all()
    assert results["theme"].str.contains("exploitation", case=False).all()


def test_a_sentence_carries_its_judgement(real_tables):
    judged = real_tables.judgements.iloc[0]
    reports = real_tables.reports.set_index("report_id")
    area = reports.loc[judged["report_id"], "area"]
    results = search(real_tables, f'"{judged["evidence"]}"', areas=[area])
    assert len(results) >= 1
    top = results.iloc[0]
    assert top["paragraph"] == judged["paragraph"]
    assert str(judged["quantifier_text"]) in top["judgement"]
    assert f"{100 * judged['sufficiency']:.0f}%" in top["judgement"]


def test_ranking_puts_more_terms_then_the_phrase_then_closeness_first():
    tables = tables_with(
        "Plans were good.",
        "Reviews of plans were late.",
        "Plans were reviewed late by managers who had many other tasks to review.",
        "Some plans reviewed were good.",
    )
    ranked = search(tables, "plans reviewed", match_all=False)["text"].tolist()
    assert ranked == [
        "Some plans reviewed were good.",  # both words, next to each other as typed
        "Reviews of plans were late.",  # both words, 3 words apart
        "Plans were reviewed late by managers who had many other tasks to review.",
        "Plans were good.",  # only one term
    ]
    assert "Plans were good." not in search(tables, "plans reviewed")["text"].tolist()


def test_filters_by_region_area_period_domain_theme_and_source(real_tables):
    north_west = search(real_tables, "review", regions=["north west"])
    assert len(north_west) > 0 and set(north_west["region"]) == {"North West"}
    areas = set(real_tables.reports["area"])
    for area in areas:
        assert set(search(real_tables, "review", areas=area.upper())["area"]) == {area}
    year = int(real_tables.reports["publication_date"].dt.year.min())
    dated = search(real_tables, "review", period_start=str(year), period_end=str(year))
    assert len(dated) > 0 and set(dated["year"]) == {year}
    assert search(real_tables, "review", period_start="2999").empty
    child = search(real_tables, "", domains=["protecting_the_child"])
    assert len(child) > 0 and set(child["domain"]) == {"Protecting the child"}
    themed = search(real_tables, "", themes=["Safeguarding and exploitation"])
    assert len(themed) > 0
    assert themed["theme"].str.contains("Safeguarding and exploitation").all()
    bullets = search(real_tables, "", sources="area for improvement")
    assert len(bullets) == len(real_tables.improvements)
    with pytest.raises(ValueError, match="not a date"):
        search(real_tables, "review", period_start="last spring")


def test_no_match_is_an_empty_frame_with_the_columns():
    results = search(tables_with("Plans were good."), "zebra")
    assert results.empty
    assert list(results.columns) == analysis.search(tables_with("x."), "zebra").columns.tolist()
    assert "zebra" in no_match_message("zebra", regions=["Wales"])


def test_weakness_and_strength_themes_follow_what_the_text_says():
    tables = tables_with(
        "Plans were not reviewed after a significant change in circumstances.",
        "Staff were committed and enthusiastic.",
        improvements=["Management oversight of risk should be stronger."],
        judgements=[make_judgement("1.1", 1, 0.1, 0.3, "Plans were not reviewed")],
    )
    corpus = evidence_corpus(tables).frame.set_index("text")["theme"]
    weakness = analysis.weakness_evidence(tables)
    expected = set(
        weakness.loc[weakness["text"].str.startswith("Plans were not"), "theme_label"].tolist()
    )
    assert (
        set(
            corpus["Plans were not reviewed after a significant change in circumstances."].split(
                "; "
            )
        )
        == expected
    )


def test_weaknesses_and_strengths_are_read_as_notebook_3_reads_them(real_tables):
    weak = search(real_tables, "", reads_as="weakness")
    assert set(weak["reads_as"]) == {"weakness"}
    assert (weak["source"] == "area for improvement").sum() == len(real_tables.improvements)
    assert not (weak["source"] == "key strength").any()
    criticised = set(analysis.weakness_evidence(real_tables)["text"])
    findings = set(weak.loc[weak["source"] == "finding", "text"])
    assert findings and findings <= criticised
    strong = search(real_tables, "", reads_as="strength")
    assert (strong["source"] == "key strength").sum() == len(real_tables.strengths)
    assert not (strong["source"] == "area for improvement").any()
    assert not set(strong["text"]) & findings


def test_search_command_prints_a_table_writes_csv_and_says_when_nothing_matches(tmp_path):
    out = tmp_path / "hits.csv"
    result = run_cli(
        "search", "exploit", "--data", "data/raw", "--region", "North West", "--csv", out
    )
    assert result.returncode == 0, result.stderr
    assert "**exploit" in result.stdout and "North West" in result.stdout
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and {r["region"] for r in rows} == {"North West"}
    assert all("exploit" in r["text"].lower() for r in rows)
    weak = run_cli(
        "search", "review", "--data", "data/raw", "--weaknesses", "--csv", out, "--limit", "0"
    )
    assert weak.returncode == 0, weak.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and {r["reads_as"] for r in rows} == {"weakness"}
    assert weak.stdout.count("(weakness)") + weak.stdout.count("reads as a weakness") == len(rows)
    none = run_cli("search", "zebra crossing", "--data", "data/raw")
    assert none.returncode == 0, none.stderr
    assert "No sentence, key strength or area for improvement matches" in none.stdout
    bad = run_cli("search", "x", "--data", tmp_path / "missing")
    assert bad.returncode == 2 and "no such data folder" in bad.stderr
