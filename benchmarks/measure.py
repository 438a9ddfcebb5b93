"""The benchmark's measurements: each runs workers (``workers.py``) or the command line in
fresh processes and returns what it measured."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import ONE_CORE_ENV, PUBLISHED, PUBLISHED_BRIEFING_REPORTS, RAW, ROOT, RUN, SEED, TESTS


def _run_worker(args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a worker in a fresh interpreter; its JSON, plus ``process_s``: wall time from
    launching the interpreter to its exit (the same span a briefing's CLI run is timed over)."""
    full_env = {**os.environ, **ONE_CORE_ENV, **(env or {})}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(RUN), "--worker", *args],
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


def measure_import(runs: int = 7) -> dict[str, Any]:
    """``import sqs_analysis`` in a fresh interpreter against a bare interpreter, alternating:
    the whole process from launch to exit, so the ratio is what the import adds to starting
    Python; and which heavy modules the import pulls in."""
    code = (
        "import sys, time; t = time.perf_counter(); import sqs_analysis; "
        "d = time.perf_counter() - t; "
        "heavy = [m for m in ('pandas', 'matplotlib', 'seaborn', 'papermill', 'numpy') "
        "if m in sys.modules]; print(d, ','.join(heavy))"
    )
    bare = "import sys, time; t = time.perf_counter(); print(time.perf_counter() - t, '')"
    times, process, bare_process = [], [], []
    heavy = ""
    for _ in range(runs):
        for source, into in ((bare, bare_process), (code, process)):
            started = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-c", source], capture_output=True, text=True, check=True, cwd=ROOT
            ).stdout.split()
            into.append(time.perf_counter() - started)
        times.append(float(out[0]))
        heavy = out[1] if len(out) > 1 else ""
    return {
        "best_s": min(times),
        "median_s": sorted(times)[len(times) // 2],
        "process_best_s": min(process),
        "bare_process_best_s": min(bare_process),
        "vs_bare_interpreter": round(min(process) / min(bare_process), 2),
        "runs": runs,
        "heavy_modules_loaded": heavy.split(",") if heavy else [],
    }


def measure_text_baseline(work: Path, rounds: int = 3) -> dict[str, Any]:
    """Text letters parsed by this version against the baseline commit's parser
    (``text_baseline.py``), alternating in fresh interpreters."""
    import text_baseline

    result = text_baseline.measure(work / "text_baseline", rounds=rounds)
    print(text_baseline.describe(result), file=sys.stderr)
    return result


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


def briefing_available() -> bool:
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


def _briefing_parallelism(notebooks: int) -> int:
    """Notebooks the briefing runs at once: one per kernel it starts for its own notebooks."""
    from sqs_analysis.briefing.execute import kernels_for

    return kernels_for(notebooks)


FLOOR_ATTEMPTS = 3


def _run_floor(notebooks: int, out: Path) -> dict[str, Any]:
    """The floor, tried again if it fails: papermill's kernels listen on TCP ports chosen
    before they start, and under load another connection can take one first, so a kernel
    of the floor itself occasionally never answers. How often it happened is recorded."""
    for attempt in range(FLOOR_ATTEMPTS):
        try:
            result = _run_worker(
                [
                    "floor",
                    str(notebooks),
                    str(out / str(attempt)),
                    str(_briefing_parallelism(notebooks)),
                ]
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
        "parallel": _briefing_parallelism(notebooks),
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
        "vs_pdfium_text": round(timing["pdfium_cpu_ms"] / timing["pdfium_text_cpu_ms"], 2),
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
        f"{result['vs_pdfium_text']:.2f}x PDFium's own text extraction; "
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
