"""Changes since the earlier briefing of the same selection.

Hand-built tables written as a briefing writes them show what is compared and how; real
briefings through the command line show the section on the page, ``changes.csv``, and that a
briefing failing half-way loses no record of what changed.
"""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, gold_for, make_report, manifest_row, raw_paths, run_cli
from conftest import make_judgement as judgement

from sqs_analysis.analysis.changes import COLUMNS
from sqs_analysis.briefing import HTML_NAME, PROVENANCE_NAME, briefing_name, run_briefing
from sqs_analysis.briefing.changes import (
    CHANGES_CSV,
    ON_PAGE,
    changes_page,
    compare_with_earlier,
    provenance_entry,
    write_changes,
)
from sqs_analysis.briefing.earlier import EARLIER_DIR, keep_earlier, release_earlier
from sqs_analysis.tables import build_tables, write_tables

# ------------------------------------------------------------------ hand-built briefings


def briefing_on_disk(folder: Path, reports, generated_at: str = "2016-07-01T09:00:00+00:00"):
    """What a complete briefing leaves behind: its page, provenance and tables."""
    tables = build_tables(list(reports), [manifest_row(r) for r in reports])
    write_tables(tables, folder / "tables")
    provenance = {
        "generated_at": generated_at,
        "package": {"name": "sqs-analysis", "version": "0.0.9"},
        "reports_included": sorted(r.report_id for r in reports),
    }
    (folder / PROVENANCE_NAME).write_text(json.dumps(provenance), encoding="utf-8")
    (folder / HTML_NAME).write_text("<!DOCTYPE html><title>earlier</title>", encoding="utf-8")
    return tables


def new_tables(folder: Path, reports) -> Path:
    """The tables a new briefing writes (over the earlier ones)."""
    tables = build_tables(list(reports), [manifest_row(r) for r in reports])
    return write_tables(tables, folder / "tables")


def other(**overrides):
    return make_report(
        "other.txt",
        area="Otherby",
        report_id="otherby-2016-07-01",
        source_sha256="1" * 64,
        **overrides,
    )


def third():
    return make_report(
        "third.txt", area="Thirdham", report_id="thirdham-2016-08-01", source_sha256="2" * 64
    )


def rows_of(changes) -> list[tuple[str, ...]]:
    return [tuple(r) for r in changes.rows[COLUMNS].itertuples(index=False)]


def test_a_fresh_folder_has_no_earlier_briefing(tmp_path):
    assert keep_earlier(tmp_path) is None
    changes = compare_with_earlier(None, tmp_path, ["a"])
    assert changes.earlier is None and changes.rows.empty
    assert "first briefing of this selection" in changes.summary()
    assert write_changes(changes, tmp_path / "outputs") is None
    assert not (tmp_path / "outputs").exists()
    page = changes_page(changes)
    assert page["earlier"] is False and page["compared"] is False
    assert provenance_entry(changes) is None


def test_tables_without_a_finished_briefing_are_not_an_earlier_briefing(tmp_path):
    new_tables(tmp_path, [make_report()])  # e.g. `sqs-analysis parse` output, or a failed run
    assert keep_earlier(tmp_path) is None
    assert not (tmp_path / EARLIER_DIR).exists()


def test_new_gone_and_changed_reports(tmp_path):
    briefing_on_disk(tmp_path, [make_report(), other()])
    earlier = keep_earlier(tmp_path)
    assert earlier is not None
    assert earlier.generated_at == "2016-07-01T09:00:00+00:00" and earlier.version == "0.0.9"
    assert earlier.included == ("otherby-2016-07-01", "sampleton-2016-06-15")
    changed_rate = replace(make_report().rate, national_average=39.0)
    now = [make_report(rate=changed_rate, cases_examined=21, strengths=["One."]), third()]
    tables_dir = new_tables(tmp_path, now)
    changes = compare_with_earlier(earlier, tables_dir, [r.report_id for r in now])
    found = rows_of(changes)
    assert ("new", "thirdham-2016-08-01", "Thirdham", "", "", "") in found
    assert ("gone", "otherby-2016-07-01", "Otherby", "", "", "") in found
    same = ("changed", "sampleton-2016-06-15", "Sampleton")
    assert (*same, "national_average", "37.8", "39.0") in found
    assert (*same, "cases_examined", "20", "21") in found
    assert (*same, "n_strengths", "2", "1") in found
    # the gap follows from the rate and the average, and is listed as the tables hold it
    assert any(r[3] == "gap_to_national_pp" for r in found)
    assert {r[3] for r in found if r[0] == "changed"} == {
        "national_average",
        "cases_examined",
        "n_strengths",
        "gap_to_national_pp",
    }
    assert list(changes.new_reports["area"]) == ["Thirdham"]
    assert list(changes.gone_reports["report_id"]) == ["otherby-2016-07-01"]
    summary = changes.summary()
    assert "generated 2016-07-01T09:00:00+00:00 by sqs-analysis 0.0.9" in summary
    assert "1 report new, 1 report gone, and 4 figures changed in 1 report" in summary
    entry = provenance_entry(changes)
    assert entry == {
        "generated_at": "2016-07-01T09:00:00+00:00",
        "package_version": "0.0.9",
        "reports_new": 1,
        "reports_gone": 1,
        "figures_changed": 4,
        "compared": True,
    }


