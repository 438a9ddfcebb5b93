"""The facts a letter states once: dates, people, area, service, sample, rate, lead inspector.

Each field is looked for in the place and phrasing inspectors use for it (the labelled
header, the title, the sentence describing the sample, the rate sentence and its footnoted
cohort, the closing paragraph); a field that is not there is left empty.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqs_analysis.ingest.letter import HONOUR_LETTERS, NAME_TOKEN, paragraphs
from sqs_analysis.ingest.quantifiers import NUMBER, parse_number

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


# ---------------------------------------------------------------- header fields
HEADER_LABELS = re.compile(
    r"(?P<label>(?<![A-Za-z])(?:Copy\s*to|To|From|Addressee|Author|For\s+the\s+attention\s+of|FAO|F\.A\.O\.?|Publication\s*date"
    r"|Publication|Date\s+of\s+publication|Date\s+published|Published|Date))\s*:"
    # "Report published on 9 July 2013": a label in words
    r"|(?P<label2>(?<![A-Za-z])(?:Report\s+)?published\s+on)\b(?=\s+\d)",
    re.I,
)


_TITLE_LINE = re.compile(
    r"^(?:(?:report|letter)\s+(?:of|on)\s+(?:the\s+|a\s+)?)?short\s+quality\s+screening\b", re.I
)
_RUNS_ON = re.compile(r"(?:\b(?:in|of|on|and|the|a|an|our|this|for)|[–-])\s*$", re.I)


def preamble_paragraphs(lines: list[str]) -> list[str]:
    """The paragraphs above the first section, with each labelled header line and the title a
    paragraph of its own even where no blank line parts them (text copied from a PDF often
    has none), so a sentence of the introduction never starts with the header."""
    marked: list[str] = []
    title_wraps = False
    for line in lines:
        stripped = line.strip()
        ran_on = bool(marked) and bool(_RUNS_ON.search(marked[-1]))
        if title_wraps and stripped:
            marked.extend([line, ""])  # the title's last line
            title_wraps = False
        elif stripped and not ran_on and HEADER_LABELS.match(stripped):
            marked.extend(["", line])
        elif stripped and not ran_on and _TITLE_LINE.match(stripped):
            title_wraps = bool(_RUNS_ON.search(stripped))
            marked.extend(["", line] if title_wraps else ["", line, ""])
        else:
            marked.append(line)
    return paragraphs(marked)


_LABEL_MEANS = {
    "date of publication": "publication date", "date published": "publication date",
    "published": "publication date", "date": "publication date", "publication": "publication date",
    "published on": "publication date", "report published on": "publication date",
    "addressee": "to", "for the attention of": "to", "fao": "to", "f.a.o.": "to", "f.a.o": "to",
    "author": "from",
}  # fmt: skip
"""What each header label means, as the three fields the header gives."""

_HEAD_END = re.compile(r"Report of|Short Quality Screening|The inspection was|Context\b")


def header_fields(preamble: str) -> dict[str, str]:
    """Values of the letter's labelled header lines (To, From, Publication date).

    A header table read column by column (all labels, then all values, as some PDF text
    layers give it) is put back together: the date is the publication date, the value
    naming an inspector is the author, and the first "name, role" value the recipient.
    """
    # the title ends the head; a running title above the labels (a page header) does not
    first = HEADER_LABELS.search(preamble)
    stop = _HEAD_END.search(preamble, first.start() if first else 0)
    head = preamble[: stop.start()] if stop else preamble[:1500]
    marks = list(HEADER_LABELS.finditer(head))
    values: dict[str, str] = {}
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(head)
        label = re.sub(r"\s+", " ", (m.group("label") or m.group("label2")).lower())
        if label == "to" and re.search(r"copy\s*$", head[max(0, m.start() - 8) : m.start()], re.I):
            continue
        label = _LABEL_MEANS.get(label, label)
        values.setdefault(label, " ".join(head[m.end() : end].split()).strip(" \t,;|"))
    if marks and any(not values.get(k) for k in ("to", "from")):
        # labels and values read apart (a header table copied column by column): the values
        # are known by what they hold, wherever they stand after the first label
        values_only = HEADER_LABELS.sub(" ", head[marks[0].start() :])
        for key, value in _header_by_content(values_only).items():
            # a label left empty means the values stand apart from their labels, so a value
            # read after a label may hold the next label's too: the values known by content win
            if not (key == "publication date" and re.search(DATE, values.get(key, ""), re.I)):
                values[key] = value
    # a label wrapped in its cell, its value beside its first word ("Publication  15 June 2016"
    # over "date:", as pdftotext -layout sets a four-column head): the head's date is the letter's
    if (
        marks
        and not re.search(DATE, values.get("publication date", ""), re.I)
        and (found := _WRAPPED_DATE_LABEL.search(head))
    ):
        values["publication date"] = found.group("date")
    return values


_WRAPPED_DATE_LABEL = re.compile(rf"\bPublication\s+(?P<date>{DATE})\s+date\s*:", re.I)
"""The publication date between the two words of its label ("Publication 15 June 2016 date:")."""


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
    name = _TITLE.sub("", _STRAY_LABEL.sub("", name.strip()))
    return name or None, role.strip() or None


_STRAY_LABEL = re.compile(
    r"^(?:(?:Publication|Copy|Date|To|From)(?:\s+(?:date|to))?:?\s+)+(?=[A-Z])"
)
"""Another header label read into a name, as OCR of a letter head in columns can set it
("From: Publication Eleanor Whitlock"): no name opens with one."""


_TITLE = re.compile(
    r"^(?:(?:Cllr|Councillor|Dr|Mr|Mrs|Ms|Miss|Mx|Prof(?:essor)?|Sir|Dame|Rev(?:erend)?|Lord|Lady)\.?\s+)+"
)
"""A title before a name is not part of it: "Cllr Jo Bloggs" is Jo Bloggs."""


_MONTH_FIRST = re.compile(rf"(?P<m>{MONTH})\s+(?P<d>{DAY}),?\s+(?P<y>{YEAR})", re.I)
_NUMERIC_DATE = re.compile(
    rf"(?<![\d/.])(?P<d>\d{{1,2}})([/.])(?P<m>\d{{1,2}})\2(?P<y>{YEAR})(?![\d/.])"
)
"""A date in figures, day first as British letters write it ("11/05/2016", "11.05.2016")."""


def first_date(text: str) -> date | None:
    """The first date of a header value: "11 May 2016", "May 11, 2016" or "11/05/2016"."""
    m = re.search(DATE, text, re.I) or _MONTH_FIRST.search(text)
    if m:
        return make_date(m.group("d"), m.group("m"), m.group("y"))
    if m := _NUMERIC_DATE.search(text):
        try:
            return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            return None
    return None


# ---------------------------------------------------------------- area and service
_AREA_STOP = (
    r"(?=\s*(?:(?<!\bSt)\.|[:;\n]|$|\s(?:The inspection|Context|Report|HMI|Publication|To:|From:|Copy|Date))"
    r"|\s+\d{1,3}\s*(?:\n|$))"  # a page number after a running title: not part of the name
)
# an area's name may hold the full stop of "St." ("St. Helens")
TITLE_AREA = re.compile(
    r"(?i:Short\s+Quality\s+Screening\s*(?:\(SQS\))?\s*(?:of|:|-|–)?\s*(?:the\s+)?youth\s+offending\s+"
    r"(?:work|services?)\s*(?:in|:|-|–))\s+(?:the\s+)?(?P<area>[A-Z](?:[^\n.:;]|(?<=\bSt)\.){1,70}?)"
    + _AREA_STOP
)
COMMENTARY_AREA = re.compile(
    r"(?i:Commentary\s+on\s+the\s+inspection\s+(?:in|of|at))\s+(?:the\s+)?(?P<area>[A-Z][^\n:]{1,70}?)\s*:"
)
RATE_AREA = re.compile(
    r"(?i:re-?offending\s+rate\s+(?:for|in))\s+(?:the\s+)?(?P<area>[A-Z](?:[\w'’&\- ]|,(?!\s*[a-z])|(?<=\bSt)\.){1,70}?),?\s+(?:(?:published|as\s+published)\s+[^,]{1,40},\s+)?(?:was|is|stood)\b"
)
_SERVICE_TITLE = re.compile(r"Youth\s+(?:Offending|Justice)\s+(?:Service|Team|Partnership)")
SERVICE = re.compile(
    # a comma may join the places of a joint service ("Cheshire West, Halton and Warrington")
    r"(?P<name>(?:(?:St\.|[A-Z][\w'’&\-]*)(?:,(?=\s+[A-Z])(?!\s+Youth\b))?\s+(?:(?:and|&|of|upon|on|the|with)\s+)?){1,6}?"
    r"Youth\s+(?:Offending|Justice)\s+"
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
            candidates.append(_place_name(m.group("area")))
    if m := RATE_AREA.search(flat):
        candidates.append(_place_name(m.group("area")))
    candidates = [c for c in candidates if c]
    if not candidates:
        return None
    best = candidates[0]
    for other in candidates[1:]:  # a title wrapped over two lines can lose its last words
        rest = other[len(best) :] if other.startswith(best) else ""
        if (tail := re.match(r",?\s+", rest)) and _TITLE_TAIL.fullmatch(rest[tail.end() :]):
            best = other
    return _in_its_own_case(best, flat)


_SMALL_WORDS = frozenset({"and", "of", "upon", "on", "the", "le", "in", "with"})
_NOT_OF_THE_NAME = re.compile(
    r"\s+(?!(?:(?:and|&|of|upon|on|the|le|in|with)\s+)*[A-Z])[a-z]+(?=[\s,.;:]|$)"
)
"""Where a place name ends in running text: a word in lower case that does not join two
capitalised words of the name ("Rochdale between 2 and 4 February", "Walsall young people";
never the "and" of "Redcar and Cleveland" or the "upon" of "Newcastle upon Tyne")."""


def _place_name(text: str) -> str:
    """The area's name, without the words after it that belong to the sentence."""
    text = text.strip(" ,")
    if not text.isupper() and (end := _NOT_OF_THE_NAME.search(text)):
        text = text[: end.start()]
    return text.strip(" ,")


