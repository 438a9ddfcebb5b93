"""Check every table against the codebook before it is written, so no bad row leaves silently.

Each breach becomes a ``warning`` issue that names the file, the table, the column and the value,
and is repaired in one documented way (see ``docs/bad-input.md``):

* a value of the wrong type, outside ``allowed`` or outside ``min``/``max`` is **blanked**;
* a row whose **required** column is then empty is **dropped** (a row without its key, its
  evidence or its estimate means nothing);
* ``fieldwork_start > fieldwork_end`` or ``cohort_start > cohort_end`` blanks both ends
  (the rest of the report row stands); a ``gap_to_national_pp`` that no longer equals
  ``reoffending_rate - national_average`` is blanked;
* a judgement with ``numerator > denominator`` or with ``sufficiency`` outside
  ``sufficiency_low..sufficiency_high`` is **dropped**, because its estimate cannot be trusted;
* a row repeating a table's key is **dropped** (the first one is kept);
* a row pointing at a report that is not in ``reports`` is **dropped**.

The returned tables carry the new issues appended to ``parse_issues`` as well.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqs_analysis.ingest.model import Issue
from sqs_analysis.reference.codebook import Column, TableSpec, codebook
from sqs_analysis.tables.build import TABLE_NAMES, Tables, issue_rows

if TYPE_CHECKING:
    import pandas as pd

UNKNOWN_FILE = "(unknown file)"
MAX_VALUE_CHARS = 60
GAP_TOLERANCE = 1e-6


def _show(value: Any) -> str:
    """A value as one short line, safe to put in a message (no line breaks, bounded length)."""
    import pandas as pd

    if isinstance(value, pd.Period):
        value = str(value)
    elif isinstance(value, pd.Timestamp):
        value = value.date().isoformat() if value == value.normalize() else value.isoformat()
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
    elif hasattr(value, "item") and not hasattr(value, "__len__"):
        value = value.item()  # a numpy scalar reads as its plain Python value
    text = repr(value)
    text = " ".join(text.split())
    if len(text) > MAX_VALUE_CHARS:
        text = text[: MAX_VALUE_CHARS - 1] + "…"
    return text


@dataclass
class _Checker:
    """Validation state of one table: its frame, the rows to drop and the issues met."""

    spec: TableSpec
    df: pd.DataFrame
    file_of_report: dict[str, str]
    issues: list[Issue] = field(default_factory=list)
    dropped: set[Any] = field(default_factory=set)

    def source_file(self, idx: Any) -> str:
        """The file a row came from, never blank (an issue must name a file)."""
        row = self.df.loc[idx]
        for column in ("source_file", "report_id"):
            if column not in self.df.columns or not _present(row[column]):
                continue
            value = str(row[column])
            found = value if column == "source_file" else self.file_of_report.get(value, "")
            if found.strip():
                return found
        return UNKNOWN_FILE

    def where(self, idx: Any) -> str:
        """The row's key, e.g. ``report southend-2016-06-15, paragraph 2.2, seq 1``."""
        row = self.df.loc[idx]
        parts = []
        for key in self.spec.key:
            if key in self.df.columns and _present(row[key]):
                label = "report" if key == "report_id" else key
                parts.append(f"{label} {_show(row[key]).strip(chr(39))}")
        return f" ({', '.join(parts)})" if parts else ""

    def warn(self, idx: Any, column: str, value: Any, problem: str, action: str) -> None:
        self.issues.append(
            Issue(
                self.source_file(idx),
                "warning",
                f"{self.spec.name}.{column}{self.where(idx)}: {_show(value)} {problem}; {action}",
            )
        )

    def live(self, mask: Any) -> list[Any]:
        """Index labels where ``mask`` holds, leaving out rows already dropped."""
        import numpy as np

        if hasattr(mask, "fillna"):
            mask = mask.fillna(False)
        hits = np.asarray(mask, dtype=bool)
        return [idx for idx in self.df.index[hits] if idx not in self.dropped]

    def rows(self) -> list[Any]:
        """Index labels of the rows not dropped so far."""
        return [idx for idx in self.df.index if idx not in self.dropped]

    def blank(self, idx: Any, column: str, problem: str) -> None:
        """Blank a bad value; in a required column the whole row goes instead."""
        value = self.df.at[idx, column]
        if self.spec.column(column).required:
            self.drop(idx, column, value, problem)
            return
        self.warn(idx, column, value, problem, "value blanked")
        self.df.at[idx, column] = None

    def drop(self, idx: Any, column: str, value: Any, problem: str) -> None:
        self.warn(idx, column, value, problem, "row dropped")
        self.dropped.add(idx)

    def result(self) -> pd.DataFrame:
        return self.df.drop(index=sorted(self.dropped)).reset_index(drop=True)


