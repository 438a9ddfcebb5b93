"""The headings every SQS letter has, as patterns: its sections, the four themes of the
inspection framework and its numbered paragraphs.

One source for the parser, which cuts a letter into its parts (:mod:`sqs_analysis.ingest.letter`),
and for the readers, which start a paragraph at a heading the parser knows when they rebuild a
letter from its layout (:mod:`sqs_analysis.ingest.readers.pdf.blocks`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from sqs_analysis.reference.codebook import allowed_values

BULLET_CHARS = "-•*▪●◦‣·\uf0b7\uf0a7\uf076\uf0d8"
"""Bullet characters, including the private-use glyphs Word's Symbol font leaves in PDF text."""

DOMAIN_HEADINGS = {
    "reducing_reoffending": re.compile(
        r"reduc\w*\s+(?:the\s+)?(?:likelihood\s+of\s+)?re-?offending"
        r"|^(?:the\s+)?(?:likelihood\s+of\s+)?re-?offending$",
        re.I,
    ),
    "protecting_the_public": re.compile(r"protect\w*\s+(?:the\s+)?public|risk of harm", re.I),
    "protecting_the_child": re.compile(
        r"protect\w*\s+the\s+(?:child|young)|safeguard|vulnerab", re.I
    ),
    "ensuring_sentence_served": re.compile(
        r"sentence\s+is\s+served|serv\w+\s+the\s+sentence|^(?:ensuring\s+)?compliance\b", re.I
    ),
}
assert tuple(DOMAIN_HEADINGS) == allowed_values("findings", "domain"), (
    "domains drifted from codebook"
)

PARAGRAPH_START = re.compile(
    rf"^(?:[{BULLET_CHARS}]\s*)?(?P<open>\()?(?P<n>[1-9])\.(?P<m>\d{{1,2}})(?(open)\)|[.)]?)(?=\s|$)"
    r"\s*(?P<rest>.*)$"
)
"""A numbered paragraph: "1.1.", "1.1", "1.1)" or "(1.1)", after a bullet a copy may add."""
PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s*)?[-–—]?\s*\d{1,3}\s*[-–—]?\s*(?:(?:of|0f|/)\s*\d{1,3})?\s*$", re.I
)
"""A page number on a line of its own ("Page 2 of 5", "- 3 -", "2/5"; "0f" as OCR reads "of"):
page furniture, in a text copy and in a PDF's layout alike."""
THEME_HEADING = re.compile(
    rf"^(?:[{BULLET_CHARS}]\s*)?(?:(?i:theme|section|part)\s+)?(?P<n>[1-9])(?:[.:),]|\s*[-–—])?\s+"
    rf"(?P<title>[A-Z][^.]{{3,80}}?)[.:]?$"
)
"""A theme heading: "2. Protecting the public", "2 Protecting ...", "Theme 2: Protecting ...",
"THEME 2 – PROTECTING THE PUBLIC", "Section 2: ..."; "2, Protecting ..." is OCR's misreading
of the full stop."""
SECTION_HEADINGS = {
    "context": re.compile(r"^(?:context|background):?$", re.I),
    "summary": re.compile(
        r"^(?:summary|overall summary|overview|overall findings|summary of (?:the\s+)?findings):?$",
        re.I,
    ),
    "commentary": re.compile(r"^commentary\s+on\s+the\s+inspection\b.*$", re.I),
    "operational_management": re.compile(
        r"^(?:(?:operational|effective)\s+management|management\s+and\s+leadership|"
        r"leadership\s+and\s+management)\b[^.]{0,40}$|^management:?$",
        re.I,
    ),
    "strengths": re.compile(r"^(?:key\s+|main\s+|particular\s+)?strengths:?$", re.I),
    "improvements": re.compile(
        r"^(?:key\s+)?areas?\s+(?:requiring|for|in need of|that require)\s+(?:further\s+)?"
        r"(?:improvement|development):?$"
        r"|^(?:key\s+)?improvements?\s+(?:needed|required):?$|^what\s+needs\s+to\s+improve:?$",
        re.I,
    ),
    "copy_list": re.compile(
        r"^(?:copy\s+(?:to|list)|copies\s+to|distribution(?:\s+list)?):?\s*$", re.I
    ),
    "notes": re.compile(r"^note\s*1\b", re.I),
}
_ANY_SECTION_HEADING = re.compile(
    "|".join(f"(?P<{kind}>{p.pattern})" for kind, p in SECTION_HEADINGS.items()), re.I
)
"""All section headings in one pattern: alternatives are tried in order, so the first kind
that matches wins, as in a loop over ``SECTION_HEADINGS``, in one search instead of one per
heading."""


@lru_cache(maxsize=4096)
def classify_heading(line: str) -> str | None:
    """The section a heading line opens, or None for ordinary text (remembered per line: the
    letter's layout and its checks ask of the same lines)."""
    stripped = line.strip().rstrip(":").strip()
    if stripped[:1].islower() and _NUMBER_MISREAD.match(stripped):
        # "i. Reducing reoffending": a theme's number as OCR misread it
        return "theme" if len(stripped) < 60 and theme_heading_domain(stripped) else None
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
    if len(stripped) < 60 and theme_heading_domain(stripped):
        return "theme"
    return None


def theme_heading_domain(line: str) -> str | None:
    """The domain a theme heading ("2. Protecting the public") names; None for other lines.

    A heading whose number was lost (an OCR misread, a number drawn as an image) still counts
    when the line is the theme's title and nothing more ("Protecting the public").
    """
    stripped = line.strip()
    m = THEME_HEADING.match(stripped)
    if PARAGRAPH_START.match(stripped):
        return None
    if not m:
        # a title alone, or after what OCR made of its number ("i. Reducing reoffending")
        title = _NUMBER_MISREAD.sub("", stripped.rstrip(":").strip())
        return next((d for d, p in BARE_THEME_TITLES.items() if p.fullmatch(title)), None)
    for domain, pattern in DOMAIN_HEADINGS.items():
        if pattern.search(m.group("title")):
            return domain
    return None


_NUMBER_MISREAD = re.compile(r"^[^\s\w]?[a-zA-Z]?[.,:]?\s+(?=[A-Z])")
BARE_THEME_TITLES = {
    "reducing_reoffending": re.compile(
        r"reducing\s+(?:the\s+likelihood\s+of\s+)?re-?offending", re.I
    ),
    "protecting_the_public": re.compile(r"protecting\s+the\s+public(?:\s+from\s+harm)?", re.I),
    "protecting_the_child": re.compile(
        r"protecting\s+the\s+(?:child|young\s+person|children)(?:\s+(?:or|and)\s+young\s+(?:person|people))?",
        re.I,
    ),
    "ensuring_sentence_served": re.compile(
        r"(?:making\s+sure|ensuring)\s+(?:that\s+)?the\s+sentence\s+is\s+served", re.I
    ),
}
"""The four themes' titles as a line of their own, for a heading whose number was lost: only
the title itself counts, never a line that merely mentions a theme."""
