"""Paragraphs and table rows rebuilt from a PDF letter's printed lines, and hyphens at line
ends settled from the letter's own words (rules 4-6 of :mod:`.clean_copy`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from sqs_analysis.ingest.readers.pdf.lines import (
    PARAGRAPH_GAP,
    TAB_GAP_EM,
    WIDE_GAP_EM,
    Block,
    Cell,
    PdfLine,
    PlacedLine,
    superscript,
)

# ---------------------------------------------------------------- 4-5. paragraphs and tables


@dataclass
class _Measures:
    """What the letter's own layout says: line spacing per type size, right margin per page."""

    pitch: dict[float, float]
    margin: dict[int, float]

    def line_pitch(self, size: float) -> float:
        return self.pitch.get(round(size * 2) / 2, 1.2 * size)


def measures_of(lines: list[PlacedLine]) -> _Measures:
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
    pitch = {size: _pitch(counts, size) for size, counts in deltas.items()}
    right: dict[int, list[float]] = {}
    for item in lines:
        if len(item.line.text) >= 30:
            right.setdefault(item.page, []).append(item.line.x1)
    margin = {}
    for page, edges in right.items():
        edges.sort()
        margin[page] = edges[min(len(edges) - 1, int(0.9 * len(edges)))]
    return _Measures(pitch, margin)


def _pitch(drops: Counter[float], size: float) -> float:
    """The line spacing of one type size: its most common drop between baselines, unless that
    is wider than any line spacing (half as much again as the type) and a drop of a line's
    height is common too (at least a fifth as common, or exactly half the common drop: an
    empty line). A letter of short paragraphs with space
    after each (or an empty paragraph between them, as a text file set as a PDF has) has more
    paragraph gaps than wrapped lines; taking the gap for the spacing would run every
    paragraph into the next. A letter set with wide spacing throughout has few tighter drops."""
    common, seen = drops.most_common(1)[0]
    if common < 1.5 * size:
        return common
    tight = [
        d
        for d, n in drops.items()
        if 0.95 * size <= d < 1.5 * size and (5 * n >= seen or abs(2 * d - common) <= 0.1 * size)
    ]
    return max(tight, key=drops.__getitem__) if tight else common


_MARKER = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|\(?[a-z]\)|\(?[ivx]{1,4}\)|[^\w\s]|[oOlnquvwü§Ø])$"
)
"""A list marker standing before a tab: a paragraph number, a letter or roman numeral in
brackets, or one bullet glyph (symbol fonts without a Unicode mapping print Wingdings'
bullets as letters such as "l", "n", "q", "v", "§" or "Ø")."""
_BULLET_GLYPH = re.compile(r"^(?:[^\w\s]|[oOlnquvwü§Ø])$")
_MISREAD_BULLET = re.compile(r"^[a-z]$")
"""A lone small letter before a tab at a line start: a bullet that OCR read as a letter ("e")."""
_BULLET_AS_READ = r"e?[«»¢*°]{1,2}e?"
_GLUED_BULLET = re.compile(rf"^(?:{_BULLET_AS_READ}|e(?=\s))\s*(?=[A-Z])")
"""A bullet OCR read as a guillemet, a cent sign, an asterisk or a degree sign, one or two of
them, or a lone "e" ("«", "e«", "e¢", "¢«"), with no tab read before the item's first word: no
English sentence opens so."""
_LABEL = re.compile(r"^[A-Z][\w ]{0,30}:$")
_HEAD_LABELS = (
    r"(?:To|From|Copy\s+to|Cc|Date|Publication\s+date|Date\s+of\s+publication|Subject|Re|Ref):\s"
)
"""A letter head's labels: each opens a cell of its own, and a paragraph."""
_HEAD_LABEL = re.compile(rf"\s*{_HEAD_LABELS}")
_STARTS_BLOCK = re.compile(
    rf"^(?:[•·▪●◦‣]\s|\d\.\d{{1,2}}\.?\s|\d{{1,2}}\.\s+[A-Z]|Note\s*\d{{1,2}}\s*:|{_HEAD_LABELS})"
)
"""What starts a paragraph: a bullet, a paragraph number, a numbered heading, a note, or one
of a letter's head labels. (A dash does not: a line can start with one where a sentence wraps
before it; a dash used as a bullet stands before a tab, which makes it a cell of its own.)"""
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
_PRIVATE_USE = re.compile(r"(?<!\S)[\ue000-\uf8ff](?!\S)")
_ANY_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")


