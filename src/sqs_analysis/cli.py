"""Command-line interface: a thin shell over the Python API.

Each subcommand parses its arguments, calls one package function and turns the result into
an exit status. Exit codes: 0 all good, 1 some input failed (outputs still written),
2 usage error or the run could not complete, 3 the output folder stayed in use by another
run (nothing written), 4 ``brief --if-changed`` found nothing changed since the briefing in
the folder (nothing written). ``brief`` prints the folder it wrote on stdout (one line,
nothing else), so a scheduled job can pick up its ``summary.txt``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqs_analysis import __version__

log = logging.getLogger("sqs_analysis")
EXIT_USAGE = 2
EXIT_BUSY = 3
EXIT_UNCHANGED = 4


def printable(text: str) -> str:
    """``text`` on one terminal line: control characters (from file names, say) shown as codes."""
    return "".join(ch if ch.isprintable() or ch == "\t" else repr(ch)[1:-1] for ch in text)


class OneLineFormatter(logging.Formatter):
    """Every log record on one line, whatever a file name or report contains."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = printable(record.message)
        return super().formatMessage(record)


def _setup_logging(verbose: bool, quiet: bool = False) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLineFormatter("%(levelname)s %(message)s"))
    if quiet:  # problems only on the terminal; a --log file still gets everything
        handler.setLevel(logging.WARNING)
        # a library's own warning (a missing optional dependency, say) is not a problem of
        # the run: it goes to the --log file only
        logging.captureWarnings(True)
        handler.addFilter(lambda record: record.name != "py.warnings")
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, handlers=[handler])


@contextmanager
def _log_to(path: Path | None) -> Iterator[None]:
    """Also keep this run's log in ``path`` (with times), for the record of how outputs were made.

    The log lives outside the tables folder so reruns still give byte-identical tables.
    """
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, mode="w", encoding="utf-8")
    handler.setFormatter(OneLineFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.info("sqs-analysis %s: %s", __version__, " ".join(sys.argv))
    try:
        yield
    finally:
        root.removeHandler(handler)
        handler.close()


def cmd_parse(args: argparse.Namespace) -> int:
    """Parse report files into tidy CSV tables."""
    from sqs_analysis.exports.parsing import parse_to_tables
    from sqs_analysis.tables.lock import FolderBusy

    with _log_to(Path(args.log) if args.log else None):
        try:
            parsed = parse_to_tables(
                args.inputs,
                Path(args.out),
                workbook=Path(args.xlsx) if args.xlsx else None,
                workers=args.jobs,
                use_cache=not args.no_cache,
            )
        except FolderBusy as exc:
            log.error("tables not written: %s", exc)
            return EXIT_BUSY
        if parsed.workbook is not None:
            log.info("workbook written to %s", parsed.workbook)
    corpus, written = parsed.corpus, parsed.folder
    n_failed = len(corpus.failed_files)
    n_skipped = sum(f["status"] == "skipped" for f in corpus.files)
    print(
        f"parsed {len(corpus.reports)} report(s) from {len(corpus.files)} file(s); "
        f"{n_failed} failed; {n_skipped} skipped; tables in {written}",
        file=sys.stderr,
    )
    # a run that yields no report at all has not done what was asked, whatever the cause
    return 1 if n_failed or not corpus.reports else 0


UNUSED_GRAMMARS = ("rfc3987_syntax",)
"""Modules this command never needs that a library would import, at a cost, when installed.

jsonschema (imported by nbformat, so by papermill and nbconvert) registers an IRI format
check from ``rfc3987_syntax`` when that is installed (JupyterLab's dependencies install it),
and ``rfc3987_syntax`` builds its grammar as it is imported: about 0.75 s of CPU, more than
papermill and nbconvert together. Notebooks are validated without format checks, so the
briefing never uses it."""


def _skip_unused_grammars() -> None:
    """Keep :data:`UNUSED_GRAMMARS` from being imported in this process (the command's own: a
    program calling the package keeps whatever its libraries import). jsonschema goes without
    the checks they would have given, as it does where they are not installed; one already
    imported is left as it is."""
    for name in UNUSED_GRAMMARS:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]


