"""The structure every SQS letter shares: sections, numbered findings, bullets and copy list.

A letter has a header, a title, context and summary paragraphs, numbered findings under the
four themes of the inspection framework, operational management, key strengths, areas
requiring improvement, a closing paragraph and a copy list. This module cuts normalised lines
into those parts and reads the parts that are lists; :mod:`.fields` finds the single facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqs_analysis.ingest.model import Finding
from sqs_analysis.ingest.normalise import ENDS_SENTENCE
from sqs_analysis.reference.codebook import allowed_values
from sqs_analysis.reference.headings import (
    BULLET_CHARS,
    PARAGRAPH_START,
    SECTION_HEADINGS,
    THEME_HEADING,
    classify_heading,
    theme_heading_domain,
)

BULLET = re.compile(rf"^(?:[{BULLET_CHARS}]\s*)+")
CLOSING = re.compile(r"^(?:we are grateful|if you have any (?:further )?questions|thank you)", re.I)


@dataclass
class Block:
    """A run of lines under one heading."""

    kind: str
    lines: list[str]


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
    for block in blocks:
        if block.kind == "commentary":  # every reader of the findings sees their numbers
            block.lines = _glued_paragraphs(block.lines)
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


@dataclass
class _Unit:
    """A paragraph of the commentary as printed: its number (None where none is printed) and
    the theme heading it stands under."""

    number: str | None
    theme: tuple[str | None, str | None, str]  # heading's number, domain, title
    lines: list[str]


UNNUMBERED = (
    "the findings print no paragraph numbers: each paragraph or bullet under a theme is "
    "numbered in order (1.1, 1.2, ...)"
)
"""The note on a letter whose findings print no numbers: the numbers are the parser's."""


def parse_findings(lines: list[str], notes: list[str] | None = None) -> list[Finding]:
    """Numbered paragraphs with their theme; wrapped lines and page breaks rejoined.

    A paragraph's theme is the heading it sits under; if its number disagrees with the
    heading's (or there is no heading), the number decides, as the framework fixes the order.
    A paragraph printed without its number (an OCR misread) that stands exactly where its
    theme's numbering has a gap gets the missing number, with a note in ``notes``; any other
    unnumbered paragraph continues the one before, as a paragraph broken by a page does.
    """
    units = _units(lines)
    # a letter printing no numbers opens each theme with a sentence or a bullet; text that
    # opens mid-sentence is what is left of numbered paragraphs, and is reported as such
    openings = {unit.theme: unit.lines[0] for unit in reversed(units) if unit.lines}
    unnumbered = all(u.number is None for u in units) and all(
        _OPENS.match(line) for line in openings.values()
    )
    if units and unnumbered:
        units = _numbered_in_order(lines)
        if units and notes is not None:
            notes.append(UNNUMBERED)
    _number_the_gaps(units, notes if notes is not None else [])
    domains = allowed_values("findings", "domain")
    findings: list[Finding] = []
    last_theme = None
    for unit in units:
        if unit.number is None:
            # a paragraph continued after a page break; never into another theme's paragraph
            # (text under a heading whose numbers were lost is reported, not given elsewhere)
            if findings and unit.lines and unit.theme == last_theme:
                last = findings[-1]
                last.text = join_lines([last.text, *unit.lines])
            continue
        theme_number, theme_domain, heading = unit.theme
        if unit.number.split(".")[0] == theme_number:
            domain, para_heading = theme_domain, heading
        else:
            domain, para_heading = _domain_from_number(unit.number, domains), ""
        if domain:
            findings.append(Finding(unit.number, domain, para_heading, join_lines(unit.lines)))
            last_theme = unit.theme
    return [f for f in findings if f.text]


_GLUED_NUMBER = re.compile(r"(?P<n>[1-9])\.(?P<m>\d{1,2})\.?\s+(?=[A-Z])")
_AFTER_AN_END = re.compile(r"[.!?][\"”’)]?\s+$")
"""A paragraph number after a sentence's end, inside a line: where a reader (OCR of a skewed
scan) ran the next paragraph on."""


