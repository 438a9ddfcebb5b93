"""A page's printed lines in reading order, by where they stand rather than when they were drawn.

PDFium gives a page's lines in the order the PDF draws them. Word processors draw in reading
order, table cells one after another; a browser need not: Chromium draws a page's margin boxes
first, and an element placed by CSS (a paragraph number set in the margin with absolute
positioning, a float) after the text it stands beside. Read in drawing order, such a number
lands after its paragraph and every judgement goes to the wrong paragraph.

The lines are cut into *runs*: stretches that go down the page line by line, as a paragraph or
a table cell does. A run that starts on the baseline of a line of an earlier run cuts that run
there (it is drawn beside that line). The runs are then read from the top of the page down,
runs starting on one baseline (the cells of a table row, a number and its paragraph) from left
to right. Drawing order that already is reading order comes out unchanged. A run drawn later
that starts between two lines of another (a number set beside no line of the paragraph next to
it) is put before the first line below it, and named, so the caller can warn that its place
is a guess. On a page of OCR text, side-by-side runs are also cut at every baseline they share:
Tesseract writes a table's columns as blocks, one after the other.
"""

from __future__ import annotations

from itertools import pairwise

from sqs_analysis.ingest.readers.pdf.lines import PdfLine

_RUN_BREAK = 2.5
"""A drop of more than this many ems to the next line starts another run (a footer, say)."""


def reading_order(lines: list[PdfLine], rows: bool = False) -> tuple[list[PdfLine], list[str]]:
    """``lines`` in reading order, and what could not be put in order with confidence.

    ``rows``: the page was read by OCR, which writes the columns of a table as blocks one after
    the other; side-by-side runs are then also cut at every baseline they share, so a table
    is read a row at a time."""
    if len(lines) < 2 or all(_below(a, b) for a, b in pairwise(lines)):
        return lines, []
    runs: list[list[PdfLine]] = []
    for line in lines:
        if runs and _below(runs[-1][-1], line):
            runs[-1].append(line)
        else:
            runs.append([line])
    doubts: list[str] = []
    while _cut_once(runs, doubts):  # cut a run where another starts beside one of its lines
        pass
    if rows:
        runs = [piece for run in runs for piece in _by_rows(run, runs)]
    runs.sort(key=lambda r: -r[0].baseline)
    bands: list[list[list[PdfLine]]] = []
    for run in runs:  # runs starting on one baseline make a band, read left to right
        top = run[0]
        if bands and bands[-1][0][0].baseline - top.baseline <= 0.3 * top.size:
            bands[-1].append(run)
        else:
            bands.append([run])
    ordered = [line for band in bands for run in sorted(band, key=_left) for line in run]
    return ordered, doubts


def _cut_once(runs: list[list[PdfLine]], doubts: list[str]) -> bool:
    """Cut the first run that another run starts beside (on the baseline of one of its lines
    other than its first), whichever was drawn first; False when there is none."""
    for j, run in enumerate(runs):
        if len(run) < 2:
            continue
        for other in runs:
            head = other[0]
            tol = 0.3 * head.size
            if other is run or not run[-1].baseline - tol < head.baseline < run[0].baseline - tol:
                continue
            at = next(i for i, x in enumerate(run) if x.baseline <= head.baseline + tol)
            if at == 0:
                continue
            if abs(run[at].baseline - head.baseline) > tol:
                doubts.append(head.text[:40])  # beside no line of the run: placed by height
            runs[j : j + 1] = [run[:at], run[at:]]
            return True
    return False


def _by_rows(run: list[PdfLine], runs: list[list[PdfLine]]) -> list[list[PdfLine]]:
    """``run`` cut before each of its lines that shares its baseline with a line of a run
    standing beside it (a table's other column)."""
    x0, x1 = min(x.x0 for x in run), max(x.x1 for x in run)
    beside = [
        x.baseline
        for other in runs
        if other is not run and (min(y.x0 for y in other) >= x1 or max(y.x1 for y in other) <= x0)
        for x in other
    ]
    pieces, start = [], 0
    for i in range(1, len(run)):
        tol = 0.3 * run[i].size
        if any(abs(b - run[i].baseline) <= tol for b in beside):
            pieces.append(run[start:i])
            start = i
    pieces.append(run[start:])
    return pieces


def _below(a: PdfLine, b: PdfLine) -> bool:
    """``b`` is the next line down from ``a`` (or the next piece of its line, to the right)."""
    drop = a.baseline - b.baseline
    tol = 0.3 * max(a.size, b.size)
    if abs(drop) <= tol:
        return b.x0 >= a.x1 - 1.0
    return tol < drop <= _RUN_BREAK * max(a.size, b.size)


def _left(run: list[PdfLine]) -> float:
    return run[0].x0
