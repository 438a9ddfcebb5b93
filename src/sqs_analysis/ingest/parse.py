"""Parsed report objects from normalised text.

The parser follows the structure every SQS letter shares, not any one report's sentences:
a header (To / Copy to / From / Publication date), a title naming the area, context and
summary paragraphs (sample size, fieldwork dates, reoffending rate with its footnoted cohort),
numbered findings under four themes, operational management, two bullet lists, a closing
paragraph naming the lead inspector, and a copy list. Each field is looked for in the place
and phrasing inspectors use for it; a field that is not there stays empty with a warning.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from sqs_analysis.ingest.judgements import extract_judgements
from sqs_analysis.ingest.model import SYNTHETIC_BANNER, Finding, RateFacts, Report
from sqs_analysis.ingest.normalise import BULLET_CHARS, NormalisedText, normalise, split_sentences
from sqs_analysis.ingest.quantifiers import NUMBER, parse_number
from sqs_analysis.reference.codebook import allowed_values
from sqs_analysis.reference.names import slugify


class NotAnSQSReport(ValueError):
    """The text is not a Short Quality Screening report (the message says why)."""


# ---------------------------------------------------------------- dates
MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}  # fmt: skip
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d{2}"
DASH = r"(?:-|–|—|to|and|until)"
DATE = rf"(?P<d>{DAY})\s+(?P<m>{MONTH}),?\s+(?P<y>{YEAR})"
DATE_RANGE = re.compile(
    rf"(?P<d1>{DAY})(?:\s+(?P<m1>{MONTH})(?:,?\s+(?P<y1>{YEAR}))?)?(?:\s*,\s*{DAY})*"
    rf"\s*{DASH}\s*(?P<d2>{DAY})\s+(?P<m2>{MONTH}),?\s+(?P<y2>{YEAR})",
    re.I,
)
MONTH_YEAR = rf"(?P<m>{MONTH})\s+(?P<y>{YEAR})"
PERCENT = r"(?P<n>\d{1,3}(?:\.\d+)?)\s*(?:%|per\s*cent\b|percent\b)"


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def make_date(day: str, month: str, year: str) -> date | None:
    """A date from text parts, or None if they do not make a real day."""
    try:
        return date(int(re.sub(r"\D", "", year)), month_number(month), int(re.sub(r"\D", "", day)))
    except (ValueError, KeyError):
        return None


def month_iso(month: str, year: str) -> str:
    return f"{int(year):04d}-{month_number(month):02d}"


# ---------------------------------------------------------------- structure
DOMAIN_HEADINGS = {
    "reducing_reoffending": re.compile(
        r"reduc\w*\s+(?:the\s+)?(?:likelihood\s+of\s+)?re-?offending", re.I
    ),
    "protecting_the_public": re.compile(r"protect\w*\s+(?:the\s+)?public|risk of harm", re.I),
    "protecting_the_child": re.compile(
        r"protect\w*\s+the\s+(?:child|young)|safeguard|vulnerab", re.I
    ),
    "ensuring_sentence_served": re.compile(
        r"sentence\s+is\s+served|serv\w+\s+the\s+sentence", re.I
    ),
}
assert tuple(DOMAIN_HEADINGS) == allowed_values("findings", "domain"), (
    "domains drifted from codebook"
)

BULLET = re.compile(rf"^[{BULLET_CHARS}]\s*")
PARAGRAPH_START = re.compile(
    rf"^(?:[{BULLET_CHARS}]\s*)?(?P<n>[1-9])\.(?P<m>\d{{1,2}})\.?(?=\s|$)\s*(?P<rest>.*)$"
)
THEME_HEADING = re.compile(
    rf"^(?:[{BULLET_CHARS}]\s*)?(?P<n>[1-9])\.?\s+(?P<title>[A-Z][^.]{{3,80}}?)[.:]?$"
)
SECTION_HEADINGS = {
    "context": re.compile(r"^context:?$", re.I),
    "summary": re.compile(r"^(?:summary|overall summary):?$", re.I),
    "commentary": re.compile(r"^commentary\s+on\s+the\s+inspection\b.*$", re.I),
    "operational_management": re.compile(
        r"^(?:(?:operational|effective)\s+management|management\s+and\s+leadership|"
        r"leadership\s+and\s+management)\b[^.]{0,40}$",
        re.I,
    ),
    "strengths": re.compile(r"^(?:key\s+)?strengths:?$", re.I),
    "improvements": re.compile(
        r"^(?:key\s+)?areas?\s+(?:requiring|for|in need of|that require)\s+(?:further\s+)?improvement:?$",
        re.I,
    ),
    "copy_list": re.compile(r"^copy\s+to:?\s*$", re.I),
    "notes": re.compile(r"^note\s*1\b", re.I),
}
CLOSING = re.compile(r"^(?:we are grateful|if you have any (?:further )?questions|thank you)", re.I)
_ANY_SECTION_HEADING = re.compile(
    "|".join(f"(?P<{kind}>{p.pattern})" for kind, p in SECTION_HEADINGS.items()), re.I
)
"""All section headings in one pattern: alternatives are tried in order, so the first kind
that matches wins, as in a loop over ``SECTION_HEADINGS``, in one search instead of one per
heading."""


@dataclass
class Block:
    """A run of lines under one heading."""

    kind: str
    lines: list[str]


def classify_heading(line: str) -> str | None:
    """The section a heading line opens, or None for ordinary text."""
    stripped = line.strip().rstrip(":").strip()
    if (
        len(stripped) > 90
        or not stripped
        or stripped[0].islower()
        or stripped.endswith((".", ",", ";"))
    ):
        return None  # prose: headings are short, start with a capital or number, end bare
    found = _ANY_SECTION_HEADING.match(line.strip())
    if found:
        return found.lastgroup
    if len(stripped) < 60 and _theme_domain(stripped):
        return "theme"
    return None


def _theme_domain(line: str) -> str | None:
    m = THEME_HEADING.match(line.strip())
    if not m or PARAGRAPH_START.match(line.strip()):
        return None
    for domain, pattern in DOMAIN_HEADINGS.items():
        if pattern.search(m.group("title")):
            return domain
    return None


def split_blocks(lines: list[str]) -> list[Block]:
    """Cut the body into blocks at section headings (theme headings stay in the commentary)."""
    blocks = [Block("preamble", [])]
    for line in lines:
        kind = classify_heading(line)
        if kind == "theme":
            if blocks[-1].kind != "commentary":
                blocks.append(Block("commentary", []))
            blocks[-1].lines.append(line)
        elif kind == "copy_list" and blocks[-1].kind == "preamble":
            blocks[-1].lines.append(line)  # "Copy to: See copy list at end" in the header
        elif kind is not None:
            blocks.append(Block(kind, [] if kind != "notes" else [line]))
        elif PARAGRAPH_START.match(line) and blocks[-1].kind in ("preamble", "context", "summary"):
            blocks.append(Block("commentary", [line]))
        else:
            blocks[-1].lines.append(line)
    return blocks


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines into prose: hyphenated breaks close up, others become spaces."""
    text = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if text.endswith("-") and not text.endswith(" -") and line[:1].islower():
            text += line
        else:
            text = f"{text} {line}" if text else line
    return " ".join(text.split())


