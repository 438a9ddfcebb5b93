"""What every reader gives back: a file's text with what is known about the file, or why not.

Each format's reader (:mod:`.pdf`, :mod:`.word`, :mod:`.html`, :mod:`.text`) raises
:class:`ReadError` or returns text that :func:`sqs_analysis.ingest.readers.read_document` makes a
:class:`Document`; the parser sees only that.
"""

from __future__ import annotations

from dataclasses import dataclass


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
