"""Benchmarks: parse throughput and memory, briefing time against its floor, import time.

Run ``make bench`` (or ``.venv/bin/python benchmarks/run.py``). It prints a table, writes
``benchmarks/results.json`` and lists which targets were met and which missed. It exits 0 when
it ran; with ``--check`` (``make bench CHECK=1``) a missed target makes it exit 1, so it can gate
a release.

Every measurement runs in a fresh subprocess, so one measurement's imports, caches and memory
never flatter the next. Parsing is pinned to one core. The corpora are synthetic (the test
generator ``tests/generators/synth.py``), generated into a temporary folder and deleted
afterwards.

Targets (see docs/benchmarks.md):

* parsing text reports: at least 200 reports a second on one core, at 10, 100 and 1,000
  reports, and per-report cost that does not grow with the corpus (rate at 1,000 at least
  0.8 of the rate at 10);
* the briefing on the 2 bundled reports within 2.5x the floor (papermill running the same number
  of empty notebooks plus the HTML export), and on 1,000 reports within 1.5x the 2-report one,
  checked both cold (every file parsed) and warm (every file in the parse cache);
* ``import sqs_analysis`` under 0.3 s (best of several fresh interpreters);
* PDF letters read and parsed (the published-layout fixtures, each on its own, one core): at
  least 40 reports a second, and at least 10x the same pipeline with pypdf reading the PDFs
  (interleaved, CPU time); peak memory per PDF reported;
* the briefing on 150 distinct published-style PDF letters, cold (no parse cache), within
  1.5x the 2-report briefing (skipped, with the reason, where the letters cannot be made:
  see ``benchmarks/published_corpus.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TESTS = ROOT / "tests"  # holds the synthetic corpus generator (``generators.synth``)
RESULTS = HERE / "results.json"
RAW = ROOT / "data" / "raw"
SEED = 20160615

TARGET_REPORTS_PER_S = 200.0
TARGET_LINEARITY = 0.8
TARGET_BRIEFING_VS_FLOOR = 2.5
TARGET_BRIEFING_GROWTH = 1.5
TARGET_IMPORT_S = 0.3
TARGET_PDF_REPORTS_PER_S = 40.0
TARGET_PDF_VS_PYPDF = 10.0
TARGET_PUBLISHED_BRIEFING_GROWTH = 1.5
PUBLISHED = ROOT / "tests" / "fixtures" / "published"
PUBLISHED_BRIEFING_REPORTS = 150

ONE_CORE_ENV = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYTHONHASHSEED": "0",
}


# --------------------------------------------------------------------------------------------
# Workers: each runs in its own interpreter and prints one JSON line.
# --------------------------------------------------------------------------------------------


def _pin_to_one_core() -> int | None:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return core
    return None


def _maxrss_mb() -> float:
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 / 1024 if sys.platform == "darwin" else rss / 1024


def worker_parse(folder: str, repeats: int, trace: bool, pin: bool) -> dict[str, Any]:
    """Time ``parse_corpus`` and the validated tables (together: ``load_tables``) on ``folder``.

    Both wall time and CPU time are kept: the process is single-threaded, so CPU seconds are
    the cost on one core even when other work shares the machine.
    """
    core = _pin_to_one_core() if pin else None
    from sqs_analysis.ingest.corpus import find_inputs, parse_corpus
    from sqs_analysis.tables import corpus_tables as tables_of  # what load_tables does next

    paths, _, _ = find_inputs([folder])
    warm = parse_corpus(paths[:1])  # warm-up: lazy imports and compiled patterns
    tables_of(warm)
    rss_before = _maxrss_mb()
    if trace:
        import tracemalloc

        tracemalloc.start()
    best_parse = best_tables = best_cpu = best_parse_cpu = float("inf")
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        corpus = parse_corpus(paths)
        t1, c1 = time.perf_counter(), time.process_time()
        tables = tables_of(corpus)
        t2, c2 = time.perf_counter(), time.process_time()
        best_parse, best_tables = min(best_parse, t1 - t0), min(best_tables, t2 - t1)
        best_cpu, best_parse_cpu = min(best_cpu, c2 - c0), min(best_parse_cpu, c1 - c0)
    result: dict[str, Any] = {
        "files": len(paths),
        "reports": len(tables.reports),
        "failed": len(corpus.failed_files),
        "judgements": len(tables.judgements),
        "parse_s": best_parse,
        "tables_s": best_tables,
        "cpu_s": best_cpu,
        "parse_cpu_s": best_parse_cpu,
        "core": core,
        "maxrss_mb": _maxrss_mb(),
        "maxrss_before_mb": rss_before,
    }
    if trace:
        import tracemalloc

        result["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    return result


def worker_floor(n_notebooks: int, out: str, parallel: int) -> dict[str, Any]:
    """Papermill on ``n_notebooks`` notebooks with one empty cell, each exported to HTML with
    the briefing's own exporter (:class:`sqs_analysis.briefing.page.NotebookExporter`)."""
    from concurrent.futures import ThreadPoolExecutor

    import nbformat
    import papermill

    from sqs_analysis.briefing.page import NotebookExporter

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    empty = nbformat.v4.new_notebook()
    empty.cells = [nbformat.v4.new_code_cell("")]
    empty.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    source = folder / "empty.ipynb"
    nbformat.write(empty, source)
    exporter = NotebookExporter()

    def one(i: int) -> None:
        target = folder / f"empty_{i}.ipynb"
        papermill.execute_notebook(
            str(source), str(target), kernel_name="python3", progress_bar=False, log_output=False
        )
        (folder / f"empty_{i}.html").write_text(exporter.fragment(target), encoding="utf-8")

    t0 = time.perf_counter()
    if parallel > 1:
        with ThreadPoolExecutor(max_workers=parallel) as pool:
            list(pool.map(one, range(n_notebooks)))
    else:
        for i in range(n_notebooks):
            one(i)
    return {"notebooks": n_notebooks, "parallel": parallel, "seconds": time.perf_counter() - t0}


