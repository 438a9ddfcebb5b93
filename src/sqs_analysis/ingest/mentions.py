"""Where a sentence counts cases: the mentions a judgement can be built from.

A mention is a stretch of a sentence that says how many cases ("17 of the 18", "10/12",
"most cases", "in the main", "all but one", "with one exception", "Of these, only four"),
or names a group that later words count within ("Eight cases required a plan", "(ten
cases)"). Every way of counting is a pattern built from the quantifier lexicon
(``quantifiers.toml``); which mentions judge practice is decided in :mod:`.judgements`.

Kinds, most specific first:

* ``of_group`` - "Of the five children sentenced to custody, only two ..."; "Of these, four ...";
* ``group_named`` - "Of the nine cases with a victim, ...": a group whose count comes later;
* ``all_n`` - "All seven", "in all four cases", "each of the three": N of N;
* ``of_them`` - "two of them", "seven of which", "only eight were ...", "all had ...";
* ``count_of`` - "17 of the 18", "twelve out of fifteen", "10/12", "14 (78%) of the 18";
* ``ratio`` - "two out of every three cases", "one in five plans": a share, not a count;
* ``percent`` - "78% of cases", "nearly 30% of the children", "71% of the time", "...: only 40%
  were completed";
* ``all_but`` - "all but one", "with one exception", "with the exception of two cases", "bar one";
* ``examples`` - "three examples where", "two instances in which";
* ``n_cases`` - "in eleven cases", "seven of the cases";
* ``n_subject`` - a count that opens a clause: "Eight cases required a plan", "Six had been ...";
* ``paren_group`` - a group size in brackets: "(ten cases)";
* ``n_range`` - "in two or three cases": a count known only within a range;
* ``in_group`` - "good in both", "in each of these", "for all": the whole group named before;
* ``respectively`` - "in 15 and 12 cases respectively": a figure for each of two subjects;
* ``remainder`` - "the remaining six", "in the other cases", "the rest": the cases outside a
  count already given;
* ``in_bare`` - "... in only 11.", "among these, ... in ten": a count of the group named before;
* ``fraction`` - "nearly three-quarters of the relevant cases";
* ``word`` - "most cases", "almost every plan", "none of them";
* ``adverb`` - "in the main", "without exception", "rarely": the cases of the clause itself.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from sqs_analysis.ingest.breaks import clause_span
from sqs_analysis.ingest.cues import has
from sqs_analysis.ingest.not_counts import counts_nothing
from sqs_analysis.ingest.quantifiers import (
    NUMBER,
    NUMBER_WORDS,
    lexicon,
    negated_universals,
    patterns,
)

_ARTICLE = r"(?:the\s+|these\s+|those\s+|our\s+|their\s+)?"
_GAP = r"(?:(?!(?:and|or|but|with)\b|\d|in\s+\d)[\w/'’-]+\s+){0,3}?"
"""Words between a quantifier and its noun ("17 of the 21 relevant cases"), never another count
("all appointments in 13 cases": the 13 cases are a count of their own)."""
_CLAUSE_START = r"\b(?P<cs>)"
"""Marks an alternative that must open a clause; checked after matching (``_opens_clause``),
which is much cheaper than asking the regex engine to look behind at every position."""
OPENER = re.compile(r"(?:^|[;,:(]|\b(?:and|but|although|though|while|whereas))\s*$", re.I)
_VERB = (
    r"(?:were|was|had|have|gave|contained|showed|included|received|required|needed|did|involved|"
    r"met|lacked|fell|failed)\b"
)
_ANY_VERB = rf"(?:{_VERB}|[a-z]+ed\b(?!\s+\d)|took\b|made\b|gave\b|saw\b|met\b|kept\b|drew\b|set\b|put\b|got\b|lacks\b|falls\b|needs\b)"
_CONNECTIVE = r"\s*,\s*(?:however|though|in\s+contrast|by\s+contrast|nevertheless|on\s+the\s+other\s+hand|in\s+turn)\s*,\s*"
"""A connective set off by commas between a subject and its verb ("A minority, however, did not")."""
_GROUP_NOUN = r"(?:cases?|children|child|young\s+people|young\s+person|reports?|plans?|assessments?|boys|girls)"
PEOPLE = re.compile(r"child|young|boys|girls", re.I)
"""Counts of people describe the sample ("Three children were not attending school"); counts of
cases, plans and reports judge practice ("Three cases did not have a sufficient plan")."""
_NOT_CASES = (
    r"(?!\s+(?:aspects?|areas?|staff|members|questions|criteria|themes|domains|parts|elements)\b)"
)
"""What follows a count that counts something other than cases ("two out of three aspects")."""
BACK_REFERENCES = frozenset({"of_them", "in_group", "in_bare"})
"""Kinds that count within a group named earlier, never on their own."""


@cache
def mention_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """(kind, pattern) for every way a clause can count cases, most specific first."""
    p = patterns()
    noun = rf"(?:{p['noun']})"
    n = NUMBER
    pct = r"\d{1,3}(?:\.\d+)?\s*(?:%|per\s*cent)"
    raw = [
        ("of_group", rf"\b(?:of|from|among|amongst)\s+(?:(?:(?:the|these|those)\s+)?(?P<den>{n})(?:\s+(?P<what>[^,;.]{{1,100}}?))?"
                     rf"|these|those|them|this\s+group)\s*,\s*"
                     # "Of the 12 cases that required a plan, we judged only five to be sufficient"
                     rf"(?:(?:we|inspectors|they)\s+(?:judged|found|considered|rated|assessed)\s+(?=(?:only\s+|just\s+)?{n}\s+(?:to\s+be|as)\b))?"
                     rf"(?:only\s+|just\s+)?(?:all\s+but\s+(?P<missing>{n})|(?P<num>{n}|none|all|both))\b"
                     # "Of the ten children who needed a plan, including the two in custody, eight had ..."
                     rf"|\bof\s+(?:the|these|those)\s+(?P<den2>{n})\s+[^;.]{{1,160}}?,\s*(?:only\s+|just\s+)?"
                     rf"(?P<num2>{n}|none|all|both)\s+(?=(?:had|have|were|was|did|received|showed|gave)\b)"),
        # "Of the nine cases with a victim, ...": a group named, its count later in the clause
        ("group_named", rf"\b(?:of|from|among|amongst)\s+(?:the|these|those)\s+(?P<den>{n})\s+(?:[^,;.()]{{1,100}}?)(?=\s*,)"
                        # "In the 12 cases where a victim had been identified, ... in nine"
                        rf"|\bin\s+(?:the|these|those)\s+(?P<den2>{n})\s+(?:[\w-]+\s+)?cases\s+(?:where|in\s+which|which|that|when)\b[^,;.()]{{1,100}}?(?=\s*,)"
                        rf"|\bin\s+(?:the|these|those)\s+(?P<den4>{n})\s+(?:[\w-]+\s+)?cases?(?=\s*,)"
                        # "We read 12 pre-sentence reports. Ten were of good quality."
                        rf"|\b(?:we|inspectors)\s+(?:also\s+)?(?:saw|read|looked\s+at|examined|reviewed)\s+(?:a\s+total\s+of\s+|all\s+)?(?P<den3>{n})\s+(?:[\w-]+\s+){{0,2}}?{_GROUP_NOUN}\b"
                        # "We saw three cases where the plan was late": examples, no group
                        rf"(?!\s+(?:where|in\s+which|when)\b)"),
        _all_of_them(n, noun),
        ("of_them", rf"\b(?<!every\s)(?<!each\s)(?:in\s+)?(?:only\s+|just\s+)?(?P<num>{n}|none|all|both)\s+of\s+(?:them|these|those|which)\b(?!\s+{n}\b)"
                    rf"|{_CLAUSE_START}(?:(?P<word>all|none|both)(?=\s+{_VERB})|(?:only|just)\s+(?P<num2>{n})(?=\s+{_ANY_VERB}))"),
        ("count_of", rf"\b(?P<qword>none|neither|either|all|both|each|every\s+one|not\s+one|not\s+a\s+single\s+one)\s+of\s+{_ARTICLE}(?P<den4>{n})\b{_NOT_CASES}"
                     rf"(?:\s+{_GAP}{noun}\b)?"
                     rf"|\b(?P<num>{n})\s*(?:\(\s*{pct}\s*\)\s*)?(?:out\s+)?of\s+{_ARTICLE}(?P<den>{n})\b{_NOT_CASES}"
                     rf"(?:\s+{_GAP}{noun}\b)?"
                     rf"|(?<![\d/])(?P<num2>\d{{1,3}})\s*/\s*(?P<den2>\d{{1,3}})(?![\d/])(?:\s+{_GAP}{noun}\b)?"
                     rf"|\b{pct}\s*\(\s*n\s*=\s*(?P<num3>\d{{1,3}})\s*\)\s*of\s+{_ARTICLE}(?P<den3>{n})\b(?:\s+{_GAP}{noun}\b)?"
                     # "in 12 cases out of 15": the count, not "in 12 cases" of the sample
                     rf"|\b(?:in\s+)?(?P<num5>{n})\s+(?:[\w-]+\s+){{1,2}}?out\s+of\s+(?P<den5>{n})\b{_NOT_CASES}"),
        ("ratio", rf"\b(?:in\s+)?(?:(?P<mod>{p['modifier']})\s+)?(?P<num>{n})\s+(?P<ratio_noun>(?:cases?|plans?|reports?|assessments?|children|child)\s+)?(?:times\s+out\s+of|out\s+of\s+every|in\s+every|in)\s+(?P<den>{n})\b(?!\s*(?:%|per\s*cent)){_NOT_CASES}"
                  rf"(?(ratio_noun)|(?:\s+{_GAP}{noun}\b)?)"),
        ("percent", rf"\b(?:(?P<mod>{p['modifier']})\s+)?(?:(?P<pct>\d{{1,3}}(?:\.\d+)?)\s*(?:%|per\s*cent)|(?P<pctw>{n})\s+per\s*cent)"
                    rf"\s+of\s+{_ARTICLE}(?:(?P<pden>{n})\s+)?{_GAP}{noun}\b"
                    rf"|\bin\s+(?:only\s+|just\s+)?(?P<pct2>\d{{1,3}}(?:\.\d+)?)\s*(?:%|per\s*cent)(?=\s*[.;,]|\s*$)"
                    # "Both assessment (85%) and planning (75%) were good": a share in brackets
                    rf"|(?<=[a-z])\s*\(\s*(?P<pct3>\d{{1,3}}(?:\.\d+)?)\s*(?:%|per\s*cent)\s*\)"
                    rf"|(?:(?<=^)|(?<=[:;,]\s)|(?<=\bonly\s)|(?<=\bjust\s))(?:(?P<mod2>{p['modifier']})\s+)?"
                    rf"(?P<pct4>\d{{1,3}}(?:\.\d+)?)\s*(?:%|per\s*cent)\s+(?=(?:were|was|had|did|received|showed|met)\b)"),
        _all_but(n, noun),
        ("examples", rf"\b(?P<num>{n})\s+(?:examples?|instances?|cases?)\s+(?:where|in\s+which|when)\b"),
        # "Of the 20 plans, 12 were good, five adequate and three insufficient": each count of
        # a list with its own verdict, beside the first (never counting within it)
        ("listed", rf"(?:(?<=,)|(?<=\band))\s+(?P<num>{n})\s+(?=(?:(?:were|was)\s+)?(?:not\s+)?(?:{'|'.join(sorted(LISTED_VERDICTS))})\b)"),
        ("n_range", rf"\bin\s+(?P<lo>{n})\s+or\s+(?P<hi>{n})\s+(?:[\w-]+\s+)?(?:cases|instances)\b"),
        *_counts_beside_others(n, noun),
        ("n_cases", rf"\bin\s+(?:as\s+many\s+as\s+|no\s+fewer\s+than\s+|only\s+|just\s+|a\s+further\s+)?(?P<num>{n})\s+(?:\(\s*{pct}\s*\)\s+)?(?:[\w-]+\s+)?(?:cases?|instances?|reports|plans|assessments)\b"
                    rf"|\b\d{{1,3}}(?:\.\d+)?\s*%\s*\(\s*(?:n\s*=\s*)?(?P<num3>\d{{1,3}})\s*\)\s*of\s+{_ARTICLE}(?:[\w-]+\s+)?cases\b"
                    rf"|\b(?P<num2>{n})\s+(?:\(\s*{pct}\s*\)\s+)?of\s+the\s+(?:[\w-]+\s+){{0,2}}?"
                    rf"(?:cases|sample|children|young\s+people|girls|boys|plans|assessments|reports|reviews)\b"
                    # "There were 14 cases that required a plan": a group, or a count where its
                    # clause judges ("There were three cases where the plan was not sufficient")
                    rf"|\bthere\s+(?:were|had\s+been)\s+(?P<num4>{n})\s+(?:[\w-]+\s+){{0,2}}?{_GROUP_NOUN}\b"
                    rf"(?!\s+(?:where|in\s+which|when)\b)"),  # "three cases where ...": examples
        ("n_subject", rf"{_CLAUSE_START}(?:only\s+|just\s+|as\s+(?:many|few)\s+as\s+)?(?P<num>{n})\s+(?:(?:(?!(?:in|of|out|per)\b)[\w-]+\s+){{0,2}}?(?P<noun>{_GROUP_NOUN})\s+(?:(?:in|of|from|on|at)\s+(?:the\s+|a\s+)?(?!{n}\b)[\w-]+\s+)?)?(?:\(\s*[^()]{{1,15}}\)\s+)?(?={_ANY_VERB})"),
        ("paren_group", rf"\(\s*(?P<num>{n})(?:\s+(?:[\w-]+\s+)?{_GROUP_NOUN})?\s*\)"),
        ("in_group", r"\b(?:in|for)\s+(?P<word>both|each|all|every\s+one|neither)\b"
                     r"(?=\s*(?:[.;,:)]|$)|\s+(?:and|although|though|while|whereas|where|when|with|the|a|an|it|they|this)\b)"
                     r"|\b(?:in|for)\s+(?P<word2>each|all|both)\s+of\s+(?:these|those|them)\b"
                     # "The reports (six) were all of good quality": all of the subject
                     rf"|(?:\b(?:{_GROUP_NOUN}|they|these|those)|(?<=\)))\s+(?:were|had\s+been|had)\s+(?P<floating>all)\b"
                     r"(?!\s+(?:but|bar|except|save|of\s+(?:them|these|those|the)|the|cases|in|too)\b)"),
        # "..., and in five it was not", "..., and for 15 it was of good quality" (never "asked
        # for one.": after "for", a count only before the subject of its verdict)
        ("in_bare", rf"\bin\s+(?:only\s+|just\s+|a\s+further\s+)?(?P<num>{n})(?=\s*[.;,]|\s*$|\s+(?:the|a|an|it|they|this|had|was|were|did|and|but|while|whereas)\b)"
                    rf"|\bfor\s+(?:only\s+|just\s+|a\s+further\s+)?(?P<num5>{n})(?=\s+(?:the|it|they|this|there)\b)"
                    # "we judged only five to be sufficient", "We found seven to be of good quality"
                    rf"|\b(?:judged|found|considered|rated)\s+(?:only\s+|just\s+)?(?P<num3>{n})\s+(?:of\s+(?:them|these|those)\s+)?(?:to\s+be|as)\b"
                    rf"|\bamong\s+(?:these|them|those)\s*,?\s+[^,;.]*?\bin\s+(?:only\s+|just\s+)?(?P<num2>{n})\b"
                    # "The standard was high, with only two falling short"
                    rf"|\bwith\s+(?:only\s+|just\s+)?(?P<num4>{n})\s+(?:of\s+(?:them|these|those)\s+)?(?=(?:falling|failing|lacking|being|not)\b)"),
        *_quantifier_words(p, n, noun),
    ]  # fmt: skip
    return [(kind, re.compile(rx, re.I)) for kind, rx in raw]


def _all_of_them(n: str, noun: str) -> tuple[str, str]:
    """Every case of a group of N: "All seven", "in all four cases", "each of the three", "The
    two MAPPA cases were ...", "in the three cases where ..."."""
    return (
        ("all_n", rf"\b(?:all|each\s+of\s+the|every\s+one\s+of\s+the|both\s+of\s+the)\s+(?P<num>{n})"
                  rf"(?!\s*(?:%|per\s*cent|of\b))\b(?:\s+(?:[\w-]+\s+)?{noun}\b)?"
                  # "The two MAPPA cases were well managed": all of them
                  rf"|{_CLAUSE_START}the\s+(?P<num2>{n})\s+(?:[\w-]+\s+)?cases?(?=\s+(?:were|was|had)\b)"
                  # "... had responded well in the three cases where this had occurred": all of
                  # the cases the clause names (with a comma after it, a group named instead)
                  rf"|\b(?:in|for)\s+the\s+(?P<num3>{n})\s+(?:[\w-]+\s+)?cases?(?=\s+(?:where|in\s+which|when|that|which)\b)")
    )  # fmt: skip


