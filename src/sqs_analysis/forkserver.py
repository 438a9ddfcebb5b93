"""Start IPython kernels by forking a process that has already imported what they need.

A fresh kernel spends about 1.3 s of CPU before it runs a line of a notebook: 0.5 s starting
IPython and 0.8 s importing pandas and matplotlib. A briefing starts four. This fork server
imports all of that once; each kernel is then a fork of it, which starts in a fraction of the
time and shares the imported code's memory. Each fork is a new session (its own process
group, so it can be interrupted or killed alone), reads nothing from the server's pipe and
runs IPython's kernel application with exactly the arguments ``python -m ipykernel_launcher``
would have been given. A kernel is killed when the server exits (Linux's parent-death
signal), and the server exits when the process that started it closes its pipe, dies or
stops it.

Run as ``python -m sqs_analysis.forkserver MODULE ...``: it imports the kernel and the named
modules, prints ``ready``, then reads one JSON request per line (``{"argv": [...], "cwd":
"..."}``) and answers each with the new kernel's process id. Only used on Linux: forking a
process that has loaded some macOS system libraries is not safe.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

PROTOCOL_READY = "ready"
PR_SET_PDEATHSIG = 1


def _die_with(server: int) -> None:
    """Have the kernel killed when the server exits (Linux's parent-death signal), and exit
    now if the server is already gone."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != server:
        os._exit(1)


def _kernel(argv: list[str], cwd: str, server: int) -> None:
    """In the forked child: become a standalone kernel process and run until shut down."""
    _die_with(server)
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)  # never read the server's requests
    os.dup2(2, 1)  # never write into the server's answers
    os.chdir(cwd)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # interrupts reach the kernel
    # IPython's own watch on its parent, as a second guard (given as an argument: IPython
    # read its environment variable, JPY_PARENT_PID, when the server imported it)
    argv = [*argv, f"--IPKernelApp.parent_handle={server}"]
    sys.argv = ["ipykernel_launcher", *argv]

    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(argv=argv)


def serve(preload: list[str]) -> None:
    """Import the kernel and ``preload``, then fork one kernel per request on stdin."""
    # Ctrl-C in a terminal stops the briefing, which then closes this server's pipe; the
    # server itself should not stop (with a traceback) on hearing the signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.path and (sys.path[0] in ("", ".") or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]  # as ipykernel_launcher does; the kernel puts it back
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    import importlib

    import ipykernel.kernelapp  # noqa: F401

    for name in preload:
        importlib.import_module(name)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels that exit are reaped at once
    print(PROTOCOL_READY, flush=True)
    server = os.getpid()
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                _kernel(list(request["argv"]), str(request["cwd"]), server)
                code = 0
            except SystemExit as stop:  # a kernel that ends itself, as IPython may
                code = stop.code if isinstance(stop.code, int) else 0
            except BaseException:
                import traceback

                traceback.print_exc()
            finally:
                sys.stderr.flush()
                os._exit(code)
        print(pid, flush=True)


# ----------------------------------------------------------------------------------------------
# The other end: used by the process that wants kernels.
# ----------------------------------------------------------------------------------------------


def process_running(pid: int) -> bool:
    """Whether process ``pid`` exists and has not exited. A kernel whose server died before
    it was reaped is re-parented, and may stay a zombie for a while: that counts as exited."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc: trust the signal test
    return stat.rpartition(")")[2].split()[0] != "Z"


class ForkServer:
    """A running fork server. Requests are sent at once; answers are read when first needed,
    so asking for kernels never waits for the server's imports."""

    def __init__(self, interpreter: Sequence[str], preload: Sequence[str]) -> None:
        """``interpreter``: the kernel's Python and its options (``-X...``), as in its spec."""
        self.interpreter = list(interpreter)
        self.process = subprocess.Popen(
            [*self.interpreter, "-m", "sqs_analysis.forkserver", *preload],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._lock = threading.Lock()
        self._answers: list[int] = []
        self._ready = False
        self.requests = 0

    def request(self, argv: Sequence[str], cwd: str | Path) -> ForkedKernel:
        """Ask for a kernel run with ``argv``; the handle knows its process id once answered."""
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"argv": list(argv), "cwd": str(cwd)}) + "\n")
        self.process.stdin.flush()
        self.requests += 1
        return ForkedKernel(self, self.requests - 1)

    def pid(self, index: int) -> int:
        """Process id of the ``index``-th kernel asked for (waits for the server's answer)."""
        assert self.process.stdout is not None
        with self._lock:
            while len(self._answers) <= index:
                line = self.process.stdout.readline()
                if not line:
                    raise RuntimeError(
                        f"the kernel fork server exited (status {self.process.poll()}) "
                        "before starting the kernel"
                    )
                if not self._ready:
                    self._ready = line.strip() == PROTOCOL_READY
                    continue
                self._answers.append(int(line))
            return self._answers[index]

    def close(self) -> None:
        """Stop the server at once (it holds nothing to save; kernels forked from it exit
        within a second or so once it has gone, if they have not been stopped already)."""
        with contextlib.suppress(OSError, ValueError):
            if self.process.stdin:
                self.process.stdin.close()
        with contextlib.suppress(OSError):
            self.process.kill()
        self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


class ForkedKernel:
    """A forked kernel seen as jupyter_client sees a ``subprocess.Popen``: polled, signalled,
    killed and waited for by process id (it is the server's child, not this process's)."""

    stdin = stdout = stderr = None

    def __init__(self, server: ForkServer, index: int) -> None:
        self.server = server
        self.index = index
        self.returncode: int | None = None

    @property
    def pid(self) -> int:
        return self.server.pid(self.index)

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                if not process_running(self.pid):
                    self.returncode = 0
            except RuntimeError:  # the server never answered
                self.returncode = 1
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout or 0)
            time.sleep(0.05)
        return self.returncode or 0

    def send_signal(self, signum: int) -> None:
        """Signal the kernel's process group (the kernel and anything it started)."""
        if self.poll() is None:
            try:
                os.killpg(self.pid, signum)  # a session of its own: group id == pid
            except ProcessLookupError:
                self.returncode = 0

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


if __name__ == "__main__":
    serve(sys.argv[1:])
