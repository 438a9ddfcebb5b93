"""Read one report file into text, whatever it was published as: the readers' dispatch.

Each format has its reader: :mod:`.pdf` (the text layer, read by PDFium with each line's place
on the page and made into a clean copy), :mod:`.word` (a .docx, read with python-docx run by
run), :mod:`.html` (visible text from the standard library's parser, tags never interpreted)
and :mod:`.text` (text and markdown, decoded as UTF-8 or the legacy Windows code page). This
module picks the reader by the file's suffix and is the only door the parser comes in by: it
sees a :class:`Document`, never a format. Every failure is a :class:`ReadError` whose message
says what is wrong with the file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqs_analysis.ingest.readers.document import Document, ReadError
from sqs_analysis.ingest.readers.html import html_text
from sqs_analysis.ingest.readers.text import decode_text

__all__ = [
    "MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "Document",
    "ReadError",
    "file_sha256",
    "read_document",
    "reader_engines",
    "unsupported_reason",
]

SUPPORTED_SUFFIXES = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".doc": "doc",  # these three through LibreOffice, as .docx (word/office.py)
    ".rtf": "rtf",
    ".odt": "odt",
}
MAX_BYTES = 25 * 1024 * 1024
"""Largest file read; a published SQS letter is well under 1 MB, so anything larger is refused."""


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
    data = _file_bytes(path, max_bytes)
    digest = hashlib.sha256(data).hexdigest()
    text, pages, warnings, clean_copy = _read_format(fmt, data)
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


def _file_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes; refused if it is over ``max_bytes``, cannot be opened or is empty."""
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
    return data


def _read_format(fmt: str, data: bytes) -> tuple[str, int | None, tuple[str, ...], bool]:
    """The format's reader on ``data``: (text, pages, warnings, whether a clean copy).

    The PDF and Word readers are imported only when a file needs them (PDFium, python-docx)."""
    if fmt == "pdf":
        from sqs_analysis.ingest.readers.pdf import pdf_text

        pdf = pdf_text(data)
        return pdf.text, pdf.pages, pdf.warnings, pdf.clean_copy
    if fmt in ("docx", "doc", "rtf", "odt"):
        from sqs_analysis.ingest.readers.word import WordError, docx_text
        from sqs_analysis.ingest.readers.word.office import to_docx

        try:
            word = docx_text(data if fmt == "docx" else to_docx(data, fmt))
        except WordError as exc:
            raise ReadError(str(exc)) from exc
        converted = () if fmt == "docx" else ("read as LibreOffice converts it to .docx",)
        return word.text, None, (*converted, *word.warnings), True
    text = decode_text(data)
    return (html_text(text) if fmt == "html" else text), None, (), False


def reader_engines() -> str:
    """The programs outside Python that readers run, if installed: Tesseract for scanned pages
    (:func:`.pdf.ocr.engine_identity`) and LibreOffice for .doc, .rtf and .odt files
    (:func:`.word.office.engine_identity`). What a file parses to depends on them, so the
    parse cache keys on them."""
    from sqs_analysis.ingest.readers.pdf.ocr import engine_identity as ocr
    from sqs_analysis.ingest.readers.word.office import engine_identity as office

    return f"{ocr()}; {office()}"
