"""One writer at a time for an output folder, so concurrent runs never mix their files.

A scheduled briefing and an analyst's rerun may write the same folder at the same moment.
Each run takes an exclusive lock on ``<folder>/.sqs-analysis.lock`` before it writes there and
keeps it until its outputs are in place; a second run waits for it (saying once, on one
line, which process holds the folder) and then writes a complete set of its own. The lock is
an operating-system file lock, released by the kernel when its process ends however it ends
(even by SIGKILL), so a killed run can never leave the folder locked; the lock file itself is
left behind and is harmless.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

LOCK_NAME = ".sqs-analysis.lock"
WAIT_ENV_VAR = "SQS_ANALYSIS_LOCK_WAIT"
"""Seconds a run waits for another to finish with the folder (default :data:`DEFAULT_WAIT_S`)."""
DEFAULT_WAIT_S = 900.0
POLL_S = 0.1


class FolderBusy(RuntimeError):
    """The folder stayed locked by another run for longer than the caller would wait."""


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _default_wait() -> float:
    try:
        return max(0.0, float(os.environ.get(WAIT_ENV_VAR, DEFAULT_WAIT_S)))
    except ValueError:
        return DEFAULT_WAIT_S


def _holder(path: Path) -> str:
    """Who holds the lock, as its holder wrote it (``process N, since T``), if readable."""
    try:
        text = path.read_text("utf-8").strip()
    except OSError:
        text = ""
    return text or "another process"


@contextlib.contextmanager
def folder_lock(
    folder: str | Path,
    *,
    wait_s: float | None = None,
    notify: Callable[[str], None] | None = None,
) -> Iterator[Path]:
    """Hold ``folder`` for this process: wait while another run writes it, then lock it.

    ``notify`` is called once with a one-line message if the folder is busy. Raises
    :class:`FolderBusy` after ``wait_s`` seconds (by default ``$SQS_ANALYSIS_LOCK_WAIT`` or
    :data:`DEFAULT_WAIT_S`). Yields the folder (created if missing).
    """
    if wait_s is None:
        wait_s = _default_wait()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole block
    try:
        deadline = time.monotonic() + wait_s
        told = False
        while not _try_lock(handle):
            if not told and notify is not None:
                notify(f"{folder} is in use by {_holder(path)}; waiting for it to finish")
                told = True
            if time.monotonic() >= deadline:
                raise FolderBusy(
                    f"{folder} is still in use by {_holder(path)} after {wait_s:.0f} s; "
                    "try again when that run has finished"
                )
            time.sleep(POLL_S)
        handle.seek(0)
        handle.truncate()
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        handle.write(f"process {os.getpid()}, since {stamp}\n")
        handle.flush()
        try:
            yield folder
        finally:
            with contextlib.suppress(OSError):
                handle.seek(0)
                handle.truncate()
                handle.flush()
            _unlock(handle)
    finally:
        handle.close()
