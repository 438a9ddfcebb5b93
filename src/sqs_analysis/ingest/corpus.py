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
from sqs_analysis.ingest.read import SUPPORTED_SUFFIXES, ReadError, file_sha256, read_document

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
) -> tuple[list[Path], list[Issue]]:
    """Expand folders (recursively, in sorted order) into report files.

    Files named explicitly are always tried; inside folders, only supported suffixes are taken,
    hidden files are skipped (a stray ``.DS_Store`` is not a bad report), and so is anything
    under ``exclude`` (such as a briefing written inside the data folder).
    """
    paths: list[Path] = []
    issues: list[Issue] = []
    skip = [Path(e).resolve() for e in exclude]
    for given in inputs:
        p = Path(given)
        if p.is_dir():
            found = sorted(
                q
                for q in p.rglob("*")
                if q.is_file()
                and q.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in q.relative_to(p).parts)
                and not any(q.resolve().is_relative_to(s) for s in skip)
            )
            if not found:
                issues.append(Issue(str(p), "warning", "folder holds no report files"))
            paths.extend(found)
        elif p.exists():
            paths.append(p)
        else:
            issues.append(Issue(p.name, "error", "no such file or folder"))
    return paths, issues


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
        return None, [Issue(name, "error", str(exc))], row
    except Exception as exc:  # a parser bug must not stop the batch
        log.exception("unexpected failure parsing %s", name)
        return None, [Issue(name, "error", f"internal error while parsing: {exc!r}")], row
    row.update(status="parsed", report_id=report.report_id)
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
    paths, issues = find_inputs(inputs, exclude)
    corpus = Corpus(issues=issues)
    by_hash: dict[str, str] = {}
    by_id: dict[str, str] = {}
    for report, file_issues, row in _parsed(paths, workers, cache, before_fork):
        if report is not None:
            first = by_hash.get(report.source_sha256) or by_id.get(report.report_id)
            if first is not None:
                how = "identical bytes" if report.source_sha256 in by_hash else "same report"
                row["status"] = "duplicate"
                file_issues = [
                    Issue(
                        row["source_file"],
                        "warning",
                        f"duplicate of {first} ({how}, report {report.report_id}); counted once",
                    )
                ]
                report = None
        if report is not None:
            by_hash[report.source_sha256] = row["source_file"]
            by_id[report.report_id] = row["source_file"]
            corpus.reports.append(report)
        for issue in file_issues:
            (log.error if issue.severity == "error" else log.warning)(
                "%s: %s", issue.source_file, issue.message
            )
        corpus.issues.extend(file_issues)
        corpus.files.append(row)
    return corpus
