"""The steps of a briefing, each named for what it does; :func:`.run.run_briefing` runs them
in turn.

1. :func:`check_request`: the data folder, the notebooks, the areas and a named period are
   checked, before anything is read or written;
2. :func:`choose_selection`: the input files are hashed and the one canonical selection is
   made (:class:`Chosen`), from which the folder name, the run key, the notebooks'
   parameters, the provenance and the changes comparison all come;
3. :func:`stop_if_unchanged` (``--if-changed`` only): nothing is done when the briefing in the
   folder was made from the same inputs;
4. :func:`warm_up`: kernels start, and papermill is imported, while the rest goes on;
5. :func:`take_folder`: the folder is locked, the earlier briefing kept aside and the files a
   new briefing replaces removed;
6. :func:`parse`: the reports are parsed to tables
   (:func:`~sqs_analysis.exports.parsing.parse_to_tables`, as ``sqs-analysis parse`` does);
7. :func:`start_summaries`: the headline, data quality, changes and period comparison are
   computed, and the workbook written, in the background;
8. :func:`execute_notebooks`: the notebooks run with the selection's parameters;
9. :func:`write_provenance`, :func:`write_page`: ``provenance.json``, the page and the summary.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

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
from sqs_analysis.briefing.earlier import EarlierBriefing, keep_earlier
from sqs_analysis.briefing.execute import NotebookError
from sqs_analysis.briefing.folder import (
    HTML_NAME,
    NOTEBOOKS,
    NOTEBOOKS_DIR,
    OUTPUTS_DIR,
    PERIODS_CSV,
    PROVENANCE_NAME,
    TABLES_DIR,
    BriefingError,
    briefing_folder,
    default_notebooks_dir,
    folder_name,
)
from sqs_analysis.briefing.summary import SUMMARY_MD, SUMMARY_TXT, summary_parts, write_summary
from sqs_analysis.briefing.unchanged import RUN_KEY, check_unchanged, input_files, run_key
from sqs_analysis.tables.lock import folder_lock

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sqs_analysis.analysis.periods import PeriodComparison
    from sqs_analysis.analysis.selection import Selection
    from sqs_analysis.exports.parsing import Parsed
    from sqs_analysis.ingest.corpus import Corpus

COMPLETE = [HTML_NAME, PROVENANCE_NAME, f"{TABLES_DIR}/reports.csv", SUMMARY_MD]
"""What a complete briefing holds (``--if-changed`` compares only with a complete one)."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value).strip()


# ------------------------------------------------------------------------ 1. the request


@dataclass(frozen=True)
class Request:
    """A briefing asked for, checked; nothing read or written yet."""

    data: Path
    out: Path
    notebooks: Path
    period_start: Any
    period_end: Any
    areas: list[str]
    named: NamedPeriod | None
    relative_to: str | date
    timeout: int
    use_cache: bool
    progress: Callable[[str], None]


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


def check_request(
    data_dir: str | Path,
    out_dir: str | Path,
    notebooks_dir: str | Path | None,
    period_start: Any,
    period_end: Any,
    areas: Iterable[str],
    period: str | None,
    relative_to: str | date,
    **options: Any,
) -> Request:
    """The request checked: the data folder exists, the notebooks are there, the period
    parses (:class:`BriefingError` naming what is wrong). ``options``: ``timeout``,
    ``use_cache``, ``progress``."""
    data = Path(data_dir)
    if not data.exists():
        raise BriefingError(f"no such data folder: {data}")
    nb_dir = Path(notebooks_dir) if notebooks_dir else default_notebooks_dir()
    missing = [n for n in NOTEBOOKS if not (nb_dir / n).exists()]
    if missing:
        raise BriefingError(f"notebook(s) not found in {nb_dir}: {', '.join(missing)}")
    named, reference = _named_period(period, period_start, period_end, relative_to)
    return Request(
        data=data,
        out=Path(out_dir),
        notebooks=nb_dir,
        period_start=period_start,
        period_end=period_end,
        areas=[a for a in (_text(a) for a in areas) if a],
        named=named,
        relative_to=reference,
        **options,
    )


# ----------------------------------------------------------------------- 2. the selection