def _glued_paragraphs(lines: list[str]) -> list[str]:
    """The findings' lines with their paragraph numbers as printed: one OCR misread ("1:3.",
    "32.") written again, and a paragraph run on into the one before split off at its number,
    where that number may come next (1.3 after 1.2, or 2.1 after 1.x): a reference to another
    paragraph in a sentence ("see 1.3") is never that number straight after a full stop."""
    out: list[str] = []
    last: tuple[int, int] | None = None
    numbered = False  # a paragraph number has been read: the findings print them
    domains = allowed_values("findings", "domain")
    for line in lines:
        domain = theme_heading_domain(line) if classify_heading(line) == "theme" else None
        if domain in domains and (theme := domains.index(domain) + 1) > (last or (0, 0))[0]:
            last = (theme, 0)  # a theme's heading: its paragraphs are next
        if domain:
            out.append(line)
            continue
        opens = not out or not out[-1].strip()  # the line opens a paragraph
        if opens and numbered and (bullet := _BULLET_FOR_A_NUMBER.match(line)):
            # "• We expect ...": in findings that print numbers, OCR's reading of one
            line = line[bullet.end() :]
        while True:
            line = _misread_number(line, last, opens)
            if (para := PARAGRAPH_START.match(line)) is not None:
                last, numbered = (int(para.group("n")), int(para.group("m"))), True
            glued = _glued_at(line, last) if last is not None else None
            if glued is None:
                out.append(line)
                break
            out.append(line[:glued].rstrip())
            line = line[glued:]
    return out


def _glued_at(line: str, last: tuple[int, int]) -> int | None:
    """Where in ``line`` a number that may come after ``last`` opens a paragraph run on after a
    sentence's end, if one does."""
    for glued in _GLUED_NUMBER.finditer(line, 1):
        number = (int(glued.group("n")), int(glued.group("m")))
        if number in _next_numbers(last) and _AFTER_AN_END.search(line, 0, glued.start()):
            return glued.start()
    return None


def _next_numbers(last: tuple[int, int]) -> set[tuple[int, int]]:
    """The numbers that may come next: the next of the theme or the first of the next, or the
    one after either, where a number before it was lost too."""
    theme, number = last
    return {(theme, number + 1), (theme, number + 2), (theme + 1, 1), (theme + 1, 2)}


_MISREAD_NUMBER = re.compile(
    r"^(?P<n>[1-9])(?P<sep>[.:,;]|(?=\d(?:[.:,;]|\t)))(?P<m>\d{1,2})[.:,;]?\s+(?=[A-Z])"
)
"""A paragraph number with a colon, comma or semicolon for a full stop ("1:3.", "2.5;"), or
its full stops lost ("32." for "3.2.", "24,", "22" before the paragraph's tab), as OCR
misreads it."""


def _misread_number(line: str, last: tuple[int, int] | None, opens: bool) -> str:
    """``line`` with a misread paragraph number written as printed, where it is the next
    number in order (the first of the letter being 1.1); one whose full stop was lost only
    where the line opens a paragraph ("in\n15. Four ..." is a sentence's end)."""
    if not line[:1].isdigit():
        return line
    found = _MISREAD_NUMBER.match(line)
    if found is not None and PARAGRAPH_START.match(line) and found.group("sep") == ".":
        return line
    if found is not None and (found.group("sep") or opens):
        number = (int(found.group("n")), int(found.group("m")))
        if number in (_next_numbers(last) if last else {(1, 1)}):
            return f"{number[0]}.{number[1]}.\t{line[found.end() :]}"
    if opens and last is not None and (junk := _NUMBER_MISREAD_PAST_READING.match(line)):
        # "2s We expect", "2.25 Having assessed": which number it was cannot be read; the
        # paragraph is left unnumbered, for its place among the numbers to decide
        return line[junk.end() :]
    return line


_BULLET_FOR_A_NUMBER = re.compile(
    rf"^(?:[{BULLET_CHARS}]\s*|[^\s\d]\S{{0,3}}\t|\d\t)(?=[A-Z][a-z])"
)
"""A bullet, or a short cell before the tab ("Zee\tHaving", "2\tRisk"), opening a paragraph
of findings whose paragraphs are numbered: OCR's reading of the paragraph's number; the
paragraph is left for its place to number."""
_NUMBER_MISREAD_PAST_READING = re.compile(
    r"^[1-9](?:(?=[\d.:,;]*[.:,;])[\d.:,;]{1,4}|[a-z])\s+(?=[A-Z][a-z])"
)
"""A paragraph's opening token that begins with a digit and is no number ("2s", "2.25"):
OCR's reading of a paragraph number it could not make out."""


