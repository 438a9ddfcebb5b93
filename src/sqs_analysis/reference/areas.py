"""Area lookup: from the area an SQS letter names to ONS local authority codes and regions.

Two data files beside this module hold everything (documented in ``docs/areas.md``):

- ``authorities.toml``: upper-tier local authorities of England and Wales on 1 April 2021,
  ONS codes and names (Open Government Licence v3.0), written by ``tools/make_area_lookup.py``;
- ``areas.toml``: maintained by hand: the region of every English authority, the services of
  more than one authority, other names (aliases) of each service, names that resolve to no
  single service, and every change to an upper-tier code since 2009.

A *service* is a youth offending service as the letters name it: one authority, or several
(``Western Bay`` is Swansea, Neath Port Talbot and Bridgend). Its ``area_code`` is stable: the
ONS code of its authority in the reference span (1 April 2013 to 31 March 2019, when no
upper-tier code changed), or for several authorities their codes sorted and joined with ``-``.
The codes of a letter are those in force on its publication date; codes that have changed
since are given with their successors, for joining with today's data.

Names are matched after :func:`normalise_name` (case, punctuation, ``&``, ``City of``,
``Council``, ``Youth Offending Service`` ...) and never fuzzily: a name that does not resolve
gives a warning and empty codes.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

SEPARATOR = "; "
"""Joins several codes, names or dates in one cell. Names contain commas ("Bristol, City of"),
so a comma cannot be the separator."""

CODE_JOIN = "-"
"""Joins the sorted authority codes of a service of several authorities into its area_code."""

ENGLISH_REGIONS = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
REGIONS = (*ENGLISH_REGIONS, "Wales")
"""Values of ``region``: the nine ONS regions of England, and Wales."""

RELATIONS = ("recoded", "merged", "split")

EARLIEST = date(2009, 4, 1)
"""The 2009 reorganisation: codes of earlier dates are outside this lookup."""

CODE = re.compile(r"^[EW]\d{8}$")

MAX_TOKENS = 40
"""Longer names are not read as lists of authority names (no service name is near this)."""


class AreaLookupWarning(UserWarning):
    """An area name that resolves to no service, or a date the lookup cannot speak for."""


# ----------------------------------------------------------------------------- names


_PREFIXES = re.compile(
    r"^(?:the|city and county of|city of(?! london$)|county of|royal borough of|"
    r"london borough of|metropolitan borough of|county borough of|borough of)\s+"
)
_YOUTH_SUFFIX = re.compile(
    r"\s*\b(?:youth\s(?:[a-z]+\s){0,4}?(?:team|teams|service|services|partnership)|"
    r"yot|yots|yos|yjs|yjeis|yeos)$"
)
_COUNCIL_SUFFIX = re.compile(
    r"\s*\b(?:(?:metropolitan |county )?borough council|county council|city council|"
    r"district council|council|metropolitan borough|borough|city|county)$"
)


def normalise_name(text: str | None) -> str:
    """The matching key of an area or service name.

    Lower case ASCII words; ``&``, ``/`` and ``+`` read as "and"; punctuation and hyphens
    become spaces; "Saint" is "St"; a leading "The", "City of" (except in "City of London"),
    "County of", "Borough of", "London Borough of", "Royal Borough of" and a trailing
    ", City of" / ", County of", "Council", "Borough", "City", "County" and "Youth Offending
    Service/Team", "Youth Justice Service", "YOS", "YOT", "YJS" ... are dropped.

    >>> normalise_name("Southend Youth Offending Service (YOS)")
    'southend'
    >>> normalise_name("Bristol, City of")
    'bristol'
    >>> normalise_name("Brighton & Hove City Council")
    'brighton and hove'
    >>> normalise_name("City of London")
    'city of london'
    """
    if not text:
        return ""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"[&/+]", " and ", s)
    s = re.sub(r",\s*(?:city|county) of\s*$", "", s.strip())
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    s = re.sub(r"\bsaint\b", "st", s)
    previous = None
    while s != previous:
        previous = s
        s = _PREFIXES.sub("", s)
        s = _YOUTH_SUFFIX.sub("", s).strip()
        s = _COUNCIL_SUFFIX.sub("", s).strip()
    return s


# ----------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Change:
    """One upper-tier code that ended, and its successor(s)."""

    old: str
    in_force: date
    new: tuple[str, ...]
    relation: str
    note: str


@dataclass(frozen=True)
class Service:
    """A youth offending service: one authority or several, named as the letters name it."""

    area_code: str
    name: str
    authorities: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class AreaMatch:
    """What one area name resolved to; empty codes and a ``warning`` when it did not."""

    query: str
    area_code: str | None = None
    area_name: str | None = None
    la_codes: tuple[str, ...] = ()
    la_names: tuple[str, ...] = ()
    as_at: date | None = None
    region: str | None = None
    nation: str | None = None
    successor_codes: tuple[str, ...] = ()
    successor_names: tuple[str, ...] = ()
    successor_since: tuple[date, ...] = ()
    current_codes: tuple[str, ...] = ()
    matched_by: str | None = None
    warning: str | None = None

    @property
    def resolved(self) -> bool:
        return self.area_code is not None


@dataclass
class AreaLookup:
    """Everything the two data files say, checked and indexed."""

    source: dict[str, Any]
    vintage: date
    first_day: date
    last_day: date
    names: dict[str, str]
    region_of: dict[str, str]
    changes: dict[str, Change]
    services: dict[str, Service]
    index: dict[str, str] = field(default_factory=dict)
    single: dict[str, str] = field(default_factory=dict)
    unresolvable: dict[str, str] = field(default_factory=dict)
    later: dict[str, tuple[str, date]] = field(default_factory=dict)

    # ---- codes over time

    @property
    def reference_codes(self) -> frozenset[str]:
        """Upper-tier codes in force through the reference span."""
        return self.codes_in_force(self.first_day)

    def codes_in_force(self, day: date) -> frozenset[str]:
        """Every upper-tier code in force on ``day``, from the 2021 data and the changes."""
        codes = set(self.source["upper_tier"])
        for ch in sorted(self.changes.values(), key=lambda c: c.in_force, reverse=True):
            if day < ch.in_force <= self.vintage:  # undo changes after `day`
                codes.difference_update(ch.new)
                codes.add(ch.old)
        for ch in sorted(self.changes.values(), key=lambda c: c.in_force):
            if self.vintage < ch.in_force <= day:  # apply changes after 2021 up to `day`
                codes.discard(ch.old)
                codes.update(ch.new)
        return frozenset(codes)

    def code_at(self, code: str, day: date | None) -> tuple[str, ...]:
        """The code(s) that covered reference-span authority ``code`` on ``day``."""
        if day is None:
            return (code,)
        if day < self.first_day:
            earlier = [
                ch.old
                for ch in self.changes.values()
                if code in ch.new and day < ch.in_force <= self.first_day
            ]
            return tuple(earlier) or (code,)
        return self.successors(code, after=self.last_day, until=day)

    def successors(self, code: str, after: date, until: date = date.max) -> tuple[str, ...]:
        """``code``'s successor codes from changes in force in (after, until], or ``code``."""
        ch = self.changes.get(code)
        if ch is None or not (after < ch.in_force <= until):
            return (code,)
        out: list[str] = []
        for new in ch.new:
            for c in self.successors(new, after=ch.in_force, until=until):
                if c not in out:
                    out.append(c)
        return tuple(out)

    def since(self, code: str) -> date | None:
        """First day of ``code``, when it was created by a change in this lookup."""
        days = [ch.in_force for ch in self.changes.values() if code in ch.new]
        return min(days) if days else None

    def relation(self, code: str, after: date) -> str | None:
        """How ``code`` has changed after ``after``: split, merged, recoded, or None."""
        seen: set[str] = set()
        todo = [code]
        while todo:
            c = todo.pop()
            ch = self.changes.get(c)
            if ch is not None and ch.in_force > after:
                seen.add(ch.relation)
                todo.extend(ch.new)
        for rel in ("split", "merged", "recoded"):
            if rel in seen:
                return rel
        return None

    # ---- services

    def region(self, codes: Iterable[str]) -> str | None:
        found = {self.region_of.get(c) or ("Wales" if c.startswith("W") else None) for c in codes}
        return found.pop() if len(found) == 1 else None

    @staticmethod
    def nation(codes: Iterable[str]) -> str | None:
        found = {"England" if c.startswith("E") else "Wales" for c in codes}
        return found.pop() if len(found) == 1 else None