def paragraphs(lines: list[str]) -> list[str]:
    """Prose paragraphs (blank-line separated), each joined into one line."""
    out: list[list[str]] = [[]]
    for line in lines:
        if not line.strip():
            if out[-1]:
                out.append([])
        else:
            out[-1].append(line)
    return [join_lines(p) for p in out if p]


def parse_findings(lines: list[str]) -> list[Finding]:
    """Numbered paragraphs with their theme; wrapped lines and page breaks rejoined.

    A paragraph's theme is the heading it sits under; if its number disagrees with the
    heading's (or there is no heading), the number decides, as the framework fixes the order.
    """
    domains = allowed_values("findings", "domain")
    findings: list[Finding] = []
    theme_number, theme_domain, heading = None, None, ""
    number, domain, para_heading = "", None, ""
    current: list[str] | None = None

    def close() -> None:
        if current is not None and domain:
            findings.append(Finding(number, domain, para_heading, join_lines(current)))

    for line in lines:
        theme = _theme_domain(line) if len(line) < 90 else None
        para = PARAGRAPH_START.match(line)
        if theme:
            close()
            current = None
            match = THEME_HEADING.match(line.strip())
            theme_number, theme_domain = match.group("n"), theme
            heading = match.group("title").strip()
        elif para:
            close()
            number = f"{para.group('n')}.{int(para.group('m'))}"
            if para.group("n") == theme_number:
                domain, para_heading = theme_domain, heading
            else:
                domain, para_heading = _domain_from_number(number, domains), ""
            current = [para.group("rest")]
        elif current is not None:
            current.append(line)
    close()
    return [f for f in findings if f.text]


