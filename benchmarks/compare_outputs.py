"""Record what a version of the package writes, and compare two such records byte for byte.

A change meant to leave behaviour alone (a refactoring, a speed-up) should leave every table
the parser writes and every table the notebooks write exactly as it was. Record the outputs
before the change, record them again after, and compare:

    .venv/bin/python benchmarks/compare_outputs.py record data/raw /tmp/before/bundled
    ... change the code ...
    .venv/bin/python benchmarks/compare_outputs.py record data/raw /tmp/after/bundled
    .venv/bin/python benchmarks/compare_outputs.py compare /tmp/before /tmp/after

``record`` runs ``sqs-analysis parse DATA --out OUT/tables --no-cache`` and ``sqs-analysis
brief --data DATA --out OUT/brief --no-cache`` (plus ``--from``, ``--to`` and ``--area`` when
given). ``compare`` pairs every file matching ``--pattern`` (default ``*.csv``) by its path
below each folder, prints every difference and a count per folder, and exits 1 if any file
differs or is missing on one side. Briefing pages, notebooks and provenance hold times, so
they are not compared by default; PNGs can be, with ``--pattern '*.png'``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter
from pathlib import Path


def _command() -> list[str]:
    cli = Path(sys.executable).with_name("sqs-analysis")
    return [str(cli)] if cli.exists() else [sys.executable, "-m", "sqs_analysis"]


def record(
    data: Path, out: Path, date_from: str = "", date_to: str = "", areas: list[str] | None = None
) -> None:
    """Parse ``data`` into ``out/tables`` and brief on it into ``out/brief``, afresh."""
    base = _command()
    steps = [
        [*base, "parse", str(data), "--out", str(out / "tables"), "--no-cache"],
        [*base, "brief", "--data", str(data), "--out", str(out / "brief"), "--no-cache"],
    ]
    if date_from:
        steps[1] += ["--from", date_from]
    if date_to:
        steps[1] += ["--to", date_to]
    for area in areas or []:
        steps[1] += ["--area", area]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        # ``parse`` exits 1 when some input file failed; the tables are still written
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(step)} failed ({done.returncode}):\n{done.stderr}")


def compare(before: Path, after: Path, pattern: str = "*.csv") -> int:
    """Print every difference between the files matching ``pattern`` below the two folders;
    the number of files that differ or exist on one side only."""
    old = {p.relative_to(before): p for p in before.rglob(pattern) if p.is_file()}
    new = {p.relative_to(after): p for p in after.rglob(pattern) if p.is_file()}
    problems = 0
    same: Counter[Path] = Counter()
    for rel in sorted(old.keys() | new.keys()):
        if rel not in new:
            print(f"only before: {rel}")
            problems += 1
        elif rel not in old:
            print(f"only after:  {rel}")
            problems += 1
        elif old[rel].read_bytes() != new[rel].read_bytes():
            print(f"differs:     {rel}")
            problems += 1
        else:
            same[rel.parent] += 1
    for folder, count in sorted(same.items()):
        print(f"identical:   {count:>3} file(s) in {folder}")
    print(
        f"{sum(same.values())} of {len(old.keys() | new.keys())} file(s) matching {pattern!r} "
        f"identical; {problems} differ or are missing"
    )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("record", help="parse and brief on DATA into OUT")
    r.add_argument("data", type=Path)
    r.add_argument("out", type=Path)
    r.add_argument("--from", dest="date_from", default="")
    r.add_argument("--to", dest="date_to", default="")
    r.add_argument("--area", action="append", default=[])
    c = sub.add_parser("compare", help="compare two recorded folders byte for byte")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--pattern", default="*.csv")
    args = parser.parse_args(argv)
    if args.command == "record":
        record(args.data, args.out, args.date_from, args.date_to, args.area)
        return 0
    return 1 if compare(args.before, args.after, args.pattern) else 0


if __name__ == "__main__":
    sys.exit(main())