def _units(lines: list[str]) -> list[_Unit]:
    domains = allowed_values("findings", "domain")
    units: list[_Unit] = []
    theme: tuple[str | None, str | None, str] = (None, None, "")
    blank, in_theme = False, False
    for line in lines:
        theme_domain = theme_heading_domain(line) if len(line) < 90 else None
        para = PARAGRAPH_START.match(line)
        if theme_domain:
            match = THEME_HEADING.match(line.strip())
            number = match.group("n") if match else str(domains.index(theme_domain) + 1)
            title = (match.group("title") if match else line.strip().rstrip(":")).strip()
            theme, in_theme = (number, theme_domain, title), True
        elif para:
            rest = para.group("rest")
            units.append(_Unit(f"{para.group('n')}.{int(para.group('m'))}", theme, [rest]))
        elif not line.strip():
            blank = True
            continue
        elif units and not (blank or (in_theme and units[-1].theme != theme)):
            units[-1].lines.append(line)
        elif in_theme:
            units.append(_Unit(None, theme, [line]))
        blank = False
    return units


_SUB_LABEL = re.compile(r"^\s*\(?(?:[ivx]{1,5}|[a-z])[.)]\s+")
"""A list label in letters or roman numerals ("i.", "(a)", "b)"): what a word processor shows
where a list's numbering format was lost (AbiWord writes "1.1." as "i.")."""
_OPENS = re.compile(rf"^\s*(?:[{BULLET_CHARS}]|[A-Z0-9(\"“‘']|\(?(?:[ivx]{{1,5}}|[a-z])[.)]\s)")


def _numbered_in_order(lines: list[str]) -> list[_Unit]:
    """The findings of a letter that prints no paragraph numbers: each paragraph (or bullet)
    under a theme heading, numbered in order within its theme. Lines before the first theme
    heading are not findings."""
    domains = allowed_values("findings", "domain")
    units: list[_Unit] = []
    theme: tuple[str | None, str | None, str] | None = None
    count, blank = 0, True
    for line in lines:
        theme_domain = theme_heading_domain(line) if len(line) < 90 else None
        if theme_domain:
            match = THEME_HEADING.match(line.strip())
            number = match.group("n") if match else str(domains.index(theme_domain) + 1)
            title = (match.group("title") if match else line.strip().rstrip(":")).strip()
            theme, count, blank = (number, theme_domain, title), 0, True
        elif not line.strip():
            blank = True
        elif theme is not None:
            # a page break inside a paragraph leaves a blank line too: the paragraph goes on
            # where the text before did not end a sentence or the line does not start one
            first = not units or units[-1].theme != theme
            ended = first or ENDS_SENTENCE.search(units[-1].lines[-1])
            label = BULLET.match(line) or _SUB_LABEL.match(line)
            if first or label or (blank and ended and line[:1].isupper()):
                count += 1
                text = _SUB_LABEL.sub("", BULLET.sub("", line))
                units.append(_Unit(f"{theme[0]}.{count}", theme, [text]))
            else:
                units[-1].lines.append(line)
            blank = False
    return units


def _number_the_gaps(units: list[_Unit], notes: list[str]) -> None:
    """Give the unnumbered paragraphs between two numbers of a theme (or its heading and its
    first number) the numbers the theme skips there, where there are exactly as many of them
    as numbers skipped: each its place's number, in order."""
    for i, unit in enumerate(units):
        if not _opens_unnumbered(unit) or not unit.theme[0]:
            continue
        theme_number = unit.theme[0]
        before = next((u for u in reversed(units[:i]) if u.number and u.theme == unit.theme), None)
        after = next((u for u in units[i + 1 :] if u.number), None)
        if after is None or after.number.split(".")[0] != theme_number:
            continue
        expected = int(before.number.split(".")[1]) + 1 if before else 1
        run = [u for u in units[i : units.index(after)] if _opens_unnumbered(u)]
        if len(run) != int(after.number.split(".")[1]) - expected:
            continue
        for k, gap in enumerate(run):
            gap.number = f"{theme_number}.{expected + k}"
            notes.append(
                f"paragraph {gap.number} has no number printed (or read); it is given the number "
                f"its place between {before.number if before else 'the heading'} and {after.number} "
                "leaves"
            )