def _all_but(n: str, noun: str) -> tuple[str, str]:
    """Counts by their exceptions: "all but two", "with one exception", "except in three
    cases", "in every case bar one"."""
    return (
        ("all_but", rf"\b(?:except|apart\s+from|other\s+than)\s+(?:in\s+|for\s+)?(?P<missing7>{n})\s+(?:[\w-]+\s+)?(?:cases|instances)\b"
                    rf"|\ball\s+but\s+(?P<missing>{n})\s+of\s+(?:the|these|those)\s+(?P<den>{n})\b(?:\s+{_GAP}{noun}\b)?"
                    rf"|\ball\s+(?:but|bar|save|except)\s+(?P<missing5>{n})(?:\s+(?:of\s+{_ARTICLE})?{_GAP}{noun}\b)?"
                    rf"|\bwith\s+(?:only\s+)?(?P<missing2>{n})\s+exceptions?\b"
                    rf"|\bwith\s+the\s+(?:sole\s+|single\s+)?exception\s+of\s+(?P<missing3>{n})\b(?:\s+{_GAP}{noun}\b)?"
                    rf"|\b(?:bar|save|except(?:\s+for)?|apart\s+from)\s+(?P<missing4>{n})\s+{_GAP}{noun}\b"
                    rf"|(?<=\s)(?:bar|but|save|except)\s+(?P<missing6>one|two|three)\b(?=\s*[.;,]|\s*$|\s+(?:had|have|were|was)\b)")
    )  # fmt: skip


