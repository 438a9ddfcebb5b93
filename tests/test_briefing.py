"""The headless briefing end to end: real notebooks through papermill on the real reports, the
files and numbers it writes, safe folder names, and clear errors for failing or hung notebooks."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, gold_for, raw_paths, run_cli

from sqs_analysis.analysis.formatting import cohort_label
from sqs_analysis.analysis.selection import canonical_area
from sqs_analysis.analysis.taxonomy import taxonomy
from sqs_analysis.briefing import (
    HTML_NAME,
    NOTEBOOKS,
    PROVENANCE_NAME,
    BriefingError,
    briefing_folder,
    briefing_name,
    run_briefing,
)

pytestmark = pytest.mark.slow
INJECTED = "<script>alert('bullet')</script> & <b>bold</b>"


class PageScan(HTMLParser):
    """Tags, script elements and external resources of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts = 0
        self.external: list[str] = []
        self.images: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts += 1
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            if re.match(r"(https?:)?//", value):
                self.external.append(value)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.external.append(attrs.get("href", ""))
        if tag == "img":
            self.images.append(attrs.get("src", ""))

    def handle_data(self, data):
        self.text.append(data)


def scan(page: str) -> PageScan:
    parser = PageScan()
    parser.feed(page)
    return parser


def southend() -> Path:
    """The bundled report with the worse-than-average rate (found from its answer key)."""
    return next(
        p
        for p in raw_paths()
        if gold_for(p)["report"]["reoffending_rate"] > gold_for(p)["report"]["national_average"]
    )


@pytest.fixture(scope="module")
def data_with_injected_text(tmp_path_factory) -> Path:
    """Both bundled reports; one improvement bullet of one carries markup, to prove escaping."""
    folder = tmp_path_factory.mktemp("data")
    for path in raw_paths():
        shutil.copy(path, folder / path.name)
    target = folder / southend().name
    text = target.read_text("utf-8")
    bullet = gold_for(southend())["areas_for_improvement"][1]
    assert bullet in text
    target.write_text(text.replace(bullet, f"{bullet} {INJECTED}", 1), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def one_report_briefing(data_with_injected_text, tmp_path_factory):
    """A briefing for a period holding exactly one of the two reports, and a single area."""
    gold = gold_for(southend())["report"]
    year = gold["publication_date"][:4]
    out = tmp_path_factory.mktemp("briefings")
    messages: list[str] = []
    folder = run_briefing(
        data_with_injected_text,
        out,
        f"{year}-01-01",
        f"{year}-12-31",
        [gold["area"]],
        timeout=300,
        progress=messages.append,
    )
    return folder, gold, messages


def test_briefing_folder_holds_everything(one_report_briefing):
    folder, _, messages = one_report_briefing
    assert (folder / HTML_NAME).is_file() and (folder / PROVENANCE_NAME).is_file()
    assert sorted(p.name for p in (folder / "notebooks").glob("*.ipynb")) == sorted(NOTEBOOKS)
    for name in NOTEBOOKS:
        executed = nbformat.read(folder / "notebooks" / name, as_version=4)
        assert any(c.get("outputs") for c in executed.cells if c.cell_type == "code")
    figures = list((folder / "outputs").glob("*.png"))
    tables = list((folder / "outputs").glob("*.csv"))
    assert len(figures) >= 8 and len(tables) >= 8
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in figures)
    assert (folder / "tables" / "reports.csv").is_file()
    assert (folder / "tables.xlsx").read_bytes().startswith(b"PK")  # written while notebooks ran
    for name in NOTEBOOKS:
        assert any(name in m and "running" in m for m in messages)


