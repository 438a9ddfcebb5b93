"""The set-up a fresh machine runs: the browser and OCR installs and the Python check.

The browser install is run with a PATH on which there is no Chromium and stand-ins for
`apt-get`, `sudo` and `id` that record how they were called, so the branch every fresh machine
takes runs in every test run, whatever this machine already has.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INSTALL_BROWSER = ROOT / "scripts" / "install-browser.sh"
INSTALL_OCR = ROOT / "scripts" / "install-ocr.sh"
INSTALL_OFFICE = ROOT / "scripts" / "install-office.sh"
CHECK_PYTHON = ROOT / "scripts" / "check-python.py"
TOOLS = ("bash", "env", "mkdir", "rm", "dirname", "cat", "true")

RECORDER = """#!/bin/bash
printf '%s\\n' "{name} DEBIAN_FRONTEND=${{DEBIAN_FRONTEND:-}} $*" >> "{log}"
exit {status}
"""


def fake_machine(
    tmp_path: Path,
    *,
    uid: int = 0,
    apt_get: int | None = 0,
    sudo: bool = False,
    chromium: bool = False,
    tesseract: bool = False,
) -> tuple[Path, Path]:
    """A bin folder holding only the basic tools and the stand-ins asked for; and the log."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(parents=True)
    log = tmp_path / "calls.log"
    log.touch()
    for tool in TOOLS:
        found = shutil.which(tool)
        assert found, f"{tool} is needed to run the set-up script"
        (bin_dir / tool).symlink_to(found)

    def script(name: str, body: str) -> None:
        path = bin_dir / name
        path.write_text(body, encoding="utf-8")
        path.chmod(0o755)

    script("id", f"#!/bin/bash\necho {uid}\n")
    if apt_get is not None:
        script("apt-get", RECORDER.format(name="apt-get", log=log, status=apt_get))
    if sudo:
        script(
            "sudo",
            f'#!/bin/bash\nprintf "%s\\n" "sudo $*" >> "{log}"\n'
            '[ "$1" = -n ] && shift\nexec "$@"\n',
        )
    if chromium:
        script("chromium", "#!/bin/bash\nexit 0\n")
    if tesseract:
        script("tesseract", "#!/bin/bash\nexit 0\n")
    return bin_dir, log


def install_browser(
    bin_dir: Path, reason_file: Path, script: Path = INSTALL_BROWSER
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [shutil.which("bash") or "/bin/bash", str(script), str(reason_file)],
        capture_output=True,
        text=True,
        env={"PATH": str(bin_dir), "HOME": str(bin_dir.parent)},
        timeout=60,
        check=False,
    )


def calls(log: Path) -> list[str]:
    return log.read_text("utf-8").splitlines()


def test_as_root_it_updates_then_installs_chromium_non_interactively(tmp_path):
    bin_dir, log = fake_machine(tmp_path, uid=0)
    result = install_browser(bin_dir, tmp_path / "reason")
    assert result.returncode == 0, result.stderr
    update, install = calls(log)
    assert update.startswith("apt-get DEBIAN_FRONTEND=noninteractive update")
    assert install.startswith("apt-get DEBIAN_FRONTEND=noninteractive install")
    assert "-y" in install.split() and install.split()[-1] == "chromium"
    assert not (tmp_path / "reason").exists()


def test_a_user_with_sudo_installs_through_sudo(tmp_path):
    bin_dir, log = fake_machine(tmp_path, uid=1000, sudo=True)
    result = install_browser(bin_dir, tmp_path / "reason")
    assert result.returncode == 0, result.stderr
    recorded = calls(log)
    apt = [c for c in recorded if c.startswith("apt-get")]
    assert [c.split()[2] for c in apt] == ["update", "install"]
    assert all(c.startswith("apt-get DEBIAN_FRONTEND=noninteractive") for c in apt)
    assert (
        sum(c.startswith("sudo env DEBIAN_FRONTEND=noninteractive apt-get") for c in recorded) == 2
    )


@pytest.mark.parametrize(
    ("machine", "reason"),
    [
        ({"uid": 1000, "sudo": False}, "not root and no password-less sudo"),
        ({"uid": 0, "apt_get": None}, "no apt-get"),
    ],
    ids=["no-sudo", "no-apt-get"],
)
def test_where_it_cannot_install_it_says_why_in_one_line_and_goes_on(tmp_path, machine, reason):
    bin_dir, log = fake_machine(tmp_path, **machine)
    reason_file = tmp_path / "venv" / "browser-unavailable"
    result = install_browser(bin_dir, reason_file)
    assert result.returncode == 0
    assert len(result.stdout.strip().splitlines()) == 1
    assert reason in result.stdout and "skipped" in result.stdout
    assert reason in reason_file.read_text("utf-8")
    assert not [c for c in calls(log) if c.startswith("apt-get")]


