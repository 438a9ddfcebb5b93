"""The theme taxonomy: the data file loads, its rules place texts where a reader would, and a
broken rule is reported rather than silently ignored."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest

from sqs_analysis.analysis import taxonomy as themes
from sqs_analysis.analysis.taxonomy import (
    UNCLASSIFIED,
    classify_stage,
    deficiency_cue,
    load_taxonomy,
    match_themes,
    taxonomy,
)
from sqs_analysis.reference.sentences import split_sentences

TOML_TEXT = files("sqs_analysis.analysis").joinpath("themes.toml").read_text("utf-8")


def ids(matches: list[tuple[themes.Theme, str]]) -> set[str]:
    return {theme.id for theme, _ in matches}


def test_taxonomy_is_complete_and_documented():
    tax = taxonomy()
    for kind, group in (
        ("stage", tax.stages),
        ("weakness", tax.weaknesses),
        ("strength", tax.strengths),
    ):
        assert len(group) >= 5, kind
        assert len({t.id for t in group}) == len(group)
        assert len({t.label for t in group}) == len(group)
        for theme in group:
            assert theme.label.strip() and theme.description.strip() and theme.patterns
    stage_ids = {s.id for s in tax.stages}
    wanted = {
        "assessment",
        "planning",
        "review",
        "reports_to_court",
        "custody",
        "management_oversight",
        "engagement",
    }
    assert wanted <= stage_ids
    assert 0 < tax.low_sufficiency < 1


def test_describe_lists_every_rule_of_the_file():
    for kind in ("stage", "weakness", "strength"):
        described = {row["id"] for row in themes.describe(kind)}
        in_file = set(re.findall(rf'\[\[{kind}\]\]\s*\nid = "([^"]+)"', TOML_TEXT))
        assert described == in_file


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("'\\bsequenc',", "'(unclosed',", 1), "bad pattern"),
        (lambda t: t.replace('id = "recording"', 'id = "timeliness"', 1), "duplicate"),
        (lambda t: t.replace('stages = ["planning"]', 'stages = ["nowhere"]', 1), "unknown stages"),
    ],
)
def test_a_broken_rule_is_reported(change, message):
    broken = change(TOML_TEXT)
    assert broken != TOML_TEXT
    with pytest.raises(ValueError, match=message):
        load_taxonomy(broken)


def test_sentences_split_at_full_stops_but_not_abbreviations():
    text = (
        'One inspector said: "the plan was good." Support, e.g. mentoring, was offered. '
        "Reviews were late."
    )
    assert split_sentences(text) == [
        'One inspector said: "the plan was good."',
        "Support, e.g. mentoring, was offered.",
        "Reviews were late.",
    ]


def test_stage_from_the_judgement_sentence():
    para = "Reviews were sufficient in almost all of the cases we looked at. Recording was poor."
    match = classify_stage("Reviews were sufficient in almost all of the cases we looked at.", para)
    assert (match.stage, match.source) == ("review", "sentence")


def test_reports_to_court_context_carries_through_the_paragraph():
    para = (
        "Pre-sentence or panel reports were provided in ten of the cases sampled. All but one "
        "gave a sufficient assessment of the reasons for reoffending and clear recommendations "
        "for alternatives to custody."
    )
    evidence = split_sentences(para)[1]
    match = classify_stage(evidence, para, "All but one")
    assert (match.stage, match.source) == ("reports_to_court", "paragraph context")


def test_alternatives_to_custody_is_not_custody_but_a_custodial_sentence_is():
    alone = "Proposals gave clear recommendations for alternatives to custody in most cases."
    assert classify_stage(alone, alone).stage != "custody"
    custody = "Of the five children sentenced to custody, only two had a good enough plan."
    assert classify_stage(custody, custody).stage == "custody"


def test_two_judgements_in_one_sentence_get_their_own_stages():
    sentence = (
        "Diversity issues had been assessed in all cases and planned for sufficiently in "
        "well over three-quarters of the cases sampled."
    )
    assert classify_stage(sentence, sentence, "all cases").stage == "assessment"
    assert classify_stage(sentence, sentence, "well over three-quarters of the cases").stage == (
        "planning"
    )


def test_a_sentence_without_a_topic_takes_the_nearest_earlier_one():
    para = (
        "Risk management plans should be reviewed regularly to make sure they are up to date. "
        "This was achieved in nearly three-quarters of the relevant cases."
    )
    match = classify_stage(
        "This was achieved in nearly three-quarters of the relevant cases.", para
    )
    assert (match.stage, match.source) == ("review", "earlier sentence")


def test_nothing_to_go_on_is_unclassified():
    text = "This was achieved in most cases."
    assert classify_stage(text, text).stage == UNCLASSIFIED


def test_review_after_change_is_its_own_theme_not_routine_review():
    bullet = (
        "Plans should be kept under review and updated in response to any significant change "
        "of circumstances."
    )
    found = ids(match_themes(bullet, taxonomy().weaknesses))
    assert "review_after_change" in found
    assert "review_quality" not in found
    late = "Reviews were not completed on time in many cases."
    assert {"review_quality", "timeliness"} <= ids(match_themes(late, taxonomy().weaknesses))


def test_case_managers_are_not_management_oversight():
    text = "Case managers did not monitor the plan."
    assert "management_oversight" not in ids(match_themes(text, taxonomy().weaknesses))
    text = "Managers had not monitored the completion of the work they asked for."
    assert "management_oversight" in ids(match_themes(text, taxonomy().weaknesses))


def test_a_topicless_low_judgement_takes_the_themes_of_its_stage():
    text = "This was achieved in fewer than half of the relevant cases."
    assert match_themes(text, taxonomy().weaknesses) == []
    found = match_themes(text, taxonomy().weaknesses, stage="planning")
    assert ids(found) == {t.id for t in taxonomy().weaknesses if "planning" in t.stages}
    assert all(words == "stage: planning" for _, words in found)


@pytest.mark.parametrize(
    "sentence",
    [
        "Records did not always reflect the quality of work that had been completed.",
        "There was also a failure to address the emotional and mental health needs.",
        "Greater attention was required to address substance misuse.",
        "Some plans lacked detail and clarity.",
    ],
)
def test_deficiency_cues_find_criticism(sentence):
    assert deficiency_cue(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "In all cases we considered the response by the YOS to non-compliance was appropriate.",
        "If the child failed to attend, compliance meetings were held without delay.",
        "Case managers took time to get to know the children and young people.",
    ],
)
def test_praise_and_childrens_own_failures_are_not_deficient_practice(sentence):
    assert deficiency_cue(sentence) is None


def test_strength_themes():
    text = (
        "Good quality reports provided the courts with relevant information to assist sentencing."
    )
    assert "reports_to_court" in ids(match_themes(text, taxonomy().strengths))
    text = "There was excellent staff commitment to children and their parents/carers."
    assert {"staff_commitment", "parents_carers"} <= ids(match_themes(text, taxonomy().strengths))


def test_markdown_documents_every_rule_and_setting():
    text = themes.markdown()
    tax = taxonomy()
    for theme in (*tax.stages, *tax.weaknesses, *tax.strengths):
        assert f"`{theme.id}`" in text and theme.label in text
    assert f"{tax.low_sufficiency:.0%}" in text


def test_staff_absence_is_capacity_not_a_childs_non_attendance():
    text = "Delays were attributed to pressure of work and staff absence."
    found = ids(match_themes(text, taxonomy().weaknesses))
    assert "staffing_capacity" in found and "compliance_enforcement" not in found
    text = "Absences were not always followed up promptly."
    assert "compliance_enforcement" in ids(match_themes(text, taxonomy().weaknesses))


def test_review_after_an_escalation_counts_as_review_after_change():
    text = (
        "Gaps most often related to a failure to review the assessment when the vulnerability "
        "of the child had increased."
    )
    found = ids(match_themes(text, taxonomy().weaknesses))
    assert "review_after_change" in found and "review_quality" not in found
