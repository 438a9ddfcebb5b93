"""Installed from a wheel, not a clone: the notebooks travel inside the package, and a briefing
is written from a folder that holds no clone, with the shipped notebooks and with edited copies.

The wheel is built from the project's own files by pip (``pip wheel --no-deps``) and installed
into a fresh virtual environment with the pinned versions; pip may use its cache, and reaches
no index but PyPI (and none at all when the cache holds everything).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import ROOT, raw_paths

from sqs_analysis.briefing import NOTEBOOKS

pytestmark = pytest.mark.slow
BUILD_FILES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md")
BUILD_DIRS = ("src", "notebooks")
MARKER = "This sentence was added to an edited copy of the notebook."


def run(command: list[str | Path], cwd: Path, env: dict[str, str], timeout: float = 900):
    result = subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, Path]:
    """A wheel of the project installed in a fresh virtual environment, and a folder that
    holds no clone to work in."""
    base = tmp_path_factory.mktemp("install")
    tree = base / "project"  # only what a wheel is built from: no data, tests or .venv
    tree.mkdir()
    for name in BUILD_FILES:
        shutil.copy(ROOT / name, tree / name)
    for name in BUILD_DIRS:
        shutil.copytree(
            ROOT / name, tree / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
        )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    wheels = base / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, tree], base, env)
    (wheel,) = wheels.glob("sqs_analysis-*.whl")
    shutil.rmtree(tree)  # the installed package must not lean on the tree it was built from

    env_dir = base / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    constraints = ROOT / "requirements" / "constraints.txt"
    run([python, "-m", "pip", "install", "-q", "-c", constraints, wheel], base, env)
    work = base / "work"
    work.mkdir()
    data = work / "reports"
    data.mkdir()
    for path in raw_paths():
        shutil.copy(path, data / path.name)
    return {"venv": env_dir, "wheel": wheel, "work": work, "data": data, "env": env}


def test_the_wheel_carries_every_notebook(installed):
    import zipfile

    names = zipfile.ZipFile(installed["wheel"]).namelist()
    shipped = {Path(n).name for n in names if n.startswith("sqs_analysis/notebooks/")}
    assert shipped == {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert set(NOTEBOOKS) <= shipped


def test_an_installed_package_briefs_from_a_folder_without_a_clone(installed):
    venv_dir, work, env = installed["venv"], installed["work"], installed["env"]
    where = run(
        [venv_dir / "bin" / "python", "-c", "import sqs_analysis; print(sqs_analysis.__file__)"],
        work,
        env,
    ).stdout.strip()
    assert Path(where).is_relative_to(venv_dir), where
    out = work / "briefings"
    cli = venv_dir / "bin" / "sqs-analysis"
    run([cli, "brief", "--data", installed["data"], "--out", out], work, env)
    (folder,) = out.iterdir()
    page = (folder / "briefing.html").read_text("utf-8")
    assert "Short Quality Screening briefing" in page
    provenance = json.loads((folder / "provenance.json").read_text("utf-8"))
    assert [n["name"] for n in provenance["notebooks"]] == list(NOTEBOOKS)
    assert sorted(p.name for p in (folder / "notebooks").iterdir()) == sorted(NOTEBOOKS)


def test_copied_notebooks_are_edited_and_run_by_the_installed_command(installed):
    venv_dir, work, env = installed["venv"], installed["work"], installed["env"]
    cli = venv_dir / "bin" / "sqs-analysis"
    mine = work / "my-notebooks"
    listed = run([cli, "notebooks", mine], work, env).stdout.split()
    assert sorted(Path(p).name for p in listed) == sorted(p.name for p in mine.glob("*.ipynb"))
    assert set(NOTEBOOKS) <= {p.name for p in mine.iterdir()}

    first = mine / NOTEBOOKS[0]
    nb = json.loads(first.read_text("utf-8"))
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": [MARKER]})
    first.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    again = subprocess.run(
        [cli, "notebooks", mine], cwd=work, env=env, capture_output=True, text=True, check=False
    )
    assert again.returncode == 2 and "already holds" in again.stderr
    assert MARKER in first.read_text("utf-8")  # an edited copy is never overwritten unasked

    out = work / "edited-briefings"
    run([cli, "brief", "--data", installed["data"], "--out", out, "--notebooks", mine], work, env)
    (folder,) = out.iterdir()
    assert MARKER in (folder / "briefing.html").read_text("utf-8")
