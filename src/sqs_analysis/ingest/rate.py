"""The published reoffending rate: the area's figure, what the letter compares it with (the
England and Wales average, the previous year) and the Ministry of Justice cohort and month of
publication from the rate's footnote.

Inspectors put these in many orders ("At 36.1%, the rate ... was lower than the average of
37.8%", "Nationally the rate was 36.6%, while in X it was 38.9%", "Source: Ministry of Justice,
January 2016"); a figure that belongs to the average or the previous year is never taken for the
area's own, and what the letter does not say stays empty.
"""

from __future__ import annotations

import re

from sqs_analysis.ingest.fields import (
    DAY,
    MONTH,
    MONTH_YEAR,
    PERCENT,
    YEAR,
    month_iso,
    month_number,
)
from sqs_analysis.ingest.model import RateFacts
from sqs_analysis.reference.directions import direction
from sqs_analysis.reference.sentences import split_sentences

_EW = r"(?:England\s+(?:and|&)\s+Wales|Wales\s+(?:and|&)\s+England)"
"""England and Wales, either way round ("the average for Wales and England")."""


def _percent(group: str) -> str:
    """:data:`PERCENT` with its figure in the named group ``group`` (a pattern of several
    alternatives names each alternative's figure apart)."""
    return PERCENT.replace("?P<n>", f"?P<{group}>")


