"""Write tables to CSV and read them back, atomically and reproducibly.

All tables are first written into a temporary folder beside the destination and then moved
into place one rename each, so an interrupted run leaves the previous outputs intact; the
same inputs always give byte-identical files. Runs writing the same folder at once take turns
(:mod:`sqs_analysis.tables.lock`), so the folder never mixes two runs' files.
"""

from __future__ import annotations

import csv
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqs_analysis.reference.codebook import codebook
from sqs_analysis.tables.build import TABLE_NAMES, Tables
from sqs_analysis.tables.lock import folder_lock
from sqs_analysis.tables.validate import validate_tables

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)


@contextmanager
def staged_folder(dest: Path) -> Iterator[Path]:
    """A temporary folder next to ``dest`` whose entries replace ``dest``'s, all or none.

    Everything is written into the staging folder first; only then are the entries moved into
    place. If a move fails, the ones already moved are taken back and the previous entries
    restored, so ``dest`` never holds a mix of old and new outputs. Another run writing
    ``dest`` at the same time waits until this one has finished (:func:`folder_lock`).
    """
    with folder_lock(dest, notify=log.warning):
        yield from _staged(dest)


def _staged(dest: Path) -> Iterator[Path]:
    # with the folder locked, any staging folder found here is from a run that was killed
    for leftover in [*dest.glob(".staging-*"), *dest.glob(".previous-*")]:
        shutil.rmtree(leftover, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=".staging-", dir=dest))
    backups = Path(tempfile.mkdtemp(prefix=".previous-", dir=dest))
    try:
        yield tmp
        placed: list[tuple[Path, Path | None]] = []
        try:
            for item in sorted(tmp.iterdir()):
                target = dest / item.name
                backup = None
                if target.exists():
                    backup = backups / item.name
                    if target.is_file():
                        _keep_copy(target, backup)  # the old file stays in place until replaced
                    else:
                        os.replace(target, backup)
                placed.append((target, backup))
                os.replace(item, target)
        except BaseException:
            for target, backup in reversed(placed):
                if backup is not None and backup.exists():
                    if target.is_dir() and not target.is_symlink():
                        shutil.rmtree(target)
                    os.replace(backup, target)
                elif backup is None and target.exists():
                    shutil.rmtree(target) if target.is_dir() else target.unlink()
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(backups, ignore_errors=True)


def _keep_copy(target: Path, backup: Path) -> None:
    """A hard link where the file system allows one (instant), else a copy."""
    try:
        os.link(target, backup)
    except OSError:
        shutil.copy2(target, backup)


def _csv_ready(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Dates as ``YYYY-MM-DD`` and months as ``YYYY-MM`` text, as the codebook documents."""
    import pandas as pd

    out = df.copy()
    for column in codebook()[name].columns:
        if column.dtype == "date":
            out[column.name] = out[column.name].dt.strftime("%Y-%m-%d")
        elif column.dtype == "month":
            # a month the report does not state is NaT, which has strftime but cannot use it
            out[column.name] = out[column.name].map(
                lambda p: None if pd.isna(p) else p.strftime("%Y-%m")
            )
    return out


def _has_bare_cr(df: pd.DataFrame) -> bool:
    """Whether any text cell holds a carriage return (one vectorised test per text column)."""
    text = [c for c in df.columns if df[c].dtype == object or str(df[c].dtype) == "string"]
    return any(
        df[c].astype("string").str.contains("\r", regex=False).fillna(False).any() for c in text
    )


def write_tables(tables: Tables, out_dir: str | Path) -> Path:
    """Write every table as ``<name>.csv`` (UTF-8, LF, ISO dates) into ``out_dir``."""
    out = Path(out_dir)
    with staged_folder(out) as tmp:
        for name, df in tables.items():
            ready = _csv_ready(name, df)
            ready.to_csv(
                tmp / f"{name}.csv",
                index=False,
                encoding="utf-8",
                lineterminator="\n",
                # a bare carriage return would otherwise end the row for many CSV readers
                quoting=csv.QUOTE_ALL if _has_bare_cr(ready) else csv.QUOTE_MINIMAL,
            )
    return out


def read_tables(folder: str | Path) -> Tables:
    """Read tables written by :func:`write_tables`, restoring the codebook's dtypes.

    The CSVs may have been edited by hand since, so they are validated again: a bad value is
    blanked with a warning in ``parse_issues`` rather than crashing or passing silently.
    """
    import pandas as pd

    folder = Path(folder)
    specs = codebook()
    frames = {}
    for name in TABLE_NAMES:
        path = folder / f"{name}.csv"
        if not path.exists():
            raise FileNotFoundError(f"{path}: table missing; run `sqs-analysis parse` first")
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
        frames[name] = raw.reindex(columns=specs[name].column_names)
    tables, _ = validate_tables(Tables(**frames))
    return tables