def _area_code(codes: Iterable[str]) -> str:
    return CODE_JOIN.join(sorted(codes))


def _read(name: str) -> dict[str, Any]:
    return tomllib.loads(files("sqs_analysis.reference").joinpath(name).read_text("utf-8"))


@cache
def load_lookup() -> AreaLookup:
    """The area lookup, read once per process from the package data and checked.

    Raises ``ValueError`` if the data contradict themselves (a code in two regions, a name
    that would resolve to two services, a service of unknown codes ...).
    """
    auth = _read("authorities.toml")
    areas = _read("areas.toml")
    source = {**auth["source"], "upper_tier": frozenset(auth["upper_tier"])}
    names = {**auth["upper_tier"]}
    for code, name in areas["names"].items():
        if code in names:
            raise ValueError(f"areas.toml names {code}, which authorities.toml already names")
        names[code] = name
    region_of: dict[str, str] = {}
    for region, codes in areas["regions"].items():
        if region not in ENGLISH_REGIONS:
            raise ValueError(f"areas.toml: unknown region {region!r}")
        for code in codes:
            if code in region_of:
                raise ValueError(f"areas.toml: {code} is in {region_of[code]} and {region}")
            region_of[code] = region
    changes: dict[str, Change] = {}
    for raw in areas["changes"]:
        ch = Change(raw["old"], raw["in_force"], tuple(raw["new"]), raw["relation"], raw["note"])
        if ch.relation not in RELATIONS or ch.old in changes or not ch.new:
            raise ValueError(f"areas.toml: bad change entry for {ch.old}")
        changes[ch.old] = ch
    ref = areas["reference"]
    lookup = AreaLookup(
        source=source,
        vintage=date.fromisoformat(auth["source"]["vintage"]),
        first_day=ref["first_day"],
        last_day=ref["last_day"],
        names=names,
        region_of=region_of,
        changes=changes,
        services={},
    )
    for code in {*names, *(c.old for c in changes.values())} | {
        n for c in changes.values() for n in c.new
    }:
        if not CODE.match(code) or code not in names:
            raise ValueError(f"area lookup: code {code!r} is malformed or has no name")
        if code.startswith("E") and code not in region_of:
            raise ValueError(f"areas.toml: English code {code} has no region")
    reference = lookup.reference_codes
    if reference != lookup.codes_in_force(lookup.last_day):
        raise ValueError("areas.toml: a code changed inside the reference span")
    _build_services(lookup, areas, reference)
    return lookup


