"""The Excel workbook: the Analysis Function's layout, every table whole, and report text that
is never a formula.

Workbooks are read back two ways: with openpyxl, as a spreadsheet program would, and from the
XML inside the file, so that a formula (an ``<f>`` element) or a link cannot hide anywhere.
"""

from __future__ import annotations

import dataclasses
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pandas as pd
import pytest
from conftest import RAW_DIR, make_report, manifest_row

import sqs_analysis
from sqs_analysis import __version__
from sqs_analysis.exports import cells
from sqs_analysis.exports import workbook as wbk
from sqs_analysis.exports.workbook import (
    CUT_MARK,
    SOURCE,
    WORKBOOK_NAME,
    briefing_workbook,
    fit_cell,
    period_of,
    sheet_name,
    write_workbook,
)
from sqs_analysis.reference.codebook import codebook
from sqs_analysis.tables import TABLE_NAMES, Tables, build_tables
from sqs_analysis.tables.build import coerce
from sqs_analysis.tables.store import write_tables

MADE_AT = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS = {"m": MAIN}
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
SHEETS = ["Cover", "Contents", "Notes", *TABLE_NAMES, "Codebook"]

# Text a spreadsheet program could take for a formula (OWASP's CSV-injection list: a leading
# =, +, -, @, tab or carriage return) and other text that must come out exactly as it went in.
FORMULA_LIKE = [
    '=HYPERLINK("http://example.invalid","click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "{=SUM(1)}",
    "=",
    "-",
]
OTHER_AWKWARD = [
    "http://example.invalid/looks-like-a-link",
    "[click here](http://example.invalid)",
    "0012",
    "1e5",
    "  ",
    "_x0041_ is not an A",
    "Two\nlines\r\nand a bare\rcarriage return",
    "Unicode – £ ’ é 報告 \u200b",
    "A bell \x07 inside",
]


# ----------------------------------------------------------------------------------------------
# Reading a workbook back
# ----------------------------------------------------------------------------------------------


def ooxml_unescape(text: str) -> str:
    """Excel's reading of ``_xHHHH_`` escapes in stored text (one pass: ``_x005F_`` is ``_``)."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)


def sheet_paths(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML inside the file."""
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    return {
        s.get("name"): "xl/" + targets[s.get(REL_ID)].removeprefix("/xl/")
        for s in book.find("m:sheets", NS)
    }


def stored_texts(path: Path, sheet: str) -> dict[str, str]:
    """Cell reference -> text exactly as Excel reads it, for every text cell of ``sheet``."""
    with zipfile.ZipFile(path) as z:
        shared = ElementTree.fromstring(z.read("xl/sharedStrings.xml"))
        strings = [
            ooxml_unescape("".join(t.text or "" for t in si.iter(f"{{{MAIN}}}t")))
            for si in shared.findall("m:si", NS)
        ]
        root = ElementTree.fromstring(z.read(sheet_paths(z)[sheet]))
    texts = {}
    for cell in root.iter(f"{{{MAIN}}}c"):
        assert cell.get("t") in (None, "n", "s"), f"{sheet}!{cell.get('r')}: type {cell.get('t')}"
        if cell.get("t") == "s":
            texts[cell.get("r")] = strings[int(cell.find("m:v", NS).text)]
    return texts


def find_header(ws: Any, columns: list[str]) -> int:
    """Row number of the header row holding exactly ``columns`` from column A."""
    for row in ws.iter_rows(max_col=len(columns)):
        if [c.value for c in row] == columns:
            return row[0].row
    raise AssertionError(f"{ws.title}: no header row {columns}")


def expected_rows(name: str, df: pd.DataFrame) -> list[list[Any]]:
    """The values each row of a table should have in its sheet, as openpyxl reads them."""
    out = []
    for record in df.to_dict("records"):
        row = []
        for column in codebook()[name].columns:
            value = record[column.name]
            if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
                row.append(None)
            elif column.dtype == "int":
                row.append(int(value))
            elif column.dtype == "float":
                row.append(float(value))
            elif column.dtype == "date":
                row.append(value.to_pydatetime())
            elif column.dtype == "month":
                row.append(value.strftime("%Y-%m"))
            else:
                row.append(str(value))
        out.append(row)
    return out