RATE_ANCHOR = re.compile(
    r"(?:proportion|percentage)\s+of\s+(?:children|young\s+people)\b[^.;%]{0,40}?\bre-?offended"
    r"(?:\s+(?:in|for)\s+[A-Z][\w'’&-]*(?:\s+[A-Z&][\w'’-]*){0,3})?\s+(?=was|is|stood)"
    r"|re-?offending\s+rate|re-?offending\s+(?:by\s+(?:children|young\s+people)\s+)?(?:in|for)\s+[A-Z][\w'’&-]*(?:\s+[A-Z&][\w'’-]*){0,3}(?:\s+(?=stood|was|is|\()|(?=,\s*at\s+\d))"
    # "Bury's rate of reoffending was 32.1%"
    r"|\brate\s+of\s+(?:proven\s+)?re-?offending\b"
    # "The national rate was 35.8%, and in Bury it was 32.1%": in a sentence about the rate
    r"|(?P<place>\bin\s+[A-Z][\w'’&-]*(?:\s+[A-Z&][\w'’-]*){0,3},?\s+(?=it\s+(?:was|stood)\b))",
    re.I,
)
_ABOUT_THE_RATE = re.compile(r"\b(?:re-?offend\w*|(?:national|average)\s+rate)\b", re.I)
LEADING_VALUE = re.compile(r"^\s*(?:At|With)\s+" + PERCENT + r"\s*,", re.I)
SHARE_REOFFENDED = re.compile(
    r"^\W*(?:In\s+[A-Z][\w'’ &-]{1,40},\s*)?"
    + PERCENT
    + r"\s+of\s+(?:the\s+)?(?:children|young\s+people)\b[^.;%]{0,40}?\bre-?offended",
    re.I,
)
"""The rate as the share who reoffended: "In Newport, 38.7% of children reoffended"."""
"""The area's rate put first: "At 36.1%, the published reoffending rate for X was ..."."""
NATIONAL_BEFORE = re.compile(
    rf"(?:national(?:ly)?|{_EW}|average)\W+(?:\w+\W+){{0,2}}$",
    re.I,
)
"""The anchor names the national rate, not the area's ("Nationally the reoffending rate was")."""
RATE_VALUE = re.compile(r"(?:\b(?:was|is|of|stood at|at|to)\s+|\(\s*|,\s*)" + PERCENT, re.I)
TREND = re.compile(
    r"\b(?P<word>rose|risen|increased|went\s+up|fell|fallen|decreased|dropped|went\s+down|reduced)\b"
    r"[^.;%]{0,60}?\b(?:compared\s+(?:with|to)|from|on|since)\s+(?:the\s+|that\s+of\s+the\s+)?"
    r"(?:previous|last|preceding|prior)\s+year",
    re.I,
)
"""A rate that "rose by 2.4 percentage points compared with the previous year": worse."""
_TARGET = (
    r"(?P<target>(?:previous|last|preceding|prior)\s+(?:year|period|twelve\s+months|12\s+months)"
    rf"|year\s+before|(?:{_EW}|national)\s+(?:\w+\s+)?(?:average|figure|rate)"
    rf"|average\s+(?:rate\s+|performance\s+|figure\s+)?(?:for|in|across)\s+{_EW}"
    rf"|(?<=that\sfor\s){_EW}|(?<=that\sof\s){_EW}|{_EW}(?=\s+as\s+a\s+whole\b))"
)
COMPARISON = re.compile(
    r"(?P<word>better|worse|higher|lower|the\s+same\s+as|same\s+as|similar\s+to|in\s+line\s+with|"
    r"unchanged\s+(?:from|on)|an?\s+improvement\s+(?:on|from)|a\s+deterioration\s+(?:on|from)|"
    r"an?\s+increase\s+(?:on|from)|an?\s+(?:reduction|decrease)\s+(?:on|from)|improved\s+(?:on|from)|"
    r"below|above)\s+(?:than\s+)?(?:in\s+|for\s+)?(?:both\s+)?(?:that\s+(?:of|for)\s+)?(?:the\s+)?"
    + _TARGET,
    re.I,
)
ALSO_TARGET = re.compile(
    r"^[^.;]{0,40}?\band\s+(?:than\s+)?(?:that\s+(?:of|for)\s+)?(?:the\s+)?" + _TARGET, re.I
)
"""The second target of one comparison: "lower than both the previous year's rate and the
England and Wales average" says the same of both."""
DIRECTION_WORDS = {
    "better": "better", "lower": "better", "below": "better", "improvement": "better",
    "reduction": "better", "decrease": "better", "improved": "better",
    "worse": "worse", "higher": "worse", "above": "worse", "deterioration": "worse",
    "increase": "worse",
    "same": "same", "similar": "same", "line": "same", "unchanged": "same",
}  # fmt: skip
NATIONAL_NUMBER = re.compile(
    rf"(?:(?:(?:{_EW}|national)\s+(?:\w+\s+)?(?:average|figure|rate)"
    rf"|(?:average|rate|figure)\s+(?:rate\s+)?(?:for|in|across)\s+{_EW})"
    r"(?:(?:(?!\b(?:but|previous|last|whereas|while|than)\b)[^.%\d;]){0,40}?(?:\bof|\bwas|\bis|\bat|:|\())?\s*"
    + PERCENT
    + r"|"
    + _percent("n2")
    + rf"\s+(?:across|in|for)\s+(?:the\s+whole\s+of\s+)?{_EW}|"
    # "lower than in England and Wales as a whole (35.8%)"
    + rf"\b(?:across|in|for)\s+{_EW}\s+as\s+a\s+whole\s*\(\s*"
    + _percent("n7")
    + r"|"
    + _percent("n3")
    + r"\s+nationally"
    rf"|(?:across|in|for)\s+{_EW},?\s+(?:the\s+)?(?:rate|figure|average)\s+"
    r"(?:was|is|stood\s+at)\s+"
    + _percent("n4")
    # "(England and Wales: 35.5%)"; "the national rate was 37.6%"
    + rf"|\((?:{_EW}|national(?:ly)?)\s*:\s*"
    + _percent("n5")
    + r"|\bthe\s+national\s+(?:re-?offending\s+)?rate\s+(?:was|is|stood\s+at)\s+"
    + _percent("n6")
    # "Nationally it was 35.8%", "Nationally, the rate was 35.8%"
    + r"|\bnationally,?\s+(?:the\s+(?:re-?offending\s+)?rate\s+|it\s+)(?:was|is|stood\s+at)\s+"
    + _percent("n8")
    + ")",
    re.I,
)
PREVIOUS_NUMBER = re.compile(
    PERCENT + r"\s*(?:\)\s*)?(?:(?:in|for)\s+)?the\s+(?:previous|last|preceding|prior)\s+year"
    r"|(?:previous|last|preceding|prior)\s+year(?:'s|’s)?\s+(?:rate|figure)?"
    r"(?:(?!\b(?:and|but|average|national|whereas|while|than)\b)[^.%\d;]){0,40}?(?:of|was|been|:|\()?\s*"
    + _percent("n2")
    + r"|(?:a\s+year\s+(?:before|earlier|previously))[^.%\d;]{0,30}?(?:was|been|of|at)\s+"
    + _percent("n3")
    + r"|"
    + _percent("n4")
    + r"\s+(?:a\s+year\s+(?:before|earlier)|the\s+year\s+before|(?:in|for)\s+the\s+(?:previous|last)\s+year)"
    r"|\b(?:rose|risen|fell|fallen|increased|decreased|dropped|went\s+(?:up|down)|improved|deteriorated)\s+from\s+"
    + _percent("n5")
    + r"\s+to\s+\d"
    # "rose to 39.4% from 37.1%", "has fallen from 33.6%": the figure it moved from
    + r"|\b(?:rose|risen|fell|fallen|increased|decreased|dropped|improved|deteriorated)\s+to\s+"
    + r"\d{1,2}(?:\.\d)?\s*(?:%|per\s*cent)\s*,?\s+from\s+"
    + _percent("n6")
    + r"|\b(?:has|had|have)\s+(?:risen|fallen|increased|decreased|dropped|improved|deteriorated)"
    + r"\s+from\s+"
    + _percent("n7")
    + r"(?!\s*to\b)",
    re.I,
)
COHORT = re.compile(
    rf"(?P<m1>{MONTH})\s+(?P<y1>{YEAR})\s*(?:-|–|—|to)\s*(?P<m2>{MONTH})\s+(?P<y2>{YEAR})\s+cohort"
    rf"|cohort\b[^.%]{{0,160}}?(?P<m3>{MONTH})\s+(?P<y3>{YEAR})\s*(?:-|–|—|to|and)\s*(?P<m4>{MONTH})\s+(?P<y4>{YEAR})"
    rf"|cohort\s*:?\s*(?P<m5>{MONTH})\s*(?:-|–|—|to)\s*(?P<m6>{MONTH})\s+(?P<y6>{YEAR})"
    rf"|(?P<m7>{MONTH})\s*(?:-|–|—|to)\s*(?P<m8>{MONTH})\s+(?P<y8>{YEAR})\s+cohort"
    rf"|cohort\s+of\s+(?P<m9>{MONTH})\s*(?:-|–|—|to)\s*(?P<m10>{MONTH})\s+(?P<y10>{YEAR})",
    re.I,
)
_MOJ = r"(?:the\s+)?(?:Ministry\s+of\s+Justice|MoJ)"
PUBLISHED = re.compile(
    rf"(?:(?:published|released|issued)\s*:?\s+(?:by\s+{_MOJ}\s+)?(?:in\s+|on\s+)?"
    rf"|(?:Source\s*:\s*)?{_MOJ}\s*[,(:]\s*(?:published\s+)?)(?:{DAY}\s+)?{MONTH_YEAR}"
    rf"|{MONTH_YEAR.replace('?P<m>', '?P<m2>').replace('?P<y>', '?P<y2>')}\s+(?:publication|release)\b",
    re.I,
)
"""The month the rate was published, in the word orders footnotes use: "published April
2016", "as published by the Ministry of Justice in July 2014", "Source: Ministry of Justice,
January 2016", "the January 2016 publication"."""
_SPAN_OPENS = r"(?:between|from|(?:in|for|over|during)\s+the\s+period(?:\s+from)?|covering)"
COHORT_RANGE = re.compile(
    rf"{_SPAN_OPENS}\s+(?P<m1>{MONTH})\s+(?P<y1>{YEAR})\s*(?:-|–|—|to|and)\s*(?P<m2>{MONTH})\s+(?P<y2>{YEAR})"
    rf"|{_SPAN_OPENS}\s+(?P<m3>{MONTH})\s*(?:-|–|—|to|and)\s*(?P<m4>{MONTH})\s+(?P<y4>{YEAR})"
    rf"|(?:12|twelve)\s+months\s+(?:to|ending(?:\s+in)?|up\s+to)\s+(?:the\s+end\s+of\s+)?(?P<m5>{MONTH})\s+(?P<y5>{YEAR})"
    rf"|\byear\s+(?:to|ending(?:\s+in)?)\s+(?P<m6>{MONTH})\s+(?P<y6>{YEAR})",
    re.I,
)
"""A cohort given as a span of months with no word "cohort" ("offenders ... between April
2013 and March 2014", "covering January to December 2012", "in the 12 months to March 2012"),
read only from a footnote or a sentence about the rate."""