def _quantifier_words(p: dict[str, str], n: str, noun: str) -> list[tuple[str, str]]:
    """Counts in words: fractions ("nearly half of the cases"), the lexicon's words ("most
    plans", "No case had ...") and its adverbs ("in the main")."""
    return [
        ("fraction", rf"\b(?:(?P<mod>{p['modifier']})\s+)?(?P<frac>{p['fraction']})\s+(?:\(\s*(?:(?P<fnum>{n})|\d{{1,3}}\s*%)\s*\)\s+)?(?:of\s+)?"
                     rf"{_ARTICLE}(?:(?P<fden>{n})\s+)?{_GAP}(?P<noun>{noun})\b"
                     # "in a third, ...", "in a third this was not done"
                     rf"|\bin\s+(?:only\s+|just\s+)?(?:(?P<mod2>{p['modifier']})\s+)?(?P<frac2>{p['fraction']})(?=\s*[.;,]|\s*$|\s+(?:this|it|they|there|he|she)\b)"
                     rf"|{_CLAUSE_START}(?:(?P<mod3>{p['modifier']})\s+)?(?P<frac3>{p['fraction']})(?=\s+{_ANY_VERB})"),
        ("word", rf"\b(?<!\bas\s)(?<!\bat\s)(?P<word>{p['word']})(?!\s+(?:effort|opportunity|attempt|chance|reason)\b)(?:\s*,\s*if\s+any\s*,)?\s+(?:\(\s*(?:(?P<wnum>{n})|(?P<wpct>\d{{1,3}}(?:\.\d+)?)\s*%)\s*\)\s+)?(?:of\s+(?P<pronoun>them|those|these)\b|(?:of\s+)?"
                 rf"{_ARTICLE}{_GAP}(?P<noun>{noun})\b(?!\s+(?:managers?|workers?|officers?|loads?)\b))"
                 rf"|{_CLAUSE_START}(?:(?P<subject>{p['word']})(?=\s+{_ANY_VERB}|{_CONNECTIVE}{_ANY_VERB})"
                 # "No case had an up-to-date assessment": none, where it opens the clause
                 # "There were no cases where ...", "We did not find any case where ...": none
                 rf"|(?:there\s+(?:was|were)\s+|we\s+(?:found|saw)\s+)?(?P<nosubject>no)\s+(?:single\s+)?{_GROUP_NOUN}(?=\s+{_ANY_VERB}|\s+(?:where|in\s+which|when)\b)"
                 rf"|we\s+(?:did\s+not|didn't|did\s+n't)\s+(?:find|see)\s+(?P<anycase>any)\s+{_GROUP_NOUN}(?=\s+(?:where|in\s+which|when)\b))"
                 # "..., and in a small number it was not": a word ending its clause
                 rf"|\bin\s+(?:only\s+|just\s+)?(?P<bare>(?!(?:all|each|every|both|none|neither|any)\b){p['bare_word']})(?=\s*[.;,]|\s*$|\s+(?:the|it|they|this|there)\b)"),
        ("adverb", rf"\b(?P<word>{p['adverb']})\b(?!,?\s+(?:because|by|through|via|when|after|as|where)\b)"),
    ]  # fmt: skip