def column_a(ws: Any) -> list[str]:
    return [str(c.value) for (c,) in ws.iter_rows(max_col=1) if c.value is not None]


# ----------------------------------------------------------------------------------------------
# Fixtures: the bundled reports' tables, and copies edited by hand
# ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_tables() -> Tables:
    return sqs_analysis.open_tables(RAW_DIR)


@pytest.fixture(scope="module")
def real_book(real_tables, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("workbook") / "tables.xlsx"
    return write_workbook(real_tables, path, made_at=MADE_AT)


def with_strengths(tables: Tables, texts: list[str]) -> Tables:
    """A copy of ``tables`` whose strengths are ``texts``, all in the first report."""
    rid = tables.reports["report_id"].iloc[0]
    frame = pd.DataFrame({"report_id": rid, "item": range(1, len(texts) + 1), "text": texts})
    return dataclasses.replace(tables, strengths=coerce(codebook()["strengths"], frame))


# ----------------------------------------------------------------------------------------------
# Layout
# ----------------------------------------------------------------------------------------------


def test_sheets_are_cover_contents_notes_one_per_table_and_codebook(real_book):
    book = openpyxl.load_workbook(real_book)
    assert book.sheetnames == SHEETS
    assert all(len(name) <= 31 for name in book.sheetnames)
    assert not any(ws.merged_cells.ranges for ws in book)


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_each_table_sheet_holds_its_whole_table(real_book, real_tables, name):
    df = getattr(real_tables, name)
    columns = codebook()[name].column_names
    ws = openpyxl.load_workbook(real_book)[name]
    assert str(ws["A1"].value).startswith(f"Table {name}: ")
    assert codebook()[name].description in column_a(ws)
    header = find_header(ws, columns)
    assert ws.max_column == len(columns)
    assert ws.max_row == header + len(df)
    body = [
        [c.value for c in row] for row in ws.iter_rows(min_row=header + 1, max_col=len(columns))
    ]
    assert body == expected_rows(name, df)
    if len(df):
        (table,) = ws.tables.values()
        last = openpyxl.utils.get_column_letter(len(columns))
        assert (table.name, table.ref) == (name, f"A{header}:{last}{header + len(df)}")


def test_real_reports_fill_the_tables_checked(real_tables):
    """The sheets above are checked against real rows, not only against empty tables."""
    assert len(real_tables.reports) == 2
    assert all(len(getattr(real_tables, n)) for n in TABLE_NAMES if n != "parse_issues")


def test_numbers_are_numbers_dates_are_dates_and_months_are_text(real_book, real_tables):
    ws = openpyxl.load_workbook(real_book)["reports"]
    columns = codebook()["reports"].column_names
    header = find_header(ws, columns)
    cells = {name: ws.cell(header + 1, i + 1) for i, name in enumerate(columns)}
    first = real_tables.reports.iloc[0]

    for name in ("cases_examined", "reoffending_rate", "national_average", "gap_to_national_pp"):
        assert cells[name].data_type == "n", name
        assert cells[name].value == first[name], name
    assert isinstance(cells["cases_examined"].value, int)

    for name in ("publication_date", "fieldwork_start", "fieldwork_end"):
        assert cells[name].is_date, name
        assert cells[name].number_format == "yyyy-mm-dd", name
        assert cells[name].value == first[name].to_pydatetime(), name

    for name in ("cohort_start", "cohort_end", "rate_published"):
        assert cells[name].data_type == "s", name
        assert re.fullmatch(r"\d{4}-\d{2}", cells[name].value), name
    assert cells["report_id"].data_type == "s"
    assert cells["report_id"].number_format == "@"
    assert cells["cases_examined"].number_format == "General"


def test_cover_says_title_source_period_version_and_time(real_tables, tmp_path):
    path = write_workbook(
        real_tables,
        tmp_path / "book.xlsx",
        title="Youth offending SQS letters, 2015 to 2016",
        period="November 2015 to June 2016",
        made_at=MADE_AT,
    )
    ws = openpyxl.load_workbook(path)["Cover"]
    assert ws["A1"].value == "Youth offending SQS letters, 2015 to 2016"
    text = "\n".join(column_a(ws))
    assert SOURCE in text
    assert "2 report(s) from 2 input file(s)" in text
    assert "Period: November 2015 to June 2016" in text
    assert "Made: 2024-05-06 07:08:09 UTC" in text
    assert f"Made by: sqs-analysis {__version__}" in text


def test_default_period_is_the_range_of_publication_dates(real_tables, real_book):
    assert period_of(real_tables) == "reports published 2015-11-04 to 2016-06-15"
    text = "\n".join(column_a(openpyxl.load_workbook(real_book)["Cover"]))
    assert "Period: reports published 2015-11-04 to 2016-06-15" in text


def test_contents_links_to_every_other_sheet(real_book):
    ws = openpyxl.load_workbook(real_book)["Contents"]
    header = find_header(ws, ["Sheet name", "Table description"])
    rows = list(ws.iter_rows(min_row=header + 1, max_col=2))
    assert [r[0].value for r in rows] == [*TABLE_NAMES, "Codebook"]
    for sheet, description in rows:
        assert sheet.hyperlink.location == f"'{sheet.value}'!A1"
        assert description.value.startswith(("Table ", "Codebook"))


def test_notes_sheet_explains_every_note_the_sheets_refer_to(real_book):
    book = openpyxl.load_workbook(real_book)
    ws = book["Notes"]
    header = find_header(ws, ["Note number", "Note text"])
    notes = {
        r[0].value: r[1].value for r in ws.iter_rows(min_row=header + 1, max_col=2) if r[0].value
    }
    assert sorted(notes) == list(range(1, len(notes) + 1))

    def referred(sheet: str) -> dict[int, str]:
        found = {}
        for line in column_a(book[sheet]):
            for number in re.findall(r"\[note (\d+)\]", line):
                found[int(number)] = line
        return found

    everywhere = {}
    for name in TABLE_NAMES:
        refs = referred(name)
        assert refs, f"{name} refers to no note"
        everywhere.update(refs)
    assert set(everywhere) == set(notes)
    assert any("does not say" in notes[n] for n in referred("strengths"))
    assert any("formula" in notes[n] for n in referred("strengths"))
    assert any("own Ministry of Justice cohort" in notes[n] for n in referred("reports"))
    assert any("sufficiency_low" in notes[n] for n in referred("judgements"))
    assert any("header row" in notes[n] for n in referred("parse_issues"))  # empty here
    assert all(text for text in notes.values())


def test_codebook_sheet_has_one_row_per_column(real_book):
    ws = openpyxl.load_workbook(real_book)["Codebook"]
    header = find_header(ws, ["table", "column", "type", "required", "in key"])
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=header + 1)]
    expected = [(name, c.name, c.dtype) for name in TABLE_NAMES for c in codebook()[name].columns]
    assert [tuple(r[:3]) for r in rows] == expected
    by_column = {(r[0], r[1]): r for r in rows}
    assert by_column[("judgements", "polarity")][5] == "positive, negative"
    assert by_column[("reports", "cases_examined")][6:8] == [1, 500]
    assert by_column[("reports", "report_id")][3:5] == ["yes", "yes"]
    assert "`" not in "".join(str(r[8]) for r in rows)


