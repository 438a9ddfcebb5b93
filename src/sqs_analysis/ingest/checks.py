"""Consistency checks on a parsed letter: does what it says add up? No answer key is needed.

A letter can parse without a missing field and still not add up: a paragraph number skipped
or repeated, text standing before a theme's first numbered paragraph, "19 of the 18 cases",
a rate cohort that ends after the rate was published, a footnote marker with no footnote, a
direction its own figures contradict, or a sentence that lands in no table. Each check that
fails gives a warning naming it (``Issue.check``, the ``check`` column of ``parse_issues``),
and the letter's ``files`` row counts the checks failed and the share of its sentences
placed. The check names are the codebook's allowed values for that column; docs/checks.md
says what each one catches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sqs_analysis.ingest.fields import HEADER_LABELS
from sqs_analysis.ingest.letter import (
    BULLET,
    CLOSING,
    PARAGRAPH_START,
    UNNUMBERED,
    Block,
    classify_heading,
    join_lines,
)
from sqs_analysis.ingest.mentions import LISTED_VERDICTS
from sqs_analysis.ingest.model import Report
from sqs_analysis.ingest.normalise import NormalisedText
from sqs_analysis.ingest.quantifiers import NUMBER, parse_number
from sqs_analysis.reference.codebook import allowed_values
from sqs_analysis.reference.directions import agrees, direction
from sqs_analysis.reference.sentences import split_sentences

CHECKS = allowed_values("parse_issues", "check")
"""Every check's stable name, in the order they run."""

UNPLACED_LISTED = 20
"""Sentences not placed that are quoted one warning each; any more are counted in one."""


def run_checks(report: Report, norm: NormalisedText, blocks: list[Block]) -> None:
    """Run every check on a fully parsed ``report``; each failure is a warning on it."""
    check_numbering(report, blocks)
    check_coverage(report, norm, blocks)
    check_count_within_group(report)
    check_listed_counts(report)
    check_shares_match_counts(report)
    check_group_within_sample(report)
    check_cohort_before_publication(report)
    check_fieldwork_before_publication(report)
    check_footnotes(report, norm)
    check_rate_direction(report)


# ---------------------------------------------------------------- numbering
def check_numbering(report: Report, blocks: list[Block]) -> None:
    """Each theme's numbered paragraphs run 1, 2, 3 ... with no gap and no repeat, and no text
    stands between a theme heading and its first numbered paragraph."""
    name = "numbering"
    last: dict[str, int] = {}
    seen: set[str] = set()
    for finding in report.findings:
        theme, _, minor_text = finding.paragraph.partition(".")
        minor = int(minor_text)
        before = last.get(theme, 0)
        if finding.paragraph in seen:
            report.warn(f"paragraph {finding.paragraph} is numbered twice", name)
        elif minor < before:
            report.warn(f"paragraph {finding.paragraph} comes after {theme}.{before}", name)
        elif minor > before + 1:
            missing = ", ".join(f"{theme}.{n}" for n in range(before + 1, minor))
            report.warn(
                f"no paragraph {missing}: {finding.paragraph} follows "
                f"{f'{theme}.{before}' if before else f'the heading of theme {theme}'}",
                name,
            )
        seen.add(finding.paragraph)
        last[theme] = max(before, minor)
    if any(issue.message == UNNUMBERED for issue in report.issues):
        return  # a letter that prints no numbers: its paragraphs were numbered in order
    for heading, text in stray_commentary(blocks):
        where = f"under {heading!r}" if heading else "in the commentary"
        report.warn(
            f"text {where} before its first numbered paragraph (a number lost or shifted?): "
            f"{_quote(text)}",
            name,
        )


def stray_commentary(blocks: list[Block]) -> list[tuple[str, str]]:
    """(theme heading, text) for each run of commentary text that no numbered paragraph holds:
    text after a theme heading (or the commentary heading) and before the next number."""
    out: list[tuple[str, str]] = []
    for block in blocks:
        if block.kind != "commentary":
            continue
        heading, stray, numbered = "", [], False
        for line in [*block.lines, None]:
            theme = line is not None and classify_heading(line) == "theme"
            if line is None or theme or PARAGRAPH_START.match(line):
                if stray and not numbered:
                    out.append((heading, join_lines(stray)))
                stray = []
                if theme:
                    heading, numbered = line.strip(), False
                elif line is not None:
                    numbered = True
            elif line.strip() and not numbered:
                stray.append(line)
    return out


