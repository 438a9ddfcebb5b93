"""Search words: a light stemmer, the query language and how one sentence matches a query.

Used by :mod:`.search`. The rules are few and written here so an analyst can check them:

* **Words** are runs of letters and digits; an apostrophe ending ("child's") is dropped and
  case is ignored. Hyphenated words are separate words ("re-offending" is "re" "offending").
* **Word forms** are found by a light stemmer (:func:`stem`): a few irregular plurals
  ("children" -> "child"), then up to three passes that each strip one ending (``-ations``,
  ``-ation``, ``-ative``, ``-ments``, ``-ment``, ``-ness``, ``-ings``, ``-ing``, ``-edly``,
  ``-ed``, ``-ers``, ``-er``, ``-ies``/``-ied`` -> ``-y``, ``-es`` after s/x/z/ch/sh,
  ``-s``, ``-ly``, ``-ive``), leaving at least three letters (four before ``-er``), undoubling
  a final consonant after ``-ing``/``-ed``/``-er`` ("planned" -> "plan"), and a final ``-e``
  dropped. The query and the text are stemmed alike, so "exploit" finds "exploited",
  "exploitation" and "exploitative", and "review" finds "reviews" and "reviewing".
* **A quoted phrase** ("sexual exploitation") matches those word forms next to each other in
  that order. Unquoted words may stand anywhere in the sentence; a handful of very common
  words (:data:`STOP_WORDS`) are ignored outside quotes.
* **Every term must match** by default (each unquoted word and each phrase); with
  ``match="any"`` a sentence matching some of them is found too.

Ranking (:func:`rank_key`): more terms matched first; then sentences where the query's
words stand next to each other as typed; then closeness (the fewest words spanning one match
of every matched term); then the newest publication, then area and position in the report.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s?$")
IRREGULAR = {
    "children": "child",
    "people": "person",
    "men": "man",
    "women": "woman",
    "staff": "staff",
}
"""Plural forms the suffix rules cannot reach, and words they must leave alone."""
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "were",
        "with",
    ]
)
"""Words ignored outside quotes: they are in almost every sentence and would only narrow a
search by chance."""
_SUFFIXES: tuple[tuple[str, str, int], ...] = (
    # ending, replacement, shortest stem left
    ("ations", "", 3),
    ("ation", "", 3),
    ("atives", "", 3),
    ("ative", "", 3),
    ("ments", "", 3),
    ("ment", "", 3),
    ("nesses", "", 3),
    ("ness", "", 3),
    ("ings", "", 3),
    ("ing", "", 3),
    ("edly", "", 3),
    ("ied", "y", 2),
    ("ies", "y", 2),
    ("ed", "", 3),
    ("ers", "", 4),
    ("er", "", 4),
    ("ly", "", 3),
    ("ives", "", 3),
    ("ive", "", 3),
)
_UNDOUBLE_AFTER = ("ing", "ings", "ed", "edly", "er", "ers")
_KEEP_DOUBLE = set("lsz")
_VOWELS = set("aeiouy")


def _strip_plural(word: str) -> str | None:
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("es") and len(word) > 4 and word[-3] in "sxz":
        return word[:-2]
    if word.endswith(("ches", "shes")) and len(word) > 5:
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return None


def _strip_once(word: str) -> str | None:
    """``word`` with one ending stripped, or ``None`` when no rule applies."""
    for ending, replacement, shortest in _SUFFIXES:
        if not word.endswith(ending):
            continue
        base = word[: -len(ending)]
        if len(base) < shortest or not _VOWELS & set(base):
            continue
        stemmed = base + replacement
        if (
            ending in _UNDOUBLE_AFTER
            and len(stemmed) > 3
            and stemmed[-1] == stemmed[-2]
            and stemmed[-1] not in _VOWELS | _KEEP_DOUBLE
        ):
            stemmed = stemmed[:-1]
        return stemmed
    return _strip_plural(word)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The form a word is searched by: lower case, endings stripped (see the module's rules).

    >>> [stem(w) for w in ("exploit", "exploited", "exploitation", "Exploitative")]
    ['exploit', 'exploit', 'exploit', 'exploit']
    >>> [stem(w) for w in ("planned", "planning", "plans", "children", "child's")]
    ['plan', 'plan', 'plan', 'child', 'child']
    """
    word = _POSSESSIVE.sub("", word.casefold())
    if word in IRREGULAR:
        return IRREGULAR[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    for _ in range(3):
        shorter = _strip_once(word)
        if shorter is None or shorter == word:
            break
        word = shorter
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


@dataclass(frozen=True)
class Tokens:
    """The words of one text: each word's stem and its place (start, end) in the text."""

    stems: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]