def test_only_the_reports_each_briefing_included_are_compared(tmp_path):
    briefing_on_disk(tmp_path, [make_report(), other()])
    provenance = json.loads((tmp_path / PROVENANCE_NAME).read_text("utf-8"))
    provenance["reports_included"] = ["sampleton-2016-06-15"]
    (tmp_path / PROVENANCE_NAME).write_text(json.dumps(provenance), encoding="utf-8")
    earlier = keep_earlier(tmp_path)
    tables_dir = new_tables(tmp_path, [make_report(), other()])
    changes = compare_with_earlier(earlier, tables_dir, ["sampleton-2016-06-15"])
    assert changes.rows.empty
    assert "Nothing changed" in changes.summary() and "the same 1 report " in changes.summary()
    changes = compare_with_earlier(
        earlier, tables_dir, ["sampleton-2016-06-15", "otherby-2016-07-01"]
    )
    assert rows_of(changes) == [("new", "otherby-2016-07-01", "Otherby", "", "", "")]


def test_judgement_estimates_are_matched_by_sentence_not_only_by_place(tmp_path):
    first = judgement("1.1", 1, 0.6, 0.9, "Plans were sufficient in most cases.")
    second = judgement("1.1", 2, 0.5, 0.7, "Reviews were sufficient in most cases.")
    briefing_on_disk(tmp_path, [make_report(judgements=[first, second])])
    earlier = keep_earlier(tmp_path)
    # a judgement found in addition, ahead of the others; the lexicon moved "most" for one
    extra = judgement("1.1", 1, 0.2, 0.4, "Risk was assessed well in a few cases.")
    moved = replace(first, seq=2, sufficiency_low=0.75, sufficiency_high=0.9, sufficiency=0.825)
    kept = replace(second, seq=3)
    tables_dir = new_tables(tmp_path, [make_report(judgements=[extra, moved, kept])])
    changes = compare_with_earlier(earlier, tables_dir, ["sampleton-2016-06-15"])
    fields = {r[3]: (r[4], r[5]) for r in rows_of(changes)}
    assert fields == {
        "n_judgements": ("2", "3"),
        "judgement 1.1 #2: sufficiency": ("0.75", "0.825"),
        "judgement 1.1 #2: sufficiency_low": ("0.6", "0.75"),
    }


def test_numbers_are_compared_as_numbers(tmp_path):
    briefing_on_disk(tmp_path, [make_report()])
    reports = tmp_path / "tables" / "reports.csv"
    text = reports.read_text("utf-8")
    assert ",42.2," in text
    reports.write_text(text.replace(",42.2,", ",42.20,"), encoding="utf-8")  # re-saved
    earlier = keep_earlier(tmp_path)
    tables_dir = new_tables(tmp_path, [make_report()])
    assert compare_with_earlier(earlier, tables_dir, ["sampleton-2016-06-15"]).rows.empty


def test_the_same_file_under_a_new_report_id_is_the_same_report(tmp_path):
    briefing_on_disk(tmp_path, [make_report()])
    earlier = keep_earlier(tmp_path)
    from datetime import date

    moved = make_report(publication_date=date(2016, 6, 16), report_id="sampleton-2016-06-16")
    tables_dir = new_tables(tmp_path, [moved])
    changes = compare_with_earlier(earlier, tables_dir, ["sampleton-2016-06-16"])
    fields = {r[3]: (r[4], r[5]) for r in rows_of(changes)}
    assert fields == {
        "report_id": ("sampleton-2016-06-15", "sampleton-2016-06-16"),
        "publication_date": ("2016-06-15", "2016-06-16"),
    }
    assert changes.new_reports.empty and changes.gone_reports.empty