def _present(value: Any) -> bool:
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return False
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):
        return True


def _has_dtype(column: Column, series: pd.Series) -> bool:
    import pandas as pd

    dtype = series.dtype
    if column.dtype in ("string", "category"):
        return isinstance(dtype, pd.StringDtype) and dtype.na_value is pd.NA
    if column.dtype == "int":
        return str(dtype) == "Int64"
    if column.dtype == "float":
        return str(dtype) == "Float64"
    if column.dtype == "date":
        return pd.api.types.is_datetime64_dtype(dtype)
    return isinstance(dtype, pd.PeriodDtype) and dtype == "period[M]"


def _to_dtype(column: Column, series: pd.Series) -> pd.Series:
    """``series`` in the codebook dtype; values that cannot be converted become missing."""
    present = series.notna()
    if present.any() and series[present].map(type).eq(str).all():
        return _text_to_dtype(column, series)
    return _values_to_dtype(column, series)


def _text_to_dtype(column: Column, series: pd.Series) -> pd.Series:
    """Text (as read from a CSV) in the codebook dtype, converted column-wise."""
    import pandas as pd

    text = series.astype("string")
    if column.dtype in ("string", "category"):
        return text
    text = text.str.strip()
    if column.dtype in ("int", "float"):
        numbers = pd.to_numeric(text.astype(object), errors="coerce").astype("float64")
        if column.dtype == "float":
            return numbers.astype("Float64")
        whole = (numbers % 1 == 0) & (numbers.abs() < 2**53)
        return numbers.where(whole).astype("Int64")
    if column.dtype == "date":
        return pd.to_datetime(text.astype(object), format="%Y-%m-%d", errors="coerce")
    months = pd.to_datetime(text.astype(object), format="%Y-%m", errors="coerce")
    return months.dt.to_period("M")


def _values_to_dtype(column: Column, series: pd.Series) -> pd.Series:
    """Python objects of any kind in the codebook dtype, converted one by one."""
    import pandas as pd

    if column.dtype in ("string", "category"):
        return series.map(lambda v: str(v) if _present(v) else None).astype("string")
    if column.dtype in ("int", "float"):

        def number(v: Any) -> Any:
            if isinstance(v, bool) or not _present(v):
                return None
            try:
                x = float(v)
            except (TypeError, ValueError):
                return None
            if column.dtype == "int":
                return int(x) if x.is_integer() and abs(x) < 2**53 else None
            return x

        return pd.Series([number(v) for v in series], index=series.index, dtype="object").astype(
            "Int64" if column.dtype == "int" else "Float64"
        )
    if column.dtype == "date":

        def day(v: Any) -> Any:
            if not _present(v):
                return None
            if hasattr(v, "year") and hasattr(v, "month") and hasattr(v, "day"):
                return pd.Timestamp(v.year, v.month, v.day)
            return pd.to_datetime(str(v).strip(), format="%Y-%m-%d", errors="coerce")

        return pd.to_datetime(pd.Series([day(v) for v in series], index=series.index))

    def month(v: Any) -> Any:
        if not _present(v):
            return None
        if isinstance(v, pd.Period):
            return v.asfreq("M")
        if hasattr(v, "year") and hasattr(v, "month"):
            return pd.Period(year=v.year, month=v.month, freq="M")
        parsed = pd.to_datetime(str(v).strip(), format="%Y-%m", errors="coerce")
        return None if pd.isna(parsed) else parsed.to_period("M")

    return pd.Series(pd.array([month(v) for v in series], dtype="period[M]"), index=series.index)


