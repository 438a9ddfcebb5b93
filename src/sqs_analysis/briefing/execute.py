"""Run the briefing's notebooks headlessly with papermill, several at once.

Kernels can be launched early with :func:`start_kernels` (before the reports are parsed), so
the seconds a kernel spends starting and importing its libraries overlap the parsing instead of
following it: one per core this process may use (:func:`kernels_for`), each then running its
share of the notebooks in turn, its namespace emptied and its execution count set back to 1
between them (:func:`reset_kernel`), as in a kernel just started. They are started, warmed and
reset through public interfaces only: jupyter_client's ``KernelManager`` and client and
IPython's ``exec_lines`` option and ``reset``. A notebook given no kernel has papermill start
one. Every failure is raised as :class:`NotebookError` naming the notebook and, where there is
one, the cell.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

KERNEL = "python3"
WARM_IMPORTS = ("pandas", "matplotlib.figure")
"""Libraries every notebook imports. A kernel started early imports them as it starts, while
the reports are parsed; the notebook's own imports then find them loaded, and nothing is left
in the notebook's namespace."""
KERNEL_ARGUMENTS = [
    "--IPKernelApp.log_level=CRITICAL",  # no kernel start-up chatter
    "--HistoryManager.enabled=False",  # a headless run keeps no input history (saves ~0.1 s)
]


def _warming_arguments() -> list[str]:
    """IPython's ``exec_lines`` (run once as the kernel starts) importing :data:`WARM_IMPORTS`."""
    import json

    names = ", ".join(WARM_IMPORTS)
    roots = ", ".join(sorted({m.split(".")[0] for m in WARM_IMPORTS}))
    return [f"--IPKernelApp.exec_lines={json.dumps([f'import {names}', f'del {roots}'])}"]


MAX_PARALLEL_NOTEBOOKS = 4
"""Notebooks run at once at most, each in its own kernel (they are independent)."""


def kernels_for(notebooks: int) -> int:
    """Kernels to start for ``notebooks`` notebooks: one per core this process may use, up to
    :data:`MAX_PARALLEL_NOTEBOOKS` and the number of notebooks.

    A kernel costs about 0.7 s of CPU to start and import pandas and matplotlib, and about
    0.15 s more the first time a notebook draws and reads tables in it; more kernels than
    cores only add that cost, as they cannot run at once. Measured on two cores, the 2-report
    briefing took 6.6-7.2 s of CPU with two kernels, each running two notebooks in turn,
    against 8.5-9.4 s with four (its wall time within the host's noise: 5.6-6.2 s against
    5.0-6.5 s, 1.9x against 2.1x the floor in the same rounds)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # no affinity on this system (macOS, Windows)
        cores = os.cpu_count() or 1
    return max(1, min(notebooks, MAX_PARALLEL_NOTEBOOKS, cores))


class NotebookError(RuntimeError):
    """A notebook failed, timed out or could not start; the message says which and where."""


def _source_index(executed: Any, index: int) -> int:
    """Cell index in the source notebook for ``index`` in papermill's output notebook."""
    injected = [
        i
        for i, cell in enumerate(executed.cells)
        if "injected-parameters" in cell.get("metadata", {}).get("tags", [])
    ]
    return index - 1 if injected and index > injected[0] else index


def _first_line(source: str) -> str:
    for line in str(source).splitlines():
        if line.strip():
            return line.strip()[:80]
    return ""


def _timed_out_cell(output_path: Path) -> tuple[int | None, str]:
    """The cell that was running when the timeout struck (last one papermill started)."""
    import nbformat

    try:
        nb = nbformat.read(output_path, as_version=4)
    except (OSError, ValueError):
        return None, ""
    started = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.get("metadata", {}).get("papermill", {}).get("start_time")
    ]
    if not started:
        return None, ""
    i = started[-1]
    return _source_index(nb, i), _first_line(nb.cells[i].source)


