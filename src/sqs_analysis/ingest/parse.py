"""Parsed report objects from normalised text.

The parser follows the structure every SQS letter shares, not any one report's sentences:
a header (To / Copy to / From / Publication date), a title naming the area, context and
summary paragraphs (sample size, fieldwork dates, reoffending rate with its footnoted cohort),
numbered findings under four themes, operational management, two bullet lists, a closing
paragraph naming the lead inspector, and a copy list. :mod:`.letter` cuts the letter into
those parts and :mod:`.fields` finds each field in the place and phrasing inspectors use for
it; a field that is not there stays empty with a warning. Once all is parsed, :mod:`.checks`
checks that what the letter says adds up.
"""

from __future__ import annotations

import hashlib
import re

from sqs_analysis.ingest.checks import run_checks
from sqs_analysis.ingest.fields import (
    CASES,
    TITLE_AREA,
    find_area,
    find_cases,
    find_fieldwork,
    find_lead_inspector,
    find_service,
    first_date,
    header_fields,
    preamble_paragraphs,
    split_person,
)
from sqs_analysis.ingest.judgements import read_findings
from sqs_analysis.ingest.letter import (
    PARAGRAPH_START,
    UNNUMBERED,
    Block,
    paragraphs,
    parse_bullets,
    parse_copy_list,
    parse_findings,
    split_blocks,
)
from sqs_analysis.ingest.model import SYNTHETIC_BANNER, Report
from sqs_analysis.ingest.normalise import NormalisedText, normalise
from sqs_analysis.ingest.rate import find_rate
from sqs_analysis.reference.names import slugify
from sqs_analysis.reference.sentences import split_sentences


class NotAnSQSReport(ValueError):
    """The text is not a Short Quality Screening report (the message says why)."""


# ---------------------------------------------------------------- the whole report
REQUIRED_FIELDS = (
    "area", "publication_date", "fieldwork_start", "cases_examined", "reoffending_rate",
    "national_average", "cohort_start", "rate_published",
)  # fmt: skip


def parse_text(
    text: str,
    source_file: str,
    sha256: str | None = None,
    fmt: str = "text",
    clean_copy: bool = False,
) -> Report:
    """Parse one report's text. Raises :class:`NotAnSQSReport` if it is not an SQS letter.

    ``clean_copy``: the text is a reader's clean copy of a PDF or Word letter (see
    :func:`.normalise.normalise`)."""
    norm = normalise(text, clean_copy=clean_copy)
    flat = " ".join(" ".join(norm.lines).split())
    check_is_sqs_letter(norm, flat)
    sha256 = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    report = Report(source_file=source_file, source_sha256=sha256, source_format=fmt)
    populate(report, norm, flat)
    report.report_id = report_id(report)
    if SYNTHETIC_BANNER.lower() in flat.lower():
        report.warn("file says it is synthetic test data, not a real inspection report")
    if not _SQS_NAMED.search(flat):
        report.warn(
            "no 'Short Quality Screening' title or 'SQS' in the text: read as an SQS letter "
            "from its parts (inspection dates, sample, rate, findings, strengths)"
        )
    return report


_SQS_NAMED = re.compile(r"Short\s+Quality\s+Screening|\bSQS\b", re.I)


SQS_FEATURES = {
    "the inspection dates": re.compile(
        r"inspection\s+(?:was\s+)?(?:conducted|carried out|took place)", re.I
    ),
    "the sample of cases": CASES,
    "commentary on the inspection": re.compile(r"Commentary on the inspection", re.I),
    "key strengths": re.compile(r"\bKey strengths\b", re.I),
    "areas requiring improvement": re.compile(r"\bAreas? (?:requiring|for) improvement\b", re.I),
    "the published reoffending rate": re.compile(r"published\s+re-?offending\s+rate", re.I),
}


UNTITLED_PARTS = 4
"""A text with no SQS title is read as a letter if it has this many of the letter's parts."""
UNTITLED_MAX_CHARS = 40_000
"""... and is no longer than a letter (a full inspection report has those parts too)."""


def check_is_sqs_letter(norm: NormalisedText, flat: str) -> None:
    """Raise :class:`NotAnSQSReport` unless the text has an SQS title and the letter's shape.

    Minutes or other letters may well mention an SQS; a report has the full title ("Short
    Quality Screening of youth offending work in ...") or at least two of the features every
    SQS letter carries (or numbered findings). A letter-sized text that never names the SQS
    (its title lost in copying) is still one if it has :data:`UNTITLED_PARTS` of them.
    """
    if not _SQS_NAMED.search(flat):
        # a letter whose title was lost is still known by its parts: four or more of them
        if _parts_found(norm, flat) >= UNTITLED_PARTS and len(flat) < UNTITLED_MAX_CHARS:
            return
        raise NotAnSQSReport(
            "not an SQS report: no 'Short Quality Screening' title or 'SQS' anywhere in the text"
        )
    if TITLE_AREA.search(flat):
        return  # the full title: a letter, however little of it survived
    if _parts_found(norm, flat) < 2:
        raise NotAnSQSReport(
            "not an SQS report: it mentions Short Quality Screening but has no more than one of "
            "the letter's parts (inspection dates, sample of cases, published reoffending rate, "
            "numbered findings, key strengths, areas requiring improvement)"
        )