def _cohort_span(m: re.Match[str]) -> tuple[str, str]:
    """The first and last month (``YYYY-MM``) of a :data:`COHORT_RANGE` match; "the 12 months
    to March 2012" runs from April 2011."""
    g = m.groupdict()
    if g["m1"]:
        return month_iso(g["m1"], g["y1"]), month_iso(g["m2"], g["y2"])
    if g["m3"]:
        year = int(g["y4"]) - (month_number(g["m3"]) > month_number(g["m4"]))
        return month_iso(g["m3"], str(year)), month_iso(g["m4"], g["y4"])
    last, year = month_number(g["m5"] or g["m6"]), int(g["y5"] or g["y6"])
    first = f"{year - (last != 12):04d}-{last % 12 + 1:02d}"
    return first, f"{year:04d}-{last:02d}"


def stated_direction(words: str) -> str | None:
    """The direction a report's comparison words state: "lower than", "an improvement on"
    -> better; "higher than", "a deterioration on" -> worse; "in line with" -> same."""
    for key, value in DIRECTION_WORDS.items():
        if key in words.lower():
            return value
    return None


def find_rate(
    sentences: list[str], footnotes: list[str], extra_text: tuple[str, ...] = ()
) -> RateFacts:
    """The published rate, the comparisons the report draws, and the cohort footnote."""
    facts = RateFacts()
    for i, sentence in enumerate(sentences):
        value = _area_rate(sentence, facts)
        # the sentence that gives the rate, its figure unreadable ("37.O%"): what it compares
        # the rate with is still read, the rate left empty
        start = value.end() if value is not None else _unread_rate(sentence)
        if start is None:
            continue
        if value is not None:
            facts.reoffending_rate = float(value.group("n"))
        window = [sentence]
        for follow in sentences[i + 1 : i + 3]:
            if any(p.search(follow) for p in (COMPARISON, NATIONAL_NUMBER, PREVIOUS_NUMBER)):
                window.append(follow)
            else:
                break
        facts.rate_evidence = " ".join(window)
        _read_comparisons(facts.rate_evidence[start:], facts)
        _read_numbers_anywhere(facts.rate_evidence, facts)
        break
    _read_cohort([*footnotes, *sentences, *extra_text], facts, footnotes)
    if facts.vs_national_average is None and None not in (
        facts.reoffending_rate,
        facts.national_average,
    ):
        facts.vs_national_average = direction(facts.reoffending_rate - facts.national_average)
    if facts.vs_previous_year is None and None not in (
        facts.reoffending_rate,
        facts.previous_year_rate,
    ):
        facts.vs_previous_year = direction(facts.reoffending_rate - facts.previous_year_rate)
    return facts