def _counts_beside_others(n: str, noun: str) -> list[tuple[str, str]]:
    """Counts that stand beside another count of the sentence: a figure for each of two
    subjects, and the cases outside a count already given."""
    return [
        # "sufficient in 15 and 12 cases respectively", "in 80% and 65% of cases respectively":
        # each figure is a count (or share) of the sample for its own subject
        ("respectively", rf"\bin\s+(?P<num>{n}|\d{{1,3}}(?:\.\d+)?)(?P<pct>\s*(?:%|per\s*cent))?"
                         rf"(?=,?\s+and\s+(?:{n}|\d{{1,3}}(?:\.\d+)?)\s*(?:%|per\s*cent)?\s+(?:of\s+)?(?:the\s+)?(?:[\w-]+\s+)?(?:cases|instances)?\s*,?\s*respectively\b)"
                         rf"|(?<=\band\s)(?P<num2>{n}|\d{{1,3}}(?:\.\d+)?)(?P<pct2>\s*(?:%|per\s*cent))?\s+(?:of\s+)?(?:the\s+)?(?:[\w-]+\s+)?(?:cases|instances)?\s*,?\s*respectively\b"),
        # "the remaining six", "in the other cases", "the rest": the cases outside a count
        ("remainder", rf"\b(?:(?:in|for)\s+)?the\s+(?:other|remaining)\s+(?:(?P<num>{n})\b(?:\s+{_GAP}{noun}\b)?|(?P<noun>cases?|plans?|assessments?|reports?|children|child|young\s+people)\b)"
                      rf"|\b(?:(?:in|for)\s+)?the\s+(?P<num2>{n})\s+(?:other|remaining)\b(?:\s+{noun}\b)?"
                      rf"|\b(?:(?:in|for|with)\s+)?the\s+(?:rest|remainder)\b(?:\s+of\s+(?:them|these|those|the\s+{noun})\b)?"
                      # "The three that were not had been copied forward"
                      rf"|\bthe\s+(?P<num3>{n})\s+(?:that|which|who)\s+(?:were|was|did|had)\s+not\b"),
    ]  # fmt: skip