# ---------------------------------------------------------------- every sentence placed
SALUTATION = re.compile(r"^(?:dear\b|yours\s+(?:sincerely|faithfully)\b)", re.I)
NOTE = re.compile(r"^note\s*\d{1,2}\b", re.I)
"""The numbered notes that close every letter ("Note 1: As an independent inspectorate ...")."""
_FURNITURE = re.compile("|".join(f"(?:{p.pattern})" for p in (CLOSING, SALUTATION, NOTE)), re.I)
TITLE = re.compile(r"Short\s+Quality\s+Screening", re.I)


def check_coverage(report: Report, norm: NormalisedText, blocks: list[Block]) -> None:
    """Every sentence of the letter is in some table, or is named as letter furniture.

    Sets ``report.coverage`` (share placed) and warns once per sentence not placed."""
    units = list(placed_units(report, norm, blocks))
    unplaced = [text for text, where in units if where is None]
    report.coverage = round(1 - len(unplaced) / len(units), 4) if units else None
    for text in unplaced[:UNPLACED_LISTED]:
        report.warn(f"sentence not placed in any table: {_quote(text)}", "coverage")
    if len(unplaced) > UNPLACED_LISTED:
        report.warn(
            f"{len(unplaced) - UNPLACED_LISTED} more sentences not placed in any table",
            "coverage",
        )


def placed_units(
    report: Report, norm: NormalisedText, blocks: list[Block]
) -> Iterator[tuple[str, str | None]]:
    """(sentence or line, where it was placed) for the whole letter, footnotes included;
    ``None`` where it is in no table and is not letter furniture.

    Prose is taken sentence by sentence; header, heading and copy-list lines line by line.
    "Placed" is by role and structure: in a finding, a section, a field's evidence, a
    strength or improvement, the copy list, the letterhead above the header, a header or
    heading line, the introduction under the title, the closing (thanks and contact)
    paragraphs, a salutation or the notes."""
    placed = _placed_text(report)
    placed_sentences = {s for part in placed.split("\n") for s in split_sentences(part)}
    for block in blocks:
        if block.kind == "notes":
            for line in block.lines:
                yield from ((s, "notes") for s in split_sentences(line))
            continue
        if block.kind == "copy_list":
            yield from _copy_list_units(block, report)
            continue
        title_seen = head_seen = introduction_seen = False
        for para in _paragraph_runs(block.lines):
            prose: list[str] = []
            wrapped = None  # a header value or the title wraps onto the lines below it
            for line in para:
                if classify_heading(line):
                    yield line, "heading"
                elif block.kind == "preamble" and HEADER_LABELS.match(line.strip()):
                    head_seen, wrapped = True, "header"
                    yield line, "header"
                elif wrapped and not (wrapped == "header" and TITLE.search(line)):
                    yield line, wrapped
                elif (
                    block.kind == "preamble" and not (head_seen or title_seen) and _letterhead(line)
                ):
                    yield line, "letterhead"  # the inspectorate's name and address on top
                elif block.kind == "preamble" and not title_seen and TITLE.search(line):
                    title_seen, wrapped = True, "title"
                    yield line, "title"
                elif block.kind == "preamble" and not title_seen and _names_a_person(line, report):
                    yield line, "header"  # a header value on a line of its own
                else:
                    prose.append(_unnumbered(line))
            text = join_lines(prose)
            if not text:
                continue
            furniture = None
            if CLOSING.match(text):
                furniture = "closing"
            elif NOTE.match(text):
                furniture = "notes"
            elif SALUTATION.match(text):
                furniture = "salutation"
            elif _names_the_lead_inspector(text, report):
                furniture = "closing"  # "The inspection was led by ..., to whom any questions ..."
            elif block.kind == "preamble" and not introduction_seen:
                furniture = "introduction"  # the paragraph under the title: when, and who sees it
                introduction_seen = True
            for sentence in split_sentences(text):
                tabled = sentence in placed_sentences or sentence in placed
                yield sentence, ("table" if tabled else furniture)
    cohort = report.rate.cohort_evidence or ""
    for note in norm.footnotes:
        sentences = split_sentences(note)
        rate_note = bool(cohort) and (cohort in note or any(s in cohort for s in sentences))
        yield from ((s, "rate footnote" if rate_note else None) for s in sentences)


