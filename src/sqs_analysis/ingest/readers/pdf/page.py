"""One page of a PDF read through PDFium's own interface: its printed lines with where they
stand (left and right edge, baseline, type size), the gaps that tabs and table cells leave and
the digits that are raised, for :mod:`.clean_copy` to rebuild the letter from.
"""

from __future__ import annotations

import re
from itertools import pairwise

from sqs_analysis.ingest.readers.pdf.lines import TAB_GAP_EM, PdfLine, PdfPage

_PRINTED_LINE = re.compile(r"[^\r\n]+")
_DIGIT = re.compile(r"\d")
_LEADING_NUMBER = re.compile(r"\d{1,2}(?=\s|[^\W\d_])")
_UNMEASURED = float("nan")  # a right edge to be taken from the text rectangles
_RAISED_DIGITS = re.compile(r"(?<=[^\W\d_]|[);:'\"’”]|(?<!\d)[.,])\d{1,2}(?![\d%])")
"""Digits that may be a footnote marker: glued to a word or its punctuation, never a number's
decimals ("37.0%": OCR may set a digit a little above its line)."""


def read_page(document, index: int) -> PdfPage:
    """One page's printed lines with their geometry (see :class:`.lines.PdfLine`).

    PDFium's text for the page gives the lines; two calls per line give its left edge,
    baseline and type size; the rectangles its characters occupy (one per run of text written
    together) give its right edge and the gaps that tabs and table cells leave. Character boxes are
    asked for only where a gap has to be placed in the text, a line ends in a space or a digit
    may be a raised marker, so a page costs a few hundred calls into PDFium, not one per
    character. PDFium's raw interface is used (through pypdfium2), page and text page closed
    as soon as they are read.
    """
    import pypdfium2.raw as pdfium_c
    from pypdfium2 import PdfiumError

    page = pdfium_c.FPDF_LoadPage(document.raw, index)
    if not page:
        raise PdfiumError(f"page {index + 1} cannot be read")
    try:
        width, height = pdfium_c.FPDF_GetPageWidthF(page), pdfium_c.FPDF_GetPageHeightF(page)
        drawn = pdfium_c.FPDFPage_CountObjects(page) > 0
        handle = pdfium_c.FPDFText_LoadPage(page)
        if not handle:
            raise PdfiumError(f"the text of page {index + 1} cannot be read")
        try:
            chars = _TextPage(handle)
            lines, spans = _page_lines(chars)
            hidden = False
            if chars.geometry and lines:
                _place_gaps(handle, lines, spans, chars.box)
                hidden = _invisible(handle, spans[len(spans) // 2][0])
                _set_drawn_bullets(page, lines)
        finally:
            pdfium_c.FPDFText_ClosePage(handle)
    finally:
        pdfium_c.FPDF_ClosePage(page)
    return PdfPage(index + 1, width, height, lines, chars.geometry, hidden, drawn)


class _TextPage:
    """A page's text as PDFium gives it, and the few questions asked of single characters
    (through reused ctypes buffers, as the raw interface fills them)."""

    def __init__(self, handle) -> None:
        import ctypes

        import pypdfium2.raw as pdfium_c

        self.handle = handle
        n_chars = pdfium_c.FPDFText_CountChars(handle)
        buffer = (ctypes.c_ushort * (n_chars + 1))()
        written = pdfium_c.FPDFText_GetText(handle, 0, n_chars, buffer) if n_chars > 0 else 0
        self.text = bytes(memoryview(buffer)[: max(0, written - 1)]).decode("utf-16-le", "replace")
        self.geometry = len(self.text) == n_chars
        """PDFium's text and its characters agree, so positions can be asked by offset."""
        self._x, self._y = ctypes.c_double(), ctypes.c_double()
        self._edges = tuple(ctypes.c_double() for _ in range(4))
        self._get_origin, self._get_size = (
            pdfium_c.FPDFText_GetCharOrigin,
            pdfium_c.FPDFText_GetFontSize,
        )
        self._get_box, self._get_matrix = pdfium_c.FPDFText_GetCharBox, pdfium_c.FPDFText_GetMatrix
        self._matrix = pdfium_c.FS_MATRIX()

    def origin(self, i: int) -> tuple[float, float]:
        """Where character ``i`` starts: its left edge and its baseline."""
        self._get_origin(self.handle, i, self._x, self._y)
        return self._x.value, self._y.value

    def box(self, i: int) -> tuple[float, float, float, float]:
        """Character ``i``'s box: left, bottom, right, top."""
        left, right, bottom, top = self._edges
        self._get_box(self.handle, i, left, right, bottom, top)
        return left.value, bottom.value, right.value, top.value

    def size(self, i: int) -> float:
        """Character ``i``'s font size, before the text matrix scales it."""
        return self._get_size(self.handle, i)

    def scale(self, i: int) -> float:
        """How much the text matrix at character ``i`` scales the type (1 if unknown)."""
        m = self._matrix
        if not self._get_matrix(self.handle, i, m):
            return 1.0
        return abs(m.a * m.d - m.b * m.c) ** 0.5 or 1.0


def _page_lines(chars: _TextPage) -> tuple[list[PdfLine], list[tuple[int, int]]]:
    """The page's printed lines, and the span (first, last character) of each one measured.

    Without geometry (text and characters disagree) the lines have none: PDFium's lines, set
    one under another."""
    text = chars.text
    scale = 1.0
    lines: list[PdfLine] = []
    spans: list[tuple[int, int]] = []
    for start, end in _printed_lines(text, chars.origin if chars.geometry else None):
        first, last = start, end - 1
        while first <= last and text[first] == " ":
            first += 1
        while last >= first and text[last] == " ":
            last -= 1
        if first > last:
            continue
        if not chars.geometry:
            lines.append(PdfLine(text[first : last + 1], 0.0, 0.0, -12.0 * len(lines), 10.0))
            continue
        if not lines:  # the type's scale, from the page's first line
            scale = chars.scale(first)
        lines.append(_measured_line(chars, start, end, first, last, scale))
        spans.append((first, last))
    return lines, spans


def _measured_line(
    chars: _TextPage, start: int, end: int, first: int, last: int, scale: float
) -> PdfLine:
    """The line whose text runs from ``first`` to ``last`` (spaces trimmed from ``start``-``end``):
    its left edge, baseline and type size, its right edge unless a space ends it, and its raised
    digits."""
    text = chars.text
    stripped = text[first : last + 1]
    middle = first + (last - first) // 2  # not a raised digit, whatever the ends are
    while text[middle] == " " and middle < last:
        middle += 1
    x0, baseline = chars.origin(first)
    raised_start = 0.0
    if not stripped[0].isalpha():  # maybe a raised footnote number: ask the middle
        middle_y = chars.origin(middle)[1]
        raised_start = baseline - middle_y
        baseline = min(baseline, middle_y)
    size = scale * chars.size(middle)
    # the right edge comes with the text rectangles, unless a space ends the line
    x1 = chars.box(last)[2] if last < end - 1 else _UNMEASURED
    line = PdfLine(stripped, x0, x1, baseline, size, first > start)
    if raised_start > 0.2 * size and (lead := _LEADING_NUMBER.match(stripped)):
        line.marks.append((0, lead.end()))  # a footnote's own number
    if _DIGIT.search(stripped):
        for d in _RAISED_DIGITS.finditer(stripped):
            if chars.origin(first + d.start())[1] - baseline > 0.2 * size:
                line.marks.append((d.start(), d.end()))
    return line


DRAWN_BULLET_EM = 0.6
"""Largest width and height, in ems of a line's type, of a shape drawn before the line's first
character that is its list bullet: a browser draws a CSS list's disc or square as a path, not
as a character."""


def _set_drawn_bullets(page, lines: list[PdfLine]) -> None:
    """A small shape drawn just left of a line, at its letters' height, is the line's bullet:
    it is set in the line's text as the bullet character and tab a word processor prints
    ("\u2022 " and a gap before the text), so the list item starts a paragraph of its own
    however full the item before it ends. Without it a browser's list runs together where an
    item fills its last line."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    edges = tuple(ctypes.c_float() for _ in range(4))
    for k in range(pdfium_c.FPDFPage_CountObjects(page)):
        shape = pdfium_c.FPDFPage_GetObject(page, k)
        if pdfium_c.FPDFPageObj_GetType(shape) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(shape, *edges):
            continue
        left, bottom, right, top = (e.value for e in edges)
        line = next((ln for ln in lines if _bullet_of(ln, left, bottom, right, top)), None)
        if line is not None:
            line.text = f"\u2022 {line.text}"
            line.cuts = [(2, line.x0 - right, line.x0)] + [(o + 2, g, x) for o, g, x in line.cuts]
            line.marks = [(a + 2, b + 2) for a, b in line.marks]
            line.x0 = left


def _bullet_of(line: PdfLine, left: float, bottom: float, right: float, top: float) -> bool:
    """Whether the shape with these bounds is ``line``'s bullet: small and about as wide as
    high, between the line's baseline and the top of its small letters, and close before its
    first character, which is not already a bullet or number."""
    size = line.size
    width, height, middle = right - left, top - bottom, (bottom + top) / 2
    return (
        0.1 * size <= width <= DRAWN_BULLET_EM * size
        and 0.1 * size <= height <= DRAWN_BULLET_EM * size
        and abs(width - height) <= 0.2 * size
        and line.baseline <= middle <= line.baseline + 0.6 * size
        and 0.1 * size <= line.x0 - right <= 3 * size
        and line.text[:1].isalpha()
    )


def _invisible(handle, index: int) -> bool:
    """The character is drawn in render mode 3 (neither filled nor stroked): the invisible
    text OCR lays over a page image."""
    import pypdfium2.raw as pdfium_c

    obj = pdfium_c.FPDFText_GetTextObject(handle, index)
    return bool(obj) and pdfium_c.FPDFTextObj_GetTextRenderMode(obj) == 3


def _printed_lines(text: str, origin) -> list[tuple[int, int]]:
    """(start, end) of each printed line in a page's text.

    PDFium ends a line with a line break, except after a hyphen at the line end: it marks the
    hyphen (U+FFFE) and runs the next printed line on, whatever it is (the next line of the
    paragraph, or the page's footer). Such a line is cut again after the marker where the next
    character stands on another baseline (``origin`` gives a character's position; without
    it, PDFium's lines are taken as they are)."""
    spans = []
    for m in _PRINTED_LINE.finditer(text):
        start, end = m.start(), m.end()
        line = m.group()
        if origin is None or ("\ufffe" not in line and "\x02" not in line):
            spans.append((start, end))
            continue
        base = origin(start + len(line) - len(line.lstrip()))[1]
        for k, ch in enumerate(line):
            after = start + k + 1
            if ch in "\ufffe\x02" and after < end and not text[after].isspace():
                y = origin(after)[1]
                if abs(y - base) > 1.5:
                    spans.append((start, after))
                    start, base = after, y
        spans.append((start, end))
    return spans


def _place_gaps(handle, lines, spans, box) -> None:
    """Each line's right edge, and where in it a gap between two runs of text falls
    (``PdfLine.cuts``).

    PDFium gives the rectangles a stretch of characters occupies, one per run of text written
    together (``FPDFText_CountRects`` over the line's characters, then ``FPDFText_GetRect``): the
    last one ends the line, and a gap of :data:`.lines.TAB_GAP_EM` or more between two is
    placed in the line's text from the spaces nearest to it."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    count_rects, get_rect = pdfium_c.FPDFText_CountRects, pdfium_c.FPDFText_GetRect
    drawn: list[bool] = []  # whether the page draws its spaces, asked once

    def spaceless(index: int) -> bool:
        if not drawn:
            drawn.append(not pdfium_c.FPDFText_IsGenerated(handle, index))
        return not drawn[0]

    for line, (first, last) in zip(lines, spans, strict=True):
        n = count_rects(handle, first, last - first + 1)
        if n < 1:
            if line.x1 is _UNMEASURED:
                line.x1 = box(last)[2]
            continue
        if n == 1:
            if line.x1 is _UNMEASURED:
                get_rect(handle, 0, left, top, right, bottom)
                line.x1 = right.value
            if " " in line.text and spaceless(first + line.text.index(" ")):
                _space_gaps(line, first, box)  # no space glyphs: the gaps are in the spaces
            continue
        rects = []
        for k in range(n):
            get_rect(handle, k, left, top, right, bottom)
            rects.append((left.value, right.value))
        if line.x1 is _UNMEASURED:
            line.x1 = max(r for _, r in rects)
        rects.sort()
        for (_, a_right), (b_left, _) in pairwise(rects):
            gap = b_left - a_right
            if gap < TAB_GAP_EM * line.size:
                continue  # a space, not a tab: nothing to place
            offset = _run_start(line, first, last, b_left, box)
            if offset is not None:
                line.cuts.append((offset, gap, b_left))


SPACE_GAP_EM = 1.0
"""Least gap at a space PDFium made up that is a tab or a cell boundary: TeX sets no space
glyphs, widens the space after a full stop or colon and stretches spaces, so a plain word
space can come near 0.6 em; its table columns and list labels stand well over 1 em apart."""


def _space_gaps(line, first: int, box) -> None:
    """Gaps at a line's spaces, where the PDF draws no space glyphs and writes a whole line as
    one run (pdfTeX): a space PDFium made up stands for a gap whose width only the characters
    on either side tell, so a tab or a cell boundary is found there."""
    text = line.text
    least = max(TAB_GAP_EM, SPACE_GAP_EM) * line.size
    for k, ch in enumerate(text):
        if ch == " " and 0 < k < len(text) - 1 and text[k + 1] != " ":
            after = box(first + k + 1)[0]
            gap = after - box(first + k - 1)[2]
            if gap >= least:
                line.cuts.append((k + 1, gap, after))


def _run_start(line, first: int, last: int, x: float, box) -> int | None:
    """Where in ``line``'s text the run of text starting at ``x`` begins: the first character
    at or right of ``x``, found from the spaces near the estimate the line's width gives
    (a run starts after a space), else by a binary search over all its characters."""
    text = line.text
    width = (line.x1 - line.x0) / max(1, len(text))
    guess = min(len(text) - 1, max(1, round((x - line.x0) / width))) if width > 0 else 1
    spaces = [i + 1 for i, ch in enumerate(text) if ch == " "]
    if spaces:
        k = min(range(len(spaces)), key=lambda i: abs(spaces[i] - guess))
        for _ in range(len(spaces)):  # walk from the nearest space to the right one
            here = box(first + spaces[k])[0] >= x - 0.5
            before = k == 0 or box(first + spaces[k - 1])[0] < x - 0.5
            if here and before:
                return spaces[k]
            k = k - 1 if here else k + 1
            if not 0 <= k < len(spaces):
                break
    offset = _first_at(range(1, last - first + 1), first, x, box)
    return offset if offset is not None and 0 < offset < len(text) else None


def _first_at(offsets, first: int, x: float, box) -> int | None:
    """The first of ``offsets`` (increasing) whose character starts at or right of ``x``."""
    lo, hi = 0, len(offsets)
    while lo < hi:
        mid = (lo + hi) // 2
        if box(first + offsets[mid])[0] >= x - 0.5:
            hi = mid
        else:
            lo = mid + 1
    return offsets[lo] if lo < len(offsets) else None