@cache
def lower_case_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """The same patterns without ``re.I``, for a sentence already in lower case: matching case
    by case is about twice as slow, and every letter of the patterns is lower case
    (``tests/test_judgements.py`` checks both give the same mentions)."""
    return [(kind, re.compile(pattern.pattern)) for kind, pattern in mention_patterns()]


class CasedMatch:
    """A match found in the lower-case copy of a sentence, read from the sentence itself: the
    same positions, groups and pattern as the match, the sentence's own letters."""

    __slots__ = ("_match", "string")

    def __init__(self, match: re.Match[str], string: str) -> None:
        self._match = match
        self.string = string

    @property
    def re(self) -> re.Pattern[str]:
        return self._match.re

    def start(self, group: int | str = 0) -> int:
        return self._match.start(group)

    def end(self, group: int | str = 0) -> int:
        return self._match.end(group)

    def span(self, group: int | str = 0) -> tuple[int, int]:
        return self._match.span(group)

    def group(self, group: int | str = 0) -> str | None:
        start, end = self._match.span(group)
        return None if start < 0 else self.string[start:end]

    def groupdict(self) -> dict[str, str | None]:
        return {name: self.group(name) for name in self._match.re.groupindex}


def _matches(
    sentence: str, low: str, kinds: set[str]
) -> list[tuple[str, re.Match[str] | CasedMatch]]:
    """(kind, match) of every pattern the sentence may hold, matched on its lower-case copy
    where lower case keeps every character in place (else case-insensitively on the sentence)."""
    if len(low) == len(sentence):
        return [
            (kind, CasedMatch(m, sentence))
            for kind, pattern in lower_case_patterns()
            if kind in kinds
            for m in pattern.finditer(low)
        ]
    return [
        (kind, m)
        for kind, pattern in mention_patterns()
        if kind in kinds
        for m in pattern.finditer(sentence)
    ]