def _placed_text(report: Report) -> str:
    rate = report.rate
    parts = [
        *(f.text for f in report.findings),
        *report.sections.values(),
        *report.strengths,
        *report.improvements,
        report.fieldwork_evidence,
        report.cases_evidence,
        rate.rate_evidence,
        rate.cohort_evidence,
    ]
    return "\n".join(" ".join(p.split()) for p in parts if p)


def _paragraph_runs(lines: list[str]) -> Iterator[list[str]]:
    """Lines in runs: a blank line, a numbered paragraph, a bullet, or the opening of a
    closing paragraph, salutation or note (even with no blank line before it) starts a run."""
    run: list[str] = []
    for line in lines:
        starts = PARAGRAPH_START.match(line) or BULLET.match(line) or _FURNITURE.match(line)
        if not line.strip() or starts:
            if run:
                yield run
            run = [line] if line.strip() else []
        else:
            run.append(line)
    if run:
        yield run


def _unnumbered(line: str) -> str:
    if m := PARAGRAPH_START.match(line):
        return m.group("rest")
    return BULLET.sub("", line)


def _letterhead(line: str) -> bool:
    """A short line that is not a sentence, above the letter's header and title."""
    line = line.strip()
    return len(line) <= 120 and not TITLE.search(line) and not line.endswith((".", "!", "?"))


_CONTACT = re.compile(r"\b(?:led|lead\s+inspector|contact|questions|telephone|tel|e-?mail)\b", re.I)


def _names_the_lead_inspector(text: str, report: Report) -> bool:
    """Whether a paragraph is the closing note of whom to ask: it names the lead inspector
    the letter gives, with how to reach them or that they led the inspection."""
    return (
        bool(report.lead_inspector)
        and report.lead_inspector in text
        and bool(_CONTACT.search(text))
    )


def _names_a_person(line: str, report: Report) -> bool:
    people = (report.recipient, report.author)
    return any(person and person in line for person in people)


def _copy_list_units(block: Block, report: Report) -> Iterator[tuple[str, str | None]]:
    """The copy list's rows line by line (as :func:`.letter.parse_copy_list` reads them, up to
    the notes that follow it), then the notes sentence by sentence."""
    notes = False
    for line in block.lines:
        line = line.strip()
        notes = notes or bool(NOTE.match(line))
        if notes:
            yield from ((s, "notes") for s in split_sentences(line))
        elif CLOSING.match(line):
            yield line, "closing"
        elif line:
            yield line, "copy list" if report.copy_list else None


# ---------------------------------------------------------------- figures
OF_GROUP = re.compile(
    rf"\s(?:out\s+)?of\s+(?:the\s+|these\s+|those\s+|its\s+)?(?P<m>{NUMBER})"
    r"(?!\s*(?:%|per\s*cent|months?|years?|weeks?|days?|hours?)\b)",
    re.I,
)
"""" of (the) M": the group of an "N of M" count (the pattern starts at "of", as a pattern
starting at the count would try every number word at every word of the text)."""
COUNT_BEFORE = re.compile(rf"(?:^|(?<=[\s(]))(?P<n>{NUMBER})$", re.I)


def check_count_within_group(report: Report) -> None:
    """A count is no more than its group: "N of (the) M" with N above M does not add up."""
    for finding in report.findings:
        text = finding.text
        for m in OF_GROUP.finditer(text):
            count = COUNT_BEFORE.search(text[max(0, m.start() - 24) : m.start()])
            if not count:
                continue
            n, of = parse_number(count.group("n")), parse_number(m.group("m"))
            if n is not None and of is not None and n > of:
                said = f"{count.group('n')}{text[m.start() : m.end()]}"
                report.warn(
                    f"paragraph {finding.paragraph}: {n} cases counted out of a group of "
                    f"{of} ({said!r})",
                    "count_within_group",
                )


_LISTED_COUNT = re.compile(
    rf"(?:^|,\s*|;\s*|\band\s+)(?:only\s+|just\s+)?(?P<n>{NUMBER})\s+(?:(?:were|was)\s+)?(?:not\s+)?"
    rf"(?:of\s+(?:an?\s+)?)?(?P<verdict>{'|'.join(sorted(LISTED_VERDICTS))})\b",
    re.I,
)
"""One count of a list that gives each count its own verdict ("12 were good, five adequate and
three poor")."""
_LIST_GROUP = re.compile(
    rf"\b(?:of|from|among)\s+(?:the\s+|these\s+|those\s+)?(?P<m>{NUMBER})\b", re.I
)


