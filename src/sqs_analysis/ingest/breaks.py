"""Where a sentence's clauses break: at a semicolon, a colon, "although", ", but", a new
subject and verb after "and" or a comma ("12 were good enough and four were not"), and after
an opening concession ("Although most assessments were sufficient, plans were not"). A count
is judged by the words of its own clause.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SMALL_COUNT = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
"""A count as a clause's subject ("12 were ...", "four were not")."""
_FINITE = r"(?:were|was|had|did|have)\b"
"""The verb a new subject takes."""

_SHARED_SUBJECT = r"(?:(?:were|was|did|had)\s+(?:not|never)|lacked|failed\s+to)\b(?![^,;.]*\b(?:in|for)\s+(?:only\s+)?(?:\d|one|two|three|four|five|six|seven|eight|nine|ten)\b)"
"""A predicate after "but" with no subject of its own and no count ("they had been completed but
were not thorough enough"): the same cases, judged again, in the same clause."""
CLAUSE_BREAK = re.compile(
    r";|:(?!\d)|,\s*(?:although|though|whereas|however|while|but)\b(?!\s*,)(?!\s+(?:not|by\s+no\s+means)\s+(?:all|every|always)\b\s*,)"
    rf"(?!\s+{_SHARED_SUBJECT})|(?<!\ball)(?<!\banything)\s+but\s+(?!one\b|two\b|(?:not|by\s+no\s+means)\s+(?:all|every|always)\b\s*,|{_SHARED_SUBJECT})|\s+although\s+"
    # "12 were good enough and four were not": a new subject and verb start a new clause
    rf"|,?\s+and\s+(?=(?:the\s+|a\s+)?(?:other\s+|remaining\s+|further\s+)?(?:all\s+)?"
    rf"(?:{_SMALL_COUNT}|all|none|most|many|few)(?:\s+(?!{_FINITE})[a-z-]+)?\s+{_FINITE})"
    rf"|,\s+and\s+(?=(?:the\s+)?[\w-]+\s+{_FINITE})",
    re.I,
)


def clause_span(sentence: str, position: int) -> tuple[int, int]:
    """Start and end of the clause of ``sentence`` holding ``position``."""
    start, end = 0, len(sentence)
    for b_start, b_end in _breaks(sentence):
        if b_end <= position:
            start = b_end
        elif b_start >= position:
            end = b_start
            break
    return start, end


@lru_cache(maxsize=256)
def _breaks(sentence: str) -> tuple[tuple[int, int], ...]:
    """Where the sentence's clauses break, found once for all its mentions; a sentence that
    opens with a concession ("Although most assessments were sufficient, plans were not")
    breaks at the comma that closes it."""
    found = [b.span() for b in CLAUSE_BREAK.finditer(sentence)]
    if "," in sentence:
        found = sorted([*found, *_counts_opening_clauses(sentence)])
    if (opening := _OPENING_CONCESSION.match(sentence)) and not any(
        s < opening.end() for s, _ in found
    ):
        found.insert(0, (opening.end() - 1, opening.end()))
    return tuple(found)


_COUNT_AFTER_COMMA = re.compile(rf",\s+(?=(?:only\s+|just\s+)?{_SMALL_COUNT}\s+{_FINITE})", re.I)
_FRONTED_GROUP = re.compile(r"\W*(?:of|among|amongst|from|for)\s", re.I)
_FINITE_VERB = re.compile(rf"\b{_FINITE}", re.I)


def _counts_opening_clauses(sentence: str) -> list[tuple[int, int]]:
    """Commas before a count with its own verb ("Seventeen plans were good, two were
    borderline"), where the words before the comma have a verb of their own and do not name a
    group up front ("Of the five children who ..., only two had ...": the count is its
    clause's)."""
    spans = []
    for m in _COUNT_AFTER_COMMA.finditer(sentence):
        start = max(sentence.rfind(";", 0, m.start()), sentence.rfind(":", 0, m.start())) + 1
        if _FINITE_VERB.search(sentence, start, m.start()) and not _FRONTED_GROUP.match(
            sentence, start
        ):
            spans.append(m.span())
    return spans


_OPENING_CONCESSION = re.compile(
    r"\W*(?:although|though|while|whereas|even\s+though)\b[^,;:]*,", re.I
)


def clause_around(sentence: str, position: int) -> str:
    """The clause of ``sentence`` holding ``position`` (split at ';', 'although', ', but' ...)."""
    start, end = clause_span(sentence, position)
    return sentence[start:end]
