"""Selection: which reports a notebook or briefing covers (a publication period and areas),
and the names and labels that identify each report in every table and chart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sqs_analysis.analysis.words import format_date, is_missing
from sqs_analysis.reference.names import slugify

if TYPE_CHECKING:
    import pandas as pd

    from sqs_analysis.tables import Tables


def area_key(name: Any) -> str:
    """Key that matches an area however it is written ("Brighton & Hove" = "brighton and hove")."""
    if is_missing(name):
        return ""
    return slugify(str(name).replace("&", " and "))


def _parse_bound(value: Any, *, end: bool) -> pd.Timestamp | None:
    import pandas as pd

    if is_missing(value) or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime | date | pd.Timestamp):
        return pd.Timestamp(value).normalize()
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text):
        p = pd.Period(text, freq="Y")
    elif re.fullmatch(r"\d{4}-\d{2}", text):
        p = pd.Period(text, freq="M")
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        p = pd.Period(text, freq="D")
    else:
        raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD, YYYY-MM or YYYY)")
    return (p.end_time if end else p.start_time).normalize()


@dataclass(frozen=True)
class Selection:
    """Which reports a notebook or briefing covers: a publication period and a set of areas."""

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


def make_selection(
    period_start: Any = None, period_end: Any = None, areas: Iterable[str] | str | None = ()
) -> Selection:
    """A validated :class:`Selection` from notebook or command-line parameters.

    Dates may be ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (a month or year counts in full);
    empty means unbounded. ``areas`` may be one name or several; empty means all.
    """
    start = _parse_bound(period_start, end=False)
    end = _parse_bound(period_end, end=True)
    if start is not None and end is not None and start > end:
        raise ValueError(f"period starts ({format_date(start)}) after it ends ({format_date(end)})")
    if areas is None:
        areas = ()
    elif isinstance(areas, str):
        areas = (areas,) if areas.strip() else ()
    names = tuple(dict.fromkeys(str(a).strip() for a in areas if str(a).strip()))
    return Selection(start, end, names)


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
        wanted = {area_key(a) for a in selection.areas}
        mask &= reports["area"].map(lambda a: area_key(a) in wanted).astype(bool)
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
    known = {area_key(a) for a in tables.reports["area"].dropna()}
    return [a for a in selection.areas if area_key(a) not in known]


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