def _parts_found(norm: NormalisedText, flat: str) -> int:
    """How many of the letter's parts the text has (numbered findings counting as one); only
    asked where the full title is missing, as looking for every part costs a search of the text
    per part."""
    found = sum(1 for pattern in SQS_FEATURES.values() if pattern.search(flat))
    numbered = sum(1 for line in norm.lines if PARAGRAPH_START.match(line))
    return found + (numbered >= 2)


def populate(report: Report, norm: NormalisedText, flat: str) -> None:
    """Fill every field of ``report`` that the text supports, warning where it is silent."""
    blocks = split_blocks(norm.lines)
    by_kind: dict[str, list[str]] = {}
    for block in blocks:
        by_kind.setdefault(block.kind, []).extend([*block.lines, ""])

    preamble = " ".join(by_kind.get("preamble", []))
    header = header_fields(preamble)
    report.recipient, report.recipient_role = split_person(header.get("to"))
    report.author, report.author_role = split_person(header.get("from"))
    report.publication_date = first_date(header.get("publication date", ""))

    prose = preamble_paragraphs(by_kind.get("preamble", [])) + [
        p for kind in ("context", "summary") for p in paragraphs(by_kind.get(kind, []))
    ]
    sentences = [s for p in prose for s in split_sentences(p)]
    report.area = find_area(flat, norm.lines)
    report.service_name, report.service_type = find_service(flat, report.area)
    report.fieldwork_start, report.fieldwork_end, report.fieldwork_evidence = find_fieldwork(
        sentences
    )
    report.cases_examined, report.cases_evidence = find_cases(sentences)
    all_sentences = sentences or split_sentences(flat)
    report.rate = find_rate(all_sentences, norm.footnotes, extra_text=(flat,))
    report.lead_inspector = find_lead_inspector(flat)

    for kind in ("context", "summary", "operational_management"):
        if by_kind.get(kind):
            text = "\n\n".join(paragraphs(by_kind[kind]))
            if text:
                report.sections[kind] = text

    numbering_notes: list[str] = []
    report.findings = parse_findings(by_kind.get("commentary", []), numbering_notes)
    for note in numbering_notes:
        # numbers the parser gave a letter that prints none are a caveat, not a fault
        report.warn(note, None if note == UNNUMBERED else "numbering")
    reading = read_findings(report.findings, report.cases_examined)
    report.judgements, report.unread_counts = reading.judgements, reading.unread
    report.strengths = parse_bullets(by_kind.get("strengths", []))
    report.improvements = parse_bullets(by_kind.get("improvements", []))
    report.copy_list = parse_copy_list(by_kind.get("copy_list", []))
    _warn_missing(report, blocks)
    run_checks(report, norm, blocks)


def _warn_missing(report: Report, blocks: list[Block]) -> None:
    values = {
        "area": report.area,
        "publication_date": report.publication_date,
        "fieldwork_start": report.fieldwork_start,
        "cases_examined": report.cases_examined,
        "reoffending_rate": report.rate.reoffending_rate,
        "national_average": report.rate.national_average,
        "cohort_start": report.rate.cohort_start,
        "rate_published": report.rate.rate_published,
    }
    for name in REQUIRED_FIELDS:
        if values[name] is None:
            report.warn(f"no {name.replace('_', ' ')} found")
    kinds = {b.kind for b in blocks}
    if not report.findings:
        report.warn("no numbered findings found")
    for kind, label in (
        ("strengths", "key strengths"),
        ("improvements", "areas requiring improvement"),
    ):
        if kind not in kinds:
            report.warn(f"no '{label}' section: the report may be truncated")
    if report.findings:
        last = report.findings[-1].text.rstrip()
        if not last.endswith((".", '"', "”", "’", "'", ")")):
            report.warn(
                f"paragraph {report.findings[-1].paragraph} ends mid-sentence: the report may be truncated"
            )


def report_id(report: Report) -> str:
    """``<area-slug>-<publication date>``, or a content hash when either is unknown."""
    if report.area and report.publication_date:
        return f"{slugify(report.area)}-{report.publication_date.isoformat()}"
    return f"sha-{report.source_sha256[:12]}"
