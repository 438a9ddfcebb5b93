"""PDFs from other producers than LibreOffice parse to their letters' answer keys.

``tests/fixtures/producers`` holds the two bundled letters and two synthetic ones as PDFs made
by Chromium (print to PDF), AbiWord, pdfTeX, Ghostscript (re-distilled), Tesseract (an OCR'd
scan) and as an image-only scan, made by ``tests/generators/producers.py`` (``make fixtures``)
and listed in ``manifest.json``. The tests read the committed PDFs through PDFium; no producer
is needed. Each fixture with a text layer must give every field of its answer key, every
paragraph and core judgement, and no judgement its letter's own text does not give. From an
OCR'd scan, what the OCR read right must come out right: a judgement whose evidence the text
layer spells correctly is found, and a field is either right or empty with a warning, never
wrong.
"""

from __future__ import annotations

import functools
import json
import re

import pytest
from conftest import ROOT, assign, field_value, matches

from sqs_analysis.ingest.corpus import parse_file
from sqs_analysis.ingest.model import Report
from sqs_analysis.ingest.readers import ReadError, read_document

FIXTURES = ROOT / "tests" / "fixtures" / "producers"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text("utf-8"))
TEXT = sorted(n for n, e in MANIFEST.items() if e["text_layer"])
SCANS = sorted(n for n, e in MANIFEST.items() if not e["text_layer"])
FAMILIES = {"chromium", "abiword", "pdftex", "ghostscript", "ocr", "image-only", "broken-encoding"}
REFUSED = {"image-only": "no text layer", "broken-encoding": "does not read as words"}
PARSER_LIMITS = {}
"""Fields a fixture gets wrong, each for the reason given: still wrong, or the entry goes."""
LIST_LIMITS: dict[str, str] = {}


@functools.cache
def parsed(name: str) -> tuple[Report, list]:
    report, issues, row = parse_file(FIXTURES / MANIFEST[name]["pdf"])
    assert report is not None, (row, [i.message for i in issues])
    return report, issues


@functools.cache
def seed_report(name: str) -> Report | None:
    """The report the letter's own text gives (the bundled letters only)."""
    seed = MANIFEST[name]["seed"]
    return parse_file(ROOT / seed)[0] if seed else None


def key(name: str) -> dict:
    return json.loads((ROOT / MANIFEST[name]["answer_key"]).read_text("utf-8"))


