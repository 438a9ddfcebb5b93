"""Selection: which reports a notebook or briefing covers (a publication period and areas),
and the names and labels that identify each report in every table and chart.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sqs_analysis.analysis.formatting import format_date, is_missing
from sqs_analysis.reference.names import slugify

if TYPE_CHECKING:
    import pandas as pd

    from sqs_analysis.tables import Tables


def area_key(name: Any) -> str:
    """Key that matches an area however it is written ("Brighton & Hove" = "brighton and hove")."""
    if is_missing(name):
        return ""
    return slugify(str(name).replace("&", " and "))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(value: Any, *, end: bool) -> date | None:
    """The first (or, with ``end``, last) day a bound means; None when it is empty.

    Plain :mod:`datetime` for text, so a scheduled run can tell whether anything changed
    without importing pandas.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        if type(value) is date:
            return value
        if is_missing(value):
            return None
        if isinstance(value, datetime | date):
            import pandas as pd

            return pd.Timestamp(value).date()
    text = str(value).strip()
    if not text:
        return None
    try:
        if re.fullmatch(r"\d{4}", text):
            year = int(text)
            return date(year, 12, 31) if end else date(year, 1, 1)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = int(text[:4]), int(text[5:])
            return _month_end(year, month) if end else date(year, month, 1)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass  # a month 13 or a 30 February: said below
    raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD, YYYY-MM or YYYY)")


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def selection_key(
    period_start: Any = None, period_end: Any = None, areas: Iterable[str] | str | None = ()
) -> dict[str, Any]:
    """The canonical selection as plain JSON values (``start``, ``end``: first and last day
    included, ISO, or None; ``areas``: :func:`canonical_areas`), the same as
    ``make_selection(...).key()``; ``ValueError`` naming a bad value."""
    start = _day(period_start, end=False)
    end = _day(period_end, end=True)
    if start is not None and end is not None and start > end:
        raise ValueError(f"period starts ({_long(start)}) after it ends ({_long(end)})")
    return {
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
        "areas": list(canonical_areas(areas)),
    }


@dataclass(frozen=True)
class Selection:
    """Which reports a notebook or briefing covers: a publication period and a set of areas.

    Made by :func:`make_selection` in one canonical form: ``start`` and ``end`` are the first
    and last day included (midnight), and ``areas`` are sorted, de-duplicated names, each the
    area lookup's name when the lookup knows it. The folder name, the notebooks' parameters,
    the provenance and the comparisons all come from this one value (:meth:`key`,
    :meth:`parameters`), so ``2015`` and ``2015-01-01`` to ``2015-12-31`` are the same.
    """

    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None
    areas: tuple[str, ...] = ()

    def describe(self) -> str:
        """``reports published 1 January 2015 to 31 December 2015 in Knowsley``."""
        if self.start is not None and self.end is not None:
            when = f"published {format_date(self.start)} to {format_date(self.end)}"
        elif self.start is not None:
            when = f"published from {format_date(self.start)}"
        elif self.end is not None:
            when = f"published up to {format_date(self.end)}"
        else:
            when = "all publication dates"
        where = f"areas: {', '.join(self.areas)}" if self.areas else "all areas"
        return f"{when}; {where}"

    def parameters(self) -> dict[str, Any]:
        """The notebooks' parameters for this selection (ISO days, empty for no limit);
        :func:`make_selection` of them gives this selection back."""
        return {
            "period_start": _iso(self.start),
            "period_end": _iso(self.end),
            "areas": list(self.areas),
        }

    def key(self) -> dict[str, Any]:
        """The selection as plain JSON values, as provenance records it and comparisons match."""
        return {
            "start": _iso(self.start) or None,
            "end": _iso(self.end) or None,
            "areas": list(self.areas),
        }


def _iso(day: Any) -> str:
    return "" if day is None else f"{day:%Y-%m-%d}"


def canonical_area(name: str) -> str:
    """An area as a selection names it: the area lookup's name when the lookup resolves it
    (``Southend`` -> ``Southend-on-Sea``), otherwise the name with its spaces tidied."""
    from sqs_analysis.reference.areas import lookup_area

    text = " ".join(str(name).split())
    match = lookup_area(text)
    return match.area_name if match.resolved and match.area_name else text


def canonical_areas(areas: Iterable[str] | str | None) -> tuple[str, ...]:
    """Sorted, de-duplicated :func:`canonical_area` names (``Brighton & Hove`` and ``brighton
    and hove`` are one); empty names dropped."""
    if areas is None:
        return ()
    if isinstance(areas, str):
        areas = (areas,)
    chosen: dict[str, str] = {}
    for name in sorted({canonical_area(a) for a in areas if str(a).strip()}):
        chosen.setdefault(area_key(name) or name, name)  # the first spelling of each area
    return tuple(sorted(chosen.values(), key=lambda a: (area_key(a), a)))


def make_selection(
    period_start: Any = None, period_end: Any = None, areas: Iterable[str] | str | None = ()
) -> Selection:
    """A validated, canonical :class:`Selection` from notebook or command-line parameters.

    Dates may be ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (a month or year counts in full);
    empty means unbounded. ``areas`` may be one name or several; empty means all.
    """
    import pandas as pd

    key = selection_key(period_start, period_end, areas)
    start, end = (pd.Timestamp(key[k]) if key[k] else None for k in ("start", "end"))
    return Selection(start, end, tuple(key["areas"]))


