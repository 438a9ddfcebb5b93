"""The PDF reader: a letter's text layer, read page by page through PDFium (:mod:`.page`) and
made into the text of a clean copy (:mod:`.clean_copy`, with :mod:`.lines`, :mod:`.order` and
:mod:`.blocks`). docs/pdf-text-layer.md describes what PDFium gives and the rules followed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqs_analysis.ingest.readers.document import ReadError
from sqs_analysis.ingest.readers.pdf import ocr
from sqs_analysis.ingest.readers.pdf.clean_copy import letter_text, nonsense, read_characters
from sqs_analysis.ingest.readers.pdf.lines import PdfPage
from sqs_analysis.ingest.readers.pdf.page import read_page

MAX_PDF_PAGES = 60


def pdf_text(data: bytes) -> PdfText:
    """The text of a PDF letter read through PDFium, as a clean copy would give it.

    Pages with no text, or text that does not read as words, are read by OCR where Tesseract
    is installed (:mod:`.ocr`). Refused with a one-line :class:`ReadError`: not a PDF,
    password-protected, corrupt or truncated (PDFium's own reason is named), more than
    :data:`MAX_PDF_PAGES` pages (counted before any page is read), or no readable text.
    """
    pages = _read_pages(data)
    n_pages = len(pages)
    pages, ocr_notes, ocr_said = _read_by_ocr(data, pages)
    if not any(page.lines for page in pages):
        raise ReadError(f"PDF has no text layer (a scanned image?); {ocr_said}")
    pages, notes = _pages_of_words(pages, ocr_said)
    notes = ocr_notes + notes
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
        raise ReadError(f"PDF has no text layer (a scanned image?); {ocr_said or 'not read'}")
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


def _read_by_ocr(data: bytes, pages: list[PdfPage]) -> tuple[list[PdfPage], tuple[str, ...], str]:
    """The pages, those that draw something but have no text, or text that does not read as
    words, read again by OCR where it can be run; the note saying so (or that a page's text is
    missing); and what to tell the user if no text is left (how to get OCR, or why it
    failed)."""
    scans = [page.number for page in pages if page.drawn and not page.lines]
    unread = sorted({*scans, *(page.number for page in pages if nonsense(page))})
    if not unread:
        return pages, (), ""
    executable = ocr.engine()
    why = ocr.INSTALL_HINT
    if executable is not None:
        try:
            scanned, dpi = ocr.ocr_pages(data, unread, executable)
        except ReadError as exc:
            why = f"{exc}; not read"
        else:
            read = {
                n: replace(page, number=n)
                for n, page in zip(unread, _read_pages(scanned), strict=True)
            }
            found = [n for n, page in read.items() if page.lines]
            pages = [read[page.number] if page.number in found else page for page in pages]
            why = "OCR found no words on it"
            if found:
                note = (
                    f"page(s) {', '.join(map(str, found))} had no text layer, or one that does "
                    f"not read as words: read by OCR ({ocr.engine_version(executable)}, "
                    f"{dpi} dots an inch)"
                )
                return pages, (note,), why
    missing = [n for n in scans if any(page.lines for page in pages)]
    if not missing:
        return pages, (), why
    note = (
        f"page(s) {', '.join(map(str, missing))} have no text layer (a scanned image?): what "
        f"they say is missing; {why}"
    )
    return pages, (note,), why


def _pages_of_words(
    pages: list[PdfPage], ocr_said: str = ""
) -> tuple[list[PdfPage], tuple[str, ...]]:
    """The pages whose text layer reads as words, and a note naming any left out; refused if
    none does (a broken font encoding, or OCR that failed)."""
    garbled = [page.number for page in pages if nonsense(page)]
    if len(garbled) == len(pages):
        raise ReadError(
            "PDF's text layer does not read as words (a broken font encoding, or OCR that "
            f"failed); {ocr_said or 'not read'}"
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