def test_long_text_wraps_in_rows_tall_enough_to_show_it(real_book, real_tables):
    book = openpyxl.load_workbook(real_book)
    ws = book["findings"]
    header = find_header(ws, codebook()["findings"].column_names)
    text_column = ws.column_dimensions["E"]
    assert text_column.width == pytest.approx(cells.MAX_WIDTH, abs=1)  # Excel adds padding
    assert ws.cell(header + 1, 5).alignment.wrap_text
    for offset, text in enumerate(real_tables.findings["text"], start=1):
        height = ws.row_dimensions[header + offset].height
        shortest = len(text) / (cells.MAX_WIDTH * 1.2) * cells.LINE_HEIGHT  # fewer lines than any
        assert height is not None and shortest <= height <= cells.MAX_ROW_HEIGHT, text[:40]
    ids = book["reports"]
    header = find_header(ids, codebook()["reports"].column_names)
    assert ids.row_dimensions[header].height is None  # the header row needs no help
    notes = book["Notes"]
    assert notes.column_dimensions["B"].width == pytest.approx(cells.MAX_WIDTH, abs=1)


def test_file_has_the_permissions_of_any_new_file(real_book, tmp_path):
    ordinary = tmp_path / "ordinary"
    ordinary.write_bytes(b"")
    assert real_book.stat().st_mode & 0o777 == ordinary.stat().st_mode & 0o777


