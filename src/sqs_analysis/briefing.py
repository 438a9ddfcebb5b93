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
import html
import json
import logging
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqs_analysis import __version__
from sqs_analysis.names import slugify

if TYPE_CHECKING:
    import pandas as pd

    from sqs_analysis.tables import Tables

NOTEBOOKS = (
    "01_reoffending_rates.ipynb",
    "02_domain_sufficiency.ipynb",
    "03_recurring_weaknesses.ipynb",
    "04_area_profile.ipynb",
)
KERNEL = "python3"
HTML_NAME = "briefing.html"
PROVENANCE_NAME = "provenance.json"
TABLES_DIR = "tables"
NOTEBOOKS_DIR = "notebooks"
OUTPUTS_DIR = "outputs"
MAX_NAME = 80
MAX_PARALLEL_NOTEBOOKS = 4
"""Notebooks run at once, each in its own kernel (they are independent). All four at once: much of a kernel's start-up is waiting (process start, the
handshake), which overlaps even on two cores. Measured on 2 cores: the 2-report briefing
8.1-8.4 s with two at a time, 6.8-7.3 s with four; 1,000 reports 18.8 s and 17.5 s."""


class BriefingError(RuntimeError):
    """The briefing could not be completed; the message says where and why."""


def default_notebooks_dir() -> Path:
    """The project's ``notebooks/`` folder (next to ``src/``)."""
    return Path(__file__).resolve().parents[2] / "notebooks"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value).strip()


def briefing_name(
    period_start: Any = None, period_end: Any = None, areas: Iterable[str] = ()
) -> str:
    """A safe folder name for one briefing: its period and areas, slugified.

    Always a single path component (no separators or dots survive :func:`slugify`); long area
    lists are cut and given a short hash so different selections never share a folder.
    """
    start, end = _text(period_start), _text(period_end)
    areas = [a for a in (_text(a) for a in areas) if a]
    when = f"{start or 'start'} to {end or 'latest'}" if (start or end) else "all dates"
    where = " ".join(areas) if areas else "all areas"
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


def _source_index(executed: Any, index: int) -> int:
    """Cell index in the source notebook for ``index`` in papermill's output notebook."""
    injected = [
        i
        for i, cell in enumerate(executed.cells)
        if "injected-parameters" in cell.get("metadata", {}).get("tags", [])
    ]
    return index - 1 if injected and index > injected[0] else index


def _first_line(source: str) -> str:
    for line in str(source).splitlines():
        if line.strip():
            return line.strip()[:80]
    return ""


def _timed_out_cell(output_path: Path) -> tuple[int | None, str]:
    """The cell that was running when the timeout struck (last one papermill started)."""
    import nbformat

    try:
        nb = nbformat.read(output_path, as_version=4)
    except (OSError, ValueError):
        return None, ""
    started = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.get("metadata", {}).get("papermill", {}).get("start_time")
    ]
    if not started:
        return None, ""
    i = started[-1]
    return _source_index(nb, i), _first_line(nb.cells[i].source)


def run_notebook(
    source: Path, output: Path, parameters: dict[str, Any], timeout: int, cwd: Path
) -> float:
    """Execute one notebook with papermill; raise :class:`BriefingError` naming the cell."""
    import nbformat
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError

    started = time.monotonic()
    try:
        pm.execute_notebook(
            str(source),
            str(output),
            parameters=parameters,
            kernel_name=KERNEL,
            execution_timeout=timeout,
            cwd=str(cwd),
            progress_bar=False,
            log_output=False,
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],  # no kernel start-up chatter
        )
    except pm.PapermillExecutionError as exc:
        index = exc.cell_index
        with contextlib.suppress(OSError, ValueError):
            index = _source_index(nbformat.read(output, as_version=4), exc.cell_index)
        raise BriefingError(
            f"notebook {source.name} failed in cell {index} ({_first_line(exc.source)!r}): "
            f"{exc.ename}: {exc.evalue}"
        ) from exc
    except (CellTimeoutError, TimeoutError) as exc:
        index, line = _timed_out_cell(output)
        where = f"cell {index} ({line!r})" if index is not None else "a cell"
        raise BriefingError(
            f"notebook {source.name} timed out in {where}: still running after {timeout} s "
            "(raise --timeout if the corpus is large)"
        ) from exc
    except Exception as exc:  # kernel died, missing kernel, unreadable notebook ...
        raise BriefingError(f"notebook {source.name} could not run: {exc}") from exc
    return time.monotonic() - started