def _domain_from_number(number: str, domains: tuple[str, ...]) -> str | None:
    try:
        theme = int(number.split(".")[0])
    except ValueError:
        return None
    return domains[theme - 1] if 1 <= theme <= len(domains) else None


def parse_bullets(lines: list[str]) -> list[str]:
    """Bullet items; wrapped continuation lines join their bullet; the list ends at prose."""
    items: list[list[str]] = []
    has_markers = any(BULLET.match(ln) for ln in lines if ln.strip())
    for line in lines:
        if not line.strip():
            continue
        if CLOSING.match(line):
            break
        if has_markers:
            if BULLET.match(line):
                items.append([BULLET.sub("", line)])
            elif items and not items[-1][-1].rstrip().endswith((".", "!", "?")):
                # an unfinished bullet continues, even across a page break
                items[-1].append(line)
            elif items:
                break
        else:  # bullets lost in copying: an item ends with a full stop
            if items and not items[-1][-1].rstrip().endswith((".", "!", "?")):
                items[-1].append(line)
            else:
                items.append([line])
    return [t for t in (join_lines(i) for i in items) if t]


_NAME_TOKEN = r"[A-Z][a-zA-Z'’\-]+"
_HONOURS = r"(?:\s+(?:MBE|OBE|CBE|QPM|JP|DL))*"
_TRAILING_NAMES = re.compile(
    rf"(?P<names>{_NAME_TOKEN}(?:\s+[A-Z]\.?)?\s+{_NAME_TOKEN}{_HONOURS}"
    rf"(?:\s*,\s*{_NAME_TOKEN}(?:\s+[A-Z]\.?)?\s+{_NAME_TOKEN}{_HONOURS})*)\s*$"
)


def parse_copy_list(lines: list[str]) -> list[tuple[str, str]]:
    """(role, names) rows: cells split on tabs or table bars, else names taken from the end.

    A row wrapped onto a second line (a list of names ending in a comma, or a lone surname)
    is joined back to its row before splitting.
    """
    rows: list[str] = []
    for line in lines:
        line = line.strip()
        if SECTION_HEADINGS["notes"].match(line) and rows:
            break
        if not line or CLOSING.match(line) or SECTION_HEADINGS["notes"].match(line):
            continue
        wrapped = (
            rows
            and "\t" not in line
            and (
                rows[-1].rstrip().endswith(",")
                or re.fullmatch(rf"{_NAME_TOKEN}{_HONOURS}", line)  # a lone surname
                or re.match(rf"{_NAME_TOKEN},\s", line)  # "Tremlett, Owain Pinnock"
            )
        )
        if wrapped:
            rows[-1] = f"{rows[-1]} {line}"
        else:
            rows.append(line)
    return [_split_copy_row(row) for row in rows]


def _split_copy_row(row: str) -> tuple[str, str]:
    cells = [c.strip() for c in re.split(r"\t+|\s*\|\s*", row) if c.strip()]
    if len(cells) >= 2:
        return cells[0], ", ".join(cells[1:])
    m = _TRAILING_NAMES.search(row)
    if m and m.start() > 0:
        return row[: m.start()].strip(), m.group("names").strip()
    return row, ""


