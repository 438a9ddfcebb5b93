"""Benchmarks: parse throughput and memory, briefing time against its floor, import time.

Run ``make bench`` (or ``.venv/bin/python benchmarks/run.py``). It prints a table, writes
``benchmarks/results.json`` and lists which targets were met and which missed. It exits 0 when
it ran; with ``--check`` (``make bench CHECK=1``) a missed target makes it exit 1, so it can gate
a release.

Every measurement runs in a fresh subprocess, so one measurement's imports, caches and memory
never flatter the next. Parsing is pinned to one core. The corpora are synthetic (the test
generator ``tests/generators/synth.py``), generated into a temporary folder and deleted
afterwards.

Targets (see docs/benchmarks.md), every one a ratio of two things measured in the same run:

* text letters parsed at least as fast as the parser of the baseline commit
  (``text_baseline.py``), and per-report cost that does not grow with the corpus (rate at
  1,000 at least 0.8 of the rate at 10); reports a second are reported without a target;
* the briefing on the 2 bundled reports within 2.5x the floor (papermill running the same number
  of empty notebooks plus the HTML export); on 1,000 reports, cold and warm, against the
  2-report one, reported without a target;
* ``python -c 'import sqs_analysis'`` within 2x a bare interpreter, no heavy module loaded;
* PDF letters read and parsed (the published-layout fixtures, each on its own, one core):
  within 3x PDFium's own text extraction of the same files, and at least 10x the same pipeline
  with pypdf reading the PDFs (interleaved, CPU time); peak memory per PDF reported;
* the briefing on 150 distinct published-style PDF letters, cold (no parse cache), within
  1.35x the 2-report briefing (skipped, with the reason, where the letters cannot be made:
  see ``benchmarks/published_corpus.py``).
"""

import argparse
import json
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from common import RESULTS, SEED
from measure import (
    briefing_available,
    measure_briefing,
    measure_import,
    measure_parse,
    measure_pdf,
    measure_published_briefing,
    measure_text_baseline,
)
from report import machine, print_table
from targets import check_targets
from workers import run_worker


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
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
    return parser.parse_args(argv)


def measure_all(args: argparse.Namespace, work: Path, results: dict[str, Any]) -> None:
    """Every measurement the options ask for, into ``results``, in the order they are made."""
    print("import time ...", file=sys.stderr)
    results["import"] = measure_import()
    if not args.skip_parse:
        print("parse throughput ...", file=sys.stderr)
        results["parse"] = measure_parse(sorted(args.sizes), work, args.repeats, args.pin)
        print("text letters against the baseline parser ...", file=sys.stderr)
        results["text_baseline"] = measure_text_baseline(work)
    if not args.skip_pdf:
        print("PDF letters ...", file=sys.stderr)
        results["pdf"] = measure_pdf(args.pdf_repeats, args.pin)
    if args.skip_briefing:
        results["briefing_skipped"] = "--skip-briefing"
    elif not briefing_available():
        results["briefing_skipped"] = "sqs_analysis.briefing is not available"
    else:
        print("briefing time ...", file=sys.stderr)
        results["briefing"] = measure_briefing(work, max(args.sizes), args.briefing_repeats)
        if not args.skip_pdf:
            print("briefing on published PDFs ...", file=sys.stderr)
            results["published_briefing"] = measure_published_briefing(work, args.briefing_repeats)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        kind, *rest = args.worker
        print(json.dumps(run_worker(kind, rest)))
        return 0

    work = Path(tempfile.mkdtemp(prefix="sqs-bench-"))
    results: dict[str, Any] = {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "seed": SEED,
    }
    try:
        measure_all(args, work, results)
    finally:
        if args.keep:
            print(f"corpora kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    results["targets"] = check_targets(results)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_table(results)
    print(f"\nresults written to {args.out}")
    held = [c for c in results["targets"] if c["met"] is not None]
    missed = [c["name"] for c in held if not c["met"]]
    met = len(held) - len(missed)
    print(
        f"targets: {met} met, {len(missed)} missed" + (f" ({'; '.join(missed)})" if missed else "")
    )
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
