"""No run is ever lost: a letter with any one line or sentence deleted still parses, and the
other letter of the run keeps every row it has alone.

Each bundled letter is damaged in turn, one line or one sentence at a time (sentences as the
project's one splitter gives them, within their line, so the line structure stays), and run
with the other, intact letter through parsing, the tables and their validation; every tenth
variant is also written as CSV and as the workbook. The Word and PDF fixtures, whose text
cannot be edited line by line, run whole beside the other letter. A few damaged letters go
through a real briefing (marked ``slow``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, raw_paths, run_cli

from sqs_analysis.ingest.corpus import Corpus, parse_file
from sqs_analysis.ingest.parse import REQUIRED_FIELDS
from sqs_analysis.reference.sentences import split_sentences
from sqs_analysis.tables import TABLE_NAMES, Tables, corpus_tables, write_tables

PUBLISHED = ROOT / "tests" / "fixtures" / "published"
WRITE_EVERY = 10
"""Every this many variants (and the first) are also written as CSV and as the workbook."""
PER_FILE_TABLES = ("files", "parse_issues")
"""Tables whose rows belong to a file rather than to a report."""


def variants(text: str) -> Iterator[tuple[str, str]]:
    """(what was deleted, damaged text) for each line and each sentence of ``text``, each
    distinct damaged text once."""
    lines = text.split("\n")
    seen = {text}

    def damaged(i: int, new_line: str | None) -> str:
        kept = lines[:i] + ([] if new_line is None else [new_line]) + lines[i + 1 :]
        return "\n".join(kept)

    for i, line in enumerate(lines):
        candidates = [(f"line {i + 1}", damaged(i, None))]
        sentences = split_sentences(line)
        if len(sentences) > 1 or (sentences and sentences[0] != line.strip()):
            for k, sentence in enumerate(sentences, start=1):
                source = line if sentence in line else " ".join(line.split())
                cut = source.replace(sentence, "", 1)
                candidates.append((f"line {i + 1} sentence {k}", damaged(i, cut)))
        for label, new_text in candidates:
            if new_text not in seen:
                seen.add(new_text)
                yield label, new_text


@functools.cache
def parsed(path: Path) -> tuple:
    """``parse_file`` of a bundled or fixture letter, once per test run."""
    return parse_file(path)


def run(parts: list[tuple]) -> Tables:
    """The validated tables of a run over already parsed files, as ``parse`` makes them."""
    corpus = Corpus()
    for report, issues, row in parts:
        if report is not None:
            corpus.reports.append(report)
        corpus.issues.extend(issues)
        corpus.files.append(row)
    return corpus_tables(corpus)


def rows_of(tables: Tables, report_id: str, source_file: str) -> dict[str, pd.DataFrame]:
    """Every table's rows for one letter (by report, or by file for the per-file tables)."""
    out = {}
    for name, df in tables.items():
        key, value = (
            ("source_file", source_file) if name in PER_FILE_TABLES else ("report_id", report_id)
        )
        out[name] = df[df[key] == value].reset_index(drop=True)
    return out


def assert_intact_kept(
    alone: dict[str, pd.DataFrame], together: dict[str, pd.DataFrame], what: str
):
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(together[name], alone[name], obj=f"{name} ({what})")


def assert_missing_values_warned(tables: Tables, own: pd.Series, source_file: str, what: str):
    """Each required field of the damaged letter is its undamaged value, or empty with a
    warning naming it; never another value."""
    rows = tables.reports[tables.reports["source_file"] == source_file]
    assert len(rows) == 1, f"{what}: no reports row for the damaged letter"
    row = rows.iloc[0]
    warnings = tables.parse_issues[tables.parse_issues["source_file"] == source_file]
    said = " ".join(warnings["message"])
    for name in REQUIRED_FIELDS:
        column = "reoffending_rate" if name == "reoffending_rate" else name
        if pd.isna(row[column]):
            assert name.replace("_", " ") in said or f"reports.{column}" in said, (
                f"{what}: {column} is empty without a warning"
            )
        else:
            assert row[column] == own[column], (
                f"{what}: {column} is {row[column]!r}, not the letter's {own[column]!r}"
            )


def _pairs() -> list[tuple[Path, Path]]:
    first, second = raw_paths()[:2]
    return [(first, second), (second, first)]


