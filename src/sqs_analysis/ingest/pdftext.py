"""A PDF letter's text layer, as PDFium gives it, made into the text of a clean copy.

:mod:`.read` takes each printed line out of the PDF with where it stands on the page (PDFium
through pypdfium2: the text, the left and right edge, the baseline, the type size, where a
wide gap splits it, which digits are raised). This module turns those lines into what a
careful copy of the letter would read, for :mod:`.normalise` and the parser: one paragraph per
line with a blank line between paragraphs, table cells and tab stops as tabs, footnote markers
as superscript digits and the footnote text set after the letter, and no page furniture.
docs/pdf-text-layer.md describes what PDFium gives on published letters; the rules here follow
it, in this order:

1. **Printed lines.** Two of PDFium's lines on the same baseline, the second starting where the
   first ends, are one printed line: PDFium breaks a line after a raised footnote digit
   (``"rate1"`` + ``" for Southend"``). A digit glued to a word whose baseline is raised above
   the line's is a footnote marker. (:mod:`.read` has already cut a line that PDFium ran on
   after a hyphen at a line end where the next printed line begins.)
2. **Page furniture.** Running headers and footers are found by repetition and position, never
   by their wording: scanning in from the top and from the bottom of each page, a line whose
   text (digits aside) stands at the same height on another page, or is the first (last) line
   of another page as well, or that is only a page number ("3", "Page 3 of 5", "- 3 -"), is
   furniture, and the scan stops at the first line that is not. This takes a running header
   away even where it stands above the letterhead on page 1. The first occurrence of a header
   without a page number, on page 1, is kept, as the text normaliser keeps a repeated title
   where it first appears.
3. **Footnotes.** Lines at the foot of a page from one that starts with a footnote number set
   smaller than the body text, or raised (as Word sets a footnote's own number) after a marker
   of that number, are footnote text; so is a run of small lines starting with the number of an
   earlier marker, wherever it stands. They are taken out of the body, so a paragraph they
   interrupt at a page break is whole again, and written after the letter.
4. **Paragraphs.** PDFium leaves no blank line between paragraphs. A line continues the
   paragraph before it unless the type size changes, it starts with a paragraph number, a
   bullet, a numbered heading, a "Note 1:" label or a letter-head label, it or the line before
   is a section heading the parser knows, the gap above it is clearly wider than the line
   spacing (on the same page), the line before ends a sentence short of the right margin with
   room for this line's first word, a one-line paragraph stops well short of the margin (a
   heading), or it does not start where the paragraph's lines start (a hanging indent after a
   number, bullet or label is followed).
5. **Tables and tab stops.** A gap between two text runs of a line of at least
   :data:`TAB_GAP_EM` of the type size, in a line that is not stretched to the right margin,
   or after a short first run (a number, a bullet, a label), or of :data:`WIDE_GAP_EM`
   anywhere, is a tab or a cell boundary. PDFium writes a table cell by cell, so when a line
   jumps back up to the baseline of a row already begun, it is the next cell of that row, and
   the lines below it at its left edge are that cell's wrapped lines (a copy-list role that
   wraps keeps its names; a four-column letter head keeps its label-value pairs). A lone line
   at the top of a page under a cell of the row that ended the page before, followed by a row
   laid out the same way, is the rest of that row (Word lets a row break across a page). A
   paragraph is written as its cells joined by tabs.
6. **Characters.** A hyphen that PDFium marks as falling at a line end (U+FFFE, U+0002) is
   resolved by :func:`resolve_hyphens`; a private-use symbol standing alone (Word's bullets in
   the Symbol or Wingdings fonts, U+F0B7 and friends), or a one-character first cell before a
   tab, becomes "•".

Everything is measured against the letter itself (its body type size, its line spacing, its
right margin), so no number here is tied to one layout.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

TAB_GAP_EM = 0.4
"""Least gap between two text runs, in ems of the line's type size, that is a tab or a cell
boundary. A space is about 0.28 em; the justified spaces measured stay inside one run, and a
run that starts in a stretched line needs a short first run or :data:`WIDE_GAP_EM`. Measured
tab and cell gaps are 0.6-8 em (docs/pdf-text-layer.md, rule 4)."""
WIDE_GAP_EM = 2.0
"""A gap this wide is a column boundary even in a line stretched to the right margin."""
PARAGRAPH_GAP = 1.35
"""A gap between baselines this many times the letter's line spacing ends a paragraph."""
SMALL_TYPE = 0.92
"""Lines set below this fraction of the body type size are notes (footnotes, small print)."""
_FURNITURE_Y_TOLERANCE = 2.0
_FURNITURE_DEPTH = 4  # at most this many header or footer lines at each edge of a page