def _check_columns(c: _Checker) -> None:
    """Exactly the codebook's columns, in order; a missing one is added empty, with a warning."""
    expected = c.spec.column_names
    for name in expected:
        if name not in c.df.columns:
            c.issues.append(
                Issue(UNKNOWN_FILE, "warning", f"{c.spec.name}.{name}: column missing; added empty")
            )
    for name in c.df.columns:
        if name not in expected:
            c.issues.append(
                Issue(
                    UNKNOWN_FILE,
                    "warning",
                    f"{c.spec.name}.{name}: column not in the codebook; column dropped",
                )
            )
    c.df = c.df.reindex(columns=expected).reset_index(drop=True)


def _blank(series: pd.Series) -> Any:
    """Which values are empty or only whitespace, as a boolean array (a plain loop is much
    faster here than ``.str`` on Python-backed strings)."""
    import numpy as np

    values = series.tolist()
    return np.fromiter(
        (isinstance(v, str) and (not v or v.isspace()) for v in values), bool, len(values)
    )


def _check_types(c: _Checker) -> None:
    """Each column in its codebook dtype; a value that is not of that type is blanked."""
    for column in c.spec.columns:
        series = c.df[column.name]
        if _has_dtype(column, series):
            typed = series
            lost: Any = []
        else:
            typed = _to_dtype(column, series)
            lost = series.notna().to_numpy(dtype=bool) & typed.isna().to_numpy(dtype=bool)
        if column.dtype in ("string", "category"):
            typed = typed.mask(_blank(typed), None)
        c.df[column.name] = typed
        for idx in c.live(lost) if len(lost) else []:
            problem = f"is not a valid {column.dtype}"
            if column.required:
                c.drop(idx, column.name, series[idx], problem)
            else:
                c.warn(idx, column.name, series[idx], problem, "value blanked")


def _check_values(c: _Checker) -> None:
    """Allowed values and numeric bounds; a breach is blanked."""
    for column in c.spec.columns:
        series = c.df[column.name]
        if column.allowed:
            for idx in c.live(series.notna() & ~series.isin(column.allowed)):
                c.blank(idx, column.name, f"is not one of {', '.join(column.allowed)}")
        if column.dtype not in ("int", "float"):
            continue
        if column.min is not None:
            for idx in c.live(series < column.min):
                c.blank(idx, column.name, f"is below the minimum {column.min:g}")
        if column.max is not None:
            for idx in c.live(series > column.max):
                c.blank(idx, column.name, f"is above the maximum {column.max:g}")
        for idx in c.live(series.isin([float("inf"), float("-inf")])):
            if _present(c.df.at[idx, column.name]):
                c.blank(idx, column.name, "is not finite")


def _ordered_pair(c: _Checker, first: str, last: str) -> None:
    """``first <= last`` or both are blanked (neither end can be trusted)."""
    df = c.df
    for idx in c.live(df[first] > df[last]):
        start, end = df.at[idx, first], df.at[idx, last]
        c.warn(idx, first, start, f"is after {last} {_show(end)}", "both blanked")
        df.at[idx, first] = None
        df.at[idx, last] = None


def _check_reports(c: _Checker) -> None:
    _ordered_pair(c, "fieldwork_start", "fieldwork_end")
    _ordered_pair(c, "cohort_start", "cohort_end")
    df = c.df
    gap, rate, national = df["gap_to_national_pp"], df["reoffending_rate"], df["national_average"]
    orphan = gap.notna() & (rate.isna() | national.isna())
    for idx in c.live(orphan):
        c.blank(idx, "gap_to_national_pp", "has no rate and national average to come from")
    wrong = ((gap - (rate - national)).abs() > GAP_TOLERANCE).fillna(False) & ~orphan
    for idx in c.live(wrong):
        c.blank(
            idx,
            "gap_to_national_pp",
            f"is not {_show(df.at[idx, 'reoffending_rate'])} - "
            f"{_show(df.at[idx, 'national_average'])}",
        )


