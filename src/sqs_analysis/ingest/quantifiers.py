"""The quantifier lexicon (``quantifiers.toml`` beside this module) as code: numbers, words and their ranges.

Everything the judgement extractor knows about "how many" lives in that one data file; this
module loads it once, compiles the phrase patterns and turns a matched phrase into an
:class:`Estimate` (point and range, a share between 0 and 1).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

_UNITS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
NUMBER_WORDS = {w: i for i, w in enumerate(_UNITS)} | dict(_TENS)


def _alternation(phrases: list[str]) -> str:
    """One regex for any of the phrases, longest first, built as a trie of their characters.

    A flat "a|b|c" alternation makes the engine try every phrase at every position; the trie
    tries each letter once, which keeps the lexicon's many phrases cheap to look for. A space
    in a phrase matches any white space, a hyphen a hyphen, white space or nothing.
    """
    trie: dict[str, Any] = {}
    for phrase in set(phrases):
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict[str, Any]) -> str:
    # a hyphen: a hyphen, a space, or nothing (pdftotext joins "two-" and "thirds" at a line
    # end into "twothirds")
    chars = {" ": r"\s+", "-": r"[-\s]?"}
    branches = [chars.get(c, re.escape(c)) + _trie_regex(node[c]) for c in sorted(node) if c]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


NUMBER = (
    rf"(?:\d{{1,3}}|{_alternation(list(_TENS))}(?:[-\s]{_alternation(_UNITS[1:10])})?"
    rf"|{_alternation(_UNITS)})(?![\w-])"
)
"""Regex for a whole number written as digits or words ("17", "seventeen", "twenty-one")."""


def parse_number(text: str | None) -> int | None:
    """'seventeen' -> 17, '20' -> 20, 'twenty-one' -> 21; None if it is not a number."""
    if not text:
        return None
    text = text.strip().lower()
    if text.isdigit():
        return int(text)
    parts = re.split(r"[-\s]+", text)
    if all(p in NUMBER_WORDS for p in parts):
        return sum(NUMBER_WORDS[p] for p in parts)
    return None


@dataclass(frozen=True)
class Estimate:
    """A share of cases: the point estimate and the range the words cover."""

    point: float
    low: float
    high: float

    def flipped(self) -> Estimate:
        """The complementary share: deficient practice counted becomes sufficient practice."""
        return Estimate(1 - self.point, 1 - self.high, 1 - self.low)

    def rounded(self, digits: int = 4) -> Estimate:
        clamp = lambda v: min(1.0, max(0.0, round(v, digits)))  # noqa: E731
        return Estimate(clamp(self.point), clamp(self.low), clamp(self.high))


@cache
def lexicon() -> dict[str, Any]:
    """The raw lexicon, parsed from the package data file."""
    text = files("sqs_analysis.ingest").joinpath("quantifiers.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def word_table() -> dict[str, tuple[str, Estimate]]:
    """Lower-case phrase -> (normalised name, estimate) for the word quantifiers."""
    table = {}
    for entry in lexicon()["word"]:
        est = Estimate(entry["point"], entry["low"], entry["high"])
        for phrase in [*entry["phrases"], *entry.get("adverbs", [])]:
            table[phrase] = (entry["name"], est)
    return table


@cache
def fraction_table() -> dict[str, tuple[str, float]]:
    return {p: (f["name"], f["value"]) for f in lexicon()["fraction"] for p in f["phrases"]}


@cache
def modifier_table() -> dict[str, tuple[str, dict[str, float]]]:
    return {p: (m["name"], m) for m in lexicon()["modifier"] for p in m["phrases"]}


_SEPARATORS = re.compile(r"[-\s]+")


def _key(phrase: str) -> str:
    """A phrase as looked up, whatever joins its words: "two-thirds", "two thirds" and
    "twothirds" are one key (no two phrases of the lexicon differ only so)."""
    return _SEPARATORS.sub("", phrase.lower())


@cache
def _keyed(kind: str) -> dict[str, Any]:
    source = {"word": word_table, "fraction": fraction_table, "modifier": modifier_table}[kind]
    return {_key(k): v for k, v in source().items()}


def word_estimate(phrase: str) -> tuple[str, Estimate]:
    """Name and estimate of a word quantifier such as 'nearly all' ("a handful", ending its
    clause, is the lexicon's "a handful of")."""
    table, key = _keyed("word"), _key(phrase)
    return table[key] if key in table else table[_key(f"{phrase} of")]


def fraction_estimate(fraction: str, modifier: str | None = None) -> tuple[str, Estimate]:
    """Name and estimate of '[modifier] fraction', e.g. ('nearly three-quarters', 0.70 [0.65, 0.74])."""
    frac_name, value = _keyed("fraction")[_key(fraction)]
    mod_name, est = modified_estimate(value, modifier)
    return (frac_name if mod_name == "none" else f"{mod_name} {frac_name}"), est


def modified_estimate(value: float, modifier: str | None) -> tuple[str, Estimate]:
    """A share as written with its modifier ('nearly' 30%, 'just over' half): the modifier's
    name and the lexicon's offsets about the value (a plain figure covers a few points)."""
    mod_name, mod = _keyed("modifier")[_key(modifier)] if modifier else ("none", _plain_modifier())
    est = Estimate(value + mod["point"], value + mod["low"], value + mod["high"])
    return mod_name, est.rounded()


@cache
def _plain_modifier() -> dict[str, float]:
    return next(m for m in lexicon()["modifier"] if m["name"] == "none")


def all_but_estimate(missing: int, group: int | None) -> tuple[Estimate, bool]:
    """'all but N': exact when the group size is known, else the lexicon's range.

    Returns the estimate and whether it is exact.
    """
    if group and group > missing:
        share = (group - missing) / group
        return Estimate(share, share, share).rounded(), True
    entries = {e["missing"]: e for e in lexicon()["all_but"]}
    entry = entries.get(missing) or entries[max(entries)]
    return Estimate(entry["point"], entry["low"], entry["high"]), False


@cache
def patterns() -> dict[str, str]:
    """Regex alternations for the lexicon's phrase classes (words, fractions, modifiers, nouns)."""
    lex = lexicon()
    return {
        "word": _alternation([p for w in lex["word"] for p in w["phrases"]]),
        # a word ending its clause ("in a small number."), without the "of" it would take
        "bare_word": _alternation(
            sorted({p.removesuffix(" of") for w in lex["word"] for p in w["phrases"]})
        ),
        "adverb": _alternation([p for w in lex["word"] for p in w.get("adverbs", [])]),
        "fraction": _alternation(list(fraction_table())),
        "modifier": _alternation([p for m in lex["modifier"] for p in m["phrases"]]),
        "noun": _alternation(lex["nouns"]["case_nouns"]),
    }


@cache
def cue_words(kind: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """One cue list of the lexicon (positive, negative, normative, ...) split for fast lookup:
    single words (matched against a clause's words) and phrases (matched as whole words in the
    clause's lower-cased, punctuation-free text)."""
    words = [w.lower() for w in lexicon()["cues"][kind]]
    singles = frozenset(w for w in words if w.isalpha())
    phrases = tuple(sorted((w for w in words if not w.isalpha()), key=len, reverse=True))
    return singles, phrases


@cache
def negated_universals() -> frozenset[str]:
    """Universal words ("all", "always") whose negation says some fell short, not how many."""
    return frozenset(lexicon()["not_quantifiers"]["negated_universal"])