def run_notebooks(
    nb_dir: Path,
    out_dir: Path,
    parameters: dict[str, Any],
    timeout: int,
    progress: Callable[[str], None],
    parallel: int | None = None,
) -> dict[str, float]:
    """Run every notebook, up to ``parallel`` at a time (each in its own kernel).

    The notebooks only read the parsed tables and write their own outputs, so they are
    independent. On the first failure no further notebook is started; those already running
    finish, and the failure of the earliest notebook (in briefing order) is raised.
    """
    from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

    parallel = parallel or MAX_PARALLEL_NOTEBOOKS
    total = len(NOTEBOOKS)
    durations: dict[str, float] = {}

    def one(i: int, name: str) -> float:
        progress(f"briefing: [{i}/{total}] running {name} ...")
        seconds = run_notebook(nb_dir / name, out_dir / name, parameters, timeout, nb_dir)
        progress(f"briefing: [{i}/{total}] {name} done in {seconds:.1f} s")
        return seconds

    with ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="notebook") as pool:
        futures = {pool.submit(one, i, name): name for i, name in enumerate(NOTEBOOKS, start=1)}
        done, pending = wait(futures, return_when=FIRST_EXCEPTION)
        if any(f.exception() for f in done):
            for future in pending:
                future.cancel()
        wait(futures)
    failures = [
        f.exception()
        for f in sorted(futures, key=lambda f: NOTEBOOKS.index(futures[f]))
        if not f.cancelled() and f.exception() is not None
    ]
    if failures:
        raise failures[0]
    for future, name in futures.items():
        durations[name] = round(future.result(), 2)
    return {name: durations[name] for name in NOTEBOOKS}


