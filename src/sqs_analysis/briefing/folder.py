"""A briefing's folder: its name, made from the canonical selection, and what it holds.

A briefing of a selection (period and areas) is written to ``<out>/<name>``, the name made by
:func:`folder_name` from the selection's canonical key
(:func:`~sqs_analysis.analysis.selection.selection_key`): ``--from 2015`` and
``--from 2015-01-01`` select the same reports and so write the same folder, where the second
briefing is compared with the first (:mod:`.earlier`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sqs_analysis.reference.names import slugify

NOTEBOOKS = (
    "01_reoffending_rates.ipynb",
    "02_domain_sufficiency.ipynb",
    "03_recurring_weaknesses.ipynb",
    "04_area_profile.ipynb",
)
HTML_NAME = "briefing.html"
PROVENANCE_NAME = "provenance.json"
TABLES_DIR = "tables"
NOTEBOOKS_DIR = "notebooks"
OUTPUTS_DIR = "outputs"
PERIODS_CSV = "period-comparison.csv"
MAX_NAME = 80


class BriefingError(RuntimeError):
    """The briefing could not be completed; the message says where and why."""


def default_notebooks_dir() -> Path:
    """The notebooks inside the installed package (a wheel), else the project's ``notebooks/``."""
    from sqs_analysis.briefing.notebooks import default_notebooks_dir as found

    return found()


def folder_name(key: Mapping[str, Any]) -> str:
    """A safe folder name for the briefing of the canonical selection ``key`` (``start``,
    ``end``: ISO days or None; ``areas``: canonical names), slugified.

    Always a single path component (no separators or dots survive :func:`slugify`); long
    area lists are cut and given a short hash so different selections never share a folder.
    """
    start, end = key["start"] or "", key["end"] or ""
    when = f"{start or 'start'} to {end or 'latest'}" if (start or end) else "all dates"
    where = " ".join(key["areas"]) if key["areas"] else "all areas"
    full = f"briefing {when} {where}"
    name = slugify(full, max_length=MAX_NAME)
    if len(slugify(full, max_length=10_000)) > MAX_NAME:
        digest = hashlib.sha256(full.encode("utf-8")).hexdigest()[:8]
        name = f"{name[: MAX_NAME - 9].rstrip('-')}-{digest}"
    return name


def briefing_name(
    period_start: Any = None, period_end: Any = None, areas: Iterable[str] = ()
) -> str:
    """The folder name (:func:`folder_name`) of a selection given as the command line or a
    notebook gives it.

    ``period_start`` may be a :class:`~sqs_analysis.analysis.Selection`; otherwise the three
    parameters are made canonical (:func:`~sqs_analysis.analysis.selection.selection_key`),
    so ``2015`` and ``2015-01-01`` to ``2015-12-31`` name the same folder.
    """
    from sqs_analysis.analysis.selection import Selection, selection_key

    if isinstance(period_start, Selection):
        return folder_name(period_start.key())
    return folder_name(selection_key(period_start, period_end, areas))


def briefing_folder(out_dir: str | Path, name: str) -> Path:
    """``out_dir/name``, refusing anything that would land outside ``out_dir``."""
    root = Path(out_dir).resolve()
    folder = (root / name).resolve()
    if folder.parent != root or name in ("", ".", ".."):
        raise BriefingError(f"refusing briefing folder {name!r}: not a plain name inside {root}")
    return folder
