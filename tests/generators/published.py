"""Lay the bundled reports out as the inspectorate published them: Word letters exported to PDF.

Each fixture is one of the seed reports in ``data/raw`` (its own text, unchanged) set as a Word
document with python-docx the way the published letters were: letterhead lines, the To / Copy to
/ From / Publication date block as a borderless table, a running header (report title and page
number) and a footer with page numbers (``PAGE`` / ``NUMPAGES`` fields), the reoffending-rate
footnote as a real Word footnote (``word/footnotes.xml``, ``w:footnoteReference`` in the
Summary), numbered paragraphs with hanging indents, Word bullets (Symbol font, U+F0B7),
justified text and the copy list. LibreOffice (headless) renders each document to PDF.

Layouts vary across fixtures (see ``VARIANTS``): running header on page 1 or not, header table of
two or four columns, copy list as a table or as tab-separated lines, "Page X of Y" or plain page
numbers, Word list numbering or typed numbers, and the text nudged down so that a paragraph and
a quotation break across a page. What each PDF actually shows (pages, which paragraphs break
where) is measured after rendering, checked against what the variant claims, and written to
``manifest.json``.

Run ``make fixtures`` (or ``python tests/generators/published.py``); LibreOffice is needed only
here, never by the tests. Reruns do not churn: the .docx files get fixed core properties and zip
dates; the PDFs get the letter's publication date as creation date and an identifier derived
from their content, and a PDF that differs from the committed one only in the order LibreOffice
wrote its embedded fonts is left as it was (see ``pdf_fingerprint``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
GOLD = ROOT / "tests" / "fixtures" / "gold"
OUT = ROOT / "tests" / "fixtures" / "published"

LETTERHEAD = "HM Inspectorate of Probation"
LETTERHEAD_ADDRESS = "1st Floor Civil Justice Centre, 1 Bridge Street West, Manchester, M3 3FX"
FONT = "Arial"  # LibreOffice substitutes the metric-compatible Liberation Sans

# --------------------------------------------------------------------------------------------
# The seed text, split into the parts of a letter
# --------------------------------------------------------------------------------------------


@dataclass
class Run:
    """A stretch of text with one formatting; ``footnote`` marks a footnote reference."""

    text: str
    italic: bool = False
    bold: bool = False
    footnote: bool = False


@dataclass
class Block:
    """One paragraph of the letter body.

    ``kind`` is ``title``, ``heading``, ``domain`` (a numbered domain heading such as
    "1. Reducing reoffending"), ``para``, ``numbered`` (1.1, 1.2 ...), ``bullet`` or ``note``.
    """

    kind: str
    runs: list[Run]
    number: str | None = None

    @property
    def text(self) -> str:
        return plain(self.runs)


@dataclass
class Letter:
    """A seed report split into the parts a Word letter is made of."""

    seed: str
    area: str
    header: list[tuple[str, str]]
    blocks: list[Block]
    footnote: str
    copy_list: list[tuple[str, list[Run]]]

    @property
    def title(self) -> str:
        return next(b.text for b in self.blocks if b.kind == "title")


_HEADER_LABEL = re.compile(r"^(To|Copy to|From|Publication date):$")
_RULE = re.compile(r"^(?:-{3,}|\|?[\s:|-]*-{3,}[\s:|-]*\|?)$")
_FOOTNOTE_LINE = re.compile(r"^(?:<sup>1</sup>|¹)\s*(.*)$")
_NUMBERED = re.compile(r"^(?:-\s+)?(\d\.\d{1,2}\.)\s+(.*)$")
_DOMAIN = re.compile(r"^(\d\.)\s+(.*)$")
_INLINE = re.compile(
    r"<sup>(?P<sup>\d)</sup>|(?P<supchar>[¹²³])|<i>(?P<i>.*?)</i>"
    r"|\*\*(?P<b>.+?)\*\*|\*(?P<em>.+?)\*"
    r"|\[(?P<link>[^\]]+)\]\([^)]+\)|<(?P<url>(?:https?|mailto):[^>\s]+)>"
)


def runs_of(markup: str) -> list[Run]:
    """Inline markup of a seed line (``<i>``, ``*``, ``**``, ``<sup>``, links) as runs."""
    runs: list[Run] = []
    pos = 0
    for m in _INLINE.finditer(markup):
        if m.start() > pos:
            runs.append(Run(markup[pos : m.start()]))
        if m["sup"] or m["supchar"]:
            number = m["sup"] or "¹²³".index(m["supchar"]) + 1
            runs.append(Run(str(number), footnote=True))
        elif m["i"] is not None:
            runs.append(Run(m["i"], italic=True))
        elif m["b"] is not None:
            runs.append(Run(m["b"], bold=True))
        elif m["em"] is not None:
            runs.append(Run(m["em"], italic=True))
        else:
            runs.append(Run(m["link"] or m["url"]))
        pos = m.end()
    if pos < len(markup):
        runs.append(Run(markup[pos:]))
    return [r for r in runs if r.text]


def plain(runs: list[Run]) -> str:
    return "".join(r.text for r in runs)


def _strip_heading(line: str) -> str:
    return plain(runs_of(re.sub(r"^#+\s*", "", line))).strip()


def _cells(line: str) -> list[str]:
    """Cells of a markdown table row or of a tab-separated line."""
    if line.startswith("|"):
        return [c.strip() for c in line.strip().strip("|").split("|")]
    return [c.strip() for c in line.split("\t")]


def parse_seed(path: Path) -> Letter:
    """Split a seed report into letter head, body blocks, footnote and copy list.

    Simple structural rules over the seed's lines (one paragraph per line): table rows and
    tab-separated lines are header fields or copy-list rows, ``1.1.`` lines are numbered
    paragraphs, ``- `` lines bullets, short lines without a full stop headings, a line starting
    with a superscript 1 the footnote, and a line starting in lower case the rest of the
    paragraph before it (the seeds are copies of PDFs, so a page break can split a paragraph).
    """
    header: list[tuple[str, str]] = []
    blocks: list[Block] = []
    copy_list: list[tuple[str, list[Run]]] = []
    footnote = ""
    in_copy_list = False
    for raw in path.read_text("utf-8").splitlines():
        line = raw.strip()
        if not line or _RULE.match(line):
            continue
        if line.startswith("|") or "\t" in line:
            cells = _cells(line)
            if not any(cells):
                continue
            label = plain(runs_of(cells[0])).strip()
            value = cells[1] if len(cells) > 1 else ""
            if label == "Copy to:" and (not value or len(header) == 4):
                in_copy_list = True  # the copy list's own heading row
                continue
            if _HEADER_LABEL.match(label) and len(header) < 4 and not in_copy_list:
                header.append((label, plain(runs_of(value)).strip()))
                continue
            if in_copy_list:
                copy_list.append((label, runs_of(value)))
                continue
            raise ValueError(f"{path.name}: unexpected table row {line!r}")
        if plain(runs_of(line)).strip() == "Copy to:":
            in_copy_list = True
            continue
        in_copy_list = False
        if m := _FOOTNOTE_LINE.match(line):
            footnote = m[1]
            continue
        if m := _NUMBERED.match(line):
            blocks.append(Block("numbered", runs_of(m[2]), number=m[1]))
            continue
        if line.startswith("- "):
            blocks.append(Block("bullet", runs_of(line[2:])))
            continue
        text = _strip_heading(line)
        first = text.lstrip("*\"'“‘")[:1]
        if first.islower() and blocks and blocks[-1].kind in ("numbered", "para"):
            blocks[-1].runs += [Run(" "), *runs_of(line)]
            continue
        if line.startswith("#") or (len(text) < 90 and not text.endswith(".")):
            if text.startswith("Report of"):
                blocks.append(Block("title", [Run(text)]))
            elif m := _DOMAIN.match(text):
                blocks.append(Block("domain", [Run(m[2])], number=m[1]))
            else:
                blocks.append(Block("heading", [Run(text)]))
            continue
        kind = "note" if re.match(r"Note \d:", line) else "para"
        blocks.append(Block(kind, runs_of(line)))
    title = next(b.text for b in blocks if b.kind == "title")
    area = title.rsplit(" in ", 1)[1]
    if len(header) != 4 or not footnote or not copy_list:
        raise ValueError(f"{path.name}: letter head, footnote or copy list not found")
    return Letter(path.name, area, header, blocks, footnote, copy_list)


def seed_words(path: Path) -> list[str]:
    """Every word of a seed with its markup removed, the footnote line left out: what a
    fixture's words must be, in this order."""
    text = path.read_text("utf-8")
    text = re.sub(r"^\s*(?:<sup>1</sup>|¹).*$", "", text, flags=re.M)
    text = re.sub(r"^\s*\|?[\s:|-]*-{3,}[\s:|-]*\|?\s*$", "", text, flags=re.M)
    text = re.sub(r"^#+\s*", "", text, flags=re.M)
    text = re.sub(r"^\s*- (?=\S)", "", text, flags=re.M)
    return plain(runs_of(text)).replace("|", " ").split()


