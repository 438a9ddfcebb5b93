"""Pages with no text to read, read by OCR: an image-only scan, or a text layer whose fonts map
their glyphs to nonsense (re-distilled without Unicode maps).

Where Tesseract is installed (Debian's ``tesseract-ocr``, with its English data), the pages
that have no readable text are drawn by PDFium at the resolution of the scan they hold (the
image's own pixels, so nothing is resampled; 300 dots an inch for a page of vector text) and
given to Tesseract, which writes them back as a PDF with an invisible text layer over each
page image: the layout the PDF reader already reads from a scan someone else OCR'd. The letter
says the pages were read by OCR, and by which Tesseract.

No network is used, and nothing is written outside a temporary folder deleted afterwards.
``SQS_ANALYSIS_OCR=off`` turns it off (the pages are then refused or left out, as without
Tesseract).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from sqs_analysis.ingest.readers.document import ReadError, program, program_identity

ENV_VAR = "SQS_ANALYSIS_OCR"
"""Set to ``off`` to never run OCR."""
LANGUAGE = "eng"
VECTOR_DPI = 300
"""The resolution a page without a scanned image is drawn at."""
MIN_DPI, MAX_DPI = 150, 400
"""A scan's own resolution is used within these bounds (below, OCR misreads; above, it is slow
and gains nothing)."""
SECONDS_PER_PAGE = 90
INSTALL_HINT = (
    "install Tesseract (apt-get install tesseract-ocr) to read it by OCR, or run OCR first"
)


def engine() -> str | None:
    """The Tesseract executable OCR runs, or ``None`` (not installed, or turned off)."""
    return program(ENV_VAR, "tesseract")


def engine_identity() -> str:
    """Which Tesseract reads scans, for the parse cache's fingerprint."""
    return program_identity("ocr", engine())


@cache
def engine_version(executable: str) -> str:
    """Tesseract's own name for its version ("tesseract 5.3.0")."""
    try:
        done = subprocess.run(
            [executable, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return "tesseract"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0].strip() if lines else "tesseract"


def ocr_pages(data: bytes, numbers: list[int], executable: str) -> tuple[bytes, int]:
    """A PDF of the given pages (numbered from 1) of ``data``, each its page image under an
    invisible text layer read by Tesseract; and the resolution they were drawn at."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        dpi = _resolution(document, numbers)
        with tempfile.TemporaryDirectory(prefix="sqs-ocr-") as tmp:
            folder = Path(tmp)
            images = [_draw(document[n - 1], dpi, folder / f"page-{n:03d}.pgm") for n in numbers]
            listing = folder / "pages.txt"
            listing.write_text("".join(f"{image}\n" for image in images), "utf-8")
            _run(executable, listing, folder / "ocr", dpi, len(numbers))
            return (folder / "ocr.pdf").read_bytes(), dpi
    finally:
        document.close()


def _resolution(document, numbers: list[int]) -> int:
    """The largest resolution at which the pages' scanned images were made, within bounds;
    :data:`VECTOR_DPI` where the pages hold no image."""
    import pypdfium2.raw as pdfium_c

    found = []
    for n in numbers:
        page = document[n - 1]
        for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
            left, _, right, _ = image.get_bounds()
            width_px = image.get_px_size()[0]
            if right - left > 72:  # an image at least an inch wide: a scan, not a logo
                found.append(width_px / ((right - left) / 72))
    if not found:
        return VECTOR_DPI
    return round(min(MAX_DPI, max(MIN_DPI, max(found))))


def _draw(page, dpi: int, path: Path) -> Path:
    """The page drawn in grey at ``dpi``, written as a PGM image (which Tesseract reads and
    which needs no imaging library to write)."""
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    pixels = memoryview(bitmap.buffer).cast("B")
    with path.open("wb") as out:
        out.write(f"P5\n{width} {height}\n255\n".encode("ascii"))
        if stride == width:
            out.write(pixels[: width * height])
        else:
            for row in range(height):
                out.write(pixels[row * stride : row * stride + width])
    return path


def _run(executable: str, listing: Path, out_base: Path, dpi: int, n_pages: int) -> None:
    """Tesseract over the listed images, writing ``out_base``.pdf; one thread, as the parser
    may run one process per core."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    command = [executable, str(listing), str(out_base), "-l", LANGUAGE, "--dpi", str(dpi), "pdf"]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=env,
            timeout=SECONDS_PER_PAGE * n_pages,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ReadError(f"OCR took longer than {exc.timeout:.0f} s; not read") from exc
    except OSError as exc:
        raise ReadError(f"OCR could not be started ({exc.strerror or exc})") from exc
    if done.returncode != 0 or not out_base.with_suffix(".pdf").is_file():
        said = [line for line in done.stderr.strip().splitlines() if line.strip()]
        reason = said[-1].strip() if said else f"exit status {done.returncode}"
        raise ReadError(f"OCR failed ({reason[:200]})")
