"""Quantified judgements from numbered findings: how often practice was sufficient.

A judgement is a clause that both counts cases ("in most cases", "17 of the 18", "all but
one") and judges practice ("sufficient", "good", "not effective"). Counts that describe the
sample instead ("reports were provided in ten of the cases") are not judgements, but they give
the size of the group that later words in the paragraph refer to ("All but one gave a
sufficient assessment" is 9 of 10). Words come from the lexicon; explicit counts stay exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from sqs_analysis.ingest.model import Finding, Judgement
from sqs_analysis.ingest.quantifiers import (
    NUMBER,
    Estimate,
    all_but_estimate,
    cue_words,
    fraction_estimate,
    parse_number,
    patterns,
    word_estimate,
)
from sqs_analysis.reference.sentences import split_sentences

_ARTICLE = r"(?:the\s+|these\s+|those\s+|our\s+)?"
_GAP = r"(?:[\w/'’-]+\s+){0,3}?"


@cache
def mention_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """(kind, pattern) for every way a clause can count cases, most specific first."""
    p = patterns()
    noun = rf"(?:{p['noun']})"
    n = NUMBER
    raw = [
        ("of_group", rf"\bOf\s+(?:the|these|those)\s+(?P<den>{n})\s+(?P<what>[^,;.]{{1,100}}?),\s*"
                     rf"(?:only\s+|just\s+)?(?:all\s+but\s+(?P<missing>{n})|(?P<num>{n}|none|all))\b"),
        ("of_them", rf"\b(?:in\s+)?(?:only\s+|just\s+)?(?P<num>{n})\s+of\s+(?:them|these|those)\b"
                    rf"|(?:^|(?<=;)\s*)(?:(?P<word>all|none)|only\s+(?P<num2>{n}))(?=\s+(?:were|was|had|gave|contained|showed|included)\b)"),
        ("count_of", rf"\b(?P<num>{n})\s+(?:out\s+)?of\s+{_ARTICLE}(?P<den>{n})\b(?:\s+{_GAP}{noun}\b)?"),
        ("percent", rf"\b(?P<pct>\d{{1,3}}(?:\.\d+)?)\s*(?:%|per\s*cent)\s+of\s+{_ARTICLE}{_GAP}{noun}\b"),
        ("all_but", rf"\ball\s+but\s+(?P<missing>{n})(?:\s+(?:of\s+{_ARTICLE})?{_GAP}{noun}\b)?"),
        ("examples", rf"\b(?P<num>{n})\s+(?:examples?|instances?|cases?)\s+(?:where|in\s+which|when)\b"),
        ("n_cases", rf"\bin\s+(?P<num>{n})\s+(?:[\w-]+\s+)?cases\b"
                    rf"|\b(?P<num2>{n})\s+of\s+the\s+(?:[\w-]+\s+){{0,2}}?"
                    rf"(?:cases|sample|children|young\s+people)\b"),
        ("fraction", rf"\b(?:(?P<mod>{p['modifier']})\s+)?(?P<frac>{p['fraction']})\s+(?:of\s+)?"
                     rf"{_ARTICLE}{_GAP}(?P<noun>{noun})\b"),
        ("word", rf"\b(?P<word>{p['word']})\s+(?:of\s+(?P<pronoun>them|those|these)\b|(?:of\s+)?"
                 rf"{_ARTICLE}{_GAP}(?P<noun>{noun})\b)"),
    ]  # fmt: skip
    return [(kind, re.compile(rx, re.I)) for kind, rx in raw]


_CLAUSE_BREAK = re.compile(
    r";|,\s*(?:although|though|whereas|however|while|but)\b|(?<!\ball)\s+but\s+(?!one\b|two\b)|\s+although\s+",
    re.I,
)


_NUMBER_HINT = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty)\b"
)
_WORD_HINTS = ("both", "neither", "all", "every", "each", "none", "not one", "most", "majority", "many", "minority", "few", "number", "handful", "enough")  # fmt: skip
_NEEDS = {
    # what each kind of mention cannot match without: skips most patterns cheaply
    "of_group": lambda s, num: num and "of th" in s,
    "of_them": lambda s, num: (
        "them" in s
        or "these" in s
        or "those" in s
        or s.startswith(("all ", "none ", "only "))
        or "; all " in s
        or "; none " in s
        or "; only " in s
    ),
    "count_of": lambda s, num: num and " of " in s,
    "percent": lambda s, num: num and ("%" in s or "cent" in s),
    "all_but": lambda s, num: "all but" in s,
    "examples": lambda s, num: (
        num
        and ("example" in s or "instance" in s or " where" in s or " which" in s or " when" in s)
    ),
    "n_cases": lambda s, num: (
        num and ("case" in s or "sample" in s or "children" in s or "young people" in s)
    ),
    "fraction": lambda s, num: "half" in s or "third" in s or "quarter" in s or "fifth" in s,
    "word": lambda s, num: any(h in s for h in _WORD_HINTS),
}


@dataclass
class Mention:
    kind: str
    match: re.Match[str]

    @property
    def start(self) -> int:
        return self.match.start()

    @property
    def end(self) -> int:
        return self.match.end()


def find_mentions(sentence: str) -> list[Mention]:
    """Non-overlapping case counts in a sentence, longest first where they overlap."""
    low = sentence.lower()
    has_number = bool(_NUMBER_HINT.search(low))
    found = [
        Mention(kind, m)
        for kind, pattern in mention_patterns()
        if _NEEDS[kind](low, has_number)
        for m in pattern.finditer(sentence)
        if not _is_pronoun_only(kind, m)
    ]
    # longest first where mentions start together, except that a reference back to a stated
    # group ("All gave ...") beats the verbal reading of the same words
    found.sort(key=lambda x: (x.start, x.kind != "of_them", -(x.end - x.start)))
    chosen: list[Mention] = []
    for mention in found:
        if chosen and mention.start < chosen[-1].end:
            continue
        chosen.append(mention)
    return chosen


def _is_pronoun_only(kind: str, m: re.Match[str]) -> bool:
    # "them/those/these" count only straight after "of" ("all of them"), never after other words
    if kind not in ("word", "fraction"):
        return False
    noun = (m.groupdict().get("noun") or "").lower()
    return noun in ("them", "those", "these")


_REPORTS = re.compile(r"\breports?\b", re.I)
_CORE_END = {"word": "word", "fraction": "frac", "all_but": "missing", "count_of": "den"}


def _core(mention: Mention) -> str:
    """The quantifier's own words, without the nouns and adjectives it governs.

    Cue words must be looked for in the rest of the clause: "no" or "too many" are part of the
    quantifier, but "sufficient" in "all but one gave a sufficient assessment" is the judgement.
    """
    m = mention.match
    group = _CORE_END.get(mention.kind)
    end = m.end(group) if group and m.group(group) else m.end()
    return m.string[m.start() : end]


def clause_around(sentence: str, position: int) -> str:
    """The clause of ``sentence`` holding ``position`` (split at ';', 'although', ', but' ...)."""
    start, end = 0, len(sentence)
    for b in _CLAUSE_BREAK.finditer(sentence):
        if b.end() <= position:
            start = b.end()
        elif b.start() >= position:
            end = b.start()
            break
    return sentence[start:end]


_NON_WORD = re.compile(r"[^a-z'’-]+")


@lru_cache(maxsize=512)
def _words_of(text: str, drop_not_cues: bool) -> tuple[str, frozenset[str]]:
    """A clause as padded lower-case words (phrases findable with ``in``) and its word set.

    Words are split at hyphens too, as a regular expression's word boundary would: "well"
    is a cue inside "well-written".
    """
    padded = f" {_NON_WORD.sub(' ', text.lower())} "
    if drop_not_cues:
        for phrase in cue_words("not_cues")[1] + tuple(cue_words("not_cues")[0]):
            padded = padded.replace(f" {phrase} ", " ")
    words = frozenset(padded.split()) | frozenset(padded.replace("-", " ").split())
    return padded, words


@lru_cache(maxsize=2048)
def _has(kind: str, text: str) -> bool:
    """Whether ``text`` uses a cue of ``kind`` (phrases in the lexicon's not_cues never count)."""
    padded, words = _words_of(text, kind in ("positive", "negative"))
    singles, phrases = cue_words(kind)
    if singles & words:
        return True
    return any(
        (phrase in padded) if phrase.startswith("n'") else (f" {phrase} " in padded)
        for phrase in phrases
    )


def extract_judgements(findings: list[Finding], cases_examined: int | None) -> list[Judgement]:
    """Every quantified judgement in the findings, in reading order, numbered per paragraph."""
    out: list[Judgement] = []
    report_group: int | None = None  # how many cases had a pre-sentence report, report-wide
    for finding in findings:
        group: int | None = None
        seq = 0
        named_group, named_in = None, ""  # a group the previous sentence named, not yet judged
        for sentence in split_sentences(finding.text):
            mentions = find_mentions(sentence)
            found = []
            before_sentence = group
            for mention in mentions:
                before = group
                judgement, group = _judge(
                    mention, sentence, finding, group, cases_examined, report_group
                )
                if group != before and _REPORTS.search(clause_around(sentence, mention.start)):
                    report_group = group
                if judgement is not None:
                    found.append(judgement)
            if not mentions and named_group:
                implied = _implied_all(sentence, finding, named_group, named_in)
                found += [implied] if implied else []
            named_group = group if group != before_sentence and not found else None
            named_in = sentence
            for judgement in found:
                seq += 1
                judgement.seq = seq
                out.append(judgement)
    return out


_CONTRAST = re.compile(r"\b(?:although|though|but|however|whereas|some|except|apart from)\b", re.I)


def _implied_all(sentence: str, finding: Finding, group: int, named_in: str) -> Judgement | None:
    """A plain verdict on a group the previous sentence named, with no quantifier of its own:
    "Three ... were sentenced to custody. Planning for custody was sufficient." (all three).

    Only a short sentence with no contrast ("although", "some", ...) is read this way, since
    anything more hedged may not speak for every case in the group. The evidence is both
    sentences, since the count comes from the first.
    """
    if len(sentence.split()) > 25 or _CONTRAST.search(sentence) or _has("normative", sentence):
        return None
    negative = _has("negative", sentence)
    if not (negative or _has("positive", sentence)):
        return None
    est = Estimate(0.0, 0.0, 0.0) if negative else Estimate(1.0, 1.0, 1.0)
    return Judgement(
        paragraph=finding.paragraph,
        domain=finding.domain,
        polarity="negative" if negative else "positive",
        quantifier="all (implied)",
        quantifier_text="(none: a plain verdict on the group named before)",
        basis="count",
        numerator=group,
        denominator=group,
        denominator_source="earlier_sentence",
        sufficiency=est.point,
        sufficiency_low=est.low,
        sufficiency_high=est.high,
        evidence=f"{named_in} {sentence}",
    )


def _judge(
    mention: Mention,
    sentence: str,
    finding: Finding,
    group: int | None,
    cases_examined: int | None,
    report_group: int | None = None,
) -> tuple[Judgement | None, int | None]:
    """Turn one mention into a judgement (or not), returning the group size now in force."""
    m = mention.match
    clause = clause_around(sentence, mention.start)
    rest = clause.replace(_core(mention), " ")
    groups = m.groupdict()
    if _has("normative", clause):
        return None, group
    word = (groups.get("word") or "").lower()
    negative = _has("negative", rest) or re.sub(r"\s+", " ", word) == "too many"
    evaluative = negative or _has("positive", rest)
    descriptive = _has("descriptive", rest)

    if mention.kind in ("count_of", "of_group", "n_cases") and (descriptive or not evaluative):
        size = parse_number(groups.get("den")) or parse_number(
            groups.get("num") or groups.get("num2")
        )
        return None, size or group
    if not evaluative or (mention.kind == "examples" and not negative):
        return None, group

    subset = _has("subset", rest)
    sample = None if subset else cases_examined
    numerator = denominator = source = None
    basis = "count"
    name = m.group(0)
    if mention.kind == "count_of":
        numerator, denominator, source = (
            parse_number(groups["num"]),
            parse_number(groups["den"]),
            "stated",
        )
        name = "N of M"
    elif mention.kind == "of_group":
        denominator, source = parse_number(groups["den"]), "stated"
        if groups.get("missing"):
            numerator = denominator - (parse_number(groups["missing"]) or 0)
        else:
            raw = groups["num"].lower()
            numerator = {"none": 0, "all": denominator}.get(raw, parse_number(raw))
        name = "N of M"
        group = denominator
    elif mention.kind == "of_them" and not group:
        if not word:
            return None, group
        name, est = word_estimate(word)  # "All were sufficient" with no group named: all
        basis = "verbal"
    elif mention.kind == "of_them":
        numerator = (
            {"all": group, "none": 0}.get(word)
            if word
            else parse_number(groups.get("num") or groups.get("num2"))
        )
        denominator, source, name = group, "earlier_sentence", "N of M"
    elif mention.kind in ("n_cases", "examples"):
        numerator = parse_number(groups.get("num") or groups.get("num2"))
        denominator, source = (group, "earlier_sentence") if group else (sample, "cases_examined")
        name = "N of M"
    elif mention.kind == "percent":
        share = float(groups["pct"]) / 100
        est = Estimate(share, share, share)
        name = "percentage"
    elif mention.kind == "all_but":
        missing = parse_number(groups["missing"]) or 1
        if group:
            size, source = group, "earlier_sentence"
        elif report_group and _REPORTS.search(m.group(0)):
            size, source = report_group, "earlier_sentence"
        else:
            size, source = sample, "cases_examined"
        est, exact = all_but_estimate(missing, size)
        name = "all but one" if missing == 1 else f"all but {missing}"
        if exact:
            numerator, denominator = size - missing, size
        else:
            basis, source = "verbal", None
    elif mention.kind == "fraction":
        name, est = fraction_estimate(groups["frac"], groups.get("mod"))
        basis = "verbal"
    else:  # word
        name, est = word_estimate(word)
        basis = "verbal"
        if groups.get("pronoun") and group:
            denominator, source = group, "earlier_sentence"
            if est.low == est.high:  # "all of them", "none of them": exact
                numerator, basis = round(est.point * group), "count"

    if numerator is not None and denominator:
        if numerator > denominator:
            return None, group
        share = numerator / denominator
        est = Estimate(share, share, share)
    elif basis == "count" and mention.kind != "percent":
        return None, group  # a count with no group to count against: not a figure
    if negative:
        est = est.flipped()
    # counts keep their full precision (only float noise is removed); lexicon estimates are
    # rounded to the precision the lexicon itself has
    est = est.rounded(4 if basis == "verbal" else 12)
    judgement = Judgement(
        paragraph=finding.paragraph,
        domain=finding.domain,
        polarity="negative" if negative else "positive",
        quantifier=name,
        quantifier_text=re.sub(r"\s+", " ", m.group(0)).strip(),
        basis=basis,
        numerator=numerator,
        denominator=denominator,
        denominator_source=source if denominator else None,
        sufficiency=est.point,
        sufficiency_low=est.low,
        sufficiency_high=est.high,
        evidence=sentence,
    )
    return judgement, group