def _in_its_own_case(area: str, flat: str) -> str:
    """An area printed in capitals in the title ("TAMESIDE") as the letter writes it in its
    sentences ("Tameside"), else in title case ("Brighton and Hove")."""
    if not area.isupper():
        return area
    pattern = re.compile(r"\s+".join(re.escape(w) for w in area.split()), re.I)
    for m in pattern.finditer(flat):
        if not m.group().isupper():
            return m.group()
    words = re.split(r"(\s+|-)", area.lower())
    return "".join(w if w in _SMALL_WORDS and i else w.capitalize() for i, w in enumerate(words))


# what a wrapped title can lose: more words of a place name ("and Hove", "upon Tyne",
# "West, Halton and Warrington")
_TITLE_TAIL = re.compile(
    r"(?:(?:and|&|upon|on|of|the|le|in|with)\s+)*(?!(?:Youth|Offending|Service|Team|YOS|YOT)\b)"
    r"[A-Z][\w'’\-]*(?:,?\s+(?:(?:and|&|upon|on|of|the|le|in|with)\s+)*"
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
    chosen, name, kind = None, None, None
    for m in matches:
        before = flat[max(0, m.start() - 20) : m.start()].lower()
        if re.search(r"supervised by|supervision of|work of", before) or (
            area and m.group("name").startswith(area)
        ):
            chosen, name = m, m.group("name")
            break
    for m in matches if chosen is None and area else ():
        # "Chair, Kirklees Youth Offending Team Management Board": the name from the area on
        if at := re.search(rf"(?:^|(?<=[\s,])){re.escape(area)}\b", m.group("name")):
            chosen, name = m, m.group("name")[at.start() :]
            break
    if chosen and name:
        name = re.sub(r"^(?:by|the)\s+", "", name.strip())
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
    rf"(?:examined|looked\s+(?:\w+ly\s+)?at|inspected|reviewed|assessed|read|considered|screened)\s+(?:a\s+(?:total|sample)\s+of\s+)?"
    rf"(?P<n>{NUMBER})\s+(?:individual\s+|separate\s+|different\s+|statutory\s+)?(?:cases|case\s+files)"
    rf"|sample\s+of\s+(?P<n2>{NUMBER})\s+(?:cases|case\s+files)"
    # "Inspectors assessed the quality of work in 22 individual cases"
    rf"|(?:examined|looked\s+(?:\w+ly\s+)?at|inspected|assessed|reviewed)\s+(?:the\s+)?(?:quality\s+of\s+)?(?:the\s+)?(?:work|practice)\s+in\s+"
    rf"(?P<n10>{NUMBER})\s+(?:individual\s+|separate\s+|different\s+)?(?:cases|case\s+files)"
    rf"|(?:cases|case\s+files)\s+of\s+(?P<n5>{NUMBER})\s+(?:children|young\s+people)"
    rf"|sample\s+(?:comprised|consisted\s+of|was\s+made\s+up\s+of|included|covered|was)\s+(?P<n6>{NUMBER})\s+(?:[\w-]+\s+)?(?:cases|case\s+files)"
    rf"|total\s+of\s+(?P<n7>{NUMBER})\s+cases"
    rf"|records\s+of\s+(?P<n8>{NUMBER})\s+(?:children|young\s+people)\s+(?:were|was)\s+(?:examined|scrutinised|scrutinized|inspected|reviewed|read|assessed)"
    rf"|(?P<n3>{NUMBER})\s+(?:cases|case\s+files)\s+(?:were|was)\s+(?:examined|inspected|looked\s+(?:\w+ly\s+)?at|assessed|screened|reviewed|read|scrutinised|scrutinized)"
    rf"|(?:examined|scrutinised|scrutinized|inspected|reviewed|read|looked\s+(?:\w+ly\s+)?at)\s+(?:the\s+)?(?:case\s+)?"
    rf"(?:records|files)\s+(?:of|for)\s+(?P<n9>{NUMBER})\s+(?:children|young\s+people|cases)"
    rf"|(?:examined|looked\s+(?:\w+ly\s+)?at|inspected|reviewed|assessed|read|screened)\b[^.]{{0,40}}?\bin\s+(?P<n4>{NUMBER})\s+cases",
    re.I,
)