@dataclass(slots=True)
class PdfLine:
    """One printed line of a page, as PDFium gives it (coordinates in PDF points)."""

    text: str
    """The line's text, surrounding spaces removed; U+FFFE marks a hyphen at a line end."""
    x0: float
    """Left edge: the origin of the first character."""
    x1: float
    """Right edge of the last character."""
    baseline: float
    """Height of the baseline above the foot of the page (PDF y grows upwards)."""
    size: float
    """Type size in points."""
    lead_space: bool = False
    """PDFium started the line with a space (it does after a raised footnote digit)."""
    cuts: list[tuple[int, float, float]] = field(default_factory=list)
    """Where a gap between two text runs precedes ``text[offset]``: (offset, gap in pt, left
    edge of the text after the gap)."""
    marks: list[tuple[int, int]] = field(default_factory=list)
    """(start, end) of each run of raised digits glued to a word: footnote markers."""


@dataclass(slots=True)
class PdfPage:
    """The lines of one page, in PDFium's reading order."""

    number: int
    width: float
    height: float
    lines: list[PdfLine]
    geometry: bool = True
    """False when PDFium's text and its characters disagree, so the lines have no places."""


@dataclass(slots=True)
class _Line:
    """A printed line placed in the letter: its page and the margins measured there."""

    line: PdfLine
    page: int


@dataclass
class _Cell:
    """One cell of a table row (a paragraph is a row of one cell): its wrapped lines."""

    x0: float
    parts: list[str]
    last: PdfLine  # its lowest line so far
    page: int
    heading: bool = False  # its last line is a section heading


@dataclass
class _Block:
    """A paragraph, or a table row: its cells in order, and where it stands."""

    cells: list[_Cell]
    page: int
    top: float  # baseline of its first line
    size: float
    lines: int = 1
    cont_x: float | None = None  # left edge of its continuation lines, once one is seen
    hanging: bool = False  # first line starts with a number, bullet or label
    carried: _Block | None = None  # the row on the page before that this may be the rest of


# ------------------------------------------------------------------------------ the letter


@dataclass
class LetterText:
    """What the text layer of one letter becomes."""

    text: str
    warnings: list[str]


def letter_text(pages: list[PdfPage]) -> LetterText:
    """The text of a clean copy of the letter on ``pages`` (see the module's rules)."""
    pages = [PdfPage(p.number, p.width, p.height, merge_pieces(p.lines)) for p in pages]
    body = drop_furniture(pages)
    body_size = _body_size(body)
    body, notes = set_aside_footnotes(body, body_size)
    blocks = build_blocks(body, _measures(body))
    paragraphs = [render_block(b) for b in blocks]
    paragraphs += [f"{superscript(n)} {text}" for n, text in notes]
    text = "\n\n".join(p for p in paragraphs if p.strip())
    text, undecided = resolve_hyphens(text)
    warnings = []
    if undecided:
        words = ", ".join(f"'{w}'" for w in sorted(set(undecided)))
        warnings.append(
            f"hyphen at a line end kept as printed in {words}: the letter gives no other "
            "spelling to decide whether it joins a compound or splits a word"
        )
    return LetterText(text, warnings)


# ---------------------------------------------------------------- 1. printed lines