@cache
def _handed_over_kernel() -> type:
    """A kernel manager for a kernel started here and handed to one notebook.

    It remembers the clients connected to its kernel, so that stopping the kernel also closes
    them (a notebook run does not close a client of a kernel it was handed), and its clients
    are asynchronous, as papermill's own are.
    """
    from jupyter_client.manager import KernelManager

    class HandedOverKernel(KernelManager):
        socket_folder: Path | None = None

        def client(self, **kwargs: Any) -> Any:
            client = super().client(**kwargs)
            self.__dict__.setdefault("_handed_clients", []).append(client)
            return client

        def stop(self) -> None:
            for client in self.__dict__.pop("_handed_clients", []):
                with contextlib.suppress(Exception):
                    client.stop_channels()
            with contextlib.suppress(Exception):
                if self.has_kernel:
                    self.shutdown_kernel(now=True)
            with contextlib.suppress(Exception):
                self.cleanup_resources()

    return HandedOverKernel


def start_kernels(count: int, cwd: Path) -> list[Any]:
    """Launch ``count`` kernels in ``cwd`` without waiting for them to be ready.

    Each imports :data:`WARM_IMPORTS` as it starts (IPython's ``exec_lines``). Where the
    system has them, the kernels listen on Unix sockets in a private folder rather
    than on TCP ports: a port chosen for a kernel that is still starting can be taken by
    another connection in the meantime, which leaves that kernel unable to start.

    A kernel that cannot be launched (no such kernel, say) is left out, so the notebook that
    would have had it starts its own through papermill and reports the problem itself.
    """
    import tempfile

    sockets = Path(tempfile.mkdtemp(prefix="sqs-kernels-")) if os.name == "posix" else None
    warming = _warming_arguments()
    managers = []
    for i in range(count):
        where = {"transport": "ipc", "ip": str(sockets / f"k{i}")} if sockets else {}
        manager = _handed_over_kernel()(
            kernel_name=KERNEL,
            client_class="jupyter_client.asynchronous.AsyncKernelClient",
            **where,
        )
        manager.socket_folder = sockets
        try:
            manager.start_kernel(extra_arguments=[*KERNEL_ARGUMENTS, *warming], cwd=str(cwd))
        except Exception:  # reported when the notebook starts its own kernel
            continue
        managers.append(manager)
    if sockets and not managers:
        shutil.rmtree(sockets, ignore_errors=True)
    return managers


def stop_kernels(managers: Sequence[Any]) -> None:
    """Stop every kernel (idle, finished or still running a hung cell), its clients and its
    socket folder."""
    for manager in managers:
        manager.stop()
    for folder in {m.socket_folder for m in managers if m.socket_folder is not None}:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def started_kernels(count: int, cwd: Path) -> Iterator[list[Any]]:
    """:func:`start_kernels`, stopped with :func:`stop_kernels` however the block ends."""
    kernels = start_kernels(count, cwd)
    try:
        yield kernels
    finally:
        stop_kernels(kernels)


def run_notebook(
    source: Path,
    output: Path,
    parameters: dict[str, Any],
    timeout: int,
    cwd: Path,
    kernel: Any = None,
) -> float:
    """Execute one notebook with papermill (in ``kernel`` if given); seconds taken."""
    import nbformat
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError

    started = time.monotonic()
    # The kernel's working folder is set when it starts, never by changing this process's
    # folder: papermill's ``cwd`` does that, which is unsafe with notebooks in threads.
    where: dict[str, Any] = (
        {"km": kernel} if kernel is not None else {"resources": {"metadata": {"path": str(cwd)}}}
    )
    try:
        pm.execute_notebook(
            str(source),
            str(output),
            parameters=parameters,
            kernel_name=KERNEL,
            execution_timeout=timeout,
            progress_bar=False,
            log_output=False,
            extra_arguments=KERNEL_ARGUMENTS,
            **where,
        )
    except pm.PapermillExecutionError as exc:
        index = exc.cell_index
        with contextlib.suppress(OSError, ValueError):
            index = _source_index(nbformat.read(output, as_version=4), exc.cell_index)
        raise NotebookError(
            f"notebook {source.name} failed in cell {index} ({_first_line(exc.source)!r}): "
            f"{exc.ename}: {exc.evalue}"
        ) from exc
    except (CellTimeoutError, TimeoutError) as exc:
        index, line = _timed_out_cell(output)
        at = f"cell {index} ({line!r})" if index is not None else "a cell"
        raise NotebookError(
            f"notebook {source.name} timed out in {at}: still running after {timeout} s "
            "(raise --timeout if the corpus is large)"
        ) from exc
    except Exception as exc:  # kernel died, missing kernel, unreadable notebook ...
        raise NotebookError(f"notebook {source.name} could not run: {exc}") from exc
    return time.monotonic() - started


