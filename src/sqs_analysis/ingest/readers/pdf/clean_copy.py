"""A PDF letter's text layer, as PDFium gives it, made into the text of a clean copy.

:mod:`.page` takes each printed line out of the PDF with where it stands on the page (PDFium
through pypdfium2: the text, the left and right edge, the baseline, the type size, where a
wide gap splits it, which digits are raised). This module turns those lines into what a
careful copy of the letter would read, for the parser (:mod:`sqs_analysis.ingest.normalise`
first): one paragraph per line with a blank line between paragraphs, table cells and tab
stops as tabs, footnote markers as superscript digits and the footnote text set after the
letter, and no page furniture.
docs/pdf-text-layer.md describes what PDFium gives on published letters; the rules here follow
it, in this order:

1. **Printed lines.** Two of PDFium's lines on the same baseline, the second starting where the
   first ends, are one printed line: PDFium breaks a line after a raised footnote digit
   (``"rate1"`` + ``" for Southend"``). A digit glued to a word whose baseline is raised above
   the line's is a footnote marker. (:mod:`.page` has already cut a line that PDFium ran on
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
   tab, becomes "•"; ligature code points are spelt out.

Other producers (docs/pdf-text-layer.md, "Other producers") add three things. Lines are put in
reading order by where they stand (:mod:`.order`) before anything else, as a browser or an
OCR engine may draw them in another order; a small raised number drawn on its own after a word
is that word's footnote marker. And a text layer that cannot be trusted says so: an accented
letter printed inside many lower-case words is a glyph a font maps wrongly, text drawn invisible
is OCR over a scan, and on such pages a paragraph standing where numbered text does without a
number is named, each in a warning for the parse issues.

Everything is measured against the letter itself (its body type size, its line spacing, its
right margin), so no number here is tied to one layout.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from sqs_analysis.ingest.readers.pdf.blocks import (
    build_blocks,
    join_parts,
    measures_of,
    render_block,
    resolve_hyphens,
    unnumbered_paragraphs,
)
from sqs_analysis.ingest.readers.pdf.glyphs import repair_glyphs
from sqs_analysis.ingest.readers.pdf.lines import (
    SMALL_TYPE,
    TAB_GAP_EM,
    PdfLine,
    PdfPage,
    PlacedLine,
    superscript,
)
from sqs_analysis.ingest.readers.pdf.order import reading_order
from sqs_analysis.reference.headings import PAGE_NUMBER

__all__ = [
    "TAB_GAP_EM",
    "LetterText",
    "PdfLine",
    "PdfPage",
    "letter_text",
    "merge_pieces",
    "resolve_hyphens",
]

_FURNITURE_Y_TOLERANCE = 2.0
_FURNITURE_DEPTH = 4  # at most this many header or footer lines at each edge of a page


# ------------------------------------------------------------------------------ the letter


@dataclass
class LetterText:
    """What the text layer of one letter becomes."""

    text: str
    warnings: list[str]


def letter_text(pages: list[PdfPage]) -> LetterText:
    """The text of a clean copy of the letter on ``pages`` (see the module's rules)."""
    warnings = []
    placed = []
    for page in pages:
        merged = merge_pieces(page.lines)
        lines, doubts = reading_order(merged, rows=page.hidden)
        if any(a is not b for a, b in zip(lines, merged, strict=True)):
            lines = merge_pieces(lines, cells=page.hidden)  # pieces now side by side
        placed.append(PdfPage(page.number, page.width, page.height, lines, hidden=page.hidden))
        if doubts:
            shown = "; ".join(f"'{d}'" for d in doubts[:3])
            warnings.append(
                f"page {page.number} draws text out of reading order and its position does "
                f"not settle where it belongs ({shown}): numbers and judgements near it may "
                "be assigned to the wrong paragraph"
            )
    pages = placed
    body = drop_furniture(pages)
    body_size = _body_size(body)
    body, notes = set_aside_footnotes(body, body_size)
    scanned = [p.number for p in pages if p.hidden]
    blocks = build_blocks(body, measures_of(body), frozenset(scanned))
    if scanned:
        warnings.append(
            f"page(s) {', '.join(map(str, scanned))} are a scanned image under an OCR text "
            "layer: the text is read as the OCR gives it, and a value it misread is not corrected"
        )
        warnings += unnumbered_paragraphs(blocks, set(scanned))
    paragraphs = [
        _OCR_COMMA_FOR_STOP.sub(".", render_block(b)) if b.page in scanned else render_block(b)
        for b in blocks
    ]
    paragraphs += [f"{superscript(n)} {text}" for n, text in notes]
    text = "\n\n".join(p for p in paragraphs if p.strip())
    text, undecided = resolve_hyphens(text)
    text, glyph_warnings = read_characters(text)
    warnings += glyph_warnings
    if undecided:
        words = ", ".join(f"'{w}'" for w in sorted(set(undecided)))
        warnings.append(
            f"hyphen at a line end kept as printed in {words}: the letter gives no other "
            "spelling to decide whether it joins a compound or splits a word"
        )
    return LetterText(text, warnings)


_OCR_COMMA_FOR_STOP = re.compile(
    r",(?= [A-Z][a-z]+(?: [a-z]+){0,3}? (?:were|was|had|have|has|did|is|are)\b)"
)
"""A full stop OCR read as a comma: before a capitalised word whose clause has its own verb
("... the applicable cases, Reviews were completed ..."). Two sentences run together would
let the words of one judge the count of the other."""


def read_characters(text: str) -> tuple[str, list[str]]:
    """Characters a text layer gives for others, read back: ligature code points spelt out,
    Windows code-page characters read without their code page ("\\x92" for "’", "\\x95" for
    a bullet, as some re-written PDFs give them), and glyphs a font maps wrongly
    (:func:`.glyphs.repair_glyphs`, with its warnings)."""
    if _LIGATURE.search(text):
        text = text.translate(_LIGATURES)
    if _C1.search(text):
        text = _C1.sub(_windows_character, text)
    return repair_glyphs(text)


_C1 = re.compile(r"[\x80-\x9f]")


def _windows_character(match: re.Match[str]) -> str:
    try:
        return bytes([ord(match.group())]).decode("cp1252")
    except UnicodeDecodeError:
        return match.group()  # no character of that code page: left for repair_glyphs


_FUNCTION_WORDS = frozenset(
    {"the", "of", "and", "to", "in", "a", "an", "was", "were", "is", "are", "that", "for"}
    | {"with", "by", "on", "as", "be", "this", "we", "it", "or", "at", "from", "their", "had"}
    | {"have", "not", "all"}
)
"""The commonest English words: a third of any English text, none of a text layer whose font
encoding is broken ("RI" for "of") and few of an OCR that failed."""
_WORD = re.compile(r"[^\W\d_]+")
_FUNCTION_WORD = re.compile(rf"(?<![^\W\d_])(?:{'|'.join(sorted(_FUNCTION_WORDS))})(?![^\W\d_])")


def nonsense(page: PdfPage) -> bool:
    """The page's text layer does not read as English: of 30 words or more, hardly any (under
    one in twenty) is one of the commonest English words; or most of its characters are no
    letters, digits or punctuation (:data:`_READABLE`)."""
    text = " ".join(line.text for line in page.lines[:16]).lower()  # a sample is enough
    printed = len(text) - text.count(" ")
    if printed >= 100 and len(_READABLE.findall(text)) < 0.5 * printed:
        return True
    words = len(_WORD.findall(text))
    return words >= 30 and len(_FUNCTION_WORD.findall(text)) < 0.05 * words


_READABLE = re.compile(r"[a-z0-9\u00c0-\u024f.,;:'’()%/-]")
"""What English text is mostly made of; a text layer of control characters or symbols (fonts
with no Unicode map, as a PDF printed to PostScript and distilled again has) is not."""


_LIGATURES = {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl",
              0xFB05: "st", 0xFB06: "st"}  # fmt: skip
_LIGATURE = re.compile("[\ufb00-\ufb06]")
# ---------------------------------------------------------------- 1. printed lines


def merge_pieces(lines: list[PdfLine], cells: bool = False) -> list[PdfLine]:
    """Join consecutive PDFium lines that stand on one baseline, the second to the right of
    the first (PDFium breaks a line after a raised character). The first line of each such
    run is extended in place."""
    out: list[PdfLine] = []
    prev = None
    for line in lines:
        if prev is not None and _raised_marker(prev, line):
            prev.marks.append((len(prev.text), len(prev.text) + len(line.text)))
            prev.text += line.text
            prev.x1 = line.x1
            continue
        if prev is not None and _raised_note_number(prev, line):
            # "¹" drawn on its own before its note's first line: the note's own number
            shift = len(prev.text) + 1
            prev.marks = [(0, len(prev.text)), *((a + shift, b + shift) for a, b in line.marks)]
            prev.cuts = [(o + shift, g, x) for o, g, x in line.cuts]
            prev.text = f"{prev.text} {line.text}"
            prev.baseline, prev.size, prev.x1 = line.baseline, line.size, line.x1
            continue
        if (
            prev is not None
            and abs(line.baseline - prev.baseline) <= 0.25 * max(prev.size, line.size)
            and line.x0 >= prev.x1 - 1.0
            and (cells or line.x0 - prev.x1 < 2.0 * prev.size)
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


_MARKER_DIGITS = re.compile(r"\d{1,2}")


def _raised_marker(prev: PdfLine, line: PdfLine) -> bool:
    """``line`` is a footnote number drawn on its own, set small and raised, glued to the end
    of ``prev`` (a browser writes ``<sup>`` as a text run of its own on a raised baseline)."""
    rise = line.baseline - prev.baseline
    return (
        _MARKER_DIGITS.fullmatch(line.text) is not None
        and line.size < 0.85 * prev.size
        and 0.15 * prev.size < rise <= 0.7 * prev.size
        and prev.x1 - 1.0 <= line.x0 <= prev.x1 + 0.25 * prev.size
        and (prev.text[-1:].isalpha() or prev.text[-1:] in ").,;:'\"’”")
    )


def _raised_note_number(prev: PdfLine, line: PdfLine) -> bool:
    """``prev`` is a footnote's own number drawn on its own, set small and raised, just left of
    ``line``, its note's first line (Ghostscript re-distilling a browser's PDF writes it so)."""
    rise = prev.baseline - line.baseline
    return (
        _MARKER_DIGITS.fullmatch(prev.text) is not None
        and prev.size < 0.85 * line.size
        and 0.15 * line.size < rise <= 0.7 * line.size
        and -1.0 <= line.x0 - prev.x1 <= 1.0 * line.size
    )


# ---------------------------------------------------------------- 2. page furniture

_DIGITS = re.compile(r"\d+")


def _furniture_key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def drop_furniture(pages: list[PdfPage]) -> list[PlacedLine]:
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
        if PAGE_NUMBER.match(line.text):
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

    body: list[PlacedLine] = []
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
            and not PAGE_NUMBER.match(line.text)
        ]
        body.extend(PlacedLine(line, page.number) for line in [*kept, *lines[top:bottom]])
    return body


# ---------------------------------------------------------------- 3. footnotes

_NOTE_START = re.compile(r"^(\d{1,2})(?:\s+(?=\S)|(?=[^\W\d_]))")
"""A footnote's own number: followed by a space, or raised and glued to its first word (TeX)."""


def _body_size(lines: list[PlacedLine]) -> float:
    """The type size most of the text is set in."""
    sizes: Counter[float] = Counter()
    for item in lines:
        sizes[round(item.line.size * 2) / 2] += len(item.line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


_FOOTNOTE_LINES = 12  # the most lines footnotes take at the foot of a page


def set_aside_footnotes(
    lines: list[PlacedLine], body_size: float
) -> tuple[list[PlacedLine], list[tuple[int, str]]]:
    """Take footnote text out of the body: (body lines, [(number, text)]).

    Footnotes are the lines at the foot of a page from one that starts with a footnote number
    set smaller than the body text (or raised, as Word sets the number in footnote text, when a
    marker of that number came before); or a run of small lines starting with the number of a
    marker that came before, wherever it stands."""
    small = [item.line.size < SMALL_TYPE * body_size for item in lines]
    markers: set[int] = set()
    body: list[PlacedLine] = []
    notes: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        item = lines[i]
        start = _NOTE_START.match(item.line.text)
        raised = bool(item.line.marks) and item.line.marks[0][0] == 0
        if start and start.end() == len(start.group(1)) and not raised:
            start = None  # digits glued to a word, not raised: text, not a footnote
        if start and (small[i] or (raised and int(start.group(1)) in markers)):
            end = i
            body_type = raised and not small[i]  # a note set in body type runs to the page foot
            while end < len(lines) and lines[end].page == item.page and (small[end] or body_type):
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


def _split_notes(lines: list[PlacedLine]) -> list[tuple[int, str]]:
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