# ---------------------------------------------------------------- header fields
HEADER_LABELS = re.compile(
    r"(?P<label>(?<![A-Za-z])(?:Copy\s+to|To|From|Publication\s+date|Date\s+of\s+publication|Date\s+published|Published|Date))\s*:",
    re.I,
)


def header_fields(preamble: str) -> dict[str, str]:
    """Values of the letter's labelled header lines (To, From, Publication date).

    A header table read column by column (all labels, then all values, as some PDF text
    layers give it) is put back together: the date is the publication date, the value
    naming an inspector is the author, and the first "name, role" value the recipient.
    """
    stop = re.search(r"Report of|Short Quality Screening|The inspection was|Context\b", preamble)
    head = preamble[: stop.start()] if stop else preamble[:1500]
    marks = list(HEADER_LABELS.finditer(head))
    values: dict[str, str] = {}
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(head)
        label = re.sub(r"\s+", " ", m.group("label").lower())
        if label == "to" and re.search(r"copy\s+$", head[max(0, m.start() - 8) : m.start()], re.I):
            continue
        if label in ("date of publication", "date published", "published", "date"):
            label = "publication date"
        values.setdefault(label, " ".join(head[m.end() : end].split()).strip(" \t,;|"))
    if marks and all(not values.get(k) for k in ("to", "from")):
        values.update(_header_by_content(head[marks[-1].end() :]))
    return values


def _header_by_content(tail: str) -> dict[str, str]:
    values: dict[str, str] = {}
    tail = re.sub(r"See (?:the )?copy list(?: at (?:the )?end)?\.?", " ", tail, flags=re.I)
    date_match = re.search(DATE, tail, re.I)
    if date_match:
        values["publication date"] = date_match.group(0)
        tail = tail.replace(date_match.group(0), " ")
    people = re.findall(
        r"[A-Z][\w'’.\- ]{2,60},[^,]{3,200}?(?=\s+[A-Z][\w'’.\-]+\s+[A-Z][\w'’.\-]+,|\s+See copy|$)",
        tail,
    )
    for person in people:
        key = "from" if re.search(r"Inspector", person) and "from" not in values else "to"
        values.setdefault(key, person.strip())
    return values


def split_person(value: str | None) -> tuple[str | None, str | None]:
    """'Jo Bloggs, Chair of the Board' -> ('Jo Bloggs', 'Chair of the Board')."""
    if not value:
        return None, None
    name, _, role = value.partition(",")
    return name.strip() or None, role.strip() or None


def first_date(text: str) -> date | None:
    m = re.search(DATE, text, re.I)
    return make_date(m.group("d"), m.group("m"), m.group("y")) if m else None


# ---------------------------------------------------------------- area and service
_AREA_STOP = (
    r"(?=\s*(?:[.:;\n]|$|\s(?:The inspection|Context|Report|HMI|Publication|To:|From:|Copy|Date)))"
)
TITLE_AREA = re.compile(
    r"(?i:Short\s+Quality\s+Screening\s*(?:\(SQS\))?\s*(?:of|:|-|–)?\s*(?:the\s+)?youth\s+offending\s+"
    r"(?:work|services?)\s*(?:in|:|-|–))\s+(?:the\s+)?(?P<area>[A-Z][^\n.:;]{1,70}?)" + _AREA_STOP
)
COMMENTARY_AREA = re.compile(
    r"(?i:Commentary\s+on\s+the\s+inspection\s+(?:in|of|at))\s+(?:the\s+)?(?P<area>[A-Z][^\n:]{1,70}?)\s*:"
)
RATE_AREA = re.compile(
    r"(?i:re-?offending\s+rate\s+(?:for|in))\s+(?:the\s+)?(?P<area>[A-Z][\w'’&,\- ]{1,70}?)\s+(?:was|is|stood)\b"
)
_SERVICE_TITLE = re.compile(r"Youth\s+(?:Offending|Justice)\s+(?:Service|Team|Partnership)")
SERVICE = re.compile(
    r"(?P<name>(?:[A-Z][\w'’&\-]*\s+(?:(?:and|&|of|upon|on|the)\s+)?){1,6}?Youth\s+(?:Offending|Justice)\s+"
    r"(?P<kind>Service|Team|Partnership))(?:\s*\((?P<abbr>YOS|YOT|YJS|YOP)\))?"
)