OCR_NUMBER_CHARS = 4
OCR_CELL_EM = 1.2
"""On a page of OCR, a first run this short, this far (in ems) from the next, is a cell of its
own: where a paragraph number stands, however OCR read it ("Zee" for "2.2."); OCR's word
gaps stay under an em."""
OCR_MARGIN_EM = 1.5
"""How far short of the page's right margin, in ems, a line on a page of OCR may end and still
be justified text stretched to it: the skew of a scan moves each line's end."""
EVEN_SPACING = 1.4
"""Most that a line's narrower gaps may differ (widest over narrowest) and still be the even
spaces of text justified in its cell, not tabs: a browser justifies text within a table cell,
so a wrapped role in a copy list ("Lead  Elected  Member  for  Children's") stretches to the
cell's edge, not the page margin."""


def _spaced_evenly(line: PdfLine) -> bool:
    """Whether the line's gaps narrower than :data:`WIDE_GAP_EM` are two or more of about one
    width: the spaces of a justified line, wherever its right edge stands. The gap after a
    paragraph number or bullet that opens the line is the list's tab, not a space."""
    cuts = sorted(line.cuts)
    if cuts and _MARKER.match(line.text[: cuts[0][0]].strip()):
        cuts = cuts[1:]
    # a space after a sentence's end may be set wider ("priority.  The risk ...")
    narrow = [
        gap
        for offset, gap, _ in cuts
        if gap < WIDE_GAP_EM * line.size and not _SENTENCE_END.search(line.text[:offset].rstrip())
    ]
    return len(narrow) >= 2 and max(narrow) <= EVEN_SPACING * min(narrow)


def _segments(line: PdfLine, margin: float, ocr: bool = False) -> list[tuple[float, str]]:
    """The line cut into its cells at the gaps that are tabs or cell boundaries: [(x0, text)].

    A gap counts when it is at least :data:`TAB_GAP_EM` wide and the line is not stretched to
    the right margin or spaced evenly (where wide gaps are justified spaces), or when it
    follows a short first run (a paragraph number, a bullet, a label) or comes before a head
    label ("From:"), or when it is :data:`WIDE_GAP_EM` wide."""
    text = line.text
    for a, b in line.marks:  # raised digits become superscripts: same length, same offsets
        text = text[:a] + superscript(text[a:b]) + text[b:]
    if _ANY_PRIVATE_USE.search(text):
        text = _PRIVATE_USE.sub("•", text)
    if not line.cuts:
        return [(line.x0, _GLUED_BULLET.sub("• ", text))]
    # a skewed scan's lines end up to an em or so either side of the page's margin
    reach = (OCR_MARGIN_EM if ocr else 0.5) * line.size
    stretched = line.x1 >= margin - reach or _spaced_evenly(line)
    cells: list[tuple[float, str]] = []
    start, x = 0, line.x0
    for offset, gap, right in sorted(line.cuts):
        before = text[start:offset].strip()
        if not before or gap < TAB_GAP_EM * line.size:
            continue
        short = start == 0 and bool(
            _MARKER.match(before)
            or _LABEL.match(before)
            or (_MISREAD_BULLET.match(before) and gap >= 1.0 * line.size)
            # on a scan, what OCR made of a paragraph number stands apart from the text
            or (ocr and len(before) <= OCR_NUMBER_CHARS and gap >= OCR_CELL_EM * line.size)
        )
        # a head label after the gap opens a cell, in however full a line ("... Board  From:")
        labelled = bool(_HEAD_LABEL.match(text, offset))
        if stretched and gap < WIDE_GAP_EM * line.size and not (short or labelled):
            continue
        cells.append((x, before))
        start, x = offset, right
    cells.append((x, text[start:].strip()))
    cells = [c for c in cells if c[1]] or [(line.x0, text)]
    if _GLUED_BULLET.match(cells[0][1]):  # "«It was apparent ...": OCR's bullet, no gap read
        cells[0] = (cells[0][0], _GLUED_BULLET.sub("• ", cells[0][1]))
    first = cells[0][1]
    misread = _MISREAD_BULLET.match(first) or re.fullmatch(_BULLET_AS_READ, first)
    if len(cells) > 1 and (_BULLET_GLYPH.match(first) or misread):
        cells[0] = (cells[0][0], "•")
    return cells


