"""The earlier briefing: the last complete briefing of a selection, kept while a new one of the
same selection is made, so the new one can say what changed (:mod:`.changes`).

A briefing folder is named after its selection (period and areas), so a briefing written into
a folder where one already stands is a new briefing of the same selection. Before anything in
the folder is replaced, :func:`keep_earlier` keeps the last *complete* briefing's tables and
``provenance.json`` in ``<folder>/.earlier/``; :func:`earlier_tables` and :func:`read_tables_as_text`
read them back, and the new ones, as their CSV files hold them. When the new briefing is
complete, :func:`release_earlier` removes ``.earlier/``: the new briefing is the one the next
compares with. A briefing that fails half-way leaves ``.earlier/`` where it is, so the next
briefing still compares with the last complete one and no change goes unrecorded.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from sqs_analysis.analysis.selection import Selection

EARLIER_DIR = ".earlier"
"""Where the last complete briefing's tables and provenance are kept while a new one is made."""


@dataclass(frozen=True)
class EarlierBriefing:
    """The last complete briefing of a selection, as kept in ``<folder>/.earlier``."""

    folder: Path
    generated_at: str
    version: str
    included: tuple[str, ...] | None
    """Reports it included, from its provenance (None if its provenance does not say)."""


def _complete(folder: Path, *names: str) -> bool:
    return all((folder / name).is_file() for name in names)


def _set_aside(folder: Path, tables_dir: str, provenance_name: str) -> None:
    """Copy the tables and provenance standing in ``folder`` into ``.earlier/``, whole or not
    at all (a staging folder, renamed into place)."""
    kept = folder / EARLIER_DIR
    staging = Path(tempfile.mkdtemp(prefix=f"{EARLIER_DIR}-", dir=folder))
    try:
        (staging / tables_dir).mkdir()
        for table in sorted((folder / tables_dir).glob("*.csv")):
            shutil.copy2(table, staging / tables_dir / table.name)
        shutil.copy2(folder / provenance_name, staging / provenance_name)
        shutil.rmtree(kept, ignore_errors=True)
        staging.replace(kept)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def keep_earlier(
    folder: Path,
    tables_dir: str = "tables",
    provenance_name: str = "provenance.json",
    page_name: str = "briefing.html",
) -> EarlierBriefing | None:
    """Keep the last complete briefing in ``folder`` before a new one replaces it.

    Call this before anything in ``folder`` is deleted or written. A complete briefing (its
    page, ``provenance.json`` and tables) standing in ``folder`` is copied into ``.earlier/``,
    replacing what was kept before; when none stands (the last run failed after deleting its
    provenance), what ``.earlier/`` holds from before that run is kept. None when there is no
    earlier briefing, or it cannot be read.
    """
    kept = folder / EARLIER_DIR
    reports = f"{tables_dir}/reports.csv"
    if _complete(folder, page_name, provenance_name, reports):
        _set_aside(folder, tables_dir, provenance_name)
    for leftover in folder.glob(f"{EARLIER_DIR}-*"):  # from a run killed while copying
        shutil.rmtree(leftover, ignore_errors=True)
    if not _complete(kept, provenance_name, reports):
        return None
    try:
        provenance = json.loads((kept / provenance_name).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(provenance, dict):
        return None
    included = provenance.get("reports_included")
    return EarlierBriefing(
        folder=kept / tables_dir,
        generated_at=str(provenance.get("generated_at") or "an unknown time"),
        version=str((provenance.get("package") or {}).get("version") or "an unknown version"),
        included=tuple(str(i) for i in included) if isinstance(included, list) else None,
    )


def release_earlier(folder: Path) -> None:
    """The new briefing is complete: it is the one the next briefing compares with."""
    shutil.rmtree(folder / EARLIER_DIR, ignore_errors=True)


def _read(folder: Path, name: str, columns: list[str] | None = None) -> pd.DataFrame | None:
    """A table as its CSV holds it (every cell text, empty as NA); None if it is missing."""
    import pandas as pd

    path = folder / f"{name}.csv"
    if not path.is_file():
        return None
    usecols = None if columns is None else (lambda c: c in columns)
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], usecols=usecols)


def read_tables_as_text(folder: Path) -> dict[str, pd.DataFrame | None]:
    """The tables in ``folder`` that comparing briefings uses, as their CSV files hold them
    (:data:`sqs_analysis.analysis.changes.Tables`): ``reports`` whole, the counted tables'
    ``report_id`` and the judgements' columns the comparison reads."""
    from sqs_analysis.analysis.changes import COUNTED, JUDGEMENT_COLUMNS

    tables = {"reports": _read(folder, "reports")}
    if tables["reports"] is None:
        raise FileNotFoundError("reports.csv is missing")
    tables |= {name: _read(folder, name, ["report_id"]) for name in COUNTED if name != "judgements"}
    tables["judgements"] = _read(folder, "judgements", JUDGEMENT_COLUMNS)  # counted from these
    return tables


def earlier_tables(
    earlier: EarlierBriefing, selection: Selection | None
) -> tuple[dict[str, pd.DataFrame | None], list[str] | None]:
    """The earlier briefing's tables (:func:`read_tables_as_text`) and the reports it
    included: those its provenance lists, or, if it lists none, the reports of its tables in
    ``selection`` (None, for all of them, without a selection)."""
    tables = read_tables_as_text(earlier.folder)
    if earlier.included is not None:
        return tables, list(earlier.included)
    if selection is None:
        return tables, None
    from sqs_analysis.analysis.selection import select
    from sqs_analysis.tables.store import read_tables

    chosen = select(read_tables(earlier.folder), selection)
    return tables, [str(i) for i in chosen.reports["report_id"]]