# ----------------------------------------------------------------------------------------------
# Reproducible
# ----------------------------------------------------------------------------------------------


def test_same_tables_and_time_give_the_same_bytes(real_tables, tmp_path):
    first = write_workbook(real_tables, tmp_path / "a.xlsx", made_at=MADE_AT).read_bytes()
    second = write_workbook(real_tables, tmp_path / "b.xlsx", made_at=MADE_AT).read_bytes()
    assert first == second


def test_made_at_is_the_files_creation_time(real_book, real_tables, tmp_path):
    assert openpyxl.load_workbook(real_book).properties.created == MADE_AT.replace(tzinfo=None)
    later = write_workbook(
        real_tables, tmp_path / "later.xlsx", made_at=datetime(2025, 1, 1, tzinfo=UTC)
    )
    assert later.read_bytes() != real_book.read_bytes()


# ----------------------------------------------------------------------------------------------
# Text that looks like a formula
# ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_book(real_tables, tmp_path_factory) -> tuple[Path, Tables]:
    """The real tables with formula-like text in strengths, a finding, a copy-list entry, an
    area name, and in the title and period given for the cover."""
    tables = with_strengths(real_tables, FORMULA_LIKE + OTHER_AWKWARD)
    findings = tables.findings.copy()
    findings.loc[0, "text"] = "=1+2 [note](http://example.invalid) " + findings.loc[0, "text"]
    copy_list = tables.copy_list.copy()
    copy_list.loc[0, "names"] = "-"
    reports = tables.reports.copy()
    reports.loc[0, "area"] = "@Knowsley"
    tables = dataclasses.replace(tables, findings=findings, copy_list=copy_list, reports=reports)
    path = tmp_path_factory.mktemp("hostile-book") / "tables.xlsx"
    write_workbook(
        tables,
        path,
        title='=HYPERLINK("http://example.invalid","title")',
        period="+1-1 [click](http://example.invalid)",
    )
    return path, tables


def test_formula_like_text_is_stored_as_text_exactly(hostile_book):
    path, tables = hostile_book
    ws = openpyxl.load_workbook(path)["strengths"]
    header = find_header(ws, ["report_id", "item", "text"])
    stored = stored_texts(path, "strengths")
    texts = list(tables.strengths["text"])
    for offset, text in enumerate(texts, start=1):
        cell = ws.cell(header + offset, 3)
        assert cell.data_type == "s", repr(text)
        assert cell.number_format == "@", repr(text)  # Excel's Text format: edits stay text
        assert stored[cell.coordinate] == text  # exactly, as Excel reads the stored text
        if not re.search(r"[\r\x00-\x08]", text):  # openpyxl does not decode those escapes
            assert cell.value == text
    assert texts[: len(FORMULA_LIKE)] == FORMULA_LIKE