@functools.cache
def layer_text(name: str) -> str:
    """The PDF's text layer as PDFium gives it, words only, for what OCR read right."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(FIXTURES / MANIFEST[name]["pdf"]))
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return flat(text)


def flat(text: str) -> str:
    text = re.sub(r"[\ufffe\x02]\s*", "", text).replace("’", "'").replace("‘", "'")
    return " ".join(text.replace("“", '"').replace("”", '"').split())


MISREAD = ("scanned image under an OCR text layer", "maps a glyph")
"""What the reader says of a text layer that does not spell the letter right."""


def is_ocr(name: str) -> bool:
    """The text layer may misspell the letter, and the reader says so."""
    _, issues = parsed(name)
    return any(m in i.message for i in issues for m in MISREAD)


def test_manifest_covers_every_producer_and_holds_some_out():
    assert {e["producer"] for e in MANIFEST.values()} == FAMILIES
    for family in FAMILIES - set(REFUSED):
        entries = [e for e in MANIFEST.values() if e["producer"] == family]
        assert any(e["held_out"] for e in entries), family
        assert any(not e["held_out"] for e in entries), family
    total = 0
    for entry in MANIFEST.values():
        path = FIXTURES / entry["pdf"]
        total += path.stat().st_size
        assert (ROOT / entry["answer_key"]).is_file()
        assert entry["commands"] and all(entry["tools"].values())
        assert path.read_bytes()[:5] == b"%PDF-"
    assert total < 5_000_000
    assert {key(n)["source"].split()[0] for n in MANIFEST} >= {"synthetic"}


@pytest.mark.parametrize("name", SCANS)
def test_a_pdf_without_readable_text_is_refused_in_one_line(name, monkeypatch):
    """An image-only scan, or a text layer that decodes to nonsense, where OCR cannot be run: a
    reason, no numbers (``tests/test_ocr.py`` reads them by OCR)."""
    monkeypatch.setenv("SQS_ANALYSIS_OCR", "off")
    with pytest.raises(ReadError) as caught:
        read_document(FIXTURES / MANIFEST[name]["pdf"])
    message = str(caught.value)
    assert "\n" not in message and REFUSED[MANIFEST[name]["producer"]] in message
    report, issues, row = parse_file(FIXTURES / MANIFEST[name]["pdf"])
    assert report is None and row["status"] == "failed" and issues


@pytest.mark.parametrize("name", TEXT)
def test_every_field_right_or_left_empty_with_a_warning(name):
    report, _ = parsed(name)
    for field, expected in key(name)["report"].items():
        got = field_value(report, field)
        if (name, field) in PARSER_LIMITS:
            assert got != expected  # still wrong: when the parser is fixed, drop the entry
            continue
        if got is None and expected is not None and is_ocr(name):
            continue  # misspelt: empty, and the report says the text layer is misread
        if isinstance(expected, float) and got is not None:
            assert got == pytest.approx(expected, abs=1e-6), field
        else:
            assert got == expected, field


@pytest.mark.parametrize("name", TEXT)
def test_paragraphs_and_lists(name):
    if is_ocr(name):
        pytest.skip("a misread text layer: its judgements are checked one by one")
    report, _ = parsed(name)
    gold = key(name)
    assert [f.paragraph for f in report.findings] == gold["paragraphs"]
    lists = [report.strengths, report.improvements]
    wanted = [gold["key_strengths"], gold["areas_for_improvement"]]
    if name in LIST_LIMITS:
        assert lists != wanted  # still wrong: when it is read right, drop the entry
    else:
        assert lists == wanted
    assert len(report.copy_list) == gold["copy_list_size"]


@pytest.mark.parametrize("name", TEXT)
def test_core_judgements_found_and_none_invented(name):
    report, _ = parsed(name)
    gold = key(name)
    wanted = [g for g in gold["judgements"] if g["core"]]
    unsure = []
    if is_ocr(name):  # what the text layer spells right: the evidence, and the paragraph's number
        layer = layer_text(name)
        wanted = [
            g
            for g in wanted
            if flat(g["evidence"].split(" ... ")[0]) in layer and f" {g['paragraph']}. " in layer
        ]
        if MANIFEST[name]["producer"] == "ocr":
            assert len(wanted) >= len([g for g in gold["judgements"] if g["core"]]) // 2
        unsure = [i.message for i in parsed(name)[1] if "has no number" in i.message]
    missing, extra = assign(gold["judgements"], report.judgements)
    assert [g["evidence"] for g in missing if g in wanted] == []
    seed = seed_report(name)
    allowed = assign(gold["judgements"], seed.judgements)[1] if seed else []

    def what(j):
        return (j.paragraph, j.polarity, j.quantifier_text)

    glyphs = [i.message for i in parsed(name)[1] if "maps a glyph" in i.message]
    for j in extra:  # none, unless read from text the report says is misread
        misspelt = bool(glyphs) and re.search("[\u00c0-\u024f]", j.evidence) is not None
        assert what(j) in set(map(what, allowed)) or unsure or misspelt, j.evidence
    for g in wanted:
        hit = next(j for j in report.judgements if matches(g, j))
        assert flat(g["evidence"].split(" ... ")[0]) in flat(hit.evidence)


@pytest.mark.parametrize("name", [n for n in TEXT if MANIFEST[n]["variant"] == "numbers-after"])
def test_paragraph_numbers_drawn_after_their_text_are_read_by_position(name):
    """Chromium draws each absolutely placed number after its paragraph; read in drawing
    order every judgement would go to the paragraph before."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(FIXTURES / MANIFEST[name]["pdf"]))
    try:
        drawn = "\r\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    lines = [line.strip() for line in drawn.split("\r\n")]
    first = lines.index(f"{key(name)['paragraphs'][0]}.")  # drawn on a line of its own
    assert first > 0 and len(lines[first - 1]) > 40  # after a line of its paragraph's text
    report, _ = parsed(name)
    assert [f.paragraph for f in report.findings] == key(name)["paragraphs"]


@pytest.mark.parametrize(
    "name",
    [n for n in TEXT if MANIFEST[n]["seed"] and not is_ocr(n) and not MANIFEST[n]["held_out"]],
)
def test_the_copy_list_rows_are_the_letter_s_own(name):
    """Each copy-list row as the letter's own text gives it, role and names apart, whatever made
    the PDF (a browser justifies a wrapped cell's words: their even gaps are spaces, not
    tabs)."""
    report, _ = parsed(name)

    def rows(r):
        return [(role.replace("’", "'"), names.replace("’", "'")) for role, names in r.copy_list]

    assert rows(report) == rows(seed_report(name))