_NUMBER_WORDS = frozenset(NUMBER_WORDS)
"""Words a count written in words is made of ("twenty-one" holds "twenty" and "one")."""
_WORD = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")
_FILLER = frozenset({"a", "an", "the", "of", "in", "on", "for", "from", "with", "to", "at", "and"})


@cache
def _word_hints() -> frozenset[str]:
    """One telling word of every word quantifier in the lexicon ("proportion" of "a good
    proportion of"): the pattern cannot match a sentence that has none of them."""
    phrases = [p for w in lexicon()["word"] for p in w["phrases"]]
    return frozenset(_telling(p) for p in phrases)


def _telling(phrase: str) -> str:
    words = [w for w in phrase.lower().replace("-", " ").split() if w not in _FILLER]
    return words[-1] if words else phrase.lower()


@cache
def _adverb_hints() -> frozenset[str]:
    """One telling word of every adverb of the lexicon: an adverb cannot match without one."""
    return frozenset(_telling(p) for w in lexicon()["word"] for p in w.get("adverbs", []))


LISTED_VERDICTS = frozenset(
    {"good", "adequate", "sufficient", "insufficient", "satisfactory", "unsatisfactory", "poor",
     "inadequate", "weak", "outstanding", "excellent", "acceptable", "unacceptable"}
)  # fmt: skip
"""Verdicts a list of counts gives each count without a verb ("12 were good, five adequate")."""

_NEEDS = {
    # what each kind of mention cannot match without: skips most patterns cheaply
    "of_group": lambda s, num, words: "," in s and (
        "of th" in s or "from th" in s or "among" in s or (num and "of " in s)
    ),
    "group_named": lambda s, num, words: num and (
        ("," in s and (
            "of th" in s or "from th" in s or "among" in s
            or ("in th" in s and (" where" in s or " which" in s or " that" in s or " when" in s or " case" in s))
        ))
        or not words.isdisjoint(("saw", "read", "looked", "examined", "reviewed"))
    ),
    "all_n": lambda s, num, words: num and (
        "all " in s or "each " in s or "every " in s or "both " in s
        or ("the " in s and " case" in s)
    ),
    "of_them": lambda s, num, words: (
        "them" in s or "these" in s or "those" in s or "which" in s or "all " in s
        or "none " in s or "only " in s or "both " in s
    ),
    "count_of": lambda s, num, words: num and (" of " in s or "/" in s or "n=" in s or "n =" in s),
    "percent": lambda s, num, words: num and ("%" in s or "cent" in s),
    "ratio": lambda s, num, words: num and (" in " in s or "every" in s),
    "all_but": lambda s, num, words: "all but" in s or (num and ("except" in s or "but " in s or "bar " in s or "save " in s or "apart from" in s)),
    "examples": lambda s, num, words: (
        num and ("example" in s or "instance" in s or " where" in s or " which" in s or " when" in s)
    ),
    "n_cases": lambda s, num, words: (
        num and any(w in s for w in ("case", "instance", "sample", "children", "young people", "girls", "boys", "plans", "assessments", "reports", "reviews"))
    ),
    "n_subject": lambda s, num, words: num,
    "respectively": lambda s, num, words: num and "respectively" in words,
    "remainder": lambda s, num, words: not words.isdisjoint(("remaining", "other", "rest", "remainder"))
    or (num and "not" in words and not words.isdisjoint(("that", "which", "who"))),
    "paren_group": lambda s, num, words: num and "(" in s,
    "in_group": lambda s, num, words: "both" in s or "each" in s or "all" in s or "neither" in s or "every one" in s,
    "in_bare": lambda s, num, words: num and (
        "in " in s or "for " in s or "judged" in s or "found" in s or "considered" in s or "rated" in s
        or "with " in s
    ),
    "listed": lambda s, num, words: num and not words.isdisjoint(LISTED_VERDICTS),
    "n_range": lambda s, num, words: num and " or " in s,
    "fraction": lambda s, num, words: "half" in s or "third" in s or "quarter" in s or "fifth" in s,
    # whole words: the patterns match these words only between word boundaries
    "word": lambda s, num, words: not words.isdisjoint(_word_hints()) or "no" in words,
    "adverb": lambda s, num, words: not words.isdisjoint(_adverb_hints()),
}  # fmt: skip