def check_listed_counts(report: Report) -> None:
    """Counts listed with a verdict each split one group: they add up to no more than it (the
    group named before the list, else the cases examined)."""
    for finding in report.findings:
        low = finding.text.lower()
        if not any(verdict in low for verdict in LISTED_VERDICTS):
            continue  # no verdict a list could give: no pattern to run
        for sentence in split_sentences(finding.text):
            low = sentence.lower()
            if sum(low.count(verdict) for verdict in LISTED_VERDICTS) < 2:
                continue  # a list gives two verdicts at least
            items = list(_LISTED_COUNT.finditer(sentence))
            # a list splits its group when its verdicts differ and a later count leaves out
            # the verb ("five adequate"); "12 were sufficient, and ten were good" may be two
            # verdicts on the same cases
            elided = any(" were " not in m.group() and " was " not in m.group() for m in items[1:])
            if not elided or len({m.group("verdict").lower() for m in items}) < 2:
                continue
            named = _LIST_GROUP.search(sentence, 0, items[0].start() + 1)
            group = parse_number(named.group("m")) if named else report.cases_examined
            counts = [parse_number(m.group("n")) for m in items]
            total = sum(c for c in counts if c)
            if group and total > group:
                said = sentence[items[0].start() : items[-1].end()].strip(" ,;")
                report.warn(
                    f"paragraph {finding.paragraph}: counts of one group add up to {total}, "
                    f"more than its {group} ({said!r})",
                    "count_within_group",
                )


_PERCENT = r"(?P<p>\d{1,3}(?:\.\d+)?)\s*(?:%|per\s*cent)"
_COUNT_OF = rf"(?P<n>{NUMBER})\s+(?:out\s+)?of\s+(?:the\s+)?(?P<m>{NUMBER})\b"
_SHARE_AND_COUNT = re.compile(
    # "78% of cases (14 of 18)", "78% (14 of 18)"
    rf"\b{_PERCENT}(?:\s+of\s+(?:the\s+)?(?:[\w-]+\s+){{0,3}}?[\w-]+)?\s*\(\s*{_COUNT_OF}[^()]{{0,30}}\)"
    # "14 (78%) of the 18"
    rf"|\b(?P<n2>{NUMBER})\s*\(\s*(?P<p2>\d{{1,3}}(?:\.\d+)?)\s*(?:%|per\s*cent)\s*\)\s*(?:out\s+)?of\s+(?:the\s+)?(?P<m2>{NUMBER})\b"
    # "14 of the 18 cases (78%)"
    rf"|\b(?P<n3>{NUMBER})\s+(?:out\s+)?of\s+(?:the\s+)?(?P<m3>{NUMBER})(?:\s+[\w-]+){{0,3}}?\s*\(\s*(?P<p3>\d{{1,3}}(?:\.\d+)?)\s*(?:%|per\s*cent)\s*\)",
    re.I,
)
"""A share given beside the count it stands for, either way round."""
SHARE_TOLERANCE_PP = 1.0
"""How far a share may stand from its count's own share, in percentage points: letters round
(14 of 18 is 77.8%, written "78%") and sometimes truncate."""


def check_shares_match_counts(report: Report) -> None:
    """A percentage and the count beside it say the same share: "60% of cases (14 of 18)" does
    not add up (14 of 18 is 78%)."""
    for finding in report.findings:
        if "%" not in finding.text and "cent" not in finding.text:
            continue
        for m in _SHARE_AND_COUNT.finditer(finding.text):
            stated = float(m.group("p") or m.group("p2") or m.group("p3"))
            n = parse_number(m.group("n") or m.group("n2") or m.group("n3"))
            of = parse_number(m.group("m") or m.group("m2") or m.group("m3"))
            if n is None or not of or n > of:
                continue  # a count above its group is count_within_group's
            share = 100 * n / of
            if abs(share - stated) > SHARE_TOLERANCE_PP:
                report.warn(
                    f"paragraph {finding.paragraph}: {stated:g}% stands beside {n} of {of}, "
                    f"which is {share:.0f}% ({m.group().strip()!r})",
                    "share_matches_count",
                )
        for m in _SHARE_OF_GROUP.finditer(finding.text):
            stated, of = float(m.group("p")), parse_number(m.group("m"))
            if not of or _some_count_gives(stated, of):
                continue
            report.warn(
                f"paragraph {finding.paragraph}: no count of {of} cases is {stated:g}% of them "
                f"({m.group().strip()!r})",
                "share_matches_count",
            )