def _area_rate(sentence: str, facts: RateFacts) -> re.Match[str] | None:
    """The area's own rate in a sentence, never a figure that belongs to the average or the
    previous year ("lower than the England and Wales average of 37.8%")."""
    if leading := LEADING_VALUE.search(sentence):
        return leading if RATE_ANCHOR.search(sentence) else None
    if share := SHARE_REOFFENDED.search(sentence):
        return share
    for anchor in RATE_ANCHOR.finditer(sentence):
        if anchor.group("place") and not _ABOUT_THE_RATE.search(sentence):
            continue  # "In Bury it was ..." says a rate only in a sentence about the rate
        if NATIONAL_BEFORE.search(sentence[max(0, anchor.start() - 40) : anchor.start()]):
            # "Nationally the reoffending rate was 36.6%, while in X it was 38.9%"
            if (national := RATE_VALUE.search(sentence, anchor.end())) is not None:
                facts.national_average = float(national.group("n"))
                own = RATE_VALUE.search(sentence, national.end())
                taken = _claimed(sentence, (NATIONAL_NUMBER, PREVIOUS_NUMBER))
                return own if own and own.span("n") not in taken else None
            continue
        claimed = _claimed(sentence, (NATIONAL_NUMBER, PREVIOUS_NUMBER))
        since = anchor.end()  # where the words before the next figure start
        for value in RATE_VALUE.finditer(sentence, anchor.end()):
            if value.span("n") in claimed:
                since = value.end()
                continue
            # a figure after words that turn to another figure, or after a '%' that was no
            # figure (a misread "37.O%"), may be any figure: none is read, never a guess
            between = _without(sentence, since, value.start("n"), claimed)
            return None if _TURNS.search(between) else value
    return None