@dataclass
class Mention:
    kind: str
    match: re.Match[str] | CasedMatch

    @property
    def start(self) -> int:
        return self.match.start()

    @property
    def end(self) -> int:
        return self.match.end()

    def group(self, *names: str) -> str | None:
        """The first of the named groups that matched (patterns spell one slot several ways)."""
        index = self.match.re.groupindex
        for name in names:
            if name in index and (value := self.match.group(name)):
                return value
        return None


@cache
def _any_hint() -> frozenset[str]:
    """Words without one of which (or a digit or '%') no pattern can match: most sentences of
    a letter count nothing, and one look at their words spares them every pattern."""
    words = {*_word_hints(), *_adverb_hints(), *_NUMBER_WORDS}
    words |= {"half", "third", "thirds", "quarter", "quarters", "fifth", "fifths", "exception"}
    words |= {"remaining", "other", "rest", "remainder"}
    return frozenset(words | {"except", "bar", "save", "apart", "no"})


def find_mentions(sentence: str) -> list[Mention]:
    """Non-overlapping case counts in a sentence, longest first where they overlap."""
    low = sentence.lower()
    words = frozenset(_WORD.findall(low))
    digit = _DIGIT.search(low) is not None
    if not digit and "%" not in low and words.isdisjoint(_any_hint()):
        return []
    has_number = digit or not words.isdisjoint(_NUMBER_WORDS)
    kinds = {kind for kind, needs in _NEEDS.items() if needs(low, has_number, words)}
    found = [
        Mention(kind, m)
        for kind, m in _matches(sentence, low, kinds)
        if m.group(0).strip() and not counts_nothing(kind, m) and _opens_clause(m)
    ]
    # longest first where mentions start together, except that a reference back to a stated
    # group ("All gave ...") beats the verbal reading of the same words
    found.sort(key=lambda x: (x.start, x.kind not in ("of_them", "of_group"), -(x.end - x.start)))
    chosen: list[Mention] = []
    for mention in found:
        if chosen and mention.start < chosen[-1].end:
            continue
        chosen.append(mention)
    return _drop_restatements(sentence, chosen)


def _opens_clause(m: re.Match[str]) -> bool:
    """Whether a match that must open a clause does: at the start, after punctuation, or after
    a conjunction ("..., but only six were sufficient")."""
    if "cs" not in m.re.groupindex or m.start("cs") < 0:
        return True
    return bool(OPENER.search(m.string, 0, m.start("cs")))


_EXACT_COUNTS = frozenset({"count_of", "of_group", "n_cases", "all_n", "percent"})
"""Kinds that state a count exactly: an adverb of frequency in the same clause only restates them."""
_RESTATED = re.compile(r"^\s*[(,–—-]?\s*$")


_WITH_THE_COUNT = re.compile(r"[^,:;.]{0,40},\s*with\s+(?:only\s+|just\s+)?$", re.I)
_SAID_EXACTLY = re.compile(r"[^:;.]{0,80}:\s*(?:only\s+|just\s+)?$")
"""A colon that leads from a share in words to the count it stands for."""