def merge_pieces(lines: list[PdfLine]) -> list[PdfLine]:
    """Join consecutive PDFium lines that stand on one baseline, the second to the right of
    the first (PDFium breaks a line after a raised character). The first line of each such
    run is extended in place."""
    out: list[PdfLine] = []
    prev = None
    for line in lines:
        if (
            prev is not None
            and abs(line.baseline - prev.baseline) <= 0.25 * max(prev.size, line.size)
            and line.x0 >= prev.x1 - 1.0
            and line.x0 - prev.x1 < 2.0 * prev.size
        ):
            joiner = " " if (line.lead_space or line.x0 - prev.x1 > 0.15 * prev.size) else ""
            shift = len(prev.text) + len(joiner)
            if joiner and line.x0 - prev.x1 >= 1.0 * prev.size and not prev.marks:
                prev.cuts.append((shift, line.x0 - prev.x1, line.x0))  # a cell, not a space
            prev.cuts.extend((o + shift, g, x) for o, g, x in line.cuts)
            prev.marks.extend((a + shift, b + shift) for a, b in line.marks)
            prev.text = prev.text + joiner + line.text
            prev.x1 = line.x1
            prev.size = max(prev.size, line.size)
            continue
        out.append(line)
        prev = line
    return out


# ---------------------------------------------------------------- 2. page furniture

_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–—]?\s*\d{1,3}\s*[-–—]?\s*(?:(?:of|/)\s*\d{1,3})?$", re.I
)
_DIGITS = re.compile(r"\d+")


def _furniture_key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def drop_furniture(pages: list[PdfPage]) -> list[_Line]:
    """Body lines of every page in order, running headers, footers and page numbers removed."""

    def edges(page: PdfPage) -> list[PdfLine]:
        lines = page.lines
        if len(lines) <= 2 * _FURNITURE_DEPTH:
            return lines
        return lines[:_FURNITURE_DEPTH] + lines[-_FURNITURE_DEPTH:]

    seen: dict[str, list[tuple[int, float]]] = {}
    keys: dict[int, str] = {}
    for page in pages:
        for line in edges(page):
            key = keys[id(line)] = _furniture_key(line.text)
            seen.setdefault(key, []).append((page.number, line.baseline))

    ends: dict[tuple[int, str], set[int]] = {}  # (0 first / -1 last, key) -> pages
    for page in pages:
        if page.lines:
            for end in (0, -1):
                ends.setdefault((end, keys[id(page.lines[end])]), set()).add(page.number)

    def furniture(page: PdfPage, line: PdfLine) -> bool:
        if _PAGE_NUMBER.match(line.text):
            return True
        key = keys[id(line)]
        if any(
            number != page.number and abs(y - line.baseline) <= _FURNITURE_Y_TOLERANCE
            for number, y in seen[key]
        ):
            return True
        # the very first (last) line of pages, wherever the page puts it: a header (footer)
        # that page 1 sets higher or lower than the others
        for end in (0, -1):
            if line is page.lines[end] and ends.get((end, key), set()) - {page.number}:
                return True
        return False

    body: list[_Line] = []
    first = pages[0].number if pages else 0
    for page in pages:
        lines = page.lines
        top = 0
        while top < min(len(lines), _FURNITURE_DEPTH) and furniture(page, lines[top]):
            top += 1
        bottom = len(lines)
        while bottom > top and len(lines) - bottom < _FURNITURE_DEPTH:
            if not furniture(page, lines[bottom - 1]):
                break
            bottom -= 1
        kept = [
            line
            for line in lines[:top]
            if page.number == first
            and not _DIGITS.search(line.text)
            and not _PAGE_NUMBER.match(line.text)
        ]
        body.extend(_Line(line, page.number) for line in [*kept, *lines[top:bottom]])
    return body


# ---------------------------------------------------------------- 3. footnotes

_NOTE_START = re.compile(r"^(\d{1,2})\s+(?=\S)")


