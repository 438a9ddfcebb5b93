"""How many cases a mention counts: a number of a group, or a share from the lexicon.

:mod:`.judgements` decides whether a mention judges practice; this module says how many cases
it counts and of which group: the group named in the same words ("17 of the 18"), the group
named before ("two of them", "Of these, four"), the cases examined, or none known, in which case
the count is left unread with its reason. The group in force travels in :class:`Context`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqs_analysis.ingest.mentions import PEOPLE, Mention
from sqs_analysis.ingest.quantifiers import (
    Estimate,
    all_but_estimate,
    fraction_estimate,
    modified_estimate,
    parse_number,
    word_estimate,
)


@dataclass
class Context:
    """What earlier words of the letter tell the sentence being read."""

    cases_examined: int | None
    report_group: int | None = None  # how many cases had a pre-sentence report, report-wide
    last_count: int | None = None  # the group of the last "N of M" ("17 of the 20 ..., only 11")
    sentence: int = 0  # which sentence of the paragraph is being read
    group_named: int = 0  # the sentence that named the group in force
    last_count_sentence: int = -1  # the sentence that gave ``last_count``
    named: list[int] = field(default_factory=list)  # every group the paragraph named, in order
    opens_a_list: bool = False  # the count being read opens a list ("seven were good, eight ...")
    _group: int | None = None

    @property
    def group(self) -> int | None:
        """The group the paragraph last named ("the five sentenced")."""
        return self._group

    @group.setter
    def group(self, size: int | None) -> None:
        if size and size != self._group:
            self.named.append(size)
        self._group = size

    def new_paragraph(self) -> None:
        self.group = self.last_count = None
        self.last_count_sentence = -1
        self.named.clear()

    def group_holding(self, count: int | None) -> int | None:
        """The latest group the paragraph named that ``count`` fits in: "Plans were required in
        14 cases, including all three in custody. We judged them to be sufficient in eight":
        eight of the 14, since it cannot be eight of the three."""
        return next((size for size in reversed(self.named) if count and size >= count), None)


@dataclass
class Count:
    """How many cases a mention counts: exact (numerator of denominator) or a lexicon range."""

    name: str
    basis: str = "count"
    numerator: int | None = None
    denominator: int | None = None
    source: str | None = None
    estimate: Estimate | None = None


def by_pronoun(mention: Mention) -> bool:
    """Whether the mention counts "them", "these" or "those": the group named before."""
    noun = (mention.group("pronoun", "noun") or "").lower()
    return noun in ("them", "these", "those")


def counts_people(mention: Mention) -> bool:
    """Whether a count counts children rather than cases or documents."""
    return bool(PEOPLE.search(mention.group("noun") or ""))


REPORTS = re.compile(r"\breports?\b", re.I)
"""A count of reports ("all but one of the reports") counts within the letter's group of
cases that had a report, wherever it was named."""


def count_cases(mention: Mention, ctx: Context, sample: int | None, word: str) -> Count | str:
    """What the mention counts, or the reason it cannot be counted."""
    kind = mention.kind
    if kind in ("count_of", "all_n"):
        num = parse_number(mention.group("num", "num2", "num3", "num5"))
        den = (
            num
            if kind == "all_n"
            else parse_number(mention.group("den", "den2", "den3", "den4", "den5"))
        )
        ctx.last_count, ctx.last_count_sentence = den, ctx.sentence
        if qword := mention.group("qword"):  # "none of the three", "all of the 14 cases"
            num = round(_WHOLE.get(re.sub(r"\s+", " ", qword.lower()), 0.0) * den)
        ctx.group = den if kind == "all_n" else ctx.group
        return Count("N of M", numerator=num, denominator=den, source="stated")
    if kind == "of_group":
        return _of_group(mention, ctx)
    if kind == "n_subject" and not ctx.group and (mention.group("noun") or ctx.opens_a_list):
        # "Three cases did not have a sufficient assessment": cases of the whole sample (a
        # count of children reaches here only where its clause judges a piece of practice:
        # "Only one child did not have a sufficient plan"); so is a bare count opening a list
        # of counts with a verdict each ("seven were good, eight adequate and five poor")
        num = parse_number(mention.group("num"))
        if sample:  # "Seventeen plans were good, two were borderline": two of the same cases
            ctx.last_count, ctx.last_count_sentence = sample, ctx.sentence
        return Count("N of M", numerator=num, denominator=sample, source="cases_examined")
    if kind in ("of_them", "in_group", "n_subject"):
        return _within_group(mention, ctx, word)
    if kind in ("in_bare", "listed"):
        # a count listed beside others ("12 were good, five adequate") shares their group
        # (and a bare count after an "N of M" of its sentence counts within M: "Ten of the 13
        # reports were good, but in three ...")
        beside = ctx.last_count_sentence == ctx.sentence
        group = (ctx.last_count if beside else None) or ctx.group or ctx.last_count or sample
        if not group:
            return "unsized_group"
        num = parse_number(mention.group("num", "num2", "num3", "num4", "num5"))
        if num and num > group:
            group = ctx.group_holding(num) or group
        return Count("N of M", numerator=num, denominator=group, source="earlier_sentence")
    if kind in ("n_cases", "examples"):
        num = parse_number(mention.group("num", "num2", "num3", "num4"))
        recent = ctx.group and ctx.sentence - ctx.group_named <= 1 and (num or 0) <= ctx.group
        group, source = (ctx.group, "earlier_sentence") if recent else (sample, "cases_examined")
        same = ctx.last_count and ctx.last_count_sentence == ctx.sentence
        if not recent and same and (num or 0) <= ctx.last_count:
            # "sufficient in five of the seven relevant cases but in two cases it had not"
            group, source = ctx.last_count, "earlier_sentence"
        reports = ctx.report_group and REPORTS.search(mention.match.group(0))
        if reports and not recent and (num or 0) <= ctx.report_group:
            # "In two reports, however, ...": of the cases the letter said had a report
            group, source = ctx.report_group, "earlier_sentence"
        if group and not same:  # "sufficient in ten cases; seven were too general": of them too
            ctx.last_count, ctx.last_count_sentence = group, ctx.sentence
        return Count("N of M", numerator=num, denominator=group, source=source)
    if kind == "n_range":  # "in two or three cases": a range of the sample
        group = ctx.group or sample
        lo, hi = parse_number(mention.group("lo")), parse_number(mention.group("hi"))
        if not group or not lo or not hi or hi > group:
            return "no_group"
        est = Estimate((lo + hi) / 2 / group, lo / group, hi / group)
        return Count(f"{lo} or {hi}", basis="verbal", estimate=est)
    if kind in ("percent", "ratio"):
        return _share(mention)
    if kind == "respectively":
        # "sufficient in 15 and 12 cases respectively": each a count of the sample, or a share
        written = mention.group("num", "num2") or ""
        if mention.group("pct", "pct2"):
            share = float(written) / 100
            return Count("percentage", estimate=Estimate(share, share, share))
        num = parse_number(written)
        return Count("N of M", numerator=num, denominator=sample, source="cases_examined")
    if kind == "all_but":
        return _all_but(mention, ctx, sample)
    if kind in ("word", "fraction"):
        return _word_or_fraction(mention, ctx, sample, word)
    return _word_count(mention, ctx, word)  # adverb


def _bracketed_count(
    mention: Mention, ctx: Context, sample: int | None, word: str, stated: int
) -> Count | None:
    """The count a letter gives in brackets after a word ("Just under half (nine) of the
    plans"), of the group the word speaks of: only where the count agrees with the word's own
    range, since a count that does not ("a third (five) of cases" of 20) shows the group is a
    part of the sample whose size is not given. Reports are counted within the cases that had
    one, where the letter said how many."""
    if by_pronoun(mention) and ctx.group:
        group, source = ctx.group, "earlier_sentence"
    elif REPORTS.search(mention.match.group(0)):
        group, source = ctx.report_group, "earlier_sentence"
    else:
        group, source = sample, "cases_examined"
    if not group or stated > group:
        return None
    if mention.kind == "fraction":
        est = fraction_estimate(mention.group("frac"), mention.group("mod"))[1]
    else:
        est = word_estimate(word)[1]
    if not est.low - 0.005 <= stated / group <= est.high + 0.005:
        return None
    return Count("N of M", numerator=stated, denominator=group, source=source)


def _word_or_fraction(mention: Mention, ctx: Context, sample: int | None, word: str) -> Count:
    """A word or fraction ("most plans", "nearly half of the cases"), read exactly where the
    letter gives the count or share beside it or the word is "no case"."""
    kind = mention.kind
    stated = parse_number(mention.group("wnum", "fnum"))
    if stated and (bracketed := _bracketed_count(mention, ctx, sample, word, stated)):
        return bracketed
    if kind == "fraction":
        return _fraction(mention, ctx)
    if kind == "word" and mention.group("nosubject", "anycase") and ctx.cases_examined:
        # "No case lacked an assessment", "There was no case in which ...": none of the cases
        # examined, exactly (the "in which" says what none of them had, not a subset)
        return Count("none", numerator=0, denominator=ctx.cases_examined, source="cases_examined")
    if kind == "word" and (written := mention.group("wpct")):
        # "The majority (60%) of plans": the figure the letter gives, not the word's range
        share = float(written) / 100
        return Count("percentage", estimate=Estimate(share, share, share))
    return _word_count(mention, ctx, word)


def _fraction(mention: Mention, ctx: Context) -> Count:
    """A fraction ("nearly three-quarters of the cases"): the lexicon's range, a share of the
    group it refers to, or exact where it is a plain fraction of a number that comes out whole."""
    name, est = fraction_estimate(
        mention.group("frac", "frac2", "frac3"), mention.group("mod", "mod2", "mod3")
    )
    if by_pronoun(mention) and ctx.group:  # "half of these": a share of the group named
        return Count(name, basis="verbal", denominator=ctx.group, source="earlier_sentence",
                      estimate=est)  # fmt: skip
    stated = parse_number(mention.group("fden"))
    plain = not mention.group("mod")
    whole = stated and plain and abs(est.point * stated - round(est.point * stated)) < 0.01
    if whole:  # "half of the eight cases": four of the eight, exactly
        return Count("N of M", numerator=round(est.point * stated), denominator=stated,
                      source="stated")  # fmt: skip
    if stated:  # "nearly half of the eight cases": a share of the group it names
        return Count(name, basis="verbal", denominator=stated, source="stated", estimate=est)
    return Count(name, basis="verbal", estimate=est)


def _share(mention: Mention) -> Count | str:
    """A percentage ("nearly 30%") or a ratio ("two out of every three"): a share, not a count."""
    if mention.kind == "percent":
        written = mention.group("pct", "pct2", "pct3", "pct4")
        written = written or parse_number(mention.group("pctw")) or 0
        share = float(written) / 100
        if den := parse_number(mention.group("pden")):
            # "83% of the 18 cases": the share as written, of the group it names (the count
            # behind a rounded percentage is not always one number, so it is not guessed)
            return Count("percentage", denominator=den, source="stated",
                         estimate=Estimate(share, share, share))  # fmt: skip
        if modifier := mention.group("mod", "mod2"):  # "nearly 30%": a range about the figure
            name, est = modified_estimate(share, modifier)
            return Count(f"{name} (percentage)", basis="verbal", estimate=est)
        return Count("percentage", estimate=Estimate(share, share, share))
    # a ratio, "two out of every three": a share, read as a rounded fraction
    num, den = parse_number(mention.group("num")), parse_number(mention.group("den"))
    if not den or num > den:
        return "count_exceeds_group"
    mod, est = modified_estimate(num / den, mention.group("mod"))
    name = f"{num} in {den}" if mod == "none" else f"{mod} {num} in {den}"
    return Count(name, basis="verbal", estimate=est)


def _word_count(mention: Mention, ctx: Context, word: str) -> Count:
    """A quantifier word or adverb: the lexicon's range, or exact where it is a universal or
    "none" of a group of known size."""
    name, est = word_estimate(word)  # word, adverb
    recent = ctx.group and ctx.sentence - ctx.group_named == 1 and word in ("each", "every")
    if est.low == est.high and ctx.group and (THEIR.search(mention.match.group(0)) or recent):
        # "Four children were looked after. None of their plans ...": exact, of that group
        return Count(name, numerator=round(est.point * ctx.group), denominator=ctx.group,
                      source="earlier_sentence")  # fmt: skip
    if word in ("both", "neither"):  # "both of the cases": two, exactly
        source = "earlier_sentence" if ctx.group == 2 else "stated"
        return Count("N of M", numerator=round(est.point * 2), denominator=2, source=source)
    if mention.group("pronoun") and ctx.group:
        if est.low == est.high:  # "all of them", "none of them": exact
            return Count(name, numerator=round(est.point * ctx.group), denominator=ctx.group,
                          source="earlier_sentence")  # fmt: skip
        return Count(name, basis="verbal", denominator=ctx.group, source="earlier_sentence",
                      estimate=est)  # fmt: skip
    return Count(name, basis="verbal", estimate=est)


THEIR = re.compile(r"\bof\s+(?:their|these|those)\b", re.I)
_WHOLE = {
    "all": 1.0, "each": 1.0, "both": 1.0, "every one": 1.0, "none": 0.0, "neither": 0.0,
    "either": 1.0,  # "not in either of the two cases": both counted, the negation judges them
}  # fmt: skip


def _of_group(mention: Mention, ctx: Context) -> Count | str:
    """ "Of the five sentenced to custody, only two ..."; "Of these, four ..." """
    stated = parse_number(mention.group("den", "den2"))
    den, source = (stated, "stated") if stated else (ctx.group, "earlier_sentence")
    if not den:
        return "unsized_group"
    ctx.group = den
    ctx.last_count, ctx.last_count_sentence = den, ctx.sentence
    if mention.group("missing"):
        num = den - (parse_number(mention.group("missing")) or 0)
    else:
        raw = mention.group("num", "num2").lower()
        num = round(_WHOLE[raw] * den) if raw in _WHOLE else parse_number(raw)
    return Count("N of M", numerator=num, denominator=den, source=source)


def _within_group(mention: Mention, ctx: Context, word: str) -> Count | str:
    """A count within the group named before: "two of them", "only eight were", "in both"."""
    raw = (mention.group("num", "num2") or mention.group("word2") or word).lower()
    group = ctx.group or (2 if raw in ("both", "neither") else None)
    same_sentence = ctx.last_count_sentence == ctx.sentence
    if not group and (
        (mention.group("num2") and mention.kind == "of_them")
        or (mention.kind == "n_subject" and not mention.group("noun") and same_sentence)
        # "only five of the 13 were good enough, and none had been reviewed": none of the 13
        or (mention.kind == "of_them" and mention.group("word") and same_sentence)
    ):
        # "14 of the 18 plans were on time, only eight addressed ...", "Nine of the 14 reports
        # were good, but five lacked ...": of the group the clause before counted in
        group = ctx.last_count
    if not group:
        if raw in ("all", "none"):  # "All were sufficient" with no group named: all
            name, est = word_estimate(raw)
            return Count(name, basis="verbal", estimate=est)
        return "unsized_group"
    num = round(_WHOLE[raw] * group) if raw in _WHOLE else parse_number(raw)
    source = (
        "stated"
        if group == 2 and not ctx.group and raw in ("both", "neither")
        else "earlier_sentence"
    )
    return Count("N of M", numerator=num, denominator=group, source=source)


_OF_THE_REPORTS = re.compile(
    r"\W*(?:of|among)\s+(?:the|these|those)\s+(?:[\w-]+\s+)?reports\b", re.I
)


def _all_but(mention: Mention, ctx: Context, sample: int | None) -> Count:
    """ "all but one", "with one exception": exact where the group's size is known."""
    missing = parse_number(
        mention.group(
            "missing", "missing2", "missing3", "missing4", "missing5", "missing6", "missing7"
        )
    )
    missing = missing or 1
    if stated := parse_number(mention.group("den")):  # "all but one of the 12 reports"
        ctx.group = stated
        return Count("all but one" if missing == 1 else f"all but {missing}",
                      numerator=stated - missing, denominator=stated, source="stated")  # fmt: skip
    if ctx.group:
        size, source = ctx.group, "earlier_sentence"
    elif ctx.report_group and REPORTS.search(mention.match.group(0)):
        size, source = ctx.report_group, "earlier_sentence"
    elif _OF_THE_REPORTS.match(mention.match.string):
        # "Of the reports we saw, all but one were good": of reports whose number is not given
        size, source = None, None
    else:
        size, source = sample, "cases_examined"
        ctx.group = ctx.group or size  # "in all but one case ..., only nine of them": the sample
    est, exact = all_but_estimate(missing, size)
    name = "all but one" if missing == 1 else f"all but {missing}"
    if exact:
        return Count(name, numerator=size - missing, denominator=size, source=source)
    return Count(name, basis="verbal", estimate=est)