def find_area(flat: str, lines: list[str]) -> str | None:
    """The area from the title, cross-checked with the commentary heading and rate sentence.

    The title and the commentary heading are looked for line by line first (a line ends the
    name for certain), then in the running text, where a title wrapped over two lines is whole.
    """
    candidates = []
    for pattern in (TITLE_AREA, COMMENTARY_AREA):
        m = next((m for line in lines if (m := pattern.search(line))), None) or pattern.search(flat)
        if m:
            candidates.append(m.group("area").strip(" ,"))
    if m := RATE_AREA.search(flat):
        candidates.append(m.group("area").strip(" ,"))
    if not candidates:
        return None
    best = candidates[0]
    for other in candidates[1:]:  # a title wrapped over two lines can lose its last words
        if other.startswith(best + " ") and _TITLE_TAIL.fullmatch(other[len(best) + 1 :]):
            best = other
    return best


# what a wrapped title can lose: more words of a place name ("and Hove", "upon Tyne")
_TITLE_TAIL = re.compile(
    r"(?:(?:and|&|upon|on|of|the|le|in)\s+)*(?!(?:Youth|Offending|Service|Team|YOS|YOT)\b)"
    r"[A-Z][\w'’\-]*(?:\s+(?:(?:and|&|upon|on|of|the|le|in)\s+)*"
    r"(?!(?:Youth|Offending|Service|Team|YOS|YOT)\b)[A-Z][\w'’\-]*)*"
)


def find_service(flat: str, area: str | None) -> tuple[str | None, str | None]:
    """Service name and type (YOS/YOT/YJS), preferring the 'supervised by' sentence."""
    # the name pattern is costly, so it runs only on the words just before each service title
    matches = [
        m
        for anchor in _SERVICE_TITLE.finditer(flat)
        if (m := SERVICE.search(flat, max(0, anchor.start() - 90), anchor.end() + 8))
    ]
    chosen = None
    for m in matches:
        before = flat[max(0, m.start() - 20) : m.start()].lower()
        if "supervised by" in before or (area and m.group("name").startswith(area)):
            chosen = m
            break
    name = kind = None
    if chosen:
        name = re.sub(r"^(?:by|the)\s+", "", chosen.group("name").strip())
        kind = chosen.group("abbr") or {"Service": "YOS", "Team": "YOT"}.get(chosen.group("kind"))
        if "Justice" in name and not chosen.group("abbr"):
            kind = "YJS"
        if kind == "YOP":
            kind = None
    if kind is None:
        counts = {k: len(re.findall(rf"\b{k}\b", flat)) for k in ("YOS", "YOT", "YJS")}
        top = max(counts, key=counts.get)
        kind = top if counts[top] else None
    return name, kind


# ---------------------------------------------------------------- fieldwork and sample
FIELDWORK_CUE = re.compile(
    r"(?:inspection|fieldwork|screening|visit)\s+(?:was\s+)?(?:conducted|carried out|took place|undertaken|happened)|fieldwork",
    re.I,
)
CASES = re.compile(
    rf"(?:examined|looked at|inspected|reviewed|assessed|read|considered|screened)\s+(?:a\s+(?:total|sample)\s+of\s+)?"
    rf"(?P<n>{NUMBER})\s+cases"
    rf"|sample\s+of\s+(?P<n2>{NUMBER})\s+cases"
    rf"|(?P<n3>{NUMBER})\s+cases\s+(?:were|was)\s+(?:examined|inspected|looked at|assessed|screened)"
    rf"|(?:examined|looked at|inspected|reviewed|assessed|read|screened)\b[^.]{{0,40}}?\bin\s+(?P<n4>{NUMBER})\s+cases",
    re.I,
)


