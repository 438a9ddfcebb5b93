"""Changes since the earlier briefing: what a new briefing of the same selection adds, drops
or reads differently.

A briefing folder is named after its selection (period and areas), so a briefing written into
a folder where one already stands is a new briefing of the same selection. Before anything in
the folder is replaced, :func:`keep_earlier` keeps the last *complete* briefing's tables and
``provenance.json`` in ``<folder>/.earlier/``. Once the new tables are written,
:func:`compare_with_earlier` compares the two:

* reports **new** since then and reports **gone** (by ``report_id``, among the reports each
  briefing included; a report whose id changed but whose file has the same SHA-256 is the same
  report, with its ``report_id`` changed);
* for the same report, every field of ``reports`` whose value changed (all columns but the
  evidence sentences), the number of paragraphs, judgements, key strengths and areas for
  improvement, and each judgement whose estimate (``sufficiency``, ``sufficiency_low``,
  ``sufficiency_high``) changed. Judgements are matched on their paragraph, sentence and
  quantifier words, then on their paragraph and place in it, so a judgement found in addition
  does not shift every other one.

Values are compared as the tables' CSV files hold them: numbers as numbers (``42.20`` equals
``42.2``), everything else as text. When the new briefing is complete, :func:`release_earlier`
removes ``.earlier/``: the new briefing is the one the next compares with. A briefing that fails
half-way leaves ``.earlier/`` where it is, so the next briefing still compares with the last
complete one and no change goes unrecorded.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqs_analysis.reference.codebook import codebook

if TYPE_CHECKING:
    import pandas as pd

    from sqs_analysis.analysis.selection import Selection

EARLIER_DIR = ".earlier"
"""Where the last complete briefing's tables and provenance are kept while a new one is made."""
CHANGES_CSV = "changes.csv"
COLUMNS = ["kind", "report_id", "area", "field", "old", "new"]
COUNTED = ("findings", "judgements", "strengths", "improvements")
"""Tables whose number of rows per report is compared (as ``n_findings`` and so on)."""
ESTIMATES = ("sufficiency", "sufficiency_low", "sufficiency_high")
ON_PAGE = 200
"""Rows of each list shown on the page; ``changes.csv`` holds every one."""
NUMERIC = frozenset({"int", "float"})


def _report_fields() -> list[str]:
    """The ``reports`` columns compared: all but the key and the evidence sentences."""
    return [
        c.name
        for c in codebook()["reports"].columns
        if c.name != "report_id" and not c.name.endswith("_evidence")
    ]


def _numeric_fields() -> set[str]:
    return {c.name for c in codebook()["reports"].columns if c.dtype in NUMERIC}


# -------------------------------------------------------------------- the earlier briefing


@dataclass(frozen=True)
class EarlierBriefing:
    """The last complete briefing of a selection, as kept in ``<folder>/.earlier``."""

    folder: Path
    generated_at: str
    version: str
    included: tuple[str, ...] | None
    """Reports it included, from its provenance (None if its provenance does not say)."""


def _complete(folder: Path, *names: str) -> bool:
    return all((folder / name).is_file() for name in names)


def keep_earlier(
    folder: Path,
    tables_dir: str = "tables",
    provenance_name: str = "provenance.json",
    page_name: str = "briefing.html",
) -> EarlierBriefing | None:
    """Keep the last complete briefing in ``folder`` before a new one replaces it.

    Call this before anything in ``folder`` is deleted or written. A complete briefing (its
    page, ``provenance.json`` and tables) standing in ``folder`` is copied into ``.earlier/``,
    replacing what was kept before; when none stands (the last run failed after deleting its
    provenance), what ``.earlier/`` holds from before that run is kept. None when there is no
    earlier briefing, or it cannot be read.
    """
    kept = folder / EARLIER_DIR
    reports = f"{tables_dir}/reports.csv"
    if _complete(folder, page_name, provenance_name, reports):
        staging = Path(tempfile.mkdtemp(prefix=f"{EARLIER_DIR}-", dir=folder))
        try:
            (staging / tables_dir).mkdir()
            for table in sorted((folder / tables_dir).glob("*.csv")):
                shutil.copy2(table, staging / tables_dir / table.name)
            shutil.copy2(folder / provenance_name, staging / provenance_name)
            shutil.rmtree(kept, ignore_errors=True)
            staging.replace(kept)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    for leftover in folder.glob(f"{EARLIER_DIR}-*"):  # from a run killed while copying
        shutil.rmtree(leftover, ignore_errors=True)
    if not _complete(kept, provenance_name, reports):
        return None
    try:
        provenance = json.loads((kept / provenance_name).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(provenance, dict):
        return None
    included = provenance.get("reports_included")
    return EarlierBriefing(
        folder=kept / tables_dir,
        generated_at=str(provenance.get("generated_at") or "an unknown time"),
        version=str((provenance.get("package") or {}).get("version") or "an unknown version"),
        included=tuple(str(i) for i in included) if isinstance(included, list) else None,
    )


def release_earlier(folder: Path) -> None:
    """The new briefing is complete: it is the one the next briefing compares with."""
    shutil.rmtree(folder / EARLIER_DIR, ignore_errors=True)


# ---------------------------------------------------------------------------- comparing


def _read(folder: Path, name: str, columns: list[str] | None = None) -> pd.DataFrame | None:
    """A table as its CSV holds it (every cell text, empty as NA); None if it is missing."""
    import pandas as pd

    path = folder / f"{name}.csv"
    if not path.is_file():
        return None
    usecols = None if columns is None else (lambda c: c in columns)
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], usecols=usecols)


