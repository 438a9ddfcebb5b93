"""Quantified judgements from numbered findings: how often practice was sufficient.

A judgement is a clause that both counts cases ("in most cases", "17 of the 18", "all but
one") and judges practice ("sufficient", "good", "not effective"). Counts that describe the
sample instead ("reports were provided in ten of the cases") are not judgements, but they give
the size of the group that later words in the paragraph refer to ("All but one gave a
sufficient assessment" is 9 of 10). Words come from the lexicon; explicit counts stay exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqs_analysis.ingest.breaks import clause_around, clause_span
from sqs_analysis.ingest.clauses import (
    DONE_TO_THEM,
    SUBORDINATE_MODAL,
    children_doing,
    childs_cases_verdict,
    clause_after,
    describes_children,
    done_in,
    judging_words,
    negation_before,
    opens_relative_clause,
    own_words,
    people_as_subject,
    practice_done,
    without_relative,
)
from sqs_analysis.ingest.counts import (
    REPORTS,
    THEIR,
    Context,
    Count,
    by_pronoun,
    count_cases,
    counts_people,
)
from sqs_analysis.ingest.cues import has as _has
from sqs_analysis.ingest.mentions import (
    BACK_REFERENCES,
    Mention,
    core,
    find_mentions,
    is_universal,
    negated,
    quantifier_word,
)
from sqs_analysis.ingest.model import Finding, Judgement, UnreadCount
from sqs_analysis.ingest.quantifiers import (
    Estimate,
    parse_number,
    word_estimate,
)
from sqs_analysis.ingest.restated import parts_of_a_total, restates, size_by_the_rest
from sqs_analysis.reference.sentences import split_sentences

UNREAD_REASONS = {
    "expectation": "states what inspectors expect, not what they found",
    "describes": "describes the sample (who had a report, who was sentenced), judges no practice",
    "group": "names the size of a group that later words count within",
    "no_judging_word": "no word in the clause judges practice",
    "negated_universal": "'not all' / 'not always': some fell short, but the words do not say how many",
    "unsized_group": "counts within a group whose size the letter does not give",
    "count_exceeds_group": "the count is larger than the group it is counted in",
    "no_group": "a count with no group to count it against",
    "restates": (
        "the cases outside a count already given, or the parts of a total the sentence gives: "
        "the same judgement restated"
    ),
}
"""Why a count is not a judgement: the ``reason`` column of the ``unread_counts`` table
(the codebook lists the same keys as its allowed values)."""


@dataclass
class Reading:
    """Everything the findings count: the judgements, and the counts not read as judgements."""

    judgements: list[Judgement] = field(default_factory=list)
    unread: list[UnreadCount] = field(default_factory=list)


_COUNTS = frozenset(
    {"count_of", "n_cases", "n_subject", "paren_group", "all_n", "of_group", "remainder"}
)


def extract_judgements(findings: list[Finding], cases_examined: int | None) -> list[Judgement]:
    """Every quantified judgement in the findings, in reading order, numbered per paragraph."""
    return read_findings(findings, cases_examined).judgements


def read_findings(findings: list[Finding], cases_examined: int | None) -> Reading:
    """The judgements in the findings, and every other count with the reason it is not one."""
    reading = Reading()
    ctx = Context(cases_examined)
    for finding in findings:
        ctx.new_paragraph()
        seq = 0
        named_group, named_in = None, ""  # a group the previous sentence named, not yet judged
        previous: list[Judgement] = []  # the judgements of the sentence before
        sentences = split_sentences(finding.text)
        mentioned = [find_mentions(sentence) for sentence in sentences]
        for k, (sentence, mentions) in enumerate(zip(sentences, mentioned, strict=True)):
            # "Fourteen children were not in education. In five of those cases ...": a count the
            # next sentence counts within names a group, whatever its own clause says
            refers_back = bool(k + 1 < len(sentences) and _opens_with_reference(mentioned[k + 1]))
            before_sentence = ctx.group
            ctx.sentence = k
            found = _read_sentence(
                sentence, mentions, finding, ctx, reading.unread, refers_back, previous
            )
            if not mentions and named_group:
                implied = _implied_all(sentence, finding, named_group, named_in)
                found += [implied] if implied else []
            elif not found and [m.kind for m in mentions] == ["group_named"] and ctx.group:
                found += _verdict_on_named_group(sentence, mentions[0], finding, ctx.group)
                if found:  # the group is counted in the verdict, not left unread
                    reading.unread.pop()
            named_group = ctx.group if ctx.group != before_sentence and not found else None
            named_in = sentence
            for judgement in found:
                seq += 1
                judgement.seq = seq
                reading.judgements.append(judgement)
            previous = found
    return reading


def _counted_within_later(mention: Mention, sentence: str) -> bool:
    """Whether a later count of the sentence that points back counts within this one's cases
    ("timely in 15 cases, but the quality was poor in five of these"; "good in 17 of the 21
    cases, though four of them had been completed late": the 17, where the later count says
    "of them", else the 21)."""
    if mention.kind == "n_cases":
        return True
    return mention.kind == "count_of" and bool(_OF_THEM_LATER.search(sentence, mention.end))


_OF_THEM_LATER = re.compile(r"\b(?:though|although|but)\s+\w+\s+of\s+(?:them|these|those)\b", re.I)
_BESIDE = re.compile(r"\b(?:further|another|additional|more)\b", re.I)
"""Words of a count beside the one before ("In a further four, ..."), not within it."""


def _refers_back(mention: Mention) -> bool:
    """Whether the mention counts within a group named before ("six of these", "Of these")."""
    if mention.kind == "in_bare" and _BESIDE.search(mention.match.group(0)):
        return False
    return (
        mention.kind in BACK_REFERENCES
        or (mention.kind == "of_group" and not mention.group("den", "den2"))
        or (mention.kind in ("word", "fraction") and by_pronoun(mention))
        or (mention.kind == "all_but" and bool(THEIR.search(mention.match.group(0))))
    )


def _points_back(mention: Mention) -> bool:
    """Whether the mention counts within a group it names by a pronoun ("five of these",
    "half of them")."""
    return (
        mention.kind == "of_them"
        or (mention.kind in ("word", "fraction") and by_pronoun(mention))
        # "not on time in five cases, although ... good in all but one of these"
        or (mention.kind == "all_but" and bool(THEIR.search(mention.match.group(0))))
    )


def _names_its_group(count: Mention, later: Mention) -> bool:
    """Whether a later mention of the clause counts within ``count`` ("Eight cases required a
    plan and six of these ...") rather than beside it ("14 of the 18 plans were on time, only
    eight addressed ...": two verdicts on the same group)."""
    if later.kind == "word" and (later.group("word") or "").lower() in ("both", "each", "neither"):
        return True  # "Two of the children were eligible, and in both cases ..."
    if not _refers_back(later) or later.kind == "in_bare":
        return False
    # "Of the 15 plans, only six were ..., and only four were ...": two verdicts on the 15
    return not (
        count.kind in ("count_of", "of_group") and later.kind == "of_them" and later.group("num2")
    )


def _opens_with_reference(mentions: list[Mention]) -> bool:
    return bool(mentions) and mentions[0].start < 25 and _refers_back(mentions[0])


def _read_sentence(
    sentence: str,
    mentions: list[Mention],
    finding: Finding,
    ctx: Context,
    unread: list[UnreadCount],
    refers_back: bool = False,
    previous: list[Judgement] | None = None,
) -> list[Judgement]:
    found = []
    counted: tuple[int, int] | None = None  # the last count judged here, and where it stands
    parts = parts_of_a_total(sentence, mentions)
    for i, mention in enumerate(mentions):
        if i in parts:
            words = re.sub(r"\s+", " ", mention.match.group(0)).strip()
            unread.append(
                UnreadCount(finding.paragraph, finding.domain, words, "restates", sentence)
            )
            continue
        # a count followed by words counting within it ("Eight cases required a plan and six
        # of these were sufficient") names the group; it is not itself the verdict
        later = mentions[i + 1 :]
        span = clause_span(sentence, mention.start)
        same_clause = [m for m in later if clause_span(sentence, m.start) == span]
        own = own_words(sentence, mentions, i)
        # "needed in six cases and were sufficient in four": a count whose own words judge
        # nothing names the group the next count of its clause counts within
        unjudged = not (_has("positive", own) or _has("negative", own))
        # "A referral had been made in nine cases. In six of them, ...": practice done judges
        unjudged = unjudged and not (refers_back and done_in(own))
        names_group = mention.kind in _COUNTS and (
            any(_names_its_group(mention, m) for m in same_clause)
            or (unjudged and any(m.kind == "in_bare" for m in same_clause))
            # "Although plans were needed in ten cases, only six of them were sufficient"
            or (unjudged and bool(later) and later[0].kind in BACK_REFERENCES)
            or (
                refers_back
                and not later
                and mention.kind in ("n_subject", "paren_group", "n_cases")
            )
        )
        # "In eight cases the assessment was not sufficient, and in four of those ...": a count
        # that judges in its own words is read, and still names the group counted within
        judged_group = names_group and not unjudged and mention.kind in ("n_cases", "count_of")
        names_group = names_group and not judged_group
        if counted and _points_back(mention) and clause_span(sentence, counted[1]) != span:
            # "timely in 15 cases, but the quality was poor in five of these": the cases the
            # sentence has just counted, not a group named before it
            ctx.group, ctx.group_named = counted[0], ctx.sentence
        before = ctx.group
        ctx.opens_a_list = any(m.kind == "listed" for m in later)
        judgement, reason = _judge(mention, sentence, finding, ctx, names_group, own)
        if restates(mention, judgement, sentence, found, previous or []):
            judgement, reason = None, "restates"
        elif mention.kind == "remainder" and reason == "restates":
            size_by_the_rest(mention, sentence, found)
        if judged_group and (size := parse_number(mention.group("num", "num2", "num4"))):
            ctx.group = size
        elif ctx.group is None and _of_every_case(mention):
            # "While most plans were sufficient, four were not": of the whole sample (for
            # reports, of the cases that had one, where the letter said how many)
            reports = REPORTS.search(mention.group("noun") or "")
            ctx.group = ctx.report_group if reports else ctx.cases_examined
        if ctx.group != before:
            ctx.group_named = ctx.sentence
            if REPORTS.search(clause_around(sentence, mention.start)):
                ctx.report_group = ctx.group
        if judgement is not None:
            found.append(judgement)
            if judgement.numerator and _counted_within_later(mention, sentence):
                counted = (judgement.numerator, mention.start)
            if ctx.group and judgement.denominator == ctx.group:
                # "In four of these cases ... In two cases, ...": a group counted within stays
                # the one in force for the next sentence
                ctx.group_named = ctx.sentence
        elif reason:
            words = re.sub(r"\s+", " ", mention.match.group(0)).strip()
            unread.append(UnreadCount(finding.paragraph, finding.domain, words, reason, sentence))
    return found


_PRACTICE = re.compile(
    r"\b(?:assess\w*|plan\w*|review\w*|reports?|work|intervention\w*|management|"
    r"oversight|referrals?|meetings?|visits?|contact|attended|their|them|these|those|each|every)\b",
    re.I,
)
"""What a plain verdict on a group must speak of to speak for the group's cases."""
_CONTRAST = re.compile(
    r"\b(?:although|though|but|however|whereas|some|except|apart from|evidence)\b", re.I
)


def _implied_all(sentence: str, finding: Finding, group: int, named_in: str) -> Judgement | None:
    """A plain verdict on a group the previous sentence named, with no quantifier of its own:
    "Three ... were sentenced to custody. Planning for custody was sufficient." (all three).

    Only a short sentence with no contrast ("although", "some", ...) and no mere "evidence"
    is read this way, since anything more hedged may not speak for every case in the group. The evidence is both
    sentences, since the count comes from the first.
    """
    if len(sentence.split()) > 25 or _CONTRAST.search(sentence) or _has("normative", sentence):
        return None
    if not _PRACTICE.search(sentence):  # a verdict on something else ("a good relationship")
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


def _verdict_on_named_group(
    sentence: str, group: Mention, finding: Finding, size: int
) -> list[Judgement]:
    """A plain verdict after a group named at the head of its own sentence, with no count of
    its own: "In the two cases which were in custody, the planning was good" (both)."""
    implied = _implied_all(sentence[group.end :].lstrip(" ,"), finding, size, "")
    if implied is None:
        return []
    implied.quantifier_text = " ".join(group.match.group(0).split())
    implied.evidence = sentence
    return [implied]


def _judge(
    mention: Mention,
    sentence: str,
    finding: Finding,
    ctx: Context,
    names_group: bool,
    own: str | None = None,
) -> tuple[Judgement | None, str | None]:
    """One mention as a judgement, or the reason it is not one (updating the group in force)."""
    clause = clause_around(sentence, mention.start)
    word = quantifier_word(mention)
    if _has("normative", clause) and _has("normative", SUBORDINATE_MODAL.sub(" ", clause)):
        return None, "expectation"
    if opens_relative_clause(sentence, mention):
        clause = sentence[mention.start : clause_span(sentence, mention.start)[1]]
    rest = judging_words(mention, clause, own)
    childs = mention.kind == "n_cases" and childs_cases_verdict(sentence, mention)
    if childs:
        rest = childs  # the verdict on the cases the child's clause names, not the child's state
    elif _about_the_child(rest):
        return None, "describes"
    name = word_estimate(word)[0] if word else None
    negative = _has("negative", rest) or name == "too many"
    # "too few" judges by itself; so does how often a thing was done ("plans were rarely
    # reviewed"), an adverb of frequency on a verb of practice
    # "Every case we looked at had an initial assessment": every case had the work
    after = mention.end if is_universal(mention) else None
    frequency = practice_done(sentence, rest, after) and mention.kind != "examples"
    evaluative = negative or _has("positive", rest) or name == "too few" or frequency
    descriptive = _has("descriptive", without_relative(rest))
    judged = evaluative and bool(_PRACTICE_JUDGED.search(rest))
    reason = _group_only(mention, evaluative, descriptive, names_group, ctx, judged)
    if reason:
        return None, reason
    if (is_universal(mention) or mention.kind == "all_n") and (
        negated(sentence, mention) or (negative and negation_before(clause, sentence, mention))
    ):
        # "not all", "not sufficient in all cases": some fell short, how many is not said
        # ("In all cases the plans did not ..." puts the universal first: none, and is read)
        return None, "negated_universal"
    if not evaluative or (mention.kind == "examples" and not negative):
        if mention.kind == "examples":  # "15 cases where the child had an identified victim"
            ctx.group = parse_number(mention.group("num")) or ctx.group
        elif ctx.group and _refers_back(mention):
            # "Of these, eight had a plan. The plans were good in six of those cases": the
            # eight are the group the next count counts within
            size = parse_number(mention.group("num", "num2"))
            ctx.group = size if size and size < ctx.group else ctx.group
        return None, "no_judging_word"
    # words of another count of the clause ("..., and in four of those ...") do not make this
    # count one of a subset
    subset = _has("subset", (own or clause).replace(core(mention), " "))
    sample = None if subset else ctx.cases_examined
    count = count_cases(mention, ctx, sample, word)
    if isinstance(count, str):
        return None, count
    if count.numerator and childs:
        # "In four cases the child had breached their order, and breach action had been taken
        # promptly": the cases the child's clause names, every one of them judged
        count.denominator, count.source = count.numerator, "stated"
        ctx.group = count.numerator
    est = _share(count, negative)
    if isinstance(est, str):
        return None, est
    judgement = Judgement(
        paragraph=finding.paragraph,
        domain=finding.domain,
        polarity="negative" if negative else "positive",
        quantifier=count.name,
        quantifier_text=re.sub(r"\s+", " ", mention.match.group(0)).strip(),
        basis=count.basis,
        numerator=count.numerator,
        denominator=count.denominator,
        denominator_source=count.source if count.denominator else None,
        sufficiency=est.point,
        sufficiency_low=est.low,
        sufficiency_high=est.high,
        evidence=sentence,
    )
    return judgement, None


def _share(count: Count, negative: bool) -> Estimate | str:
    """The share of cases sufficient that a count gives (flipped for a negative statement), or
    why it gives none. Counts keep their full precision (only float noise is removed); lexicon
    estimates are rounded to the precision the lexicon itself has."""
    est = count.estimate
    if count.numerator is not None and count.denominator:
        if count.numerator > count.denominator:
            return "count_exceeds_group"
        share = count.numerator / count.denominator
        est = Estimate(share, share, share)
    elif count.basis == "count" and est is None:
        return "no_group"
    if negative:
        est = est.flipped()
    return est.rounded(4 if count.basis == "verbal" else 12)


def _of_every_case(mention: Mention) -> bool:
    """Whether the mention quantifies over the whole sample ("in all cases", "most plans"), so
    that a bare count after it ("..., four were not") counts within the sample."""
    noun = (mention.group("noun") or "").lower()
    return mention.kind == "word" and noun in ("cases", "case", "plans", "assessments", "reports")


_CHILD_SUBJECT = re.compile(
    r"(?:^\W*(?:(?:in|for|with)\W+)?|,\s*|\bcases?\s+)the\s+(?:child|young\s+person)\s+(?:had|was|did)\b",
    re.I,
)


def _about_the_child(rest: str) -> bool:
    """Whether the words judging a count of cases speak of the child, not of the work ("In a
    third of cases, the child was not in education"; "the child had not offended before"):
    nothing done for the child and no piece of practice named."""
    return bool(_CHILD_SUBJECT.search(rest)) and not (
        DONE_TO_THEM.search(rest) or _PRACTICE_JUDGED.search(rest) or done_in(rest)
    )


_PRACTICE_JUDGED = re.compile(
    r"\b(?:assessments?|plans?|planning|reviews?|reports?|interventions?|oversight|referrals?)\b",
    re.I,
)
"""The practice a count of children may be judged on ("Only one child did not have a
sufficient plan"), where a count of children otherwise describes the sample."""


_FALLEN_SHORT = re.compile(
    r"^(?:that|which|who)\s+(?:were|was|did|had)\s+not\s*$|^(?:that|which)\s+(?:were|was)\s+"
    r"(?:not\s+)?(?:insufficient|not\s+sufficient|not\s+good\s+enough|poor|inadequate)\s*$",
    re.I,
)


def _group_only(
    mention: Mention,
    evaluative: bool,
    descriptive: bool,
    names_group: bool,
    ctx: Context,
    judged: bool = False,
) -> str | None:
    """Whether the mention only names a group (setting it as the group in force), and why;
    ``judged``: its clause judges a piece of practice."""
    kind = mention.kind
    if kind == "remainder":
        # "In the remaining ten cases, oversight was sufficient in seven": a group counted
        # within; else "the remaining six were not" restates the count before it
        if names_group and (size := parse_number(mention.group("num", "num2"))):
            ctx.group = size
            return "group"
        return "restates"
    if kind == "of_group" and _FALLEN_SHORT.search(mention.group("what") or ""):
        # "Of the four that were not, three had been completed without ...": why the cases
        # already judged deficient fell short, not a verdict of its own
        return "restates"
    people = kind == "n_subject" and not ctx.group and counts_people(mention) and not judged
    if kind in ("word", "fraction") and not judged and describes_children(mention):
        # "Most children had poor school attendance": who the children were, not practice
        return "describes"
    if kind in ("count_of", "of_group") and not judged and children_doing(mention):
        # "Eleven of the 15 children were attending school regularly": what they were doing
        return "describes"
    if (
        kind == "n_cases"
        and people_as_subject(mention)
        and not (evaluative and DONE_TO_THEM.search(clause_after(mention)))
    ):
        # "Twelve of the children had been known to children's social care": the sample (but
        # "Eleven of the children had been seen by a health worker" judges what was done)
        ctx.group = parse_number(mention.group("num", "num2", "num3", "num4")) or ctx.group
        return "describes"
    if kind == "n_subject" and not mention.group("noun") and ctx.group and not evaluative:
        # "Six children were sentenced ... Two were held in a YOI and the other four ...":
        # a part of the group in force describes it; the group stays
        num = parse_number(mention.group("num"))
        if num and num < ctx.group:
            return "describes"
    if kind == "group_named":
        ctx.group = parse_number(mention.group("den", "den2", "den3", "den4")) or ctx.group
        return "group"
    if kind == "paren_group" or (
        kind == "n_subject" and (names_group or not evaluative or descriptive or people)
    ):
        ctx.group = parse_number(mention.group("num")) or ctx.group
        return "group"
    if kind in ("count_of", "of_group", "n_cases", "all_n", "examples") and (
        descriptive or not evaluative or names_group
    ):
        if kind == "of_group" and not mention.group("den", "den2"):
            # "Of these, eight had a plan. The plans were good in six of those": of the eight
            size = parse_number(mention.group("num", "num2"))
            ctx.group = size if size and ctx.group and size < ctx.group else ctx.group
            return "describes" if descriptive else "no_judging_word"
        # "Of the 20 cases, nine had reached a review": the nine are the group now in force
        size = parse_number(mention.group("num", "num2", "num4")) or parse_number(
            mention.group("den", "den2")
        )
        ctx.group = size or ctx.group
        return "describes" if descriptive else ("group" if names_group else "no_judging_word")
    return None
