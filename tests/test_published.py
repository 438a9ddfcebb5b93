"""The reports as they are published parse to their seeds' answer keys.

Every fixture of ``tests/fixtures/published`` (the bundled reports laid out as Word letters and
exported to PDF by LibreOffice, see ``manifest.json``) is read the way a user's file is: the PDF
through PDFium, the Word copy through python-docx, each file on its own (a batch would count
the copies of one report as duplicates). Each must give every field of its seed's answer key,
every core judgement with its sufficiency in the key's range and no judgement the seed itself
does not give, the strengths, the areas for improvement and the copy list; in fact the very
report the seed's text gives.
"""

from __future__ import annotations

import dataclasses
import functools
import json

import pytest
from conftest import ROOT, assign, matches, wrong_fields

from sqs_analysis.ingest.corpus import parse_file
from sqs_analysis.ingest.model import Report
from sqs_analysis.ingest.readers import read_document

FIXTURES = ROOT / "tests" / "fixtures" / "published"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text("utf-8"))
CASES = [(name, kind) for name in sorted(MANIFEST) for kind in ("pdf", "docx")]


@functools.cache
def parsed(name: str, kind: str) -> tuple[Report, list, dict]:
    report, issues, row = parse_file(FIXTURES / MANIFEST[name][kind])
    assert report is not None, issues
    return report, issues, row


@functools.cache
def seed(name: str) -> Report:
    report, issues, _ = parse_file(ROOT / MANIFEST[name]["seed"])
    assert report is not None, issues
    return report


def gold(name: str) -> dict:
    return json.loads((ROOT / MANIFEST[name]["answer_key"]).read_text("utf-8"))


@pytest.fixture(params=CASES, ids=lambda case: f"{case[0]}.{case[1]}")
def case(request) -> tuple[str, str, Report, dict]:
    name, kind = request.param
    report, _, _ = parsed(name, kind)
    return name, kind, report, gold(name)


def test_every_fixture_is_read_by_its_own_library():
    for name, kind in CASES:
        doc = read_document(FIXTURES / MANIFEST[name][kind])
        assert doc.source_format == kind
        if kind == "pdf":
            assert doc.pages == MANIFEST[name]["measured"]["pages"]
        assert "\ufffe" not in doc.text and "\x02" not in doc.text
        _, _, row = parsed(name, kind)
        assert (row["status"], row["source_format"]) == ("parsed", kind)


def test_every_report_field(case):
    _, _, report, key = case
    assert wrong_fields(key, report) == {}


def test_paragraphs_and_domains(case):
    _, _, report, key = case
    assert [f.paragraph for f in report.findings] == key["paragraphs"]
    assert {f.paragraph: f.domain for f in report.findings} == {
        p: key["domains"][p.split(".")[0]] for p in key["paragraphs"]
    }


def test_core_judgements_found_and_nothing_the_seed_does_not_give(case):
    name, _, report, key = case
    missing, extra = assign(key["judgements"], report.judgements)
    assert [g for g in missing if g["core"]] == []
    _, seed_extra = assign(key["judgements"], seed(name).judgements)

    def what(j):
        return (j.paragraph, j.polarity, j.quantifier_text, j.numerator, j.denominator)

    assert sorted(map(what, extra)) == sorted(map(what, seed_extra))
    assert sorted(map(what, report.judgements)) == sorted(map(what, seed(name).judgements))
    for g in key["judgements"]:
        hit = next((j for j in report.judgements if matches(g, j)), None)
        if hit is not None:
            assert g["evidence"].split(" ... ")[0] in hit.evidence
            if g["count"] and None not in g["count"] and g["core"]:
                assert [hit.numerator, hit.denominator] == g["count"]


def test_bullet_lists_and_copy_list(case):
    name, _, report, key = case
    assert report.strengths == key["key_strengths"]
    assert report.improvements == key["areas_for_improvement"]
    assert len(report.copy_list) == key["copy_list_size"]
    assert all(role and names for role, names in report.copy_list)
    assert report.copy_list == seed(name).copy_list


def test_the_published_copy_says_exactly_what_its_seed_says(case):
    """Sections, evidence sentences, finding texts, footnoted cohort: nothing lost, nothing
    added by the layout."""
    name, kind, report, _ = case
    skip = {"source_file", "source_sha256", "source_format", "issues"}

    def comparable(r: Report) -> dict:
        return {k: v for k, v in dataclasses.asdict(r).items() if k not in skip}

    assert comparable(report) == comparable(seed(name))
    assert report.source_format == kind
    _, issues, _ = parsed(name, kind)
    assert [i.message for i in issues] == [i.message for i in seed(name).issues]
