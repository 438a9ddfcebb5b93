"""Briefings that run themselves: ``--period``, ``--if-changed``, ``--quiet``, the summary beside
the page, and the recipes of docs/scheduling.md run exactly as the page writes them.

Real briefings are few (each runs four notebooks): one for a period, one after an input
changed, one from the cron recipe (the systemd recipe then finds nothing changed, as it
should) and one from the CI recipe.
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ROOT, gold_for, raw_paths, run_cli

from sqs_analysis.briefing import HTML_NAME, PROVENANCE_NAME, briefing_name
from sqs_analysis.briefing.summary import SUMMARY_MD, SUMMARY_TXT
from sqs_analysis.briefing.unchanged import NothingChanged, check_unchanged, recorded_key

pytestmark = pytest.mark.slow
DOC = ROOT / "docs" / "scheduling.md"
COMPLETE = [HTML_NAME, PROVENANCE_NAME, "tables/reports.csv", SUMMARY_MD]
CRON_PATH = "/usr/bin:/bin"
"""cron's PATH: nothing else is set for a cron job but HOME and SHELL."""


def copy_letters(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in raw_paths():
        shutil.copy(path, folder / path.name)
    return folder


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every path under ``folder`` with its modification time and size."""
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.stat().st_size)
        for p in sorted(folder.rglob("*"))
    }


class Headline(HTMLParser):
    """The page's headline cells: (label, value) pairs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[list[str]] = []
        self.where: str | None = None
        self.depth = 0  # of divs inside the headline's

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class")
        if tag == "div" and (self.depth or cls == "headline"):
            self.depth += 1
        elif self.depth and tag == "span" and cls in ("label", "value"):
            self.where = cls
            if cls == "label":
                self.cells.append(["", ""])

    def handle_endtag(self, tag):
        if tag == "span":
            self.where = None
        elif tag == "div" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and self.where:
            self.cells[-1][0 if self.where == "label" else 1] += data


def page_headline(page: Path) -> dict[str, str]:
    scan = Headline()
    scan.feed(page.read_text("utf-8"))
    return {label: value for label, value in scan.cells}


def summary_cells(summary: Path) -> dict[str, str]:
    cells = {}
    for line in summary.read_text("utf-8").splitlines():
        if line.startswith("- "):
            label, value = line[2:].split(": ", 1)
            cells[label] = value
    return cells


# ------------------------------------------------------------ a period, then nothing new


@pytest.fixture(scope="module")
def scheduled(tmp_path_factory):
    """``brief --period 2015 --quiet`` on a copy of the bundled letters."""
    root = tmp_path_factory.mktemp("scheduled")
    data = copy_letters(root / "data")
    out = root / "briefings"
    clock = time.monotonic()
    done = run_cli("brief", "--data", data, "--out", out, "--period", "2015", "--quiet")
    seconds = time.monotonic() - clock
    return SimpleNamespace(data=data, out=out, done=done, seconds=seconds)


def test_a_quiet_briefing_says_nothing_but_its_folder(scheduled):
    done = scheduled.done
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    folder = scheduled.out / briefing_name("2015-01-01", "2015-12-31")
    assert done.stdout == f"{folder}\n"
    for name in (*COMPLETE, SUMMARY_TXT):
        assert (folder / name).is_file(), name
    provenance = json.loads((folder / PROVENANCE_NAME).read_text("utf-8"))
    assert provenance["period"]["period"] == "2015"
    assert provenance["selection_key"] == {"start": "2015-01-01", "end": "2015-12-31", "areas": []}
    assert provenance["run_key"]["selection"] == provenance["selection_key"]
    assert provenance["parameters"]["period_start"] == "2015-01-01"
    # a named period is a closed period: compared with the one before, like typed dates
    assert (folder / "outputs" / "period-comparison.csv").is_file()


def test_the_page_and_the_summary_give_the_same_numbers(scheduled):
    folder = scheduled.out / briefing_name("2015", "2015")
    on_page = page_headline(folder / HTML_NAME)
    assert on_page, "the page has headline cells"
    in_summary = summary_cells(folder / SUMMARY_TXT)
    assert in_summary == on_page  # every label, and every number in each value
    text = (folder / SUMMARY_TXT).read_text("utf-8")
    assert f"Page: {(folder / HTML_NAME).resolve()}" in text
    assert "First briefing" in text
    assert len(text) < 1500 and len((folder / SUMMARY_MD).read_text("utf-8")) < 1500


def test_the_same_selection_typed_as_dates_finds_nothing_changed(scheduled):
    before = snapshot(scheduled.out)
    clock = time.monotonic()
    done = run_cli(
        "brief", "--data", scheduled.data, "--out", scheduled.out,
        "--from", "2015-01-01", "--to", "2015-12-31", "--if-changed",
    )  # fmt: skip
    unchanged = time.monotonic() - clock
    assert done.returncode == 4, done.stderr
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "nothing changed" in done.stderr
    assert snapshot(scheduled.out) == before, "nothing is written"
    clock = time.monotonic()
    for path in sorted(scheduled.data.iterdir()):
        hashlib.sha256(path.read_bytes()).hexdigest()
    hashing = time.monotonic() - clock
    print(
        f"\nfull briefing {scheduled.seconds:.2f} s; nothing changed {unchanged:.2f} s; "
        f"hashing the inputs {hashing * 1000:.1f} ms"
    )
    assert unchanged < scheduled.seconds / 2


def test_quiet_and_nothing_changed_is_silent(scheduled):
    done = run_cli(
        "brief", "--data", scheduled.data, "--out", scheduled.out,
        "--period", "2015", "--if-changed", "--quiet",
    )  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (4, "", "")


def test_every_part_of_the_run_key_counts(scheduled, tmp_path):
    folder = scheduled.out / briefing_name("2015", "2015")
    key = recorded_key(folder, COMPLETE, PROVENANCE_NAME)
    assert key is not None
    key.pop("generated_at")
    with pytest.raises(NothingChanged):
        check_unchanged(folder, key, COMPLETE, PROVENANCE_NAME)
    name = key["files"][0][0]
    changed = [
        {**key, "files": [[name, "0" * 64], *key["files"][1:]]},
        {**key, "files": key["files"][1:]},
        {**key, "files": [*key["files"], ["new letter.pdf", "1" * 64]]},
        {**key, "files": [*key["files"], ["notes.xyz", None]]},
        {**key, "parser": "another parser"},
        {**key, "selection": {**key["selection"], "areas": ["Knowsley"]}},
        {**key, "package": "0.0.0"},
        {**key, "notebooks": {**key["notebooks"], "01_reoffending_rates.ipynb": "2" * 64}},
    ]
    for other in changed:
        check_unchanged(folder, other, COMPLETE, PROVENANCE_NAME)  # does not raise
    # a briefing that failed half-way, or one without its summary, is briefed again
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    (copy / ".earlier").mkdir()
    check_unchanged(copy, key, COMPLETE, PROVENANCE_NAME)
    (copy / ".earlier").rmdir()
    (copy / SUMMARY_MD).unlink()
    check_unchanged(copy, key, COMPLETE, PROVENANCE_NAME)


def test_a_changed_input_is_briefed_again_and_compared(scheduled):
    letter = next(
        p
        for p in sorted(scheduled.data.iterdir())
        if gold_for(p)["report"]["publication_date"].startswith("2015")
    )
    letter.write_text(letter.read_text("utf-8") + "\n", encoding="utf-8")
    done = run_cli(
        "brief", "--data", scheduled.data, "--out", scheduled.out,
        "--period", "2015", "--if-changed", "--quiet",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    folder = Path(done.stdout.strip())
    assert folder == scheduled.out / briefing_name("2015", "2015")
    text = (folder / SUMMARY_TXT).read_text("utf-8")
    changes = next(line for line in text.splitlines() if line.startswith("Changes: "))
    assert "the earlier briefing of this selection" in changes, changes
    provenance = json.loads((folder / PROVENANCE_NAME).read_text("utf-8"))
    assert provenance["earlier_briefing"] is not None
    assert [letter.name, hashlib.sha256(letter.read_bytes()).hexdigest()] in provenance["run_key"][
        "files"
    ]


# ------------------------------------------------------------ the recipes, as written


def fenced_blocks() -> dict[str, str]:
    """docs/scheduling.md's code blocks by info string (``cron``, ``ini sqs-briefing.service``)."""
    text = DOC.read_text("utf-8")
    blocks: dict[str, str] = {}
    for match in re.finditer(r"^```([^\n]*)\n(.*?)^```$", text, re.M | re.S):
        blocks.setdefault(match[1].strip(), match[2])
    return blocks


def bare(home: Path, **extra: str) -> list[str]:
    """``env -i`` with cron's environment (and ``extra``)."""
    settings = {"HOME": str(home), "PATH": CRON_PATH, "SHELL": "/bin/sh", **extra}
    return ["env", "-i", *(f"{k}={v}" for k, v in settings.items())]


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """A home as the recipes expect it: the project in ~/sqs-analysis, letters in ~/sqs-data/raw."""
    home = tmp_path_factory.mktemp("home")
    (home / "sqs-analysis").symlink_to(ROOT)
    copy_letters(home / "sqs-data" / "raw")
    return home


LAST_QUARTER = briefing_name("2016-04-01", "2016-06-30")
"""The last complete quarter of the bundled letters (the newest was published in June 2016)."""


def test_the_cron_recipe_mails_the_summary_and_nothing_else(home):
    lines = fenced_blocks()["cron"].splitlines()
    jobs = [s for s in lines if s.strip() and not s.startswith("#") and not re.match(r"\w+=", s)]
    assert len(jobs) == 1
    command = jobs[0].split(None, 5)[5]
    assert "%" not in command  # a new line to cron
    done = subprocess.run(
        [*bare(home), "sh", "-c", command],
        cwd=home, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    folder = home / "sqs-data" / "briefings" / LAST_QUARTER
    assert done.stdout == (folder / SUMMARY_TXT).read_text("utf-8")
    assert "briefing written" in (home / "sqs-data" / "logs" / "briefing.log").read_text("utf-8")


def unit(text: str) -> dict[str, list[str]]:
    """A systemd unit's settings (section.key -> values, in order)."""
    settings: dict[str, list[str]] = {}
    section = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, value = line.split("=", 1)
        settings.setdefault(f"{section}.{key}", []).append(value)
    return settings


def test_the_systemd_service_runs_its_command_and_counts_nothing_changed_a_success(home):
    service = unit(fenced_blocks()["ini sqs-briefing.service"])
    (exec_start,) = service["Service.ExecStart"]
    argv = [a.replace("%h", str(home)) for a in shlex.split(exec_start)]  # what systemd expands
    env = dict(e.split("=", 1) for e in service.get("Service.Environment", []))
    success = {
        0,
        *(int(s) for v in service.get("Service.SuccessExitStatus", []) for s in v.split()),
    }
    assert 4 in success
    done = subprocess.run(
        [*bare(home, **env), *argv], cwd="/", capture_output=True, text=True, timeout=600,
        check=False,
    )  # fmt: skip
    assert done.returncode in success, done.stderr
    assert done.stderr == ""
    folder = home / "sqs-data" / "briefings" / LAST_QUARTER
    assert all((folder / name).is_file() for name in COMPLETE)


def test_the_systemd_timer_fires_after_each_quarter_ends():
    timer = unit(fenced_blocks()["ini sqs-briefing.timer"])
    (calendar,) = timer["Timer.OnCalendar"]
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze not installed")
    done = subprocess.run(
        [analyze, "calendar", "--iterations=4", calendar],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    days = re.findall(r"\d{4}-(\d{2})-(\d{2}) 06:30", done.stdout)
    assert sorted(m for m, d in days) == ["01", "04", "07", "10"] and {d for m, d in days} == {"02"}


def test_the_ci_pipeline_steps_brief_and_publish_the_summary(tmp_path):
    yaml = pytest.importorskip("yaml")
    workflow = yaml.safe_load(fenced_blocks()["yaml .github/workflows/briefing.yml"])
    assert workflow[True]["schedule"]  # "on:" is YAML's true
    steps = workflow["jobs"]["briefing"]["steps"]
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    for name in ("Makefile", "pyproject.toml", "requirements", "scripts", ".venv"):
        (checkout / name).symlink_to(ROOT / name)
    copy_letters(checkout / "data" / "raw")
    # `make setup` must find the project's .venv set up, never rebuild it through the link
    fresh = subprocess.run(["make", "-q", ".venv/.installed"], cwd=checkout, check=False)
    if fresh.returncode != 0:
        pytest.skip("the project's .venv is not up to date: run make setup first")
    summary = tmp_path / "step-summary.md"
    env = bare(tmp_path, GITHUB_STEP_SUMMARY=str(summary), CI="true")
    for step in steps:
        if "run" not in step:
            continue
        done = subprocess.run(
            [*env, "bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=checkout, capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        assert done.returncode == 0, (step, done.stderr)
    folder = checkout / "briefings" / LAST_QUARTER
    assert summary.read_text("utf-8") == (folder / SUMMARY_MD).read_text("utf-8")
    (upload,) = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    for path in upload["with"]["path"].split():
        assert (checkout / path).exists(), path