def _seed_footnote(path: Path) -> str:
    text = path.read_text("utf-8")
    return re.search(r"^\s*(?:<sup>1</sup>|¹)\s*(.*)$", text, flags=re.M)[1]


def letter_words(letter: Letter) -> list[str]:
    """The words of a letter in the seed's order: header, body, copy list, notes (footnote
    text apart; numbered paragraphs and domain headings with their numbers)."""
    parts = [f"{label} {value}" for label, value in letter.header]
    notes = [b for b in letter.blocks if b.kind == "note"]
    for block in letter.blocks:
        if block.kind != "note":
            parts += [block.number or "", block.text]
    parts.append("Copy to:")
    parts += [f"{role} {plain(names)}" for role, names in letter.copy_list]
    parts += [b.text for b in notes]
    return " ".join(parts).split()


# --------------------------------------------------------------------------------------------
# Layouts
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """How one fixture lays its seed out; every field is a feature the manifest records."""

    name: str
    seed: str
    first_page_header: bool  # running header (title, page number) also above page 1's text
    header_columns: int  # 2: label | value per row; 4: To | ... | From | ... on one row
    copy_list: str  # "table" or "tabs"
    footer: str  # "page-x-of-y" or "page-number"
    numbering: str  # "word-list" (w:numPr, Word numbers the paragraphs) or "typed"
    nudge_pt: float = 0.0  # extra space under the letterhead (where letters have the logo)
    space_after_pt: float = 8.0  # space after each body paragraph: moves the later page breaks
    body_pt: float = 11.0  # body text size
    expect: tuple[str, ...] = ()  # "paragraph-across-page", "quotation-across-page"


