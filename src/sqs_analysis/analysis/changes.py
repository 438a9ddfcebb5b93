"""What differs between two sets of parsed tables: the reports one adds, the reports it drops
and the figures it reads differently.

Tables in, differences out: :func:`diff_tables` takes the tables of an earlier and a later
parse, as their CSV files hold them (every cell text, empty as NA), and the reports each
included, and returns :class:`Differences`. It reads and writes nothing; the briefing keeps the
earlier tables (:mod:`sqs_analysis.briefing.earlier`) and words the result
(:mod:`sqs_analysis.briefing.changes`).

* reports **new** in the later tables and reports **gone** from them (by ``report_id``, among
  the reports each included; a report whose id changed but whose file has the same SHA-256 is
  the same report, with its ``report_id`` changed);
* for the same report, every field of ``reports`` whose value changed (all columns but the
  evidence sentences), the number of paragraphs, judgements, key strengths and areas for
  improvement, and each judgement whose estimate (``sufficiency``, ``sufficiency_low``,
  ``sufficiency_high``) changed. Judgements are matched on their paragraph, sentence and
  quantifier words, then on their paragraph and place in it, so a judgement found in addition
  does not shift every other one.

Numbers are compared as numbers (``42.20`` equals ``42.2``), everything else as text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqs_analysis.reference.codebook import codebook

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ["kind", "report_id", "area", "field", "old", "new"]
COUNTED = ("findings", "judgements", "strengths", "improvements")
"""Tables whose number of rows per report is compared (as ``n_findings`` and so on)."""
ESTIMATES = ("sufficiency", "sufficiency_low", "sufficiency_high")
JUDGEMENT_COLUMNS = ["report_id", "paragraph", "seq", "quantifier_text", "evidence", *ESTIMATES]
"""The columns of ``judgements`` that matching and comparing judgements use."""
NUMERIC = frozenset({"int", "float"})
DESCRIBED = ["report_id", "area", "publication_date", "source_file"]
"""How :attr:`Differences.new_reports` and :attr:`Differences.gone_reports` describe a report."""

Tables = Mapping[str, "pd.DataFrame | None"]
"""Tables by name, as their CSV files hold them; None for a table that is missing."""


@dataclass
class Differences:
    """What differs between the earlier tables and the later ones.

    ``rows`` has one row per difference (:data:`COLUMNS`: ``kind`` new, gone or changed,
    ``report_id``, ``area``, ``field``, ``old``, ``new``); ``new_reports`` and ``gone_reports``
    describe the reports that came and went (:data:`DESCRIBED`); ``n_reports`` is the number of
    reports the later tables include; ``uncounted`` names the tables of :data:`COUNTED` the
    earlier tables lack, so their rows were not counted.
    """

    rows: pd.DataFrame
    new_reports: pd.DataFrame
    gone_reports: pd.DataFrame
    n_reports: int = 0
    uncounted: list[str] = field(default_factory=list)


def no_differences(n_reports: int = 0) -> Differences:
    """Nothing new, gone or changed (nothing was compared)."""
    import pandas as pd

    none = describe(pd.DataFrame(columns=["report_id"]), [])
    return Differences(pd.DataFrame(columns=COLUMNS), none, none.copy(), n_reports)


def _report_fields() -> list[str]:
    """The ``reports`` columns compared: all but the key and the evidence sentences."""
    return [
        c.name
        for c in codebook()["reports"].columns
        if c.name != "report_id" and not c.name.endswith("_evidence")
    ]


def _numeric_fields() -> set[str]:
    return {c.name for c in codebook()["reports"].columns if c.dtype in NUMERIC}


def _text(value: Any) -> str:
    """A cell (text or NA) as plain text, empty for NA."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _same(old: str, new: str, numeric: bool) -> bool:
    if old == new:
        return True
    if numeric:
        a, b = _number(old), _number(new)
        if a is not None and b is not None:
            return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return False


def describe(reports: pd.DataFrame, ids: Iterable[str]) -> pd.DataFrame:
    """The reports ``ids`` of ``reports`` as :data:`DESCRIBED` columns, all text."""
    import pandas as pd

    wanted = list(ids)
    if not wanted:
        return pd.DataFrame(columns=DESCRIBED)
    out = reports.set_index("report_id").reindex(wanted).reset_index()
    return out.reindex(columns=DESCRIBED).fillna("").astype(str)