def test_briefing_numbers_come_from_the_parsed_report(one_report_briefing):
    folder, gold, _ = one_report_briefing
    gap = gold["reoffending_rate"] - gold["national_average"]
    with (folder / "outputs" / "01-rate-gaps.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["area"] for r in rows] == [gold["area"]]
    assert float(rows[0]["gap_pp"]) == pytest.approx(gap)
    page = (folder / HTML_NAME).read_text("utf-8")
    cohort = cohort_label(gold["cohort_start"], gold["cohort_end"])
    expected = (
        f"{gold['area']}: {abs(gap):.1f} points worse than its England and Wales average "
        f"({gold['reoffending_rate']:.1f}% vs {gold['national_average']:.1f}%, {cohort} cohort)"
    )
    assert expected in page
    other_areas = {gold_for(p)["report"]["area"] for p in raw_paths()} - {gold["area"]}
    headline = page.split('id="headline"')[1].split("</section>")[0]
    assert "Reports included" in headline and all(a not in headline for a in other_areas)


def test_briefing_page_is_self_contained_and_escapes_report_text(one_report_briefing):
    folder, _, _ = one_report_briefing
    page = (folder / HTML_NAME).read_text("utf-8")
    found = scan(page)
    assert found.scripts == 0
    assert found.external == []
    assert found.images and all(src.startswith("data:image/png;base64,") for src in found.images)
    assert "<b>bold</b>" not in page and "<script>alert" not in page
    assert "&lt;script&gt;alert(" in page
    text = " ".join(found.text)
    for heading in (
        "Headline numbers",
        "Appendix: data quality",
        "Provenance",
        "Fields missing per report",
        "Parse warnings and errors",
    ):
        assert heading in text
    assert "import sqs_analysis" not in text  # code is hidden


def test_provenance_names_inputs_parameters_and_version(
    one_report_briefing, data_with_injected_text
):
    folder, gold, _ = one_report_briefing
    provenance = json.loads((folder / PROVENANCE_NAME).read_text("utf-8"))
    from sqs_analysis import __version__

    assert provenance["package"]["version"] == __version__
    # the area as the selection names it: the area lookup's name for the letter's area
    assert provenance["parameters"]["areas"] == [canonical_area(gold["area"])]
    assert provenance["parameters"]["period_start"].endswith("-01-01")
    hashes = {i["source_file"]: i["source_sha256"] for i in provenance["inputs"]}
    for path in data_with_injected_text.iterdir():
        assert hashes[path.name] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert len(provenance["reports_included"]) == 1
    included = [i for i in provenance["inputs"] if i["included"]]
    assert [i["source_file"] for i in included] == [southend().name]
    page = (folder / HTML_NAME).read_text("utf-8")
    assert hashes[southend().name] in page


def test_full_briefing_shows_the_recurring_review_weakness(tmp_path):
    """Both reports, through the command line as `make briefing` runs it."""
    done = run_cli("brief", "--data", ROOT / "data" / "raw", "--out", tmp_path, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "running 01_reoffending_rates.ipynb" in done.stderr
    folder = tmp_path / briefing_name()
    page = (folder / HTML_NAME).read_text("utf-8")
    label = taxonomy().labels("weakness")["review_after_change"]
    n = len(raw_paths())
    assert f"{label} ({n} of {n} areas)" in page
    for path in raw_paths():
        gold = gold_for(path)["report"]
        gap = gold["reoffending_rate"] - gold["national_average"]
        assert f"{gold['area']}: {abs(gap):.1f} points {'worse' if gap > 0 else 'better'}" in page


def test_a_period_without_reports_still_gives_a_briefing_that_says_so(tmp_path):
    folder = run_briefing(
        ROOT / "data" / "raw",
        tmp_path,
        "2030-01-01",
        "2030-12-31",
        [],
        timeout=300,
        progress=lambda _: None,
    )
    page = (folder / HTML_NAME).read_text("utf-8")
    assert page.count("No reports in this selection") >= 4
    provenance = json.loads((folder / PROVENANCE_NAME).read_text("utf-8"))
    assert provenance["reports_included"] == []
    assert len(list((folder / "notebooks").glob("*.ipynb"))) == len(NOTEBOOKS)


def notebooks_with(tmp_path: Path, name: str, code: str, at: int = 3) -> Path:
    """A copy of the notebooks with ``code`` inserted as cell ``at`` of notebook ``name``."""
    folder = tmp_path / "nbs"
    folder.mkdir()
    for nb_name in NOTEBOOKS:
        nb = nbformat.read(ROOT / "notebooks" / nb_name, as_version=4)
        if nb_name == name:
            nb.cells.insert(at, nbformat.v4.new_code_cell(code))
        nbformat.write(nb, folder / nb_name)
    return folder


def test_a_failing_notebook_stops_the_briefing_naming_notebook_and_cell(tmp_path):
    name = NOTEBOOKS[1]
    notebooks = notebooks_with(tmp_path, name, "raise RuntimeError('deliberate test failure')")
    with pytest.raises(BriefingError) as caught:
        run_briefing(
            ROOT / "data" / "raw",
            tmp_path / "out",
            timeout=300,
            notebooks_dir=notebooks,
            progress=lambda _: None,
        )
    message = str(caught.value)
    assert name in message and "cell 3" in message
    assert "RuntimeError" in message and "deliberate test failure" in message
    folder = tmp_path / "out" / briefing_name()
    assert (folder / "tables" / "reports.csv").is_file()
    assert (folder / "tables.xlsx").is_file()  # the workbook is finished before it stops
    assert (folder / "notebooks" / NOTEBOOKS[0]).is_file()  # what ran before stays
    assert not (folder / HTML_NAME).exists()


def test_a_hung_notebook_is_stopped_by_the_timeout(tmp_path):
    name = NOTEBOOKS[0]
    notebooks = notebooks_with(tmp_path, name, "import time\ntime.sleep(120)", at=4)
    with pytest.raises(BriefingError) as caught:
        run_briefing(
            ROOT / "data" / "raw",
            tmp_path / "out",
            timeout=3,
            notebooks_dir=notebooks,
            progress=lambda _: None,
        )
    message = str(caught.value)
    assert name in message and "timed out" in message and "cell 4" in message


@pytest.mark.parametrize("area", ["Brighton & Hove", "a/b", "..", "../../etc/passwd", "C:\\x", ""])
def test_briefing_folders_stay_inside_the_output_folder(tmp_path, area):
    name = briefing_name("2016-01-01", "2016-12-31", [area])
    folder = briefing_folder(tmp_path, name)
    assert folder.parent == tmp_path.resolve()
    assert re.fullmatch(r"[a-z0-9-]+", name)


def test_different_selections_get_different_folders():
    many = [f"Area number {i}" for i in range(40)]
    names = {
        briefing_name(),
        briefing_name("2016", "2016"),
        briefing_name("2016", "2016", ["Knowsley"]),
        briefing_name("", "", many),
        briefing_name("", "", [*many, "one more"]),
    }
    assert len(names) == 5
    assert all(len(n) <= 80 for n in names)


def test_bad_parameters_fail_clearly(tmp_path):
    with pytest.raises(BriefingError, match="invalid period"):
        run_briefing(ROOT / "data" / "raw", tmp_path, "2016-13-45", "", [], progress=print)
    with pytest.raises(BriefingError, match="no such data folder"):
        run_briefing(tmp_path / "missing", tmp_path, progress=print)
    done = run_cli("brief", "--data", ROOT / "data" / "raw", "--out", tmp_path, "--from", "June")
    assert done.returncode == 2 and "invalid period" in done.stderr
