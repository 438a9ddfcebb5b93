"""The periodic briefing: parse once, run the four notebooks headlessly, publish one folder.

``run_briefing`` parses the reports into ``<briefing>/tables`` once, runs every notebook with
papermill on those tables and the chosen period and areas, then writes a self-contained
``briefing.html`` (figures embedded, code hidden, no scripts, nothing loaded from the network)
and ``provenance.json``. It is a short sequence of named steps (:mod:`.steps`). A failing or
hung notebook stops the run with :class:`BriefingError` naming the notebook and the cell;
whatever was written before stays on disk.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqs_analysis.briefing import steps
from sqs_analysis.briefing.earlier import release_earlier

__all__ = ["run_briefing"]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


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
    request = steps.check_request(
        data_dir,
        out_dir,
        notebooks_dir,
        period_start,
        period_end,
        areas,
        period,
        relative_to,
        timeout=timeout,
        use_cache=use_cache,
        progress=progress,
    )
    chosen, corpus = steps.choose_selection(request, today)
    if if_changed:
        steps.stop_if_unchanged(chosen)
    with contextlib.ExitStack() as held:
        kernels, importing = steps.warm_up(held, request)
        earlier = steps.take_folder(held, chosen.folder, progress)
        parsed = steps.parse(request, chosen, corpus, before_fork=importing.join)
        summaries = steps.start_summaries(parsed, chosen, earlier, started)
        executed = steps.execute_notebooks(request, chosen, parsed, kernels, summaries)
        clock = time.monotonic()
        provenance = steps.write_provenance(request, chosen, parsed, summaries, executed, started)
        page = steps.write_page(chosen, summaries, executed, provenance)
        release_earlier(chosen.folder)  # complete: the next briefing compares with this one
        progress(f"briefing: wrote {page} in {time.monotonic() - clock:.1f} s")
    return chosen.folder