def run_briefing(
    data_dir: str | Path,
    out_dir: str | Path,
    period_start: Any = None,
    period_end: Any = None,
    areas: Iterable[str] = (),
    timeout: int = 600,
    *,
    notebooks_dir: str | Path | None = None,
    progress: Callable[[str], None] = _stderr,
) -> Path:
    """Parse ``data_dir``, run the notebooks and write one briefing folder in ``out_dir``.

    Returns the folder. ``timeout`` is the most seconds one notebook cell may run.
    """
    from sqs_analysis import analysis
    from sqs_analysis.corpus import corpus_tables, parse_corpus
    from sqs_analysis.store import write_tables

    data = Path(data_dir)
    if not data.exists():
        raise BriefingError(f"no such data folder: {data}")
    areas = [a for a in (_text(a) for a in areas) if a]
    try:
        selection = analysis.make_selection(period_start, period_end, areas)
    except ValueError as exc:
        raise BriefingError(f"invalid period: {exc}") from exc
    nb_dir = Path(notebooks_dir) if notebooks_dir else default_notebooks_dir()
    missing = [n for n in NOTEBOOKS if not (nb_dir / n).exists()]
    if missing:
        raise BriefingError(f"notebook(s) not found in {nb_dir}: {', '.join(missing)}")

    folder = briefing_folder(out_dir, briefing_name(period_start, period_end, areas))
    folder.mkdir(parents=True, exist_ok=True)
    for stale in (NOTEBOOKS_DIR, OUTPUTS_DIR):
        shutil.rmtree(folder / stale, ignore_errors=True)
    for stale in (HTML_NAME, PROVENANCE_NAME):
        (folder / stale).unlink(missing_ok=True)

    progress(f"briefing: parsing reports in {data} ...")
    started = datetime.now(UTC)
    clock = time.monotonic()
    # never re-read an earlier briefing; use every core, as parsing is the first long step
    corpus = parse_corpus([data], exclude=[out_dir], workers=os.cpu_count() or 1)
    tables_dir = write_tables(corpus_tables(corpus), folder / TABLES_DIR)
    progress(
        f"briefing: {len(corpus.reports)} report(s) parsed from {len(corpus.files)} file(s) in "
        f"{time.monotonic() - clock:.1f} s; {len(corpus.failed_files)} failed; "
        f"selection: {selection.describe()}"
    )

    parameters = {
        "data_dir": str(tables_dir.resolve()),
        "period_start": _text(period_start),
        "period_end": _text(period_end),
        "areas": list(areas),
        "output_dir": str((folder / OUTPUTS_DIR).resolve()),
    }
    (folder / NOTEBOOKS_DIR).mkdir(exist_ok=True)
    papermill_log = logging.getLogger("papermill")
    level = papermill_log.level
    papermill_log.setLevel(logging.WARNING)  # our own progress lines say which notebook runs
    try:
        durations = run_notebooks(nb_dir, folder / NOTEBOOKS_DIR, parameters, timeout, progress)
    finally:
        papermill_log.setLevel(level)

    from sqs_analysis.store import read_tables

    clock = time.monotonic()
    all_tables = read_tables(tables_dir)
    selected = analysis.select(all_tables, selection)
    provenance = build_provenance(
        all_tables, selected, data, parameters, timeout, selection, started, durations
    )
    (folder / PROVENANCE_NAME).write_text(
        json.dumps(provenance, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    page = render_html(
        [folder / NOTEBOOKS_DIR / n for n in NOTEBOOKS],
        all_tables,
        selected,
        selection,
        provenance,
        outputs=folder / OUTPUTS_DIR,
    )
    (folder / HTML_NAME).write_text(page, encoding="utf-8")
    progress(f"briefing: wrote {folder / HTML_NAME} in {time.monotonic() - clock:.1f} s")
    return folder


# ----------------------------------------------------------------------------------------------
# Provenance
# ----------------------------------------------------------------------------------------------


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for dist in ("pandas", "matplotlib", "papermill", "nbconvert", "nbclient", "ipykernel"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "not installed"
    return out


def _plain(value: Any) -> Any:
    import pandas as pd

    if value is None or (not isinstance(value, list | tuple | dict) and pd.isna(value)):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def build_provenance(
    all_tables: Tables,
    selected: Tables,
    data_dir: Path,
    parameters: dict[str, Any],
    timeout: int,
    selection: Any,
    started: datetime,
    durations: dict[str, float],
) -> dict[str, Any]:
    """Everything needed to reproduce or audit the briefing, as plain JSON values."""
    included = set(selected.reports["report_id"].dropna())
    inputs = []
    for _, row in all_tables.files.iterrows():
        entry = {k: _plain(v) for k, v in row.items()}
        entry["included"] = (
            bool(row["report_id"] in included) if _plain(row["report_id"]) else False
        )
        inputs.append(entry)
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "started_at": started.isoformat(timespec="seconds"),
        "package": {"name": "sqs-analysis", "version": __version__},
        "python": sys.version.split()[0],
        "libraries": _versions(),
        "parameters": {
            "data_dir": str(data_dir),
            "period_start": parameters["period_start"],
            "period_end": parameters["period_end"],
            "areas": parameters["areas"],
            "timeout_seconds": timeout,
            "kernel": KERNEL,
        },
        "selection": selection.describe(),
        "reports_included": sorted(included),
        "inputs": inputs,
        "notebooks": [{"name": n, "seconds": s} for n, s in durations.items()],
    }


# ----------------------------------------------------------------------------------------------
# The HTML page
# ----------------------------------------------------------------------------------------------

CSS = """
body { font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { border-bottom: 2px solid #0072B2; padding-bottom: 0.2em; margin-top: 2em; }
.subtitle { color: #444; margin-top: 0; }
.headline { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 0.8em; }
.headline div { background: #f3f7fb; border-left: 4px solid #0072B2; padding: 0.6em 0.8em; }
.headline .value { font-size: 1.35em; font-weight: bold; display: block; }
.finding { background: #fff8e6; border-left: 4px solid #E69F00; padding: 0.7em 1em; }
.note, .caption { color: #555; font-size: 0.9em; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.6em 0 1.2em; width: 100%; }
th, td { border: 1px solid #ddd; padding: 0.3em 0.45em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
img { max-width: 100%; height: auto; }
pre { white-space: pre-wrap; font-size: 0.85em; color: #444; }
.anchor-link { display: none; }
nav ol { columns: 2; }
section.notebook { margin-top: 2.5em; }
.warning { color: #a33; }
@media print { nav { display: none; } }
"""


def _h(value: Any) -> str:
    """Report text as HTML text: always escaped."""
    import pandas as pd

    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return ""
    return html.escape(str(value))


def _frame_html(df: pd.DataFrame, empty: str) -> str:
    if df.empty:
        return f'<p class="note">{html.escape(empty)}</p>'
    return df.to_html(index=False, escape=True, na_rep="", border=0)


def notebook_fragment(path: Path) -> str:
    """One executed notebook as an HTML fragment: outputs and text only, no code, no scripts."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [
                o
                for o in cell.get("outputs", [])
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    return body


HEADLINE_INPUTS = {"weaknesses": "03-weakness-themes.csv", "stages": "02-stage-summary.csv"}
"""Tables the notebooks save that the headline reuses rather than recomputes."""


def headline_html(selected: Tables, selection: Any, outputs: Path | None = None) -> str:
    """The numbers a reader sees first (reusing the notebooks' theme and stage tables)."""
    import pandas as pd

    from sqs_analysis import analysis

    if selected.reports.empty:
        return f'<p class="finding">{_h(analysis.no_reports_message(selection))}</p>'
    reused = {
        key: pd.read_csv(outputs / name)
        for key, name in HEADLINE_INPUTS.items()
        if outputs is not None and (outputs / name).exists()
    }
    n = analysis.headline_numbers(selected, **reused)
    cells = [
        ("Reports included", n["reports"]),
        ("Areas", n["areas"]),
        ("Published", f"{n['first_published']} to {n['last_published']}"),
        (
            "Reoffending worse than own England and Wales average",
            f"{n['worse_than_average']} of {n['rated']}",
        ),
        (
            "Reoffending better than own England and Wales average",
            f"{n['better_than_average']} of {n['rated']}",
        ),
        (
            "Most widespread weakness",
            f"{n['top_weakness']} ({n['top_weakness_areas']} of {n['areas']} areas)"
            if n["top_weakness"]
            else "none found",
        ),
        (
            "Weakest practice stage",
            f"{n['weakest_stage']} ({n['weakest_stage_sufficiency']} of cases sufficient, "
            f"range {n['weakest_stage_range']}; "
            f"{n['weakest_stage_reports']} report{'s' if n['weakest_stage_reports'] != 1 else ''})"
            if n["weakest_stage"]
            else "none",
        ),
    ]
    items = "\n".join(
        f'<div><span class="label">{_h(label)}</span><span class="value">{_h(value)}</span></div>'
        for label, value in cells
    )
    rates = analysis.rate_gaps(selected)
    rated = rates[rates["gap_pp"].notna()]
    lines = ""
    if 0 < len(rated) <= 10:
        lines = (
            "<ul>"
            + "".join(f"<li>{_h(analysis.rate_sentence(row))}</li>" for _, row in rated.iterrows())
            + "</ul>"
        )
    return f'<div class="headline">{items}</div>{lines}'


def appendix_html(all_tables: Tables, selected: Tables) -> str:
    """Data quality: reports included, fields missing per report, parse warnings, files."""
    from sqs_analysis import analysis

    included = analysis.reports_included(selected).rename(
        columns={
            "report_id": "Report",
            "area": "Area",
            "publication_date": "Published",
            "source_file": "File",
            "source_format": "Format",
            "n_findings": "Paragraphs",
            "n_judgements": "Judgements",
            "n_strengths": "Key strengths",
            "n_improvements": "Areas for improvement",
        }
    )
    if len(included):
        included["Published"] = included["Published"].map(analysis.format_date)
    missing = analysis.missing_fields(selected).rename(
        columns={
            "report_id": "Report",
            "area": "Area",
            "n_missing": "Fields missing",
            "missing": "Which",
        }
    )
    issues = selected.parse_issues.rename(
        columns={"source_file": "File", "severity": "Severity", "message": "Message"}
    )
    files = all_tables.files[["source_file", "status", "report_id", "source_format"]].rename(
        columns={
            "source_file": "File",
            "status": "Status",
            "report_id": "Report",
            "source_format": "Format",
        }
    )
    return "\n".join(
        [
            "<h3>Reports included</h3>",
            _frame_html(included, "No reports in this selection."),
            "<h3>Fields missing per report</h3>",
            '<p class="note">Columns of the reports table left empty because the report did not '
            "state them or the parser could not read them.</p>",
            _frame_html(missing, "No reports in this selection."),
            "<h3>Parse warnings and errors</h3>",
            _frame_html(issues, "No warnings or errors for the files in this selection."),
            "<h3>Every input file</h3>",
            _frame_html(files, "No input files."),
        ]
    )


def provenance_html(provenance: dict[str, Any]) -> str:
    """The human-readable provenance note."""
    p = provenance["parameters"]
    rows = [
        ("Generated", provenance["generated_at"]),
        ("Package", f"sqs-analysis {provenance['package']['version']}"),
        (
            "Python and libraries",
            f"Python {provenance['python']}; "
            + ", ".join(f"{k} {v}" for k, v in provenance["libraries"].items()),
        ),
        ("Data folder", p["data_dir"]),
        ("Period", f"{p['period_start'] or '(no start)'} to {p['period_end'] or '(no end)'}"),
        ("Areas", ", ".join(p["areas"]) or "all"),
        ("Cell timeout", f"{p['timeout_seconds']} s"),
        (
            "Notebooks",
            "; ".join(f"{n['name']} ({n['seconds']} s)" for n in provenance["notebooks"]),
        ),
    ]
    table = "".join(f"<tr><th>{_h(k)}</th><td>{_h(v)}</td></tr>" for k, v in rows)
    inputs = "".join(
        f"<tr><td>{_h(i.get('source_file'))}</td><td><code>{_h(i.get('source_sha256'))}</code></td>"
        f"<td>{_h(i.get('status'))}</td><td>{'yes' if i.get('included') else 'no'}</td></tr>"
        for i in provenance["inputs"]
    )
    return (
        f"<table>{table}</table><h3>Input files (SHA-256)</h3>"
        "<table><tr><th>File</th><th>SHA-256</th><th>Status</th><th>In this briefing</th></tr>"
        f"{inputs}</table>"
        f'<p class="note">The same details are in {PROVENANCE_NAME} beside this page.</p>'
    )


def render_html(
    notebooks: list[Path],
    all_tables: Tables,
    selected: Tables,
    selection: Any,
    provenance: dict[str, Any],
    outputs: Path | None = None,
) -> str:
    """The whole briefing as one self-contained page (no scripts, no external resources)."""
    sections = []
    nav = []
    for i, path in enumerate(notebooks, start=1):
        anchor = f"section-{i}"
        title = path.stem.split("_", 1)[-1].replace("_", " ").capitalize()
        nav.append(f'<li><a href="#{anchor}">{_h(title)}</a></li>')
        sections.append(
            f'<section class="notebook" id="{anchor}">{notebook_fragment(path)}</section>'
        )
    nav.append('<li><a href="#appendix">Appendix: data quality</a></li>')
    nav.append('<li><a href="#provenance">Provenance</a></li>')
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SQS briefing: {_h(selection.describe())}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>Short Quality Screening briefing</h1>
<p class="subtitle">Youth offending work inspected by HM Inspectorate of Probation.
Selection: {_h(selection.describe())}. Generated {_h(provenance["generated_at"])}
by sqs-analysis {_h(provenance["package"]["version"])}.</p>
</header>
<section id="headline"><h2>Headline numbers</h2>
{headline_html(selected, selection, outputs)}
</section>
<nav><h2>Contents</h2><ol>{"".join(nav)}</ol></nav>
{"".join(sections)}
<section id="appendix"><h2>Appendix: data quality</h2>
{appendix_html(all_tables, selected)}
</section>
<section id="provenance"><h2>Provenance</h2>
{provenance_html(provenance)}
</section>
</body>
</html>
"""
