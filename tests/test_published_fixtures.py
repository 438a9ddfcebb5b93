"""The published-layout fixtures are what their manifest says they are.

``tests/fixtures/published`` holds the bundled reports laid out as the inspectorate published
them (Word letters exported to PDF), made by ``tests/generators/published.py`` (``make
fixtures``). These checks need no office suite: they open the committed PDFs and Word files and
compare them with ``manifest.json`` and with the seed reports. Whether the parser reads them is
a separate matter, not tested here.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "published"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text("utf-8"))
NAMES = sorted(MANIFEST)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TITLE = "Report of Short Quality Screening (SQS) of youth offending work in"
LETTERHEAD = "HM Inspectorate of Probation"


def _generator():
    spec = importlib.util.spec_from_file_location(
        "published_generator", ROOT / "tests" / "generators" / "published.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


GENERATOR = _generator()


@functools.cache
def pdf_pages(name: str) -> tuple[str, ...]:
    """Each page's text as PDFium gives it."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(FIXTURES / MANIFEST[name]["pdf"]))
    try:
        return tuple(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def flat(text: str) -> str:
    return " ".join(re.sub(r"[\ufffe\u0002]", "", text).split())


def docx_words(path: Path) -> list[str]:
    """Words of a Word document's body in reading order; a footnote reference counts as its
    number glued to the word before it, as in the seeds."""
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
    parts: list[str] = []
    for el in body.iter(f"{W}p", f"{W}t", f"{W}tab", f"{W}footnoteReference", f"{W}tc"):
        if el.tag == f"{W}t":
            parts.append(el.text or "")
        elif el.tag == f"{W}footnoteReference":
            parts.append(el.get(f"{W}id"))
        else:
            parts.append(" ")
    return "".join(parts).split()


@pytest.fixture(scope="module", params=NAMES)
def fixture(request):
    return request.param, MANIFEST[request.param]


def test_manifest_covers_the_layouts():
    assert len(NAMES) >= 6
    features = [m["features"] for m in MANIFEST.values()]
    assert {f["first_page_running_header"] for f in features} == {True, False}
    assert {f["header_table_columns"] for f in features} == {2, 4}
    assert {f["copy_list"] for f in features} == {"table", "tabs"}
    assert {f["numbering"] for f in features} == {"word-list", "typed"}
    assert {f["footer"] for f in features} == {"page-x-of-y", "page-number"}
    assert any("quotation-across-page" in f["expect"] for f in features)
    seeds = {m["seed"] for m in MANIFEST.values()}
    assert len(seeds) == 2


def test_files_exist_and_name_their_seed(fixture):
    name, entry = fixture
    assert (FIXTURES / entry["pdf"]).is_file()
    assert (FIXTURES / entry["docx"]).is_file()
    assert (ROOT / entry["seed"]).is_file()
    gold = json.loads((ROOT / entry["answer_key"]).read_text("utf-8"))
    assert gold["source"] == Path(entry["seed"]).name
    assert name.startswith(gold["report"]["area"].lower())
    for suffix in ("pdf", "docx"):
        assert (FIXTURES / entry[suffix]).stat().st_size < 200_000


def test_pdf_opens_with_pypdf_and_pdfium(fixture):
    from pypdf import PdfReader

    name, entry = fixture
    reader = PdfReader(FIXTURES / entry["pdf"], strict=True)
    assert len(reader.pages) == entry["measured"]["pages"] >= 2
    assert len(pdf_pages(name)) == len(reader.pages)
    assert all(page.extract_text().strip() for page in reader.pages)
    gold = json.loads((ROOT / entry["answer_key"]).read_text("utf-8"))
    stamp = gold["report"]["publication_date"].replace("-", "")
    assert reader.metadata["/CreationDate"].startswith(f"D:{stamp}000000")


def test_docx_opens_and_is_the_seed_text(fixture):
    import docx

    _, entry = fixture
    document = docx.Document(str(FIXTURES / entry["docx"]))
    assert document.paragraphs
    letter = GENERATOR.parse_seed(ROOT / entry["seed"])
    table = document.tables[0]
    cells = [c.text for row in table.rows for c in row.cells]
    assert sorted(zip(cells[::2], cells[1::2], strict=True)) == sorted(letter.header)
    # the rest, after the letterhead and the header table, word for word as in the seed
    number = re.compile(r"^\d\.(\d{1,2}\.)?$")
    words = [w for w in docx_words(FIXTURES / entry["docx"]) if not number.match(w)]
    seed = [w for w in GENERATOR.seed_words(ROOT / entry["seed"]) if not number.match(w)]
    letterhead = f"{LETTERHEAD} {GENERATOR.LETTERHEAD_ADDRESS}".split()
    assert words[: len(letterhead)] == letterhead
    header_words = len(" ".join(cells).split())
    assert words[len(letterhead) + header_words :] == seed[header_words:]


def test_first_page_running_header_as_claimed(fixture):
    import docx

    name, entry = fixture
    claimed = entry["features"]["first_page_running_header"]
    document = docx.Document(str(FIXTURES / entry["docx"]))
    assert document.sections[0].different_first_page_header_footer is not claimed
    first = flat(pdf_pages(name)[0])
    if claimed:
        assert first.startswith(TITLE)
        assert first.index(LETTERHEAD) > 0
        assert re.match(rf"{re.escape(TITLE)} \w+ 1 {LETTERHEAD}", first)
    else:
        assert first.startswith(LETTERHEAD)
    for number, page in enumerate(pdf_pages(name)[1:], start=2):
        assert re.match(rf"{re.escape(TITLE)} \w+ {number}\b", flat(page))


def test_header_table_columns_as_claimed(fixture):
    import docx

    _, entry = fixture
    table = docx.Document(str(FIXTURES / entry["docx"])).tables[0]
    columns = entry["features"]["header_table_columns"]
    assert len(table.columns) == columns
    assert len(table.rows) == 8 // columns
    labels = [c.text for row in table.rows for c in row.cells][::2]
    assert sorted(labels) == sorted(["To:", "Copy to:", "From:", "Publication date:"])


def test_copy_list_as_claimed(fixture):
    import docx

    _, entry = fixture
    gold = json.loads((ROOT / entry["answer_key"]).read_text("utf-8"))
    document = docx.Document(str(FIXTURES / entry["docx"]))
    if entry["features"]["copy_list"] == "table":
        assert len(document.tables) == 2
        copy_table = document.tables[1]
        assert len(copy_table.columns) == 2
        assert len(copy_table.rows) == gold["copy_list_size"]
    else:
        assert len(document.tables) == 1
        texts = [p.text for p in document.paragraphs]
        after = texts[texts.index("Copy to:") + 1 :]
        rows = [t for t in after if "\t" in t]
        assert len(rows) == gold["copy_list_size"]


def test_footer_page_numbers_as_claimed(fixture):
    name, entry = fixture
    pages = [flat(p) for p in pdf_pages(name)]
    for number, page in enumerate(pages, start=1):
        if entry["features"]["footer"] == "page-x-of-y":
            assert page.endswith(f"Page {number} of {len(pages)}")
        else:
            assert page.endswith(f" {number}")
            assert f"Page {number}" not in page


def test_footnote_is_a_word_footnote_at_the_foot_of_page_one(fixture):
    name, entry = fixture
    with zipfile.ZipFile(FIXTURES / entry["docx"]) as z:
        footnotes = z.read("word/footnotes.xml").decode()
        body = z.read("word/document.xml").decode()
    assert body.count("<w:footnoteReference") == 1
    assert "Source: Ministry of Justice" in footnotes
    first = flat(pdf_pages(name)[0])
    note = first.index("Source: Ministry of Justice")
    assert first.index("Commentary on the inspection") < note  # below the body text


def test_paragraph_numbers_and_bullets(fixture):
    import docx

    name, entry = fixture
    gold = json.loads((ROOT / entry["answer_key"]).read_text("utf-8"))
    document = docx.Document(str(FIXTURES / entry["docx"]))
    numbered = [
        p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None
    ]
    levels = [p._p.pPr.numPr.ilvl.val for p in numbered]
    bullets = len(gold["key_strengths"]) + len(gold["areas_for_improvement"])
    if entry["features"]["numbering"] == "word-list":
        assert levels.count(1) == len(gold["paragraphs"])
    else:
        typed = [p for p in document.paragraphs if re.match(r"\d\.\d{1,2}\.\t", p.text)]
        assert len(typed) == len(gold["paragraphs"])
        assert p_indent_hangs(typed[0])
    assert levels.count(0) == bullets + (len(gold["domains"]) if levels.count(1) else 0)
    with zipfile.ZipFile(FIXTURES / entry["docx"]) as z:
        assert '<w:lvlText w:val="\uf0b7"/>' in z.read("word/numbering.xml").decode()
    lines = re.split(r"\r\n", "\r\n".join(pdf_pages(name)))
    starts = [m[1] for line in lines if (m := re.match(r"(\d\.\d{1,2})\. ", line))]
    assert starts == gold["paragraphs"]
    assert sum(line.startswith("\uf0b7 ") for line in lines) == bullets


def p_indent_hangs(paragraph) -> bool:
    fmt = paragraph.paragraph_format
    return fmt.first_line_indent < 0 < fmt.left_indent


def test_body_is_justified(fixture):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    _, entry = fixture
    document = docx.Document(str(FIXTURES / entry["docx"]))
    long = [p for p in document.paragraphs if len(p.text) > 200]
    assert long
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY for p in long)


def test_page_breaks_as_measured(fixture):
    name, entry = fixture
    pages = [flat(p) for p in pdf_pages(name)]
    breaks = entry["measured"]["breaks"]
    for b in breaks:
        page, after = pages[b["after_page"] - 1], pages[b["after_page"]]
        assert b["page_ends"] in page
        assert b["next_page_starts"] in after
        joined = f"{b['page_ends']} {b['next_page_starts']}"
        assert joined not in page and joined not in after  # the break falls between them
    if "paragraph-across-page" in entry["features"]["expect"]:
        assert breaks
    if "quotation-across-page" in entry["features"]["expect"]:
        assert any(b["inside_quotation"] for b in breaks)