def tokenize(text: str) -> Tokens:
    """Every word of ``text`` with its stem and character span."""
    found = [(m.group(0), m.span()) for m in _WORD.finditer(str(text))]
    return Tokens(tuple(stem(w) for w, _ in found), tuple(span for _, span in found))


@dataclass(frozen=True)
class Term:
    """One thing a query asks for: a word, or a quoted phrase (several words in order)."""

    text: str
    stems: tuple[str, ...]
    phrase: bool


@dataclass(frozen=True)
class Query:
    """A parsed query: its terms and, for the ranking, all its words in the order typed."""

    text: str
    terms: tuple[Term, ...]
    sequence: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.terms


def _split(text: str) -> list[tuple[str, bool]]:
    """(chunk, quoted) pairs; an unbalanced quote is taken as plain text."""
    normal = text.replace("“", '"').replace("”", '"')
    try:
        lexer = shlex.shlex(normal, posix=True)
        lexer.quotes = '"'
        lexer.whitespace_split = True
        lexer.commenters = ""
        chunks = list(lexer)
    except ValueError:
        return [(w, False) for w in normal.replace('"', " ").split()]
    quoted = set(re.findall(r'"([^"]*)"', normal))
    return [(c, c in quoted and " " in c.strip()) for c in chunks]


def parse_query(text: str) -> Query:
    """Terms of a query: each unquoted word (common words dropped) and each quoted phrase.

    >>> [t.stems for t in parse_query('review "child sexual exploitation" of plans').terms]
    [('review',), ('child', 'sexual', 'exploit'), ('plan',)]
    """
    terms: list[Term] = []
    sequence: list[str] = []
    for chunk, quoted in _split(str(text or "")):
        words = tokenize(chunk).stems
        if not words:
            continue
        if quoted:
            terms.append(Term(chunk, words, True))
            sequence.extend(words)
            continue
        for word, (start, end) in zip(words, tokenize(chunk).spans, strict=True):
            if word in STOP_WORDS:
                continue
            terms.append(Term(chunk[start:end], (word,), False))
            sequence.append(word)
    unique = tuple(dict.fromkeys(terms))
    return Query(str(text or ""), unique, tuple(sequence))


def _starts(stems: tuple[str, ...], wanted: tuple[str, ...]) -> list[int]:
    n = len(wanted)
    return [i for i in range(len(stems) - n + 1) if stems[i : i + n] == wanted]


@dataclass(frozen=True)
class Match:
    """How one text matches a query."""

    terms: int
    in_order: bool
    window: int
    spans: tuple[tuple[int, int], ...]


def _window(positions: list[list[tuple[int, int]]]) -> int:
    """Fewest words spanning one occurrence (start, end word index) of every term."""
    events = sorted((start, end, k) for k, occ in enumerate(positions) for start, end in occ)
    need = len(positions)
    best = 10**9
    counts: dict[int, int] = {}
    left = 0
    for right in range(len(events)):
        counts[events[right][2]] = counts.get(events[right][2], 0) + 1
        while len(counts) == need:
            span = max(e[1] for e in events[left : right + 1]) - events[left][0]
            best = min(best, span)
            k = events[left][2]
            counts[k] -= 1
            if not counts[k]:
                del counts[k]
            left += 1
    return best


def match(query: Query, tokens: Tokens, *, require_all: bool = True) -> Match | None:
    """How ``tokens`` match ``query``, or ``None`` when they do not (every term is needed
    unless ``require_all`` is false). An empty query matches everything, marking nothing."""
    if query.empty:
        return Match(0, False, 0, ())
    positions: list[list[tuple[int, int]]] = []
    for term in query.terms:
        starts = _starts(tokens.stems, term.stems)
        if starts:
            positions.append([(s, s + len(term.stems)) for s in starts])
        elif require_all:
            return None
    if not positions:
        return None
    words = sorted({i for occ in positions for s, e in occ for i in range(s, e)})
    spans = tuple(tokens.spans[i] for i in words)
    in_order = len(query.sequence) > 1 and bool(_starts(tokens.stems, query.sequence))
    return Match(len(positions), in_order, _window(positions), spans)


def rank_key(found: Match) -> tuple[int, int, int]:
    """Sort key of a match: more terms, then words in the query's order, then closer words."""
    return (-found.terms, 0 if found.in_order else 1, found.window)


def mark(
    text: str, spans: tuple[tuple[int, int], ...], before: str = "**", after: str = "**"
) -> str:
    """``text`` with each matched span wrapped in ``before`` and ``after`` (runs of matched
    words separated only by spaces are marked as one)."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and text[merged[-1][1] : start].strip() == "":
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, at = [], 0
    for start, end in merged:
        out += [text[at:start], before, text[start:end], after]
        at = end
    out.append(text[at:])
    return "".join(out)