def _paragraph_key(paragraph: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", paragraph)) or (0,)


def _words(text: Any) -> str:
    return re.sub(r"\W+", " ", _text(text).lower()).strip()


def _keyed(rows: list[dict]) -> dict[tuple, dict]:
    """Judgements by paragraph, sentence and quantifier words, and which such they are."""
    out: dict[tuple, dict] = {}
    seen: dict[tuple, int] = {}
    for row in rows:
        base = (
            _text(row.get("paragraph")),
            _words(row.get("evidence")),
            _words(row.get("quantifier_text")),
        )
        seen[base] = seen.get(base, 0) + 1
        out[(*base, seen[base])] = row
    return out


def _judgement_pairs(old: list[dict], new: list[dict]) -> list[tuple[dict, dict]]:
    """Judgements of one report matched between the tables: on paragraph, sentence and
    quantifier words (the n-th such in the paragraph with the n-th), then the rest on
    paragraph and place in the paragraph."""
    old_keyed, new_keyed = _keyed(old), _keyed(new)
    pairs = [(old_keyed.pop(k), new_keyed.pop(k)) for k in list(old_keyed) if k in new_keyed]
    old_by_place = {(_text(r.get("paragraph")), _text(r.get("seq"))): r for r in old_keyed.values()}
    for row in new_keyed.values():
        place = (_text(row.get("paragraph")), _text(row.get("seq")))
        if place in old_by_place:
            pairs.append((old_by_place.pop(place), row))
    return sorted(
        pairs,
        key=lambda p: (
            _paragraph_key(_text(p[1].get("paragraph"))),
            _number(_text(p[1].get("seq"))) or 0,
        ),
    )


def _counts(frame: pd.DataFrame | None) -> dict[str, int] | None:
    if frame is None:
        return None
    return frame["report_id"].value_counts().to_dict()


def _by_report(frame: pd.DataFrame | None) -> dict[str, list[dict]]:
    """Rows as plain dicts, grouped by report (one pass, no pandas per report)."""
    out: dict[str, list[dict]] = {}
    if frame is not None:
        for row in frame.to_dict("records"):
            out.setdefault(_text(row.get("report_id")), []).append(row)
    return out


@dataclass
class _Matched:
    """Reports that came, went, and the pairs (earlier id, later id) of the same report."""

    came: list[str]
    gone: list[str]
    pairs: list[tuple[str, str]]


def _match_reports(
    old_r: dict[str, dict], new_r: dict[str, dict], old_ids: list[str], new_ids: list[str]
) -> _Matched:
    """Reports new, gone and in both; the same file under a new ``report_id`` (its area or
    date now read differently) is the same report."""
    old_set, new_set = set(old_ids), set(new_ids)
    gone = [i for i in old_ids if i not in new_set]
    came = [i for i in new_ids if i not in old_set]
    renamed: dict[str, str] = {}
    old_sha = {i: _text(old_r[i].get("source_sha256")) for i in gone}
    new_sha = {i: _text(new_r[i].get("source_sha256")) for i in came}
    for old_id, sha in old_sha.items():
        matches = [n for n, s in new_sha.items() if s and s == sha and n not in renamed.values()]
        if sha and len(matches) == 1 and list(old_sha.values()).count(sha) == 1:
            renamed[old_id] = matches[0]
    gone = [i for i in gone if i not in renamed]
    came = [i for i in came if i not in renamed.values()]
    pairs = [(i, i) for i in new_ids if i in old_set]
    pairs += list(renamed.items())
    pairs.sort(key=lambda p: p[1])
    return _Matched(came, gone, pairs)


def _reports(tables: Tables) -> pd.DataFrame:
    reports = tables.get("reports")
    if reports is None:
        raise FileNotFoundError("reports.csv is missing")
    for needed in ("report_id", "area", "source_sha256"):
        if needed not in reports.columns:
            raise ValueError(f"reports.csv has no column {needed!r}")
    return reports.drop_duplicates("report_id")


def _judgement_rows(
    where: dict[str, str], old: list[dict], new: list[dict]
) -> list[dict[str, str]]:
    """A row for each estimate of a matched judgement that changed."""
    rows = []
    for old_row, new_row in _judgement_pairs(old, new):
        label = f"judgement {_text(new_row.get('paragraph'))} #{_text(new_row.get('seq'))}"
        for name in ESTIMATES:
            before, after = _text(old_row.get(name)), _text(new_row.get(name))
            if not _same(before, after, numeric=True):
                rows.append({**where, "field": f"{label}: {name}", "old": before, "new": after})
    return rows


class _Compared:
    """The two sets of tables, read once into what comparing one report needs."""

    def __init__(self, old: Tables, new: Tables, old_reports: pd.DataFrame) -> None:
        self.new_reports = new_reports = _reports(new)
        self.old_r = {r["report_id"]: r for r in old_reports.to_dict("records")}
        self.new_r = {r["report_id"]: r for r in new_reports.to_dict("records")}
        self.fields = [
            f for f in _report_fields() if f in old_reports.columns and f in new_reports.columns
        ]
        self.numeric = _numeric_fields()
        self.counted_old = {name: _counts(old.get(name)) for name in COUNTED}
        self.counted_new = {name: _counts(new.get(name)) for name in COUNTED}
        old_j, new_j = old.get("judgements"), new.get("judgements")
        self.judgements = old_j is not None and new_j is not None
        self.old_j, self.new_j = _by_report(old_j), _by_report(new_j)

    def area(self, report_id: str, *, earlier: bool = False) -> str:
        reports = self.old_r if earlier else self.new_r
        return _text(reports.get(report_id, {}).get("area"))

    def changed(self, old_id: str, new_id: str) -> list[dict[str, str]]:
        """A row for each figure of one report that differs between the tables."""
        where = {"kind": "changed", "report_id": new_id, "area": self.area(new_id)}
        rows = []
        if old_id != new_id:
            rows.append({**where, "field": "report_id", "old": old_id, "new": new_id})
        for name in self.fields:
            old, new = _text(self.old_r[old_id].get(name)), _text(self.new_r[new_id].get(name))
            if not _same(old, new, name in self.numeric):
                rows.append({**where, "field": name, "old": old, "new": new})
        for name in COUNTED:
            before, after = self.counted_old[name], self.counted_new[name]
            if before is None or after is None:
                continue
            n_old, n_new = before.get(old_id, 0), after.get(new_id, 0)
            if n_old != n_new:
                rows.append({**where, "field": f"n_{name}", "old": str(n_old), "new": str(n_new)})
        if self.judgements:
            rows += _judgement_rows(where, self.old_j.get(old_id, []), self.new_j.get(new_id, []))
        return rows


def diff_tables(
    old: Tables,
    new: Tables,
    old_included: Iterable[str] | None,
    new_included: Iterable[str],
) -> Differences:
    """What differs between the ``old`` tables and the ``new`` ones, among the reports each
    included (``old_included`` None: every report of ``old``). Both are tables by name as
    their CSV files hold them (:data:`Tables`; ``reports`` is needed, every other table
    optional). ``FileNotFoundError`` or ``ValueError`` when a ``reports`` table is missing or
    lacks its key columns."""
    import pandas as pd

    old_reports = _reports(old)
    compared = _Compared(old, new, old_reports)
    if old_included is None:
        old_ids = [str(i) for i in old_reports["report_id"]]
    else:
        old_ids = [i for i in old_included if i in compared.old_r]
    new_ids = [i for i in (str(i) for i in new_included) if i in compared.new_r]
    matched = _match_reports(compared.old_r, compared.new_r, old_ids, new_ids)

    blank = {"field": "", "old": "", "new": ""}
    rows = [
        {"kind": "new", "report_id": i, "area": compared.area(i), **blank} for i in matched.came
    ]
    rows += [
        {"kind": "gone", "report_id": i, "area": compared.area(i, earlier=True), **blank}
        for i in matched.gone
    ]
    for old_id, new_id in matched.pairs:
        rows += compared.changed(old_id, new_id)
    return Differences(
        pd.DataFrame(rows, columns=COLUMNS, dtype=str),
        describe(compared.new_reports, matched.came),
        describe(old_reports, matched.gone),
        len(new_ids),
        [name for name in COUNTED if compared.counted_old[name] is None],
    )