def test_the_earlier_briefing_is_kept_until_a_new_one_is_complete(tmp_path):
    briefing_on_disk(tmp_path, [make_report()], generated_at="2016-01-01T00:00:00+00:00")
    first = keep_earlier(tmp_path)
    assert first is not None and (tmp_path / EARLIER_DIR / "tables" / "reports.csv").is_file()
    # a run that fails half-way: its provenance and page are gone, its tables written
    (tmp_path / PROVENANCE_NAME).unlink()
    (tmp_path / HTML_NAME).unlink()
    new_tables(tmp_path, [make_report(), other()])
    again = keep_earlier(tmp_path)
    assert again is not None and again.generated_at == "2016-01-01T00:00:00+00:00"
    tables_dir = new_tables(tmp_path, [make_report(), other(), third()])
    changes = compare_with_earlier(again, tables_dir, ["otherby-2016-07-01", "thirdham-2016-08-01"])
    assert {r[1] for r in rows_of(changes) if r[0] == "new"} == {
        "otherby-2016-07-01",
        "thirdham-2016-08-01",
    }
    assert {r[1] for r in rows_of(changes) if r[0] == "gone"} == {"sampleton-2016-06-15"}
    # complete at last: the next briefing compares with this one
    release_earlier(tmp_path)
    assert not (tmp_path / EARLIER_DIR).exists()
    briefing_on_disk(tmp_path, [other()], generated_at="2016-02-01T00:00:00+00:00")
    latest = keep_earlier(tmp_path)
    assert latest is not None and latest.generated_at == "2016-02-01T00:00:00+00:00"
    assert latest.included == ("otherby-2016-07-01",)


def test_an_unreadable_earlier_briefing_is_said_and_not_fatal(tmp_path):
    briefing_on_disk(tmp_path, [make_report()])
    earlier = keep_earlier(tmp_path)
    assert earlier is not None
    reports = earlier.folder / "reports.csv"
    tables_dir = new_tables(tmp_path, [make_report()])
    for broken in ("saved from somewhere else\n1\n", 'report_id,area\n"x,y\n'):
        reports.write_text(broken, encoding="utf-8")
        changes = compare_with_earlier(earlier, tables_dir, ["sampleton-2016-06-15"])
        assert not changes.compared and changes.rows.empty
        assert "could not be compared" in changes.summary()
        assert write_changes(changes, tmp_path / "outputs") is None
        assert changes_page(changes)["compared"] is False


def test_changes_csv_and_the_page_lists(tmp_path):
    many = [
        make_report(
            f"r{i}.txt",
            area=f"Area {i}",
            report_id=f"area-{i}-2016-06-15",
            source_sha256=f"{i:064d}",
        )
        for i in range(ON_PAGE + 5)
    ]
    briefing_on_disk(tmp_path, [make_report()])
    earlier = keep_earlier(tmp_path)
    tables_dir = new_tables(tmp_path, [make_report(), *many])
    changes = compare_with_earlier(
        earlier, tables_dir, ["sampleton-2016-06-15", *(r.report_id for r in many)]
    )
    path = write_changes(changes, tmp_path / "outputs")
    assert path is not None and path.name == CHANGES_CSV
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == COLUMNS
    assert len(rows) == ON_PAGE + 5 and {r["kind"] for r in rows} == {"new"}
    page = changes_page(changes)
    assert page["compared"] is True
    assert len(page["tables"]["new"]) == ON_PAGE
    assert (
        page["cut"]["new"]
        == f"The first {ON_PAGE} of {ON_PAGE + 5} are shown; changes.csv has all."
    )
    assert page["tables"]["new"]["Published"].iloc[0] == "15 June 2016"
    assert page["tables"]["gone"].empty and page["cut"]["gone"] == ""


# ------------------------------------------------------------------ real briefings, real HTML


class Section(HTMLParser):
    """The text and table rows of the page's section with a given id."""

    def __init__(self, page: str, section_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.wanted = section_id
        self.depth = 0
        self.found = False
        self.text: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if self.depth:
            if tag == "section":
                self.depth += 1
            elif tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self._cell = []
        elif tag == "section" and dict(attrs).get("id") == self.wanted:
            self.depth, self.found = 1, True

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "section":
            self.depth -= 1
        elif tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)
            if self._cell is not None:
                self._cell.append(data)

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def section(folder: Path, section_id: str) -> Section:
    return Section((folder / HTML_NAME).read_text("utf-8"), section_id)