RESET = "get_ipython().reset(new_session=True)"
"""Empties IPython's namespace and sets its execution count back to 1 (modules imported stay
imported, as pandas and matplotlib are in a kernel just warmed)."""


def reset_kernel(kernel: Any, name: str, timeout: float = 60) -> None:
    """Make a kernel that has run a notebook ready for the next one, ``name``: nothing of the
    notebook before is left in its namespace, and the cells count from 1 again."""
    from queue import Empty

    client = kernel.blocking_client()
    # no heartbeat: the reply's timeout tells a dead kernel, and a heartbeat thread left beating
    # (re-opening its socket each second a busy kernel is slow to answer) is one more thread
    # and socket in a process that runs several kernels
    client.start_channels(hb=False)
    try:
        msg_id = client.execute(RESET, silent=True, store_history=False)
        reply = client.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:  # replies to readiness checks
            reply = client.get_shell_msg(timeout=timeout)
    except Empty as exc:
        raise NotebookError(
            f"notebook {name} could not run: its kernel did not answer in {timeout} s"
        ) from exc
    finally:
        client.stop_channels()
    content = reply["content"]
    if content["status"] != "ok":
        raise NotebookError(
            f"notebook {name} could not run: its kernel could not be reset: "
            f"{content.get('ename')}: {content.get('evalue')}"
        )


def run_notebooks(
    names: Sequence[str],
    nb_dir: Path,
    out_dir: Path,
    parameters: dict[str, Any],
    timeout: int,
    progress: Callable[[str], None],
    *,
    kernels: Sequence[Any] = (),
    parallel: int | None = None,
    then: Callable[[str], None] | None = None,
) -> dict[str, float]:
    """Run every notebook, several at a time; seconds each, in ``names`` order.

    The notebooks only read the parsed tables and write their own outputs, so they are
    independent. Given ``kernels``, notebook ``i`` runs in ``kernels[i % len(kernels)]``, each
    kernel running its notebooks in ``names`` order, reset between them
    (:func:`reset_kernel`), and stopped after its last; without, up to ``parallel`` run at
    once, each in a kernel papermill starts. ``then(name)`` runs in a thread of its own as
    soon as a notebook has finished (to export it while others, and the next in its kernel,
    run). On the first failure (of a notebook or of ``then``) no further notebook is started;
    those already running finish, and the failure of the earliest notebook (in ``names``
    order) is raised.
    """
    import threading
    from concurrent.futures import ThreadPoolExecutor

    total = len(names)
    lanes = len(kernels) or parallel or MAX_PARALLEL_NOTEBOOKS
    seconds: dict[str, float] = {}
    failures: dict[int, BaseException] = {}
    failed = threading.Event()
    following = ThreadPoolExecutor(max_workers=lanes, thread_name_prefix="then")

    def follow(i: int, name: str) -> None:
        try:
            then(name)  # type: ignore[misc]
        except Exception as exc:
            failures[i] = exc
            failed.set()

    def one(i: int, kernel: Any, after_another: bool) -> None:
        name = names[i]
        progress(f"briefing: [{i + 1}/{total}] running {name} ...")
        if after_another:
            reset_kernel(kernel, name)
        seconds[name] = run_notebook(
            nb_dir / name, out_dir / name, parameters, timeout, nb_dir, kernel
        )
        progress(f"briefing: [{i + 1}/{total}] {name} done in {seconds[name]:.1f} s")
        if then is not None:
            following.submit(follow, i, name)

    def lane(first: int) -> None:
        kernel = kernels[first] if kernels else None
        try:
            for i in range(first, total, lanes):
                if failed.is_set():
                    return
                try:
                    one(i, kernel, kernel is not None and i != first)
                except Exception as exc:
                    failures[i] = exc
                    failed.set()
                    return
        finally:
            if kernel is not None:
                kernel.stop()

    with following, ThreadPoolExecutor(lanes, thread_name_prefix="notebook") as pool:
        list(pool.map(lane, range(min(lanes, total))))
    if failures:
        raise failures[min(failures)]
    return {name: round(seconds[name], 2) for name in names}