def test_formula_like_text_elsewhere_is_text_too(hostile_book):
    path, tables = hostile_book
    finding = tables.findings.loc[0, "text"]
    assert finding in stored_texts(path, "findings").values()
    assert "-" in stored_texts(path, "copy_list").values()
    assert "@Knowsley" in stored_texts(path, "reports").values()
    cover = stored_texts(path, "Cover")
    assert cover["A1"] == '=HYPERLINK("http://example.invalid","title")'
    assert "Period: +1-1 [click](http://example.invalid)" in cover.values()


def test_no_cell_anywhere_is_a_formula_or_a_link_out(hostile_book):
    path, _ = hostile_book
    book = openpyxl.load_workbook(path)
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}: {cell.value!r}"
                if cell.hyperlink is not None:  # only the contents' links to its own sheets
                    assert ws.title == "Contents", f"{ws.title}!{cell.coordinate}"
                    assert cell.hyperlink.target is None
                    assert cell.hyperlink.location.endswith("!A1")
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            xml = z.read(name).decode("utf-8")
            assert not re.search(r"<f[\s>/]", xml), f"formula element in {name}"
            assert 'TargetMode="External"' not in xml, f"external link in {name}"


def test_formula_text_in_a_report_file_reaches_the_workbook_as_text(tmp_path):
    """Through the real parser: a key strength that reads =HYPERLINK(...) in the letter."""
    source = RAW_DIR / "001_e207b1224d1600bb.txt"
    text = source.read_text("utf-8")
    payload = '=HYPERLINK("http://example.invalid","click")'
    bullet = "- Services provided to the court"
    assert bullet in text
    data = tmp_path / "data"
    data.mkdir()
    (data / source.name).write_text(
        text.replace(bullet, f"- {payload}\n- @SUM(1)\n{bullet}", 1), encoding="utf-8"
    )
    tables = sqs_analysis.open_tables(data)
    assert list(tables.strengths["text"][:2]) == [payload, "@SUM(1)"]
    path = write_workbook(tables, tmp_path / "tables.xlsx", made_at=MADE_AT)
    ws = openpyxl.load_workbook(path)["strengths"]
    header = find_header(ws, ["report_id", "item", "text"])
    cells = [ws.cell(header + i, 3) for i in (1, 2)]
    assert [(c.data_type, c.value) for c in cells] == [("s", payload), ("s", "@SUM(1)")]


def test_csv_keeps_formula_like_text_exactly_as_written(real_tables, tmp_path):
    """What docs/exports.md says of the CSVs: the text is kept as the report wrote it, with
    nothing put before a leading =, so a spreadsheet opening the CSV directly may read it as a
    formula (the workbook is the safe way into a spreadsheet)."""
    write_tables(with_strengths(real_tables, FORMULA_LIKE[:4]), tmp_path)
    lines = (tmp_path / "strengths.csv").read_text("utf-8").splitlines()
    assert lines[1].endswith(',"=HYPERLINK(""http://example.invalid"",""click"")"')
    assert lines[2].endswith(",+cmd|' /C calc'!A0")
    assert lines[3].endswith(",@SUM(1)")
    assert lines[4].endswith(",-2+3")


# ----------------------------------------------------------------------------------------------
# Empty tables, empty cells, long text
# ----------------------------------------------------------------------------------------------


def test_tables_without_rows_give_a_valid_workbook(tmp_path):
    empty = build_tables([])
    assert all(len(df) == 0 for _, df in empty.items())
    path = write_workbook(empty, tmp_path / "empty.xlsx", made_at=MADE_AT)
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SHEETS
    for name in TABLE_NAMES:
        ws = book[name]
        columns = codebook()[name].column_names
        header = find_header(ws, columns)
        assert ws.max_row == header, name
        assert not ws.tables, name  # an Excel table needs a data row; the header row stays
        assert any("no rows" in line and "[note" in line for line in column_a(ws)), name
    cover = "\n".join(column_a(book["Cover"]))
    assert "0 report(s) from 0 input file(s)" in cover
    assert "Period: no publication dates" in cover


