"""Read one report file into text, whatever it was published as.

PDFs go through their text layer, read by PDFium (pypdfium2) with each line's place on the
page and made into a clean copy by :mod:`.pdftext`; HTML is reduced to text with the
standard library's parser (scripts and styles dropped, tags never interpreted); text and
markdown are decoded as UTF-8 (with or without a byte-order mark) or, failing that, the
legacy Windows code page.
Every failure is a :class:`ReadError` whose message says what is wrong with the file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

SUPPORTED_SUFFIXES = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
}
MAX_BYTES = 25 * 1024 * 1024
"""Largest file read; a published SQS letter is well under 1 MB, so anything larger is refused."""
MAX_PDF_PAGES = 60


class ReadError(Exception):
    """The file cannot be read as a report; the message says why, in one line."""


@dataclass(frozen=True)
class Document:
    """A file's text with what is known about the file itself."""

    text: str
    source_format: str
    sha256: str
    size_bytes: int
    pages: int | None = None
    """Pages of a PDF (None for other formats)."""
    warnings: tuple[str, ...] = ()
    """What reading the file made doubtful, for the parse issues (e.g. an undecided hyphen)."""

    clean_copy: bool = False
    """The text is a clean copy made from the document's layout (PDF, Word): page furniture
    already gone, no markup."""


def file_sha256(path: str | Path, max_bytes: int = MAX_BYTES) -> str | None:
    """SHA-256 of a file's bytes (the ``source_sha256`` its report gets), read in chunks, or
    ``None`` if it cannot be read or is over ``max_bytes`` (left to :func:`read_document`,
    which says why)."""
    digest = hashlib.sha256()
    try:
        if Path(path).stat().st_size > max_bytes:
            return None
        with Path(path).open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def unsupported_reason(path: str | Path) -> str | None:
    """Why a file of this type is not read as a report, in one line; ``None`` if it is read."""
    suffix = Path(path).suffix.lower()
    if suffix == ".doc":
        return "old binary Word files (.doc) are not read; save the letter as .docx or PDF"
    if suffix not in SUPPORTED_SUFFIXES:
        known = ", ".join(sorted(SUPPORTED_SUFFIXES))
        return f"unsupported file type {suffix or '(none)'!r}; expected one of {known}"
    return None


