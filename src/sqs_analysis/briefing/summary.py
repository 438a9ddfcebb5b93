"""The few lines to send about a briefing (e-mail, Teams, a CI job's summary).

``summary.md`` and ``summary.txt`` sit beside ``briefing.html``: the selection, the headline
numbers (the page's own cells, :func:`sqs_analysis.briefing.page.headline_cells`, so the two
never disagree), what changed since the earlier briefing, the data-quality warnings counted and
the page's path. They stay short enough for a chat message (:data:`MAX_CHARS`): a long list of
areas is cut with a count, and the page has the rest.

Report text is data, never markup. In ``summary.md`` every value that comes from the reports or
the command line has each ASCII punctuation character escaped with a backslash (CommonMark
renders it as the character itself), so no emphasis, link, image, HTML, heading, quote, table
or code can start in it, and no address or e-mail address is linked automatically (their
``:``, ``.`` and ``@`` are escaped). In both files line breaks and control characters in a value
become spaces, so a value cannot start a line of its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqs_analysis.briefing.page import headline_cells

if TYPE_CHECKING:
    from sqs_analysis.analysis.selection import Selection
    from sqs_analysis.briefing.changes import Changes

SUMMARY_MD = "summary.md"
SUMMARY_TXT = "summary.txt"
MAX_CHARS = 1500
"""Longest summary (either file) meant to be sent; a test holds it to this with many areas."""
AREAS_NAMED = 5
"""Areas named in the summary's selection line; more are counted."""
AREA_CHARS = 60
"""Longest area name in the selection line before it is cut with an ellipsis."""
MAX_VALUE = 160
"""Longest single value (an area name, a note) before it is cut with an ellipsis."""
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_SPACE = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(value: Any, limit: int = MAX_VALUE) -> str:
    """``value`` as text on one line (breaks and control characters become spaces), cut to
    ``limit`` characters."""
    text = _SPACE.sub(" ", str(value)).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def md_escape(value: Any, limit: int = MAX_VALUE) -> str:
    """``value`` as inert Markdown text: :func:`one_line`, every ASCII punctuation character
    escaped with a backslash."""
    return _PUNCTUATION.sub(r"\\\1", one_line(value, limit))


def selection_line(selection: Selection) -> str:
    """The selection in words, naming at most :data:`AREAS_NAMED` areas."""
    areas = selection.areas
    shown = replace(selection, areas=tuple(one_line(a, AREA_CHARS) for a in areas[:AREAS_NAMED]))
    if len(areas) <= AREAS_NAMED:
        return shown.describe()
    return f"{shown.describe()} and {len(areas) - AREAS_NAMED} more (listed on the page)"


def _changes_line(changes: Changes) -> str:
    if changes.earlier is None:
        return "First briefing of this selection in its folder: nothing to compare with."
    return one_line(changes.summary(), 400)


def _quality_line(headline: Mapping[str, Any], n_missing: int) -> str:
    if headline.get("no_reports"):
        return "no reports in this selection."
    warnings, failed = headline["parse_warnings"], headline["failed_files"]
    return (
        f"{warnings} parse warning{'s' if warnings != 1 else ''}, {failed} file"
        f"{'s' if failed != 1 else ''} that could not be read, {n_missing} report"
        f"{'s' if n_missing != 1 else ''} with fields missing (see the page's appendix)."
    )


def summary_parts(
    selection: Selection,
    headline: Mapping[str, Any],
    changes: Changes,
    n_missing: int,
    page: Path,
) -> dict[str, Any]:
    """The summary as plain values: title, selection, headline cells, changes, quality, page."""
    cells = [] if headline.get("no_reports") else headline_cells(headline)
    return {
        "selection": selection_line(selection),
        "no_reports": "No reports in this selection." if headline.get("no_reports") else "",
        "cells": cells,
        "changes": _changes_line(changes),
        "quality": _quality_line(headline, n_missing),
        "page": str(page),
    }


def summary_text(parts: Mapping[str, Any]) -> str:
    """The plain-text summary."""
    lines = [f"SQS briefing: {one_line(parts['selection'], 600)}"]
    if parts["no_reports"]:
        lines.append(parts["no_reports"])
    lines += [f"- {label}: {one_line(value)}" for label, value in parts["cells"]]
    lines.append(f"Changes: {parts['changes']}")
    lines.append(f"Data quality: {parts['quality']}")
    lines.append(f"Page: {one_line(parts['page'], 400)}")
    return "\n".join(lines) + "\n"


def summary_markdown(parts: Mapping[str, Any]) -> str:
    """The Markdown summary: our own words as they are, every value escaped."""
    lines = [f"**SQS briefing:** {md_escape(parts['selection'], 600)}", ""]
    if parts["no_reports"]:
        lines += [md_escape(parts["no_reports"]), ""]
    lines += [f"- {md_escape(label)}: {md_escape(value)}" for label, value in parts["cells"]]
    if parts["cells"]:
        lines.append("")
    lines.append(f"**Changes:** {md_escape(parts['changes'], 400)}")
    lines.append("")
    lines.append(f"**Data quality:** {md_escape(parts['quality'])}")
    lines.append("")
    lines.append(f"**Page:** {md_escape(parts['page'], 400)}")
    return "\n".join(lines) + "\n"


def write_summary(folder: Path, parts: Mapping[str, Any]) -> tuple[Path, Path]:
    """Write ``summary.md`` and ``summary.txt`` into ``folder``."""
    md, txt = folder / SUMMARY_MD, folder / SUMMARY_TXT
    md.write_text(summary_markdown(parts), encoding="utf-8")
    txt.write_text(summary_text(parts), encoding="utf-8")
    return md, txt
