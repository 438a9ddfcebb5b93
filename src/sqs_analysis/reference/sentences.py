"""One way to split prose into sentences, for the parser and the analysis alike.

A sentence ends at ``.``, ``!`` or ``?`` (and any closing quotes or brackets after it) when the
next one starts with a capital or a digit, after optional opening quotes or brackets, or with
a stray letter or two before a capitalised word (what OCR makes of a paragraph number it cannot
read: "... had increased. eM Of the five children ..."). It does
not end after an abbreviation: "e.g.", "i.e.", "etc.", "cf." and "vs." in any case, and the
capitalised titles "Mr.", "Mrs.", "Ms.", "Dr.", "No." and "St." ("St. Helens"). Numbers such as
"2.3" never end a sentence, since no space follows their point.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"”’'*)\]]*\s+(?=[\"“‘'*(\[]*[A-Z0-9]|[a-z][A-Za-z]?\s+[A-Z][a-z])"
)
_CLOSERS = "\"”’'*)]"
_ABBREVIATION = re.compile(r"\b(?:(?i:e\.g|i\.e|etc|cf|vs)|Mr|Mrs|Ms|Dr|No|St)\.$")
_ABBREVIATION_TAIL = 8
"""Characters at the end of a sentence that can hold an abbreviation and the character before
it (the longest is four), so only they are searched, not the whole sentence."""


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, whitespace normalised, abbreviations and quotations intact.

    >>> split_sentences('He said "good." Support, e.g. mentoring, was offered. 2.3 Plans.')
    ['He said "good."', 'Support, e.g. mentoring, was offered.', '2.3 Plans.']
    """
    return list(_split_sentences(str(text)))


@lru_cache(maxsize=65536)
def _split_sentences(text: str) -> tuple[str, ...]:
    text = " ".join(text.split())
    if not text:
        return ()
    pieces: list[str] = []
    start = 0
    for end in _SENTENCE_END.finditer(text):
        candidate = text[start : end.start()].rstrip().rstrip(_CLOSERS)
        if _ABBREVIATION.search(candidate[-_ABBREVIATION_TAIL:]):
            continue
        pieces.append(text[start : end.end()].strip())
        start = end.end()
    pieces.append(text[start:].strip())
    return tuple(p for p in pieces if p)
