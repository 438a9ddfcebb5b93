"""Counts that say again what the counts before them said: the rest of a group judged the
other way, the last of a list that makes the group whole, a reason given for the cases just
counted, and the parts of a total a sentence then gives. :mod:`.judgements` lists each as
``restates`` rather than reading it again.
"""

from __future__ import annotations

import re

from sqs_analysis.ingest.mentions import Mention, is_universal, quantifier_word
from sqs_analysis.ingest.model import Judgement
from sqs_analysis.ingest.quantifiers import parse_number


def completes(judgement: Judgement, before: list[Judgement]) -> bool:
    """Whether a count listed last makes the counts before it in its sentence, of the same
    group, add up to the whole group: it is then the rest of them."""
    group = judgement.denominator
    counted = sum(j.numerator or 0 for j in before if j.denominator == group)
    return bool(group) and counted > 0 and counted + (judgement.numerator or 0) == group


def _bare_rest(
    mention: Mention, judgement: Judgement, before: list[Judgement], lead: str | None = None
) -> bool:
    """Whether a bare count opening the sentence after a verdict on its group (or, given the
    sentence's ``lead`` before it, opening the clause after a semicolon: "Twelve were on time;
    eight were late") is the rest of that group, judged the other way."""
    if mention.kind != "n_subject" or mention.group("noun"):
        return False
    if not (lead.rstrip().endswith(";") if lead is not None else mention.start <= 3):
        return False
    other_way = [j for j in before if j.polarity != judgement.polarity]
    return completes(judgement, other_way)


def restates(
    mention: Mention,
    judgement: Judgement | None,
    sentence: str,
    found: list[Judgement],
    previous: list[Judgement],
) -> bool:
    """Whether a count only says again what the counts before it said."""
    if judgement is not None and mention.kind == "listed" and completes(judgement, found):
        return True  # "seven of good quality and two insufficient" of nine: the rest, said again
    if found and _gives_a_reason(sentence, mention):
        # "seven were good and two insufficient, in both cases because ...": why the cases
        # just counted fell short, not another verdict
        return True
    # "..., ten were sufficient. Two proposed a sentence that did not match ...": the two
    # outside the ten, the same verdict said the other way
    return judgement is not None and (
        _bare_rest(mention, judgement, previous)
        or _bare_rest(mention, judgement, found, sentence[: mention.start])
    )


_A_REASON = re.compile(r"\s*,?\s*(?:because|since|as|due\s+to|owing\s+to)\b", re.I)


def _gives_a_reason(sentence: str, mention: Mention) -> bool:
    """Whether a universal ("in both cases", "in each case") stands before a reason: it says
    why the cases counted before it were as they were."""
    universal = is_universal(mention) or quantifier_word(mention) == "both"
    return universal and bool(_A_REASON.match(sentence, mention.end))


_SUMS_UP = re.compile(
    r"\b(?:meaning\s+that|which\s+meant\s+that|so\s+that\s+(?:in\s+all|overall)|in\s+total|altogether)\b",
    re.I,
)
_TOTALS = frozenset({"count_of", "of_group", "all_but", "percent"})


def parts_of_a_total(sentence: str, mentions: list[Mention]) -> set[int]:
    """The counts a sentence adds up to a total it gives after them ("no plan at all in two
    cases, and in a further eight the plan did not address ..., meaning that only nine of the
    19 children had a sufficient plan"): parts of that one verdict, not verdicts of their own."""
    low = sentence.lower()
    if len(mentions) < 2 or not any(w in low for w in ("mean", "total", "altogether", "so that")):
        return set()
    summing = _SUMS_UP.search(sentence)
    if not summing or not any(m.start >= summing.end() and m.kind in _TOTALS for m in mentions):
        return set()
    return {
        i
        for i, m in enumerate(mentions)
        if m.end <= summing.start() and m.kind in ("n_cases", "in_bare", "n_subject", "examples")
    }


def size_by_the_rest(rest: Mention, sentence: str, found: list[Judgement]) -> None:
    """A count judged against the whole sample, then "the other three" in its sentence ("plans
    were sufficient in seven cases and insufficient in the other three"): the group is the
    count and the rest together (ten), not the sample; the count's share is taken of that."""
    other = parse_number(rest.group("num", "num2"))
    if not other or len(found) != 1 or found[0].denominator_source != "cases_examined":
        return
    judged = found[0]
    if not judged.numerator or not judged.denominator:
        return
    if judged.numerator + other >= judged.denominator or judged.evidence != sentence:
        return
    group = judged.numerator + other
    share = judged.numerator / group
    share = 1 - share if judged.polarity == "negative" else share
    judged.denominator, judged.denominator_source = group, "stated"
    judged.sufficiency = judged.sufficiency_low = judged.sufficiency_high = round(share, 12)
