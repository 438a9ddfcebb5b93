"""The text-letter benchmark times the version it is given, not whichever is installed.

``benchmarks/text_baseline.py`` compares this version's parser with an earlier commit's by
putting each one's ``src`` on ``PYTHONPATH`` in a fresh interpreter. If the installed package
won over ``PYTHONPATH`` both timings would be of the same code and the ratio would always be 1,
so this checks which package each worker imported, on a copy of this version's own source.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import text_baseline  # noqa: E402


def test_a_worker_parses_with_the_source_it_is_given(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "src", copy, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    timing = text_baseline.time_parse(copy, ROOT / "data" / "raw", repeats=1)
    assert Path(timing["package"]).resolve().is_relative_to(copy.resolve())
    assert timing["reports"] == 2 and timing["cpu_s"] > 0


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_baseline_is_taken_from_a_commit_or_the_reason_is_given(tmp_path):
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    if not head:
        pytest.skip("not a git checkout")
    src, why = text_baseline.baseline_source(head, tmp_path / "head")
    assert src is not None and why == ""
    assert (src / "sqs_analysis" / "ingest" / "parse.py").is_file()
    missing, why = text_baseline.baseline_source("0" * 40, tmp_path / "none")
    assert missing is None and "not in this clone" in why