SOUTHEND = "000_cdae3357bb4e06c4.txt"
KNOWSLEY = "001_e207b1224d1600bb.txt"

VARIANTS: tuple[Layout, ...] = (
    Layout("southend-2016-header-2col", SOUTHEND, False, 2, "table", "page-x-of-y", "word-list",
           nudge_pt=88, expect=("paragraph-across-page", "quotation-across-page")),
    Layout("southend-2016-header-4col", SOUTHEND, False, 4, "tabs", "page-number", "word-list",
           nudge_pt=0, expect=("paragraph-across-page",)),
    Layout("southend-2016-running-header-page1", SOUTHEND, True, 2, "tabs", "page-x-of-y",
           "typed", nudge_pt=0, expect=("paragraph-across-page",)),
    Layout("southend-2016-typed-numbers-4col", SOUTHEND, True, 4, "table", "page-number", "typed",
           nudge_pt=0, expect=("paragraph-across-page",)),
    Layout("knowsley-2015-header-2col", KNOWSLEY, False, 2, "table", "page-x-of-y", "word-list",
           nudge_pt=0, expect=("paragraph-across-page",)),
    Layout("knowsley-2015-header-4col", KNOWSLEY, True, 4, "tabs", "page-x-of-y", "word-list",
           nudge_pt=0, expect=("paragraph-across-page",)),
    Layout("knowsley-2015-running-header-page1", KNOWSLEY, True, 2, "table", "page-number",
           "typed", body_pt=10, space_after_pt=9,
           expect=("paragraph-across-page", "quotation-across-page")),
    Layout("knowsley-2015-copy-list-tabs", KNOWSLEY, False, 2, "tabs", "page-number", "typed",
           nudge_pt=0, expect=("paragraph-across-page",)),
)  # fmt: skip


