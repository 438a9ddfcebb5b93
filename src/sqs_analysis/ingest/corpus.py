"""A batch of report files in, parsed reports and a per-file account out.

This is the one place that walks folders, reads each file, parses it, drops duplicates and
collects every problem, so one bad file never stops or corrupts the rest.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqs_analysis.ingest.model import Issue, Report
from sqs_analysis.ingest.parse import NotAnSQSReport, parse_text
from sqs_analysis.ingest.readers import (
    ReadError,
    file_sha256,
    read_document,
    unsupported_reason,
)

if TYPE_CHECKING:
    from sqs_analysis.ingest.cache import ParseCache

log = logging.getLogger(__name__)


@dataclass
class Corpus:
    """Parsed reports (duplicates removed), every issue met, and one manifest row per file."""

    reports: list[Report] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)

    @property
    def failed_files(self) -> list[str]:
        return [f["source_file"] for f in self.files if f["status"] == "failed"]


def find_inputs(
    inputs: Iterable[str | Path], exclude: Iterable[str | Path] = ()
) -> tuple[list[Path], list[Issue], list[dict[str, Any]]]:
    """Expand folders (recursively, in sorted order) into report files.

    Files named explicitly are always tried. Inside folders, every file is accounted for: those
    of a supported type are returned to be read, and every other one (another file type, a
    hidden file such as ``.DS_Store``) gets a ``skipped`` manifest row with the reason. Files
    under ``exclude`` (such as a briefing written inside the data folder) are outputs, not
    inputs: they are left out with one warning per excluded folder.
    """
    paths: list[Path] = []
    issues: list[Issue] = []
    skipped: list[dict[str, Any]] = []
    skip = [Path(e).resolve() for e in exclude]
    for given in inputs:
        p = Path(given)
        if p.is_dir():
            excluded: dict[Path, int] = {}
            found = []
            for q in sorted(q for q in p.rglob("*") if q.is_file()):
                outputs = next((s for s in skip if q.resolve().is_relative_to(s)), None)
                if outputs is not None:
                    excluded[outputs] = excluded.get(outputs, 0) + 1
                    continue
                reason = _skip_reason(q, p)
                if reason is None:
                    found.append(q)
                else:
                    skipped.append(_skipped_row(q, reason))
            for outputs, count in excluded.items():
                issues.append(
                    Issue(str(p), "warning", f"{count} file(s) under {outputs} left out: outputs")
                )
            if not found and not skipped:
                issues.append(Issue(str(p), "warning", "folder holds no report files"))
            paths.extend(found)
        elif p.exists():
            paths.append(p)
        else:
            issues.append(Issue(p.name, "error", "no such file or folder"))
    return paths, issues, skipped


def _skip_reason(path: Path, folder: Path) -> str | None:
    """Why a file found in ``folder`` is not read, or ``None`` if it is read."""
    hidden = next((part for part in path.relative_to(folder).parts if part.startswith(".")), None)
    if hidden is not None:
        return f"hidden ({hidden}); not read"
    return unsupported_reason(path)


def _skipped_row(path: Path, reason: str) -> dict[str, Any]:
    size = None
    with contextlib.suppress(OSError):
        size = path.stat().st_size
    return {
        "source_file": path.name,
        "source_path": str(path),
        "source_sha256": None,
        "size_bytes": size,
        "source_format": None,
        "status": "skipped",
        "report_id": None,
        "reason": reason,
    }


def parse_file(path: str | Path) -> tuple[Report | None, list[Issue], dict[str, Any]]:
    """Read and parse one file; never raises for a bad file, reports it instead."""
    path = Path(path)
    name = path.name
    row: dict[str, Any] = {
        "source_file": name,
        "source_path": str(path),
        "source_sha256": None,
        "size_bytes": None,
        "source_format": None,
        "status": "failed",
        "report_id": None,
        "reason": None,
        "checks_failed": None,
        "coverage": None,
    }
    with contextlib.suppress(OSError):
        row["size_bytes"] = path.stat().st_size
    try:
        doc = read_document(path)
        row.update(
            source_sha256=doc.sha256, size_bytes=doc.size_bytes, source_format=doc.source_format
        )
        report = parse_text(
            doc.text,
            source_file=name,
            sha256=doc.sha256,
            fmt=doc.source_format,
            clean_copy=doc.clean_copy,
        )
        for warning in doc.warnings:
            report.warn(warning)
    except (ReadError, NotAnSQSReport) as exc:
        row["reason"] = str(exc)
        return None, [Issue(name, "error", str(exc))], row
    except Exception as exc:  # a parser bug must not stop the batch
        log.exception("unexpected failure parsing %s", name)
        row["reason"] = f"internal error while parsing: {exc!r}"
        return None, [Issue(name, "error", row["reason"])], row
    row.update(
        status="parsed",
        report_id=report.report_id,
        checks_failed=len(report.checks_failed),
        coverage=report.coverage,
    )
    return report, list(report.issues), row


PARALLEL_MIN_FILES = 64
"""Below this many files a second process costs more than it saves."""


def _parsed(
    paths: list[Path],
    workers: int,
    cache: ParseCache | None = None,
    before_fork: Callable[[], None] | None = None,
) -> Iterator[tuple[Report | None, list[Issue], dict]]:
    """``parse_file`` over ``paths`` in order; results found in ``cache`` are not parsed again,
    and new successful ones are stored there."""
    if cache is None:
        yield from _parse_all(paths, workers, before_fork)
        return
    keys: list[str | None] = []
    found: list[tuple[Report | None, list[Issue], dict] | None] = []
    for path in paths:
        digest = file_sha256(path)
        key = cache.key(path, digest) if digest else None
        keys.append(key)
        found.append(cache.get(key, path) if key else None)
    todo = [p for p, hit in zip(paths, found, strict=True) if hit is None]
    fresh = _parse_all(todo, workers, before_fork)
    for key, hit in zip(keys, found, strict=True):
        if hit is not None:
            yield hit
            continue
        result = next(fresh)
        if key is not None and result[2]["status"] == "parsed":
            cache.put(key, result)
        yield result


def _parse_all(
    paths: list[Path], workers: int, before_fork: Callable[[], None] | None = None
) -> Iterator[tuple[Report | None, list[Issue], dict]]:
    """``parse_file`` over ``paths`` in order, in ``workers`` processes when that pays
    (``before_fork`` is called first, then)."""
    if workers <= 1 or len(paths) < PARALLEL_MIN_FILES:
        yield from map(parse_file, paths)
        return
    if before_fork is not None:
        before_fork()
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(8, len(paths) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(parse_file, paths, chunksize=chunk)


def parse_corpus(
    inputs: Iterable[str | Path],
    exclude: Iterable[str | Path] = (),
    workers: int = 1,
    cache: ParseCache | None = None,
    before_fork: Callable[[], None] | None = None,
) -> Corpus:
    """Parse every report under ``inputs`` (but not under ``exclude``); the same report given
    twice is counted once. ``workers`` > 1 parses in that many processes, and files already
    in ``cache`` are not parsed again; the result is the same, in the same order.

    Worker processes are forked; ``before_fork`` is called just before, only if they are,
    for a caller with threads of its own to settle (a fork while another thread is part-way
    through an import can leave that module's lock held in the child)."""
    paths, issues, skipped = find_inputs(inputs, exclude)
    corpus = Corpus(issues=issues)
    for issue in issues:
        log.warning("%s: %s", issue.source_file, issue.message)
    by_hash: dict[str, Report] = {}
    by_id: dict[str, Report] = {}
    for report, file_issues, row in _parsed(paths, workers, cache, before_fork):
        if report is not None:
            first = by_hash.get(report.source_sha256) or by_id.get(report.report_id)
            if first is not None:
                row["status"] = "duplicate"
                file_issues = [_duplicate_issue(report, first)]
                row["reason"] = file_issues[0].message
                report = None
        if report is not None:
            by_hash[report.source_sha256] = report
            by_id[report.report_id] = report
            corpus.reports.append(report)
        _log_issues(file_issues)
        corpus.issues.extend(file_issues)
        corpus.files.append(row)
    for row in skipped:
        issue = Issue(row["source_file"], "warning", f"skipped: {row['reason']}")
        _log_issues([issue])
        corpus.issues.append(issue)
        corpus.files.append(row)
    return corpus


def _log_issues(issues: Iterable[Issue]) -> None:
    for issue in issues:
        (log.error if issue.severity == "error" else log.warning)(
            "%s: %s", issue.source_file, issue.message
        )


def _duplicate_issue(copy: Report, first: Report) -> Issue:
    """The warning for a second file of a report already read: an exact copy is counted once;
    a copy whose fields or judgements differ names each difference with both values."""
    if copy.source_sha256 == first.source_sha256:
        how = "identical bytes"
    else:
        differences = report_differences(first, copy)
        if differences:
            shown = "; ".join(
                f"{name}: {_shown(theirs)} in {first.source_file}, {_shown(ours)} here"
                for name, theirs, ours in differences
            )
            return Issue(
                copy.source_file,
                "warning",
                f"copy of report {copy.report_id} that disagrees with {first.source_file}: "
                f"{shown}; the tables use {first.source_file} (the first in path order)",
            )
        how = "same report"
    return Issue(
        copy.source_file,
        "warning",
        f"duplicate of {first.source_file} ({how}, report {copy.report_id}); counted once",
    )


COMPARED_FIELDS = (
    "area",
    "service_name",
    "service_type",
    "recipient",
    "recipient_role",
    "author",
    "author_role",
    "publication_date",
    "fieldwork_start",
    "fieldwork_end",
    "cases_examined",
    "lead_inspector",
)
"""Report fields whose values two copies of one report must share (evidence sentences are
left out: the same sentence can be wrapped or hyphenated differently in a PDF and a copy)."""
COMPARED_RATE_FIELDS = (
    "reoffending_rate",
    "previous_year_rate",
    "vs_previous_year",
    "national_average",
    "vs_national_average",
    "rate_published",
    "cohort_start",
    "cohort_end",
)


def _judgement_key(j: Any) -> tuple:
    return (
        j.paragraph,
        j.polarity,
        j.quantifier,
        j.numerator,
        j.denominator,
        round(j.sufficiency, 3),
    )


def report_differences(first: Report, copy: Report) -> list[tuple[str, Any, Any]]:
    """``(field, value in first, value in copy)`` for every report field, rate fact, judgement
    and list length on which two parses of the same report disagree."""
    out: list[tuple[str, Any, Any]] = []
    for name in COMPARED_FIELDS:
        a, b = getattr(first, name), getattr(copy, name)
        if a != b:
            out.append((name, a, b))
    for name in COMPARED_RATE_FIELDS:
        a, b = getattr(first.rate, name), getattr(copy.rate, name)
        if a != b:
            out.append((name, a, b))
    ours = {_judgement_key(j) for j in first.judgements}
    theirs = {_judgement_key(j) for j in copy.judgements}
    for key in sorted(ours - theirs, key=str):
        out.append((f"judgement in {key[0]}", _judgement_text(key), None))
    for key in sorted(theirs - ours, key=str):
        out.append((f"judgement in {key[0]}", None, _judgement_text(key)))
    for name in ("findings", "strengths", "improvements", "copy_list"):
        a, b = len(getattr(first, name)), len(getattr(copy, name))
        if a != b:
            out.append((f"number of {name}", a, b))
    return out


def _judgement_text(key: tuple) -> str:
    _, polarity, quantifier, numerator, denominator, sufficiency = key
    count = f" {numerator}/{denominator}" if numerator is not None else ""
    return f"{quantifier}{count} ({polarity}, sufficiency {sufficiency:g})"


def _shown(value: Any) -> str:
    return "(none)" if value is None else str(value)
