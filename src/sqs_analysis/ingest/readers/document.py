"""What every reader gives back: a file's text with what is known about the file, or why not.

Each format's reader (:mod:`.pdf`, :mod:`.word`, :mod:`.html`, :mod:`.text`) raises
:class:`ReadError` or returns text that :func:`sqs_analysis.ingest.readers.read_document` makes a
:class:`Document`; the parser sees only that.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path


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


def program(env_var: str, *names: str) -> str | None:
    """The first of ``names`` found on PATH: a program a reader runs (Tesseract, LibreOffice),
    or ``None`` where none is installed or ``env_var`` is set to ``off``."""
    if os.environ.get(env_var, "").strip().lower() in ("off", "0", "no", "false"):
        return None
    return next((found for name in names if (found := shutil.which(name))), None)


def program_identity(label: str, found: str | None) -> str:
    """What decides how a program reads a file, cheaply (no process started): its path, size
    and time, for the parse cache's fingerprint."""
    if found is None:
        return f"{label}: none"
    stat = Path(found).resolve().stat()
    return f"{label}: {found} {stat.st_size} {int(stat.st_mtime)}"