def _without(sentence: str, start: int, end: int, figures: set[tuple[int, int]]) -> str:
    """The words from ``start`` to ``end``, the figures given (with their '%') left out."""
    words = sentence[start:end]
    for a, b in sorted(figures, reverse=True):
        if start <= a and b <= end:
            sign = re.match(r"\s*(?:%|per\s*cent)", sentence[b:end])
            cut = b + (sign.end() if sign else 0)
            words = words[: a - start] + " " + words[cut - start :]
    return words


_TURNS = re.compile(
    r"%|(?:than|previous|preceding|prior|last\s+year|year\s+before|average|national(?:ly)?|"
    r"compared|against)\b",
    re.I,
)


def _unread_rate(sentence: str) -> int | None:
    """Where the words after the rate's anchor start, in a sentence that names the rate and
    has a percentage after it but no figure read as the area's."""
    if "%" not in sentence:
        return None
    anchor = RATE_ANCHOR.search(sentence)
    if anchor is None or anchor.group("place") or "%" not in sentence[anchor.end() :]:
        return None
    return anchor.end()


def _claimed(text: str, patterns: tuple[re.Pattern[str], ...]) -> set[tuple[int, int]]:
    """Where in ``text`` the figures the patterns name stand."""
    return {
        m.span(found)
        for p in patterns
        for m in p.finditer(text)
        if (found := next((g for g in _number_groups(p) if m.group(g)), None))
    }


