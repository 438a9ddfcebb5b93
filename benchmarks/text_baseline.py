"""Text letters parsed by this version against the same letters parsed by a baseline version.

The parser's speed on text letters is a ratio, not a rate: reports a second depend on the
machine and on whatever else it is doing, but two versions timed side by side on the same
machine, in alternation, share both. The baseline is the package's source at a fixed commit
(``BASELINE_REF``: the parser before it learnt other inspectors' wording), taken with
``git archive`` from this repository into a temporary folder. Each timing runs in a fresh
interpreter with only that version's ``src`` on ``PYTHONPATH``, parses the same synthetic
corpus after a one-report warm-up, and keeps its best CPU time (parsing is single-threaded,
so CPU seconds are the cost on one core).

Run on its own:

    .venv/bin/python benchmarks/text_baseline.py --reports 150 --rounds 3

or as part of ``make bench``. Where the baseline cannot be had (no git, or a shallow clone
without the commit) the measurement says so and is skipped; it never fails the run.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TESTS = ROOT / "tests"
SEED = 20160615

BASELINE_REF = "22fd656"
"""The parser before it learnt other inspectors' wording (phrase bank, mentions, checks)."""
TARGET_VS_BASELINE = 1.0
"""This version parses text letters at least as fast as the baseline: speed ratio >= 1."""


def baseline_source(ref: str, dest: Path) -> tuple[Path | None, str]:
    """The baseline's ``src`` folder, extracted into ``dest``; or ``None`` and why not."""
    if shutil.which("git") is None:
        return None, "git is not installed"
    done = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", ref, "src"],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return None, f"commit {ref} is not in this clone ({why[-1] if why else 'git failed'})"
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        members = archive.getmembers()
        unsafe = [m.name for m in members if m.name.startswith("/") or ".." in Path(m.name).parts]
        if unsafe or any(not (m.isfile() or m.isdir()) for m in members):
            return None, f"the archive of {ref} holds more than plain files under src/"
        # plain files and folders, checked above; Pythons that have extraction filters use one
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        archive.extractall(dest, members=members, **safe)
    return dest / "src", ""


def time_parse(src: Path, folder: Path, repeats: int) -> dict[str, Any]:
    """Best CPU seconds of ``repeats`` parses of ``folder`` by the package in ``src``, in a
    fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", str(folder), str(repeats)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"parse timing with {src} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def worker(folder: str, repeats: int) -> dict[str, Any]:
    """Runs inside the timed interpreter: whichever package ``PYTHONPATH`` gives it."""
    import sqs_analysis
    from sqs_analysis.ingest.corpus import find_inputs, parse_corpus

    paths, _, _ = find_inputs([folder])
    parse_corpus(paths[:1])  # warm-up: lazy imports and compiled patterns
    best = float("inf")
    reports = 0
    for _ in range(repeats):
        started = time.process_time()
        corpus = parse_corpus(paths)
        best = min(best, time.process_time() - started)
        reports = len(corpus.reports)
    return {"package": sqs_analysis.__file__, "reports": reports, "cpu_s": best}


def measure(
    work: Path, n_reports: int = 150, rounds: int = 3, ref: str = BASELINE_REF
) -> dict[str, Any]:
    """Both versions on the same ``n_reports`` synthetic text letters, alternating for
    ``rounds`` rounds; the speed ratio is the baseline's best CPU time over this version's."""
    result: dict[str, Any] = {"baseline_ref": ref, "reports": n_reports, "rounds": rounds}
    baseline, why = baseline_source(ref, work / "baseline")
    if baseline is None:
        return {**result, "skipped": why}
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    from generators.synth import write_corpus

    folder = work / "text_letters"
    write_corpus(folder, n_areas=max(1, n_reports // 5), years=5, formats=["text"], seed=SEED)
    runs: dict[str, list[float]] = {"current": [], "baseline": []}
    for _ in range(rounds):
        for name, src in (("current", ROOT / "src"), ("baseline", baseline)):
            timing = time_parse(src, folder, repeats=2)
            runs[name].append(timing["cpu_s"])
            result[f"{name}_reports"] = timing["reports"]
    current, base = min(runs["current"]), min(runs["baseline"])
    return {
        **result,
        "current_cpu_s": current,
        "baseline_cpu_s": base,
        "current_reports_per_s": result["current_reports"] / current,
        "baseline_reports_per_s": result["baseline_reports"] / base,
        "speed_vs_baseline": base / current,
        "target": TARGET_VS_BASELINE,
        "met": base / current >= TARGET_VS_BASELINE,
        "runs": runs,
    }


def describe(result: dict[str, Any]) -> str:
    """One line for the benchmark table."""
    if "skipped" in result:
        return f"  text letters vs baseline {result['baseline_ref']}: skipped ({result['skipped']})"
    return (
        f"  text letters vs baseline {result['baseline_ref']} ({result['reports']} letters, "
        f"CPU, best of {result['rounds']} alternating rounds): "
        f"{result['current_reports_per_s']:.0f} vs {result['baseline_reports_per_s']:.0f} "
        f"reports/s, speed ratio {result['speed_vs_baseline']:.2f} "
        f"(target >= {result['target']:.1f}: {'met' if result['met'] else 'MISSED'})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ref", default=BASELINE_REF, help="the baseline commit")
    parser.add_argument("--worker", nargs=2, metavar=("FOLDER", "REPEATS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker[0], int(args.worker[1]))))
        return 0
    with tempfile.TemporaryDirectory(prefix="sqs-text-baseline-") as tmp:
        result = measure(Path(tmp), args.reports, args.rounds, args.ref)
    print(describe(result))
    print(json.dumps({k: v for k, v in result.items() if k != "runs"}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