def read_document(path: str | Path, max_bytes: int = MAX_BYTES) -> Document:
    """Read ``path`` into a :class:`Document`, or raise :class:`ReadError`."""
    path = Path(path)
    fmt = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    unsupported = unsupported_reason(path)
    if unsupported is not None:
        raise ReadError(unsupported)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ReadError(
                f"file is {size / 1e6:.1f} MB, larger than the {max_bytes / 1e6:.0f} MB limit "
                "for a report; not read"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot open file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise ReadError("file is empty")
    digest = hashlib.sha256(data).hexdigest()
    pages, warnings, clean_copy = None, (), False
    if fmt == "pdf":
        pdf = pdf_text(data)
        text, pages, warnings, clean_copy = pdf.text, pdf.pages, pdf.warnings, pdf.clean_copy
    elif fmt == "docx":
        from sqs_analysis.ingest.readers.word import WordError, docx_text

        try:
            word = docx_text(data)
        except WordError as exc:
            raise ReadError(str(exc)) from exc
        text, warnings, clean_copy = word.text, tuple(word.warnings), True
    else:
        text = decode_text(data)
        if fmt == "html":
            text = html_text(text)
    if not text.strip():
        raise ReadError("file has no text")
    return Document(
        text=text,
        source_format=fmt,
        sha256=digest,
        size_bytes=len(data),
        pages=pages,
        warnings=warnings,
        clean_copy=clean_copy,
    )


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def decode_text(data: bytes) -> str:
    """Decode text bytes: UTF-8 (BOM optional), else Windows-1252; refuse binary data."""
    if b"\x00" in data[:4096]:
        raise ReadError("file looks binary (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    sample = text[:20000]
    if len(_CONTROL.findall(sample)) > 0.02 * len(sample):
        raise ReadError("file looks binary (control characters), not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def pdf_text(data: bytes) -> PdfText:
    """The text of a PDF letter read through PDFium, as a clean copy would give it.

    Refused with a one-line :class:`ReadError`: not a PDF, password-protected, corrupt or
    truncated (PDFium's own reason is named), more than :data:`MAX_PDF_PAGES` pages (counted
    before any page is read), or no text layer.
    """
    from sqs_analysis.ingest.readers.pdf.clean_copy import letter_text, nonsense

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReadError("not a PDF (no %PDF header); the file may be corrupt or mis-named")
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError(_pdfium_problem(exc)) from exc
    try:
        n_pages = len(document)
        if n_pages > MAX_PDF_PAGES:
            raise ReadError(f"PDF has {n_pages} pages; an SQS letter has a handful, so not read")
        if n_pages == 0:
            raise ReadError("PDF has no pages")
        pages = [_pdf_page(document, i) for i in range(n_pages)]
    except pdfium.PdfiumError as exc:
        raise ReadError(f"PDF is corrupt ({_pdfium_reason(exc)})") from exc
    finally:
        document.close()
    if not any(page.lines for page in pages):
        raise ReadError("PDF has no text layer (a scanned image?); run OCR first")
    garbled = [page.number for page in pages if nonsense(page)]
    if len(garbled) == len(pages):
        raise ReadError(
            "PDF's text layer does not read as words (a broken font encoding, or OCR that "
            "failed); not read"
        )
    notes: tuple[str, ...] = ()
    if garbled:  # leave those pages' text out rather than read values from it
        pages = [page for page in pages if page.number not in garbled]
        notes = (
            f"the text layer of page(s) {', '.join(map(str, garbled))} does not read as words "
            "(a broken font encoding, or OCR that failed): left out, so what those pages say "
            "is missing",
        )
    lost = [page.number for page in pages if not page.geometry]
    if lost:  # no layout to rebuild the letter from: PDFium's lines, pages apart
        text = "\f".join("\n".join(line.text for line in page.lines) for page in pages)
        note = (
            f"PDFium's text and character positions disagree on page(s) "
            f"{', '.join(map(str, lost))}: read line by line, without the page layout"
        )
        return PdfText(text, n_pages, (note,), clean_copy=False)
    letter = letter_text(pages)
    if not letter.text.strip():
        raise ReadError("PDF has no text layer (a scanned image?); run OCR first")
    return PdfText(letter.text, n_pages, notes + tuple(letter.warnings))


@dataclass(frozen=True)
class PdfText:
    """A PDF letter's text, its page count and what the reader had to say about it."""

    text: str
    pages: int
    warnings: tuple[str, ...] = ()
    clean_copy: bool = True
    """The text was rebuilt from the page layout (see :attr:`Document.clean_copy`)."""


def _pdfium_reason(exc: Exception) -> str:
    reason = " ".join(str(exc).split()).rstrip(".")
    return reason.replace("Failed to load document ", "").strip("() ") or type(exc).__name__


def _pdfium_problem(exc: Exception) -> str:
    reason = _pdfium_reason(exc)
    if "password" in reason.lower():
        return "PDF is password-protected"
    if "security" in reason.lower():
        return f"PDF is encrypted in a way that cannot be opened ({reason})"
    return f"PDF is corrupt or truncated ({reason})"


_PRINTED_LINE = re.compile(r"[^\r\n]+")
_DIGIT = re.compile(r"\d")
_LEADING_NUMBER = re.compile(r"\d{1,2}(?=\s|[^\W\d_])")
_UNMEASURED = float("nan")  # a right edge to be taken from the text rectangles
_RAISED_DIGITS = re.compile(r"(?<=[^\W\d_]|[).,;:'\"’”])\d{1,2}(?!\d)")


def _pdf_page(document, index: int):
    """One page's printed lines with their geometry (see :class:`.pdftext.PdfLine`).

    PDFium's text for the page gives the lines; two calls per line give its left edge,
    baseline and type size; the rectangles its characters occupy (one per run of text written
    together) give its right edge and the gaps that tabs and table cells leave. Character boxes are
    asked for only where a gap has to be placed in the text, a line ends in a space or a digit
    may be a raised marker, so a page costs a few hundred calls into PDFium, not one per
    character. PDFium's raw interface is used (through pypdfium2), page and text page closed
    as soon as they are read.
    """
    import ctypes

    import pypdfium2.raw as pdfium_c
    from pypdfium2 import PdfiumError

    from sqs_analysis.ingest.readers.pdf.clean_copy import PdfLine, PdfPage

    page = pdfium_c.FPDF_LoadPage(document.raw, index)
    if not page:
        raise PdfiumError(f"page {index + 1} cannot be read")
    try:
        width, height = pdfium_c.FPDF_GetPageWidthF(page), pdfium_c.FPDF_GetPageHeightF(page)
        handle = pdfium_c.FPDFText_LoadPage(page)
        if not handle:
            raise PdfiumError(f"the text of page {index + 1} cannot be read")
        try:
            n_chars = pdfium_c.FPDFText_CountChars(handle)
            buffer = (ctypes.c_ushort * (n_chars + 1))()
            written = pdfium_c.FPDFText_GetText(handle, 0, n_chars, buffer) if n_chars > 0 else 0
            text = bytes(memoryview(buffer)[: max(0, written - 1)]).decode("utf-16-le", "replace")
            geometry = len(text) == n_chars
            x, y = ctypes.c_double(), ctypes.c_double()
            left, right, bottom, top = (ctypes.c_double() for _ in range(4))
            get_origin, get_size = pdfium_c.FPDFText_GetCharOrigin, pdfium_c.FPDFText_GetFontSize
            get_box = pdfium_c.FPDFText_GetCharBox

            def origin(i: int) -> tuple[float, float]:
                get_origin(handle, i, x, y)
                return x.value, y.value

            def box(i: int) -> tuple[float, float, float, float]:
                get_box(handle, i, left, right, bottom, top)
                return left.value, bottom.value, right.value, top.value

            scale, hidden = 1.0, False
            matrix = pdfium_c.FS_MATRIX()
            lines: list[PdfLine] = []
            spans: list[tuple[int, int]] = []
            for start, end in _printed_lines(text, origin if geometry else None):
                first, last = start, end - 1
                while first <= last and text[first] == " ":
                    first += 1
                while last >= first and text[last] == " ":
                    last -= 1
                if first > last:
                    continue
                stripped = text[first : last + 1]
                if not geometry:  # text and characters disagree: lines without geometry
                    lines.append(PdfLine(stripped, 0.0, 0.0, -12.0 * len(lines), 10.0))
                    continue
                if not lines and pdfium_c.FPDFText_GetMatrix(handle, first, matrix):
                    scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5 or 1.0
                middle = first + (last - first) // 2  # not a raised digit, whatever the ends are
                while text[middle] == " " and middle < last:
                    middle += 1
                get_origin(handle, first, x, y)
                x0, baseline = x.value, y.value
                raised_start = 0.0
                if not stripped[0].isalpha():  # maybe a raised footnote number: ask the middle
                    get_origin(handle, middle, x, y)
                    raised_start = baseline - y.value
                    baseline = min(baseline, y.value)
                size = scale * get_size(handle, middle)
                # the right edge comes with the text rectangles, unless a space ends the line
                x1 = box(last)[2] if last < end - 1 else _UNMEASURED
                line = PdfLine(stripped, x0, x1, baseline, size, first > start)
                if raised_start > 0.2 * size and (lead := _LEADING_NUMBER.match(stripped)):
                    line.marks.append((0, lead.end()))  # a footnote's own number
                if _DIGIT.search(stripped):
                    for d in _RAISED_DIGITS.finditer(stripped):
                        get_origin(handle, first + d.start(), x, y)
                        if y.value - baseline > 0.2 * size:
                            line.marks.append((d.start(), d.end()))
                lines.append(line)
                spans.append((first, last))
            if geometry and lines:
                _place_gaps(handle, lines, spans, box)
                hidden = _invisible(handle, spans[len(spans) // 2][0])
        finally:
            pdfium_c.FPDFText_ClosePage(handle)
    finally:
        pdfium_c.FPDF_ClosePage(page)
    return PdfPage(index + 1, width, height, lines, geometry, hidden)


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
    last one ends the line, and a gap of :data:`.pdftext.TAB_GAP_EM` or more between two is
    placed in the line's text from the spaces nearest to it."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    from sqs_analysis.ingest.readers.pdf.clean_copy import TAB_GAP_EM

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
    from sqs_analysis.ingest.readers.pdf.clean_copy import TAB_GAP_EM

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


_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "footer", "blockquote", "hr", "dt", "dd", "title",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "head", "noscript", "template", "svg", "iframe", "object"}


class _TextExtractor(HTMLParser):
    """Collects visible text; block elements become line breaks, cells become tabs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "sup":
            self.parts.append("<sup>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag == "sup":
            self.parts.append("</sup>")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """Visible text of an HTML page; footnote ``<sup>`` markers are kept for normalisation."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text)
