"""Letters a font maps to the wrong character, found and, where the letter itself shows what
they stand for, read back.

Some PDFs (Ghostscript's re-distilled copies of browser output among them) map ligature
glyphs to accented letters: "oûending" for "offending", "identiüed" for "identified". Such a
letter stands where English has none (between lower-case letters, or opening a lower-case
word), many times and in many words. Which ligature it stands for is decided from the rest of
the same letter: each candidate ("ff", "fi", "fl", "ffi", "ffl") is scored by how many of the
words it makes the letter also prints correctly elsewhere, and by how usual its letter
sequences are in the letter's own correctly printed words. Only a clear winner is applied, with
a warning naming it; otherwise the words are left as printed, with a warning, and no value in
them is read.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cache

_ODD = "[\u00c0-\u024f\x00\x01\x03-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
"""An accented letter, or a control character (never \\x02, PDFium's hyphen mark): what a
font that maps a ligature wrongly gives for it."""
_ACCENTED = re.compile(_ODD)
_ODD_IN_WORD = re.compile(rf"(?<=[a-z]){_ODD}(?=[a-z])|(?<![\w]){_ODD}(?=[a-z]{{2}})")
_WORD = re.compile(r"[^\W\d_]+")
CANDIDATES = ("ff", "fi", "fl", "ffi", "ffl")
"""What a wrongly mapped glyph stands for: the ligatures fonts draw as one glyph."""
KNOWN_WORD = 5.0
"""Score of a repaired word the letter also prints correctly elsewhere (in log-probability
units: stronger evidence than any run of usual letter sequences)."""
MARGIN = 2.0
"""How much better, per word, the winner must score than the next candidate."""


def odd_letters(text: str) -> dict[str, set[str]]:
    """Each letter that stands where English has none, and the words it stands in."""
    found: dict[str, set[str]] = {}
    if not _ACCENTED.search(text):
        return found
    for m in _ODD_IN_WORD.finditer(text):
        a, b = m.start(), m.end()
        while a > 0 and text[a - 1].isalpha():
            a -= 1
        while b < len(text) and text[b].isalpha():
            b += 1
        found.setdefault(m.group(), set()).add(text[a:b])
    return {char: words for char, words in found.items() if len(words) >= 3}


def repair_glyphs(text: str) -> tuple[str, list[str]]:
    """The text with each clearly identified wrong glyph read back, and a warning for each
    wrong glyph, read back or not."""
    found = odd_letters(text)
    if not found:
        return text, []
    clean = [w.lower() for w in _WORD.findall(text) if not _ACCENTED.search(w)]
    vocabulary, trigrams = set(clean) | _reference_words(), _trigrams(clean)
    warnings = []
    for char, words in sorted(found.items()):
        shown = ", ".join(f"'{_visible(w)}'" for w in sorted(words)[:4])
        named = _visible(char)
        best = _best_candidate(char, words, vocabulary, trigrams)
        if best is None:
            warnings.append(
                f"the text layer prints '{named}' inside {len(words)} words ({shown} ...): a "
                "font maps a glyph (a ligature?) to the wrong character, so those words, and "
                "any value in them, are not read"
            )
            continue
        # every place the glyph touches a letter: inside, opening or closing a word ("staû")
        glyph = re.escape(char)
        text = re.sub(rf"(?<=[A-Za-z]){glyph}|{glyph}(?=[a-z])", best, text)
        warnings.append(
            f"the text layer prints '{named}' inside {len(words)} words ({shown} ...), where the "
            f"letter's own words show a '{best}' ligature its font maps wrongly: read as '{best}'"
        )
    return text, warnings


@cache
def _reference_words() -> frozenset[str]:
    """Words the package's own reference text spells out (the codebook's and the lexicon's
    descriptions: "reoffending", "effective", "sufficient", ...): known words where a letter
    prints every one of them with the same wrong glyph."""
    from importlib.resources import files

    texts = (
        files("sqs_analysis.reference").joinpath("codebook.toml").read_text("utf-8"),
        files("sqs_analysis.ingest").joinpath("quantifiers.toml").read_text("utf-8"),
    )
    return frozenset(w.lower() for text in texts for w in _WORD.findall(text) if len(w) > 3)


def _best_candidate(
    char: str, words: set[str], vocabulary: set[str], trigrams: Counter[str]
) -> str | None:
    scores = sorted(
        ((_score(char, cand, words, vocabulary, trigrams), cand) for cand in CANDIDATES),
        reverse=True,
    )
    (best, name), (second, _) = scores[0], scores[1]
    return name if best - second >= MARGIN * len(words) ** 0.5 else None


def _score(
    char: str, cand: str, words: set[str], vocabulary: set[str], trigrams: Counter[str]
) -> float:
    total = sum(trigrams.values()) or 1
    score = 0.0
    for word in words:
        repaired = word.replace(char, cand).lower()
        if repaired in vocabulary:
            score += KNOWN_WORD
            continue
        padded = f"^{repaired}$"
        at = padded.find(cand)
        for i in range(max(0, at - 2), min(len(padded) - 2, at + len(cand))):
            score += math.log((trigrams[padded[i : i + 3]] + 0.1) / total)
    return score


def _trigrams(words: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for word in words:
        padded = f"^{word}$"
        counts.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return counts


def _visible(text: str) -> str:
    """Text with its control characters named ("o<U+0013>ending"), so a warning shows them."""
    return "".join(f"<U+{ord(c):04X}>" if ord(c) < 32 or 127 <= ord(c) < 160 else c for c in text)