# --------------------------------------------------------------------------------------------
# The Word document
# --------------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LIST_NUM_ID = 90  # numbered paragraphs: level 0 "1." (domain headings), level 1 "1.1."
BULLET_NUM_ID = 91  # Word bullets: Symbol font, U+F0B7
HANG_CM = 1.0

NUMBERING_XML = f"""
<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{LIST_NUM_ID}">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>
    <w:lvlJc w:val="left"/><w:pPr><w:tabs><w:tab w:val="num" w:pos="567"/></w:tabs>
    <w:ind w:left="567" w:hanging="567"/></w:pPr><w:rPr><w:b/></w:rPr></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/>
    <w:lvlJc w:val="left"/><w:pPr><w:tabs><w:tab w:val="num" w:pos="567"/></w:tabs>
    <w:ind w:left="567" w:hanging="567"/></w:pPr><w:rPr><w:b w:val="0"/></w:rPr></w:lvl>
</w:abstractNum>
<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{BULLET_NUM_ID}">
  <w:multiLevelType w:val="hybridMultilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr>
    <w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr></w:lvl>
</w:abstractNum>
<w:num xmlns:w="{W_NS}" w:numId="{LIST_NUM_ID}"><w:abstractNumId w:val="{LIST_NUM_ID}"/></w:num>
<w:num xmlns:w="{W_NS}" w:numId="{BULLET_NUM_ID}"><w:abstractNumId w:val="{BULLET_NUM_ID}"/></w:num>
"""


def _footnotes_xml(text: str) -> bytes:
    """``word/footnotes.xml``: Word's two separators and footnote 1."""
    from xml.sax.saxutils import escape

    sep = '<w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">'
        f'<w:footnote w:type="separator" w:id="-1">{sep}<w:r><w:separator/></w:r></w:p>'
        "</w:footnote>"
        f'<w:footnote w:type="continuationSeparator" w:id="0">{sep}<w:r><w:continuationSeparator/>'
        "</w:r></w:p></w:footnote>"
        '<w:footnote w:id="1"><w:p><w:pPr><w:spacing w:after="0"/><w:jc w:val="both"/></w:pPr>'
        f'<w:r><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}"/><w:sz w:val="18"/>'
        '<w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}"/><w:sz w:val="18"/></w:rPr>'
        f'<w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    ).encode()


def _add_footnotes_part(document, text: str) -> None:
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    part = Part(
        PackURI("/word/footnotes.xml"),
        CT.WML_FOOTNOTES,
        _footnotes_xml(text),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)


def _el(tag: str, **attrs: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(key.replace("_", ":", 1)), value)
    return el


def _add_field(paragraph, instr: str, shown: str) -> None:
    """A complex field (begin / instrText / separate / result / end), as Word writes PAGE."""
    paragraph.add_run()._r.append(_el("w:fldChar", w_fldCharType="begin"))
    instr_el = _el("w:instrText", xml_space="preserve")
    instr_el.text = f" {instr} "
    paragraph.add_run()._r.append(instr_el)
    paragraph.add_run()._r.append(_el("w:fldChar", w_fldCharType="separate"))
    paragraph.add_run(shown)
    paragraph.add_run()._r.append(_el("w:fldChar", w_fldCharType="end"))


def _add_runs(paragraph, runs: list[Run], italic: bool = False) -> None:
    for run in runs:
        if run.footnote:
            r = paragraph.add_run()
            rpr = r._r.get_or_add_rPr()
            rpr.append(_el("w:vertAlign", w_val="superscript"))
            r._r.append(_el("w:footnoteReference", w_id=run.text))
            continue
        r = paragraph.add_run(run.text)
        r.italic = run.italic or italic or None
        r.bold = run.bold or None


def _set_numbering(paragraph, num_id: int, level: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(f"w:{side}", w_val="nil"))
    tbl_pr.append(borders)


def _table(document, rows: list[list[tuple[list[Run], bool]]], widths_cm: list[float]):
    """A borderless table; each cell is (runs, italic)."""
    from docx.shared import Cm

    table = document.add_table(rows=len(rows), cols=len(widths_cm))
    table.autofit = False
    _no_borders(table)
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for r, row in enumerate(rows):
        for c, (runs, italic) in enumerate(row):
            cell = table.cell(r, c)
            cell.width = Cm(widths_cm[c])
            para = cell.paragraphs[0]
            para.paragraph_format.space_after = 0
            _add_runs(para, runs, italic=italic)
    return table