def _number_groups(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """The groups a pattern spells its figure in ("n", "n2", ...), in order."""
    return tuple(g for g in pattern.groupindex if re.fullmatch(r"n\d*", g))


def _read_numbers_anywhere(text: str, facts: RateFacts) -> None:
    """Figures stated before the area's rate ("Against an average of 38.0%, ...", "Compared
    with 33.9% a year earlier, ..."), a trend against the previous year, and "the same as"."""
    if facts.national_average is None and (m := NATIONAL_NUMBER.search(text)):
        facts.national_average = float(next(v for v in m.groups() if v))
    if facts.previous_year_rate is None and (m := PREVIOUS_NUMBER.search(text)):
        facts.previous_year_rate = float(next(v for v in m.groups() if v))
    if facts.vs_previous_year is None and (m := TREND.search(text)):
        rose = m.group("word").lower() in ("rose", "risen", "increased", "went up")
        facts.vs_previous_year = "worse" if rose else "better"
    same = re.search(
        r"\bthe\s+same\s+as\s+(?:the\s+)?(?:that\s+(?:of|for)\s+)?" + _TARGET, text, re.I
    )
    if (
        same
        and facts.national_average is None
        and re.search(r"average|national|England", same.group("target"), re.I)
    ):
        facts.national_average = facts.reoffending_rate  # "the same as the average": equal


def _read_comparisons(tail: str, facts: RateFacts) -> None:
    comparisons = list(COMPARISON.finditer(tail))
    for k, m in enumerate(comparisons):
        end = comparisons[k + 1].start() if k + 1 < len(comparisons) else len(tail)
        stated = stated_direction(m.group("word"))
        targets = [(m.group("target"), m.end())]
        if also := ALSO_TARGET.search(tail[m.end() : end]):
            targets = [(m.group("target"), m.end()), (also.group("target"), m.end() + also.end())]
        for i, (target, at) in enumerate(targets):
            stop = targets[i + 1][1] if i + 1 < len(targets) else end
            # the comparison's own figure: never one the words around it give to the other
            # comparison ("the same as that for England and Wales, having fallen from 41.2%")
            national = bool(re.search(r"average|national|England", target, re.I))
            other = _claimed(tail, (PREVIOUS_NUMBER,) if national else (NATIONAL_NUMBER,))
            number = next(
                (n for n in re.finditer(PERCENT, tail[:stop]) if n.start() >= at
                 and (n.start("n"), n.end("n")) not in other),
                None,
            )  # fmt: skip
            _record_comparison(facts, target, stated, float(number.group("n")) if number else None)
    if facts.national_average is None and (m := NATIONAL_NUMBER.search(tail)):
        facts.national_average = float(next(v for v in m.groups() if v))
    if facts.previous_year_rate is None and (m := PREVIOUS_NUMBER.search(tail)):
        facts.previous_year_rate = float(next(v for v in m.groups() if v))


def _record_comparison(facts: RateFacts, target: str, stated: str | None, value: float | None):
    """One comparison the report draws; the first stated of each kind stands."""
    if re.search(r"average|national|England", target, re.I):
        facts.vs_national_average = facts.vs_national_average or stated
        if facts.national_average is None:
            facts.national_average = value
    else:
        facts.vs_previous_year = facts.vs_previous_year or stated
        if facts.previous_year_rate is None:
            facts.previous_year_rate = value


def _read_cohort(texts: list[str], facts: RateFacts, footnotes: list[str]) -> None:
    """The cohort's months and the month the rate was published.

    The cohort comes from the first sentence naming one; the publication month from that
    text, else from any footnote or sentence that says when the rate was published, so a
    footnote in another word order, or an endnote apart from the cohort, still gives it.
    """
    cohort_text = None
    for text in texts:
        for sentence in split_sentences(text) if len(text) > 300 else [text]:
            m = COHORT.search(sentence)
            if not m:
                continue
            g = m.groupdict()
            if g["m5"] or g["m7"] or g["m9"]:  # "Cohort: January-December 2013": a year, or two
                first, last, year = next(
                    (g[a], g[b], g[y])
                    for a, b, y in (("m5", "m6", "y6"), ("m7", "m8", "y8"), ("m9", "m10", "y10"))
                    if g[a]
                )
                starts_before = month_number(first) > month_number(last)
                m1, y1, m2, y2 = first, str(int(year) - starts_before), last, year
            else:
                m1, y1, m2, y2 = (
                    (g["m1"], g["y1"], g["m2"], g["y2"])
                    if g["m1"]
                    else (g["m3"], g["y3"], g["m4"], g["y4"])
                )
            facts.cohort_start, facts.cohort_end = month_iso(m1, y1), month_iso(m2, y2)
            facts.cohort_evidence = text if len(text) <= 400 else sentence
            cohort_text = text if len(text) <= 300 else sentence  # the note, or its sentence
            break
        if cohort_text is not None:
            break
    if cohort_text is None:
        rate_sentences = [
            s for s in texts if len(s) <= 400 and re.search(r"\brate\b|offend", s, re.I)
        ]
        for note in [*footnotes, *rate_sentences]:
            if (m := COHORT_RANGE.search(note)) and re.search(
                r"offend|\brate\b|custody|conviction|Ministry\s+of\s+Justice|\bMoJ\b", note, re.I
            ):
                facts.cohort_start, facts.cohort_end = _cohort_span(m)
                facts.cohort_evidence = note
                cohort_text = note
                break
    notes = [cohort_text or "", *footnotes]
    for text in [*notes, *texts]:
        for sentence in split_sentences(text) if len(text) > 300 else [text]:
            about = text if text in notes else sentence
            if (published := PUBLISHED.search(sentence)) and _about_the_rate(sentence, about):
                facts.rate_published = month_iso(
                    published.group("m") or published.group("m2"),
                    published.group("y") or published.group("y2"),
                )
                return


def _about_the_rate(sentence: str, note: str) -> bool:
    """Whether a "published" month speaks of the reoffending rate, not of the letter itself:
    the sentence, or the footnote it stands in, names the rate, its cohort or its source."""
    about = r"cohort|Ministry\s+of\s+Justice|\bMoJ\b|re-?offending"
    return bool(re.search(about, sentence, re.I) or re.search(about, note, re.I))