def cmd_brief(args: argparse.Namespace) -> int:
    """Parse the reports and run the notebooks into a briefing folder."""
    _skip_unused_grammars()
    from sqs_analysis.analysis.named_periods import parse_period, parse_relative_to
    from sqs_analysis.briefing import BriefingError, NothingChanged, run_briefing
    from sqs_analysis.tables.lock import FolderBusy

    # a bad --period is one line and nothing else, before any file is read or written
    if args.period is not None:
        if args.date_from or args.date_to:
            return _usage_error("--period cannot be combined with --from or --to")
        try:
            parse_period(args.period)
            parse_relative_to(args.relative_to)
        except ValueError as exc:
            return _usage_error(str(exc))

    def progress(message: str) -> None:
        log.info(message)  # on the terminal, and in the --log file with times

    with _log_to(Path(args.log) if args.log else None):
        try:
            folder = run_briefing(
                data_dir=Path(args.data),
                out_dir=Path(args.out),
                period_start=args.date_from,
                period_end=args.date_to,
                areas=args.area or [],
                timeout=args.timeout,
                period=args.period,
                relative_to=args.relative_to,
                if_changed=args.if_changed,
                notebooks_dir=args.notebooks,
                progress=progress,
                use_cache=not args.no_cache,
            )
        except NothingChanged as exc:
            log.info("briefing: %s", exc)
            return EXIT_UNCHANGED
        except BriefingError as exc:
            log.error("briefing failed: %s", exc)
            return EXIT_USAGE
        except FolderBusy as exc:
            log.error("briefing not written: %s", exc)
            return EXIT_BUSY
        log.info("briefing written to %s", folder)
    print(folder, flush=True)  # on stdout, for a script that mails its summary.txt
    return 0


def _usage_error(message: str) -> int:
    print(f"sqs-analysis brief: error: {printable(message)}", file=sys.stderr)
    return EXIT_USAGE


def cmd_docs(args: argparse.Namespace) -> int:
    """Regenerate the codebook and lexicon documentation from the package data."""
    from sqs_analysis.docs import write_docs

    for path in write_docs(Path(args.out)):
        print(path, file=sys.stderr)
    return 0


def cmd_notebooks(args: argparse.Namespace) -> int:
    """Copy the notebooks into a folder for an analyst to edit (run them with brief --notebooks)."""
    from sqs_analysis.briefing.notebooks import copy_notebooks

    try:
        copies = copy_notebooks(Path(args.folder), overwrite=args.force)
    except (FileExistsError, FileNotFoundError) as exc:
        log.error("notebooks not copied: %s", exc)
        return 2
    for path in copies:
        print(path)
    print(
        f"edit them, then: sqs-analysis brief --data DIR --out DIR --notebooks {args.folder}",
        file=sys.stderr,
    )
    return 0


def _search_tables(data: Path, use_cache: bool):
    """Tables from parsed CSVs, or parsed from report files (through the parse cache)."""
    if (data / "reports.csv").exists():
        from sqs_analysis.tables.store import read_tables

        return read_tables(data)
    from sqs_analysis.exports.parsing import parse_reports
    from sqs_analysis.tables.load import corpus_tables

    return corpus_tables(parse_reports([data], use_cache=use_cache))


def cmd_search(args: argparse.Namespace) -> int:
    """Search every finding sentence, key strength and area for improvement.

    Finding nothing is an answer, not an error: it is said and the exit status is 0.
    """
    import shutil

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
    tables = _search_tables(data, not args.no_cache)
    try:
        found = search(
            tables,
            args.words,
            sources=args.source or [],
            reads_as=[k for k, wanted in READINGS.items() if getattr(args, wanted)],
            match_all=not args.any,
            **filters,
        )
    except ValueError as exc:
        log.error("search not run: %s", exc)
        return 2
    if args.csv:
        out = Path(args.csv)
        out.parent.mkdir(parents=True, exist_ok=True)
        results_csv_frame(found).to_csv(out, index=False, encoding="utf-8", lineterminator="\n")
        log.info("%d result(s) written to %s", len(found), out)
    if found.empty:
        print(no_match_message(args.words, **filters))
        return 0
    width = min(120, max(60, shutil.get_terminal_size((100, 24)).columns - 2))
    sys.stdout.write(results_text(found, width=width, limit=args.limit or None))
    print(f"{len(found)} result(s)", file=sys.stderr)
    return 0


READINGS = {"weakness": "weaknesses", "strength": "strengths"}
"""How a text reads -> the ``search`` option that asks for it."""