def _header_rows(letter: Letter, columns: int) -> list[list[tuple[list[Run], bool]]]:
    cells = [([Run(label)], True) for label, _ in letter.header]
    values = [([Run(value)], False) for _, value in letter.header]
    if columns == 2:
        return [[cells[i], values[i]] for i in range(4)]
    # To | value | From | value  /  Copy to | value | Publication date | value
    return [[cells[0], values[0], cells[2], values[2]], [cells[1], values[1], cells[3], values[3]]]


def _slim(document) -> None:
    """Leave out what python-docx's template carries and the letters do not need: the
    thumbnail, the Word 2010 styles-with-effects copy and the latent style list."""
    for rels in (document.part.package.rels, document.part.rels):
        for key, rel in list(rels.items()):
            if rel.reltype.endswith(("/thumbnail", "/stylesWithEffects")):
                rels.pop(key)
    styles = document.styles.element
    for latent in styles.findall(f"{{{W_NS}}}latentStyles"):
        styles.remove(latent)


def build_docx(letter: Letter, layout: Layout):
    """The Word document of ``letter`` laid out as ``layout`` says."""
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.54)
    section.top_margin, section.bottom_margin = Cm(2.54), Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.25)
    text_width = section.page_width - section.left_margin - section.right_margin

    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(layout.body_pt)
    normal.element.rPr.rFonts.set(f"{{{W_NS}}}eastAsia", FONT)
    normal.paragraph_format.space_after = Pt(layout.space_after_pt)
    normal.paragraph_format.line_spacing = 1.0
    for name in ("Header", "Footer"):
        document.styles[name].font.name = FONT
        document.styles[name].font.size = Pt(9)

    numbering = document.part.numbering_part.element
    from lxml import etree

    fragments = etree.fromstring(f'<root xmlns:w="{W_NS}">{NUMBERING_XML}</root>')
    first_num = numbering.find(f"{{{W_NS}}}num")
    for el in fragments:
        if el.tag == f"{{{W_NS}}}abstractNum" and first_num is not None:
            first_num.addprevious(el)
        else:
            numbering.append(el)

    _slim(document)
    props = document.core_properties
    published = dt.datetime.fromisoformat(_iso_date(letter.header[3][1]))
    props.title = letter.title
    props.author = props.last_modified_by = "sqs-analysis tests/generators/published.py"
    props.created = props.modified = props.last_printed = published
    props.revision = 1
    props.subject = props.comments = (
        f"Test fixture: the text of data/raw/{letter.seed} laid out as a published letter "
        f"({layout.name})"
    )
    props.keywords = props.category = ""

    # running header and footer
    section.different_first_page_header_footer = not layout.first_page_header
    header = section.header.paragraphs[0]
    header.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    header.add_run(letter.title + "\t")
    _add_field(header, "PAGE", "1")

    def fill_footer(footer) -> None:
        para = footer.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if layout.footer == "page-x-of-y":
            para.add_run("Page ")
            _add_field(para, "PAGE", "1")
            para.add_run(" of ")
            _add_field(para, "NUMPAGES", "1")
        else:
            _add_field(para, "PAGE", "1")

    fill_footer(section.footer)
    if not layout.first_page_header:
        fill_footer(section.first_page_footer)

    # letterhead
    para = document.add_paragraph()
    para.paragraph_format.space_after = 0
    run = para.add_run(LETTERHEAD)
    run.bold, run.font.size = True, Pt(16)
    para = document.add_paragraph()
    para.paragraph_format.space_after = Pt(18 + layout.nudge_pt)
    para.add_run(LETTERHEAD_ADDRESS).font.size = Pt(8)

    widths = [3.6, 12.3] if layout.header_columns == 2 else [2.0, 6.4, 3.0, 4.5]
    table = _table(document, _header_rows(letter, layout.header_columns), widths)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    document.add_paragraph().paragraph_format.space_after = 0

    _add_footnotes_part(document, letter.footnote)
    notes = [b for b in letter.blocks if b.kind == "note"]
    for block in letter.blocks:
        if block.kind == "note":
            continue
        para = document.add_paragraph()
        fmt = para.paragraph_format
        if block.kind == "title":
            fmt.space_before, fmt.space_after = Pt(6), Pt(12)
            _add_runs(para, block.runs)
            para.runs[0].bold, para.runs[0].font.size = True, Pt(13)
        elif block.kind == "heading":
            fmt.space_before, fmt.keep_with_next = Pt(6), True
            _add_runs(para, block.runs)
            for run in para.runs:
                run.bold = True
        elif block.kind == "domain":
            fmt.space_before, fmt.keep_with_next = Pt(6), True
            if layout.numbering == "word-list":
                _set_numbering(para, LIST_NUM_ID, 0)
            else:
                fmt.left_indent, fmt.first_line_indent = Cm(HANG_CM), Cm(-HANG_CM)
                fmt.tab_stops.add_tab_stop(Cm(HANG_CM))
                para.add_run(block.number + "\t")
            _add_runs(para, block.runs)
            for run in para.runs:
                run.bold = True
        elif block.kind == "numbered":
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if layout.numbering == "word-list":
                _set_numbering(para, LIST_NUM_ID, 1)
            else:
                fmt.left_indent, fmt.first_line_indent = Cm(HANG_CM), Cm(-HANG_CM)
                fmt.tab_stops.add_tab_stop(Cm(HANG_CM))
                para.add_run(block.number + "\t")
            _add_runs(para, block.runs)
        elif block.kind == "bullet":
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            fmt.space_after = Pt(4)
            _set_numbering(para, BULLET_NUM_ID, 0)
            _add_runs(para, block.runs)
        else:
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            _add_runs(para, block.runs)

    para = document.add_paragraph()
    para.paragraph_format.space_before = Pt(12)
    para.add_run("Copy to:").bold = True
    if layout.copy_list == "table":
        rows = [[([Run(role)], False), (names, True)] for role, names in letter.copy_list]
        _table(document, rows, [7.0, 8.9])
    else:
        for role, names in letter.copy_list:
            para = document.add_paragraph()
            para.paragraph_format.space_after = 0
            para.paragraph_format.tab_stops.add_tab_stop(Cm(8.0))
            para.add_run(role + "\t")
            _add_runs(para, names, italic=True)
    document.add_paragraph().paragraph_format.space_after = 0
    for block in notes:
        para = document.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        para.paragraph_format.space_after = Pt(4)
        _add_runs(para, block.runs)
        for run in para.runs:
            run.font.size = Pt(9)
    return document


