"""Report files to tables on disk: the one way ``sqs-analysis parse`` and the briefing turn
report files into tidy CSV tables and, when asked, the Excel workbook of the same tables.

:func:`parse_to_tables` parses (every core the caller gives it, through the parse cache),
builds the validated tables, writes them as CSV files (:func:`~sqs_analysis.tables.store.write_tables`)
and then the workbook (:func:`~sqs_analysis.exports.workbook.write_workbook`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqs_analysis.ingest.corpus import Corpus
    from sqs_analysis.tables import Tables


@dataclass(frozen=True)
class Parsed:
    """What :func:`parse_to_tables` parsed and wrote."""

    corpus: Corpus
    tables: Tables
    folder: Path
    """Where the CSV tables are."""
    workbook: Path | None = None
    """The Excel workbook, when one was asked for."""


def parse_reports(
    inputs: Iterable[str | Path],
    *,
    exclude: Iterable[str | Path] = (),
    workers: int = 1,
    use_cache: bool = True,
    before_fork: Callable[[], None] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Corpus:
    """Every report under ``inputs`` (never under ``exclude``), in ``workers`` processes,
    through the parse cache when ``use_cache`` (:mod:`sqs_analysis.ingest.cache`).

    ``progress``, if given, hears a line as parsing starts and one with the counts and the
    time when it ends. ``before_fork`` is as for :func:`~sqs_analysis.ingest.corpus.parse_corpus`.
    """
    from sqs_analysis.ingest.cache import default_cache
    from sqs_analysis.ingest.corpus import parse_corpus

    inputs = list(inputs)
    say = progress or (lambda _message: None)
    say(f"parsing reports in {', '.join(map(str, inputs))} ...")
    clock = time.monotonic()
    cache = default_cache() if use_cache else None
    corpus = parse_corpus(
        inputs, exclude=exclude, workers=workers, cache=cache, before_fork=before_fork
    )
    cached = f" ({cache.hits} from the parse cache)" if cache is not None and cache.hits else ""
    say(
        f"{len(corpus.reports)} report(s) parsed from {len(corpus.files)} file(s)"
        f"{cached} in {time.monotonic() - clock:.1f} s; {len(corpus.failed_files)} failed"
    )
    return corpus


def parse_to_tables(
    inputs: Iterable[str | Path],
    out: str | Path,
    *,
    workbook: str | Path | None = None,
    made_at: datetime | None = None,
    corpus: Corpus | None = None,
    exclude: Iterable[str | Path] = (),
    workers: int = 1,
    use_cache: bool = True,
    before_fork: Callable[[], None] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Parsed:
    """Parse ``inputs`` (:func:`parse_reports`), write every table into the folder ``out`` and,
    with ``workbook``, every table into that Excel file as well (``made_at`` on its cover).

    ``corpus``, when given, is ``inputs`` already parsed (a briefing whose period depends on
    the data parses first): it is not parsed again. The tables are written only when whole
    (:func:`~sqs_analysis.tables.store.write_tables`, which raises
    :class:`~sqs_analysis.tables.lock.FolderBusy` if another run keeps ``out`` too long);
    the workbook only once they are.
    """
    from sqs_analysis.tables.load import corpus_tables
    from sqs_analysis.tables.store import write_tables

    if corpus is None:
        corpus = parse_reports(
            inputs,
            exclude=exclude,
            workers=workers,
            use_cache=use_cache,
            before_fork=before_fork,
            progress=progress,
        )
    tables = corpus_tables(corpus)
    folder = write_tables(tables, Path(out))
    book = None
    if workbook is not None:
        from sqs_analysis.exports.workbook import write_workbook

        book = write_workbook(tables, Path(workbook), made_at=made_at)
    return Parsed(corpus, tables, folder, book)