@dataclass(frozen=True)
class Chosen:
    """The briefing's one selection, made once from the request.

    ``key`` is the canonical selection as plain JSON values
    (:func:`~sqs_analysis.analysis.selection.selection_key`: ISO days or None, canonical area
    names), made without pandas so that ``--if-changed`` stays quick. The folder is named
    from it, the run key records it, and :attr:`selection` (made from it) gives the notebooks'
    parameters, the provenance's selection and the changes comparison.
    """

    key: dict[str, Any]
    folder: Path
    run_key: dict[str, Any]
    period: dict[str, Any] | None = None
    """How a named period was resolved, for the provenance (None without ``--period``)."""

    @cached_property
    def selection(self) -> Selection:
        from sqs_analysis.analysis.selection import make_selection

        return make_selection(self.key["start"], self.key["end"], self.key["areas"])


def _newest(corpus: Corpus | None) -> date | None:
    """The newest publication date of the parsed reports (None if none has one)."""
    if corpus is None:
        return None
    dates = [r.publication_date for r in corpus.reports if r.publication_date is not None]
    return max(dates) if dates else None


def _selection_key(
    request: Request, corpus: Corpus | None, today: date | None
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The canonical selection, and how a named period was resolved (for the provenance)."""
    from sqs_analysis.analysis.selection import selection_key

    period_start, period_end, record, named = (
        request.period_start,
        request.period_end,
        None,
        request.named,
    )
    if named is not None:
        reference, newest = request.relative_to, _newest(corpus)
        try:
            period_start, period_end = resolve_period(named, reference, newest, today)
        except ValueError as exc:
            raise BriefingError(f"invalid period: {exc}") from exc
        record = {
            "period": named.text,
            "relative_to": str(reference) if named.relative else None,
            "newest_publication": newest.isoformat() if newest and named.relative else None,
            "first_day": period_start.isoformat(),
            "last_day": period_end.isoformat(),
        }
    try:
        return selection_key(period_start, period_end, request.areas), record
    except ValueError as exc:
        raise BriefingError(f"invalid period: {exc}") from exc


def choose_selection(request: Request, today: date | None) -> tuple[Chosen, Corpus | None]:
    """The one canonical selection, its folder and its run key; and the parsed reports when
    the period depends on the data (``last-quarter`` counted back from the newest report),
    else None."""
    # the input files are hashed before they are read: a file changed during the run is
    # then seen as changed by the next run, never the other way round
    files = input_files(request.data, [request.out])
    corpus = None
    named = request.named
    if named is not None and named.relative and request.relative_to == "data":
        corpus = parse_reports(request)  # the period depends on the data
    key, record = _selection_key(request, corpus, today)
    folder = briefing_folder(request.out, folder_name(key))
    recorded = run_key(files, key, [request.notebooks / n for n in NOTEBOOKS])
    return Chosen(key, folder, recorded, record), corpus


def stop_if_unchanged(chosen: Chosen) -> None:
    """:class:`~.unchanged.NothingChanged` if the complete briefing in the folder was made
    from the same inputs, parser, selection and version.

    Read only, without the lock, so nothing at all is written: a briefing being written here
    has set its predecessor aside or removed its provenance, so it is not taken for a
    complete one, and this run briefs (waiting for the other first)."""
    check_unchanged(chosen.folder, chosen.run_key, COMPLETE, PROVENANCE_NAME)


# ------------------------------------------------------------------------ 3. the folder


def _import_runner() -> None:
    """Import what runs the notebooks, in the background (later imports then find it)."""
    with contextlib.suppress(Exception):  # an import error resurfaces where it is needed
        import papermill  # noqa: F401


def kernel_count(notebooks: Path) -> int:
    """Kernels to start for the notebooks in ``notebooks``. The package's own notebooks share
    one kernel per core (:func:`.execute.kernels_for`): they are checked to give the same
    outputs in a shared kernel as alone. Notebooks an analyst edited get a kernel each, so
    nothing one of them sets (an option, a style) can reach another."""
    from sqs_analysis.briefing.execute import MAX_PARALLEL_NOTEBOOKS, kernels_for

    if Path(notebooks).resolve() == default_notebooks_dir().resolve():
        return kernels_for(len(NOTEBOOKS))
    return min(len(NOTEBOOKS), MAX_PARALLEL_NOTEBOOKS)


def warm_up(held: contextlib.ExitStack, request: Request) -> tuple[list[Any], threading.Thread]:
    """Kernels started, and papermill being imported, so their start-up overlaps the imports
    and the parsing that follow; the kernels stop however ``held`` ends. The thread importing
    papermill is returned, to be joined before parsing workers are forked."""
    from sqs_analysis.briefing.execute import started_kernels

    count = kernel_count(request.notebooks)
    kernels = held.enter_context(started_kernels(count, request.notebooks))
    importing = threading.Thread(target=_import_runner, name="import-papermill", daemon=True)
    importing.start()
    return kernels, importing


def take_folder(
    held: contextlib.ExitStack, folder: Path, progress: Callable[[str], None]
) -> EarlierBriefing | None:
    """The folder locked for this run, the earlier briefing there kept aside, and the files a
    new briefing replaces removed; the earlier briefing (None if there is none).

    Another briefing of the same selection finishes first, so the folder holds one run's
    files. The last complete briefing is kept aside before anything of it is replaced, and
    stays kept until this one is complete (:mod:`.earlier`).
    """
    from sqs_analysis.exports.workbook import WORKBOOK_NAME

    held.enter_context(folder_lock(folder, notify=progress))
    earlier = keep_earlier(folder, TABLES_DIR, PROVENANCE_NAME, HTML_NAME)
    if earlier is not None:
        progress(f"briefing: an earlier briefing ({earlier.generated_at}) will be compared")
    for stale in (NOTEBOOKS_DIR, OUTPUTS_DIR):
        shutil.rmtree(folder / stale, ignore_errors=True)
    for stale in (HTML_NAME, PROVENANCE_NAME, WORKBOOK_NAME, SUMMARY_MD, SUMMARY_TXT):
        (folder / stale).unlink(missing_ok=True)
    return earlier


# ------------------------------------------------------------------------- 4. the tables


def parse_reports(request: Request, before_fork: Callable[[], None] | None = None) -> Corpus:
    """Every report under the data folder (never an earlier briefing under the output
    folder), on every core, through the parse cache unless asked not to."""
    from sqs_analysis.exports.parsing import parse_reports as parse_all

    return parse_all(
        [request.data],
        exclude=[request.out],
        workers=os.cpu_count() or 1,
        use_cache=request.use_cache,
        before_fork=before_fork,
        progress=lambda message: request.progress(f"briefing: {message}"),
    )


def parse(
    request: Request,
    chosen: Chosen,
    corpus: Corpus | None,
    before_fork: Callable[[], None],
) -> Parsed:
    """The reports parsed (unless ``corpus`` already holds them) into the folder's tables, as
    ``sqs-analysis parse`` writes them; the workbook follows while the notebooks run
    (:func:`start_summaries`)."""
    from sqs_analysis.exports.parsing import parse_to_tables

    if corpus is None:
        # no import may be half done when parsing workers are forked
        corpus = parse_reports(request, before_fork=before_fork)
    request.progress(f"briefing: selection: {chosen.selection.describe()}")
    return parse_to_tables([request.data], chosen.folder / TABLES_DIR, corpus=corpus)


# -------------------------------------------------------------------- 5. in the background


class Summaries(NamedTuple):
    """What the page shows beside the notebooks, computed while they run."""

    selected: Any
    """The selected tables (:class:`~sqs_analysis.tables.Tables`)."""
    headline: Future
    """The headline and the data-quality tables."""
    changes: Future
    """Changes since the earlier briefing and the period comparison."""
    workbook: Future
    """The workbook (every table, for Excel), written once the headline and changes are known:
    nothing in the briefing reads it, so it waits for the kernels rather than they for it."""


def _what_changed(
    parsed: Parsed, selected: Any, chosen: Chosen, earlier: EarlierBriefing | None
) -> tuple[Changes, PeriodComparison]:
    """Changes since the earlier briefing and the period against the previous one, each
    written to ``outputs`` as soon as it is known (``changes.csv`` first)."""
    from sqs_analysis.analysis.periods import compare_periods, comparison_csv

    outputs = chosen.folder / OUTPUTS_DIR
    changes = compare_with_earlier(
        earlier, parsed.folder, selected.reports["report_id"], chosen.selection
    )
    write_changes(changes, outputs)
    periods = compare_periods(parsed.tables, chosen.selection)
    if periods.previous is not None:
        outputs.mkdir(parents=True, exist_ok=True)
        comparison_csv(periods).to_csv(
            outputs / PERIODS_CSV, index=False, encoding="utf-8", lineterminator="\n"
        )
    return changes, periods


def start_summaries(
    parsed: Parsed, chosen: Chosen, earlier: EarlierBriefing | None, made_at: datetime
) -> Summaries:
    """The page's headline and appendix, from the same selected tables the notebooks read,
    and what changed, computed once, in the background, while the notebooks run; then the
    workbook (``made_at`` on its cover), as ``sqs-analysis parse --xlsx`` writes it."""
    from sqs_analysis import analysis
    from sqs_analysis.exports.workbook import WORKBOOK_NAME, write_workbook

    selection = chosen.selection
    selected = analysis.select(parsed.tables, selection)
    summarising = ThreadPoolExecutor(max_workers=1, thread_name_prefix="headline")
    headline = summarising.submit(
        lambda: (
            analysis.headline(selected, selection),
            analysis.quality_tables(parsed.tables, selected),
        )
    )
    changes = summarising.submit(_what_changed, parsed, selected, chosen, earlier)
    workbook = summarising.submit(
        write_workbook, parsed.tables, chosen.folder / WORKBOOK_NAME, made_at=made_at
    )
    summarising.shutdown(wait=False)
    return Summaries(selected, headline, changes, workbook)


# ---------------------------------------------------------------------- 6. the notebooks


class Executed(NamedTuple):
    """The notebooks run: their parameters, each one's page fragment and seconds."""

    parameters: dict[str, Any]
    fragments: dict[str, str]
    durations: dict[str, float]


def execute_notebooks(
    request: Request,
    chosen: Chosen,
    parsed: Parsed,
    kernels: list[Any],
    summaries: Summaries,
) -> Executed:
    """Every notebook run on the folder's tables with the selection's parameters, each
    exported to a page fragment as soon as it is done (while the others still run).

    A notebook that fails stops the run with :class:`BriefingError`, once what changed is on
    record (``changes.csv``)."""
    from sqs_analysis.briefing.execute import run_notebooks
    from sqs_analysis.briefing.page import NotebookExporter

    parameters = {
        "data_dir": str(parsed.folder.resolve()),
        **chosen.selection.parameters(),
        "output_dir": str((chosen.folder / OUTPUTS_DIR).resolve()),
    }
    executed = chosen.folder / NOTEBOOKS_DIR
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
            request.notebooks,
            executed,
            parameters,
            request.timeout,
            request.progress,
            kernels=kernels,
            then=export,
        )
    except NotebookError as exc:
        with contextlib.suppress(Exception):  # what changed is on record before it stops
            summaries.changes.result()
        with contextlib.suppress(Exception):  # and the workbook, as it was before the notebooks
            summaries.workbook.result()
        raise BriefingError(str(exc)) from exc
    finally:
        papermill_log.setLevel(level)
    return Executed(parameters, fragments, durations)


