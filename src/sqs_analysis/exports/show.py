"""Findings, headings, tables and figures shown in a notebook (and on the briefing page, which
is made from the notebooks' outputs).

Report text is data, so everything is HTML-escaped (:mod:`sqs_analysis.charts.html`). A
notebook shows a section's finding once: as the title of its chart (:func:`figure`), or as a
heading (:func:`heading`) when the section has no chart.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqs_analysis.charts.html import finding_html, heading_html, table_html
from sqs_analysis.charts.png import png_bytes
from sqs_analysis.exports.files import write_png

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure


def heading(text: str, level: int = 2) -> None:
    """Display a section heading computed from the data, such as
    ``analysis.comparators.heading(comparisons)``, so the heading states what the section
    found (a section with a chart has its finding as the chart's title instead)."""
    from IPython.display import HTML, display

    display(HTML(heading_html(text, level)))


def finding(text: str) -> None:
    """Display a finding in a notebook (escaped HTML)."""
    from IPython.display import HTML, display

    display(HTML(finding_html(text)))


def table(
    df: pd.DataFrame, *, max_rows: int = 40, caption: str = "", total: int | None = None
) -> None:
    """Display a table in a notebook (escaped HTML); see :func:`table_html`."""
    from IPython.display import HTML, display

    display(HTML(table_html(df, max_rows=max_rows, caption=caption, total=total)))


def figure(fig: Figure, folder: str | Path | None = None, name: str = "") -> None:
    """Display a figure as an embedded PNG and, given a folder, write the same PNG there."""
    from IPython.display import Image, display

    data = png_bytes(fig)
    if folder is not None:
        write_png(data, folder, name or "figure")
    display(Image(data=data, format="png", alt=fig.get_label() or name))