FIELDWORK_LABEL = re.compile(
    rf"(?:Dates?\s+of\s+(?:the\s+)?(?:inspection|fieldwork|visit)|(?:Inspection|Fieldwork)\s+dates?)\s*:\s*{DATE}",
    re.I,
)
WEEK_OF = re.compile(
    rf"(?:week\s+(?:commencing|beginning|starting|of)|\bw/[cb]\b)\s+(?:Monday,?\s+)?{DATE}", re.I
)
DAYS_FROM = re.compile(
    rf"\bover\s+(?P<days>{NUMBER})\s+days?\s*,?\s*(?:starting|beginning|commencing|from)\s+(?:on\s+)?"
    rf"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday)\s+)?{DATE}",
    re.I,
)
""""over three days, starting on 9 September 2015": the first day and the number of days."""


_WEEKDAY = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+", re.I)
_THE_ORDINAL = re.compile(rf"\b(?:the\s+)?({DAY})\b(?:\s+of(?=\s+{MONTH}))?", re.I)


def plain_dates(text: str) -> str:
    """Dates as the date patterns read them: "Monday 16 May" -> "16 May", "the 3rd to the 5th
    of February" -> "3rd to 5th February"."""
    return _THE_ORDINAL.sub(r"\1", _WEEKDAY.sub("", text))