_MONTHS = "January February March April May June July August September October November December"


def _iso_date(text: str) -> str:
    day, month, year = text.split()
    return f"{year}-{_MONTHS.split().index(month) + 1:02d}-{int(day):02d}"


# --------------------------------------------------------------------------------------------
# Deterministic files
# --------------------------------------------------------------------------------------------


def docx_bytes(document) -> bytes:
    """The document as a .docx whose bytes depend only on its content (fixed zip dates)."""
    buffer = io.BytesIO()
    document.save(buffer)
    src = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


_PDF_DATE = re.compile(rb"\((D:\d{14}[^()]{0,8})\)")
_PDF_HEX = re.compile(rb"(/ID\s*\[\s*<|>\s*<|/DocChecksum\s*/)([0-9A-Fa-f]{32})")


def fix_pdf_metadata(data: bytes, stamp: str) -> bytes:
    """Give the creation date, the file identifier and the checksum LibreOffice writes fixed
    values of the same length (the cross-reference offsets stay right), so that rendering the
    same document again gives the same bytes. ``stamp`` is ``YYYYMMDDhhmmss``."""
    import hashlib

    date = f"D:{stamp}".encode()
    data = _PDF_DATE.sub(lambda m: b"(" + (date + m[1][len(date) :])[: len(m[1])] + b")", data)
    blank = _PDF_HEX.sub(lambda m: m[1] + b"0" * 32, data)
    digest = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode()
    return _PDF_HEX.sub(lambda m: m[1] + digest, data)