def _text(value: Any) -> str:
    """A cell as read by :func:`_read` (text or NA) as plain text, empty for NA."""
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


@dataclass
class Changes:
    """What changed since the earlier briefing of the same selection.

    ``rows`` has one row per change (:data:`COLUMNS`: ``kind`` new, gone or changed,
    ``report_id``, ``area``, ``field``, ``old``, ``new``); ``new_reports`` and ``gone_reports``
    describe the reports that came and went (``report_id``, ``area``, ``publication_date``,
    ``source_file``). ``earlier`` is None when no earlier briefing stood.
    """

    earlier: EarlierBriefing | None
    rows: pd.DataFrame
    new_reports: pd.DataFrame
    gone_reports: pd.DataFrame
    n_reports: int = 0
    notes: list[str] = field(default_factory=list)
    compared: bool = True
    """False when the earlier briefing's tables could not be read (``notes`` says why)."""

    @property
    def changed(self) -> pd.DataFrame:
        return self.rows[self.rows["kind"] == "changed"]

    def summary(self) -> str:
        """What changed, in one sentence."""
        if self.earlier is None:
            return (
                "This is the first briefing of this selection in its folder: there is no "
                "earlier briefing to compare it with."
            )
        e = self.earlier
        since = (
            f"the earlier briefing of this selection (generated {e.generated_at} by "
            f"sqs-analysis {e.version})"
        )
        if not self.compared:
            return f"This briefing could not be compared with {since}: {' '.join(self.notes)}"
        n_new, n_gone = len(self.new_reports), len(self.gone_reports)
        changed = self.changed
        n_fig, n_rep = len(changed), changed["report_id"].nunique()
        if not (n_new or n_gone or n_fig):
            return (
                f"Nothing changed since {since}: the same {_count(self.n_reports, 'report')} "
                "with the same figures."
            )
        return (
            f"Since {since}: {_count(n_new, 'report', none='no reports')} new, "
            f"{_count(n_gone, 'report', none='none')} gone"
            + (
                f", and {_count(n_fig, 'figure')} changed in {_count(n_rep, 'report')} "
                "included in both."
                if n_fig
                else ", and no figure changed for the reports included in both."
            )
        )


def _count(n: int, noun: str, none: str = "") -> str:
    if n == 0 and none:
        return none
    return f"{n} {noun}{'s' if n != 1 else ''}"


def _describe(reports: pd.DataFrame, ids: Iterable[str]) -> pd.DataFrame:
    import pandas as pd

    cols = ["report_id", "area", "publication_date", "source_file"]
    wanted = list(ids)
    if not wanted:
        return pd.DataFrame(columns=cols)
    out = reports.set_index("report_id").reindex(wanted).reset_index()
    return out.reindex(columns=cols).fillna("").astype(str)