def find_fieldwork(sentences: list[str]) -> tuple[date | None, date | None, str | None]:
    """First and last fieldwork days from the sentence saying when the inspection ran."""
    ordered = [s for s in sentences if FIELDWORK_CUE.search(s) or FIELDWORK_LABEL.search(s)]
    ordered += sentences[:8]
    for sentence in ordered:
        m = DATE_RANGE.search(plain_dates(sentence))
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
    for sentence in ordered:
        if m := FIELDWORK_LABEL.search(
            plain_dates(sentence)
        ):  # "Date of inspection: 18 March 2015"
            day = make_date(m.group("d"), m.group("m"), m.group("y"))
            return day, day, sentence
        if m := WEEK_OF.search(
            plain_dates(sentence)
        ):  # "the week commencing 9 November 2015": first day
            return make_date(m.group("d"), m.group("m"), m.group("y")), None, sentence
        if (m := DAYS_FROM.search(plain_dates(sentence))) and (
            days := parse_number(m.group("days"))
        ):
            first = make_date(m.group("d"), m.group("m"), m.group("y"))
            if first and 1 <= days <= 10:
                return first, first + timedelta(days=days - 1), sentence
    return None, None, None


def find_cases(sentences: list[str]) -> tuple[int | None, str | None]:
    """Number of cases examined, from the sentence describing the sample."""
    for sentence in sentences:
        m = CASES.search(sentence) if re.search(r"case|records", sentence) else None
        if m:
            value = parse_number(next((v for v in m.groups() if v), None))
            if value:
                return value, sentence
    return None, None