def _body_size(lines: list[_Line]) -> float:
    """The type size most of the text is set in."""
    sizes: Counter[float] = Counter()
    for item in lines:
        sizes[round(item.line.size * 2) / 2] += len(item.line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


_FOOTNOTE_LINES = 12  # the most lines footnotes take at the foot of a page


def set_aside_footnotes(
    lines: list[_Line], body_size: float
) -> tuple[list[_Line], list[tuple[int, str]]]:
    """Take footnote text out of the body: (body lines, [(number, text)]).

    Footnotes are the lines at the foot of a page from one that starts with a footnote number
    set smaller than the body text (or raised, as Word sets the number in footnote text, when a
    marker of that number came before); or a run of small lines starting with the number of a
    marker that came before, wherever it stands."""
    small = [item.line.size < SMALL_TYPE * body_size for item in lines]
    markers: set[int] = set()
    body: list[_Line] = []
    notes: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        item = lines[i]
        start = _NOTE_START.match(item.line.text)
        raised = bool(item.line.marks) and item.line.marks[0][0] == 0
        if start and (small[i] or (raised and int(start.group(1)) in markers)):
            end = i
            while end < len(lines) and lines[end].page == item.page and (small[end] or raised):
                end += 1
            foot_of_page = end == len(lines) or lines[end].page != item.page
            if (foot_of_page and end - i <= _FOOTNOTE_LINES) or (
                small[i] and int(start.group(1)) in markers
            ):
                notes.extend(_split_notes(lines[i:end]))
                i = end
                continue
        for a, b in item.line.marks:
            if a > 0:
                markers.add(int(item.line.text[a:b]))
        body.append(item)
        i += 1
    return body, notes


def _split_notes(lines: list[_Line]) -> list[tuple[int, str]]:
    """Footnotes from their lines: a new one starts at the next number in sequence."""
    notes: list[tuple[int, list[str]]] = []
    for item in lines:
        m = _NOTE_START.match(item.line.text)
        number = int(m.group(1)) if m else None
        if number is not None and (not notes or number == notes[-1][0] + 1):
            notes.append((number, [item.line.text[m.end() :]]))
        elif notes:
            notes[-1][1].append(item.line.text)
    return [(n, join_parts(parts)) for n, parts in notes]


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(number: int | str) -> str:
    return str(number).translate(_SUPERSCRIPT)


# ---------------------------------------------------------------- 4-5. paragraphs and tables


@dataclass
class _Measures:
    """What the letter's own layout says: line spacing per type size, right margin per page."""

    pitch: dict[float, float]
    margin: dict[int, float]

    def line_pitch(self, size: float) -> float:
        return self.pitch.get(round(size * 2) / 2, 1.2 * size)


def _measures(lines: list[_Line]) -> _Measures:
    deltas: dict[float, Counter[float]] = {}
    for a, b in pairwise(lines):
        la, lb = a.line, b.line
        if a.page != b.page or abs(la.size - lb.size) > 0.1:
            continue
        delta = la.baseline - lb.baseline
        if 0.8 * la.size <= delta <= 2.5 * la.size:
            key = round(la.size * 2) / 2
            counts = deltas.get(key)
            if counts is None:
                counts = deltas[key] = Counter()
            counts[round(delta * 2) / 2] += 1
    pitch = {size: counts.most_common(1)[0][0] for size, counts in deltas.items()}
    right: dict[int, list[float]] = {}
    for item in lines:
        if len(item.line.text) >= 30:
            right.setdefault(item.page, []).append(item.line.x1)
    margin = {}
    for page, edges in right.items():
        edges.sort()
        margin[page] = edges[min(len(edges) - 1, int(0.9 * len(edges)))]
    return _Measures(pitch, margin)


_MARKER = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|\(?[a-z]\)|\(?[ivx]{1,4}\)|[^\w\s]|[oOlnquvwü§Ø])$"
)
"""A list marker standing before a tab: a paragraph number, a letter or roman numeral in
brackets, or one bullet glyph (symbol fonts without a Unicode mapping print Wingdings'
bullets as letters such as "l", "n", "q", "v", "§" or "Ø")."""
_BULLET_GLYPH = re.compile(r"^(?:[^\w\s]|[oOlnquvwü§Ø])$")
_LABEL = re.compile(r"^[A-Z][\w ]{0,30}:$")
_STARTS_BLOCK = re.compile(
    r"^(?:[•·▪●◦‣]\s|\d\.\d{1,2}\.?\s|\d{1,2}\.\s+[A-Z]|Note\s*\d{1,2}\s*:"
    r"|(?:To|From|Copy to|Cc|Date|Publication date|Date of publication|Subject|Re|Ref):\s)"
)
"""What starts a paragraph: a bullet, a paragraph number, a numbered heading, a note, or one
of a letter's head labels. (A dash does not: a line can start with one where a sentence wraps
before it; a dash used as a bullet stands before a tab, which makes it a cell of its own.)"""
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
_PRIVATE_USE = re.compile(r"(?<!\S)[\ue000-\uf8ff](?!\S)")
_ANY_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")