def _paragraph_key(paragraph: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", paragraph)) or (0,)


def _judgement_pairs(old: list[dict], new: list[dict]) -> list[tuple[dict, dict]]:
    """Judgements of one report matched between the briefings: on paragraph, sentence and
    quantifier words (the n-th such in the paragraph with the n-th), then the rest on
    paragraph and place in the paragraph."""

    def words(text: Any) -> str:
        return re.sub(r"\W+", " ", _text(text).lower()).strip()

    def keyed(rows: list[dict]) -> dict[tuple, dict]:
        out: dict[tuple, dict] = {}
        seen: dict[tuple, int] = {}
        for row in rows:
            base = (
                _text(row.get("paragraph")),
                words(row.get("evidence")),
                words(row.get("quantifier_text")),
            )
            seen[base] = seen.get(base, 0) + 1
            out[(*base, seen[base])] = row
        return out

    old_keyed, new_keyed = keyed(old), keyed(new)
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


def compare_with_earlier(
    earlier: EarlierBriefing | None,
    tables_dir: Path,
    included: Iterable[str],
    selection: Selection | None = None,
) -> Changes:
    """Compare the tables just written to ``tables_dir`` with the earlier briefing's.

    ``included`` are the reports the new briefing includes. The earlier briefing's are those
    its provenance lists, or, if it lists none, the reports of its tables in ``selection``.
    """
    import pandas as pd

    empty = pd.DataFrame(columns=COLUMNS)
    included = [str(i) for i in included]
    if earlier is None:
        no_reports = _describe(pd.DataFrame(columns=["report_id"]), [])
        return Changes(None, empty, no_reports, no_reports, len(included))

    try:
        return _compare(earlier, tables_dir, included, selection)
    except (OSError, ValueError, KeyError) as exc:  # e.g. a table edited out of shape
        no_reports = _describe(pd.DataFrame(columns=["report_id"]), [])
        note = f"The earlier briefing's tables could not be compared ({type(exc).__name__}: {exc})."
        return Changes(earlier, empty, no_reports, no_reports, len(included), [note], False)


def _compare(
    earlier: EarlierBriefing,
    tables_dir: Path,
    included: list[str],
    selection: Selection | None,
) -> Changes:
    import pandas as pd

    old_reports = _read(earlier.folder, "reports")
    new_reports = _read(tables_dir, "reports")
    if old_reports is None or new_reports is None:
        raise FileNotFoundError("reports.csv is missing")
    for needed in ("report_id", "area", "source_sha256"):
        if needed not in old_reports.columns:
            raise ValueError(f"reports.csv has no column {needed!r}")
    old_reports = old_reports.drop_duplicates("report_id")
    new_reports = new_reports.drop_duplicates("report_id")
    old_known, new_known = set(old_reports["report_id"]), set(new_reports["report_id"])
    if earlier.included is not None:
        old_ids = [i for i in earlier.included if i in old_known]
    elif selection is not None:
        from sqs_analysis.analysis.selection import select
        from sqs_analysis.tables.store import read_tables

        chosen = select(read_tables(earlier.folder), selection)
        old_ids = [str(i) for i in chosen.reports["report_id"]]
    else:
        old_ids = [str(i) for i in old_reports["report_id"]]
    new_ids = [i for i in included if i in new_known]
    old_r = {r["report_id"]: r for r in old_reports.to_dict("records")}
    new_r = {r["report_id"]: r for r in new_reports.to_dict("records")}

    old_set, new_set = set(old_ids), set(new_ids)
    gone = [i for i in old_ids if i not in new_set]
    came = [i for i in new_ids if i not in old_set]
    # the same file under a new report_id (its area or date now read differently)
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

    def area(reports: dict[str, dict], report_id: str) -> str:
        return _text(reports.get(report_id, {}).get("area"))

    rows: list[dict[str, str]] = []
    blank = {"field": "", "old": "", "new": ""}
    for i in came:
        rows.append({"kind": "new", "report_id": i, "area": area(new_r, i), **blank})
    for i in gone:
        rows.append({"kind": "gone", "report_id": i, "area": area(old_r, i), **blank})

    fields = [f for f in _report_fields() if f in old_reports.columns and f in new_reports.columns]
    numeric = _numeric_fields()
    counted_old = {name: _counts(_read(earlier.folder, name, ["report_id"])) for name in COUNTED}
    counted_new = {name: _counts(_read(tables_dir, name, ["report_id"])) for name in COUNTED}
    judge_cols = ["report_id", "paragraph", "seq", "quantifier_text", "evidence", *ESTIMATES]
    old_j = _read(earlier.folder, "judgements", judge_cols)
    new_j = _read(tables_dir, "judgements", judge_cols)
    old_j_by, new_j_by = _by_report(old_j), _by_report(new_j)

    for old_id, new_id in pairs:
        where = {"kind": "changed", "report_id": new_id, "area": area(new_r, new_id)}
        if old_id != new_id:
            rows.append({**where, "field": "report_id", "old": old_id, "new": new_id})
        for name in fields:
            old, new = _text(old_r[old_id].get(name)), _text(new_r[new_id].get(name))
            if not _same(old, new, name in numeric):
                rows.append({**where, "field": name, "old": old, "new": new})
        for name in COUNTED:
            before, after = counted_old[name], counted_new[name]
            if before is None or after is None:
                continue
            n_old, n_new = before.get(old_id, 0), after.get(new_id, 0)
            if n_old != n_new:
                rows.append({**where, "field": f"n_{name}", "old": str(n_old), "new": str(n_new)})
        if old_j is None or new_j is None:
            continue
        for old_row, new_row in _judgement_pairs(
            old_j_by.get(old_id, []), new_j_by.get(new_id, [])
        ):
            label = f"judgement {_text(new_row.get('paragraph'))} #{_text(new_row.get('seq'))}"
            for name in ESTIMATES:
                old, new = _text(old_row.get(name)), _text(new_row.get(name))
                if not _same(old, new, numeric=True):
                    rows.append({**where, "field": f"{label}: {name}", "old": old, "new": new})

    frame = pd.DataFrame(rows, columns=COLUMNS, dtype=str)
    notes = [
        f"The earlier briefing has no {name} table, so its {name} were not compared."
        for name in COUNTED
        if counted_old[name] is None
    ]
    return Changes(
        earlier,
        frame,
        _describe(new_reports, came),
        _describe(old_reports, gone),
        len(new_ids),
        notes,
    )


def write_changes(changes: Changes, outputs: Path) -> Path | None:
    """Write ``changes.csv`` (one row per change) into ``outputs``; nothing when no earlier
    briefing stood or it could not be read (a file with only its header means nothing
    changed)."""
    if changes.earlier is None or not changes.compared:
        return None
    outputs.mkdir(parents=True, exist_ok=True)
    path = outputs / CHANGES_CSV
    changes.rows.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def changes_page(changes: Changes) -> dict[str, Any]:
    """The page's ``changes`` section: a summary sentence and readable frames (at most
    :data:`ON_PAGE` rows each, with a note when more are in ``changes.csv``)."""

    from sqs_analysis.analysis.words import format_date

    def listing(reports: pd.DataFrame) -> pd.DataFrame:
        reports = reports.assign(
            publication_date=[format_date(d) if d else "" for d in reports["publication_date"]]
        )
        return reports.rename(
            columns={
                "report_id": "Report",
                "area": "Area",
                "publication_date": "Published",
                "source_file": "File",
            }
        )

    changed = changes.changed.rename(
        columns={
            "report_id": "Report",
            "area": "Area",
            "field": "Field",
            "old": "Earlier briefing",
            "new": "This briefing",
        }
    )[["Report", "Area", "Field", "Earlier briefing", "This briefing"]]
    parts = {"new": listing(changes.new_reports), "gone": listing(changes.gone_reports)}
    parts["changed"] = changed
    shown: dict[str, pd.DataFrame] = {}
    cut: dict[str, str] = {}
    for name, frame in parts.items():
        shown[name] = frame.head(ON_PAGE).reset_index(drop=True)
        if len(frame) > ON_PAGE:
            cut[name] = f"The first {ON_PAGE} of {len(frame)} are shown; {CHANGES_CSV} has all."
        else:
            cut[name] = ""
    return {
        "earlier": changes.earlier is not None,
        "compared": changes.earlier is not None and changes.compared,
        "summary": changes.summary(),
        "tables": shown,
        "cut": cut,
        "notes": list(changes.notes) if changes.compared else [],
        "csv": CHANGES_CSV,
    }


def provenance_entry(changes: Changes) -> dict[str, Any] | None:
    """What ``provenance.json`` records of the comparison (None when there was none)."""
    if changes.earlier is None:
        return None
    return {
        "generated_at": changes.earlier.generated_at,
        "package_version": changes.earlier.version,
        "reports_new": len(changes.new_reports),
        "reports_gone": len(changes.gone_reports),
        "figures_changed": len(changes.changed),
        "compared": changes.compared,
    }