def test_one_empty_table_among_full_ones(real_tables, tmp_path):
    tables = dataclasses.replace(real_tables, strengths=real_tables.strengths.iloc[0:0])
    book = openpyxl.load_workbook(write_workbook(tables, tmp_path / "b.xlsx"))
    ws = book["strengths"]
    assert ws.max_row == find_header(ws, ["report_id", "item", "text"])
    assert book["improvements"].tables


def test_empty_cells_stay_empty(tmp_path):
    report = make_report(area=None, cases_examined=None, strengths=["Only one."])
    tables = build_tables([report], [manifest_row(report)])
    ws = openpyxl.load_workbook(write_workbook(tables, tmp_path / "b.xlsx"))["reports"]
    columns = codebook()["reports"].column_names
    header = find_header(ws, columns)
    row = {name: ws.cell(header + 1, i + 1) for i, name in enumerate(columns)}
    assert row["area"].value is None
    assert row["cases_examined"].value is None
    assert row["report_id"].value == report.report_id


def test_text_longer_than_a_cell_is_cut_and_says_so(real_tables, tmp_path):
    long_text = "Plans were sufficient. " * 2000  # 46,000 characters
    tables = with_strengths(real_tables, [long_text, "😀" * 20_000])
    path = write_workbook(tables, tmp_path / "b.xlsx")
    stored = sorted(stored_texts(path, "strengths").values(), key=len)[-2:]
    for text in stored:
        assert len(text.encode("utf-16-le")) // 2 <= 32_767
        assert text.endswith(CUT_MARK)
    assert any(long_text.startswith(t.removesuffix(CUT_MARK)) for t in stored)
    assert fit_cell("short") == "short"
    emoji = fit_cell("😀" * 20_000).removesuffix(CUT_MARK)
    assert set(emoji) == {"😀"}  # never half a character


# ----------------------------------------------------------------------------------------------
# Writing the file
# ----------------------------------------------------------------------------------------------


def test_a_failed_write_keeps_the_previous_workbook(real_tables, tmp_path, monkeypatch):
    path = write_workbook(real_tables, tmp_path / "tables.xlsx", made_at=MADE_AT)
    before = path.read_bytes()

    def fail(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(wbk, "_fill", fail)
    with pytest.raises(OSError, match="No space left"):
        write_workbook(real_tables, path, made_at=datetime(2025, 1, 1, tzinfo=UTC))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["tables.xlsx"]


def test_parse_writes_the_workbook_when_asked(tmp_path):
    from conftest import RAW_DIR, run_cli

    xlsx = tmp_path / "out" / "parsed.xlsx"
    result = run_cli("parse", RAW_DIR, "--out", tmp_path / "tables", "--xlsx", xlsx)
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == SHEETS
    reports = book[sheet_name("reports")]
    assert sum(1 for row in reports.iter_rows() if row[0].value in ("report_id",)) == 1
    without = run_cli("parse", RAW_DIR, "--out", tmp_path / "tables2")
    assert without.returncode == 0 and not list((tmp_path / "tables2").glob("*.xlsx"))


def test_briefing_workbook_goes_beside_the_tables(real_tables, tmp_path):
    folder = tmp_path / "briefing"
    assert briefing_workbook(real_tables, folder, made_at=MADE_AT) == folder / WORKBOOK_NAME
    assert openpyxl.load_workbook(folder / "tables.xlsx").sheetnames == SHEETS


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("reports", "reports"),
        ("a" * 40, "a" * 31),
        ("what? [this]: a/b\\c*", "what_ _this__ a_b_c_"),
        ("'quoted'", "quoted"),
        ("History", "History_"),
        ("", "Sheet"),
    ],
)
def test_sheet_names_are_excel_safe(name, expected):
    assert sheet_name(name) == expected
