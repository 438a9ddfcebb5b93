"""Every table in one Excel workbook, in the form the Government Analysis Function sets for
releasing statistics in spreadsheets.

Sheets, in order: ``Cover`` (title, source, period, when and by which version it was made),
``Contents`` (a link to every sheet), ``Notes`` (the notes the other sheets refer to as
``[note N]``), one sheet per table named as its CSV file (title in A1, a short description
from the codebook, then the table: one header row holding exactly the table's column names,
one row per table row, marked as an Excel table named after it), and ``Codebook`` (every
column of every table). No merged cells, no blank rows or columns inside a table, every
table starting in column A.

The workbook is built with ``gptables``, the Analysis Function's own package, on XlsxWriter.
gptables writes the cover, the contents, the notes and the title rows above each table, and
numbers the notes. The table cells themselves are written here, one typed call per cell
(``write_string``, ``write_number``, ``write_datetime``, ``write_blank``; gptables' own table
writer is handed only placeholders of the table's shape), because that writer would change
report text: it turns ``[text](url)`` into a link, blanks cells of white space, refuses cells
of symbols only and refuses a table without rows. Report text is data: it is stored as text
exactly as the report wrote it, so text that begins with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return is never a formula. As a second guard the workbook is opened with
XlsxWriter's ``strings_to_formulas`` and ``strings_to_urls`` off, so no other text (a title,
a period) becomes a formula or a link either; and text columns carry Excel's Text format
(``@``), so that even a cell edited by hand and entered again stays text.

Values: ``int`` and ``float`` columns are Excel numbers; ``date`` columns are Excel dates
shown as ``yyyy-mm-dd``; ``month`` columns are ISO text ``YYYY-MM`` (Excel has no month
type), as in the CSVs; everything else is text. An empty cell means the report does not say.
Excel holds at most 32,767 characters in a cell: longer text is cut and ends with
:data:`CUT_MARK` (the CSVs keep it whole).

The same tables and the same ``made_at`` give a byte-identical file.
"""

from __future__ import annotations

import os
import secrets
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqs_analysis import __version__
from sqs_analysis.exports.cells import (
    CUT_MARK,
    MAX_WIDTH,
    WORKBOOK_OPTIONS,
    Column,
    column_of,
    data_table,
    fit_cell,
    fit_rows,
    line_count,
    new_workbook,
)
from sqs_analysis.reference.codebook import TableSpec, codebook
from sqs_analysis.tables import TABLE_NAMES

if TYPE_CHECKING:
    import pandas as pd

    from sqs_analysis.tables import Tables

__all__ = [
    "CODEBOOK_SHEET",
    "CUT_MARK",
    "DEFAULT_TITLE",
    "SOURCE",
    "WORKBOOK_NAME",
    "briefing_workbook",
    "fit_cell",
    "period_of",
    "sheet_name",
    "write_workbook",
]

DEFAULT_TITLE = "Short Quality Screening of youth offending work: tables parsed from the letters"
SOURCE = (
    "HM Inspectorate of Probation, Short Quality Screening (SQS) letters on youth offending work"
)
WORKBOOK_NAME = "tables.xlsx"
COVER_SHEET = "Cover"
CONTENTS_SHEET = "Contents"
NOTES_SHEET = "Notes"
CODEBOOK_SHEET = "Codebook"


_SHEET_FORBIDDEN = set("[]:*?/\\")