def _pypdf_pipeline(path: Path):
    """The same pipeline with pypdf reading the PDF, as the package read PDFs before PDFium:
    the file's bytes hashed, pypdf's text layer (pages joined by form feeds, a password-free
    encryption opened, the page count checked) parsed as text."""
    import hashlib
    import io
    import logging

    from pypdf import PdfReader

    from sqs_analysis.ingest.parse import parse_text

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    assert len(reader.pages) <= 60
    text = "\f".join(page.extract_text() or "" for page in reader.pages)
    return parse_text(text, path.name, sha256=digest, fmt="pdf")


def worker_pdf(folder: str, repeats: int, pin: bool) -> dict[str, Any]:
    """PDF letters end to end (``parse_file``: read through PDFium, then parse), each file on
    its own, against the same pipeline on pypdf; interleaved, the order of the two rotating,
    after a warm-up pass; CPU and wall time per letter, median over the repeats."""
    import statistics

    core = _pin_to_one_core() if pin else None
    from sqs_analysis.ingest.corpus import parse_file

    paths = sorted(Path(folder).glob("*.pdf"))
    engines = {"pdfium": parse_file, "pypdf": _pypdf_pipeline}
    reports = 0
    for path in paths:  # warm-up, and every letter must parse
        report, issues, _ = parse_file(path)
        assert report is not None, issues
        reports += 1
        engines["pypdf"](path)
    cpu: dict[str, list[float]] = {name: [] for name in engines}
    wall: dict[str, list[float]] = {name: [] for name in engines}
    names = list(engines)
    for r in range(repeats):
        spent = {name: [0.0, 0.0] for name in names}
        for i, path in enumerate(paths):
            order = names[(r + i) % 2 :] + names[: (r + i) % 2]
            for name in order:
                c0, w0 = time.process_time(), time.perf_counter()
                engines[name](path)
                spent[name][0] += time.process_time() - c0
                spent[name][1] += time.perf_counter() - w0
        for name in names:
            cpu[name].append(spent[name][0] * 1000 / len(paths))
            wall[name].append(spent[name][1] * 1000 / len(paths))
    med = {name: statistics.median(cpu[name]) for name in names}
    return {
        "letters": len(paths),
        "reports": reports,
        "repeats": repeats,
        "core": core,
        "pdfium_cpu_ms": med["pdfium"],
        "pypdf_cpu_ms": med["pypdf"],
        "pdfium_wall_ms": statistics.median(wall["pdfium"]),
        "pypdf_wall_ms": statistics.median(wall["pypdf"]),
        "pdfium_best_cpu_ms": min(cpu["pdfium"]),
        "all_cpu_ms": {name: [round(x, 2) for x in cpu[name]] for name in names},
    }