def find_fieldwork(sentences: list[str]) -> tuple[date | None, date | None, str | None]:
    """First and last fieldwork days from the sentence saying when the inspection ran."""
    ordered = [s for s in sentences if FIELDWORK_CUE.search(s)] + sentences[:8]
    for sentence in ordered:
        m = DATE_RANGE.search(sentence)
        if not m:
            continue
        end = make_date(m.group("d2"), m.group("m2"), m.group("y2"))
        start = make_date(
            m.group("d1"), m.group("m1") or m.group("m2"), m.group("y1") or m.group("y2")
        )
        if start and end and start > end and not m.group("y1"):
            start = make_date(m.group("d1"), m.group("m1") or m.group("m2"), str(end.year - 1))
        if start and end and start <= end and (end - start).days <= 31:
            return start, end, sentence
    return None, None, None


def find_cases(sentences: list[str]) -> tuple[int | None, str | None]:
    """Number of cases examined, from the sentence describing the sample."""
    for sentence in sentences:
        m = CASES.search(sentence) if "case" in sentence else None
        if m:
            value = parse_number(m.group("n") or m.group("n2") or m.group("n3") or m.group("n4"))
            if value:
                return value, sentence
    return None, None


# ---------------------------------------------------------------- reoffending rate
RATE_ANCHOR = re.compile(r"re-?offending\s+rate", re.I)
RATE_VALUE = re.compile(r"(?:\b(?:was|is|of|stood at|at)\s+|\(\s*)" + PERCENT, re.I)
COMPARISON = re.compile(
    r"(?P<word>better|worse|higher|lower|the\s+same\s+as|same\s+as|similar\s+to|in\s+line\s+with|"
    r"unchanged\s+(?:from|on)|an?\s+improvement\s+(?:on|from)|a\s+deterioration\s+(?:on|from)|"
    r"an?\s+increase\s+(?:on|from)|an?\s+(?:reduction|decrease)\s+(?:on|from)|improved\s+(?:on|from)|"
    r"below|above)\s+(?:than\s+)?(?:that\s+(?:of|for)\s+)?(?:the\s+)?"
    r"(?P<target>(?:previous|last|preceding|prior)\s+(?:year|period|twelve\s+months|12\s+months)"
    r"|year\s+before|(?:England\s+(?:and|&)\s+Wales|national)\s+(?:\w+\s+)?average|average\s+for\s+England\s+and\s+Wales)",
    re.I,
)
DIRECTION = {
    "better": "better", "lower": "better", "below": "better", "improvement": "better",
    "reduction": "better", "decrease": "better", "improved": "better",
    "worse": "worse", "higher": "worse", "above": "worse", "deterioration": "worse",
    "increase": "worse",
    "same": "same", "similar": "same", "line": "same", "unchanged": "same",
}  # fmt: skip
NATIONAL_NUMBER = re.compile(
    r"(?:England\s+(?:and|&)\s+Wales|national)\s+(?:\w+\s+)?average\s*(?:rate\s*)?(?:of|was|is|at|:|\()?\s*"
    + PERCENT,
    re.I,
)
PREVIOUS_NUMBER = re.compile(
    PERCENT + r"\s*(?:\)\s*)?(?:in|for)\s+the\s+(?:previous|last|preceding)\s+year", re.I
)
COHORT = re.compile(
    rf"(?P<m1>{MONTH})\s+(?P<y1>{YEAR})\s*(?:-|–|—|to)\s*(?P<m2>{MONTH})\s+(?P<y2>{YEAR})\s+cohort"
    rf"|cohort\b[^.%]{{0,50}}?(?P<m3>{MONTH})\s+(?P<y3>{YEAR})\s*(?:-|–|—|to|and)\s*(?P<m4>{MONTH})\s+(?P<y4>{YEAR})",
    re.I,
)
PUBLISHED = re.compile(rf"published\s+(?:in\s+|on\s+)?(?:{DAY}\s+)?{MONTH_YEAR}", re.I)


def _direction(word: str) -> str | None:
    for key, value in DIRECTION.items():
        if key in word.lower():
            return value
    return None


