"""The area lookup applied to the tables: codes and regions on each report, one row per report
and authority, and the bridges to today's codes (the lookup itself is
:mod:`sqs_analysis.reference.areas`).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from sqs_analysis.reference.areas import (
    EARLIEST,
    SEPARATOR,
    AreaLookupWarning,
    AreaMatch,
    load_lookup,
    lookup_area,
)

if TYPE_CHECKING:
    import pandas as pd


AREA_COLUMNS = (
    "area_code",
    "area_lookup_name",
    "region",
    "nation",
    "la_codes",
    "la_names",
    "la_codes_as_at",
    "successor_codes",
    "successor_names",
    "successor_since",
    "current_codes",
)
"""Columns :func:`area_columns` adds to a reports frame, in this order."""

EMPTY_WHEN_UNCHANGED = ("successor_codes", "successor_names", "successor_since")
"""Area columns that are empty, not missing, when no authority has changed since."""

REPORT_AUTHORITY_COLUMNS = (
    "report_id",
    "area_code",
    "la_code",
    "la_name",
    "region",
    "nation",
    "la_codes_as_at",
    "successor_codes",
    "successor_relation",
    "successor_since",
)
"""Columns of :func:`report_authorities`: one row per report and authority."""


def _dates(values: Iterable[date | None], index: Any = None) -> pd.Series:
    """Calendar days as the tables hold them (parsed from ISO text, like ``tables.coerce``)."""
    import pandas as pd

    text = pd.Series([d.isoformat() if d else None for d in values], index=index, dtype="object")
    return pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")


def _join(values: Iterable[Any]) -> str | None:
    text = SEPARATOR.join(v.isoformat() if isinstance(v, date) else str(v) for v in values)
    return text or None


def _match_row(row: Any) -> AreaMatch:
    """Resolve a report row by its ``area``, or by its ``service_name`` if that fails."""
    on = row.get("publication_date")
    texts = [t for t in (row.get("area"), row.get("service_name")) if isinstance(t, str)]
    matches = [lookup_area(t, on) for t in texts if t.strip()] or [lookup_area("", on)]
    best = next((m for m in matches if m.resolved), matches[0])
    if best.warning:
        warnings.warn(f"area lookup: {best.warning}", AreaLookupWarning, stacklevel=4)
    return best


def _matches(reports: pd.DataFrame) -> list[AreaMatch]:
    cache_: dict[tuple[Any, ...], AreaMatch] = {}
    out = []
    for row in reports.to_dict("records"):
        key = (row.get("area"), row.get("service_name"), str(row.get("publication_date")))
        if key not in cache_:
            cache_[key] = _match_row(row)
        out.append(cache_[key])
    return out


def area_columns(reports: pd.DataFrame) -> pd.DataFrame:
    """``reports`` with the area lookup's columns (:data:`AREA_COLUMNS`) added.

    Each row is resolved by its ``area`` (or, if that does not resolve, its
    ``service_name``) as of its ``publication_date``. Several codes, names or dates in one
    cell are joined with ``"; "`` (:data:`SEPARATOR`) in code order. Rows whose area does not
    resolve keep empty cells, with one :class:`AreaLookupWarning` per name.
    """
    import pandas as pd

    matches = _matches(reports)
    out = reports.copy()
    cols: dict[str, list[Any]] = {c: [] for c in AREA_COLUMNS}
    for m in matches:
        cols["area_code"].append(m.area_code)
        cols["area_lookup_name"].append(m.area_name)
        cols["region"].append(m.region)
        cols["nation"].append(m.nation)
        cols["la_codes"].append(_join(m.la_codes))
        cols["la_names"].append(_join(m.la_names))
        cols["la_codes_as_at"].append(m.as_at if m.resolved else None)
        cols["successor_codes"].append(_join(m.successor_codes))
        cols["successor_names"].append(_join(m.successor_names))
        cols["successor_since"].append(_join(m.successor_since))
        cols["current_codes"].append(_join(m.current_codes))
    for name, values in cols.items():
        if name == "la_codes_as_at":
            out[name] = _dates(values, out.index)
        else:
            out[name] = pd.Series(values, index=out.index, dtype="string")
    return out


def report_authorities(reports: pd.DataFrame) -> pd.DataFrame:
    """One row per report and local authority it covers: the table to join on by LA code.

    ``la_code`` is the authority's code on the report's publication date (join it with data of
    that time, such as Ministry of Justice proven reoffending tables of the period). Where the
    code has changed since, ``successor_codes`` gives today's code(s) and
    :func:`authority_successors` is the bridge to today's data. Reports whose area does not
    resolve have no rows.
    """
    import pandas as pd

    lookup = load_lookup()
    rows = []
    for report_id, m in zip(reports["report_id"], _matches(reports), strict=True):
        for code, name in zip(m.la_codes, m.la_names, strict=True):
            after = m.as_at or lookup.last_day
            new = tuple(sorted(lookup.successors(code, after=after)))
            changed = new != (code,)
            rows.append(
                {
                    "report_id": report_id,
                    "area_code": m.area_code,
                    "la_code": code,
                    "la_name": name,
                    "region": m.region,
                    "nation": m.nation,
                    "la_codes_as_at": m.as_at,
                    "successor_codes": _join(new) if changed else None,
                    "successor_relation": lookup.relation(code, after) if changed else None,
                    "successor_since": _join(lookup.since(c) for c in new) if changed else None,
                }
            )
    frame = pd.DataFrame(rows, columns=list(REPORT_AUTHORITY_COLUMNS))
    for name in REPORT_AUTHORITY_COLUMNS:
        if name == "la_codes_as_at":
            frame[name] = _dates(frame[name], frame.index)
        else:
            frame[name] = frame[name].astype("string")
    return frame


def authority_successors() -> pd.DataFrame:
    """Bridge from every code in the lookup to the code(s) covering its area today.

    One row per code and current code: ``relation`` is ``same`` for codes still in use, else
    ``recoded``, ``merged`` or ``split``; ``in_force`` is the first day of the current code.
    A split code has one row per successor, so sum figures over it only with care.
    """
    import pandas as pd

    lookup = load_lookup()
    rows = []
    for code in sorted(lookup.names):
        first = lookup.since(code) or EARLIEST
        new = lookup.successors(code, after=first)
        for c in new:
            rows.append(
                {
                    "la_code": code,
                    "la_name": lookup.names[code],
                    "current_code": c,
                    "current_name": lookup.names[c],
                    "relation": lookup.relation(code, first) if c != code else "same",
                    "in_force": lookup.since(c) if c != code else None,
                    "region": lookup.region([code]),
                }
            )
    frame = pd.DataFrame(rows)
    frame["in_force"] = _dates(frame["in_force"], frame.index)
    for name in ("la_code", "la_name", "current_code", "current_name", "relation", "region"):
        frame[name] = frame[name].astype("string")
    return frame


def area_table() -> pd.DataFrame:
    """Every service in the lookup: one row per ``area_code`` (a dimension table)."""
    import pandas as pd

    lookup = load_lookup()
    rows = []
    for code, s in sorted(lookup.services.items()):
        rows.append(
            {
                "area_code": code,
                "area_lookup_name": s.name,
                "region": lookup.region(s.authorities),
                "nation": lookup.nation(s.authorities),
                "la_codes": _join(sorted(s.authorities)),
                "la_names": _join(lookup.names[c] for c in sorted(s.authorities)),
                "authorities": len(s.authorities),
                "aliases": _join(s.aliases),
                "note": s.note or None,
            }
        )
    frame = pd.DataFrame(rows)
    for name in frame.columns:
        if name != "authorities":
            frame[name] = frame[name].astype("string")
    return frame
