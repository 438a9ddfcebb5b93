"""The synthetic report before it is rendered: canonical sentences and the answer key.

Every renderer writes the same :class:`SynthReport`; its fields, paragraphs and judgements are
the answer key the parser is checked against.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field
from typing import Any

from generators.wording import ENDINGS, FIRST_NAMES, LAST_NAMES, RIVERS, STEMS
from sqs_analysis.ingest.model import SYNTHETIC_BANNER
from sqs_analysis.reference.areas import load_lookup
from sqs_analysis.reference.names import slugify

BANNER = SYNTHETIC_BANNER
KEY_FILE = "answer_key.json"
FORMATS = ("markdown", "text", "pdf", "html")
SUFFIXES = {"markdown": ".md", "text": ".txt", "pdf": ".pdf", "html": ".html"}
FIRST_YEAR = 2012
FOOTNOTE_MARK = "\x00FN\x00"  # where a renderer puts the footnote reference


def _words(text: str) -> tuple[str, ...]:
    """A tuple of the space-separated words of ``text`` (keeps long word lists compact)."""
    return tuple(text.split())


MONTHS = _words(
    "January February March April May June July August September October November December"
)
NUMBER_WORDS = _words(
    "none one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)

DOMAINS = {
    1: "reducing_reoffending",
    2: "protecting_the_public",
    3: "protecting_the_child",
    4: "ensuring_sentence_served",
}
SERVICE_NAMES = {
    "YOS": "Youth Offending Service",
    "YOT": "Youth Offending Team",
    "YJS": "Youth Justice Service",
}


@dataclass
class KeyJudgement:
    """A quantified statement the generator wrote, with its true value."""

    paragraph: str
    domain: str
    polarity: str
    quantifier: str
    quantifier_text: str
    basis: str
    numerator: int | None
    denominator: int | None
    denominator_source: str | None
    true_numerator: int
    true_denominator: int
    sufficiency: float
    sufficiency_low: float
    sufficiency_high: float
    evidence: str
    required: bool = True


@dataclass
class Numbered:
    """One numbered paragraph, kept as sentences so judgements can point at their evidence."""

    paragraph: str
    domain: str
    heading: str
    sentences: list[str]

    @property
    def text(self) -> str:
        return " ".join(s for s in self.sentences if s)


@dataclass
class SynthReport:
    """Everything one synthetic letter says, before it is rendered in a file format."""

    fields: dict[str, Any]
    source_format: str
    variants: dict[str, str]
    header: list[tuple[str, str]]
    title: str
    sections: dict[str, list[str]]  # section -> paragraphs (summary may hold FOOTNOTE_MARK)
    footnote: str
    commentary_heading: str
    domain_headings: dict[int, str]
    paragraphs: list[Numbered]
    judgements: list[KeyJudgement]
    strengths: list[str]
    improvements: list[str]
    improvements_heading: str
    closing: list[str]
    copy_list: list[tuple[str, str]]
    notes: list[str]
    evidence_snippets: dict[str, str] = field(default_factory=dict)

    @property
    def area(self) -> str:
        return self.fields["area"]


def plain(text: str) -> str:
    """Canonical text: the footnote reference removed."""
    return text.replace(FOOTNOTE_MARK, "")


def number_text(n: int, rng: random.Random, words_share: float = 0.5) -> str:
    """A count as the letters write it: words up to twenty some of the time, else digits."""
    if n <= 20 and n > 0 and rng.random() < words_share:
        return NUMBER_WORDS[n]
    return str(n)


def ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def national_average(cohort_end: tuple[int, int]) -> float:
    """England and Wales average for a cohort: one value per cohort, rising slowly over time."""
    year, month = cohort_end
    quarters = (year - 2009) * 4 + (month - 1) // 3
    return round(34.6 + 0.29 * quarters + 0.3 * math.sin(quarters), 1)


def area_names(n: int, seed: int) -> list[str]:
    """``n`` distinct area names: the youth offending services of the area lookup, in an order
    drawn from ``seed``, so that area codes, regions and comparators are exercised at the size
    of the real set; past the last real service, invented names follow."""
    # as letters name them: "Herefordshire", not the register's "Herefordshire, County of"
    real = sorted(
        re.sub(r", (?:County|City) of$", "", service.name)
        for service in load_lookup().services.values()
    )
    random.Random(f"sqs-synth-areas:{seed}").shuffle(real)
    if n <= len(real):
        return real[:n]
    return real + invented_area_names(n - len(real), seed, {slugify(name) for name in real})


def invented_area_names(n: int, seed: int, taken: set[str] = frozenset()) -> list[str]:
    """``n`` distinct invented area names, some joint ('X and Y') or with '&' or '-on-', none
    of whose folder names is in ``taken``."""
    rng = random.Random(f"sqs-synth-invented-areas:{seed}")
    names: list[str] = []
    seen: set[str] = set(taken)
    attempts = 0
    while len(names) < n:
        attempts += 1
        if attempts > 200 * (n + 10):
            raise ValueError(f"cannot invent {n} distinct area names")
        base = rng.choice(STEMS) + rng.choice(ENDINGS)
        roll = rng.random()
        if roll < 0.62:
            name = base
        elif roll < 0.72:
            name = f"{base} Vale"
        elif roll < 0.8:
            name = f"{rng.choice(('East', 'West', 'North', 'South', 'Upper'))} {base}"
        elif roll < 0.9:
            other = rng.choice(STEMS) + rng.choice(ENDINGS)
            name = f"{base} and {rng.choice(('North', 'East', ''))} {other}".replace("  ", " ")
        elif roll < 0.94:
            name = f"{base} & {rng.choice(STEMS)}{rng.choice(ENDINGS)}"
        else:
            name = f"{base}-on-{rng.choice(RIVERS)}"
        key = slugify(name)
        if key not in seen:
            seen.add(key)
            names.append(name)
    return names


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


@dataclass
class Truth:
    """A true count behind one judgement."""

    numerator: int
    denominator: int

    @property
    def share(self) -> float:
        return self.numerator / self.denominator


def draw(rng: random.Random, p: float, d: int) -> int:
    """Cases with sufficient practice out of ``d`` when each is sufficient with chance ``p``."""
    return sum(rng.random() < p for _ in range(d))