def _opens_unnumbered(unit: _Unit) -> bool:
    """An unnumbered paragraph that opens as a paragraph does (with a capital), not one that
    carries on a paragraph broken by a page."""
    return unit.number is None and bool(unit.lines) and unit.lines[0][:1].isupper()


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
    after_blank = False
    for line in lines:
        if not line.strip():
            after_blank = True
            continue
        if CLOSING.match(line):
            break
        carries_on = bool(items) and _carries_on(items[-1][-1], line, after_blank)
        after_blank = False
        if has_markers:
            if BULLET.match(line):
                items.append([BULLET.sub("", line)])
            elif carries_on:
                # an unfinished bullet continues, even across a page break
                items[-1].append(line)
            elif items:
                break
        elif carries_on:  # bullets lost in copying: an item ends with a full stop
            items[-1].append(line)
        else:
            items.append([line])
    return [t for t in (join_lines(i) for i in items) if t]


_OPEN_ENDED = re.compile(
    r"\b(?:the|a|an|of|and|or|to|with|for|in|on|by|at|from|that|which|who|its|their|his|her"
    r"|our|between|into|about|as|than)$",
    re.I,
)
"""Words no item ends on: a line ending with one runs on into the next, whatever that opens with."""


def _carries_on(previous: str, line: str, after_blank: bool) -> bool:
    """Whether ``line`` goes on with the item whose last line is ``previous``: the item is
    unfinished (no full stop) and the line is the next line of its paragraph, or, after a blank
    line (a page break in a copied text), it carries on a sentence: it opens in lower case, or
    the item stops on a word no item ends with. A capitalised paragraph after a blank line
    under a list without full stops ("We would like to thank ...") is the letter going on."""
    previous = previous.rstrip()
    if previous.endswith((".", "!", "?")):
        return False
    return not after_blank or line.lstrip()[:1].islower() or bool(_OPEN_ENDED.search(previous))


NAME_TOKEN = r"[A-Z][a-zA-Z'’\-]+"
HONOUR_LETTERS = ("MBE", "OBE", "CBE", "QPM", "JP", "DL")
"""Letters after a name that are part of how it is written in a copy list."""
HONOURS = rf"(?:\s+(?:{'|'.join(HONOUR_LETTERS)}))*"
_NAMES = (
    rf"{NAME_TOKEN}(?:\s+[A-Z]\.?)?\s+{NAME_TOKEN}{HONOURS}"
    rf"(?:\s*,\s*{NAME_TOKEN}(?:\s+[A-Z]\.?)?\s+{NAME_TOKEN}{HONOURS})*"
)
"""One or more people's names, comma-separated ("Ali Lewis, Rachel Brown")."""
_TRAILING_NAMES = re.compile(rf"(?P<names>{_NAMES})\s*$")


_ORGANISATION = re.compile(
    r"\b(?:Board|Commission(?:er)?|Justice|Team|Service|Services|Council|Trust|Office|Police|"
    r"Partnership|Inspectorate|Agency|Authority|Court|Courts|Probation|Constabulary|Group|Panel|"
    r"Committee|Department|Ministry|Ofsted|Estyn|Government|Executive|Tribunals?|Prisons?)\b"
)
"""Words of an organisation's name: "Youth Justice Board" is no person's name."""


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
                # a lone surname, after a given name (not after an organisation's name)
                or (
                    re.fullmatch(rf"{NAME_TOKEN}{HONOURS}", line)
                    and not _ORGANISATION.search(f"{rows[-1].split()[-1]} {line}")
                )
                or re.match(rf"{NAME_TOKEN},\s", line)  # "Tremlett, Owain Pinnock"
                # the last word of a role wrapped in its cell ("Chair of Local Safeguarding
                # Children" / "Board")
                or (line in _CELL_TAILS and "\t" not in rows[-1])
            )
        )
        if rows and "\t" in rows[-1] and "\t" not in line and _ends_a_role(rows[-1], line):
            role, rest = rows[-1].split("\t", 1)  # the role's cell wrapped below its names
            rows[-1] = f"{role} {line}\t{rest}"
        elif wrapped:
            rows[-1] = f"{rows[-1]} {line}"
        else:
            rows.append(line)
    return _pair_roles_with_names([_split_copy_row(row) for row in rows])