# ---------------------------------------------------------------- lead inspector
_SENTENCE_WORDS = {"She", "He", "They", "Who", "The", "Her", "His", "Please", "If", "Tel", "Email"}
_POST_NOMINALS = {"HMI", "HMIP", *HONOUR_LETTERS}
"""Letters after a name ("Mark Jones HMI") that are not part of it."""
_NAME = rf"(?P<name>{NAME_TOKEN}(?:\s+{NAME_TOKEN}){{1,3}})"
_LED_BY = r"(?:inspection|screening|fieldwork|SQS|team)\s+(?:\w+\s+){0,3}?(?:(?:was|were)\s+)?led\s+by\s*:?"
LEAD_INSPECTOR = (
    re.compile(
        rf"(?i:lead\s+inspector\s*(?:(?:for|on|of)\s+(?:this|the)\s+(?:inspection|screening|SQS|short\s+quality\s+screening|visit)\s*)?(?:,|:|-)?\s*(?:who\s+)?(?:was|is)?)\s*:?\s*{_NAME}"
    ),
    re.compile(
        rf"(?i:{_LED_BY})\s+(?:(?i:HM\s+Inspector|Her\s+Majesty's\s+Inspector|(?:the\s+)?inspector)\s+)?{_NAME}"
    ),
    # "The inspector who led this inspection was Jo Bloggs", "Inspection lead: Jo Bloggs"
    re.compile(
        r"(?i:(?:(?:the\s+)?(?:lead\s+)?inspector|HM\s+Inspector|Her\s+Majesty's\s+Inspector)\s+"
        r"(?:who\s+led|leading)\s+(?:this|the)\s+(?:inspection|screening|fieldwork|SQS)\s+was"
        rf"|inspection\s+lead\s*:)\s+{_NAME}"
    ),
    re.compile(
        rf"(?i:contact)\s+{_NAME}\s*(?:,\s*|\(\s*)?(?i:(?:who\s+(?:was|is)\s+)?(?:the\s+)?lead\s+inspector|HM\s+Inspector\b|HMI\b)"
    ),
    re.compile(
        rf"(?:(?:HMI|HM\s+Inspector)\s+)?{_NAME}\s*(?:,\s*(?:HMI(?:\s+Probation)?|HM\s+Inspector|HM\s+Inspectorate\s+of\s+Probation|an?\s+inspector)\s*,\s*)?"
        r"(?:was\s+the\s+lead\s+inspector|(?:,\s*)?(?:who\s+)?led\s+the\s+(?:inspection|screening|fieldwork)"
        # "please contact Jo Bloggs, the inspector who led the screening"
        r"|,\s*(?:the\s+)?(?i:(?:HM\s+)?inspector)\s+who\s+led\s+(?:the|this)\s+(?:inspection|screening|fieldwork)"
        # "Inspection team: Jo Bloggs (lead inspector), ..."
        r"|\s*\(\s*(?i:lead(?:\s+inspector)?)\s*\)"
        # "Please direct any queries to Jane Brown, lead inspector, on ..."
        r"|,\s*(?:the\s+)?(?i:lead\s+inspector)\b)"
    ),
)
"""The lead inspector in the closing paragraph's word orders: "the lead inspector, who was Jo
Bloggs"; "The inspection was led by HM Inspector Jo Bloggs"; "contact Jo Bloggs, the lead
inspector"; "queries to Jo Bloggs, lead inspector"."""


def find_lead_inspector(flat: str) -> str | None:
    """The lead inspector's name from the closing paragraph."""
    low = flat.lower()
    # each pattern cannot match without its cue
    cues = (
        ("lead inspector",),
        ("led by",),
        ("who led", "leading", "inspection lead"),
        ("lead inspector",),
        ("led the", "lead inspector", "(lead", "who led"),
    )
    matches = (
        m
        for words, p in zip(cues, LEAD_INSPECTOR, strict=True)
        if any(w in low for w in words)
        for m in p.finditer(flat)
    )
    for m in matches:
        words = []
        for word in _TITLE.sub("", m.group("name")).split():
            if word in _SENTENCE_WORDS or word in _POST_NOMINALS:  # "Jo Smith She can be ..."
                break
            words.append(word.rstrip("'’"))  # no name ends in an apostrophe ("Owain’ Pryce")
        if len(words) >= 2 and not _NOT_A_NAME.match(" ".join(words)):
            return " ".join(words)
    return None


_NOT_A_NAME = re.compile(
    r"(?:HM|Her\s+Majesty's)\s+Inspector|Assistant\s+Chief|Chief\s+Inspector|Lead\s+Inspector", re.I
)
"""A role that stands where a name does ("Martin Oakes, HM Inspector, who led ...")."""