def _resident_mb(field: str) -> float | None:
    """``VmRSS`` (now) or ``VmHWM`` (peak) of this process from /proc, in MB (Linux only)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def worker_pdfmem(path: str) -> dict[str, Any]:
    """Memory to read and parse one PDF in a fresh interpreter: how far the process's resident
    size rises above where it stood before (PDFium's own memory included; the peak is reset
    first where Linux allows, else the growth of the lifetime peak is all that can be seen)
    and the peak of Python's allocations."""
    import tracemalloc

    import pypdfium2.raw  # noqa: F401  (PDFium's library loaded before the baseline)

    import sqs_analysis.ingest.readers.pdf.clean_copy  # noqa: F401
    from sqs_analysis.ingest.corpus import parse_file

    parse_file(sorted(RAW.glob("*.txt"))[0])  # lazy imports, compiled patterns
    reset = False
    try:
        Path("/proc/self/clear_refs").write_text("5")  # the peak resident size starts again
        reset = True
    except OSError:
        pass
    before = _resident_mb("VmRSS") if reset else _maxrss_mb()
    tracemalloc.start()
    report, issues, _ = parse_file(Path(path))
    traced = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    assert report is not None, issues
    after = _resident_mb("VmHWM") if reset else _maxrss_mb()
    return {
        "file": Path(path).name,
        "rss_growth_mb": max(0.0, (after or 0.0) - (before or 0.0)),
        "traced_mb": traced,
        "peak_reset": reset,
    }


def _run_worker(args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a worker in a fresh interpreter; its JSON, plus ``process_s``: wall time from
    launching the interpreter to its exit (the same span a briefing's CLI run is timed over)."""
    full_env = {**os.environ, **ONE_CORE_ENV, **(env or {})}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=ROOT,
        check=False,
    )
    process_s = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"worker {args[0]} failed:\n{done.stderr[-3000:]}")
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "process_s": process_s}


# --------------------------------------------------------------------------------------------
# Measurements.
# --------------------------------------------------------------------------------------------


