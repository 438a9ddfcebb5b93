"""The printed lines of a PDF letter and what they are gathered into: the shared vocabulary
of :mod:`.clean_copy` (lines to a clean copy) and :mod:`.blocks` (paragraphs and tables).
"""

from __future__ import annotations

from dataclasses import dataclass, field

TAB_GAP_EM = 0.55
"""Least gap between two text runs, in ems of the line's type size, that is a tab or a cell
boundary. A space is about 0.28 em; the justified spaces measured stay inside one run, and a
run that starts in a stretched line needs a short first run or :data:`WIDE_GAP_EM`. Measured
tab and cell gaps are 0.6-8 em (docs/pdf-text-layer.md, rule 4)."""
WIDE_GAP_EM = 2.0
"""A gap this wide is a column boundary even in a line stretched to the right margin."""
PARAGRAPH_GAP = 1.35
"""A gap between baselines this many times the letter's line spacing ends a paragraph."""
SMALL_TYPE = 0.92
"""Lines set below this fraction of the body type size are notes (footnotes, small print)."""


@dataclass(slots=True)
class PdfLine:
    """One printed line of a page, as PDFium gives it (coordinates in PDF points)."""

    text: str
    """The line's text, surrounding spaces removed; U+FFFE marks a hyphen at a line end."""
    x0: float
    """Left edge: the origin of the first character."""
    x1: float
    """Right edge of the last character."""
    baseline: float
    """Height of the baseline above the foot of the page (PDF y grows upwards)."""
    size: float
    """Type size in points."""
    lead_space: bool = False
    """PDFium started the line with a space (it does after a raised footnote digit)."""
    cuts: list[tuple[int, float, float]] = field(default_factory=list)
    """Where a gap between two text runs precedes ``text[offset]``: (offset, gap in pt, left
    edge of the text after the gap)."""
    marks: list[tuple[int, int]] = field(default_factory=list)
    """(start, end) of each run of raised digits glued to a word: footnote markers."""


@dataclass(slots=True)
class PdfPage:
    """The lines of one page, in PDFium's reading order."""

    number: int
    width: float
    height: float
    lines: list[PdfLine]
    geometry: bool = True
    """False when PDFium's text and its characters disagree, so the lines have no places."""
    hidden: bool = False
    """The text is drawn invisible (render mode 3): the text layer OCR puts over a scan."""
    drawn: bool = True
    """The page draws something (text, an image, a line): a page with no text is not blank."""


@dataclass(slots=True)
class PlacedLine:
    """A printed line placed in the letter: its page and the margins measured there."""

    line: PdfLine
    page: int


@dataclass
class Cell:
    """One cell of a table row (a paragraph is a row of one cell): its wrapped lines."""

    x0: float
    parts: list[str]
    last: PdfLine  # its lowest line so far
    page: int
    heading: bool = False  # its last line is a section heading


@dataclass
class Block:
    """A paragraph, or a table row: its cells in order, and where it stands."""

    cells: list[Cell]
    page: int
    top: float  # baseline of its first line
    size: float
    lines: int = 1
    cont_x: float | None = None  # left edge of its continuation lines, once one is seen
    hanging: bool = False  # first line starts with a number, bullet or label
    carried: Block | None = None  # the row on the page before that this may be the rest of


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(number: int | str) -> str:
    return str(number).translate(_SUPERSCRIPT)
