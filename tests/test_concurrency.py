"""Runs at the same time: real processes writing one output folder, and the parse cache.

A scheduled briefing and an analyst's rerun can start together. They must take turns on the
folder (never a traceback, never a folder mixing two runs' files) and leave exactly what a
single run leaves.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sqs_analysis.tables.lock import LOCK_NAME, FolderBusy, folder_lock

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"

HOLD_LOCK = """
import sys, time
from sqs_analysis.tables.lock import folder_lock
with folder_lock(sys.argv[1]):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start ``sqs-analysis`` in its own interpreter, as a scheduler or a user would."""
    return subprocess.Popen(
        [sys.executable, "-m", "sqs_analysis", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def finish(processes: list[subprocess.Popen], timeout: float) -> list[tuple[int, str]]:
    """Each process's exit status and stderr, once all have ended."""
    results = []
    for process in processes:
        _, err = process.communicate(timeout=timeout)
        results.append((process.returncode, err))
    return results


def folder_bytes(folder: Path, pattern: str = "**/*.csv") -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.glob(pattern))}


def holder(folder: Path, seconds: float) -> subprocess.Popen:
    """A process that holds ``folder``'s lock for ``seconds``; returns once it holds it."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(folder), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "locked"
    return process


def test_three_concurrent_parses_leave_what_one_run_leaves(tmp_path):
    single = tmp_path / "single"
    ((code, err),) = finish([cli("parse", RAW, "--out", single, "--no-cache")], timeout=120)
    assert code == 0, err
    expected = folder_bytes(single)
    assert len(expected) >= 9, "every table should be written"

    shared = tmp_path / "shared"
    for _ in range(4):  # several rounds, so the runs overlap in different phases
        runs = [cli("parse", RAW, "--out", shared, "--no-cache", "--jobs", "1") for _ in range(3)]
        for code, err in finish(runs, timeout=180):
            assert code == 0, err
            assert "Traceback" not in err
        assert folder_bytes(shared) == expected
        leftovers = [p.name for p in shared.iterdir() if p.name.startswith(".staging-")]
        assert not leftovers, f"staging folders left behind: {leftovers}"
        assert sorted(p.name for p in shared.iterdir() if not p.name.startswith(".")) == sorted(
            expected
        )


def test_a_killed_run_does_not_lock_the_folder(tmp_path):
    folder = tmp_path / "out"
    process = holder(folder, seconds=60)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert (folder / LOCK_NAME).exists(), "the lock file stays behind after SIGKILL"
    started = time.monotonic()
    with folder_lock(folder, wait_s=5):
        pass
    assert time.monotonic() - started < 2


def test_a_busy_folder_names_the_process_and_gives_up_when_told(tmp_path):
    folder = tmp_path / "out"
    process = holder(folder, seconds=30)
    try:
        said: list[str] = []
        with (
            pytest.raises(FolderBusy, match=rf"process {process.pid}\b"),
            folder_lock(folder, wait_s=0.5, notify=said.append),
        ):
            pass
        assert len(said) == 1 and f"process {process.pid}" in said[0]

        run = cli("parse", RAW, "--out", folder, env={"SQS_ANALYSIS_LOCK_WAIT": "0.5"})
        ((code, err),) = finish([run], timeout=120)
        assert code == 3
        assert "Traceback" not in err
        errors = [line for line in err.splitlines() if line.startswith("ERROR")]
        assert len(errors) == 1 and f"process {process.pid}" in errors[0]
        assert not list(folder.glob("*.csv")), "nothing is written while another run holds it"
    finally:
        process.kill()
        process.wait(timeout=10)


def test_a_waiting_run_says_so_once_then_writes(tmp_path):
    folder = tmp_path / "out"
    process = holder(folder, seconds=2)
    run = cli("parse", RAW, "--out", folder)
    ((code, err),) = finish([run], timeout=120)
    process.wait(timeout=10)
    assert code == 0, err
    waiting = [line for line in err.splitlines() if "in use by" in line]
    assert len(waiting) == 1 and f"process {process.pid}" in waiting[0]
    assert (folder / "reports.csv").exists()


CACHE_WRITER = """
import sys
from pathlib import Path
from sqs_analysis.ingest.cache import ParseCache
cache = ParseCache(sys.argv[1])
tag = sys.argv[2]
payload = (None, [tag] * 5000, {"writer": tag, "source_path": "x"})
for _ in range(int(sys.argv[3])):
    cache.put("ab" * 32, payload)
"""

CACHE_READER = """
import sys
import time
from pathlib import Path
from sqs_analysis.ingest.cache import ParseCache
cache = ParseCache(sys.argv[1])
# start reading in earnest once the first writer has written: the writers start at the same
# time but may take longer to import than this reader takes to run its reads
deadline = time.monotonic() + 60
while cache.get("ab" * 32, Path("x")) is None and time.monotonic() < deadline:
    time.sleep(0.001)
seen = 0
for _ in range(int(sys.argv[2])):
    got = cache.get("ab" * 32, Path("x"))
    if got is None:
        continue
    report, issues, row = got
    tag = row["writer"]
    assert report is None and issues == [tag] * 5000, "a torn entry was read"
    seen += 1
print(seen)
"""


def test_concurrent_cache_writers_never_show_a_reader_a_torn_entry(tmp_path):
    folder = tmp_path / "cache"
    writers = [
        subprocess.Popen([sys.executable, "-c", CACHE_WRITER, str(folder), f"w{i}", "300"])
        for i in range(3)
    ]
    reader = subprocess.run(
        [sys.executable, "-c", CACHE_READER, str(folder), "3000"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    assert reader.returncode == 0, reader.stderr
    assert int(reader.stdout) > 0, "the reader should have found the entry at least once"
    entries = list(folder.rglob("*.pickle"))
    assert len(entries) == 1, "one entry, whichever writer finished last"
    assert not list(folder.rglob(".tmp-*")), "no temporary file is left behind"


@pytest.mark.slow
def test_two_concurrent_briefings_leave_what_two_in_turn_leave(tmp_path):
    # two briefings one after the other: the second compares itself with the first
    # (outputs/changes.csv), so that is what two at once must leave too
    single = tmp_path / "single"
    for _ in range(2):
        ((code, err),) = finish([cli("brief", "--data", RAW, "--out", single)], timeout=300)
        assert code == 0, err
    (expected_folder,) = [p for p in single.iterdir() if p.is_dir()]
    expected = folder_bytes(expected_folder)
    names = {str(p.relative_to(expected_folder)) for p in expected_folder.rglob("*")}

    shared = tmp_path / "shared"
    runs = [cli("brief", "--data", RAW, "--out", shared) for _ in range(2)]
    for code, err in finish(runs, timeout=600):
        assert code == 0, err
        assert "Traceback" not in err
    (folder,) = [p for p in shared.iterdir() if p.is_dir()]
    assert folder.name == expected_folder.name
    assert folder_bytes(folder) == expected
    assert {str(p.relative_to(folder)) for p in folder.rglob("*")} == names