def test_nothing_is_installed_when_chromium_is_there(tmp_path):
    bin_dir, log = fake_machine(tmp_path, chromium=True)
    reason_file = tmp_path / "reason"
    reason_file.write_text("stale reason from an earlier run\n", encoding="utf-8")
    result = install_browser(bin_dir, reason_file)
    assert result.returncode == 0 and result.stdout == ""
    assert calls(log) == []
    assert not reason_file.exists(), "a stale skip reason is cleared"


def test_a_failed_install_fails_the_set_up(tmp_path):
    bin_dir, _ = fake_machine(tmp_path, apt_get=100)
    result = install_browser(bin_dir, tmp_path / "reason")
    assert result.returncode != 0
    assert "apt-get update failed" in result.stderr


def test_the_browser_test_reports_why_it_was_skipped(tmp_path):
    """The skip reason the set-up wrote reaches pytest's summary."""
    reason_file = Path(sys.prefix) / "browser-unavailable"
    script = (
        "import sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "import conftest\n"
        "print(conftest.browser_skip_reason())\n"
    )
    had = reason_file.read_text("utf-8") if reason_file.exists() else None
    try:
        reason_file.write_text("no apt-get on this machine\n", encoding="utf-8")
        out = subprocess.run(
            [sys.executable, "-c", script, str(ROOT / "tests")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        if had is None:
            reason_file.unlink(missing_ok=True)
        else:
            reason_file.write_text(had, encoding="utf-8")
    assert "no apt-get on this machine" in out


def test_an_old_python_is_refused_in_one_line():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys; sys.version_info = (3, 10, 9); exec(open({str(CHECK_PYTHON)!r}).read())",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "needs 3.11 or newer" in result.stderr
    ok = subprocess.run([sys.executable, str(CHECK_PYTHON)], capture_output=True, check=False)
    assert ok.returncode == 0


def test_committed_notebooks_carry_no_outputs():
    """Outputs belong to briefings; a notebook saved with them fails `make test`."""
    listed = subprocess.run(
        ["git", "ls-files", "notebooks/*.ipynb"], capture_output=True, text=True, cwd=ROOT
    )
    names = listed.stdout.split() if listed.returncode == 0 and listed.stdout.strip() else []
    paths = [ROOT / n for n in names] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert paths, "the notebooks should be found"
    for path in paths:
        notebook = json.loads(path.read_text("utf-8"))
        for cell in notebook["cells"]:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs"), f"{path.name} is committed with outputs"
                assert cell.get("execution_count") is None, f"{path.name} keeps execution counts"


def test_ocr_installs_tesseract_where_it_is_missing_and_nothing_where_it_is_there(tmp_path):
    bin_dir, log = fake_machine(tmp_path / "bare", uid=0)
    result = install_browser(bin_dir, tmp_path / "reason", INSTALL_OCR)
    assert result.returncode == 0, result.stderr
    assert "installing tesseract-ocr" in result.stdout
    assert calls(log)[-1].split()[-1] == "tesseract-ocr"
    bin_dir, log = fake_machine(tmp_path / "has-it", uid=0, tesseract=True)
    result = install_browser(bin_dir, tmp_path / "reason", INSTALL_OCR)
    assert result.returncode == 0 and result.stdout == "" and calls(log) == []
    bin_dir, log = fake_machine(tmp_path / "user", uid=1000)
    result = install_browser(bin_dir, tmp_path / "why", INSTALL_OCR)
    assert result.returncode == 0 and "the OCR tests will be skipped" in result.stdout
    assert "sudo apt-get install tesseract-ocr" in (tmp_path / "why").read_text("utf-8")


def test_office_installs_libreoffice_writer_where_it_is_missing(tmp_path):
    bin_dir, log = fake_machine(tmp_path, uid=0)
    result = install_browser(bin_dir, tmp_path / "reason", INSTALL_OFFICE)
    assert result.returncode == 0, result.stderr
    assert calls(log)[-1].split()[-1] == "libreoffice-writer-nogui"


def test_fresh_machine_branch_is_what_make_runs():
    """`make browser`, `make ocr` and `make office` call the tested scripts, `make test` all
    three, and `.ci/run` calls `make test`."""
    makefile = (ROOT / "Makefile").read_text("utf-8")
    for script in (INSTALL_BROWSER, INSTALL_OCR, INSTALL_OFFICE):
        assert f"scripts/{script.name}" in makefile and os.access(script, os.X_OK)
    test_rule = next(line for line in makefile.splitlines() if line.startswith("test:"))
    assert all(f" {target} " in test_rule for target in ("browser", "ocr", "office"))
    assert "make test" in (ROOT / ".ci" / "run").read_text("utf-8")
