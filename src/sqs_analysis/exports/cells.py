"""Cells of the workbook: typed values written one call each, column widths and row heights,
and gptables' classes extended so that they never rewrite report text.

:mod:`sqs_analysis.exports.workbook` lays the sheets out; this module writes what is in them.
Text goes through ``write_string`` whatever it begins with, so it can never become a formula,
a link or a number.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

#: Excel's limit on the characters in one cell, in UTF-16 code units as Excel counts them.
EXCEL_CELL_LIMIT = 32_767


CUT_MARK = (
    " [… cut here: Excel holds at most 32,767 characters in a cell; the CSV has the whole text]"
)


#: Workbook options for XlsxWriter: no text ever becomes a formula, a link or a number.
WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": False,
}


DATE_FORMAT = "yyyy-mm-dd"


TEXT_FORMAT = "@"


#: Widest a column is set, in Excel's width units; longer text wraps within the cell.
MAX_WIDTH = 80


MIN_WIDTH = 8


#: Width units to give one character of the theme's 12-point Arial in a column that need not
#: wrap (Excel's unit is a digit of 11-point Calibri; roomy, so that nothing wraps), characters
#: of prose per width unit assumed in a wrapped line (Excel fits about 0.9, LibreOffice more:
#: an estimate on the high side leaves space below the text rather than cutting it off), the
#: height in points of one line of 12-point text, and the highest row Excel allows.
FONT_SCALE = 1.15


WRAP_FILL = 0.85


LINE_HEIGHT = 15.75


MAX_ROW_HEIGHT = 409.0


@dataclass(frozen=True)
class Column:
    """One column as written: its header, its kind (``text``, ``int``, ``float``, ``date``) and
    its values as plain Python objects, ``None`` for empty."""

    header: str
    kind: str
    values: Sequence[Any]


def column_of(header: str, dtype: str, series: pd.Series) -> Column:
    """A column's values as plain Python objects of the kind its codebook dtype names."""
    import pandas as pd

    values: list[Any]
    if dtype == "int":
        values = [None if pd.isna(v) else int(v) for v in series.tolist()]
        kind = "int"
    elif dtype == "float":
        values = [None if is_blank(v) else float(v) for v in series.tolist()]
        kind = "float"
    elif dtype == "date":
        days = pd.to_datetime(series, errors="coerce")
        values = [None if pd.isna(v) else v.to_pydatetime().replace(tzinfo=None) for v in days]
        kind = "date"
    elif dtype == "month":
        values = [
            None if pd.isna(v) else (v.strftime("%Y-%m") if hasattr(v, "strftime") else str(v))
            for v in series.tolist()
        ]
        kind = "text"
    else:
        values = [None if pd.isna(v) else str(v) for v in series.tolist()]
        kind = "text"
    return Column(header, kind, values)


def is_blank(value: Any) -> bool:
    import pandas as pd

    if value is None or value is pd.NA:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fit_cell(text: str) -> str:
    """``text`` if Excel can hold it in one cell, else cut to fit and ending in CUT_MARK."""
    if len(text) <= EXCEL_CELL_LIMIT // 2 or _utf16_len(text) <= EXCEL_CELL_LIMIT:
        return text
    room = EXCEL_CELL_LIMIT - _utf16_len(CUT_MARK)
    cut = text.encode("utf-16-le")[: room * 2].decode("utf-16-le", errors="ignore")
    return cut + CUT_MARK


def _make_classes() -> tuple[type, type, type]:
    """gptables' workbook, worksheet and table, extended to write data cells as typed values.

    Made on first use so that importing this module does not import gptables and pandas.
    """
    from gptables import Cover, GPTable
    from gptables.core.wrappers import GPWorkbook, GPWorksheet
    from xlsxwriter.workbook import Workbook

    class DataTable(GPTable):
        """A GPTable whose cells are written by :class:`DataWorksheet`, never rewritten."""

        def __init__(self, columns: list[Column], **kwargs: Any) -> None:
            import pandas as pd

            self.columns = columns
            # gptables needs a frame for its layout (header names, row count); the values
            # written are the columns' own, so the frame holds only placeholders
            headers = [c.header for c in columns]
            n = len(columns[0].values) if columns else 0
            frame = pd.DataFrame({h: ["x"] * n for h in headers}, columns=headers)
            super().__init__(table=frame, index_columns={}, **kwargs)

    class DataWorksheet(GPWorksheet):
        def _parse_urls(self, sheet: Any) -> None:
            # gptables turns "[text](url)" into a link; the cover's title and period may come
            # from a caller (an area's name, say), and a table sheet's rows are report text
            if not isinstance(sheet, (Cover, DataTable)):
                super()._parse_urls(sheet)

        def _write_table_elements(self, pos: list, gptable: Any, auto_width: bool) -> list:
            if not isinstance(gptable, DataTable):
                return super()._write_table_elements(pos, gptable, auto_width)
            return write_data(self, gptable)

    class Workbook_(GPWorkbook):
        def add_worksheet(self, name: str | None = None, gridlines: str = "hide_all") -> Any:
            worksheet = Workbook.add_worksheet(self, name, DataWorksheet)
            worksheet.theme = self.theme
            worksheet._workbook = self
            worksheet.hide_gridlines({"show_all": 0, "hide_printed": 1, "hide_all": 2}[gridlines])
            return worksheet

    return DataTable, DataWorksheet, Workbook_


