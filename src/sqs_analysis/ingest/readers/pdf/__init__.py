"""The PDF reader: a letter's text layer, read page by page through PDFium (:mod:`.page`) and
made into the text of a clean copy (:mod:`.clean_copy`, with :mod:`.lines`, :mod:`.order` and
:mod:`.blocks`). docs/pdf-text-layer.md describes what PDFium gives and the rules followed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqs_analysis.ingest.readers.document import ReadError
from sqs_analysis.ingest.readers.pdf.clean_copy import letter_text, nonsense, read_characters
from sqs_analysis.ingest.readers.pdf.lines import PdfPage
from sqs_analysis.ingest.readers.pdf.page import read_page

MAX_PDF_PAGES = 60


def pdf_text(data: bytes) -> PdfText:
    """The text of a PDF letter read through PDFium, as a clean copy would give it.

    Refused with a one-line :class:`ReadError`: not a PDF, password-protected, corrupt or
    truncated (PDFium's own reason is named), more than :data:`MAX_PDF_PAGES` pages (counted
    before any page is read), or no text layer.
    """
    pages = _read_pages(data)
    n_pages = len(pages)
    if not any(page.lines for page in pages):
        raise ReadError("PDF has no text layer (a scanned image?); run OCR first")
    pages, notes = _pages_of_words(pages)
    lost = [page.number for page in pages if not page.geometry]
    if lost:  # no layout to rebuild the letter from: PDFium's lines, pages apart
        text = "\f".join("\n".join(line.text for line in page.lines) for page in pages)
        text, repaired = read_characters(text)
        note = (
            f"PDFium's text and character positions disagree on page(s) "
            f"{', '.join(map(str, lost))}: read line by line, without the page layout"
        )
        return PdfText(text, n_pages, (note, *repaired), clean_copy=False)
    letter = letter_text(pages)
    if not letter.text.strip():
        raise ReadError("PDF has no text layer (a scanned image?); run OCR first")
    return PdfText(letter.text, n_pages, notes + tuple(letter.warnings))


def _read_pages(data: bytes) -> list[PdfPage]:
    """Every page of the PDF read (:func:`.page.read_page`), the document closed after; what
    PDFium cannot open or read, and a page count no letter has, refused."""
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
        return [read_page(document, i) for i in range(n_pages)]
    except pdfium.PdfiumError as exc:
        raise ReadError(f"PDF is corrupt ({_pdfium_reason(exc)})") from exc
    finally:
        document.close()


def _pages_of_words(pages: list[PdfPage]) -> tuple[list[PdfPage], tuple[str, ...]]:
    """The pages whose text layer reads as words, and a note naming any left out; refused if
    none does (a broken font encoding, or OCR that failed)."""
    garbled = [page.number for page in pages if nonsense(page)]
    if len(garbled) == len(pages):
        raise ReadError(
            "PDF's text layer does not read as words (a broken font encoding, or OCR that "
            "failed); not read"
        )
    if not garbled:
        return pages, ()
    # leave those pages' text out rather than read values from it
    note = (
        f"the text layer of page(s) {', '.join(map(str, garbled))} does not read as words "
        "(a broken font encoding, or OCR that failed): left out, so what those pages say "
        "is missing"
    )
    return [page for page in pages if page.number not in garbled], (note,)


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
