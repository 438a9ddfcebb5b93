"""Parsed report objects: what one SQS letter says, before it becomes table rows.

Plain dataclasses with no behaviour beyond conversion helpers, so every later step
(tables, analysis) can rely on the same shape whatever the input format was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SYNTHETIC_BANNER = "SYNTHETIC TEST DATA - not a real inspection report"
"""First line of every generated test report; a parsed file carrying it is flagged."""


@dataclass
class Issue:
    """A problem met with one file; ``error`` means the file contributed nothing."""

    source_file: str
    severity: str  # "error" | "warning"
    message: str
    check: str | None = None
    """The consistency check that failed (:mod:`.checks`), if the issue is one."""


@dataclass
class Finding:
    """One numbered paragraph of the commentary (e.g. ``2.3``)."""

    paragraph: str
    domain: str
    heading: str
    text: str


@dataclass
class Judgement:
    """One quantified statement about how often practice was sufficient."""

    paragraph: str
    domain: str
    polarity: str  # "positive" counts sufficient practice, "negative" deficient practice
    quantifier: str
    quantifier_text: str
    basis: str  # "count" | "verbal"
    numerator: int | None
    denominator: int | None
    denominator_source: str | None
    sufficiency: float
    sufficiency_low: float
    sufficiency_high: float
    evidence: str
    seq: int = 0


@dataclass
class UnreadCount:
    """A count in the findings that is not read as a judgement, and why (a reason key of
    ``ingest.judgements.UNREAD_REASONS``)."""

    paragraph: str
    domain: str
    words: str
    reason: str
    sentence: str


@dataclass
class RateFacts:
    """The published reoffending rate and what the report compares it with."""

    reoffending_rate: float | None = None
    previous_year_rate: float | None = None
    vs_previous_year: str | None = None
    national_average: float | None = None
    vs_national_average: str | None = None
    rate_evidence: str | None = None
    rate_published: str | None = None  # YYYY-MM
    cohort_start: str | None = None  # YYYY-MM
    cohort_end: str | None = None  # YYYY-MM
    cohort_evidence: str | None = None


@dataclass
class Report:
    """Everything parsed from one report file."""

    source_file: str
    source_sha256: str
    source_format: str
    area: str | None = None
    service_name: str | None = None
    service_type: str | None = None
    recipient: str | None = None
    recipient_role: str | None = None
    author: str | None = None
    author_role: str | None = None
    publication_date: date | None = None
    fieldwork_start: date | None = None
    fieldwork_end: date | None = None
    fieldwork_evidence: str | None = None
    cases_examined: int | None = None
    cases_evidence: str | None = None
    rate: RateFacts = field(default_factory=RateFacts)
    lead_inspector: str | None = None
    sections: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    unread_counts: list[UnreadCount] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    improvements: list[str] = field(default_factory=list)
    copy_list: list[tuple[str, str]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    report_id: str = ""
    checks_failed: list[str] = field(default_factory=list)
    """Names of the consistency checks the letter failed (:mod:`.checks`), each once."""
    coverage: float | None = None
    """Share of the letter's sentences placed in a table or named as letter furniture."""

    def warn(self, message: str, check: str | None = None) -> None:
        """Record a warning against this report's file (``check``: the check that failed)."""
        self.issues.append(Issue(self.source_file, "warning", message, check))
        if check is not None and check not in self.checks_failed:
            self.checks_failed.append(check)
