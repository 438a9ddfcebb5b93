"""The bundled reports parse to their hand-made answer keys (tests/fixtures/gold/*.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import assign, matches, wrong_fields

from sqs_analysis.ingest.corpus import parse_file
from sqs_analysis.ingest.model import Report

ROOT = Path(__file__).resolve().parents[1]
GOLD_FILES = sorted((ROOT / "tests" / "fixtures" / "gold").glob("*.json"))


def load_gold(path: Path) -> tuple[dict, Report]:
    gold = json.loads(path.read_text("utf-8"))
    report, issues, _ = parse_file(ROOT / "data" / "raw" / gold["source"])
    assert report is not None, issues
    return gold, report


@pytest.fixture(params=GOLD_FILES, ids=lambda p: p.stem)
def gold_and_report(request):
    return load_gold(request.param)


def test_gold_files_are_bundled():
    assert len(GOLD_FILES) == 2


def test_every_report_field(gold_and_report):
    gold, report = gold_and_report
    assert wrong_fields(gold, report) == {}


def test_paragraphs_and_domains(gold_and_report):
    gold, report = gold_and_report
    assert [f.paragraph for f in report.findings] == gold["paragraphs"]
    for f in report.findings:
        assert f.domain == gold["domains"][f.paragraph.split(".")[0]]


def test_core_judgements_found_with_at_most_one_extra(gold_and_report):
    gold, report = gold_and_report
    missing, extra = assign(gold["judgements"], report.judgements)
    missing_core = [g for g in missing if g["core"]]
    assert missing_core == []
    assert len(extra) <= 1, [(j.paragraph, j.quantifier_text, j.evidence) for j in extra]


def test_judgements_keep_their_evidence_sentence(gold_and_report):
    gold, report = gold_and_report
    for g in gold["judgements"]:
        hit = next((j for j in report.judgements if matches(g, j)), None)
        if hit is None:
            continue
        first_words = g["evidence"].split(" ... ")[0]
        assert first_words in hit.evidence
        assert hit.sufficiency_low <= hit.sufficiency <= hit.sufficiency_high


def test_explicit_counts_are_exact(gold_and_report):
    gold, report = gold_and_report
    for g in gold["judgements"]:
        if not g["count"] or None in g["count"] or not g["core"]:
            continue
        hit = next(j for j in report.judgements if matches(g, j))
        assert [hit.numerator, hit.denominator] == g["count"]
        assert hit.basis == "count"


def test_not_judgements_are_left_out(gold_and_report):
    gold, report = gold_and_report
    _, extra = assign(gold["judgements"], report.judgements)
    for nj in gold["not_judgements"]:
        wrongly = [
            j for j in extra if j.paragraph == nj["paragraph"] and nj["evidence"] in j.evidence
        ]
        assert wrongly == [], nj["why"]


def test_bullet_lists_and_copy_list(gold_and_report):
    gold, report = gold_and_report
    assert report.strengths == gold["key_strengths"]
    assert report.improvements == gold["areas_for_improvement"]
    assert len(report.copy_list) == gold["copy_list_size"]
    assert all(role and names for role, names in report.copy_list)


def test_tables_keep_every_judgement_the_parser_found():
    """Validation drops nothing the parser produced for the bundled reports."""
    from sqs_analysis.tables import load_tables

    tables = load_tables(ROOT / "data" / "raw")
    assert tables.parse_issues.empty, tables.parse_issues.to_dict("records")
    parsed = sum(len(load_gold(p)[1].judgements) for p in GOLD_FILES)
    assert len(tables.judgements) == parsed