_CLASSES: tuple[type, type, type] | None = None


def _classes() -> tuple[type, type, type]:
    global _CLASSES
    if _CLASSES is None:
        _CLASSES = _make_classes()
    return _CLASSES


def data_table(columns: list[Column], **kwargs: Any) -> Any:
    return _classes()[0](columns, **kwargs)


def new_workbook(filename: str, options: dict[str, Any]) -> Any:
    return _classes()[2](filename, options=options)


def write_data(ws: Any, gptable: Any) -> list:
    """Write a :class:`DataTable`'s header row and cells, typed, and mark them as an Excel table.

    Text goes through ``write_string`` whatever it begins with, so it can never become a
    formula, a link or a number. Columns are as wide as their text up to :data:`MAX_WIDTH`;
    longer text wraps and its row is made tall enough to show it.
    """
    wb = ws._workbook
    theme = ws.theme
    columns: list[Column] = gptable.columns
    first = gptable.data_range[0]
    n_rows = len(columns[0].values) if columns else 0
    heading = wb.add_format(theme.column_heading_format)
    lines = [1] * n_rows
    for c, column in enumerate(columns):
        ws.write_string(first, c, column.header, heading)
        values = [
            fit_cell(v) if column.kind == "text" and v is not None else v for v in column.values
        ]
        width, wraps = _column_width(column, values)
        ws.set_column(c, c, width)
        cell_format = wb.add_format(_cell_format(theme.data_format, column.kind))
        for i, value in enumerate(values):
            r = first + 1 + i
            if value is None or (isinstance(value, float) and not math.isfinite(value)):
                ws.write_blank(r, c, None, cell_format)
            elif column.kind == "date":
                ws.write_datetime(r, c, value, cell_format)
            elif column.kind in ("int", "float"):
                ws.write_number(r, c, value, cell_format)
            else:
                ws.write_string(r, c, value, cell_format)
                if wraps or "\n" in value:
                    lines[i] = max(lines[i], line_count(value, width))
    fit_rows(ws, first + 1, lines)

    if n_rows:
        ws.add_table(
            first,
            0,
            first + n_rows,
            len(columns) - 1,
            {
                "header_row": True,
                "autofilter": False,
                "style": None,
                "name": gptable.table_name,
                "columns": [{"header": col.header, "header_format": heading} for col in columns],
            },
        )
    # an Excel table needs at least one data row: a table with none keeps its header row only
    return [first + 1 + n_rows, 0]


def _cell_format(data_format: dict[str, Any], kind: str) -> dict[str, Any]:
    """The theme's data format, aligned and with the number format of the column's kind."""
    out = {**data_format, "valign": "top", "align": "right" if kind in ("int", "float") else "left"}
    if kind == "text":
        out["num_format"] = TEXT_FORMAT  # Excel's Text format: a cell edited by hand stays text
    else:
        out.pop("text_wrap", None)
        if kind == "date":
            out["num_format"] = DATE_FORMAT
    return out


def _column_width(column: Column, values: Sequence[Any]) -> tuple[float, bool]:
    """Width for a column (in Excel's units) and whether its text has to wrap to fit it."""
    widest = _width(column.header)
    for value in values:
        if value is None:
            continue
        if column.kind == "date":
            widest = max(widest, 10)
        elif column.kind in ("int", "float"):
            widest = max(widest, len(repr(value)))
        else:
            widest = max(widest, _width(value))
        if widest * FONT_SCALE + 2 > MAX_WIDTH:
            return float(MAX_WIDTH), True
    return max(round(widest * FONT_SCALE + 2, 1), MIN_WIDTH), False


def _width(text: str) -> int:
    """Characters of the longest line of ``text``."""
    return max((len(line) for line in text.split("\n")), default=0)


def line_count(text: str, width: float, font_size: float = 12) -> int:
    """Lines ``text`` takes when wrapped in a column ``width`` wide (an estimate on the high
    side: words do not fill a line to the last character)."""
    per_line = max(1, int((width - 2) * WRAP_FILL * 12 / font_size))
    return sum(max(1, -(-len(line) // per_line)) for line in text.split("\n"))


def fit_rows(ws: Any, first_row: int, lines: Sequence[int], font_size: float = 12) -> None:
    """Make rows of wrapped text tall enough to show it: spreadsheet programs other than Excel
    keep the default height of a row written without one, and draw the lines over each other."""
    per_line = LINE_HEIGHT * font_size / 12
    for offset, n in enumerate(lines):
        if n > 1:
            ws.set_row(first_row + offset, min(round(n * per_line + 3, 2), MAX_ROW_HEIGHT))
