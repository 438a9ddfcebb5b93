"""The periodic briefing: parse once, run the four notebooks headlessly, publish one folder.

``run_briefing`` parses the reports into ``<briefing>/tables`` once, runs every notebook with
papermill on those tables and the chosen period and areas, then writes a self-contained
``briefing.html`` (figures embedded, code hidden, no scripts, nothing loaded from the network)
and ``provenance.json``. A failing or hung notebook stops the run with :class:`BriefingError`
naming the notebook and the cell; whatever was written before stays on disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqs_analysis.analysis.named_periods import (
    NamedPeriod,
    parse_period,
    parse_relative_to,
    resolve_period,
)
from sqs_analysis.briefing.changes import (
    Changes,
    changes_page,
    compare_with_earlier,
    provenance_entry,
    write_changes,
)
from sqs_analysis.briefing.earlier import EarlierBriefing, keep_earlier, release_earlier
from sqs_analysis.briefing.execute import MAX_PARALLEL_NOTEBOOKS, NotebookError
from sqs_analysis.briefing.provenance import build_provenance
from sqs_analysis.briefing.summary import SUMMARY_MD, SUMMARY_TXT, summary_parts, write_summary
from sqs_analysis.briefing.unchanged import RUN_KEY, check_unchanged, input_files, run_key
from sqs_analysis.reference.names import slugify
from sqs_analysis.tables.lock import folder_lock

if TYPE_CHECKING:
    from sqs_analysis.analysis.periods import PeriodComparison
    from sqs_analysis.analysis.selection import Selection
    from sqs_analysis.ingest.corpus import Corpus
    from sqs_analysis.tables import Tables

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


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value).strip()


def briefing_name(
    period_start: Any = None, period_end: Any = None, areas: Iterable[str] = ()
) -> str:
    """A safe folder name for one briefing: its canonical selection, slugified.

    ``period_start`` may be a :class:`~sqs_analysis.analysis.Selection`; otherwise the three
    parameters are made into one (:func:`~sqs_analysis.analysis.make_selection`), so ``2015``
    and ``2015-01-01`` to ``2015-12-31`` name the same folder. Always a single path component
    (no separators or dots survive :func:`slugify`); long area lists are cut and given a short
    hash so different selections never share a folder.
    """
    from sqs_analysis.analysis.selection import Selection, selection_key

    if isinstance(period_start, Selection):
        key = period_start.key()
    else:
        key = selection_key(period_start, period_end, areas)
    start, end = key["start"] or "", key["end"] or ""
    when = f"{start or 'start'} to {end or 'latest'}" if (start or end) else "all dates"
    where = " ".join(key["areas"]) if key["areas"] else "all areas"
    full = f"briefing {when} {where}"
    name = slugify(full, max_length=MAX_NAME)
    if len(slugify(full, max_length=10_000)) > MAX_NAME:
        digest = hashlib.sha256(full.encode("utf-8")).hexdigest()[:8]
        name = f"{name[: MAX_NAME - 9].rstrip('-')}-{digest}"
    return name


def briefing_folder(out_dir: str | Path, name: str) -> Path:
    """``out_dir/name``, refusing anything that would land outside ``out_dir``."""
    root = Path(out_dir).resolve()
    folder = (root / name).resolve()
    if folder.parent != root or name in ("", ".", ".."):
        raise BriefingError(f"refusing briefing folder {name!r}: not a plain name inside {root}")
    return folder


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _import_runner() -> None:
    """Import what runs the notebooks, in the background (later imports then find it)."""
    with contextlib.suppress(Exception):  # an import error resurfaces where it is needed
        import papermill  # noqa: F401


def _what_changed(
    all_tables: Tables,
    selected: Tables,
    selection: Selection,
    earlier: EarlierBriefing | None,
    tables_dir: Path,
    outputs: Path,
) -> tuple[Changes, PeriodComparison]:
    """Changes since the earlier briefing and the period against the previous one, each
    written to ``outputs`` as soon as it is known (``changes.csv`` first)."""
    from sqs_analysis.analysis.period_tables import comparison_csv
    from sqs_analysis.analysis.periods import compare_periods

    changes = compare_with_earlier(earlier, tables_dir, selected.reports["report_id"], selection)
    write_changes(changes, outputs)
    periods = compare_periods(all_tables, selection)
    if periods.previous is not None:
        outputs.mkdir(parents=True, exist_ok=True)
        comparison_csv(periods).to_csv(
            outputs / PERIODS_CSV, index=False, encoding="utf-8", lineterminator="\n"
        )
    return changes, periods


def _periods_page(periods: PeriodComparison) -> dict[str, Any] | None:
    """The page's ``periods`` section, or None for an open period (no section)."""
    from sqs_analysis.analysis.period_tables import period_tables

    if periods.previous is None:
        return None
    return {
        "finding": periods.finding,
        "compared": periods.compared,
        "tables": period_tables(periods),
        "csv": f"{OUTPUTS_DIR}/{PERIODS_CSV}",
    }


