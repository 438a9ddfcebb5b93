"""The benchmark script's workers still run against the package as it is now.

`make bench` takes minutes, so the suite runs one of its workers on the bundled reports: an
interface change in the package (a function that returns one more value, say) then fails here
rather than the next time someone measures.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_parse_worker_measures_the_bundled_reports():
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--worker",
            "parse",
            str(ROOT / "data" / "raw"),
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["files"] == 2 and result["reports"] == 2 and result["failed"] == 0
    assert result["judgements"] > 0 and result["parse_s"] > 0
