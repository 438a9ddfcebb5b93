"""Changes since the earlier briefing, in words: what a new briefing of the same selection
adds, drops or reads differently, as the page, ``changes.csv`` and ``provenance.json`` say it.

Three places do the work: :mod:`.earlier` keeps the last complete briefing of the selection
while a new one is made and reads its tables back; :func:`sqs_analysis.analysis.changes.diff_tables`
finds what differs between its tables and the new ones; this module compares the two
(:func:`compare_with_earlier`) and words the result: :meth:`Changes.summary`,
:func:`changes_page`, :func:`write_changes` and :func:`provenance_entry`.

Values are compared as the tables' CSV files hold them: numbers as numbers (``42.20`` equals
``42.2``), everything else as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqs_analysis.briefing.earlier import EarlierBriefing, earlier_tables, read_tables_as_text

if TYPE_CHECKING:
    import pandas as pd

    from sqs_analysis.analysis.changes import Differences
    from sqs_analysis.analysis.selection import Selection

CHANGES_CSV = "changes.csv"
ON_PAGE = 200
"""Rows of each list shown on the page; ``changes.csv`` holds every one."""


@dataclass
class Changes:
    """What changed since the earlier briefing of the same selection.

    ``rows`` has one row per change (:data:`~sqs_analysis.analysis.changes.COLUMNS`: ``kind``
    new, gone or changed, ``report_id``, ``area``, ``field``, ``old``, ``new``);
    ``new_reports`` and ``gone_reports`` describe the reports that came and went
    (``report_id``, ``area``, ``publication_date``, ``source_file``). ``earlier`` is None when
    no earlier briefing stood.
    """

    earlier: EarlierBriefing | None
    rows: pd.DataFrame
    new_reports: pd.DataFrame
    gone_reports: pd.DataFrame
    n_reports: int = 0
    notes: list[str] = field(default_factory=list)
    compared: bool = True
    """False when the earlier briefing's tables could not be read (``notes`` says why)."""

    @classmethod
    def of(
        cls,
        earlier: EarlierBriefing | None,
        differences: Differences,
        notes: Iterable[str] = (),
        compared: bool = True,
    ) -> Changes:
        """The changes since ``earlier``: ``differences`` between its tables and the new ones,
        with a note for each table it lacks."""
        notes = list(notes) + [
            f"The earlier briefing has no {name} table, so its {name} were not compared."
            for name in differences.uncounted
        ]
        d = differences
        return cls(earlier, d.rows, d.new_reports, d.gone_reports, d.n_reports, notes, compared)

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


def compare_with_earlier(
    earlier: EarlierBriefing | None,
    tables_dir: Path,
    included: Iterable[str],
    selection: Selection | None = None,
) -> Changes:
    """Compare the tables just written to ``tables_dir`` with the earlier briefing's.

    ``included`` are the reports the new briefing includes. The earlier briefing's are those
    its provenance lists, or, if it lists none, the reports of its tables in ``selection``.
    Tables that cannot be read or compared are said in the notes, never fatal.
    """
    from sqs_analysis.analysis.changes import diff_tables, no_differences

    included = [str(i) for i in included]
    if earlier is None:
        return Changes.of(None, no_differences(len(included)))
    try:
        old, old_included = earlier_tables(earlier, selection)
        differences = diff_tables(old, read_tables_as_text(tables_dir), old_included, included)
    except (OSError, ValueError, KeyError) as exc:  # e.g. a table edited out of shape
        note = f"The earlier briefing's tables could not be compared ({type(exc).__name__}: {exc})."
        return Changes.of(earlier, no_differences(len(included)), [note], compared=False)
    return Changes.of(earlier, differences)


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

    from sqs_analysis.analysis.formatting import format_date

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