def find_rate(
    sentences: list[str], footnotes: list[str], extra_text: tuple[str, ...] = ()
) -> RateFacts:
    """The published rate, the comparisons the report draws, and the cohort footnote."""
    facts = RateFacts()
    for i, sentence in enumerate(sentences):
        anchor = RATE_ANCHOR.search(sentence)
        value = RATE_VALUE.search(sentence, anchor.end()) if anchor else None
        if not value:
            continue
        facts.reoffending_rate = float(value.group("n"))
        window = [sentence]
        for follow in sentences[i + 1 : i + 3]:
            if COMPARISON.search(follow) or NATIONAL_NUMBER.search(follow):
                window.append(follow)
            else:
                break
        facts.rate_evidence = " ".join(window)
        _read_comparisons(facts.rate_evidence[value.end() :], facts)
        break
    _read_cohort([*footnotes, *sentences, *extra_text], facts)
    if facts.vs_national_average is None and None not in (
        facts.reoffending_rate,
        facts.national_average,
    ):
        facts.vs_national_average = _compare(facts.reoffending_rate, facts.national_average)
    if facts.vs_previous_year is None and None not in (
        facts.reoffending_rate,
        facts.previous_year_rate,
    ):
        facts.vs_previous_year = _compare(facts.reoffending_rate, facts.previous_year_rate)
    return facts


def _compare(rate: float, other: float) -> str:
    return "same" if abs(rate - other) < 0.05 else ("better" if rate < other else "worse")


def _read_comparisons(tail: str, facts: RateFacts) -> None:
    comparisons = list(COMPARISON.finditer(tail))
    for k, m in enumerate(comparisons):
        end = comparisons[k + 1].start() if k + 1 < len(comparisons) else len(tail)
        number = re.search(PERCENT, tail[m.end() : end])
        direction = _direction(m.group("word"))
        value = float(number.group("n")) if number else None
        if re.search(r"average", m.group("target"), re.I):
            facts.vs_national_average = facts.vs_national_average or direction
            facts.national_average = (
                facts.national_average if facts.national_average is not None else value
            )
        else:
            facts.vs_previous_year = facts.vs_previous_year or direction
            facts.previous_year_rate = (
                facts.previous_year_rate if facts.previous_year_rate is not None else value
            )
    if facts.national_average is None and (m := NATIONAL_NUMBER.search(tail)):
        facts.national_average = float(m.group("n"))
    if facts.previous_year_rate is None and (m := PREVIOUS_NUMBER.search(tail)):
        facts.previous_year_rate = float(m.group("n"))


def _read_cohort(texts: list[str], facts: RateFacts) -> None:
    for text in texts:
        for sentence in split_sentences(text) if len(text) > 300 else [text]:
            m = COHORT.search(sentence)
            if not m:
                continue
            g = m.groupdict()
            m1, y1, m2, y2 = (
                (g["m1"], g["y1"], g["m2"], g["y2"])
                if g["m1"]
                else (g["m3"], g["y3"], g["m4"], g["y4"])
            )
            facts.cohort_start, facts.cohort_end = month_iso(m1, y1), month_iso(m2, y2)
            facts.cohort_evidence = text if len(text) <= 400 else sentence
            published = PUBLISHED.search(text)
            if published:
                facts.rate_published = month_iso(published.group("m"), published.group("y"))
            return


# ---------------------------------------------------------------- lead inspector
_SENTENCE_WORDS = {"She", "He", "They", "Who", "The", "Her", "His", "Please", "If", "Tel", "Email"}
LEAD_INSPECTOR = re.compile(
    rf"(?i:lead\s+inspector\s*(?:,|:|-)?\s*(?:who\s+)?(?:was|is)?)\s*:?\s*(?P<name>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,3}})"
)


def find_lead_inspector(flat: str) -> str | None:
    """The lead inspector's name from the closing paragraph."""
    for m in LEAD_INSPECTOR.finditer(flat):
        words = []
        for word in m.group("name").split():
            if word in _SENTENCE_WORDS:  # "Jo Smith She can be contacted"
                break
            words.append(word)
        if len(words) >= 2:
            return " ".join(words)
    return None