_SHARE_OF_GROUP = re.compile(
    rf"\b{_PERCENT}\s+of\s+(?:the\s+|these\s+|those\s+)?(?P<m>{NUMBER})\s+(?:[\w-]+\s+)?"
    r"(?:cases|children|young\s+people|plans|assessments|reports)\b",
    re.I,
)
"""A share of a group whose size is given: "63% of the 20 cases"."""


def _some_count_gives(percent: float, group: int) -> bool:
    """Whether some whole number of the group's cases is that share of it, within the
    tolerance (63% of 20 cases is 12.6 cases: neither 12 nor 13 gives it)."""
    nearest = round(percent * group / 100)
    return any(
        abs(100 * n / group - percent) <= SHARE_TOLERANCE_PP
        for n in (nearest - 1, nearest, nearest + 1)
        if 0 <= n <= group
    )


def check_group_within_sample(report: Report) -> None:
    """A group a judgement counts within is no larger than the cases examined."""
    for j in report.judgements:
        if report.cases_examined and j.denominator and j.denominator > report.cases_examined:
            report.warn(
                f"paragraph {j.paragraph}: a group of {j.denominator} cases is larger than the "
                f"{report.cases_examined} cases examined ({j.quantifier_text!r})",
                "group_within_sample",
            )


# ---------------------------------------------------------------- dates
def check_cohort_before_publication(report: Report) -> None:
    """The rate's cohort ends before the rate was published, and the rate was published by
    the time the letter was (months, YYYY-MM)."""
    rate, name = report.rate, "cohort_before_publication"
    letter = report.publication_date.strftime("%Y-%m") if report.publication_date else None
    if rate.cohort_end and rate.rate_published and rate.cohort_end >= rate.rate_published:
        report.warn(
            f"the rate's cohort ends {rate.cohort_end}, not before the rate was published "
            f"({rate.rate_published})",
            name,
        )
    elif rate.cohort_end and letter and rate.cohort_end >= letter:
        report.warn(
            f"the rate's cohort ends {rate.cohort_end}, not before the letter was published "
            f"({report.publication_date.isoformat()})",
            name,
        )
    if rate.rate_published and letter and rate.rate_published > letter:
        report.warn(
            f"the rate was published {rate.rate_published}, after the letter "
            f"({report.publication_date.isoformat()})",
            name,
        )


def check_fieldwork_before_publication(report: Report) -> None:
    """The letter is published after its fieldwork ended."""
    end = report.fieldwork_end or report.fieldwork_start
    if end and report.publication_date and end > report.publication_date:
        report.warn(
            f"fieldwork ran to {end.isoformat()}, after the letter's publication date "
            f"{report.publication_date.isoformat()}",
            "fieldwork_before_publication",
        )


# ---------------------------------------------------------------- footnotes
def check_footnotes(report: Report, norm: NormalisedText) -> None:
    """Every footnote marker in the text has its footnote, and every footnote its marker."""
    notes = set(norm.note_numbers)
    for number in sorted(set(norm.markers) - notes):
        report.warn(f"footnote marker {number} has no footnote", "footnotes")
    for number in sorted(notes - set(norm.markers)):
        report.warn(f"footnote {number} is marked nowhere in the text", "footnotes")


# ---------------------------------------------------------------- directions
def check_rate_direction(report: Report) -> None:
    """A direction the letter states (better, worse, similar) fits its own figures."""
    rate = report.rate
    for stated, other, against in (
        (rate.vs_national_average, rate.national_average, "the national average"),
        (rate.vs_previous_year, rate.previous_year_rate, "the previous year"),
    ):
        if rate.reoffending_rate is None or other is None:
            continue
        gap = rate.reoffending_rate - other
        if not agrees(stated, gap):
            said = "similar to" if stated == "same" else f"{stated} than"
            report.warn(
                f"report says the rate was {said} {against}, but {rate.reoffending_rate}% vs "
                f"{other}% is {direction(gap)}",
                "rate_direction",
            )


def _quote(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
