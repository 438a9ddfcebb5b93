"""Pages with nothing to read, read by OCR: an image-only scan, a text layer whose fonts decode
to nonsense, and a scanned page among pages of text (``ingest/readers/pdf/ocr.py``).

With Tesseract, each is read to its letter's answer key through the real Tesseract and PDFium;
without it (hidden from PATH, or turned off), the file is refused in one line that says how to
read it, and a scanned page among text pages is named as missing, never dropped in silence.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pytest
from conftest import (
    ROOT,
    WITHOUT_A_TOOL,
    assign,
    field_value,
    refusal_without_tool,
    stand_in,
    without_tool,
)

from sqs_analysis.ingest.corpus import parse_file
from sqs_analysis.ingest.readers import ReadError, read_document
from sqs_analysis.ingest.readers.pdf import ocr

FIXTURES = ROOT / "tests" / "fixtures" / "producers"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text("utf-8"))
SCANS = sorted(n for n, e in MANIFEST.items() if not e["text_layer"])
TEXT_TWIN = "chromium-southend"
"""The PDF the image-only scan was made from: the same letter, with its text layer."""


def key(name: str) -> dict:
    return json.loads((ROOT / MANIFEST[name]["answer_key"]).read_text("utf-8"))


@functools.cache
def read_by_ocr(path: Path):
    report, issues, row = parse_file(path)
    assert report is not None, row["reason"]
    return report, [i.message for i in issues]


def mixed_letter(folder: Path) -> Path:
    """The text PDF with its second page swapped for the scan of that page."""
    import pypdfium2 as pdfium

    text = pdfium.PdfDocument(FIXTURES / MANIFEST[TEXT_TWIN]["pdf"])
    scan = pdfium.PdfDocument(FIXTURES / MANIFEST["image-only-southend"]["pdf"])
    out = pdfium.PdfDocument.new()
    out.import_pages(text, [0])
    out.import_pages(scan, [1])
    out.import_pages(text, list(range(2, len(text))))
    path = folder / "one-page-scanned.pdf"
    out.save(path)
    for document in (out, scan, text):
        document.close()
    return path


def test_the_scans_fixtures_are_the_two_kinds():
    assert {MANIFEST[n]["producer"] for n in SCANS} == {"image-only", "broken-encoding"}


@pytest.mark.slow
@pytest.mark.parametrize("name", SCANS)
def test_a_page_with_nothing_to_read_is_read_by_ocr_to_its_answer_key(name, tesseract):
    report, messages = read_by_ocr(FIXTURES / MANIFEST[name]["pdf"])
    gold = key(name)
    for field, expected in gold["report"].items():
        got = field_value(report, field)
        if isinstance(expected, float) and got is not None:
            assert got == pytest.approx(expected, abs=1e-6), field
        else:
            assert got == expected, field
    assert [f.paragraph for f in report.findings] == gold["paragraphs"]
    missing, _ = assign(gold["judgements"], report.judgements)
    assert not [g for g in missing if g["core"]]
    said = [m for m in messages if "read by OCR" in m]
    assert len(said) == 1 and "tesseract" in said[0] and "page(s) 1, 2, 3, 4, 5" in said[0]


@pytest.mark.slow
def test_a_scanned_page_among_text_pages_is_read_by_ocr(tesseract, tmp_path):
    report, messages = read_by_ocr(mixed_letter(tmp_path))
    gold = key(TEXT_TWIN)
    assert [f.paragraph for f in report.findings] == gold["paragraphs"]
    missing, _ = assign(gold["judgements"], report.judgements)
    assert not [g for g in missing if g["core"]]
    assert next(m for m in messages if "read by OCR" in m).startswith("page(s) 2 had no text")


@pytest.mark.slow
def test_a_re_distilled_letter_is_read_by_ocr_as_its_original_reads(tesseract):
    """Printed to PostScript and distilled again, the fonts lost their Unicode maps; drawn and
    read by OCR, it gives every value, paragraph, list item and judgement of the original."""
    regressions = ROOT / "tests" / "fixtures" / "regressions"
    report, _ = read_by_ocr(regressions / "ps2pdf-knowsley-2015-header-2col.pdf")
    original, _, _ = parse_file(
        ROOT / "tests" / "fixtures" / "published" / "knowsley-2015-header-2col.pdf"
    )
    for name in ("area", "publication_date", "cases_examined", "lead_inspector", "recipient"):
        assert getattr(report, name) == getattr(original, name), name
    for name in ("reoffending_rate", "previous_year_rate", "national_average", "cohort_end"):
        assert getattr(report.rate, name) == getattr(original.rate, name), name
    assert [f.paragraph for f in report.findings] == [f.paragraph for f in original.findings]
    assert (report.strengths, report.improvements) == (original.strengths, original.improvements)
    assert [(j.paragraph, j.polarity, j.sufficiency) for j in report.judgements] == [
        (j.paragraph, j.polarity, j.sufficiency) for j in original.judgements
    ]


@pytest.mark.slow
def test_a_plain_150_dpi_scan_reads_as_its_pdf_does(tesseract):
    """An office scan at 150 dots an inch, one bit deep: OCR writes three paragraph numbers
    with a comma ("1.4,") and reads two not at all; each paragraph keeps its own number, and
    so its judgements, as the letter's PDF gives them."""
    regressions = ROOT / "tests" / "fixtures" / "regressions"
    report, _ = read_by_ocr(regressions / "scan-150dpi-southend-2016-header-2col.pdf")
    original, _, _ = parse_file(
        ROOT / "tests" / "fixtures" / "published" / "southend-2016-header-2col.pdf"
    )
    assert [f.paragraph for f in report.findings] == [f.paragraph for f in original.findings]
    assert [(j.paragraph, j.polarity, j.sufficiency) for j in report.judgements] == [
        (j.paragraph, j.polarity, j.sufficiency) for j in original.judgements
    ]
    assert (report.area, report.cases_examined) == (original.area, original.cases_examined)
    assert report.rate.reoffending_rate == original.rate.reoffending_rate