_CELL_TAILS = frozenset(
    {"Services", "Service", "Board", "Bench", "Team", "Partnership", "Committee", "Group",
     "Panel", "Manager", "Officer", "Commissioner", "Director", "Executive", "Member", "Council",
     "Trust", "Authority"}
)  # fmt: skip
"""Words that end a role and cannot stand alone as a row of the copy list."""


def _ends_a_role(row: str, line: str) -> bool:
    """Whether ``line`` is the end of the role in ``row``'s first cell, wrapped below the row:
    a word that ends roles ("Board"), or any words after a role cut off at "for", "of" ...
    ("Police and Crime Commissioner for" / "Essex")."""
    role = row.split("\t", 1)[0].rstrip()
    return line in _CELL_TAILS or bool(_OPEN_ENDED.search(role))


_NAMES_ONLY = re.compile(_NAMES)
_ROLE_WORDS = re.compile(
    r"\b(?:Manager|Director|Chair|Head|Member|Commissioner|Officer|Chief|Executive|Lead|Leader|"
    r"Deputy|Assistant|Cabinet|Councillor|Mayor|Governor|Staff|Communications|"
    r"Care|Social|Safeguarding|Children|Integrated|Working|Education|Skills|Health|"
    r"Bench|Crime|Youth|Elected|Local|Interim|Services?)\b"
)
"""Words of a role or a service, never of a person's name ("Area Manager", "Social Care")."""


def _names_only(text: str) -> bool:
    return bool(
        _NAMES_ONLY.fullmatch(text)
        and not _ORGANISATION.search(text)
        and not _ROLE_WORDS.search(text)
    )


def _pair_roles_with_names(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A copy list set as a table and copied a cell to a line (as pdftotext copies it): a role
    on its own line, its names on the next, or every role and then every name (a table copied
    column by column). Where most rows are a role with no name or names with no role, a line of
    names goes with the role lines just before it (a role wrapped in its cell runs over two),
    and a run of roles followed by as many lines of names pairs them in order; elsewhere the
    rows stand as read."""
    kinds = ["names" if not n and _names_only(r) else "role" if not n else "row" for r, n in rows]
    if kinds.count("names") < 2 or kinds.count("row") > 0.2 * len(rows):
        return rows
    runs = [(kind, [rows[i] for i, _ in group]) for kind, group in _runs(kinds)]
    paired: list[tuple[str, str]] = []
    k = 0
    while k < len(runs):
        kind, run = runs[k]
        names = runs[k + 1][1] if k + 1 < len(runs) and runs[k + 1][0] == "names" else []
        if kind == "role" and len(names) == 1:
            paired.append((" ".join(r for r, _ in run), names[0][0]))
            k += 2
        elif kind == "role" and len(names) == len(run):
            paired += [(r, n) for (r, _), (n, _) in zip(run, names, strict=True)]
            k += 2
        else:
            paired += run
            k += 1
    return paired


def _runs(kinds: list[str]) -> list[tuple[str, list[tuple[int, str]]]]:
    """Consecutive equal kinds, with their positions."""
    import itertools

    return [
        (kind, list(group)) for kind, group in itertools.groupby(enumerate(kinds), lambda x: x[1])
    ]


def _split_copy_row(row: str) -> tuple[str, str]:
    cells = [c.strip() for c in re.split(r"\t+|\s*\|\s*", row) if c.strip()]
    if len(cells) >= 2:
        return cells[0], ", ".join(cells[1:])
    m = _TRAILING_NAMES.search(row)
    if (
        m
        and m.start() > 0
        and not _ORGANISATION.search(m.group("names"))
        and not _ROLE_WORDS.search(m.group("names"))
    ):
        return row[: m.start()].strip(), m.group("names").strip()
    return row, ""