def _named_period(
    period: str | None, period_start: Any, period_end: Any, relative_to: Any
) -> tuple[NamedPeriod | None, str | date]:
    """``--period`` and ``--relative-to`` checked (:class:`BriefingError` naming the value)."""
    if period is None or not str(period).strip():
        return None, "data"
    if _text(period_start) or _text(period_end):
        raise BriefingError("--period cannot be combined with --from or --to")
    try:
        return parse_period(period), parse_relative_to(relative_to)
    except ValueError as exc:
        raise BriefingError(f"invalid period: {exc}") from exc


def _newest(corpus: Corpus) -> date | None:
    """The newest publication date of the parsed reports (None if none has one)."""
    dates = [r.publication_date for r in corpus.reports if r.publication_date is not None]
    return max(dates) if dates else None


def _selection(
    period_start: Any,
    period_end: Any,
    areas: list[str],
    named: NamedPeriod | None,
    relative_to: str | date,
    corpus: Corpus | None,
    today: date | None,
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The canonical selection (:func:`~sqs_analysis.analysis.selection.selection_key`), and
    how a named period was resolved (for the provenance)."""
    from sqs_analysis.analysis.selection import selection_key

    record = None
    if named is not None:
        newest = _newest(corpus) if corpus is not None else None
        try:
            period_start, period_end = resolve_period(named, relative_to, newest, today)
        except ValueError as exc:
            raise BriefingError(f"invalid period: {exc}") from exc
        record = {
            "period": named.text,
            "relative_to": str(relative_to) if named.relative else None,
            "newest_publication": newest.isoformat() if newest and named.relative else None,
            "first_day": period_start.isoformat(),
            "last_day": period_end.isoformat(),
        }
    try:
        return selection_key(period_start, period_end, areas), record
    except ValueError as exc:
        raise BriefingError(f"invalid period: {exc}") from exc


def _parse(
    data: Path,
    out_path: Path,
    use_cache: bool,
    progress: Callable[[str], None],
    before_fork: Callable[[], None] | None = None,
) -> Corpus:
    """Every report under ``data`` (never an earlier briefing under ``out_path``), on every
    core, through the parse cache when ``use_cache``."""
    from sqs_analysis.ingest.cache import default_cache
    from sqs_analysis.ingest.corpus import parse_corpus

    progress(f"briefing: parsing reports in {data} ...")
    clock = time.monotonic()
    cache = default_cache() if use_cache else None
    corpus = parse_corpus(
        [data],
        exclude=[out_path],
        workers=os.cpu_count() or 1,
        cache=cache,
        before_fork=before_fork,
    )
    cached = f" ({cache.hits} from the parse cache)" if cache is not None and cache.hits else ""
    progress(
        f"briefing: {len(corpus.reports)} report(s) parsed from {len(corpus.files)} file(s)"
        f"{cached} in {time.monotonic() - clock:.1f} s; {len(corpus.failed_files)} failed"
    )
    return corpus


def run_briefing(
    data_dir: str | Path,
    out_dir: str | Path,
    period_start: Any = None,
    period_end: Any = None,
    areas: Iterable[str] = (),
    timeout: int = 600,
    *,
    period: str | None = None,
    relative_to: str | date = "data",
    today: date | None = None,
    if_changed: bool = False,
    notebooks_dir: str | Path | None = None,
    progress: Callable[[str], None] = _stderr,
    use_cache: bool = True,
) -> Path:
    """Parse ``data_dir``, run the notebooks and write one briefing folder in ``out_dir``.

    Returns the folder. The period is ``period_start`` to ``period_end`` or a named ``period``
    (:mod:`sqs_analysis.analysis.named_periods`: ``2015``, ``2015-Q3``, ``2015-07``,
    ``last-quarter``, ``last-year``, counted back from ``relative_to``: ``data``, ``today``
    or a date; ``today`` stands in for the clock). Either way one canonical selection names
    the folder and feeds the notebooks, the provenance and the comparisons. With
    ``if_changed``, a complete briefing in the folder made from the same input files, parser,
    selection and version is left as it is: :class:`~.unchanged.NothingChanged` is raised and
    nothing is written. ``timeout`` is the most seconds one notebook cell may run. A briefing
    of the same selection already being written is waited for
    (:class:`~sqs_analysis.tables.lock.FolderBusy` if it takes longer than
    :data:`~sqs_analysis.tables.lock.DEFAULT_WAIT_S`). With ``use_cache``, files parsed before
    by this version are read from the parse cache (:mod:`sqs_analysis.ingest.cache`).
    """
    started = datetime.now(UTC)
    data = Path(data_dir)
    if not data.exists():
        raise BriefingError(f"no such data folder: {data}")
    nb_dir = Path(notebooks_dir) if notebooks_dir else default_notebooks_dir()
    missing = [n for n in NOTEBOOKS if not (nb_dir / n).exists()]
    if missing:
        raise BriefingError(f"notebook(s) not found in {nb_dir}: {', '.join(missing)}")
    areas = [a for a in (_text(a) for a in areas) if a]
    named, reference = _named_period(period, period_start, period_end, relative_to)
    out_path = Path(out_dir)

    # the input files are hashed before they are read: a file changed during the run is
    # then seen as changed by the next run, never the other way round
    files = input_files(data, [out_path])
    corpus = None
    if named is not None and named.relative and reference == "data":
        corpus = _parse(data, out_path, use_cache, progress)  # the period depends on the data
    chosen, period_record = _selection(
        period_start, period_end, areas, named, reference, corpus, today
    )
    folder = briefing_folder(
        out_path, briefing_name(chosen["start"], chosen["end"], chosen["areas"])
    )
    key = run_key(files, chosen, [nb_dir / n for n in NOTEBOOKS])

    from sqs_analysis.briefing.execute import run_notebooks, started_kernels

    if if_changed:
        # read only, without the lock, so nothing at all is written: a briefing being written
        # here has set its predecessor aside or removed its provenance, so it is not taken
        # for a complete one, and this run briefs (waiting for the other first)
        complete = [HTML_NAME, PROVENANCE_NAME, f"{TABLES_DIR}/reports.csv", SUMMARY_MD]
        check_unchanged(folder, key, complete, PROVENANCE_NAME)

    with contextlib.ExitStack() as held:
        # kernels start first, so their start-up overlaps everything below (the imports, the
        # parsing); so does importing papermill (a second of CPU), which otherwise comes
        # between parsing and the notebooks. They are stopped however the block ends.
        count = min(len(NOTEBOOKS), MAX_PARALLEL_NOTEBOOKS)
        kernels = held.enter_context(started_kernels(count, nb_dir))
        importing = threading.Thread(target=_import_runner, name="import-papermill", daemon=True)
        importing.start()

        from sqs_analysis import analysis
        from sqs_analysis.briefing.page import NotebookExporter, render_html
        from sqs_analysis.exports.workbook import WORKBOOK_NAME, briefing_workbook
        from sqs_analysis.tables.load import corpus_tables
        from sqs_analysis.tables.store import write_tables

        selection = analysis.make_selection(chosen["start"], chosen["end"], chosen["areas"])
        # another briefing of the same selection finishes first, so the folder holds one
        # run's files (taken only once the request is known to be valid: nothing is written
        # for a refused one)
        held.enter_context(folder_lock(folder, notify=progress))
        # the last complete briefing here is kept aside before anything of it is replaced,
        # and stays kept until this one is complete (see briefing/earlier.py)
        earlier = keep_earlier(folder, TABLES_DIR, PROVENANCE_NAME, HTML_NAME)
        if earlier is not None:
            progress(f"briefing: an earlier briefing ({earlier.generated_at}) will be compared")
        for stale in (NOTEBOOKS_DIR, OUTPUTS_DIR):
            shutil.rmtree(folder / stale, ignore_errors=True)
        for stale in (HTML_NAME, PROVENANCE_NAME, WORKBOOK_NAME, SUMMARY_MD, SUMMARY_TXT):
            (folder / stale).unlink(missing_ok=True)

        if corpus is None:
            # no import may be half done when parsing workers are forked
            corpus = _parse(data, out_path, use_cache, progress, before_fork=importing.join)
        progress(f"briefing: selection: {selection.describe()}")
        all_tables = corpus_tables(corpus)
        tables_dir = write_tables(all_tables, folder / TABLES_DIR)
        briefing_workbook(all_tables, folder, made_at=started)  # every table, for Excel

        # the page's headline and appendix come from the same selected tables the notebooks
        # read, computed once, here, while the notebooks run
        selected = analysis.select(all_tables, selection)
        summarising = ThreadPoolExecutor(max_workers=1, thread_name_prefix="headline")
        summary = summarising.submit(
            lambda: (
                analysis.headline(selected, selection),
                analysis.quality_tables(all_tables, selected),
            )
        )
        comparing = summarising.submit(
            _what_changed,
            all_tables,
            selected,
            selection,
            earlier,
            tables_dir,
            folder / OUTPUTS_DIR,
        )
        summarising.shutdown(wait=False)

        parameters = {
            "data_dir": str(tables_dir.resolve()),
            **selection.parameters(),
            "output_dir": str((folder / OUTPUTS_DIR).resolve()),
        }
        executed = folder / NOTEBOOKS_DIR
        executed.mkdir(exist_ok=True)
        exporter = NotebookExporter()
        fragments: dict[str, str] = {}

        def export(name: str) -> None:  # in the notebook's thread, while others still run
            fragments[name] = exporter.fragment(executed / name)

        papermill_log = logging.getLogger("papermill")
        level = papermill_log.level
        papermill_log.setLevel(logging.WARNING)  # our own progress lines say which notebook runs
        try:
            durations = run_notebooks(
                NOTEBOOKS,
                nb_dir,
                executed,
                parameters,
                timeout,
                progress,
                kernels=kernels,
                then=export,
            )
        except NotebookError as exc:
            with contextlib.suppress(Exception):  # what changed is on record before it stops
                comparing.result()
            raise BriefingError(str(exc)) from exc
        finally:
            papermill_log.setLevel(level)

        clock = time.monotonic()
        changes, periods = comparing.result()
        provenance = build_provenance(
            all_tables, selected, data, parameters, timeout, selection, started, durations
        )
        provenance["period"] = period_record
        provenance["earlier_briefing"] = provenance_entry(changes)
        provenance[RUN_KEY] = key
        (folder / PROVENANCE_NAME).write_text(
            json.dumps(provenance, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        headline, quality = summary.result()
        page = render_html(
            [(name, fragments[name]) for name in NOTEBOOKS],
            selection=selection.describe(),
            headline=headline,
            quality=quality,
            provenance=provenance,
            provenance_file=PROVENANCE_NAME,
            periods=_periods_page(periods),
            changes=changes_page(changes),
        )
        (folder / HTML_NAME).write_text(page, encoding="utf-8")
        n_missing = int((quality["missing"]["Fields missing"] > 0).sum())
        write_summary(
            folder,
            summary_parts(selection, headline, changes, n_missing, (folder / HTML_NAME).resolve()),
        )
        release_earlier(folder)  # complete: the next briefing compares with this one
        progress(f"briefing: wrote {folder / HTML_NAME} in {time.monotonic() - clock:.1f} s")
        return folder