def _segments(line: PdfLine, margin: float) -> list[tuple[float, str]]:
    """The line cut into its cells at the gaps that are tabs or cell boundaries: [(x0, text)].

    A gap counts when it is at least :data:`TAB_GAP_EM` wide and the line is not stretched to
    the right margin (where wide gaps are justified spaces), or when it follows a short first
    run (a paragraph number, a bullet, a label), or when it is :data:`WIDE_GAP_EM` wide."""
    text = line.text
    for a, b in line.marks:  # raised digits become superscripts: same length, same offsets
        text = text[:a] + superscript(text[a:b]) + text[b:]
    if _ANY_PRIVATE_USE.search(text):
        text = _PRIVATE_USE.sub("•", text)
    if not line.cuts:
        return [(line.x0, text)]
    stretched = line.x1 >= margin - 0.5 * line.size
    cells: list[tuple[float, str]] = []
    start, x = 0, line.x0
    for offset, gap, right in sorted(line.cuts):
        before = text[start:offset].strip()
        if not before or gap < TAB_GAP_EM * line.size:
            continue
        short = start == 0 and bool(_MARKER.match(before) or _LABEL.match(before))
        if stretched and gap < WIDE_GAP_EM * line.size and not short:
            continue
        cells.append((x, before))
        start, x = offset, right
    cells.append((x, text[start:].strip()))
    cells = [c for c in cells if c[1]] or [(line.x0, text)]
    if len(cells) > 1 and _BULLET_GLYPH.match(cells[0][1]) and not cells[0][1].isdigit():
        cells[0] = (cells[0][0], "•")
    return cells


def build_blocks(lines: list[_Line], measures: _Measures) -> list[_Block]:
    """Paragraphs and table rows from the body's printed lines (rules 4 and 5)."""
    from sqs_analysis.ingest.letter import classify_heading

    def heading(text: str) -> bool:
        return len(text) < 90 and classify_heading(text) is not None

    blocks: list[_Block] = []
    for item in lines:
        line = item.line
        cells = _segments(line, measures.margin.get(item.page, line.x1))
        tol = 0.3 * line.size
        row = _row_of(blocks, item, tol)
        if row is not None:
            row.cells.extend(_Cell(x, [t], line, item.page) for x, t in cells)
            row.lines += 1
            continue
        is_heading = len(cells) == 1 and heading(cells[0][1])
        block = blocks[-1] if blocks else None
        cell = _continues(block, item, cells, measures, tol, is_heading) if block else None
        if cell is not None:
            cell.parts.append(cells[0][1])
            if block.lines == 1 and len(block.cells) == 1:
                block.cont_x = line.x0
            cell.last, cell.page = line, item.page
            block.page = item.page
            block.lines += 1
            continue
        new = _Block(
            [_Cell(x, [t], line, item.page, is_heading) for x, t in cells],
            item.page,
            line.baseline,
            line.size,
            hanging=len(cells) > 1 or bool(_STARTS_BLOCK.match(cells[0][1])),
        )
        if block is not None and item.page != block.page and len(cells) == 1 and not is_heading:
            new.carried = _carried_row(block, line, cells[0][1], tol)
        blocks.append(new)
    return _carry_over(blocks)


def _carried_row(row: _Block, line: PdfLine, text: str, tol: float) -> _Block | None:
    """``row`` if a lone line at the top of a page may be the rest of it: a table row that
    the page break split, its first lines on the page before (Word lets a row break across
    pages; PDFium writes each page's part of the row where the page starts)."""
    if (
        len(row.cells) > 1
        and abs(line.size - row.size) <= 0.12 * row.size
        and not _STARTS_BLOCK.match(text)
        and not _SENTENCE_END.search(text)
        and any(abs(c.x0 - line.x0) <= tol for c in row.cells)
    ):
        return row
    return None


