"""Word processor files other than .docx (old binary Word .doc, RTF, OpenDocument .odt), made
into .docx by LibreOffice where it is installed, and then read as Word copies are.

Letters of 2012-2014 were often kept as .doc. LibreOffice (Debian's
``libreoffice-writer-nogui``) converts one file at a time, headless, with a profile of its own
in a temporary folder (so that parsing in several processes, or a LibreOffice the user has open,
never share one), and nothing is written outside that folder. ``SQS_ANALYSIS_OFFICE=off`` turns
it off: the files are then refused, saying how to read them.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from sqs_analysis.ingest.readers.document import ReadError, program, program_identity

ENV_VAR = "SQS_ANALYSIS_OFFICE"
"""Set to ``off`` to never convert with LibreOffice."""
FORMATS = {".doc": "doc", ".rtf": "rtf", ".odt": "odt"}
"""The suffixes converted, and the ``source_format`` each is recorded as."""
NAMES = {
    "doc": "old binary Word files (.doc)",
    "rtf": "RTF files",
    "odt": "OpenDocument files (.odt)",
}
INSTALL_HINT = (
    "install LibreOffice (apt-get install libreoffice-writer-nogui) to read it, or save the "
    "letter as .docx or PDF"
)
SECONDS = 120


def engine() -> str | None:
    """LibreOffice's command, or ``None`` (not installed, or turned off)."""
    return program(ENV_VAR, "soffice", "libreoffice")


def engine_identity() -> str:
    """Which LibreOffice converts files, for the parse cache's fingerprint."""
    return program_identity("office", engine())


def to_docx(data: bytes, fmt: str) -> bytes:
    """The file as .docx, converted by LibreOffice; refused in one line where LibreOffice is
    missing or cannot convert it."""
    executable = engine()
    if executable is None:
        raise ReadError(f"{NAMES[fmt]} are read through LibreOffice, not found; {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="sqs-office-") as tmp:
        folder = Path(tmp)
        source = folder / f"letter.{fmt}"
        source.write_bytes(data)
        command = [
            executable,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=SECONDS, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise ReadError(f"LibreOffice took longer than {SECONDS} s to convert it") from exc
        except OSError as exc:
            raise ReadError(f"LibreOffice could not be started ({exc.strerror or exc})") from exc
        converted = folder / "out" / "letter.docx"
        if done.returncode != 0 or not converted.is_file():
            said = [line for line in (done.stderr or "").splitlines() if line.strip()]
            reason = said[-1].strip()[:200] if said else "it wrote no document"
            raise ReadError(f"LibreOffice could not convert it to .docx ({reason})")
        return converted.read_bytes()