# ------------------------------------------------------------------------ 7. the writing


def write_provenance(
    request: Request,
    chosen: Chosen,
    parsed: Parsed,
    summaries: Summaries,
    executed: Executed,
    started: datetime,
) -> dict[str, Any]:
    """``provenance.json``: what went in, the selection, how long each notebook ran and
    what changed since the earlier briefing; returned as written."""
    from sqs_analysis.briefing.provenance import build_provenance

    changes, _ = summaries.changes.result()
    summaries.workbook.result()  # written (or its error raised) before the tables are read here
    provenance = build_provenance(
        parsed.tables,
        summaries.selected,
        request.data,
        executed.parameters,
        request.timeout,
        chosen.selection,
        started,
        executed.durations,
    )
    provenance["period"] = chosen.period
    provenance["earlier_briefing"] = provenance_entry(changes)
    provenance[RUN_KEY] = chosen.run_key
    (chosen.folder / PROVENANCE_NAME).write_text(
        json.dumps(provenance, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return provenance


def _periods_page(periods: PeriodComparison) -> dict[str, Any] | None:
    """The page's ``periods`` section, or None for an open period (no section)."""
    from sqs_analysis.analysis.periods import period_tables

    if periods.previous is None:
        return None
    return {
        "finding": periods.finding,
        "compared": periods.compared,
        "tables": period_tables(periods),
        "csv": f"{OUTPUTS_DIR}/{PERIODS_CSV}",
    }


def write_page(
    chosen: Chosen, summaries: Summaries, executed: Executed, provenance: dict[str, Any]
) -> Path:
    """The page (``briefing.html``) and the summary to send (``summary.txt``, ``.md``)."""
    from sqs_analysis.briefing.page import render_html

    folder, selection = chosen.folder, chosen.selection
    changes, periods = summaries.changes.result()
    headline, quality = summaries.headline.result()
    page = render_html(
        [(name, executed.fragments[name]) for name in NOTEBOOKS],
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
    return folder / HTML_NAME