SKEWED_SCAN_JUDGEMENTS = [
    ("1.1", "positive", 0.590909090909), ("1.2", "positive", 0.583333333333),
    ("1.3", "positive", 0.5), ("1.4", "positive", 0.545454545455), ("1.4", "negative", 0.55),
    ("2.1", "positive", 0.5), ("2.2", "positive", 0.6167), ("2.3", "positive", 0.647058823529),
    ("2.4", "positive", 0.35), ("3.1", "positive", 0.416666666667), ("3.2", "positive", 0.7),
    ("3.3", "positive", 0.6167), ("3.3", "negative", 0.736842105263),
    ("3.4", "positive", 0.272727272727), ("4.1", "positive", 0.954545454545),
    ("4.1", "negative", 0.909090909091), ("4.2", "positive", 0.55), ("4.3", "positive", 0.85),
]  # fmt: skip
"""What the synthetic Hounslow letter's own PDF (published layout) gives."""


@pytest.mark.slow
def test_a_scan_skewed_by_a_degree_reads_as_its_pdf_does(tesseract):
    """Skewed 1.2 degrees, each line's end lies up to an em from the page's margin: its word
    gaps had been cut as table cells, so 2.4's sentences were read out of order and its
    judgement turned against practice."""
    regressions = ROOT / "tests" / "fixtures" / "regressions"
    report, _ = read_by_ocr(regressions / "scan-200dpi-skewed-hounslow-synthetic.pdf")
    assert [(j.paragraph, j.polarity, j.sufficiency) for j in report.judgements] == (
        SKEWED_SCAN_JUDGEMENTS
    )
    (victims,) = [f for f in report.findings if f.paragraph == "2.4"]
    assert victims.text.startswith("We expect the safety of victims to be given a high priority.")


def test_without_tesseract_a_scanned_page_among_text_pages_is_named_as_missing(
    monkeypatch, tmp_path
):
    path = mixed_letter(tmp_path)
    without_tool(monkeypatch, tmp_path, "not on PATH", ocr.ENV_VAR)
    report, issues, _ = parse_file(path)
    missing = [i.message for i in issues if "have no text layer" in i.message]
    assert len(missing) == 1 and missing[0].startswith("page(s) 2 ")
    assert "apt-get install tesseract-ocr" in missing[0]
    assert [f.paragraph for f in report.findings] != key(TEXT_TWIN)["paragraphs"]


@pytest.mark.parametrize("how", WITHOUT_A_TOOL)
@pytest.mark.parametrize("name", SCANS)
def test_without_ocr_a_scan_is_refused_in_one_line_saying_how_to_read_it(
    name, how, monkeypatch, tmp_path
):
    path = FIXTURES / MANIFEST[name]["pdf"]
    message = refusal_without_tool(monkeypatch, tmp_path, how, ocr.ENV_VAR, path, "tesseract-ocr")
    assert ("no text layer" in message) == (MANIFEST[name]["producer"] == "image-only")


def test_when_ocr_fails_the_file_is_refused_with_tesseracts_reason(monkeypatch, tmp_path):
    stand_in(
        tmp_path / "bin",
        "tesseract",
        'echo "Error opening data file /x/eng.traineddata" >&2; exit 1',
    )
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(ReadError) as caught:
        read_document(FIXTURES / MANIFEST["image-only-southend"]["pdf"])
    message = str(caught.value)
    assert "no text layer" in message
    assert "OCR failed (Error opening data file /x/eng.traineddata)" in message


def test_a_scan_is_drawn_at_its_own_resolution_and_text_at_300_dpi():
    import pypdfium2 as pdfium

    for name, dpi in (("image-only-southend", 200), (TEXT_TWIN, ocr.VECTOR_DPI)):
        document = pdfium.PdfDocument(FIXTURES / MANIFEST[name]["pdf"])
        try:
            assert ocr._resolution(document, [1, 2]) == dpi
        finally:
            document.close()
