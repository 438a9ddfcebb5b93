"""Text and markdown files: decoded as UTF-8 (with or without a byte-order mark) or, failing
that, the legacy Windows code page; binary data is refused."""

from __future__ import annotations

import re

from sqs_analysis.ingest.readers.document import ReadError

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