def _carry_over(blocks: list[_Block]) -> list[_Block]:
    """Put back into its row the rest of a row split by a page break: the lone line that
    began the page stayed alone (nothing joined it on its baseline), and the next block is a
    row laid out as the split one was, so the table goes on."""
    out: list[_Block] = []
    for i, block in enumerate(blocks):
        row = block.carried
        after = blocks[i + 1] if i + 1 < len(blocks) else None
        if (
            row is not None
            and out
            and out[-1] is row
            and len(block.cells) == 1
            and after is not None
            and len(after.cells) > 1
        ):
            tol = 0.3 * row.size
            home = next(c for c in row.cells if abs(c.x0 - block.cells[0].x0) <= tol)
            head = home.parts[0] if home.parts else ""
            if (
                block.lines <= 2
                and not _SENTENCE_END.search(block.cells[0].last.text)
                and not (_MARKER.match(head) or _LABEL.match(head))  # a number ends there
                and all(any(abs(a.x0 - b.x0) <= tol for b in row.cells) for a in after.cells)
            ):
                home.parts.extend(block.cells[0].parts)
                row.lines += block.lines
                continue
        out.append(block)
    return out


def _lowest(block: _Block) -> float:
    if len(block.cells) == 1:
        return block.cells[0].last.baseline
    return min(c.last.baseline for c in block.cells if c.page == block.page)


def _row_of(blocks: list[_Block], item: _Line, tol: float) -> _Block | None:
    """The table row this line is a later cell of: PDFium has jumped back up to the baseline
    of a row begun on this page, to the right of that row's cells."""
    if not blocks:
        return None
    line = item.line
    if blocks[-1].page != item.page or line.baseline <= _lowest(blocks[-1]) + tol:
        return None
    for back in range(len(blocks) - 1, max(-1, len(blocks) - 8), -1):
        row = blocks[back]
        if row.page != item.page or row.top > line.baseline + tol:
            return None  # gone past the row's page, or above where the line stands
        if abs(row.top - line.baseline) <= tol:
            if line.x0 <= max(c.x0 for c in row.cells) + tol:
                return None
            for later in blocks[back + 1 :]:  # wrapped lines of the row's cells
                _absorb(row, later, tol)
            del blocks[back + 1 :]
            return row
    return None


def _absorb(row: _Block, later: _Block, tol: float) -> None:
    """Put the lines of ``later`` (written below ``row``'s first line) into ``row``'s cells."""
    for cell in later.cells:
        home = next((c for c in reversed(row.cells) if abs(c.x0 - cell.x0) <= tol), row.cells[-1])
        home.parts.extend(cell.parts)
        if cell.last.baseline < home.last.baseline:
            home.last = cell.last
    row.lines += later.lines


def _continues(
    block: _Block,
    item: _Line,
    cells: list[tuple[float, str]],
    measures: _Measures,
    tol: float,
    heading: bool,
) -> _Cell | None:
    """The cell of ``block`` that ``item`` continues, or None if it starts a new paragraph."""
    line = item.line
    if len(cells) > 1 or abs(line.size - block.size) > 0.12 * block.size:
        return None
    text = cells[0][1]
    if heading or _STARTS_BLOCK.match(text):
        return None
    if len(block.cells) > 1:  # a row: the line must stand under one of its later cells
        cell = next((c for c in reversed(block.cells[1:]) if abs(c.x0 - line.x0) <= tol), None)
        if cell is None:
            return None
    else:
        cell = block.cells[0]
        if block.cont_x is not None:
            if abs(line.x0 - block.cont_x) > tol:
                return None
        elif line.x0 > cell.x0 + tol and not (block.hanging and line.x0 <= cell.x0 + 5 * line.size):
            return None
    prev = cell.last
    if cell.heading:
        return None
    if item.page == cell.page:
        drop = prev.baseline - line.baseline
        if drop < 0.3 * line.size or drop > PARAGRAPH_GAP * measures.line_pitch(line.size):
            return None
    margin = measures.margin.get(cell.page, prev.x1)
    word = text.split(" ", 1)[0]
    width = (line.x1 - line.x0) / max(1, len(line.text))
    room = margin - prev.x1 - 0.5 * line.size
    if _SENTENCE_END.search(prev.text) and room > (len(word) + 1) * width:
        return None  # the sentence ended although the next word would have fitted
    if (
        block.lines == 1
        and len(block.cells) == 1
        and room > (len(word) + 12) * width
        and abs(line.x0 - cell.x0) <= tol
    ):
        return None  # a one-line paragraph stopping well short: a heading
    return cell