def _add_search(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser(
        "search",
        help="search finding sentences, key strengths and areas for improvement",
        description="Search every finding sentence, key strength and area for improvement. "
        "Word forms match ('exploit' finds 'exploited' and 'exploitation'); a quoted phrase "
        "matches as a phrase; every word must match unless --any. Results are ranked by "
        "terms matched, then words in the order typed, then how close they stand.",
    )
    s.add_argument("words", help='words and "quoted phrases" to search for')
    s.add_argument("--data", required=True, help="folder of report files or of parsed tables")
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
    s.add_argument(
        "--weaknesses",
        action="store_true",
        help="only texts read as weaknesses (areas for improvement, criticising findings)",
    )
    s.add_argument(
        "--strengths",
        action="store_true",
        help="only texts read as strengths (key strengths, praising findings)",
    )
    s.add_argument("--from", dest="date_from", help="first publication date (YYYY[-MM[-DD]])")
    s.add_argument("--to", dest="date_to", help="last publication date (YYYY[-MM[-DD]])")
    s.add_argument("--any", action="store_true", help="also show texts matching only some words")
    s.add_argument("--limit", type=int, default=20, help="results shown (default 20; 0: all)")
    s.add_argument("--csv", metavar="FILE", help="also write every result to FILE (CSV)")
    s.add_argument("--no-cache", action="store_true", help=NO_CACHE_HELP)
    s.set_defaults(func=cmd_search)


NO_CACHE_HELP = (
    "parse every file afresh; by default a file already parsed by this version is read from "
    "the cache in $SQS_ANALYSIS_CACHE or ~/.cache/sqs-analysis (set it to 'off' to disable)"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sqs-analysis",
        description="Parse HMI Probation Short Quality Screening reports and brief on them.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="more detail on stderr")
    sub = parser.add_subparsers(dest="command", required=True)

    from sqs_analysis.ingest.readers import SUPPORTED_SUFFIXES

    p = sub.add_parser("parse", help="parse reports into CSV tables")
    suffixes = " ".join(sorted(SUPPORTED_SUFFIXES))
    p.add_argument("inputs", nargs="+", help=f"report files or folders ({suffixes})")
    p.add_argument("--out", required=True, help="folder for the CSV tables")
    p.add_argument("--log", help="also write this run's log, with times, to this file")
    p.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="processes to parse with (default: all cores; results are the same)",
    )
    p.add_argument("--no-cache", action="store_true", help=NO_CACHE_HELP)
    p.add_argument(
        "--xlsx",
        metavar="FILE",
        help="also write every table into one Excel workbook FILE "
        "(cover, contents, notes, one sheet per table, codebook)",
    )
    p.set_defaults(func=cmd_parse)

    b = sub.add_parser("brief", help="parse reports and write a briefing")
    b.add_argument("--data", required=True, help="folder of report files")
    b.add_argument("--out", required=True, help="folder to write the briefing folder into")
    b.add_argument("--from", dest="date_from", help="first publication date (YYYY-MM-DD)")
    b.add_argument("--to", dest="date_to", help="last publication date (YYYY-MM-DD)")
    b.add_argument(
        "--period",
        help="a whole period instead of --from/--to: YYYY, YYYY-Qn, YYYY-MM, last-quarter or "
        "last-year (the last complete calendar quarter or year; see --relative-to)",
    )
    b.add_argument(
        "--relative-to",
        default="data",
        metavar="data|today|YYYY-MM-DD",
        help="what last-quarter and last-year count back from: the newest publication date in "
        "the data (default; the quarter or year holding it once it has ended), today, or a day",
    )
    b.add_argument(
        "--if-changed",
        action="store_true",
        help=f"do nothing, with exit status {EXIT_UNCHANGED}, when the briefing in the folder "
        "was made from the same input files, parser, selection and version",
    )
    b.add_argument("--quiet", action="store_true", help="only problems on stderr (for schedulers)")
    b.add_argument("--area", action="append", help="area to include (repeatable)")
    b.add_argument(
        "--timeout", type=int, default=600, help="seconds one notebook cell may run (default 600)"
    )
    b.add_argument(
        "--notebooks",
        help="folder holding the four notebooks (default: those installed with the package; "
        "`sqs-analysis notebooks DIR` copies them out to edit)",
    )
    b.add_argument("--log", help="also write this run's log, with times, to this file")
    b.add_argument("--no-cache", action="store_true", help=NO_CACHE_HELP)
    b.set_defaults(func=cmd_brief)

    n = sub.add_parser("notebooks", help="copy the notebooks into a folder to edit")
    n.add_argument("folder", help="folder to copy them into (created if needed)")
    n.add_argument("--force", action="store_true", help="replace notebooks already there")
    n.set_defaults(func=cmd_notebooks)

    _add_search(sub)

    d = sub.add_parser("docs", help="regenerate docs from the codebook and lexicon")
    d.add_argument("--out", default="docs", help="docs folder")
    d.set_defaults(func=cmd_docs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``sqs-analysis`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _setup_logging(args.verbose, getattr(args, "quiet", False))
    return args.func(args)