def pdf_fingerprint(path: Path) -> str:
    """What a PDF shows, independent of the order its objects are written in: every stream's
    decoded bytes (as a sorted list) and each page's content in page order.

    LibreOffice writes the embedded font programs in an order that varies from run to run; a
    rerun whose PDF differs from the committed one only in that order keeps the committed file.
    """
    import hashlib

    from pypdf import PdfReader
    from pypdf.generic import IndirectObject, StreamObject

    reader = PdfReader(path)
    streams = []
    for generation, numbers in reader.xref.items():
        for number in numbers:
            obj = reader.get_object(IndirectObject(number, generation, reader))
            if isinstance(obj, StreamObject):
                streams.append(hashlib.sha256(obj.get_data()).hexdigest())
    pages = [hashlib.sha256(page.get_contents().get_data()).hexdigest() for page in reader.pages]
    return hashlib.sha256(repr((sorted(streams), pages, reader.metadata)).encode()).hexdigest()


# --------------------------------------------------------------------------------------------
# Rendering with LibreOffice
# --------------------------------------------------------------------------------------------


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_pdfs(docx_paths: list[Path], out_dir: Path) -> None:
    """Convert Word documents to PDF with LibreOffice headless, in a private profile."""
    exe = soffice()
    assert exe is not None
    with tempfile.TemporaryDirectory(prefix="sqs-lo-") as tmp:
        env = dict(os.environ, TZ="UTC")  # LibreOffice 7.4 ignores SOURCE_DATE_EPOCH
        cmd = [
            exe,
            f"-env:UserInstallation=file://{tmp}/profile",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(out_dir),
            *map(str, docx_paths),
        ]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
        missing = [p for p in docx_paths if not (out_dir / f"{p.stem}.pdf").exists()]
        if done.returncode or missing:
            raise RuntimeError(f"LibreOffice failed ({done.returncode}): {done.stderr.strip()}")


# --------------------------------------------------------------------------------------------
# What a rendered PDF shows
# --------------------------------------------------------------------------------------------