@pytest.mark.parametrize(("damaged", "intact"), _pairs(), ids=lambda p: p.stem)
def test_no_deleted_line_or_sentence_loses_the_run(damaged: Path, intact: Path, tmp_path):
    intact_parse = parsed(intact)
    own_parse = parsed(damaged)
    intact_id = intact_parse[0].report_id
    alone = rows_of(run([intact_parse]), intact_id, intact.name)
    own = run([own_parse]).reports.iloc[0]
    count = 0
    for n, (what, text) in enumerate(variants(damaged.read_text("utf-8"))):
        path = tmp_path / damaged.name
        path.write_text(text, encoding="utf-8")
        report, issues, row = parse_file(path)
        assert row["status"] == "parsed", f"{what}: {row['reason']}"
        tables = run([intact_parse, (report, issues, row)])
        assert_intact_kept(alone, rows_of(tables, intact_id, intact.name), what)
        assert_missing_values_warned(tables, own, damaged.name, what)
        if n % WRITE_EVERY == 0:
            from sqs_analysis.exports.workbook import write_workbook

            write_tables(tables, tmp_path / "out")
            write_workbook(tables, tmp_path / "out" / "tables.xlsx")
        count += 1
    assert count > 100  # every line and sentence of a whole letter


@pytest.mark.parametrize(
    ("fixture", "intact"),
    [
        ("knowsley-2015-header-2col.docx", "000_cdae3357bb4e06c4.txt"),
        ("southend-2016-header-4col.pdf", "001_e207b1224d1600bb.txt"),
    ],
)
def test_word_and_pdf_letters_run_whole_beside_another(fixture: str, intact: str, tmp_path):
    from sqs_analysis.exports.workbook import write_workbook

    intact_path = ROOT / "data" / "raw" / intact
    intact_parse = parsed(intact_path)
    intact_id = intact_parse[0].report_id
    alone = rows_of(run([intact_parse]), intact_id, intact)
    report, issues, row = parsed(PUBLISHED / fixture)
    assert row["status"] == "parsed", row["reason"]
    tables = run([intact_parse, (report, issues, row)])
    assert_intact_kept(alone, rows_of(tables, intact_id, intact), fixture)
    assert row["checks_failed"] == 0, [(i.check, i.message) for i in issues if i.check]
    assert row["coverage"] == 1.0
    write_tables(tables, tmp_path / "out")
    write_workbook(tables, tmp_path / "out" / "tables.xlsx")


# ---------------------------------------------------------------- through a real briefing
def _without_footnote(text: str) -> str:
    """The letter with its footnote's text gone (the marker stays)."""
    lines = text.split("\n")
    return "\n".join(ln for ln in lines if not (ln.startswith(("<sup>", "¹")) and "cohort" in ln))


def _without_rate_sentence(text: str) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        sentences = split_sentences(line)
        for sentence in sentences:
            if "published reoffending rate" in sentence:
                lines[i] = " ".join(s for s in sentences if s != sentence)
    return "\n".join(lines)


def _without_numbered_findings(text: str) -> str:
    from sqs_analysis.ingest.letter import PARAGRAPH_START

    return "\n".join(ln for ln in text.split("\n") if not PARAGRAPH_START.match(ln.strip()))


DAMAGES = {
    "no-footnote": _without_footnote,
    "no-rate-sentence": _without_rate_sentence,
    "no-numbered-findings": _without_numbered_findings,
}


@pytest.mark.slow
@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_letter_still_gives_a_briefing(damage: str, tmp_path):
    first, second = raw_paths()[:2]
    damaged_path, intact_path = (first, second) if damage != "no-rate-sentence" else (second, first)
    text = damaged_path.read_text("utf-8")
    damaged_text = DAMAGES[damage](text)
    assert damaged_text != text, f"{damage}: nothing was deleted"
    data = tmp_path / "data"
    data.mkdir()
    (data / damaged_path.name).write_text(damaged_text, encoding="utf-8")
    (data / intact_path.name).write_bytes(intact_path.read_bytes())
    done = run_cli("brief", "--data", data, "--out", tmp_path / "briefings", timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    page = next((tmp_path / "briefings").glob("*/briefing.html")).read_text("utf-8")
    tables = next((tmp_path / "briefings").glob("*/tables"))
    reports = pd.read_csv(tables / "reports.csv")
    assert len(reports) == 2
    assert intact_path.name in page and damaged_path.name in page
