"""Letters kept as old binary Word (.doc), RTF or OpenDocument (.odt) files, read through the
real LibreOffice as .docx (``ingest/readers/word/office.py``); refused in one line saying how
to read them where LibreOffice is missing (hidden from PATH) or turned off."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from conftest import ROOT, WITHOUT_A_TOOL, refusal_without_tool, stand_in

from sqs_analysis.ingest.corpus import parse_file
from sqs_analysis.ingest.readers.word import office

FIXTURES = ROOT / "tests" / "fixtures" / "office"
DOCX = ROOT / "tests" / "fixtures" / "published" / "knowsley-2015-header-2col.docx"
SUFFIXES = ("doc", "rtf", "odt")
SAME_FILE = ("source_file", "source_sha256", "source_format", "report_id", "issues")
"""What may differ between two copies of one letter: the file itself, and the note that the
copy was converted."""


def fixture(suffix: str) -> Path:
    return FIXTURES / f"{DOCX.stem}.{suffix}"


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_letter_in_another_word_processor_format_reads_as_its_docx_does(suffix, libreoffice):
    report, issues, row = parse_file(fixture(suffix))
    assert report is not None, row["reason"]
    original, _, _ = parse_file(DOCX)
    ours, theirs = dataclasses.asdict(report), dataclasses.asdict(original)
    assert {k: v for k, v in ours.items() if k not in SAME_FILE} == {
        k: v for k, v in theirs.items() if k not in SAME_FILE
    }
    assert row["source_format"] == suffix
    assert [i.message for i in issues] == ["read as LibreOffice converts it to .docx"]


@pytest.mark.parametrize("how", WITHOUT_A_TOOL)
@pytest.mark.parametrize("suffix", SUFFIXES)
def test_without_libreoffice_it_is_refused_in_one_line_saying_how_to_read_it(
    suffix, how, monkeypatch, tmp_path
):
    message = refusal_without_tool(
        monkeypatch, tmp_path, how, office.ENV_VAR, fixture(suffix), "libreoffice-writer-nogui"
    )
    assert "save the letter as .docx or PDF" in message


def test_when_libreoffice_cannot_convert_it_the_file_is_refused_with_its_reason(
    monkeypatch, tmp_path
):
    stand_in(
        tmp_path / "bin", "soffice", 'echo "Error: source file could not be loaded" >&2; exit 1'
    )
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    report, _, row = parse_file(fixture("doc"))
    assert report is None and row["status"] == "failed"
    assert row["reason"] == (
        "LibreOffice could not convert it to .docx (Error: source file could not be loaded)"
    )