def _check_judgements(c: _Checker) -> None:
    df = c.df
    for idx in c.live(df["numerator"] > df["denominator"]):
        c.drop(
            idx,
            "numerator",
            df.at[idx, "numerator"],
            f"is greater than denominator {_show(df.at[idx, 'denominator'])}",
        )
    low, point, high = df["sufficiency_low"], df["sufficiency"], df["sufficiency_high"]
    for idx in c.live((low > point) | (point > high)):
        c.drop(
            idx,
            "sufficiency",
            df.at[idx, "sufficiency"],
            "is outside sufficiency_low..sufficiency_high "
            f"{_show(df.at[idx, 'sufficiency_low'])}..{_show(df.at[idx, 'sufficiency_high'])}",
        )


CROSS_FIELD_RULES: dict[str, Callable[[_Checker], None]] = {
    "reports": _check_reports,
    "judgements": _check_judgements,
}


def _check_required(c: _Checker) -> None:
    """A row with an empty required column is dropped."""
    for column in c.spec.columns:
        if column.required:
            for idx in c.live(c.df[column.name].isna()):
                c.drop(idx, column.name, None, "is required but empty")


def _check_key(c: _Checker) -> None:
    """A row repeating the table's key is dropped; the first one stands."""
    if not c.spec.key:
        return
    kept = c.df.drop(index=sorted(c.dropped))
    repeated = kept.duplicated(subset=list(c.spec.key), keep="first")
    last = c.spec.key[-1]
    for idx in kept.index[repeated.to_numpy(dtype=bool)]:
        c.drop(idx, last, c.df.at[idx, last], "repeats the table's key")


def _check_report_links(c: _Checker, report_ids: set[str]) -> None:
    """A row of a report-derived table whose report is not in ``reports`` is dropped."""
    for idx in c.live(~c.df["report_id"].isin(report_ids)):
        c.drop(idx, "report_id", c.df.at[idx, "report_id"], "names no row of reports")


def _file_of_report(reports: pd.DataFrame) -> dict[str, str]:
    if not {"report_id", "source_file"} <= set(reports.columns):
        return {}
    return {
        str(rid): str(src)
        for rid, src in zip(reports["report_id"], reports["source_file"], strict=True)
        if _present(rid) and _present(src) and str(src).strip()
    }


def validate_table(
    spec: TableSpec, df: pd.DataFrame, file_of_report: dict[str, str] | None = None
) -> tuple[pd.DataFrame, list[Issue]]:
    """One table checked against its codebook spec: the repaired frame and the issues met."""
    c = _Checker(spec, df.copy(), file_of_report or {})
    _check_columns(c)
    _check_types(c)
    _check_values(c)
    CROSS_FIELD_RULES.get(spec.name, lambda _: None)(c)
    _check_required(c)
    _check_key(c)
    return c.result(), c.issues


def validate_tables(tables: Tables) -> tuple[Tables, list[Issue]]:
    """Every table checked against the codebook; call it before the tables are written.

    Returns the repaired tables (with the new issues appended to ``parse_issues``) and the
    new issues alone, e.g. for logging.
    """
    import pandas as pd

    specs = codebook()
    frames = dict(tables.items())
    file_of_report = _file_of_report(frames["reports"])
    issues: list[Issue] = []
    checked: dict[str, pd.DataFrame] = {}
    for name in TABLE_NAMES:
        df, found = validate_table(specs[name], frames[name], file_of_report)
        checked[name] = df
        issues.extend(found)
    report_ids = set(checked["reports"]["report_id"].dropna())
    for name in TABLE_NAMES:
        if name in ("reports", "files", "parse_issues"):
            continue
        c = _Checker(specs[name], checked[name], file_of_report)
        _check_report_links(c, report_ids)
        checked[name] = c.result()
        issues.extend(c.issues)
    if issues:
        new_rows = _as_typed(specs["parse_issues"], issue_rows(issues))
        checked["parse_issues"] = pd.concat([checked["parse_issues"], new_rows], ignore_index=True)
    return Tables(**checked), issues


def _as_typed(spec: TableSpec, rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    from sqs_analysis.tables.build import frame

    return frame(spec, rows)