def _area_codes(areas: Iterable[str]) -> set[str]:
    """The lookup's codes of the areas it resolves."""
    from sqs_analysis.reference.areas import lookup_area

    return {m.area_code for m in map(lookup_area, areas) if m.area_code}


def _wanted(reports: pd.DataFrame, areas: tuple[str, ...]) -> pd.Series:
    """Which reports are about one of ``areas``: the same name however written, or the same
    service in the area lookup (``Southend`` is ``Southend-on-Sea``)."""
    keys = {area_key(a) for a in areas} - {""}
    mask = reports["area"].map(lambda a: area_key(a) in keys).astype(bool)
    codes = _area_codes(areas)
    if codes and "area_code" in reports.columns:
        mask |= reports["area_code"].isin(codes).fillna(False).astype(bool)
    return mask


def select(tables: Tables, selection: Selection) -> Tables:
    """The tables restricted to reports in the period and areas.

    Reports without a publication date are left out when a period is given. Files that could
    not be parsed belong to no period or area; they are kept so data-quality notes still show them.
    """
    import pandas as pd

    reports = tables.reports
    mask = pd.Series(True, index=reports.index)
    dates = reports["publication_date"]
    if selection.start is not None:
        mask &= (dates >= selection.start).fillna(False).astype(bool)
    if selection.end is not None:
        mask &= (dates <= selection.end).fillna(False).astype(bool)
    if selection.areas:
        mask &= _wanted(reports, selection.areas)
    ids = set(reports.loc[mask, "report_id"].dropna())
    out: dict[str, pd.DataFrame] = {}
    for name, df in tables.items():
        if name == "files":
            keep = df["report_id"].isin(ids).fillna(False) | (df["status"] == "failed").fillna(
                False
            )
            out[name] = df[keep.astype(bool)].reset_index(drop=True)
        elif name == "parse_issues":
            continue
        else:
            out[name] = df[df["report_id"].isin(ids).fillna(False).astype(bool)].reset_index(
                drop=True
            )
    issues = tables.parse_issues
    kept_files = set(out["files"]["source_file"].dropna())
    out["parse_issues"] = issues[issues["source_file"].isin(kept_files).astype(bool)].reset_index(
        drop=True
    )
    return type(tables)(**out)


def unmatched_areas(tables: Tables, selection: Selection) -> list[str]:
    """Requested areas that no report in ``tables`` is about (to say so rather than stay silent)."""
    reports = tables.reports
    return [a for a in selection.areas if not _wanted(reports, (a,)).any()]


def no_reports_message(selection: Selection, tables: Tables | None = None) -> str:
    """The sentence shown instead of an analysis when a selection holds no reports."""
    text = f"No reports in this selection ({selection.describe()})."
    if tables is not None and selection.areas:
        missing = unmatched_areas(tables, selection)
        if missing:
            text += f" No report in the data is about: {', '.join(missing)}."
    return text


def area_names(reports: pd.DataFrame) -> pd.Series:
    """Display name per report: the area, or the file name when the area was not parsed."""
    fallback = "(area not found: " + reports["source_file"].astype("string") + ")"
    return reports["area"].fillna(fallback).astype("string")


def report_labels(reports: pd.DataFrame) -> pd.Series:
    """A unique, readable label per report: the area, plus the month when an area recurs."""
    names = area_names(reports)
    keys = names.map(area_key)
    repeated = keys.duplicated(keep=False)
    months = reports["publication_date"].map(lambda d: "" if is_missing(d) else f"{d:%b %Y}")
    labels = names.where(~repeated, names + " (" + months.astype("string") + ")")
    dup = labels.duplicated(keep=False)
    labels = labels.where(~dup, labels + " [" + reports["report_id"].astype("string") + "]")
    return labels.astype("string")


def report_index(tables: Tables) -> pd.DataFrame:
    """report_id -> area, area key, label, publication date and year."""
    reports = tables.reports
    idx = reports[["report_id", "publication_date"]].copy()
    idx["area"] = area_names(reports)
    idx["area_key"] = idx["area"].map(area_key)
    idx["label"] = report_labels(reports)
    idx["year"] = reports["publication_date"].dt.year.astype("Int64")
    return idx


def with_selection(
    tables: Tables, period_start: Any, period_end: Any, areas: Any
) -> tuple[Tables, Selection]:
    """Convenience for notebooks: validate the parameters and select in one step."""
    selection = make_selection(period_start, period_end, areas)
    return select(tables, selection), selection


class OpenedSelection(NamedTuple):
    """What a notebook works on: every table, the selected ones, the selection and the folder
    its figures and tables go to."""

    all_tables: Tables
    tables: Tables
    selection: Selection
    out: Path


def open_selection(
    data_dir: str | Path,
    period_start: Any = None,
    period_end: Any = None,
    areas: Iterable[str] | str | None = (),
    output_dir: str | Path = ".",
) -> OpenedSelection:
    """The setup every notebook shares, from its parameters: the tables (from report files or
    a folder of parsed tables), the selection, and the output folder (created).

    Prints how many reports were selected, so an executed notebook records it.

    >>> all_tables, tables, selection, out = open_selection("data/raw")  # doctest: +SKIP
    """
    from sqs_analysis.tables import open_tables

    all_tables = open_tables(data_dir)
    tables, selection = with_selection(all_tables, period_start, period_end, areas)
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    print(f"{len(tables.reports)} report(s) selected: {selection.describe()}")
    return OpenedSelection(all_tables, tables, selection, out)