# The notes the sheets refer to: (reference, text). Referenced as ``$$reference$$``; gptables
# numbers them in order of first reference and lists them on the Notes sheet.
NOTES: tuple[tuple[str, str], ...] = (
    (
        "empty",
        "An empty cell means the report does not say, or the parser could not find it; it never "
        "means zero. The parse_issues sheet lists what could not be read.",
    ),
    (
        "text",
        "Report text is stored as text exactly as the report wrote it. Text that begins with =, +, "
        "- or @ is text here, never a formula or a link. Excel holds at most 32,767 characters in "
        "a cell: longer text is cut and ends with a note saying so; the CSV files keep it whole.",
    ),
    (
        "dates",
        "Dates are Excel dates shown as yyyy-mm-dd. Months (the cohort and the month the rate "
        "was published) are text in the form YYYY-MM, as in the CSV files.",
    ),
    (
        "cohort",
        "Each area's reoffending rate is compared with the England and Wales average for its own "
        "Ministry of Justice cohort (cohort_start to cohort_end). gap_to_national_pp is "
        "reoffending_rate minus national_average in percentage points; compare gaps only between "
        "reports of the same cohort. Rates are per cent.",
    ),
    (
        "ranges",
        "Quantified statements such as 'most' or 'nearly three-quarters' are estimates with a "
        "range: sufficiency is the point estimate of the share of cases with sufficient practice "
        "and sufficiency_low to sufficiency_high its plausible range (equal for exact counts). "
        "docs/quantifiers.md gives the range of every quantifier.",
    ),
    (
        "no_rows",
        "A table with no rows shows only its header row, so the sheet keeps the same columns "
        "whatever the reports held.",
    ),
)
_TABLE_NOTES = {"reports": ("cohort",), "judgements": ("ranges",)}


# ----------------------------------------------------------------------------------------------
# Public functions
# ----------------------------------------------------------------------------------------------


def write_workbook(
    tables: Tables,
    path: str | Path,
    *,
    title: str = DEFAULT_TITLE,
    period: str = "",
    generated_by: str = f"sqs-analysis {__version__}",
    made_at: datetime | None = None,
) -> Path:
    """Write every table, the notes and the codebook into one ``.xlsx`` file; return its path.

    ``period`` is shown on the cover; left empty, it is the range of the reports' publication
    dates. ``made_at`` (default: now) is shown on the cover and stored as the file's creation
    time, in UTC (a naive value is taken as local time); fix it to get the same bytes twice.
    The file is written beside ``path`` first and then moved into place, so an interrupted run
    leaves any previous workbook intact.
    """
    import gptables as gpt

    target = Path(path)
    made = (made_at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    specs = codebook()
    frames = {name: getattr(tables, name) for name in TABLE_NAMES}
    sheets: dict[str, gpt.GPTable] = {}
    for name in TABLE_NAMES:
        sheets[sheet_name(name)] = _table_sheet(specs[name], frames[name], generated_by)
    sheets[CODEBOOK_SHEET] = _codebook_sheet(specs, generated_by)

    n_reports = len(frames["reports"])
    n_files = len(frames["files"])
    cover = gpt.Cover(
        title=title,
        intro=[
            "The tables parsed from HM Inspectorate of Probation Short Quality Screening (SQS) "
            "letters on youth offending work: one row per report, numbered finding, quantified "
            "judgement, key strength, area for improvement, copy-list entry, prose section, "
            "input file and parse problem, each figure beside the sentence it came from.",
            "Each table is on a sheet of its own, named as its CSV file, with its column names "
            "in one header row; tables join on report_id. The Contents sheet links to every "
            "sheet, the Notes sheet explains the notes the sheets refer to and the Codebook "
            "sheet describes every column.",
        ],
        about=[
            f"Source: {SOURCE}; {n_reports} report(s) from {n_files} input file(s), each listed "
            "with its SHA-256 on the files sheet.",
            f"Period: {period or period_of(tables)}",
            f"Made: {made:%Y-%m-%d %H:%M:%S} UTC",
            f"Made by: {generated_by}",
            "Report text is stored as text exactly as written: text beginning with =, +, - or @ "
            "is never a formula. An empty cell means the report does not say.",
        ],
        cover_label=COVER_SHEET,
    )
    notes = _notes_frame()

    target.parent.mkdir(parents=True, exist_ok=True)
    # a name of its own beside the target, created by the writer with the usual permissions
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(6)}.tmp")
    try:
        with warnings.catch_warnings():
            # gptables' own use of pandas (deprecations) and its advice on blank cells, which
            # the sheets already explain with a note; nothing here is about our data
            warnings.filterwarnings("ignore", module=r"gptables(\.|$)")
            workbook = new_workbook(tmp.as_posix(), options=dict(WORKBOOK_OPTIONS))
            workbook.set_properties(
                {
                    "title": title,
                    "subject": SOURCE,
                    "comments": f"Made by {generated_by}",
                    "created": made.replace(tzinfo=None),
                }
            )
            _fill(workbook, sheets, cover, notes)
            workbook.close()
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def period_of(tables: Tables) -> str:
    """The period the tables cover, in words: the range of the reports' publication dates."""
    dates = tables.reports["publication_date"].dropna()
    if dates.empty:
        return "no publication dates (no reports, or none dated)"
    first, last = dates.min().date().isoformat(), dates.max().date().isoformat()
    undated = int(tables.reports["publication_date"].isna().sum())
    text = f"reports published {first} to {last}" if first != last else f"reports published {first}"
    return text + (f" ({undated} undated)" if undated else "")