def page_texts(pdf: Path) -> list[str]:
    """Each page's text (PDFium), with line ends, tabs and PDFium's markers as single spaces."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        pages = []
        for page in document:
            text = page.get_textpage().get_text_range()
            text = re.sub(r"[\ufffe\u0002\u00ad]", "", text)
            pages.append(" ".join(text.split()))
        return pages
    finally:
        document.close()


def _quote_spans(text: str) -> list[tuple[int, int]]:
    marks = [m.start() for m in re.finditer(r"[\"“”]", text)]
    return [(marks[i], marks[i + 1]) for i in range(0, len(marks) - 1, 2)]


def page_breaks(letter: Letter, pages: list[str]) -> list[dict]:
    """Body paragraphs split by a page break: where, and whether inside a quotation."""
    found = []
    for block in letter.blocks:
        if block.kind not in ("numbered", "para"):
            continue
        words = block.text.split()
        for p in range(len(pages) - 1):
            head = " ".join(words[:6])
            if head not in pages[p] or " ".join(words) in pages[p]:
                continue
            k = max(i for i in range(6, len(words)) if " ".join(words[:i]) in pages[p])
            if " ".join(words[k:]) not in pages[p + 1]:
                continue
            offset = len(" ".join(words[:k]))
            quoted = any(a < offset < b for a, b in _quote_spans(block.text))
            found.append(
                {
                    "paragraph": block.number or f"para: {' '.join(words[:4])} ...",
                    "after_page": p + 1,
                    "inside_quotation": quoted,
                    "page_ends": " ".join(words[max(0, k - 4) : k]),
                    "next_page_starts": " ".join(words[k : k + 4]),
                }
            )
    return found


def measure(letter: Letter, layout: Layout, pdf: Path) -> dict:
    pages = page_texts(pdf)
    breaks = page_breaks(letter, pages)
    head = pages[0][: pages[0].find(LETTERHEAD)]
    return {
        "pages": len(pages),
        "page1_text_above_letterhead": head.strip(),
        "breaks": breaks,
    }


def check_claims(layout: Layout, facts: dict) -> list[str]:
    problems = []
    above = facts["page1_text_above_letterhead"]
    if layout.first_page_header != bool(above):
        problems.append(f"page 1 text above the letterhead: {above!r}")
    if "paragraph-across-page" in layout.expect and not facts["breaks"]:
        problems.append("no paragraph breaks across a page")
    if "quotation-across-page" in layout.expect and not any(
        b["inside_quotation"] for b in facts["breaks"]
    ):
        problems.append("no quotation breaks across a page")
    if facts["pages"] < 2:
        problems.append("a single page")
    return problems


def features(layout: Layout) -> dict:
    return {
        "first_page_running_header": layout.first_page_header,
        "header_table_columns": layout.header_columns,
        "copy_list": layout.copy_list,
        "footer": layout.footer,
        "numbering": layout.numbering,
        "footnote": "word-footnote",
        "bullets": "word-list-symbol-f0b7",
        "letterhead": True,
        "justified": True,
        "expect": list(layout.expect),
        "type_sizes_pt": {
            "body": layout.body_pt,
            "space_after": layout.space_after_pt,
            "under_letterhead": 18.0 + layout.nudge_pt,
        },
    }


def describe(layout: Layout) -> str:
    header = "running header on page 1" if layout.first_page_header else "page 1 without header"
    return (
        f"{header}; To/From table of {layout.header_columns} columns; copy list as "
        f"{'a table' if layout.copy_list == 'table' else 'tab-separated lines'}; footer "
        f"{'Page X of Y' if layout.footer == 'page-x-of-y' else 'page number'}; paragraph "
        f"numbers {'from a Word list' if layout.numbering == 'word-list' else 'typed'}"
    )


# --------------------------------------------------------------------------------------------


def generate(out: Path, only: list[str] | None = None) -> int:
    if soffice() is None:
        print(
            "soffice (LibreOffice) not found: install libreoffice-writer-nogui to render fixtures",
            file=sys.stderr,
        )
        return 1
    layouts = [v for v in VARIANTS if not only or v.name in only]
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8")) if manifest_path.exists() else {}
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="sqs-published-") as tmp:
        work = Path(tmp)
        letters = {}
        for layout in layouts:
            letter = parse_seed(RAW / layout.seed)
            if letter_words(letter) != seed_words(RAW / layout.seed):
                raise SystemExit(f"{layout.seed}: the letter's words differ from the seed's")
            if letter.footnote.split() != _seed_footnote(RAW / layout.seed).split():
                raise SystemExit(f"{layout.seed}: the footnote differs from the seed's")
            letters[layout.name] = letter
            (work / f"{layout.name}.docx").write_bytes(docx_bytes(build_docx(letter, layout)))
        render_pdfs([work / f"{v.name}.docx" for v in layouts], work)
        for layout in layouts:
            letter = letters[layout.name]
            stamp = _iso_date(letter.header[3][1]).replace("-", "") + "000000"
            pdf = work / f"{layout.name}.pdf"
            pdf.write_bytes(fix_pdf_metadata(pdf.read_bytes(), stamp))
            facts = measure(letter, layout, pdf)
            problems += [f"{layout.name}: {p}" for p in check_claims(layout, facts)]
            shutil.copyfile(work / f"{layout.name}.docx", out / f"{layout.name}.docx")
            old = out / f"{layout.name}.pdf"
            if not old.exists() or pdf_fingerprint(old) != pdf_fingerprint(pdf):
                shutil.copyfile(pdf, old)
            manifest[layout.name] = {
                "description": describe(layout),
                "pdf": f"{layout.name}.pdf",
                "docx": f"{layout.name}.docx",
                "seed": f"data/raw/{layout.seed}",
                "answer_key": f"tests/fixtures/gold/{Path(layout.seed).stem}.json",
                "features": features(layout),
                "measured": facts,
            }
    manifest = {k: manifest[k] for k in sorted(manifest)}
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", "utf-8")
    for problem in problems:
        print(f"fixture does not show what it claims: {problem}", file=sys.stderr)
    print(f"wrote {len(layouts)} fixtures (PDF and .docx) and manifest.json to {out}")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder (default: %(default)s)")
    parser.add_argument("names", nargs="*", help="only these fixtures (default: all)")
    args = parser.parse_args(argv)
    return generate(args.out, args.names or None)


if __name__ == "__main__":
    sys.exit(main())
