"""No run is ever lost: a letter with any one line or sentence deleted still parses, and the
other letter of the run keeps every row it has alone.

Each bundled letter is damaged in turn, one line or one sentence at a time (sentences as the
project's one splitter gives them, within their line, so the line structure stays), and run
with the other, intact letter: every variant is parsed and its required fields checked; every
fourth also goes through the pair's tables and their validation, and every twentieth is
written as CSV and as the workbook (the ``slow`` sweep takes every variant through the
tables). The Word and PDF fixtures, whose text cannot be edited line by line, run whole beside
the other letter. A few damaged letters go through a real briefing (``slow``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, field_value, raw_paths, run_cli

from sqs_analysis.ingest.corpus import Corpus, parse_file
from sqs_analysis.ingest.model import Report
from sqs_analysis.ingest.parse import REQUIRED_FIELDS
from sqs_analysis.reference.sentences import split_sentences
from sqs_analysis.tables import TABLE_NAMES, Tables, corpus_tables, write_tables

PUBLISHED = ROOT / "tests" / "fixtures" / "published"
TABLES_EVERY = 4
"""Every this many variants (and the first) also get the pair's tables (all of them in the
slow sweep: the tables take ten times as long as the parse)."""
WRITE_EVERY = 20
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


def assert_missing_values_warned(report: Report, own: Report, what: str) -> bool:
    """Each required field of the damaged letter is its undamaged value, or empty with a
    warning naming it; never another value. Returns whether any was lost."""
    said = " ".join(i.message for i in report.issues)
    lost = False
    for name in REQUIRED_FIELDS:
        value, undamaged = field_value(report, name), field_value(own, name)
        if value is None:
            assert f"no {name.replace('_', ' ')} found" in said, f"{what}: no {name}, no warning"
            lost = True
        else:
            assert value == undamaged, f"{what}: {name} is {value!r}, not {undamaged!r}"
    return lost


def _pairs() -> list[tuple[Path, Path]]:
    first, second = raw_paths()[:2]
    return [(first, second), (second, first)]


def sweep(damaged: Path, intact: Path, folder: Path, tables_every: int, write_every: int) -> int:
    """Delete each line and sentence of ``damaged`` in turn and run it beside ``intact``:
    every variant is parsed and checked; every ``tables_every``-th also gets the pair's
    tables, and every ``write_every``-th is written as CSV and workbook, as is every variant
    that lost a required field (where an empty value once stopped the CSV writer). Returns
    the number of variants."""
    from sqs_analysis.exports.workbook import write_workbook

    intact_parse = parsed(intact)
    own = parsed(damaged)[0]
    intact_id = intact_parse[0].report_id
    alone = rows_of(run([intact_parse]), intact_id, intact.name)
    count = 0
    for n, (what, text) in enumerate(variants(damaged.read_text("utf-8"))):
        path = folder / damaged.name
        path.write_text(text, encoding="utf-8")
        report, issues, row = parse_file(path)
        assert row["status"] == "parsed", f"{what}: {row['reason']}"
        lost = assert_missing_values_warned(report, own, what)
        count += 1
        if n % tables_every and not lost:
            continue
        tables = run([intact_parse, (report, issues, row)])
        assert_intact_kept(alone, rows_of(tables, intact_id, intact.name), what)
        if n % write_every == 0 or lost:
            write_tables(tables, folder / "out")
            write_workbook(tables, folder / "out" / "tables.xlsx")
    return count


@pytest.mark.parametrize(("damaged", "intact"), _pairs(), ids=lambda p: p.stem)
def test_no_deleted_line_or_sentence_loses_the_run(damaged: Path, intact: Path, tmp_path):
    """Every variant parsed; a sample through the tables and the writers."""
    assert sweep(damaged, intact, tmp_path, TABLES_EVERY, WRITE_EVERY) > 200


@pytest.mark.slow
@pytest.mark.parametrize(("damaged", "intact"), _pairs(), ids=lambda p: p.stem)
def test_every_deleted_line_or_sentence_through_the_tables(damaged: Path, intact: Path, tmp_path):
    """Every variant through the pair's tables; every tenth written."""
    assert sweep(damaged, intact, tmp_path, 1, 10) > 200


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


def test_a_letter_whose_tables_cannot_be_built_is_left_out_alone(tmp_path, monkeypatch):
    """Should building the tables fail on one letter's values, that letter fails and the
    other keeps every row it has alone."""
    from sqs_analysis.ingest.corpus import parse_corpus
    from sqs_analysis.tables import build

    first, second = raw_paths()[:2]
    for path in (first, second):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    intact_parse = parse_file(tmp_path / second.name)
    intact_id = intact_parse[0].report_id
    alone = rows_of(run([intact_parse]), intact_id, second.name)
    real_row = build.report_row

    def breaks_on_first(report):
        if report.source_file == first.name:
            raise ValueError("a value the table builder cannot take")
        return real_row(report)

    monkeypatch.setattr(build, "report_row", breaks_on_first)
    corpus = parse_corpus([tmp_path])
    tables = corpus_tables(corpus)
    assert_intact_kept(alone, rows_of(tables, intact_id, second.name), "with a broken letter")
    assert corpus.failed_files == [first.name]
    row = tables.files.set_index("source_file").loc[first.name]
    assert row["status"] == "failed" and "cannot take" in row["reason"]
    assert first.name not in set(tables.reports["source_file"])


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


EXPECTED_CHECK = {
    "no-footnote": "footnote marker 1 has no footnote",
    "no-rate-sentence": "footnote 1 is marked nowhere in the text",
    "no-numbered-findings": "before its first numbered paragraph",
}
"""What the briefing's appendix says of each damaged letter."""


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
    appendix = page[page.index('id="appendix"') :]
    assert "Consistency checks" in appendix
    assert EXPECTED_CHECK[damage] in appendix