def _add_key(lookup: AreaLookup, text: str, area_code: str) -> None:
    key = normalise_name(text)
    if not key:
        raise ValueError(f"areas.toml: name {text!r} normalises to nothing")
    other = lookup.index.setdefault(key, area_code)
    if other != area_code:
        raise ValueError(f"areas.toml: {text!r} would name both {other} and {area_code}")


def _build_services(lookup: AreaLookup, areas: dict[str, Any], reference: frozenset[str]) -> None:
    aliases = areas.get("aliases", {})
    for code in aliases:
        if code not in reference:
            raise ValueError(f"areas.toml: aliases for {code}, not a reference-span code")
    for code in sorted(reference):
        own = tuple(aliases.get(code, ()))
        lookup.services[code] = Service(code, lookup.names[code], (code,), own)
        for text in (lookup.names[code], *own):
            _add_key(lookup, text, code)
    lookup.single = dict(lookup.index)
    for raw in areas.get("services", []):
        members = tuple(raw["authorities"])
        unknown = [c for c in members if c not in reference]
        if len(members) < 2 or unknown or len(set(members)) != len(members):
            raise ValueError(f"areas.toml: service {raw['name']!r} has bad authorities")
        code = _area_code(members)
        if code in lookup.services:
            raise ValueError(f"areas.toml: two services cover {code}")
        if lookup.region(members) is None:
            raise ValueError(f"areas.toml: service {raw['name']!r} spans regions")
        service = Service(code, raw["name"], members, tuple(raw.get("aliases", ())), raw["note"])
        lookup.services[code] = service
        for text in (service.name, *service.aliases):
            _add_key(lookup, text, code)
    for text, reason in areas.get("unresolvable", {}).items():
        key = normalise_name(text)
        if key in lookup.index:
            raise ValueError(f"areas.toml: {text!r} is both unresolvable and a service name")
        lookup.unresolvable[key] = reason
    for code, name in lookup.names.items():
        key = normalise_name(name)
        since = lookup.since(code)
        if since and since > lookup.last_day and key not in lookup.index:
            lookup.later.setdefault(key, (code, since))


# ----------------------------------------------------------------------------- resolving