def sheet_name(name: str) -> str:
    """``name`` as an Excel sheet name: at most 31 characters, none of ``[]:*?/\\``, no
    leading or trailing apostrophe, never Excel's reserved ``History``."""
    clean = "".join("_" if c in _SHEET_FORBIDDEN or ord(c) < 32 else c for c in name)
    clean = clean.strip("'")[:31].strip("'") or "Sheet"
    return f"{clean[:30]}_" if clean.lower() == "history" else clean


def briefing_workbook(tables: Tables, folder: str | Path, **options: Any) -> Path:
    """The briefing's workbook: ``tables.xlsx`` in the briefing ``folder``, beside the CSVs."""
    return write_workbook(tables, Path(folder) / WORKBOOK_NAME, **options)


# ----------------------------------------------------------------------------------------------
# Sheets
# ----------------------------------------------------------------------------------------------


def _table_sheet(spec: TableSpec, df: pd.DataFrame, generated_by: str) -> Any:
    """The sheet of one table: title, description, key, notes, then the table."""
    columns = [column_of(c.name, c.dtype, df[c.name]) for c in spec.columns]
    n = len(df)
    subtitles = [spec.description]
    if spec.key:
        subtitles.append(f"Key: {', '.join(spec.key)}; no two rows share it.")
    else:
        subtitles.append("No key: rows are listed in the order they were found.")
    subtitles.append(_JOINS.get(spec.name, _JOINS["*"]))
    subtitles.append("An empty cell means the report does not say $$empty$$")
    subtitles.append("Text is stored exactly as the report wrote it $$text$$")
    if any(c.dtype in ("date", "month") for c in spec.columns):
        subtitles.append("Dates are Excel dates; months are text YYYY-MM $$dates$$")
    for note in _TABLE_NOTES.get(spec.name, ()):
        subtitles.append(_NOTE_LEADS[note] + f" $${note}$$")
    if n:
        instructions = (
            f"This worksheet contains one table of {n} row(s) below its header row. "
            "The Codebook sheet describes each column."
        )
    else:
        instructions = (
            "This worksheet contains one table with no rows: only its header row "
            "is shown $$no_rows$$"
        )
    return data_table(
        columns,
        table_name=_excel_table_name(spec.name),
        title=f"Table {spec.name}: {_lower_first(spec.description.rstrip('.'))}",
        subtitles=subtitles,
        instructions=instructions,
        source=f"Source: {SOURCE}, parsed by {generated_by}.",
    )


_JOINS = {
    "reports": "Other tables join this one on report_id.",
    "parse_issues": "Join to the files sheet on source_file.",
    "*": "Join to the reports sheet, and to the other tables, on report_id.",
}
_NOTE_LEADS = {
    "cohort": "Each rate is compared with the average for its own cohort",
    "ranges": "Estimates from quantifiers are ranges",
}


