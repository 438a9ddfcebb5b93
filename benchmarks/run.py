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
* ``import sqs_analysis`` under 0.3 s (best of several fresh interpreters).
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

    paths, _ = find_inputs([folder])
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
        if args.skip_briefing:
            results["briefing_skipped"] = "--skip-briefing"
        elif not _briefing_available():
            results["briefing_skipped"] = "sqs_analysis.briefing is not available"
        else:
            print("briefing time ...", file=sys.stderr)
            results["briefing"] = measure_briefing(work, max(args.sizes), args.briefing_repeats)
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
