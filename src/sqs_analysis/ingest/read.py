"""Read one report file into text, whatever it was published as.

PDFs go through their text layer (pypdf); HTML is reduced to text with the standard library's
parser (scripts and styles dropped, tags never interpreted); text and markdown are decoded as
UTF-8 (with or without a byte-order mark) or, failing that, the legacy Windows code page.
Every failure is a :class:`ReadError` whose message says what is wrong with the file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

SUPPORTED_SUFFIXES = {
    ".pdf": "pdf",
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


def read_document(path: str | Path, max_bytes: int = MAX_BYTES) -> Document:
    """Read ``path`` into a :class:`Document`, or raise :class:`ReadError`."""
    path = Path(path)
    fmt = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise ReadError(
            f"unsupported file type {path.suffix or '(none)'!r}; expected one of {known}"
        )
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
    if fmt == "pdf":
        text = pdf_text(data)
    else:
        text = decode_text(data)
        if fmt == "html":
            text = html_text(text)
    if not text.strip():
        raise ReadError("file has no text")
    return Document(text=text, source_format=fmt, sha256=digest, size_bytes=len(data))


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


def pdf_text(data: bytes) -> str:
    """Text layer of a PDF, pages separated by form feeds (which normalisation treats as breaks)."""
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReadError("not a PDF (no %PDF header); the file may be corrupt or mis-named")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("PDF is password-protected")
        n_pages = len(reader.pages)
        if n_pages > MAX_PDF_PAGES:
            raise ReadError(f"PDF has {n_pages} pages; an SQS letter has a handful, so not read")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise ReadError(f"PDF is corrupt or truncated ({type(exc).__name__}: {exc})") from exc
    text = "\f".join(pages)
    if not text.strip():
        raise ReadError("PDF has no text layer (a scanned image?); run OCR first")
    return text


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