def bundled(area_worse: bool) -> Path:
    """The bundled report whose rate is worse (or better) than its average."""
    return next(
        p
        for p in raw_paths()
        if (gold_for(p)["report"]["reoffending_rate"] > gold_for(p)["report"]["national_average"])
        == area_worse
    )


def brief(data: Path, out: Path, *args: str) -> Path:
    done = run_cli("brief", "--data", data, "--out", out, *args, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def set_cell(path: Path, report_id: str, column: str, value: str) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    row = next(r for r in rows if r["report_id"] == report_id)
    before, row[column] = row[column], value
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return before


@pytest.fixture(scope="module")
def two_briefings(tmp_path_factory):
    """``sqs-analysis brief`` on one bundled report, then (after an edit of the first
    briefing's national average) on both."""
    root = tmp_path_factory.mktemp("changes")
    data, out = root / "data", root / "briefings"
    data.mkdir()
    first, second = bundled(area_worse=True), bundled(area_worse=False)
    shutil.copy(first, data / first.name)
    brief(data, out)
    folder = out / briefing_name()
    before = {
        "page": (folder / HTML_NAME).read_text("utf-8"),
        "outputs": sorted(p.name for p in (folder / "outputs").iterdir()),
        "provenance": json.loads((folder / PROVENANCE_NAME).read_text("utf-8")),
    }
    gold = gold_for(first)["report"]
    report_id = before["provenance"]["reports_included"][0]
    original = set_cell(folder / "tables" / "reports.csv", report_id, "national_average", "30.5")
    assert float(original) == pytest.approx(gold["national_average"])
    shutil.copy(second, data / second.name)
    brief(data, out)
    return {"folder": folder, "before": before, "first": first, "second": second}


@pytest.mark.slow
def test_the_first_briefing_says_there_is_nothing_to_compare_with(two_briefings):
    before = two_briefings["before"]
    changes = Section(before["page"], "changes")
    assert changes.found
    assert "first briefing of this selection" in changes.words
    assert CHANGES_CSV not in before["outputs"]
    assert before["provenance"]["earlier_briefing"] is None


@pytest.mark.slow
def test_a_second_briefing_names_the_new_report(two_briefings):
    folder = two_briefings["folder"]
    gold = gold_for(two_briefings["second"])["report"]
    provenance = json.loads((folder / PROVENANCE_NAME).read_text("utf-8"))
    new_id = next(i for i in provenance["reports_included"] if i.startswith(gold["area"].lower()))
    changes = section(folder, "changes")
    assert changes.found
    earlier = two_briefings["before"]["provenance"]
    assert earlier["generated_at"] in changes.words
    assert f"sqs-analysis {earlier['package']['version']}" in changes.words
    assert "1 report new, none gone" in changes.words
    listed = [row for row in changes.rows if row and row[0] == new_id]
    assert listed and listed[0][1] == gold["area"]
    assert not (folder / EARLIER_DIR).exists()
    assert provenance["earlier_briefing"]["generated_at"] == earlier["generated_at"]
    assert provenance["earlier_briefing"]["reports_new"] == 1


@pytest.mark.slow
def test_a_figure_changed_for_the_same_report_shows_old_and_new(two_briefings):
    folder = two_briefings["folder"]
    gold = gold_for(two_briefings["first"])["report"]
    changes = section(folder, "changes")
    edited = [row for row in changes.rows if "national_average" in row]
    assert len(edited) == 1
    _, area, _, old, new = edited[0]
    assert area == gold["area"]
    assert float(old) == 30.5 and float(new) == pytest.approx(gold["national_average"])
    with (folder / "outputs" / CHANGES_CSV).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {(r["kind"], r["area"]) for r in rows} >= {
        ("new", gold_for(two_briefings["second"])["report"]["area"]),
        ("changed", gold["area"]),
    }
    changed = [r for r in rows if r["kind"] == "changed"]
    assert [r["field"] for r in changed] == ["national_average"]


@pytest.mark.slow
def test_no_period_comparison_for_an_open_period(two_briefings):
    folder = two_briefings["folder"]
    assert not section(folder, "periods").found
    assert not (folder / "outputs" / "period-comparison.csv").exists()


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [
        (("2015",), ("2015-01-01",)),
        (("2015", "2016"), ("2015-01", "2016-12-31")),
        (("", "2016-06"), (None, "2016-06-30")),
        (
            ("2016", "2016", ["southend", "Knowsley"]),
            ("2016-01-01", "2016-12-31", ["Knowsley", "Southend-on-Sea"]),
        ),
    ],
)
def test_the_same_selection_typed_two_ways_names_one_folder(typed, same_as):
    """The folder is named from the canonical selection, never from the text typed."""
    from sqs_analysis.analysis.selection import make_selection, selection_key
    from sqs_analysis.briefing.folder import folder_name

    name = briefing_name(*typed)
    assert name == briefing_name(*same_as)
    assert name == briefing_name(make_selection(*typed)) == folder_name(selection_key(*same_as))
    assert name != briefing_name(typed[0], "2099")