def measure_import(runs: int = 7) -> dict[str, Any]:
    """Seconds to ``import sqs_analysis`` in a fresh interpreter, and what it pulls in."""
    code = (
        "import sys, time; t = time.perf_counter(); import sqs_analysis; "
        "d = time.perf_counter() - t; "
        "heavy = [m for m in ('pandas', 'matplotlib', 'seaborn', 'papermill', 'numpy') "
        "if m in sys.modules]; print(d, ','.join(heavy))"
    )
    times = []
    heavy = ""
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        ).stdout.split()
        times.append(float(out[0]))
        heavy = out[1] if len(out) > 1 else ""
    return {
        "best_s": min(times),
        "median_s": sorted(times)[len(times) // 2],
        "runs": runs,
        "heavy_modules_loaded": heavy.split(",") if heavy else [],
    }


def make_corpus(folder: Path, n_reports: int, formats: list[str]) -> Path:
    """A synthetic corpus of exactly ``n_reports`` reports (areas x 5 years, or fewer years)."""
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    from generators.synth import write_corpus

    years = 5 if n_reports % 5 == 0 and n_reports >= 50 else 1
    write_corpus(folder, n_areas=n_reports // years, years=years, formats=formats, seed=SEED)
    return folder


def measure_parse(sizes: list[int], work: Path, repeats: int, pin: bool) -> list[dict[str, Any]]:
    rows = []
    flags = ["pin"] if pin else []
    for n in sizes:
        folder = make_corpus(work / f"text_{n}", n, ["text"])
        timing = _run_worker(
            ["parse", str(folder), str(repeats if n <= 100 else max(1, repeats - 1)), *flags]
        )
        memory = _run_worker(["parse", str(folder), "1", "trace", *flags])
        seconds = timing["parse_s"] + timing["tables_s"]
        rows.append(
            {
                "reports": timing["reports"],
                "failed": timing["failed"],
                "judgements": timing["judgements"],
                "parse_s": round(timing["parse_s"], 4),
                "tables_s": round(timing["tables_s"], 4),
                "parse_cpu_s": round(timing["parse_cpu_s"], 4),
                "cpu_s": round(timing["cpu_s"], 4),
                "reports_per_s": round(timing["reports"] / timing["parse_cpu_s"], 1),
                "load_tables_reports_per_s": round(timing["reports"] / timing["cpu_s"], 1),
                "wall_reports_per_s": round(timing["reports"] / seconds, 1),
                "maxrss_mb": round(memory["maxrss_mb"], 1),
                "tracemalloc_peak_mb": round(memory["tracemalloc_peak_mb"], 2),
                "core": timing["core"],
            }
        )
        print(
            f"  parsed {n:>5} text reports: {rows[-1]['reports_per_s']:>7.1f} reports/s, "
            f"peak {rows[-1]['tracemalloc_peak_mb']:.1f} MB traced",
            file=sys.stderr,
        )
    return rows


def _briefing_available() -> bool:
    try:
        from sqs_analysis.briefing import run_briefing  # noqa: F401
    except ImportError:
        return False
    return True


def _run_briefing(
    data: Path, out: Path, cache: Path, *, use_cache: bool = True
) -> tuple[float, Path]:
    """Time one ``sqs-analysis brief`` run, with its parse cache in ``cache`` (or none)."""
    cli = Path(sys.executable).with_name("sqs-analysis")
    command = [str(cli)] if cli.exists() else [sys.executable, "-m", "sqs_analysis"]
    flags = [] if use_cache else ["--no-cache"]
    t0 = time.perf_counter()
    done = subprocess.run(
        [*command, "brief", "--data", str(data), "--out", str(out), *flags],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, "SQS_ANALYSIS_CACHE": str(cache)},
    )
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"briefing failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return seconds, out


def _notebooks_in(folder: Path) -> int:
    """How many notebooks a briefing ran: the executed copies it left behind."""
    executed = [p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts]
    if executed:
        return len(executed)
    import sqs_analysis.briefing as briefing

    return len(briefing.NOTEBOOKS)


def _briefing_parallelism() -> int:
    """Notebooks the briefing runs at once, if the module says so (it runs them in turn)."""
    import sqs_analysis.briefing as briefing

    for name in ("MAX_PARALLEL_NOTEBOOKS", "PARALLEL_NOTEBOOKS", "MAX_WORKERS"):
        value = getattr(briefing, name, None)
        if isinstance(value, int) and value > 0:
            return value
    return 1


FLOOR_ATTEMPTS = 3


def _run_floor(notebooks: int, out: Path) -> dict[str, Any]:
    """The floor, tried again if it fails: papermill's kernels listen on TCP ports chosen
    before they start, and under load another connection can take one first, so a kernel
    of the floor itself occasionally never answers. How often it happened is recorded."""
    for attempt in range(FLOOR_ATTEMPTS):
        try:
            result = _run_worker(
                ["floor", str(notebooks), str(out / str(attempt)), str(_briefing_parallelism())]
            )
        except RuntimeError as exc:
            if attempt == FLOOR_ATTEMPTS - 1:
                raise
            print(f"  floor failed, trying again: {str(exc).splitlines()[-1]}", file=sys.stderr)
            continue
        return {**result, "failures": attempt}
    raise AssertionError("unreachable")


def measure_briefing(work: Path, big: int, repeats: int) -> dict[str, Any]:
    """Briefing wall times, interleaved so that a slow spell of the host hits all of them.

    The 1,000-report briefing is timed twice: cold (``--no-cache``: every file parsed) and
    warm (every file already in the parse cache, as when a periodic briefing is rerun after
    a few reports were added). The 2-report briefing runs with the cache, like the warm one.
    """
    big_corpus = work / f"text_{big}"
    if not (big_corpus / "answer_key.json").exists():
        make_corpus(big_corpus, big, ["text"])
    cache = work / "parse-cache"
    _run_briefing(big_corpus, work / "brief_prime", cache)  # fills the cache (not timed)
    small_times, cold_times, warm_times, floor_times = [], [], [], []
    floor_failures = 0
    notebooks = 0
    for i in range(repeats):
        seconds, out = _run_briefing(RAW, work / f"brief_small_{i}", cache)
        small_times.append(seconds)
        notebooks = _notebooks_in(out)
        seconds, _ = _run_briefing(big_corpus, work / f"brief_cold_{i}", cache, use_cache=False)
        cold_times.append(seconds)
        seconds, _ = _run_briefing(big_corpus, work / f"brief_warm_{i}", cache)
        warm_times.append(seconds)
        floor = _run_floor(notebooks, work / f"floor_{i}")
        floor_times.append(floor["process_s"])
        floor_failures += floor["failures"]
        print(
            f"  briefing run {i + 1}: 2 reports {small_times[-1]:.1f} s, {big} reports "
            f"{cold_times[-1]:.1f} s cold / {warm_times[-1]:.1f} s warm, floor ({notebooks} "
            f"empty notebooks) {floor_times[-1]:.1f} s",
            file=sys.stderr,
        )
    return {
        "notebooks": notebooks,
        "parallel": _briefing_parallelism(),
        "floor_s": round(min(floor_times), 2),
        "small_reports": 2,
        "small_s": round(min(small_times), 2),
        "big_reports": big,
        "big_s": round(min(cold_times), 2),
        "big_warm_s": round(min(warm_times), 2),
        "repeats": repeats,
        "floor_failures": floor_failures,
        "all_s": {
            "floor": [round(x, 2) for x in floor_times],
            "small": [round(x, 2) for x in small_times],
            "big_cold": [round(x, 2) for x in cold_times],
            "big_warm": [round(x, 2) for x in warm_times],
        },
    }


def measure_pdf(repeats: int, pin: bool) -> dict[str, Any]:
    """PDF letters read and parsed, on the published-layout fixtures: PDFium against pypdf in
    one run, then peak memory per PDF (each in a fresh interpreter)."""
    timing = _run_worker(["pdf", str(PUBLISHED), str(repeats), *(["pin"] if pin else [])])
    memory = [_run_worker(["pdfmem", str(p)]) for p in sorted(PUBLISHED.glob("*.pdf"))]
    result = {
        **{k: round(v, 2) if isinstance(v, float) else v for k, v in timing.items()},
        "reports_per_s": round(1000 / timing["pdfium_cpu_ms"], 1),
        "pypdf_reports_per_s": round(1000 / timing["pypdf_cpu_ms"], 1),
        "vs_pypdf": round(timing["pypdf_cpu_ms"] / timing["pdfium_cpu_ms"], 2),
        "peak_rss_growth_mb": round(max(m["rss_growth_mb"] for m in memory), 1),
        "peak_traced_mb": round(max(m["traced_mb"] for m in memory), 2),
        "memory": [
            {
                **m,
                "rss_growth_mb": round(m["rss_growth_mb"], 1),
                "traced_mb": round(m["traced_mb"], 2),
            }
            for m in memory
        ],
    }
    print(
        f"  PDF letters: {result['pdfium_cpu_ms']:.1f} ms each ({result['reports_per_s']:.0f}/s), "
        f"pypdf {result['pypdf_cpu_ms']:.1f} ms ({result['vs_pypdf']:.1f}x); peak "
        f"{result['peak_rss_growth_mb']:.1f} MB resident, {result['peak_traced_mb']:.2f} MB traced",
        file=sys.stderr,
    )
    return result


def measure_published_briefing(work: Path, repeats: int) -> dict[str, Any]:
    """The briefing on 150 distinct published-style PDF letters, cold (``--no-cache``: every
    letter read and parsed), interleaved with the 2-report briefing."""
    from published_corpus import published_corpus

    folder, why = published_corpus(PUBLISHED_BRIEFING_REPORTS)
    if folder is None:
        return {"skipped": why}
    print(f"  {why}", file=sys.stderr)
    cache = work / "parse-cache-published"
    small_times, big_times = [], []
    for i in range(repeats):
        seconds, _ = _run_briefing(RAW, work / f"brief_pub_small_{i}", cache)
        small_times.append(seconds)
        seconds, _ = _run_briefing(folder, work / f"brief_pub_big_{i}", cache, use_cache=False)
        big_times.append(seconds)
        print(
            f"  briefing run {i + 1}: 2 reports {small_times[-1]:.1f} s, "
            f"{PUBLISHED_BRIEFING_REPORTS} published PDFs cold {big_times[-1]:.1f} s",
            file=sys.stderr,
        )
    return {
        "reports": PUBLISHED_BRIEFING_REPORTS,
        "folder": str(folder),
        "small_s": round(min(small_times), 2),
        "big_cold_s": round(min(big_times), 2),
        "repeats": repeats,
        "all_s": {
            "small": [round(x, 2) for x in small_times],
            "big_cold": [round(x, 2) for x in big_times],
        },
    }


# --------------------------------------------------------------------------------------------
# Report.
# --------------------------------------------------------------------------------------------


def check_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    checks: list[dict[str, Any]] = []

    def add(name: str, value: float, target: float, ok: bool, unit: str) -> None:
        checks.append(
            {"name": name, "value": round(value, 3), "target": target, "unit": unit, "met": ok}
        )

    parse = results.get("parse") or []
    for row in parse:
        add(
            f"parse {row['reports']} text reports",
            row["reports_per_s"],
            TARGET_REPORTS_PER_S,
            row["reports_per_s"] >= TARGET_REPORTS_PER_S,
            "reports/s (at least)",
        )
    if len(parse) >= 2:
        ratio = parse[-1]["reports_per_s"] / parse[0]["reports_per_s"]
        results["parse_linearity"] = round(ratio, 3)
        add(
            f"rate at {parse[-1]['reports']} / rate at {parse[0]['reports']}",
            ratio,
            TARGET_LINEARITY,
            ratio >= TARGET_LINEARITY,
            "ratio (at least)",
        )
    brief = results.get("briefing")
    if brief:
        small_vs_floor = brief["small_s"] / brief["floor_s"]
        growth = brief["big_s"] / brief["small_s"]
        add(
            "briefing 2 reports / floor",
            small_vs_floor,
            TARGET_BRIEFING_VS_FLOOR,
            small_vs_floor <= TARGET_BRIEFING_VS_FLOOR,
            "ratio (at most)",
        )
        add(
            f"briefing {brief['big_reports']} reports (cold) / 2 reports",
            growth,
            TARGET_BRIEFING_GROWTH,
            growth <= TARGET_BRIEFING_GROWTH,
            "ratio (at most)",
        )
        if brief.get("big_warm_s"):
            warm = brief["big_warm_s"] / brief["small_s"]
            add(
                f"briefing {brief['big_reports']} reports (warm parse cache) / 2 reports",
                warm,
                TARGET_BRIEFING_GROWTH,
                warm <= TARGET_BRIEFING_GROWTH,
                "ratio (at most)",
            )
    pdf = results.get("pdf")
    if pdf:
        add(
            f"PDF letters read and parsed ({pdf['letters']} published-layout fixtures)",
            pdf["reports_per_s"],
            TARGET_PDF_REPORTS_PER_S,
            pdf["reports_per_s"] >= TARGET_PDF_REPORTS_PER_S,
            "reports/s (at least)",
        )
        add(
            "PDF letters: pypdf pipeline / PDFium pipeline (CPU time)",
            pdf["vs_pypdf"],
            TARGET_PDF_VS_PYPDF,
            pdf["vs_pypdf"] >= TARGET_PDF_VS_PYPDF,
            "ratio (at least)",
        )
    published = results.get("published_briefing")
    if published and not published.get("skipped"):
        growth = published["big_cold_s"] / published["small_s"]
        add(
            f"briefing {published['reports']} published PDFs (cold) / 2 reports",
            growth,
            TARGET_PUBLISHED_BRIEFING_GROWTH,
            growth <= TARGET_PUBLISHED_BRIEFING_GROWTH,
            "ratio (at most)",
        )
    imp = results.get("import")
    if imp:
        add(
            "import sqs_analysis",
            imp["best_s"],
            TARGET_IMPORT_S,
            imp["best_s"] < TARGET_IMPORT_S and not imp["heavy_modules_loaded"],
            "s (under)",
        )
    return checks


def print_table(results: dict[str, Any]) -> None:
    parse = results.get("parse") or []
    if parse:
        print("\nParsing synthetic text reports (single process; CPU seconds = cost on one core)")
        print(
            f"{'reports':>8} {'parse CPU s':>12} {'parse r/s':>10} {'vs first':>9} "
            f"{'+tables CPU s':>14} {'load_tables r/s':>16} {'wall s':>8} "
            f"{'traced MB':>10} {'maxrss MB':>10}"
        )
        first = parse[0]["reports_per_s"]
        for row in parse:
            print(
                f"{row['reports']:>8} {row['parse_cpu_s']:>12.3f} {row['reports_per_s']:>10.1f} "
                f"{row['reports_per_s'] / first:>9.2f} {row['cpu_s']:>14.3f} "
                f"{row['load_tables_reports_per_s']:>16.1f} "
                f"{row['parse_s'] + row['tables_s']:>8.2f} "
                f"{row['tracemalloc_peak_mb']:>10.1f} {row['maxrss_mb']:>10.1f}"
            )
        print(
            "  parse = parse_corpus; load_tables = parse + validated tables; traced MB = peak "
            "Python allocation while loading (tracemalloc, separate run); maxrss = whole process"
        )
    brief = results.get("briefing")
    if brief:
        print(f"\nBriefing wall time (best of {brief['repeats']}; {brief['notebooks']} notebooks)")
        print(
            f"  floor: papermill + HTML on {brief['notebooks']} empty notebooks  "
            f"{brief['floor_s']:>7.1f} s"
        )
        print(f"  briefing, 2 bundled reports                          {brief['small_s']:>7.1f} s")
        print(
            f"  briefing, {brief['big_reports']} synthetic reports, cold"
            f"{' ' * (21 - len(str(brief['big_reports'])))}{brief['big_s']:>7.1f} s"
        )
        if brief.get("big_warm_s"):
            print(
                f"  briefing, {brief['big_reports']} synthetic reports, warm cache"
                f"{' ' * (15 - len(str(brief['big_reports'])))}{brief['big_warm_s']:>7.1f} s"
            )
    elif results.get("briefing_skipped"):
        print(f"\nBriefing: skipped ({results['briefing_skipped']})")
    imp = results.get("import")
    if imp:
        print(
            f"\nimport sqs_analysis: best {imp['best_s'] * 1000:.0f} ms, median "
            f"{imp['median_s'] * 1000:.0f} ms of {imp['runs']} fresh interpreters; heavy "
            f"modules loaded: {', '.join(imp['heavy_modules_loaded']) or 'none'}"
        )
    pdf = results.get("pdf")
    if pdf:
        print(
            f"\nPDF letters read and parsed ({pdf['letters']} published-layout fixtures, each on "
            f"its own, median of {pdf['repeats']} interleaved repeats, CPU time on one core)"
        )
        print(
            f"  PDFium: {pdf['pdfium_cpu_ms']:>6.1f} ms a letter ({pdf['reports_per_s']:.0f} "
            f"reports/s; wall {pdf['pdfium_wall_ms']:.1f} ms)"
        )
        print(
            f"  pypdf:  {pdf['pypdf_cpu_ms']:>6.1f} ms a letter ({pdf['pypdf_reports_per_s']:.1f} "
            f"reports/s; wall {pdf['pypdf_wall_ms']:.1f} ms); PDFium is {pdf['vs_pypdf']:.1f}x faster"
        )
        print(
            f"  peak memory per PDF: {pdf['peak_rss_growth_mb']:.1f} MB resident growth, "
            f"{pdf['peak_traced_mb']:.2f} MB of Python allocations"
        )
    published = results.get("published_briefing")
    if published:
        if published.get("skipped"):
            print(f"\nBriefing on published PDFs: skipped ({published['skipped']})")
        else:
            print(
                f"\nBriefing on {published['reports']} published-style PDFs, cold: "
                f"{published['big_cold_s']:.1f} s; 2 bundled reports {published['small_s']:.1f} s "
                f"(best of {published['repeats']})"
            )
    print("\nTargets")
    for check in results["targets"]:
        mark = "ok  " if check["met"] else "MISS"
        print(f"  [{mark}] {check['name']}: {check['value']} {check['unit']} {check['target']}")


def machine() -> dict[str, Any]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "commit": commit,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument(
        "--repeats", type=int, default=3, help="timed runs per size (one fewer above 100)"
    )
    parser.add_argument("--briefing-repeats", type=int, default=2)
    parser.add_argument("--skip-parse", action="store_true")
    parser.add_argument(
        "--pin", action="store_true", help="pin parsing to one CPU (only on an idle machine)"
    )
    parser.add_argument("--skip-briefing", action="store_true")
    parser.add_argument(
        "--skip-pdf", action="store_true", help="skip the PDF letters and their briefing"
    )
    parser.add_argument("--pdf-repeats", type=int, default=9)
    parser.add_argument("--out", type=Path, default=RESULTS, help="results JSON file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary corpora")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if any target is missed (for gating)"
    )
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        kind, *rest = args.worker
        if kind == "parse":
            result = worker_parse(rest[0], int(rest[1]), "trace" in rest, "pin" in rest)
        elif kind == "pdf":
            result = worker_pdf(rest[0], int(rest[1]), "pin" in rest)
        elif kind == "pdfmem":
            result = worker_pdfmem(rest[0])
        else:
            result = worker_floor(int(rest[0]), rest[1], int(rest[2]))
        print(json.dumps(result))
        return 0

    work = Path(tempfile.mkdtemp(prefix="sqs-bench-"))
    results: dict[str, Any] = {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "seed": SEED,
    }
    try:
        print("import time ...", file=sys.stderr)
        results["import"] = measure_import()
        if not args.skip_parse:
            print("parse throughput ...", file=sys.stderr)
            results["parse"] = measure_parse(sorted(args.sizes), work, args.repeats, args.pin)
        if not args.skip_pdf:
            print("PDF letters ...", file=sys.stderr)
            results["pdf"] = measure_pdf(args.pdf_repeats, args.pin)
        if args.skip_briefing:
            results["briefing_skipped"] = "--skip-briefing"
        elif not _briefing_available():
            results["briefing_skipped"] = "sqs_analysis.briefing is not available"
        else:
            print("briefing time ...", file=sys.stderr)
            results["briefing"] = measure_briefing(work, max(args.sizes), args.briefing_repeats)
            if not args.skip_pdf:
                print("briefing on published PDFs ...", file=sys.stderr)
                results["published_briefing"] = measure_published_briefing(
                    work, args.briefing_repeats
                )
    finally:
        if args.keep:
            print(f"corpora kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    results["targets"] = check_targets(results)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_table(results)
    print(f"\nresults written to {args.out}")
    missed = [c["name"] for c in results["targets"] if not c["met"]]
    met = len(results["targets"]) - len(missed)
    print(
        f"targets: {met} met, {len(missed)} missed" + (f" ({'; '.join(missed)})" if missed else "")
    )
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
