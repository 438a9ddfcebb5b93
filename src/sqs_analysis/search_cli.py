"""``sqs-analysis search``: the evidence search (:mod:`sqs_analysis.analysis.search`) on a
terminal. Kept beside ``cli.py`` so the command's options and output live in one place.

Finding nothing is an answer, not an error: the command says so and exits 0. Exit status 2
is for a data folder that does not exist or dates that cannot be read.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger("sqs_analysis")
DEFAULT_LIMIT = 20


def add_search_parser(sub: Any, func: Callable[[argparse.Namespace], int], no_cache: str) -> None:
    """The ``search`` subcommand and its options."""
    s = sub.add_parser(
        "search",
        help="search finding sentences, key strengths and areas for improvement",
        description="Search every finding sentence, key strength and area for improvement. "
        "Word forms match ('exploit' finds 'exploited' and 'exploitation'); a quoted phrase "
        "matches as a phrase; every word must match unless --any. Results are ranked by "
        "terms matched, then words in the order typed, then how close they stand.",
    )
    s.add_argument("words", help='words and "quoted phrases" to search for')
    s.add_argument(
        "--data", required=True, help="folder of report files, or of parsed tables (reports.csv)"
    )
    s.add_argument("--area", action="append", help="only this area (repeatable)")
    s.add_argument("--region", action="append", help="only this region, e.g. 'North West'")
    s.add_argument(
        "--domain", action="append", help="only this domain, e.g. 'Protecting the child'"
    )
    s.add_argument("--theme", action="append", help="only texts placed in this theme (its label)")
    s.add_argument(
        "--source",
        action="append",
        choices=["finding", "key strength", "area for improvement"],
        help="only this kind of text (repeatable)",
    )
    s.add_argument("--from", dest="date_from", help="first publication date (YYYY[-MM[-DD]])")
    s.add_argument("--to", dest="date_to", help="last publication date (YYYY[-MM[-DD]])")
    s.add_argument("--any", action="store_true", help="also show texts matching only some words")
    s.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        help=f"results shown on the terminal (default {DEFAULT_LIMIT}; 0 for all)",
    )
    s.add_argument("--csv", metavar="FILE", help="also write every result to FILE (CSV)")
    s.add_argument("--no-cache", action="store_true", help=no_cache)
    s.set_defaults(func=func)


def _tables(data: Path, use_cache: bool) -> Any:
    """Tables from parsed CSVs, or parsed from report files (through the parse cache)."""
    if (data / "reports.csv").exists():
        from sqs_analysis.tables.store import read_tables

        return read_tables(data)
    from sqs_analysis.ingest.cache import default_cache
    from sqs_analysis.ingest.corpus import parse_corpus
    from sqs_analysis.tables.load import corpus_tables

    return corpus_tables(parse_corpus([data], cache=default_cache() if use_cache else None))


def run_search(args: argparse.Namespace) -> int:
    """Run one search and print it; the exit status."""
    from sqs_analysis.analysis.search import (
        no_match_message,
        results_csv_frame,
        results_text,
        search,
    )

    data = Path(args.data)
    if not data.exists():
        log.error("no such data folder: %s", data)
        return 2
    filters = {
        "areas": args.area or [],
        "regions": args.region or [],
        "domains": args.domain or [],
        "themes": args.theme or [],
        "period_start": args.date_from,
        "period_end": args.date_to,
    }
    tables = _tables(data, not args.no_cache)
    try:
        results = search(
            tables, args.words, sources=args.source or [], match_all=not args.any, **filters
        )
    except ValueError as exc:
        log.error("search not run: %s", exc)
        return 2
    if args.csv:
        out = Path(args.csv)
        out.parent.mkdir(parents=True, exist_ok=True)
        results_csv_frame(results).to_csv(out, index=False, encoding="utf-8", lineterminator="\n")
        log.info("%d result(s) written to %s", len(results), out)
    if results.empty:
        print(no_match_message(args.words, **filters))
        return 0
    width = min(120, max(60, shutil.get_terminal_size((100, 24)).columns - 2))
    limit = None if args.limit <= 0 else args.limit
    sys.stdout.write(results_text(results, width=width, limit=limit))
    print(f"{len(results)} result(s)", file=sys.stderr)
    return 0
