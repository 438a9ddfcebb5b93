"""Running notebooks: kernels started early, handed over, warmed and always stopped."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest

from sqs_analysis.briefing import execute

pytestmark = pytest.mark.slow


def _notebook(folder: Path, name: str, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell("out = ''", metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in sources]
    path = folder / name
    nbformat.write(nb, path)
    return path


REPORT = (
    "import json, os, sys\n"
    "from pathlib import Path\n"
    "Path(out).write_text(json.dumps({'cwd': os.getcwd(), 'names': sorted(dir()),\n"
    "    'loaded': sorted(m for m in ('pandas', 'matplotlib.figure') if m in sys.modules)}))"
)


def test_a_kernel_started_early_runs_its_notebook_warmed_and_is_stopped(tmp_path):
    """Started afresh and warmed by ``exec_lines`` as it starts."""
    source = _notebook(tmp_path, "probe.ipynb", REPORT)
    kernels = execute.start_kernels(1, tmp_path)
    assert len(kernels) == 1
    try:
        result = tmp_path / "result.json"
        execute.run_notebook(
            source, tmp_path / "done.ipynb", {"out": str(result)}, 60, tmp_path, kernels[0]
        )
    finally:
        execute.stop_kernels(kernels)
    seen = json.loads(result.read_text())
    if os.name == "posix":  # on Unix sockets in a private folder, not on TCP ports
        assert kernels[0].transport == "ipc"
        assert not kernels[0].socket_folder.exists()
    assert Path(seen["cwd"]) == tmp_path  # started in the notebook folder
    assert seen["loaded"] == ["matplotlib.figure", "pandas"]  # warmed as it started
    assert not {"pandas", "matplotlib"} & set(seen["names"])  # but nothing left behind
    assert not kernels[0].has_kernel and not kernels[0].is_alive()


def test_notebooks_in_threads_never_move_this_process(tmp_path, monkeypatch):
    """Kernels papermill starts itself get their folder without this process changing its own
    (a process-wide change of folder from several threads leaves the wrong one behind)."""
    moves: list[str] = []
    real_chdir = os.chdir
    monkeypatch.setattr(os, "chdir", lambda path: (moves.append(str(path)), real_chdir(path)))
    for i in range(3):
        _notebook(tmp_path, f"{i}.ipynb", REPORT)
    out = tmp_path / "out"
    out.mkdir()
    names = [f"{i}.ipynb" for i in range(3)]
    seconds = execute.run_notebooks(
        names, tmp_path, out, {"out": str(tmp_path / "result.json")}, 60, lambda m: None
    )
    here = os.getcwd()
    assert [m for m in moves if Path(m) != Path(here)] == []  # (papermill "moves" to here)
    assert list(seconds) == names
    assert Path(json.loads((tmp_path / "result.json").read_text())["cwd"]) == tmp_path


def test_handed_over_kernels_are_stopped_when_a_notebook_fails(tmp_path):
    _notebook(tmp_path, "bad.ipynb", "raise ValueError('no data')")
    kernels = execute.start_kernels(1, tmp_path)
    with pytest.raises(execute.NotebookError, match=r"bad.ipynb failed in cell 1 .*no data"):
        execute.run_notebooks(
            ["bad.ipynb"], tmp_path, tmp_path, {}, 60, lambda m: None, kernels=kernels
        )
    assert not kernels[0].has_kernel


def test_an_unknown_kernel_is_left_for_the_notebook_to_report(tmp_path, monkeypatch):
    monkeypatch.setattr(execute, "KERNEL", "no-such-kernel")
    assert execute.start_kernels(2, tmp_path) == []
    _notebook(tmp_path, "any.ipynb", "1")
    with pytest.raises(execute.NotebookError, match=r"any.ipynb could not run: .*no-such-kernel"):
        execute.run_notebook(tmp_path / "any.ipynb", tmp_path / "o.ipynb", {}, 60, tmp_path)


def test_a_kernel_started_early_can_be_interrupted(tmp_path):
    import time

    kernels = execute.start_kernels(1, tmp_path)
    client = kernels[0].blocking_client()  # asks the manager, as papermill's client does
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        msg_id = client.execute("import time; time.sleep(60)")
        time.sleep(1.0)
        started = time.monotonic()
        kernels[0].interrupt_kernel()
        reply = client.get_shell_msg(timeout=20)
        while reply["parent_header"]["msg_id"] != msg_id:  # late replies to readiness checks
            reply = client.get_shell_msg(timeout=20)
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        assert time.monotonic() - started < 20
    finally:
        client.stop_channels()
        execute.stop_kernels(kernels)


def test_the_brief_command_runs_papermill_without_the_iri_grammar(tmp_path):
    """``sqs-analysis brief`` keeps jsonschema's optional IRI grammar out of its process
    (seconds of CPU on import, never used): papermill and nbconvert still import, and
    notebooks are still read, validated and written."""
    import subprocess
    import sys

    source = _notebook(tmp_path, "n.ipynb", "print(1)")
    code = (
        "import sys, warnings\n"
        "warnings.simplefilter('error')\n"
        "from sqs_analysis.cli import UNUSED_GRAMMARS, _skip_unused_grammars\n"
        "_skip_unused_grammars()\n"
        "import nbconvert, nbformat, papermill\n"
        f"nb = nbformat.read({str(source)!r}, as_version=4)\n"
        "nbformat.validate(nb)\n"
        f"nbformat.write(nb, {str(tmp_path / 'copy.ipynb')!r})\n"
        "assert all(sys.modules.get(name) is None for name in UNUSED_GRAMMARS)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "copy.ipynb").is_file()


def test_notebooks_sharing_a_kernel_each_start_as_in_a_fresh_one(tmp_path):
    """Three notebooks, two kernels: the first kernel runs the first and the third in turn,
    the third finding nothing of the first in its namespace and counting its cells from 1."""
    probe = (
        "import json, os\n"
        "from pathlib import Path\n"
        "Path(out).write_text(json.dumps({'pid': os.getpid(), 'names': sorted(dir()),\n"
        "    'count': get_ipython().execution_count}))"
    )
    _notebook(tmp_path, "a.ipynb", "secret = 42\n" + probe.replace("Path(out)", "Path(out + '.a')"))
    _notebook(tmp_path, "b.ipynb", "1")
    _notebook(tmp_path, "c.ipynb", probe)
    kernels = execute.start_kernels(2, tmp_path)
    assert len(kernels) == 2
    result = tmp_path / "c.json"
    seconds = execute.run_notebooks(
        ["a.ipynb", "b.ipynb", "c.ipynb"],
        tmp_path,
        tmp_path,
        {"out": str(result)},
        60,
        lambda m: None,
        kernels=kernels,
    )
    assert list(seconds) == ["a.ipynb", "b.ipynb", "c.ipynb"]
    before = json.loads(Path(str(result) + ".a").read_text())
    after = json.loads(result.read_text())
    assert after["pid"] == before["pid"]  # the same kernel ...
    assert "secret" in before["names"] and "secret" not in after["names"]  # ... emptied
    assert after["count"] == before["count"]  # counting from 1 again
    executed = nbformat.read(tmp_path / "c.ipynb", as_version=4)
    assert [c.execution_count for c in executed.cells] == [1, 2, 3]
    assert not any(k.has_kernel for k in kernels)  # each stopped after its last notebook


def test_one_kernel_per_core_at_most_one_per_notebook(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert execute.kernels_for(4) == 2
    assert execute.kernels_for(1) == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(16)), raising=False)
    assert execute.kernels_for(4) == execute.MAX_PARALLEL_NOTEBOOKS == 4


def test_what_follows_a_notebook_runs_beside_the_next_and_its_failure_is_raised(tmp_path):
    for name in ("a.ipynb", "b.ipynb"):
        _notebook(tmp_path, name, "1")
    out = tmp_path / "out"
    out.mkdir()
    followed: list[str] = []

    def then(name: str) -> None:
        followed.append(name)
        if name == "b.ipynb":
            raise OSError("disk full")

    kernels = execute.start_kernels(1, tmp_path)
    with pytest.raises(OSError, match="disk full"):
        execute.run_notebooks(
            ["a.ipynb", "b.ipynb"],
            tmp_path,
            out,
            {},
            60,
            lambda m: None,
            kernels=kernels,
            then=then,
        )
    assert followed == ["a.ipynb", "b.ipynb"]
    assert not kernels[0].has_kernel


def test_notebooks_an_analyst_edited_get_a_kernel_each(tmp_path, monkeypatch):
    """Only the package's own notebooks share kernels: an edited notebook's settings could
    otherwise reach the next notebook run in the same kernel."""
    import os

    from sqs_analysis.briefing.notebooks import default_notebooks_dir
    from sqs_analysis.briefing.steps import NOTEBOOKS, kernel_count

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert kernel_count(default_notebooks_dir()) == 2
    assert kernel_count(tmp_path) == len(NOTEBOOKS) == 4