def _drop_restatements(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """One statement said twice is counted once.

    * A percentage restated as a count in brackets ("78% of cases (14 of 18)"), or a count
      restated as a percentage or a share in words ("In ten cases (half the sample)", "Most
      assessments, 15 of 20, ..."), keeps the count.
    * A universal ("all cases", "always") qualified by an exception in the same clause ("all
      cases, with one exception") is the exception's statement: all but N.
    """
    drop: set[int] = set()
    for i, (a, b) in enumerate(itertools.pairwise(mentions)):
        kinds = {a.kind, b.kind}
        if (
            len(kinds) == 2
            and "count_of" in kinds
            and kinds & {"percent", "fraction", "word"}
            and _RESTATED.match(sentence[a.end : b.start])
        ):
            drop.add(i if a.kind != "count_of" else i + 1)
        elif (
            a.kind in ("n_cases", "of_group", "all_n")
            and b.kind in ("percent", "fraction", "word")
            and sentence[a.end : b.start].strip() == "("
        ):
            drop.add(i + 1)  # "In ten cases (half the sample), ...": the count, said again
        elif (
            a.kind in ("percent", "fraction", "word")
            and b.kind == "count_of"
            and _bracketed(sentence, a, b)
        ):
            drop.add(i)  # "Fewer than two-thirds ... were sufficient (15 out of 24)": the count
        elif (
            a.kind in ("percent", "fraction", "word")
            and b.kind == "count_of"
            and _SAID_EXACTLY.match(sentence[a.end : b.start])
        ):
            drop.add(i)  # "Fewer than half of these plans were sufficient: only four of the nine"
        elif (
            a.kind in ("adverb", "word", "fraction")
            and b.kind == "count_of"
            and _WITH_THE_COUNT.match(sentence[a.end : b.start])
            and not has("negative", sentence[b.end : clause_span(sentence, b.start)[1]])
        ):
            drop.add(i)  # "Assessments were mostly good, with 14 of the 18 meeting the standard"
        elif b.kind == "percent" and b.group("pct3") and _RESTATED.match(sentence[a.end : b.start]):
            # "in 17 cases (85%)" keeps the count; "in the large majority of cases (85%)" the
            # figure, exact where the word is a band
            drop.add(i + 1 if a.kind not in ("word", "fraction") else i)
        elif a.kind in ("percent", "fraction", "word") and b.kind == "paren_group":
            # "in a quarter of cases (five)": the count in brackets is the statement, exact
            drop.add(i)
            mentions[i + 1] = Mention("n_cases", b.match)
    # "In the main, 14 of the 20 plans were sufficient": a framing adverb opening the sentence
    # before an exact count of its clause; the count says it exactly
    framing = [
        i
        for i, m in enumerate(mentions)
        if m.kind == "adverb"
        and not sentence[: m.start].strip()
        and sentence[m.end :].lstrip().startswith(",")
    ]
    if framing:
        exact = {clause_span(sentence, m.start) for m in mentions if m.kind in _EXACT_COUNTS}
        drop.update(i for i in framing if clause_span(sentence, mentions[i].start) in exact)
    exceptions = [m for m in mentions if m.kind == "all_but" and not m.group("missing", "missing5")]
    exceptions += [m for m in mentions if m.kind == "adverb" and _odd_case(m)]
    for i, m in enumerate(mentions):
        if (
            m.kind in ("word", "adverb")
            and is_universal(m)
            and any(
                clause_span(sentence, e.start) == clause_span(sentence, m.start) for e in exceptions
            )
        ):
            drop.add(i)
    return [m for i, m in enumerate(mentions) if i not in drop]


def _odd_case(mention: Mention) -> bool:
    return "odd" in (mention.group("word") or "").lower()


def _bracketed(sentence: str, a: Mention, b: Mention) -> bool:
    """Whether ``b`` is a count in brackets later in ``a``'s clause."""
    return sentence[: b.start].rstrip().endswith("(") and clause_span(
        sentence, a.start
    ) == clause_span(sentence, b.start)


def quantifier_word(mention: Mention) -> str:
    """The lexicon phrase a word or adverb mention uses, in lower case ("no" opening a clause,
    "No case had ...", is the lexicon's "none"); empty for other kinds."""
    if mention.group("nosubject", "anycase"):
        return "none"
    return re.sub(r"\s+", " ", (mention.group("word", "subject", "bare", "floating") or "").lower())


def is_universal(mention: Mention) -> bool:
    """Whether the mention's word is a universal ("all", "every", "always", ...)."""
    word = quantifier_word(mention)
    if " but " in word or " bar " in word:  # "all but a few": almost all, not all
        return False
    return word in negated_universals() or word.split(" ")[0] in ("all", "every", "each")


_NEGATION_BEFORE = re.compile(r"(?:\bnot|n't|\bnever)\s+(?:(?:in|for|quite|always|yet)\s+)?$", re.I)


def negated(sentence: str, mention: Mention) -> bool:
    """Whether the mention stands straight after a negation ("not all", "not in every case")."""
    return bool(_NEGATION_BEFORE.search(sentence[max(0, mention.start - 20) : mention.start]))


_CORE_END = {
    "word": ("word", "subject", "bare", "nosubject", "anycase"), "fraction": ("frac", "frac2", "frac3"),
    "all_but": ("den", "missing5", "missing2", "missing3", "missing4", "missing7"),
    "count_of": ("den", "den2", "den3", "den4", "den5"), "all_n": ("num",), "ratio": ("den",),
}  # fmt: skip


def core(mention: Mention) -> str:
    """The quantifier's own words, without the nouns and adjectives it governs.

    Cue words must be looked for in the rest of the clause: "no" or "too many" are part of the
    quantifier, but "sufficient" in "all but one gave a sufficient assessment" is the judgement.
    """
    known = mention.__dict__.get("_core")  # asked of each mention several times
    if known is not None:
        return known
    m = mention.match
    if mention.kind == "in_bare" and m.group("num2"):
        # "among these, victim safety had been considered well in ten": the words between
        # the group and its count are the clause's own, so the count is "in ten"
        at = m.string.lower().rfind("in", m.start(), m.start("num2"))
        words = m.string[at if at >= 0 else m.start() : m.end()]
    else:
        group = next((g for g in _CORE_END.get(mention.kind, ()) if m.group(g)), None)
        words = m.string[m.start() : m.end(group) if group else m.end()]
    mention.__dict__["_core"] = words
    return words