def _codebook_sheet(specs: dict[str, TableSpec], generated_by: str) -> Any:
    rows: list[tuple[Any, ...]] = []
    for spec in specs.values():
        if spec.name not in TABLE_NAMES:
            continue
        for c in spec.columns:
            rows.append(
                (
                    sheet_name(spec.name),
                    c.name,
                    c.dtype,
                    "yes" if c.required else "no",
                    "yes" if c.name in spec.key else "no",
                    ", ".join(c.allowed) or None,
                    c.min,
                    c.max,
                    _plain(c.description),
                )
            )
    headers = (
        "table",
        "column",
        "type",
        "required",
        "in key",
        "allowed values",
        "minimum",
        "maximum",
        "description",
    )
    kinds = ("text",) * 6 + ("float", "float", "text")
    columns = [
        Column(h, k, [row[i] for row in rows])
        for i, (h, k) in enumerate(zip(headers, kinds, strict=True))
    ]
    return data_table(
        columns,
        table_name="codebook",
        title="Codebook: every column of every table",
        subtitles=[
            "One row per column, in the order of the table sheets and of their columns.",
            "Types: string text; category one of the allowed values; int whole number; "
            "float number; date calendar day; month calendar month (text YYYY-MM).",
            "required: never empty in a valid row. in key: part of the table's key.",
            "minimum, maximum: bounds of a number column; empty where there are none.",
        ],
        instructions="This worksheet contains one table below its header row.",
        source=f"Source: the codebook of {generated_by}.",
    )


def _notes_frame() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        {"Note reference": [r for r, _ in NOTES], "Note text": [t for _, t in NOTES]}
    )


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _plain(text: str) -> str:
    """Codebook prose without its markdown backticks."""
    return text.replace("`", "")


def _excel_table_name(name: str) -> str:
    """A valid, unique Excel table name: letters, digits, underscores and full stops."""
    clean = "".join(c if c.isalnum() or c in "_." else "_" for c in name)
    return clean if clean[:1].isalpha() or clean[:1] == "_" else f"t_{clean}"


# ----------------------------------------------------------------------------------------------
# gptables, with table cells written as typed values
# ----------------------------------------------------------------------------------------------


def _fill(workbook: Any, sheets: dict[str, Any], cover: Any, notes: pd.DataFrame) -> None:
    """Cover, Contents, Notes, then ``sheets``, as gptables' ``produce_workbook`` lays them out."""
    cover_ws = workbook.add_worksheet(cover.cover_label)
    cover_ws.write_cover(cover)
    contents = workbook.make_table_of_contents(
        sheets,
        column_names=["Sheet name", "Table description"],
        title="Table of contents",
        instructions="This worksheet contains one table: a link to each sheet of the workbook.",
    )
    workbook._update_annotations(sheets)
    referenced = notes[notes["Note reference"].isin(workbook._annotations)]
    notes_table = workbook.make_notesheet(
        referenced,
        title="Notes",
        instructions=(
            "This worksheet contains one table: the notes that the other sheets refer to "
            "as [note N]."
        ),
    )
    laid_out = {CONTENTS_SHEET: contents, NOTES_SHEET: notes_table, **sheets}
    for label, gptable in laid_out.items():
        worksheet = workbook.add_worksheet(label)
        worksheet.write_gptable(gptable, label != NOTES_SHEET, workbook._annotations)
        if label == NOTES_SHEET:
            _fit_notes(worksheet, gptable)
    _fit_cover(cover_ws, cover)


def _fit_cover(ws: Any, cover: Any) -> None:
    """Rows of the cover as gptables writes them, each tall enough for its wrapped text."""
    theme = ws.theme
    rows: list[tuple[str, dict[str, Any]]] = [(cover.title, theme.cover_title_format)]
    for heading, texts in (
        ("Introductory information", cover.intro),
        ("About these data", cover.about),
        ("Contact", cover.contact),
    ):
        if texts:
            rows.append((heading, theme.cover_subtitle_format))
            rows.extend((text, theme.cover_text_format) for text in texts)
    for r, (text, fmt) in enumerate(rows):
        size = fmt.get("font_size", 12)
        fit_rows(ws, r, [line_count(text, cover.width, size)], size)


def _fit_notes(ws: Any, notes: Any) -> None:
    """The notes sheet: note text in a column :data:`MAX_WIDTH` wide, each row tall enough."""
    ws.set_column(0, 0, 14)
    ws.set_column(1, 1, MAX_WIDTH)
    texts = [str(t) for t in notes.table.iloc[:, 1]]
    fit_rows(ws, notes.data_range[0] + 1, [line_count(t, MAX_WIDTH) for t in texts])
