"""Findings, headings and tables as escaped HTML, in the house look of the notebooks and the
briefing page: report text is data, so every value is escaped, and every table has its caption
and scoped header cells.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


def finding_html(text: str) -> str:
    """A finding as an escaped HTML paragraph."""
    return f'<p class="finding"><strong>Finding.</strong> {html.escape(str(text))}</p>'


_THEAD = re.compile(r"<thead>.*?</thead>", re.S)
_TBODY = re.compile(r"<tbody>.*?</tbody>", re.S)
_BARE_TH = re.compile(r"<th(?=[\s>])(?![^>]*\bscope=)")


def scope_headers(markup: str) -> str:
    """Every header cell told what it heads (``scope="col"`` in the head, ``"row"`` in the
    body), so a screen reader reads each cell with its headers."""
    markup = _THEAD.sub(lambda m: _BARE_TH.sub('<th scope="col"', m.group(0)), markup)
    return _TBODY.sub(lambda m: _BARE_TH.sub('<th scope="row"', m.group(0)), markup)


def frame_table(df: pd.DataFrame, caption: str = "", classes: str = "") -> str:
    """A frame as an escaped HTML table with its caption (a ``<caption>``, so it is read with
    the table and printed with it) and scoped header cells."""
    body = df.to_html(index=False, escape=True, na_rep="", border=0, classes=classes or None)
    if caption:
        opening, _, rest = body.partition(">")
        body = f'{opening}>\n  <caption class="caption">{html.escape(str(caption))}</caption>{rest}'
    return scope_headers(body)


def table_html(
    df: pd.DataFrame, *, max_rows: int = 40, caption: str = "", total: int | None = None
) -> str:
    """A frame as an escaped HTML table, at most ``max_rows`` rows with a note when cut.

    ``total`` is the length of the full table when ``df`` is already only its first rows.
    """
    shown = df.head(max_rows)
    total = len(df) if total is None else total
    parts = [frame_table(shown, caption, classes="data")]
    if len(df) > max_rows:
        parts.append(
            f'<p class="note">Showing {max_rows} of {len(df)} rows; the CSV file has them all.</p>'
        )
    return "\n".join(parts)


def heading_html(text: str, level: int = 2) -> str:
    """A section heading as escaped HTML (``level`` 2 to 4)."""
    level = min(max(int(level), 2), 4)
    return f"<h{level}>{html.escape(str(text))}</h{level}>"
