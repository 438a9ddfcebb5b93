"""Letters written from the phrase bank, parsed end to end from text, Markdown and HTML files.

The letter around the findings is the synthetic builder's, whose facts the parser reads today:
those and the numbered paragraphs are asserted strictly. The judgements in the paragraphs are
the bank's tune examples, held to the same targets as the bank's own tune score.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from generators.bank import Score, compare, examples
from generators.bankletters import build_letters, write_letters
from generators.synth import render
from test_phrasebank import PRECISION_TARGET, RECALL_TARGET

from sqs_analysis.ingest.corpus import parse_file
from sqs_analysis.ingest.model import Report


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("bankletters")
    key = json.loads(write_letters(out, seed=3).read_text("utf-8"))
    return out, key


@pytest.fixture(scope="module")
def parsed(letters) -> list[tuple[dict[str, Any], Report]]:
    out, key = letters
    pairs = []
    for letter in key["letters"]:
        report, issues, row = parse_file(out / letter["source_file"])
        assert report is not None, row["reason"]
        assert not [i for i in issues if i.severity == "error"], issues
        pairs.append((letter, report))
    return pairs


def test_every_tune_example_is_written_once_and_no_held_out_one(letters) -> None:
    _, key = letters
    written = [p["text"] for letter in key["letters"] for p in letter["paragraphs"]]
    assert sorted(written) == sorted(
        ex["paragraph_text"] for _, ex in examples("judgement", "tune")
    )
    held_out = {ex["paragraph_text"] for _, ex in examples("judgement", "held_out")}
    assert not held_out & set(written)
    assert {Path(letter["source_file"]).suffix for letter in key["letters"]} == {
        ".txt",
        ".md",
        ".html",
    }


def test_same_seed_same_bytes() -> None:
    first = [render(report, 5) for report, _ in build_letters(seed=5)[:4]]
    again = [render(report, 5) for report, _ in build_letters(seed=5)[:4]]
    assert first == again


def test_refuses_to_write_into_data_raw(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="data/raw"):
        write_letters(tmp_path / "data" / "raw")


def test_letter_facts_are_read(parsed) -> None:
    for letter, report in parsed:
        got = {
            "area": report.area,
            "service_type": report.service_type,
            "publication_date": report.publication_date.isoformat(),
            "fieldwork_start": report.fieldwork_start.isoformat(),
            "fieldwork_end": report.fieldwork_end.isoformat(),
            "cases_examined": report.cases_examined,
            "reoffending_rate": report.rate.reoffending_rate,
            "national_average": report.rate.national_average,
            "rate_published": report.rate.rate_published,
            "cohort_start": report.rate.cohort_start,
            "cohort_end": report.rate.cohort_end,
            "lead_inspector": report.lead_inspector,
        }
        assert got == letter["fields"], letter["source_file"]


def test_findings_are_the_bank_paragraphs(parsed) -> None:
    for letter, report in parsed:
        want = [(p["paragraph"], p["text"]) for p in letter["paragraphs"]]
        got = [(f.paragraph, " ".join(f.text.split())) for f in report.findings]
        assert got == want, letter["source_file"]


def score_letters(parsed) -> Score:
    score = Score()
    for letter, report in parsed:
        for para in letter["paragraphs"]:
            found = [j for j in report.judgements if j.paragraph == para["paragraph"]]
            score.add(compare(para["entry"], para["text"], para["expect"], found))
    return score


def test_score_counts_every_expected_judgement(parsed) -> None:
    score = score_letters(parsed)
    want = sum(len(ex["expect"]) for _, ex in examples("judgement", "tune"))
    assert score.expected == want and len(score.outcomes) == len(examples("judgement", "tune"))


def test_parser_reads_the_judgements_in_bank_letters(parsed) -> None:
    score = score_letters(parsed)
    print("\n" + score.line("bank letters (tune examples in whole letters)"))
    assert score.recall >= RECALL_TARGET
    assert score.precision >= PRECISION_TARGET
