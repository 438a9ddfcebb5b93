"""Every file accounted for: skipped files, copies that agree and copies that disagree.

Each file under an input folder gets a row in ``files`` saying what became of it; nothing is
skipped in silence, and two copies of one report that say different things are never merged
without saying where they differ.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import gold_for, run_cli

from sqs_analysis.ingest.corpus import parse_corpus, report_differences


def with_national_average(text: str, gold: dict, new: float) -> str:
    """The report's text with its England and Wales average (from its answer key) changed."""
    old = f"{gold['report']['national_average']}%"
    assert text.count(old) == 1, "the average should be quoted once"
    return text.replace(old, f"{new}%")


def test_every_file_in_a_folder_gets_a_row_and_unsupported_ones_say_why(tmp_path, raw_reports):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(raw_reports[0], folder / raw_reports[0].name)
    with zipfile.ZipFile(folder / "letters.zip", "w") as archive:
        archive.write(raw_reports[1], raw_reports[1].name)
    (folder / "sub" / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    (folder / "old letter.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 64)
    (folder / "README").write_text("notes", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")

    corpus = parse_corpus([folder])
    status = {row["source_file"]: row["status"] for row in corpus.files}
    assert status == {
        raw_reports[0].name: "parsed",
        "letters.zip": "skipped",
        "scan.png": "skipped",
        "old letter.doc": "failed",  # a report's type, read through LibreOffice or refused
        "README": "skipped",
        ".DS_Store": "skipped",
    }
    reasons = {row["source_file"]: row["reason"] for row in corpus.files}
    assert "unsupported file type '.zip'" in reasons["letters.zip"]
    assert "LibreOffice" in reasons["old letter.doc"]
    assert "'(none)'" in reasons["README"]
    assert "hidden" in reasons[".DS_Store"]
    assert reasons[raw_reports[0].name] is None
    warned = {i.source_file for i in corpus.issues if i.message.startswith("skipped: ")}
    assert warned == {name for name, s in status.items() if s == "skipped"}


def test_the_command_line_names_each_skipped_file_on_one_line(tmp_path, raw_reports):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(raw_reports[0], folder)
    (folder / "letters.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    result = run_cli("parse", folder, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "letters.zip" in line]
    assert len(lines) == 1 and "skipped" in lines[0]
    assert "1 skipped" in result.stderr.splitlines()[-1]
    files = (tmp_path / "out" / "files.csv").read_text("utf-8")
    assert "letters.zip" in files and "skipped" in files


def test_a_run_in_which_no_file_could_be_parsed_exits_non_zero(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "letters.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    (folder / "letter.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 64)
    result = run_cli("parse", folder, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert "parsed 0 report(s) from 2 file(s)" in result.stderr


def test_copies_that_disagree_name_both_files_the_field_and_both_values(tmp_path, raw_reports):
    source = raw_reports[0]
    gold = gold_for(source)
    text = source.read_text("utf-8")
    (tmp_path / "a-published.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b-council-copy.txt").write_text(
        with_national_average(text, gold, 39.4), encoding="utf-8"
    )

    corpus = parse_corpus([tmp_path])
    assert len(corpus.reports) == 1
    kept = corpus.reports[0]
    assert kept.source_file == "a-published.txt", "the first copy in path order is used"
    assert kept.rate.national_average == gold["report"]["national_average"]
    copy_row = next(r for r in corpus.files if r["source_file"] == "b-council-copy.txt")
    assert copy_row["status"] == "duplicate"
    (issue,) = [i for i in corpus.issues if i.source_file == "b-council-copy.txt"]
    assert "disagrees with a-published.txt" in issue.message
    assert f"national_average: {gold['report']['national_average']} in a-published.txt" in (
        issue.message
    )
    assert "39.4 here" in issue.message
    assert issue.message == copy_row["reason"]


def test_exact_copies_are_counted_once_without_a_disagreement(tmp_path, raw_reports):
    for name in ("a.txt", "b.txt"):
        shutil.copy(raw_reports[1], tmp_path / name)
    corpus = parse_corpus([tmp_path])
    (issue,) = corpus.issues
    assert "duplicate of a.txt (identical bytes" in issue.message
    assert "disagrees" not in issue.message


def test_a_copy_differing_only_in_layout_is_not_a_disagreement(tmp_path, raw_reports):
    """Line breaks and spacing change between a PDF and a copy; the facts do not."""
    text = raw_reports[1].read_text("utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text.replace("\n\n", "\n\n\n").replace(". ", ".  "), "utf-8")
    corpus = parse_corpus([tmp_path])
    (issue,) = corpus.issues
    assert "duplicate of a.txt (same report" in issue.message


@pytest.mark.parametrize("index", [0, 1])
def test_report_differences_lists_changed_judgements(raw_reports, index):
    from sqs_analysis.ingest.corpus import parse_file

    report, _, _ = parse_file(raw_reports[index])
    assert report is not None
    assert report_differences(report, report) == []
    changed, _, _ = parse_file(raw_reports[index])
    assert changed is not None
    changed.judgements = changed.judgements[1:]
    changed.rate.cohort_start = "1999-01"
    names = [name for name, _, _ in report_differences(report, changed)]
    assert "cohort_start" in names
    assert any(name.startswith("judgement in ") for name in names)


def test_nothing_found_in_an_empty_folder_is_said(tmp_path):
    (tmp_path / "empty").mkdir()
    corpus = parse_corpus([tmp_path / "empty"])
    assert [i.message for i in corpus.issues] == ["folder holds no report files"]
    assert corpus.files == []


def test_outputs_inside_the_data_folder_are_left_out_with_one_warning(tmp_path, raw_reports):
    data = tmp_path / "data"
    outputs = data / "briefings" / "b1"
    outputs.mkdir(parents=True)
    shutil.copy(raw_reports[0], data)
    for i in range(3):
        (outputs / f"table{i}.csv").write_text("a\n1\n", encoding="utf-8")
    corpus = parse_corpus([data], exclude=[data / "briefings"])
    assert [r["source_file"] for r in corpus.files] == [raw_reports[0].name]
    (issue,) = corpus.issues
    assert issue.message.startswith("3 file(s) under") and Path(str(data)).name in issue.message