@pytest.mark.slow
def test_from_a_year_and_from_its_first_day_are_one_briefing_compared_with_the_last(tmp_path):
    """``--from 2015`` and ``--from 2015-01-01`` write the same folder, and the second
    briefing there is compared with the first."""
    out = tmp_path / "briefings"
    data = ROOT / "data" / "raw"
    first = run_cli("brief", "--data", data, "--out", out, "--from", "2015", timeout=600)
    assert first.returncode == 0, first.stderr[-3000:]
    folder = Path(first.stdout.strip())
    assert folder.name == briefing_name("2015-01-01") == "briefing-2015-01-01-to-latest-all-areas"
    earlier = json.loads((folder / PROVENANCE_NAME).read_text("utf-8"))
    assert earlier["earlier_briefing"] is None

    second = run_cli("brief", "--data", data, "--out", out, "--from", "2015-01-01", timeout=600)
    assert second.returncode == 0, second.stderr[-3000:]
    assert Path(second.stdout.strip()) == folder
    assert [p.name for p in out.iterdir()] == [folder.name]
    provenance = json.loads((folder / PROVENANCE_NAME).read_text("utf-8"))
    assert provenance["parameters"]["period_start"] == "2015-01-01"
    assert provenance["earlier_briefing"]["generated_at"] == earlier["generated_at"]
    assert provenance["earlier_briefing"]["reports_new"] == 0
    changes = section(folder, "changes")
    assert (
        f"Nothing changed since the earlier briefing of this selection (generated {earlier['generated_at']}"
        in changes.words
    )
    with (folder / "outputs" / CHANGES_CSV).open(encoding="utf-8") as handle:
        assert list(csv.DictReader(handle)) == []


