"""From report files or parsed CSVs to validated tables: the calls an analyst starts with.

``open_tables`` is the one an analyst starts with: it parses files (``load_tables``) or reads
a folder of tables written before (``read_tables``). Either way, no row leaves without passing the codebook.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from sqs_analysis.tables.build import Tables, build_tables
from sqs_analysis.tables.store import read_tables
from sqs_analysis.tables.validate import validate_tables

if TYPE_CHECKING:
    from sqs_analysis.ingest.corpus import Corpus

log = logging.getLogger(__name__)


def load_tables(inputs: Iterable[str | Path] | str | Path) -> Tables:
    """Parse report files or folders and return every table as typed pandas DataFrames.

    >>> tables = load_tables("data/raw")            # doctest: +SKIP
    >>> tables.reports[["area", "reoffending_rate"]]  # doctest: +SKIP
    """
    # the parser is imported only when files are parsed: a notebook reading a briefing's
    # tables never needs it (and saves a quarter of a second compiling its patterns)
    from sqs_analysis.ingest.corpus import parse_corpus

    if isinstance(inputs, str | Path):
        inputs = [inputs]
    return corpus_tables(parse_corpus(inputs))


def corpus_tables(corpus: Corpus) -> Tables:
    """The validated tables of a parsed corpus: no row leaves without passing the codebook.

    One letter's problem never costs the others their tables: should building the tables
    fail (a bug met by one letter's values), each report is built alone, and any that fails
    is left out as a failed file with the error, in ``corpus`` too, and the rest are built."""
    try:
        tables, problems = validate_tables(
            build_tables(corpus.reports, corpus.files, corpus.issues)
        )
    except Exception:
        log.exception("building the tables failed; building each report alone to find why")
        _leave_out_breaking_reports(corpus)
        tables, problems = validate_tables(
            build_tables(corpus.reports, corpus.files, corpus.issues)
        )
    for issue in problems:
        log.warning("%s: %s", issue.source_file, issue.message)
    return tables


def _leave_out_breaking_reports(corpus: Corpus) -> None:
    """Drop from ``corpus`` each report whose tables cannot be built, marking its file failed."""
    from sqs_analysis.ingest.model import Issue

    kept = []
    for report in corpus.reports:
        try:
            validate_tables(build_tables([report]))
        except Exception as exc:
            reason = f"internal error while building its tables: {exc!r}"
            log.error("%s: %s", report.source_file, reason)
            corpus.issues.append(Issue(report.source_file, "error", reason))
            for row in corpus.files:
                if row["source_file"] == report.source_file and row["status"] == "parsed":
                    row.update(status="failed", report_id=None, reason=reason)
        else:
            kept.append(report)
    corpus.reports[:] = kept


def open_tables(inputs: Iterable[str | Path] | str | Path) -> Tables:
    """Tables from report files or folders, or from a folder of parsed tables (one holding
    ``reports.csv``, as ``sqs-analysis parse`` and a briefing write them).

    The one way to open tables: notebooks take either the raw reports or a briefing's already
    parsed tables.

    >>> tables = open_tables("data/raw")            # doctest: +SKIP
    >>> tables.reports[["area", "reoffending_rate"]]  # doctest: +SKIP
    """
    if isinstance(inputs, str | Path) and (Path(inputs) / "reports.csv").exists():
        return read_tables(Path(inputs))
    return load_tables(inputs)
