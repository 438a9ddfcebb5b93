"""Whether words of a clause judge practice, and which way: the lexicon's cue lists
(``quantifiers.toml`` ``[cues]``) looked up in a clause's words.

Each clause is read once into padded lower-case words; a cue list's single words are then one
set intersection and its phrases are looked for only where their first word stands.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from sqs_analysis.ingest.quantifiers import cue_words

_NON_WORD = re.compile(r"[^a-z'’-]+")


@lru_cache(maxsize=512)
def _words_of(text: str, judging: bool) -> tuple[str, str, frozenset[str]]:
    """A clause as padded lower-case words (phrases findable with ``in``), the same with hyphens
    as spaces, and the words of that.

    Words are split at hyphens too, as a regular expression's word boundary would: "well"
    is a cue inside "well-written", and "out-of-date" is the phrase "out of date". For the
    judging cues, the lexicon's not_cues are taken out, each leaving the mark of the judging
    cue it is itself, if any ("without delay" leaves ``<positive>``, and no "without").
    """
    padded = f" {_NON_WORD.sub(' ', text.lower())} "
    if judging:
        for phrase, mark in _not_cues():
            padded = padded.replace(f" {phrase} ", mark)
        if "n't " in padded or any(f" {w} " in padded for w in _NEGATORS):
            padded = _double_negative().sub(" <positive> ", padded)
        if "'s " in padded or "’s " in padded:
            padded = _childs_need().sub(r" \g<who>", padded)
        if attended := _attended_to().search(padded):
            padded = _needs_attended_to(padded, attended)
        if child := _CHILDS_OWN.search(padded):
            padded = _childs_own_clause(padded, child)
    spaced = padded.replace("-", " ")
    return padded, spaced, frozenset(spaced.split())


_NEGATORS = ("no", "not", "without", "never", "free of", "free from")
_DENIAL_FILLERS = (
    "a",
    "an",
    "any",
    "the",
    "significant",
    "major",
    "serious",
    "real",
    "obvious",
    "particular",
)


@cache
def _double_negative() -> re.Pattern[str]:
    """A deficit denied ("no significant gaps", "did not lack", "without weaknesses", "no
    evidence of any delay"): the lexicon's ``negated_negatives`` after a negator and at most one
    filler word, or "evidence of"."""
    deficits = "|".join(
        sorted(map(re.escape, cue_words("negated_negatives")[0]), key=len, reverse=True)
    )
    fillers = "|".join(_DENIAL_FILLERS)
    negators = "|".join(_NEGATORS)
    evidence = r"(?:evidence|sign|indication) of (?:(?:any|a|an) )?"
    return re.compile(
        rf" (?:{negators}|\w+n't) (?:(?:{fillers}) |{evidence})?(?:{deficits})(?= )"
        # "no evidence of concerns being addressed": the deficit is what was not done
        r"(?! (?:being|having|were|was|had|been) )"
    )


@cache
def _childs_need() -> re.Pattern[str]:
    """A deficit that is the child's, straight after a possessive ("the child's poor school
    attendance", "the young person's lack of stable accommodation"): what practice addressed
    or took account of, not a fault of the practice. The possessive is kept, the deficit word
    taken out."""
    deficits = "|".join(sorted(map(re.escape, cue_words("negative")[0]), key=len, reverse=True))
    return re.compile(
        rf" (?P<who>(?:child|person|children|people|girl|boy)['’]s )(?:{deficits})(?= )"
    )


@cache
def _attended_to() -> re.Pattern[str]:
    """A verb of practice attending to a need (the lexicon's ``attending``): what follows it
    names the need."""
    verbs = "|".join(
        sorted(
            map(re.escape, cue_words("attending")[0] | set(cue_words("attending")[1])),
            key=len,
            reverse=True,
        )
    )
    return re.compile(rf" (?:{verbs}) ")


@cache
def _needs() -> frozenset[str]:
    """The lexicon's ``needs``: a child's circumstances as much as a fault."""
    return cue_words("needs")[0]


_DENIED = re.compile(rf" (?:{'|'.join(_NEGATORS)}|failed|fail|failing)(?= )|n't ")
_CHILDS_OWN = re.compile(
    r" (?:(?:child|children|young person|young people|girls?|boys?) (?:who|that|with)"
    r"|(?:if|when|whenever|unless) (?:the |a )?(?:child|young person|they)) "
)
"""Words that open a clause about the child's own doings or state ("children who lacked stable
accommodation", "children with poor attendance", "if the child failed to comply")."""
_NEGATIONS = frozenset({*_NEGATORS, "n't"})
_CLAUSE_TURNS = frozenset({"but", "though", "although", "while", "whereas", "however", "yet"})


def _childs_own_clause(padded: str, child: re.Match[str]) -> str:
    """The clause with what it says the child lacked, failed or missed taken out: the child's
    state or doings, not a fault of the practice; up to a turn to another clause."""
    drop = _needs() | _NEGATIONS | cue_words("childs_doings")[0]
    return _without_words(padded, child.end(), drop, _CLAUSE_TURNS)


def _needs_attended_to(padded: str, attended: re.Match[str]) -> str:
    """The clause with the need words after a verb attending to them taken out, unless the verb
    is denied before it ("had not addressed their poor attendance" still judges against); up to
    where a new verb or clause begins."""
    if _DENIED.search(padded, 0, attended.start() + 1):
        return padded
    return _without_words(padded, attended.end(), _needs(), _OBJECT_ENDS)


def _without_words(padded: str, start: int, drop: frozenset[str], stops: frozenset[str]) -> str:
    """``padded`` with the words of ``drop`` after ``start`` blanked, up to a word of ``stops``
    or an "and" that opens a new subject ("and the plan was")."""
    head, words = padded[:start], padded[start:].split(" ")
    for k, word in enumerate(words):
        after = words[k + 1] if k + 1 < len(words) else ""
        if word in stops or (word == "and" and after in _SUBJECT_OPENS):
            break
        if word in drop:
            words[k] = ""
    return head + " ".join(words)


_OBJECT_ENDS = frozenset(
    {"was", "were", "is", "are", "had", "has", "been", "but", "though", "although", "while",
     "whereas", "which", "so", "yet"}
)  # fmt: skip
_SUBJECT_OPENS = frozenset({"the", "a", "an", "their", "it", "they", "this", "these", "there"})


@cache
def _not_cues() -> tuple[tuple[str, str], ...]:
    """Each of the lexicon's not_cues, with what stands in its place: the mark of the judging
    cue it is itself (" <positive> "), else a space."""
    singles, phrases = cue_words("not_cues")
    out = []
    for phrase in (*phrases, *singles):
        kinds = [
            k for k in ("positive", "negative") if phrase in (*cue_words(k)[0], *cue_words(k)[1])
        ]
        out.append((phrase, f" <{kinds[0]}> " if kinds else " "))
    return tuple(out)


@cache
def _phrases_by_first_word(kind: str) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """A cue list's phrases by their first word (a phrase can only stand where its first word
    does), and the contractions ("n't"), found anywhere."""
    by_first: dict[str, list[str]] = {}
    contractions = []
    for phrase in cue_words(kind)[1]:
        if phrase.startswith("n'"):
            contractions.append(phrase)
        else:
            by_first.setdefault(phrase.split(" ")[0], []).append(phrase)
    return {k: tuple(v) for k, v in by_first.items()}, tuple(contractions)


@lru_cache(maxsize=2048)
def has(kind: str, text: str) -> bool:
    """Whether ``text`` uses a cue of ``kind`` (phrases in the lexicon's not_cues never count)."""
    padded, spaced, words = _words_of(text, kind in ("positive", "negative"))
    if not cue_words(kind)[0].isdisjoint(words) or f"<{kind}>" in words:
        return True
    by_first, contractions = _phrases_by_first_word(kind)
    if any(phrase in padded for phrase in contractions):
        return True
    return any(
        f" {phrase} " in spaced
        for first in words.intersection(by_first)
        for phrase in by_first[first]
    )