# ---------------------------------------------------------------- the whole report
REQUIRED_FIELDS = (
    "area", "publication_date", "fieldwork_start", "cases_examined", "reoffending_rate",
    "national_average", "cohort_start",
)  # fmt: skip


def parse_text(text: str, source_file: str, sha256: str | None = None, fmt: str = "text") -> Report:
    """Parse one report's text. Raises :class:`NotAnSQSReport` if it is not an SQS letter."""
    norm = normalise(text)
    flat = " ".join(" ".join(norm.lines).split())
    check_is_sqs_letter(norm, flat)
    sha256 = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    report = Report(source_file=source_file, source_sha256=sha256, source_format=fmt)
    populate(report, norm, flat)
    report.report_id = report_id(report)
    if SYNTHETIC_BANNER.lower() in flat.lower():
        report.warn("file says it is synthetic test data, not a real inspection report")
    return report


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


def check_is_sqs_letter(norm: NormalisedText, flat: str) -> None:
    """Raise :class:`NotAnSQSReport` unless the text has an SQS title and the letter's shape.

    Minutes or other letters may well mention an SQS; a report has the full title ("Short
    Quality Screening of youth offending work in ...") or at least two of the features every
    SQS letter carries (or numbered findings).
    """
    if not re.search(r"Short\s+Quality\s+Screening|\bSQS\b", flat, re.I):
        raise NotAnSQSReport(
            "not an SQS report: no 'Short Quality Screening' title or 'SQS' anywhere in the text"
        )
    if TITLE_AREA.search(flat):
        return  # the full title: a letter, however little of it survived
    found = [name for name, pattern in SQS_FEATURES.items() if pattern.search(flat)]
    numbered = sum(1 for line in norm.lines if PARAGRAPH_START.match(line))
    if len(found) + (numbered >= 2) < 2:
        raise NotAnSQSReport(
            "not an SQS report: it mentions Short Quality Screening but has no more than one of "
            "the letter's parts (inspection dates, sample of cases, published reoffending rate, "
            "numbered findings, key strengths, areas requiring improvement)"
        )


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

    prose = [
        p for kind in ("preamble", "context", "summary") for p in paragraphs(by_kind.get(kind, []))
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

    report.findings = parse_findings(by_kind.get("commentary", []))
    report.judgements = extract_judgements(report.findings, report.cases_examined)
    report.strengths = parse_bullets(by_kind.get("strengths", []))
    report.improvements = parse_bullets(by_kind.get("improvements", []))
    report.copy_list = parse_copy_list(by_kind.get("copy_list", []))
    _warn_missing(report, blocks)


def _warn_missing(report: Report, blocks: list[Block]) -> None:
    values = {
        "area": report.area,
        "publication_date": report.publication_date,
        "fieldwork_start": report.fieldwork_start,
        "cases_examined": report.cases_examined,
        "reoffending_rate": report.rate.reoffending_rate,
        "national_average": report.rate.national_average,
        "cohort_start": report.rate.cohort_start,
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
    for j in report.judgements:
        if report.cases_examined and j.denominator and j.denominator > report.cases_examined:
            report.warn(
                f"paragraph {j.paragraph}: a group of {j.denominator} cases is larger than the "
                f"{report.cases_examined} cases examined ({j.quantifier_text!r})"
            )
    if report.rate.reoffending_rate is not None and report.rate.national_average is not None:
        stated = report.rate.vs_national_average
        actual = _compare(report.rate.reoffending_rate, report.rate.national_average)
        if stated and stated != actual:
            report.warn(
                f"report says the rate was {stated} than the national average, "
                f"but {report.rate.reoffending_rate}% vs {report.rate.national_average}% is {actual}"
            )


def report_id(report: Report) -> str:
    """``<area-slug>-<publication date>``, or a content hash when either is unknown."""
    if report.area and report.publication_date:
        return f"{slugify(report.area)}-{report.publication_date.isoformat()}"
    return f"sha-{report.source_sha256[:12]}"