def _segment(lookup: AreaLookup, key: str) -> set[frozenset[str]]:
    """Every way to read ``key`` as single-authority names, optionally joined by "and"."""
    tokens = key.split()
    if len(tokens) > MAX_TOKENS:
        return set()
    memo: dict[int, set[frozenset[str]]] = {}

    def rest(i: int) -> set[frozenset[str]]:
        if i == len(tokens):
            return {frozenset()}
        if i in memo:
            return memo[i]
        out: set[frozenset[str]] = set()
        if tokens[i] == "and" and i > 0:
            out |= rest(i + 1)
        for j in range(i + 1, len(tokens) + 1):
            code = lookup.single.get(" ".join(tokens[i:j]))
            if code:
                out |= {tail | {code} for tail in rest(j)}
        memo[i] = out
        return out

    return {s for s in rest(0) if len(s) >= 2}


def _find(lookup: AreaLookup, name: str) -> tuple[str | None, str | None, str | None]:
    """(area_code, matched_by, warning) for one name."""
    key = normalise_name(name)
    if not key:
        return None, None, f"no area name to look up in {name!r}"
    if key in lookup.index:
        code = lookup.index[key]
        service = lookup.services[code]
        exact = {normalise_name(service.name)}
        return code, ("name" if key in exact else "alias"), None
    if key in lookup.unresolvable:
        return None, None, f"{name!r} names no single service: {lookup.unresolvable[key]}"
    if key in lookup.later:
        code, since = lookup.later[key]
        return (
            None,
            None,
            (
                f"{name!r} is {code}, an authority created on {since.isoformat()}, after the "
                "services this lookup covers"
            ),
        )
    readings = _segment(lookup, key)
    if len(readings) == 1:
        (members,) = readings
        code = _area_code(members)
        if code in lookup.services:
            return code, "authorities", None
        named = " and ".join(f"{lookup.names[c]} ({c})" for c in sorted(members))
        return (
            None,
            None,
            f"{name!r} names {named}, but no service in the lookup covers exactly these",
        )
    if len(readings) > 1:
        return None, None, f"{name!r} can be read as more than one set of authorities"
    return None, None, f"{name!r} is not an area name in the lookup (see docs/areas.md)"


def _as_date(value: Any) -> date | None:
    """A calendar day from a date, datetime, pandas Timestamp or ISO string; None if empty."""
    if value is None or value != value:  # NaN and NaT are not equal to themselves
        return None
    if hasattr(value, "date") and callable(value.date):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    return date.fromisoformat(text[:10]) if text else None


def lookup_area(name: str | None, on: Any = None) -> AreaMatch:
    """:func:`resolve_area` without emitting the warning (the caller reports it its own way)."""
    lookup = load_lookup()
    query = "" if name is None else str(name)
    day = _as_date(on)
    code, matched_by, problem = _find(lookup, query)
    if code is None:
        return AreaMatch(query=query, as_at=day, warning=problem)
    service = lookup.services[code]
    la_codes = sorted({c for member in service.authorities for c in lookup.code_at(member, day)})
    after = day or lookup.last_day
    current = sorted({s for c in la_codes for s in lookup.successors(c, after=after)})
    successors = [c for c in current if c not in la_codes]
    note = None
    if day is not None and day < EARLIEST:
        note = f"{day.isoformat()} is before the 2009 reorganisation: codes are those of 2009"
    return AreaMatch(
        query=query,
        area_code=code,
        area_name=service.name,
        la_codes=tuple(la_codes),
        la_names=tuple(lookup.names[c] for c in la_codes),
        as_at=day,
        region=lookup.region(la_codes),
        nation=lookup.nation(la_codes),
        successor_codes=tuple(successors),
        successor_names=tuple(lookup.names[c] for c in successors),
        successor_since=tuple(lookup.since(c) or lookup.vintage for c in successors),
        current_codes=tuple(current),
        matched_by=matched_by,
        warning=note,
    )


def resolve_area(name: str | None, on: Any = None) -> AreaMatch:
    """The service ``name`` refers to, with its authorities' codes as they stood ``on`` a date.

    ``on`` is the letter's publication date (a date, datetime, pandas Timestamp or ISO
    string); without it the codes are those of the reference span (1 April 2013 to 31 March
    2019). Codes that have changed since ``on`` come with their successors
    (``successor_codes``, ``successor_since``), and ``current_codes`` lists every code that
    covers the service today. A name that does not resolve gives an
    :class:`AreaLookupWarning` and a match with empty codes and the reason in ``warning``.

    >>> m = resolve_area("Southend", on=date(2016, 6, 15))
    >>> m.area_code, m.la_names, m.region
    ('E06000033', ('Southend-on-Sea',), 'East of England')
    """
    match = lookup_area(name, on)
    if match.warning:
        warnings.warn(f"area lookup: {match.warning}", AreaLookupWarning, stacklevel=2)
    return match