@pytest.mark.slow
def test_a_closed_period_is_compared_with_the_one_before(tmp_path):
    later = gold_for(bundled(area_worse=True))["report"]
    earlier = gold_for(bundled(area_worse=False))["report"]
    year = int(later["publication_date"][:4])
    assert int(earlier["publication_date"][:4]) == year - 1
    brief(ROOT / "data" / "raw", tmp_path, "--from", str(year), "--to", str(year))
    folder = tmp_path / briefing_name(str(year), str(year))
    periods = section(folder, "periods")
    assert periods.found
    assert f"1 January {year - 1} to 31 December {year - 1}" in periods.words
    assert periods.words.count("Against the previous period of the same length") == 1
    gap_row = next(r for r in periods.rows if r and r[0].startswith("Mean gap"))
    gap = lambda g: f"{abs(g):.1f} points {'worse' if g > 0 else 'better'}"  # noqa: E731
    assert gap_row[1] == gap(earlier["reoffending_rate"] - earlier["national_average"])
    assert gap_row[2] == gap(later["reoffending_rate"] - later["national_average"])
    with (folder / "outputs" / "period-comparison.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    first_day = next(r for r in rows if r["measure"] == "first day")
    assert first_day["previous"] == f"{year - 1}-01-01" and first_day["current"] == f"{year}-01-01"
    assert {"rates", "domain", "theme"} <= {r["section"] for r in rows}


@pytest.mark.slow
def test_a_closed_period_without_reports_before_it_says_so(tmp_path):
    year = int(gold_for(bundled(area_worse=False))["report"]["publication_date"][:4])
    folder = run_briefing(
        ROOT / "data" / "raw", tmp_path, str(year), str(year), [], 300, progress=lambda _: None
    )
    periods = section(folder, "periods")
    assert periods.found
    assert "No reports were published in the previous period of the same length" in periods.words
    assert f"1 January {year - 1} to 31 December {year - 1}" in periods.words


@pytest.mark.slow
def test_a_briefing_failing_half_way_loses_no_record_of_what_changed(tmp_path):
    from test_briefing import notebooks_with

    from sqs_analysis.briefing import NOTEBOOKS, BriefingError

    data = tmp_path / "data"
    data.mkdir()
    first, second = bundled(area_worse=True), bundled(area_worse=False)
    shutil.copy(first, data / first.name)
    out = tmp_path / "out"
    folder = out / briefing_name()
    # a complete earlier briefing of the one report, as a briefing leaves it
    folder.mkdir(parents=True)
    from sqs_analysis.tables import load_tables

    tables = load_tables(data)
    write_tables(tables, folder / "tables")
    (folder / PROVENANCE_NAME).write_text(
        json.dumps(
            {
                "generated_at": "2020-01-01T00:00:00+00:00",
                "package": {"version": "0.0.1"},
                "reports_included": list(tables.reports["report_id"]),
            }
        ),
        encoding="utf-8",
    )
    (folder / HTML_NAME).write_text("<!DOCTYPE html><title>earlier</title>", encoding="utf-8")
    shutil.copy(second, data / second.name)
    new_id = load_tables(data).reports.set_index("source_file").loc[second.name, "report_id"]

    broken = notebooks_with(tmp_path, NOTEBOOKS[1], "raise RuntimeError('deliberate failure')")
    with pytest.raises(BriefingError):
        run_briefing(data, out, notebooks_dir=broken, timeout=300, progress=lambda _: None)
    assert not (folder / PROVENANCE_NAME).exists()  # the earlier briefing's tables are replaced
    assert (folder / EARLIER_DIR / PROVENANCE_NAME).is_file()  # but kept aside
    with (folder / "outputs" / CHANGES_CSV).open(encoding="utf-8") as handle:
        assert [(r["kind"], r["report_id"]) for r in csv.DictReader(handle)] == [("new", new_id)]

    run_briefing(data, out, timeout=300, progress=lambda _: None)
    changes = section(folder, "changes")
    assert "generated 2020-01-01T00:00:00+00:00 by sqs-analysis 0.0.1" in changes.words
    assert any(row and row[0] == new_id for row in changes.rows)
    assert not (folder / EARLIER_DIR).exists()


@pytest.mark.slow
def test_hostile_report_text_in_the_changes_runs_nothing(chromium, hostile_data, tmp_path):
    """Areas and figures of hostile reports, new and changed, are shown as words."""
    from conftest import XSS_TITLE, xss_payloads
    from test_hostile import LiveDom, chromium_dom

    from sqs_analysis.tables import load_tables

    data = tmp_path / "data"
    data.mkdir()
    areas = load_tables(hostile_data).reports.set_index("source_file")["area"]
    marked = areas.fillna("").str.contains(xss_payloads()["area"], regex=False)
    assert marked.any()
    # the report whose area carries markup is the one new since the earlier briefing
    files = sorted(hostile_data.iterdir(), key=lambda p: bool(marked.get(p.name, False)))
    shutil.copy(files[0], data / files[0].name)
    out = tmp_path / "out"
    folder = out / briefing_name()
    folder.mkdir(parents=True)
    tables = load_tables(data)
    write_tables(tables, folder / "tables")
    report_id = str(tables.reports["report_id"].iloc[0])
    payload = xss_payloads()["strength"]
    set_cell(folder / "tables" / "reports.csv", report_id, "recipient", payload)
    (folder / PROVENANCE_NAME).write_text(
        json.dumps({"generated_at": "2020-01-01T00:00:00+00:00", "reports_included": [report_id]}),
        encoding="utf-8",
    )
    (folder / HTML_NAME).write_text("<!DOCTYPE html><title>earlier</title>", encoding="utf-8")
    shutil.copy(files[1], data / files[1].name)

    run_briefing(data, out, timeout=300, progress=lambda _: None)
    changes = section(folder, "changes")
    assert any(row and row[2] == "recipient" and row[3] == payload for row in changes.rows)
    new_area = next(row[1] for row in changes.rows if row and row[0] not in (report_id, "Report"))
    assert xss_payloads()["area"] in new_area
    dom = LiveDom(chromium_dom(chromium, folder / HTML_NAME, tmp_path / "profile"))
    assert not dom.title.startswith(XSS_TITLE), dom.title
    assert dom.active == []
    assert payload in dom.visible_text and xss_payloads()["area"] in dom.visible_text