def render_block(block: _Block) -> str:
    """A paragraph as one line; a table row as its cells joined by tabs."""
    return "\t".join(text for cell in block.cells if (text := join_parts(cell.parts)))


def join_parts(parts: list[str]) -> str:
    """Wrapped lines joined with spaces; a line ending in a marked (or plain) hyphen is
    joined without one, the hyphen left marked for :func:`resolve_hyphens`."""
    text = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not text:
            text = part
        elif text.endswith(("\ufffe", "\x02")):
            text += part
        elif text.endswith("\u00ad"):  # a soft hyphen that fell at the line end
            text = text[:-1] + part
        elif text.endswith("-") and text[-2:-1].isalpha():
            text = text[:-1] + "\ufffe" + part
        else:
            text = f"{text} {part}"
    return text


# ---------------------------------------------------------------- 6. hyphens at line ends

_MARKS = re.compile(r"[\ufffe\x02]")

COMPOUND_PREFIXES = frozenset(
    {"anti", "co", "counter", "cross", "ex", "inter", "multi", "non", "over", "post", "pre"}
    | {"pro", "self", "semi", "sub", "well"}
)
"""First halves that form compounds with a hyphen ("pre-sentence", "non-attendance",
"well-being"), used when the letter itself gives no other spelling."""


def resolve_hyphens(text: str) -> tuple[str, list[str]]:
    """Decide each hyphen that fell at a line end (U+FFFE or U+0002 between two halves).

    In order, from the letter's own words: the hyphenated word appears elsewhere
    ("two-thirds") -> hyphen; the closed-up word appears elsewhere ("reoffending") -> joined;
    the second half starts with a capital or a digit, or the first ends in a digit
    ("Harvey-Messina", "05-07") -> hyphen; the first half is a compound prefix
    (:data:`COMPOUND_PREFIXES`), or both halves are words the letter uses on their own ->
    hyphen (a compound). Anything else keeps the hyphen as printed and is returned as
    undecided, so the caller can say so: no word is dropped and nothing is decided silently.
    """
    if "\ufffe" not in text and "\x02" not in text:
        return text, []
    # the letter's words, each marked hyphen gluing its halves so they count for nothing
    lowered = _MARKS.sub("_", text).lower()
    undecided: list[str] = []

    def used(word: str) -> bool:
        return re.search(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", lowered) is not None

    def decide(left: str, right: str) -> str:
        hyphenated, joined = f"{left}-{right}", left + right
        if used(hyphenated):
            return hyphenated
        if used(joined):
            return joined
        if right[0].isupper() or right[0].isdigit() or left[-1].isdigit():
            return hyphenated
        if left.lower() in COMPOUND_PREFIXES or (used(left) and used(right)):
            return hyphenated
        undecided.append(hyphenated)
        return hyphenated

    out, pos = [], 0
    for mark in _MARKS.finditer(text):  # each marker with the word halves around it
        a, b = mark.start(), mark.end()
        while a > pos and (text[a - 1].isalnum()):
            a -= 1
        while b < len(text) and text[b].isalnum():
            b += 1
        if a == mark.start() or b == mark.end():  # no word on one side: a plain hyphen
            out.append(text[pos : mark.start()] + "-")
            pos = mark.end()
            continue
        out.append(text[pos:a])
        out.append(decide(text[a : mark.start()], text[mark.end() : b]))
        pos = b
    out.append(text[pos:])
    return "".join(out), undecided