def build_blocks(
    lines: list[PlacedLine], measures: _Measures, scanned: frozenset[int] = frozenset()
) -> list[Block]:
    """Paragraphs and table rows from the body's printed lines (rules 4 and 5); the pages in
    ``scanned`` are OCR's, whose words are spaced wider."""
    from sqs_analysis.reference.headings import classify_heading

    def heading(text: str) -> bool:
        return len(text) < 90 and classify_heading(text) is not None

    blocks: list[Block] = []
    for item in lines:
        line = item.line
        cells = _segments(line, measures.margin.get(item.page, line.x1), item.page in scanned)
        tol = 0.3 * line.size
        row = _row_of(blocks, item, tol)
        if row is not None:
            row.cells.extend(Cell(x, [t], line, item.page) for x, t in cells)
            row.lines += 1
            continue
        is_heading = len(cells) == 1 and heading(cells[0][1])
        block = blocks[-1] if blocks else None
        if block is not None and _wraps_row(block, item, cells, measures, tol):
            for x, text in cells:
                home = next(c for c in block.cells if abs(c.x0 - x) <= tol)
                home.parts.append(text)
                home.last, home.page = line, item.page
            block.lines += 1
            continue
        cell = _continues(block, item, cells, measures, tol, is_heading) if block else None
        if cell is not None:
            cell.parts.append(cells[0][1])
            if block.lines == 1 and len(block.cells) == 1:
                block.cont_x = line.x0
            cell.last, cell.page = line, item.page
            block.page = item.page
            block.lines += 1
            continue
        new = Block(
            [Cell(x, [t], line, item.page, is_heading) for x, t in cells],
            item.page,
            line.baseline,
            line.size,
            hanging=len(cells) > 1 or bool(_STARTS_BLOCK.match(cells[0][1])),
        )
        if block is not None and item.page != block.page and len(cells) == 1 and not is_heading:
            new.carried = _carried_row(block, line, cells[0][1], tol)
        blocks.append(new)
    return _carry_over(blocks)


def _wraps_row(
    row: Block, item: PlacedLine, cells: list[tuple[float, str]], measures: _Measures, tol: float
) -> bool:
    """A line of several cells that carries on the row above line by line: each of its cells
    stands under a later cell of the row, the next line down (a producer that writes a table
    a line at a time, as OCR does, rather than cell by cell)."""
    if len(cells) < 2 or len(row.cells) < 3 or row.page != item.page:
        return False
    line = item.line
    if abs(line.size - row.size) > 0.12 * row.size or _STARTS_BLOCK.match(cells[0][1]):
        return False
    lowest = min(c.last.baseline for c in row.cells)
    drop = lowest - line.baseline
    if drop < 0.3 * line.size or drop > PARAGRAPH_GAP * measures.line_pitch(line.size):
        return False
    later = row.cells[1:]
    return all(any(abs(c.x0 - x) <= tol for c in later) for x, _ in cells)


def _carried_row(row: Block, line: PdfLine, text: str, tol: float) -> Block | None:
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


def _carry_over(blocks: list[Block]) -> list[Block]:
    """Put back into its row the rest of a row split by a page break: the lone line that
    began the page stayed alone (nothing joined it on its baseline), and the next block is a
    row laid out as the split one was, so the table goes on."""
    out: list[Block] = []
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


def _lowest(block: Block) -> float:
    if len(block.cells) == 1:
        return block.cells[0].last.baseline
    return min(c.last.baseline for c in block.cells if c.page == block.page)


def _row_of(blocks: list[Block], item: PlacedLine, tol: float) -> Block | None:
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


def _absorb(row: Block, later: Block, tol: float) -> None:
    """Put the lines of ``later`` (written below ``row``'s first line) into ``row``'s cells."""
    for cell in later.cells:
        home = next((c for c in reversed(row.cells) if abs(c.x0 - cell.x0) <= tol), row.cells[-1])
        home.parts.extend(cell.parts)
        if cell.last.baseline < home.last.baseline:
            home.last = cell.last
    row.lines += later.lines


def _continues(
    block: Block,
    item: PlacedLine,
    cells: list[tuple[float, str]],
    measures: _Measures,
    tol: float,
    heading: bool,
) -> Cell | None:
    """The cell of ``block`` that ``item`` continues, or None if it starts a new paragraph."""
    line = item.line
    if len(cells) > 1 or abs(line.size - block.size) > 0.12 * block.size:
        return None
    text = cells[0][1]
    if heading or _STARTS_BLOCK.match(text):
        return None
    if len(block.cells) > 1:  # a row: the line must stand under one of its later cells
        cell = next((c for c in reversed(block.cells[1:]) if abs(c.x0 - line.x0) <= tol), None)
        first = block.cells[0]
        if (
            cell is None
            and abs(first.x0 - line.x0) <= tol
            and _LABEL.match(f"{first.parts[-1]} {text}")
        ):
            cell = first  # a label that wraps in its cell ("Publication" / "date:")
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


_PARAGRAPH_NUMBER = re.compile(r"^\d{1,2}\.\d{1,2}\.?$")


def unnumbered_paragraphs(blocks: list[Block], pages: set[int]) -> list[str]:
    """Warnings for paragraphs on ``pages`` that stand where numbered paragraphs' text does
    (right of their numbers) but have no number: on a scan, a number the OCR did not read,
    whose paragraph's judgements would otherwise go silently to the paragraph before."""
    numbered = [
        b for b in blocks if len(b.cells) > 1 and _PARAGRAPH_NUMBER.match(b.cells[0].parts[0])
    ]
    if len(numbered) < 2:
        return []
    indents = sorted(b.cells[1].x0 for b in numbered)
    text_x = indents[len(indents) // 2]
    number_x = sorted(b.cells[0].x0 for b in numbered)[len(numbered) // 2]
    out = []
    for block in blocks:
        cell = block.cells[0]
        if (
            block.page in pages
            and len(block.cells) == 1
            and not cell.heading
            and (block.lines > 1 or _SENTENCE_END.search(cell.parts[-1]))  # not a heading
            and abs(cell.x0 - text_x) <= 0.5 * block.size
            and text_x - number_x > 1.0 * block.size
        ):
            words = " ".join(join_parts(cell.parts).split()[:6])
            out.append(
                f"page {block.page}: a paragraph stands where numbered paragraphs do but has no "
                f"number ('{words} ...'); the OCR may have missed it, so its judgements may be "
                "given to the paragraph before"
            )
    return out


def render_block(block: Block) -> str:
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
    ("Harvey-Messina", "05-07") -> hyphen; both halves are words the letter uses on their own,
    or the first is a compound prefix (:data:`COMPOUND_PREFIXES`) and the second a word of the
    letter -> hyphen (a compound). A letter in which a break joins by the letter's own words
    ("interven-tions" where "interventions" is used) is hyphenated automatically (TeX, a word
    processor with hyphenation on): there, a break whose second half is no word of the letter
    ("profes-sionals", "pre-vious", "hap-pened") is a split word too and is joined. Elsewhere
    a compound prefix keeps its hyphen ("non-compliance").
    Anything else keeps the hyphen as printed and is returned as undecided, so the caller can
    say so: no word is dropped and nothing is decided silently.
    """
    if "\ufffe" not in text and "\x02" not in text:
        return text, []
    # the letter's words, each marked hyphen gluing its halves so they count for nothing
    lowered = _MARKS.sub("_", text).lower()
    undecided: list[str] = []

    def used(word: str) -> bool:
        return re.search(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", lowered) is not None

    def decide(left: str, right: str) -> str | None:
        """The word, or None where only the letter's hyphenation can tell."""
        hyphenated, joined = f"{left}-{right}", left + right
        if used(hyphenated):
            return hyphenated
        if used(joined):
            return joined
        if right[0].isupper() or right[0].isdigit() or left[-1].isdigit():
            return hyphenated
        prefix = left.lower() in COMPOUND_PREFIXES
        if used(right) and (prefix or used(left)):
            return hyphenated
        return None

    pieces: list[str | tuple[str, str]] = []
    pos = 0
    for mark in _MARKS.finditer(text):  # each marker with the word halves around it
        a, b = mark.start(), mark.end()
        while a > pos and (text[a - 1].isalnum()):
            a -= 1
        while b < len(text) and text[b].isalnum():
            b += 1
        if a == mark.start() or b == mark.end():  # no word on one side: a plain hyphen
            pieces.append(text[pos : mark.start()] + "-")
            pos = mark.end()
            continue
        pieces.append(text[pos:a])
        pieces.append((text[a : mark.start()], text[mark.end() : b]))
        pos = b
    pieces.append(text[pos:])
    words = {p: decide(*p) for p in pieces if isinstance(p, tuple)}
    splits = any(w == "".join(p) for p, w in words.items())  # the letter's own words prove one
    out = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
            continue
        word = words[piece]
        if word is None:
            left, right = piece
            if splits and not used(right):
                word = left + right  # the letter splits words: this is one more
            elif left.lower() in COMPOUND_PREFIXES:
                word = f"{left}-{right}"
            else:
                word = f"{left}-{right}"
                undecided.append(word)
        out.append(word)
    return "".join(out), undecided
