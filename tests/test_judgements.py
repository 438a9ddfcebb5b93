"""Quantified judgements: inspectors' wording in, exact counts or lexicon ranges out."""

from __future__ import annotations

from pathlib import Path

import pytest

from sqs_analysis.ingest.judgements import extract_judgements, read_findings
from sqs_analysis.ingest.model import Finding
from sqs_analysis.ingest.quantifiers import (
    all_but_estimate,
    fraction_estimate,
    lexicon,
    parse_number,
    word_estimate,
)


def reading_of(text: str, cases: int | None = 20, paragraph: str = "2.3"):
    """The judgements and the counts not read of one paragraph of findings."""
    finding = Finding(paragraph, "protecting_the_public", "Protecting the public", text)
    return read_findings([finding], cases)


def judge(text: str, cases: int | None = 20, paragraph: str = "2.3"):
    return reading_of(text, cases, paragraph).judgements


def one(text: str, cases: int | None = 20):
    found = judge(text, cases)
    assert len(found) == 1, [(j.quantifier_text, j.evidence) for j in found]
    return found[0]


@pytest.mark.parametrize(
    "text,quantifier,point",
    [
        ("Reviews were sufficient in almost all of the cases we looked at.", "almost all", 0.94),
        ("This was achieved in nearly three-quarters of the relevant cases.", "nearly three-quarters", 0.70),
        ("Planning was good in most cases.", "most", 0.82),
        ("The assessment was sufficient in the majority of the cases sampled.", "the majority", 0.62),
        ("Reviews were sufficient in less than half of the sample inspected.", "less than half", 0.35),
        ("Plans were sufficient in well over three-quarters of the cases sampled.", "well over three-quarters", 0.85),
        ("Assessments had been reviewed sufficiently in almost two-thirds of cases.", "nearly two-thirds", 0.6167),
        ("Plans had only been reviewed to an acceptable standard in just over half of the cases.", "just over half", 0.55),
        ("Satisfactory reviews were completed in only one-third of the applicable sample.", "one-third", 0.3333),
        ("Management oversight was effective in a few cases.", "a few", 0.08),
        ("The response to non-compliance was appropriate in every case.", "all", 1.0),
        ("Too few cases included an effective plan to manage the risk of harm.", "too few", 0.30),
        ("Risk of harm assessments were completed on time in most cases.", "most", 0.82),
        ("Management oversight was evident in only a minority of cases.", "a minority", 0.30),
        ("Plans were reviewed within the required timescales in half of the cases.", "half", 0.5),
        ("Plans were of good quality in about two-thirds of the cases.", "about two-thirds", 0.6667),
    ],
)  # fmt: skip
def test_verbal_quantifiers_take_the_lexicon_point_and_range(text, quantifier, point):
    j = one(text)
    assert (j.quantifier, j.basis, j.polarity) == (quantifier, "verbal", "positive")
    assert j.sufficiency == pytest.approx(point, abs=1e-4)
    assert j.sufficiency_low <= j.sufficiency <= j.sufficiency_high
    assert j.evidence == text and j.numerator is None


@pytest.mark.parametrize(
    "text,num,den,source",
    [
        ("Plans to address risk of harm were sufficient in 17 of the 18 relevant cases sampled.", 17, 18, "stated"),
        ("Assessments were of sufficient quality in fifteen out of eighteen cases.", 15, 18, "stated"),
        ("In 18 of the 20 cases sampled, case managers had taken time to understand the child.", 18, 20, "stated"),
        ("Of the five children sentenced to custody, only two had a good enough plan.", 2, 5, "stated"),
        ("In eleven cases the assessment was sufficient.", 11, 20, "cases_examined"),
        ("The child and parents were sufficiently involved in the planning in all but one case.", 19, 20, "cases_examined"),
    ],
)  # fmt: skip
def test_explicit_counts_are_exact(text, num, den, source):
    j = one(text)
    assert (j.numerator, j.denominator, j.denominator_source, j.basis) == (
        num,
        den,
        source,
        "count",
    )
    assert (
        j.sufficiency
        == j.sufficiency_low
        == j.sufficiency_high
        == pytest.approx(num / den, abs=1e-4)
    )


def test_group_size_from_an_earlier_sentence():
    found = judge(
        "Pre-sentence reports were provided in ten of the cases sampled. "
        "All but one gave a sufficient assessment of the reasons for offending."
    )
    assert [(j.numerator, j.denominator, j.denominator_source) for j in found] == [
        (9, 10, "earlier_sentence")
    ]


def test_all_of_them_refers_back_to_the_group():
    (j,) = judge(
        "Reports were provided in seven of the cases sampled; all of them were well-written."
    )
    assert (j.numerator, j.denominator, j.sufficiency) == (7, 7, 1.0)


def test_all_but_one_of_an_unsized_subset_is_a_range():
    j = one(
        "Where there was an identifiable victim, the risk had been managed effectively in all but one case."
    )
    assert (j.numerator, j.denominator, j.basis) == (None, None, "verbal")
    assert j.sufficiency_low < j.sufficiency < j.sufficiency_high


@pytest.mark.parametrize(
    "text,point,low,high",
    [
        ("However, in just over half of the cases the plans did not give sufficient attention to diversity.", 0.45, 0.40, 0.49),
        ("The plans in too many cases were not effective.", 0.60, 0.20, 0.80),
        ("Plans were insufficient in a third of cases.", 0.6667, 0.6367, 0.6967),
    ],
)  # fmt: skip
def test_negative_statements_are_flipped(text, point, low, high):
    j = one(text)
    assert j.polarity == "negative"
    assert (j.sufficiency, j.sufficiency_low, j.sufficiency_high) == pytest.approx(
        (point, low, high), abs=1e-4
    )


def test_negative_count_of_examples():
    j = one(
        "We did, however, find three examples where the case manager had failed to identify factors."
    )
    assert (j.polarity, j.numerator, j.denominator, j.sufficiency) == ("negative", 3, 20, 0.85)


@pytest.mark.parametrize(
    "text",
    [
        "Pre-sentence or panel reports were provided in ten of the cases sampled.",
        "Three of the children were sentenced to custody.",
        "Risk management plans should be reviewed regularly in all cases.",
        "This should cover past offending and all relevant behaviour.",
        "Work to address offending behaviour had been carried out in most of the cases.",
        "On some occasions, insufficient engagement resulted in plans that did not reflect their views.",
        "There were a number of positive examples where case managers had worked hard.",
        "We found one example where the plan had recognised the cannabis use, but there was no action.",
        "Case managers had not used all the information available to them.",
        "In Knowsley there was an increasing number of children exploited by organised crime groups.",
        "The YOS benefited from an integrated service; the teams were all managed by the Head of Service.",
    ],
)
def test_sentences_that_are_not_judgements(text):
    assert judge(text) == []


def test_clauses_keep_their_own_polarity():
    (j,) = judge("Planning was good in most cases, although some plans lacked detail and clarity.")
    assert j.polarity == "positive"


def test_two_judgements_in_one_sentence_are_numbered():
    found = judge(
        "Diversity issues had been assessed in all cases and planned for sufficiently "
        "in well over three-quarters of the cases sampled."
    )
    assert [(j.seq, j.quantifier) for j in found] == [(1, "all"), (2, "well over three-quarters")]


def test_no_sample_size_means_no_invented_denominator():
    assert judge("In eleven cases the assessment was sufficient.", cases=None) == []
    j = one("The risk was managed effectively in all but one case.", cases=None)
    assert j.denominator is None and j.basis == "verbal"


# ---------------------------------------------------------------- the lexicon itself


def test_every_lexicon_entry_is_a_valid_range():
    lex = lexicon()
    for entry in [*lex["word"], *lex["all_but"]]:
        assert 0 <= entry["low"] <= entry["point"] <= entry["high"] <= 1, entry
    for fraction in lex["fraction"]:
        for modifier in [None, *(m["phrases"][0] for m in lex["modifier"] if m["phrases"])]:
            _, est = fraction_estimate(fraction["phrases"][0], modifier)
            assert 0 <= est.low <= est.point <= est.high <= 1, (fraction["name"], modifier)


def test_education_scotland_bands_are_kept():
    assert word_estimate("most")[1].low == 0.75 and word_estimate("most")[1].high == 0.90
    assert word_estimate("the majority")[1].low == 0.50
    assert word_estimate("almost all")[1].low == 0.90
    _, less_than_half = fraction_estimate("half", "less than")
    assert (less_than_half.low, less_than_half.high) == (0.15, 0.49)


def test_synonyms_share_an_entry():
    assert word_estimate("nearly all") == word_estimate("almost all")
    assert fraction_estimate("two thirds") == fraction_estimate("two-thirds")


def test_all_but_one_is_exact_with_a_group():
    est, exact = all_but_estimate(1, 14)
    assert exact and est.point == pytest.approx(13 / 14, abs=1e-4)
    est, exact = all_but_estimate(1, None)
    assert not exact and est.low < est.point < est.high


@pytest.mark.parametrize(
    "text,value",
    [
        ("17", 17),
        ("seventeen", 17),
        ("twenty-one", 21),
        ("twenty one", 21),
        ("ten", 10),
        ("many", None),
    ],
)
def test_numbers_in_words(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "second,num",
    [
        ("Eleven of them gave a sufficient assessment of the reasons for offending.", 11),
        ("Only two gave a sufficient assessment of the reasons for offending.", 2),
        ("All were well-written, providing a clear outline of offending behaviour.", 12),
        ("Planning for release was sufficient in only two of them.", 2),
        ("All gave a sufficient assessment of the reasons for offending.", 12),
    ],
)
def test_references_back_to_a_stated_group(second, num):
    (j,) = judge(f"Pre-sentence reports were provided in 12 of the cases sampled. {second}")
    assert (j.numerator, j.denominator, j.denominator_source) == (num, 12, "earlier_sentence")


@pytest.mark.parametrize(
    "second,num",
    [("all were well-written.", 12), ("only three gave a sufficient assessment.", 3)],
)
def test_references_back_after_a_semicolon(second, num):
    (j,) = judge(f"Pre-sentence reports were provided in 12 of the cases sampled; {second}")
    assert (j.numerator, j.denominator, j.denominator_source) == (num, 12, "earlier_sentence")


def test_all_but_one_of_a_stated_group():
    j = one("Of the three children sentenced to custody, all but one had a good enough plan.")
    assert (j.numerator, j.denominator) == (2, 3)


def test_pre_sentence_report_group_carries_across_paragraphs():
    findings = [
        Finding(
            "1.2",
            "reducing_reoffending",
            "",
            "Pre-sentence reports were provided in 16 of the cases sampled.",
        ),
        Finding(
            "3.1",
            "protecting_the_child",
            "",
            "We were pleased to find that all but one of the pre-sentence reports contained sufficient information.",
        ),
    ]
    (j,) = extract_judgements(findings, 28)
    assert (j.paragraph, j.numerator, j.denominator) == ("3.1", 15, 16)


def test_deficiency_verbs_make_a_statement_negative():
    j = one(
        "We found that in four of the 19 cases inspected the assessment had underestimated the level of vulnerability."
    )
    assert (j.polarity, j.numerator, j.denominator) == ("negative", 4, 19)
    assert j.sufficiency == pytest.approx(15 / 19, abs=1e-4)


def test_being_involved_is_a_judgement_not_a_description():
    j = one("Parents were sufficiently involved in the planning in 13 of the 16 cases inspected.")
    assert (j.polarity, j.numerator, j.denominator) == ("positive", 13, 16)


def test_all_with_no_group_named_is_a_verbal_all():
    j = one("All were of a sufficient standard.")
    assert (j.quantifier, j.basis, j.sufficiency, j.denominator) == ("all", "verbal", 1.0, None)


def test_a_plain_verdict_on_a_named_group_covers_the_whole_group():
    (j,) = judge(
        "Three of the children were sentenced to custody. "
        "Assessment and planning for the custodial part of the sentence was sufficient."
    )
    assert (j.quantifier, j.numerator, j.denominator, j.sufficiency) == ("all (implied)", 3, 3, 1.0)
    assert j.denominator_source == "earlier_sentence"
    assert j.evidence.startswith("Three of the children") and j.evidence.endswith("was sufficient.")


def test_a_plain_negative_verdict_on_a_named_group():
    (j,) = judge(
        "Two of the children were sentenced to custody. Planning for release was not sufficient."
    )
    assert (j.polarity, j.numerator, j.denominator, j.sufficiency) == ("negative", 2, 2, 0.0)


@pytest.mark.parametrize(
    "second",
    [
        "The quality of reports was good, although some lacked analysis.",
        "Reports should be of good quality.",
        "There was evidence that the reports had been quality assured before they went to court.",
        "Planning for custody was sufficient. This is a long sentence that goes on and on well past the length of a plain verdict on the group.",
    ],
)
def test_hedged_or_unrelated_sentences_after_a_group_are_not_verdicts(second):
    found = judge(f"Pre-sentence reports were provided in eight of the cases sampled. {second}")
    assert [
        j for j in found if j.quantifier == "all (implied)" and j.evidence.endswith(second)
    ] == []


# ---------------------------------------------------------------- other inspectors' words


@pytest.mark.parametrize(
    "text,num,den",
    [
        ("Plans were sufficient in 10/12 cases.", 10, 12),
        ("Assessments were sufficient in twelve out of fifteen cases.", 12, 15),
        ("Risk factors were identified in 16 of the 18 cases.", 16, 18),
        ("Plans were sufficient in 14 (78%) of the 18 cases.", 14, 18),
        ("Seven children were sentenced to custody. All seven had a sufficient plan.", 7, 7),
        ("Four children were remanded. For all four, the vulnerability plan was good.", 4, 4),
        ("Two cases required a risk management plan. Planning was good in both.", 2, 2),
        ("Three were sentenced to custody. Of the three, one had a sufficient plan.", 1, 3),
        ("Eight cases required a plan and six of these were sufficient.", 6, 8),
        ("Reports were written for the court (ten cases), seven of which were of good quality.", 7, 10),
        ("Six had been assessed as posing a medium or high risk of harm. Of these, only four had a plan that was good enough.", 4, 6),
        ("A risk management plan was required in 14 cases. Only eight were good enough.", 8, 14),
        ("Assessments were sufficient in all cases with one exception.", 19, 20),
        ("With the exception of two cases, plans were reviewed appropriately.", 18, 20),
        ("Plans to manage vulnerability were sufficient in both cases.", 2, 2),
        ("In neither case was the plan sufficient.", 0, 2),
    ],
)  # fmt: skip
def test_counts_written_differently_are_exact(text, num, den):
    (j,) = judge(text)
    assert (j.numerator, j.denominator, j.basis) == (num, den, "count")
    assert j.sufficiency == pytest.approx(num / den)


@pytest.mark.parametrize(
    "text,quantifier",
    [
        ("Planning was, in the main, good.", "most"),
        ("Responses to non-compliance were appropriate without exception.", "all"),
        ("Plans were rarely sufficient when circumstances changed.", "very few"),
        ("Plans lacked detail in a significant number of cases.", "a significant number"),
        ("Assessments were sufficient in nearly every case.", "almost all"),
        ("Interventions were delivered as planned in most cases.", "most"),
        ("Victim safety was considered in every case.", "all"),
        ("Objectives were set out clearly in most plans.", "most"),
        ("Plans were specific in the majority of cases.", "the majority"),
        ("Reviews were carried out when required in a minority of cases only.", "a minority"),
    ],
)  # fmt: skip
def test_quantifiers_and_judging_words_of_other_inspectors(text, quantifier):
    (j,) = judge(text)
    assert j.quantifier == quantifier
    assert j.sufficiency_low <= j.sufficiency <= j.sufficiency_high


def test_almost_every_is_not_every():
    (j,) = judge("Assessments were sufficient in almost every case.")
    assert j.sufficiency < 1.0 and j.sufficiency_high < 1.0


def test_a_restated_count_is_counted_once():
    (j,) = judge("Assessment was sufficient in 78% of cases (14 of 18).")
    assert (j.numerator, j.denominator) == (14, 18)


def test_two_judgements_in_one_sentence_are_both_read():
    found = judge(
        "A plan was produced in every case that required one, but it was sufficient in only "
        "half of those cases."
    )
    assert [j.quantifier for j in found] == ["all", "half"]


def test_a_group_named_before_is_never_read_as_its_own_verdict():
    """ "Six had been assessed ... Of these, only four" is 4 of 6, never 6 of 6."""
    found = judge(
        "Six had been assessed as posing a medium or high risk of harm to others. Of these, only "
        "four had a plan that was good enough."
    )
    assert [(j.numerator, j.denominator) for j in found] == [(4, 6)]


@pytest.mark.parametrize(
    "text,reason",
    [
        ("Not all plans were sufficient.", "negated_universal"),
        ("Plans were not sufficient in all cases.", "negated_universal"),
        ("Plans were sufficient in 19 of the 18 relevant cases.", "count_exceeds_group"),
        ("Pre-sentence reports were provided in ten of the cases sampled.", "describes"),
        ("Plans should be reviewed in all cases.", "expectation"),
        ("Of these, four had a plan that was good enough.", "unsized_group"),
    ],
)
def test_counts_not_read_are_listed_with_the_reason(text, reason):
    reading = reading_of(text)
    assert reading.judgements == []
    assert [u.reason for u in reading.unread] == [reason]
    assert reading.unread[0].sentence == text


@pytest.mark.parametrize(
    "text,num,den",
    [
        ("Twelve plans were written. We judged only five to be sufficient.", 5, 12),
        ("Nine reports were prepared. We found seven to be of good quality and two insufficient.", 7, 9),
        ("Reports were prepared in 12 cases. The analysis was clear in ten, and the proposal was sound in all bar one.", 10, 12),
        ("Of the ten children who needed a plan, including the two in custody, eight had one that was sufficient.", 8, 10),
        ("Case managers had referred seven of the nine children with mental health needs to specialist services.", 7, 9),
    ],
)  # fmt: skip
def test_counts_in_long_paragraphs(text, num, den):
    found = judge(text)
    assert (found[0].numerator, found[0].denominator, found[0].polarity) == (num, den, "positive")


def test_a_reason_is_not_a_quantifier():
    assert [j.quantifier for j in judge("Plans were late, mostly because of staff absence.")] == []


# ---------------------------------------------------------------- matching in lower case
def _bank_paragraphs() -> list[str]:
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from generators.bank import examples

    return [example["paragraph_text"] for _, example in examples("judgement")]


def test_lower_case_patterns_find_what_the_case_insensitive_ones_find():
    """Mentions are matched on a lower-case copy of the sentence without ``re.I`` (about twice
    as fast); every pattern must then hold its letters in lower case, or it would miss."""
    from sqs_analysis.ingest.mentions import lower_case_patterns, mention_patterns

    paragraphs = _bank_paragraphs()
    assert len(paragraphs) > 300
    for (kind, insensitive), (_, lower) in zip(
        mention_patterns(), lower_case_patterns(), strict=True
    ):
        for text in paragraphs:
            want = [m.span() for m in insensitive.finditer(text)]
            assert [m.span() for m in lower.finditer(text.lower())] == want, (kind, text)


def test_a_mention_keeps_the_sentence_s_own_letters():
    from sqs_analysis.ingest.mentions import find_mentions

    (mention,) = find_mentions("Of These, Only Four had a plan that was good enough.")
    assert mention.match.group(0).startswith("Of These, Only Four")
    assert mention.group("num") == "Four"


def test_a_sentence_whose_lower_case_moves_letters_is_matched_as_it_is():
    """'İ' lower-cases to two characters, so positions in the copy would not be the sentence's."""
    from sqs_analysis.ingest.mentions import find_mentions

    sentence = "İn 12 of the 15 cases, planning was sufficient."
    assert len(sentence.lower()) != len(sentence)
    (mention,) = find_mentions(sentence)
    assert sentence[mention.start : mention.end] == mention.match.group(0)
    assert mention.match.group(0).startswith("12 of the 15")


def test_a_fraction_before_its_own_clause_is_read():
    """'in a third this was not done': the fraction ends where the clause's subject starts."""
    finding = Finding("1.1", "reducing_reoffending", "Reducing reoffending",
                      "In most cases the plan was reviewed; in a third this was not done.")  # fmt: skip
    got = extract_judgements([finding], 12)
    assert [(j.quantifier_text, j.polarity) for j in got] == [
        ("most cases", "positive"),
        ("in a third", "negative"),
    ]


def test_practice_that_occurred_judges_but_an_outcome_that_occurred_does_not():
    def read(text: str) -> list:
        return extract_judgements([Finding("1.1", "reducing_reoffending", "R", text)], 12)

    (liaison,) = read("Liaison with social services only occurred in 61 per cent of these cases.")
    assert liaison.sufficiency == 0.61 and liaison.polarity == "positive"
    assert read("Reoffending occurred in four of the 12 cases.") == []


def _read(text: str, cases: int | None = 20) -> list:
    return judge(text, cases, "3.2")


def test_a_bare_count_too_big_for_the_last_group_counts_within_the_one_it_fits():
    (plans,) = [
        j
        for j in _read(
            "Vulnerability management plans were required in 14 cases, including all three "
            "children in custody. We judged them to be sufficient in eight."
        )
    ]
    assert (plans.numerator, plans.denominator, plans.polarity) == (8, 14, "positive")


def test_children_counted_as_a_clause_s_subject_describe_the_sample():
    assert _read("Twelve of the children had been known to children's social care.") == []
    (planning,) = _read("Planning was sufficient for 12 of the children.")
    assert (planning.numerator, planning.denominator) == (12, 20)


def test_action_taken_and_people_involved_report_practice_done():
    (breach,) = _read(
        "Where breach action was necessary, it had been taken in each of the five cases concerned."
    )
    assert (breach.numerator, breach.denominator, breach.sufficiency) == (5, 5, 1.0)
    found = _read(
        "Children had been involved in planning in 14 of the 18 cases, whereas their parents or "
        "carers had been involved in just nine."
    )
    assert [(j.numerator, j.denominator) for j in found] == [(14, 18), (9, 18)]


def test_another_count_s_words_do_not_make_a_count_one_of_a_subset():
    found = _read(
        "In eight cases the risk of harm assessment was not sufficient, and in four of those the "
        "child's previous violent behaviour had been overlooked.",
        15,
    )
    assert [(j.numerator, j.denominator, j.polarity) for j in found] == [
        (8, 15, "negative"),
        (4, 8, "negative"),
    ]


def test_more_ways_inspectors_count():
    """A judged count after the group's clause, 'either' under a negation, a percentage of a
    named group, practice 'done so' and people 'involved' or 'consulted'."""
    (five,) = _read(
        "Of the 12 cases that required a risk management plan, we judged only five to be sufficient."
    )
    assert (five.numerator, five.denominator) == (5, 12)
    *_, either = _read(
        "Parents had been involved in most cases, though not in either of the two cases where "
        "the child was living independently."
    )
    assert (either.numerator, either.denominator, either.sufficiency) == (2, 2, 0.0)
    (share,) = _read("Reviews had taken place at the right intervals in 83% of the 18 cases.")
    assert (share.numerator, share.denominator, share.sufficiency) == (None, 18, 0.83)
    (so,) = _read("Children were encouraged to take part, and for the most part did so.")
    assert so.polarity == "positive" and so.quantifier_text == "for the most part"
    *_, few = _read(
        "Children had not been involved in planning in seven of the 15 cases, and too few "
        "parents or carers had been consulted."
    )
    assert few.quantifier_text == "too few parents or carers" and few.sufficiency < 0.5


def test_them_after_every_case_is_the_whole_sample():
    completed, eight = _read(
        "Reviews were completed in all cases; however, only eight of them were of sufficient "
        "quality."
    )
    assert (completed.quantifier, completed.sufficiency) == ("all", 1.0)  # practice done
    assert (eight.numerator, eight.denominator) == (8, 20)


def test_a_small_proportion_and_contact_made():
    (small,) = _read(
        "A small proportion of assessments had been completed without seeing the child."
    )
    assert small.polarity == "negative" and small.quantifier == "a small minority"
    (contact,) = _read("Contact with the victim had been made in five of the seven cases.")
    assert (contact.numerator, contact.denominator, contact.polarity) == (5, 7, "positive")


def test_the_remaining_cases_and_reports_name_their_groups():
    found = _read(
        "Oversight was effective in all six such cases. In the remaining ten cases, oversight "
        "was sufficient in seven."
    )
    assert [(j.numerator, j.denominator) for j in found] == [(6, 6), (7, 10)]
    *_, two = _read(
        "The court had asked for a pre-sentence report in ten cases. Eight of the ten reports "
        "were sufficient. Magistrates valued the YOT's presence. In two reports, however, the "
        "risk of harm to others had been underestimated."
    )
    assert (two.numerator, two.denominator, two.polarity) == (2, 10, "negative")


def test_all_but_a_few_is_almost_all_not_a_few():
    """Read as 'a handful' the share would be inverted: 8% sufficient for nearly every case."""
    (handful,) = _read("Risks were acted upon appropriately in all but a handful of cases.")
    assert handful.quantifier == "almost all" and handful.sufficiency > 0.9


def test_no_more_than_half_is_half_at_most():
    """Read inside it, 'more than half' flipped by the 'no' came out as a deficiency."""
    (share,) = _read("Reviews took place as required in no more than half the cases.")
    assert (share.quantifier, share.polarity) == ("at most half", "positive")
    assert share.sufficiency_high <= 0.5


def test_counts_written_around_their_nouns():
    (out_of,) = _read("The assessment was sufficient in 12 cases out of 15.")
    assert (out_of.numerator, out_of.denominator) == (12, 15)
    (bracketed,) = _read("Eleven plans (69%) were sufficient.", 16)
    assert (bracketed.numerator, bracketed.denominator) == (11, 16)
    (ratio,) = _read("Nine cases in ten had a sufficient plan.")
    assert (ratio.quantifier, ratio.quantifier_text) == ("9 in 10", "Nine cases in ten")


def test_every_case_except_one_is_all_but_one():
    """Read as 'all cases' the exception was lost and the share was 100%."""
    (found,) = _read(
        "Initial assessments were completed within timescales in all cases except one."
    )
    assert (found.numerator, found.denominator) == (19, 20)


def test_a_group_named_before_its_count_in_the_same_sentence():
    (found,) = _read(
        "Of the nine cases with a victim, the victim's safety had been considered well in all "
        "but one."
    )
    assert (found.numerator, found.denominator) == (8, 9)


def test_groups_named_with_there_were_and_among():
    (ten,) = _read("There were 14 cases that required a plan; in ten, it was sufficient.")
    assert (ten.numerator, ten.denominator) == (10, 14)
    (nine,) = _read(
        "Among the 12 children assessed as posing a high risk, nine had a sufficient plan."
    )
    assert (nine.numerator, nine.denominator) == (9, 12)
    (three,) = _read("There were three cases where the plan was not sufficient.")
    assert (three.numerator, three.polarity) == (3, "negative")


def test_three_verdicts_in_one_list_each_keep_their_own_words():
    """The middle verdict's words once ran to the end of the list, so 'below standard'
    turned 'of a reasonable standard in four' into a deficiency."""
    found = _read(
        "Assessments were of a high standard in ten cases, of a reasonable standard in four, "
        "and below standard in two."
    )
    assert [(j.numerator, j.polarity) for j in found] == [
        (10, "positive"),
        (4, "positive"),
        (2, "negative"),
    ]
    found = _read(
        "The assessment was sufficient in 12 cases, insufficient in five and missing in one."
    )
    assert [(j.numerator, j.polarity) for j in found] == [
        (12, "positive"),
        (5, "negative"),
        (1, "negative"),
    ]


def test_wider_judging_words():
    (wrong,) = _read("In two of the cases the risk of harm classification was wrong.")
    assert wrong.polarity == "negative"
    (five,) = _read("Only five plans met the required standard.")
    assert (five.numerator, five.polarity) == (5, "positive")
    (below,) = _read(
        "The quality of supervision fell below the standard required in a third of cases."
    )
    assert below.polarity == "negative"


def test_practice_done_with_an_adverb_and_a_share_with_its_count_in_brackets():
    (reviewed,) = _read("Plans were regularly reviewed in 11 cases.")
    assert (reviewed.numerator, reviewed.polarity) == (11, "positive")
    (third,) = _read("Reviews had not been completed on time in a third (five) of cases.")
    assert third.polarity == "negative" and third.quantifier == "one-third"


def test_a_referral_made_is_practice_done():
    (five,) = _read(
        "The YOS had made a referral to children's social care in all five cases where this "
        "was necessary."
    )
    assert (five.numerator, five.denominator, five.sufficiency) == (5, 5, 1.0)


def test_delays_and_classifications():
    (delays,) = _read("There were delays in completing assessments in five cases.")
    assert (delays.numerator, delays.polarity) == (5, "negative")
    found = _read(
        "The risk of serious harm was correctly classified in 16 cases and wrongly classified in four."
    )
    assert [(j.numerator, j.polarity) for j in found] == [(16, "positive"), (4, "negative")]


def test_a_count_in_brackets_after_a_quantifier():
    (majority,) = _read("The majority (11) of pre-sentence reports were of good quality.")
    assert majority.quantifier == "the majority"
    (most,) = _read("Most (14 of 18) plans were sufficient.")
    assert (most.numerator, most.denominator) == (14, 18)


def test_a_bare_count_after_a_quantifier_over_the_sample_counts_within_the_sample():
    found = _read("While most plans were sufficient, four were not.")
    assert [(j.quantifier, j.numerator, j.denominator, j.polarity) for j in found] == [
        ("most", None, None, "positive"),
        ("N of M", 4, 20, "negative"),
    ]


def test_information_used_is_practice_done():
    (used,) = _read(
        "Information from other agencies was used to inform the assessment in 15 of 18 cases."
    )
    assert (used.numerator, used.denominator, used.polarity) == (15, 18, "positive")


def test_two_verdicts_on_a_group_named_with_of():
    """'only four' is of the 15 plans, not of the six: a wrong group gave 4 of 6."""
    found = _read(
        "Of the 15 plans, only six were reviewed on time, and only four were reviewed after a "
        "significant change."
    )
    assert [(j.numerator, j.denominator) for j in found] == [(6, 15), (4, 15)]


def test_a_count_after_an_n_of_m_in_its_sentence_counts_within_the_m():
    found = _read(
        "Contact with the victim had been sufficient in five of the seven relevant cases but in "
        "two cases it had not."
    )
    assert [(j.numerator, j.denominator) for j in found] == [(5, 7), (2, 7)]


def test_groups_named_by_all_but_one_and_by_cases_in_which():
    found = _read(
        "Plans were timely in all but one case, although only nine of them set out clearly what "
        "the child would do.",
        16,
    )
    assert [(j.numerator, j.denominator) for j in found] == [(15, 16), (9, 16)]
    (four,) = _read(
        "There were seven cases in which the child posed a medium or high risk of harm to others. "
        "The risk management plan was sufficient in four of these."
    )
    assert (four.numerator, four.denominator) == (4, 7)
    *_, minority = _read(
        "Barriers to engagement were identified in most cases, but they were addressed in only a "
        "minority."
    )
    assert minority.quantifier == "a minority"


def test_a_single_child_or_young_person_is_counted_and_a_generic_need_is_not_a_finding():
    (seen,) = _read("Almost every child had been seen within five working days of sentence.")
    assert (seen.quantifier, seen.polarity, seen.sufficiency) == ("almost all", "positive", 0.94)
    (each,) = _read("Each and every young person had a sufficient plan.")
    assert each.sufficiency == 1.0
    # a present-tense need of every child is the standard, not what inspectors found
    assert _read("Every child assessed as high risk needs a plan that a manager has agreed.") == []


def test_a_not_cue_that_is_itself_a_positive_cue_judges():
    (done,) = _read("Fourteen of the 17 assessments were completed without delay.")
    assert (done.numerator, done.denominator, done.polarity) == (14, 17, "positive")
    # "without" alone still judges the other way
    (late,) = _read("Fourteen of the 17 assessments were completed without a manager's oversight.")
    assert late.polarity == "negative"


def test_a_couple_of_cases_is_a_small_share_with_a_range():
    (couple,) = _read(
        "In a couple of cases, the assessment had not been countersigned by a manager."
    )
    assert couple.quantifier == "a couple" and couple.polarity == "negative"
    assert couple.sufficiency_low < couple.sufficiency < couple.sufficiency_high < 1.0


def test_the_words_between_among_these_and_its_count_judge():
    found = _read(
        "Twelve cases involved a known victim; among these, victim safety had been considered "
        "well in ten."
    )
    assert [(j.numerator, j.denominator, j.polarity) for j in found] == [(10, 12, "positive")]


def test_a_connective_between_a_quantifier_and_its_verb():
    *_, minority = _read(
        "Most plans were sufficient. A significant minority, however, did not set out how the "
        "work would be sequenced."
    )
    assert (minority.quantifier, minority.polarity) == ("a significant number", "negative")


@pytest.mark.parametrize(
    "text,words",
    [
        ("Fourteen assessments were sufficient; the remaining six were not.", "the remaining six"),
        (
            "The assessment was sufficient in 13 of the 17 cases. In the other four cases, it "
            "lacked analysis.",
            "In the other four cases",
        ),
        (
            "The assessment was sufficient in 13 of the 17 cases. The other four lacked analysis.",
            "The other four",
        ),
        ("Plans were sufficient in 12 cases. The rest did not name the agencies.", "The rest"),
        (
            "Assessments were sufficient in two-thirds of cases; in the remainder, the "
            "classification of risk was too low.",
            "in the remainder",
        ),
    ],
)
def test_the_cases_outside_a_count_restate_it_and_are_listed(text, words):
    reading = reading_of(text)
    assert len(reading.judgements) == 1  # the first count only, never a second from the rest
    assert [(u.words, u.reason) for u in reading.unread if u.reason == "restates"] == [
        (words, "restates")
    ]


def test_the_remaining_cases_counted_within_name_a_group():
    found = _read(
        "Oversight was effective in all six such cases. In the remaining ten cases, "
        "oversight was sufficient in seven.",
        16,
    )
    assert [(j.numerator, j.denominator) for j in found] == [(6, 6), (7, 10)]


def test_a_bare_count_after_an_n_of_m_in_its_sentence_counts_within_the_m():
    found = _read(
        "Nine of the 14 pre-sentence reports were of a good standard, but five lacked a clear "
        "proposal."
    )
    assert [(j.numerator, j.denominator, j.polarity) for j in found] == [
        (9, 14, "positive"),
        (5, 14, "negative"),
    ]


def test_visits_carried_out_and_meetings_held_are_practice_done():
    (visits,) = _read("Home visits had been carried out in fewer than half of the cases.")
    assert (visits.quantifier, visits.polarity) == ("less than half", "positive")
    (meetings,) = _read("Planning meetings were held in most cases.")
    assert meetings.quantifier == "most"


@pytest.mark.parametrize(
    "text,point",
    [
        ("Nobody had reviewed the plan in over half the cases.", 0.42),
        (
            "There was little evidence that the child's views had been sought in most cases.",
            0.18,
        ),
        ("No one had checked the victim's safety in a third of the cases.", 0.6667),
    ],
)
def test_nobody_and_little_evidence_judge_against(text, point):
    (found,) = _read(text)
    assert (found.polarity, found.sufficiency) == ("negative", point)


def test_words_quoted_from_a_record_do_not_judge():
    found = _read(
        "The YOT had taken appropriate action in 14 of the 19 cases. In one case the inspector "
        'wrote, "two victims live on the same estate and nobody had checked whether they were '
        'still at risk".',
        19,
    )
    assert [(j.numerator, j.denominator) for j in found] == [(14, 19)]


@pytest.mark.parametrize(
    "text,polarity,point",
    [
        ("Despite the delays, plans were sufficient in most cases.", "positive", 0.82),
        (
            "Plans were sufficient in most cases despite delays in their completion.",
            "positive",
            0.82,
        ),
        ("Plans were sufficient in most cases, even if they were late.", "positive", 0.82),
        ("Despite a good assessment, the plan was insufficient in most cases.", "negative", 0.18),
    ],
)
def test_a_concession_does_not_judge_the_count(text, polarity, point):
    (found,) = _read(text)
    assert (found.polarity, found.sufficiency) == (polarity, point)


def test_what_follows_even_though_does_not_judge_the_count():
    (nine,) = _read(
        "The plan was sufficient in nine cases even though it had not been countersigned."
    )
    assert (nine.numerator, nine.polarity) == (9, "positive")


@pytest.mark.parametrize(
    "text,point",
    [
        ("In no case was the assessment late.", 1.0),
        ("In no case had the plan been reviewed.", 0.0),
        ("Few, if any, of the plans had been shared with the child.", 0.08),
    ],
)
def test_in_no_case_and_few_if_any(text, point):
    (found,) = _read(text)
    assert found.sufficiency == point


def test_an_opening_concession_is_a_clause_of_its_own():
    (most,) = _read("Although most assessments were sufficient, plans were not.")
    assert (most.polarity, most.sufficiency) == ("positive", 0.82)
    reading = reading_of(
        "Although risk management plans were needed in ten cases, only six of them were sufficient."
    )
    assert [(j.numerator, j.denominator) for j in reading.judgements] == [(6, 10)]
    assert [(u.words, u.reason) for u in reading.unread] == [("in ten cases", "group")]


def test_the_cases_where_a_group_is_named_before_its_count():
    (nine,) = _read(
        "In the 12 cases where a victim had been identified, their safety was considered in nine."
    )
    assert (nine.numerator, nine.denominator) == (9, 12)
    (half,) = _read(
        "Whereas plans had been reviewed in all eight cases that needed it, only half of those "
        "reviews had led to a change in the plan."
    )[1:]
    assert half.sufficiency == 0.5


def test_figures_for_two_subjects_respectively():
    found = _read("Assessments and plans were sufficient in 15 and 12 cases respectively.")
    assert [(j.numerator, j.denominator) for j in found] == [(15, 20), (12, 20)]
    found = _read(
        "The assessment and the plan were sufficient in 80% and 65% of cases respectively."
    )
    assert [j.sufficiency for j in found] == [0.8, 0.65]


def test_a_further_count():
    *_, further = _read(
        "There was a sufficient plan in 10 cases; in a further three, the plan was insufficient."
    )
    assert (further.numerator, further.polarity) == (3, "negative")


def test_the_parts_of_a_total_are_not_verdicts_of_their_own():
    reading = reading_of(
        "There was no plan at all in two cases, and in a further eight the plan did not "
        "address the factors most closely linked to offending, meaning that only nine of "
        "the 19 children had a sufficient plan.",
        19,
    )
    assert [(j.numerator, j.denominator) for j in reading.judgements] == [(9, 19)]
    assert [(u.words, u.reason) for u in reading.unread] == [
        ("in two cases", "restates"),
        ("in a further eight", "restates"),
    ]


def test_at_all_is_not_a_quantifier_and_that_all_still_is():
    assert [j.quantifier for j in _read("The plan was not sufficient at all in most cases.")] == [
        "most"
    ]
    (reports,) = _read("We were pleased to find that all pre-sentence reports were sufficient.")
    assert reports.sufficiency == 1.0


def test_a_group_counted_within_stays_in_force_for_the_next_sentence():
    found = _read(
        "Six of the children were looked after. In four of these cases the YOT had worked well "
        "with the social worker. In two cases, there was no evidence of joint planning."
    )
    assert [(j.numerator, j.denominator) for j in found] == [(4, 6), (2, 6)]


def test_cases_where_something_held_name_a_group():
    (eleven,) = _read(
        "We looked at 15 cases where the child had an identified victim. Victim safety was "
        "considered in 11 of these."
    )
    assert (eleven.numerator, eleven.denominator) == (11, 15)


def test_a_fraction_of_a_stated_number_is_a_count_where_it_comes_out_whole():
    (four,) = _read("In half of the eight cases that needed one, there was a sufficient plan.")
    assert (four.numerator, four.denominator, four.basis) == (4, 8, "count")
    (six,) = _read("Two-thirds of the nine plans were sufficient.")
    assert (six.numerator, six.denominator) == (6, 9)
    (nearly,) = _read("Nearly half of the eight cases had a sufficient plan.")
    assert (nearly.numerator, nearly.denominator, nearly.basis) == (None, 8, "verbal")


def test_evidence_found_judges_and_no_evidence_judges_against():
    (some,) = _read("There was evidence of management oversight in 12 cases.")
    assert some.polarity == "positive"
    (none,) = _read("There was no evidence of management oversight in 12 cases.")
    assert none.polarity == "negative"
    (third,) = _read("In no more than a third of cases was there evidence of management oversight.")
    assert third.polarity == "positive" and third.sufficiency < 0.34


def test_a_group_and_its_count_in_capitals_read_as_in_lower_case():
    """The count's own words were cut at the last lower-case "in": in capitals there is none."""
    text = "Twelve cases involved a known victim; among these, victim safety had been considered well in ten."
    assert [(j.numerator, j.denominator) for j in _read(text.upper())] == [(10, 12)]


def test_usually_before_a_verb_counts_as_most_but_not_before_a_reason_or_a_means():
    (usually,) = _read(
        "Half of the assessments did not consider culture. Where they had been considered, the "
        "plan usually reflected them."
    )[1:]
    assert (usually.quantifier, usually.polarity) == ("most", "positive")
    assert [
        j.quantifier
        for j in _read(
            "Interventions had not been delivered as planned in a "
            "quarter of cases, usually because of staff changes."
        )
    ] == ["one-quarter"]
    assert _read("Case managers followed up missed appointments quickly, usually by calling.") == []


@pytest.mark.parametrize(
    "text,quantifier",
    [
        ("Reviews were completed in all cases.", "all"),
        ("Case managers responded to them creatively in most cases.", "most"),
        ("Almost all assessments included the views of a parent or carer.", "almost all"),
        ("The majority of children had been helped back into school.", "the majority"),
        ("Hardly any of the plans had been written with the child.", "very few"),
        (
            "For the most part, plans were written in language the child could understand.",
            "most",
        ),
    ],
)
def test_practice_done_with_the_child_and_how_it_was_done_judge(text, quantifier):
    (found,) = _read(text)
    assert (found.quantifier, found.polarity) == (quantifier, "positive")


@pytest.mark.parametrize(
    "text,polarity",
    [
        ("Plans were tailored to the child in most cases.", "positive"),
        ("Assessments were holistic and child-centred in the majority of cases.", "positive"),
        ("Children were seen regularly in almost all cases.", "positive"),
        ("Objectives were generic in most plans.", "negative"),
        ("Planning was patchy in a significant number of cases.", "negative"),
        ("The plans were disjointed in a few cases.", "negative"),
    ],
)
def test_evaluative_words_of_inspection_reports(text, polarity):
    (found,) = _read(text)
    assert found.polarity == polarity


def test_a_count_of_children_judged_on_a_piece_of_practice():
    (one,) = _read("Only one child did not have a sufficient plan.")
    assert (one.numerator, one.denominator, one.polarity) == (1, 20, "negative")
    # a count of children that judges no practice still describes the sample
    assert _read("Three children were not attending school.") == []
    assert _read("Four children were sentenced to custody and had a sufficient plan.") == []


def test_no_case_opening_a_clause_counts_none_of_the_sample():
    (none,) = _read("No case had an up-to-date assessment of the risk of harm.")
    assert (none.numerator, none.denominator, none.sufficiency) == (0, 20, 0.0)
    (met,) = _read("No plan was left without a review.")
    assert (met.polarity, met.sufficiency) == ("negative", 1.0)  # none fell short: all met
    # "no" inside a clause is not a count: "there was no plan" says what was missing
    assert _read("In one case there was no plan to address the child's needs.")[0].numerator == 1


def test_a_figure_in_brackets_after_a_quantifier_is_the_one_read():
    (share,) = _read("The majority (60%) of vulnerability plans were adequate.")
    assert (share.quantifier, share.sufficiency) == ("percentage", 0.6)
    (count,) = _read("Sixteen (80%) of the initial assessments were good.")
    assert (count.numerator, count.denominator) == (16, 20)


def test_a_hedge_of_not_all_neither_breaks_the_clause_nor_judges():
    (most,) = _read("In most, but not all, cases planning was good.")
    assert (most.quantifier, most.polarity) == ("most", "positive")


@pytest.mark.parametrize(
    "text,polarity,size",
    [
        ("In the two cases which were in custody, the planning was good.", "positive", 2),
        ("Of the three cases with an identified victim, the plans were good.", "positive", 3),
        (
            "In the four cases where the child was looked after, the assessment did not take "
            "account of the care plan.",
            "negative",
            4,
        ),
    ],
)
def test_a_plain_verdict_on_a_group_named_in_its_own_sentence_speaks_for_all_of_it(
    text, polarity, size
):
    reading = reading_of(text)
    (found,) = reading.judgements
    assert (found.polarity, found.numerator, found.denominator) == (polarity, size, size)
    assert found.evidence == text and reading.unread == []
    # a hedged verdict does not speak for the whole group
    assert (
        judge("Of the five cases in custody, although planning was good, reviews were late.") == []
    )


def test_evidence_of_practice_shown_judges():
    (found,) = _read("Ten cases out of 16 showed evidence of management oversight.")
    assert (found.numerator, found.denominator, found.polarity) == (10, 16, "positive")


def test_a_count_given_in_brackets_after_a_word_is_exact():
    (nine,) = _read("Just under half (nine) of the plans set clear targets.")
    assert (nine.numerator, nine.denominator, nine.polarity) == (9, 20, "positive")
    (four,) = _read("A minority (four) of plans lacked targets.")
    assert (four.numerator, four.denominator, four.polarity) == (4, 20, "negative")
    (thirteen,) = _read("Assessments were sufficient in 13 (65%) cases.")
    assert (thirteen.numerator, thirteen.denominator) == (13, 20)


def test_these_after_a_count_judged_in_the_same_sentence_are_those_cases():
    timely, poor = _read(
        "Assessments were timely in 15 cases, but the quality was poor in five of these."
    )
    assert (timely.numerator, timely.denominator) == (15, 20)
    assert (poor.numerator, poor.denominator, poor.polarity) == (5, 15, "negative")
    # an "N of M" before it leaves "them" open: the N or the M
    reading = reading_of(
        "Plans were sufficient in 14 of the 20 cases, but in six of them the targets were not clear."
    )
    assert [u.reason for u in reading.unread] == ["unsized_group"]


@pytest.mark.parametrize(
    "text,count",
    [
        ("The pre-sentence reports (six) were all of good quality.", (6, 6)),
        ("Six children were in custody. Their plans were all good.", (6, 6)),
        ("The plans were all sufficient.", (None, None)),
    ],
)
def test_all_after_the_verb_counts_the_subject(text, count):
    (found,) = _read(text)
    assert (found.numerator, found.denominator, found.sufficiency) == (*count, 1.0)


@pytest.mark.parametrize(
    "text",
    ["The plans were all but identical.", "Case managers were all experienced."],
)
def test_all_after_the_verb_that_counts_no_cases(text):
    assert _read(text) == []


def test_a_word_quantifier_ending_its_clause_counts():
    _most, few = _read(
        "Case managers had identified the risk of harm correctly in most cases but there was "
        "insufficient analysis of risk in a small number."
    )
    assert (few.quantifier_text, few.polarity) == ("in a small number", "negative")


def test_a_count_of_reports_after_a_word_over_reports_needs_their_number():
    """'only one' of the pre-sentence reports is not one of the cases examined: with the
    number of reports not given, the count is listed as of a group of unknown size."""
    reading = reading_of(
        "Nearly all pre-sentence reports were of a good standard; only one was insufficient."
    )
    assert [j.quantifier for j in reading.judgements] == ["almost all"]
    assert [u.reason for u in reading.unread] == ["unsized_group"]


def test_a_new_subject_after_and_starts_a_clause_of_its_own():
    reading = reading_of(
        "Seven of the reports proposed a community sentence and all seven proposals were "
        "appropriate."
    )
    assert [(j.numerator, j.denominator) for j in reading.judgements] == [(7, 7)]
    assert [u.reason for u in reading.unread] == ["no_judging_word"]


def test_by_no_means_all_is_a_hedge_not_a_verdict():
    (found,) = _read(
        "In the majority of cases, but by no means all, case managers had used the assessment "
        "to inform the plan."
    )
    assert (found.quantifier, found.polarity) == ("the majority", "positive")


@pytest.mark.parametrize(
    "text,count,polarity",
    [
        ("We read 12 pre-sentence reports. Ten were of good quality.", (10, 12), "positive"),
        ("We saw 12 plans, and two were insufficient.", (2, 12), "negative"),
        ("Inspectors examined nine plans; seven were sufficient.", (7, 9), "positive"),
        ("We saw 12 plans, with two being insufficient.", (2, 12), "negative"),
    ],
)
def test_what_inspectors_say_they_read_is_the_group_counted_within(text, count, polarity):
    reading = reading_of(text)
    (found,) = reading.judgements
    assert ((found.numerator, found.denominator), found.polarity) == (count, polarity)
    assert [u.reason for u in reading.unread] == ["group"]


def test_with_only_n_falling_short_counts_the_cases_that_did():
    (found,) = _read("The standard of assessment was high, with only two falling short.")
    assert (found.numerator, found.denominator, found.polarity) == (2, 20, "negative")


def test_counts_listed_with_their_own_verdicts():
    """Each count of a list keeps its own verdict; the last, where it makes the list add up to
    the group, is the rest of it said again."""
    reading = reading_of("Of the 20 plans, 12 were good, five adequate and three insufficient.")
    assert [(j.numerator, j.denominator, j.polarity) for j in reading.judgements] == [
        (12, 20, "positive"),
        (5, 20, "positive"),
    ]
    assert [(u.words, u.reason) for u in reading.unread] == [("three", "restates")]
    found = _read("Seventeen plans were of a good standard, two were borderline and one was poor.")
    assert [(j.numerator, j.denominator, j.polarity) for j in found] == [
        (17, 20, "positive"),
        (1, 20, "negative"),
    ]


def test_a_share_in_brackets_after_each_of_two_subjects():
    both = _read("Both assessment (85%) and planning (75%) were good.")
    assert [(j.sufficiency, j.polarity) for j in both] == [(0.85, "positive"), (0.75, "positive")]
    # after a count the share restates it; after a word it is the exact figure
    (count,) = _read("Safeguarding was addressed well in 17 cases (85%).")
    assert (count.numerator, count.denominator) == (17, 20)
    (share,) = _read("There was a good standard of planning in the large majority of cases (85%).")
    assert (share.quantifier, share.sufficiency) == ("percentage", 0.85)


@pytest.mark.parametrize(
    "text",
    [
        "There were no cases where the assessment was insufficient.",
        "We did not find any case where risk was underestimated.",
        "There was no case in which the plan had not been reviewed on time.",
    ],
)
def test_no_case_in_which_practice_fell_short_is_all_met(text):
    (found,) = _read(text)
    assert (found.numerator, found.denominator, found.polarity, found.sufficiency) == (
        0, 20, "negative", 1.0,
    )  # fmt: skip


def test_a_bare_count_that_is_the_rest_of_the_group_judged_before_restates_it():
    reading = reading_of(
        "Of the 12 pre-sentence reports we read, ten were sufficient. Two proposed a sentence "
        "that did not match the assessed likelihood of reoffending."
    )
    assert [(j.numerator, j.denominator) for j in reading.judgements] == [(10, 12)]
    assert [(u.words, u.reason) for u in reading.unread] == [("Two", "restates")]
    # a count that is not the rest is a verdict of its own
    (_, three) = judge(
        "Of the 12 pre-sentence reports we read, ten were sufficient. Three proposed a "
        "sentence that did not match the assessed likelihood of reoffending."
    )
    assert (three.numerator, three.denominator, three.polarity) == (3, 12, "negative")


def test_the_n_cases_as_the_subject_or_the_group_of_a_plain_verdict():
    (both,) = _read("The two MAPPA cases were well managed.")
    assert (both.numerator, both.denominator, both.polarity) == (2, 2, "positive")
    (one,) = _read("In the one MAPPA case, the YJS had not attended the first meeting.")
    assert (one.numerator, one.denominator, one.polarity) == (1, 1, "negative")
    assert _read("The five cases were all in custody.") == []


def test_a_count_that_is_the_rest_in_words_restates_it():
    reading = reading_of(
        "The assessment was sufficient in 20 out of 23 (87%). The three that were not had been "
        "copied forward from an earlier order without being updated."
    )
    assert [(j.numerator, j.denominator) for j in reading.judgements] == [(20, 23)]
    assert [(u.words, u.reason) for u in reading.unread] == [
        ("The three that were not", "restates")
    ]


def test_children_who_posed_a_risk_name_the_group():
    reading = reading_of(
        "Fourteen children posed a medium or high risk of harm to others. For just over half of "
        "them the assessment of that risk was sufficient."
    )
    (found,) = reading.judgements
    assert found.denominator == 14
    assert [(u.words, u.reason) for u in reading.unread] == [("Fourteen children", "group")]


def test_later_counts_of_a_sentence_share_the_group_of_its_first():
    found = _read("Intervention plans were sufficient in ten cases; seven were too general.")
    assert [(j.numerator, j.denominator, j.polarity) for j in found] == [
        (10, 20, "positive"),
        (7, 20, "negative"),
    ]
    _five, none = _read(
        "Risk management plans were poor: only five of the 13 were good enough, and none had "
        "been reviewed when circumstances changed."
    )
    assert (none.numerator, none.denominator) == (0, 13)


def test_a_comment_after_a_comma_judges_the_count():
    """ ", which was too late" comments on what was counted; a restrictive "which" or "that"
    only names the cases ("cases which had a victim")."""
    (late,) = _read("Reviews took place after 12 weeks in nine cases, which was too late.")
    assert (late.numerator, late.polarity) == (9, "negative")


def test_a_timescale_met_judges():
    (seen,) = _read("In 12 cases the first appointment was within five days of sentence.")
    assert (seen.numerator, seen.polarity) == (12, "positive")
    (missed,) = _read("In 12 cases the first appointment was not within five days of sentence.")
    assert (missed.numerator, missed.polarity) == (12, "negative")


@pytest.mark.parametrize(
    "text,polarity",
    [
        ("Assessments that had been completed late were nonetheless of good quality in most cases.", "positive"),
        ("Plans that were not reviewed were sufficient in most cases.", "positive"),
        ("Plans that were reviewed were insufficient in most cases.", "negative"),
    ],
)  # fmt: skip
def test_a_relative_clause_on_the_subject_names_the_cases_and_does_not_judge(text, polarity):
    (found,) = _read(text)
    assert (found.quantifier, found.polarity) == ("most", polarity)


@pytest.mark.parametrize(
    "text,sufficiency",
    [
        ("Most plans had no significant gaps.", 0.82),
        ("In most cases there were no concerns about the quality of the assessment.", 0.82),
        ("Most reports did not lack detail.", 0.82),
        ("Few plans were without weaknesses.", 0.08),
        ("Only a few plans were not poor.", 0.08),
        ("Most assessments were free of errors.", 0.82),
        # a single negative still counts against
        ("Most plans had significant gaps.", 0.18),
        ("Most plans were not sufficient.", 0.18),
    ],
)
def test_a_deficit_denied_judges_for_practice(text, sufficiency):
    (found,) = _read(text)
    assert found.sufficiency == sufficiency


@pytest.mark.parametrize(
    "text",
    [
        "Most plans could have been better.",
        "Plans needed to be more specific in most cases.",
        "Half of the plans required improvement.",
        "In most cases, more could have been done to involve parents.",
        "Most plans would have benefited from clearer targets.",
        "Improvement was needed in the majority of plans.",
    ],
)
def test_a_deficit_found_in_the_past_judges_against(text):
    (found,) = _read(text)
    assert found.polarity == "negative"


def test_done_as_it_should_have_been_is_not_a_deficit():
    (found,) = _read("Plans were reviewed as they should have been in nine of the 12 cases.")
    assert (found.numerator, found.polarity) == (9, "positive")
    # what should have been done but was not is left unread, not guessed
    assert judge("In a quarter of cases, the plan should have been reviewed but was not.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Most children had poor school attendance.",
        "Many of the children had a history of poor mental health.",
        "Most of the children lacked stable accommodation.",
        "Few children had a positive relationship with school.",
        "In three cases, the child had been reported missing from home.",
    ],
)
def test_what_the_children_had_or_were_is_not_a_verdict_on_practice(text):
    reading = reading_of(text)
    assert reading.judgements == []
    assert [u.reason for u in reading.unread] in (["describes"], ["no_judging_word"])


@pytest.mark.parametrize(
    "text,polarity",
    [
        ("Every child in custody had been visited by their case manager.", "positive"),
        ("Very few children had been referred to the mental health service.", "positive"),
        ("A few children were still without any education three months into their order.", "negative"),
    ],
)  # fmt: skip
def test_what_was_done_for_the_children_is(text, polarity):
    (found,) = _read(text)
    assert found.polarity == polarity


@pytest.mark.parametrize(
    "text",
    [
        "In a third of cases, the child was not in education.",
        "In most cases the child was not attending school.",
        "In four cases the child had not offended before.",
        "In five cases, the child was not living at home.",
    ],
)
def test_what_the_child_did_or_was_in_the_cases_counted_describes_them(text):
    reading = reading_of(text)
    assert reading.judgements == [] and [u.reason for u in reading.unread] == ["describes"]


@pytest.mark.parametrize(
    "text,polarity",
    [
        ("In most cases the child had been seen within five days.", "positive"),
        ("In 12 cases the child had a sufficient plan.", "positive"),
        ("In three cases the child had not been visited in custody.", "negative"),
    ],
)
def test_what_was_done_with_the_child_in_the_cases_counted_judges(text, polarity):
    (found,) = _read(text)
    assert found.polarity == polarity


def test_a_word_ending_its_clause_before_the_next_subject_counts():
    _each, most = _read(
        "The plan had been countersigned in each case, but in most the manager had not added "
        "any comments."
    )
    assert (most.quantifier, most.polarity) == ("most", "negative")


def test_case_managers_are_not_cases():
    assert reading_of("Nearly all case managers said they felt supported.").unread == []
    assert _read("Nearly all case managers had been trained.") == []


def test_evidence_that_practice_was_done_judges():
    (found,) = _read(
        "In the majority of cases there was evidence that managers had challenged the assessment."
    )
    assert (found.quantifier, found.polarity) == ("the majority", "positive")


def test_all_but_one_of_reports_whose_number_is_not_given_keeps_the_band():
    (found,) = _read("Of the reports we saw, all but one were good.")
    assert (found.numerator, found.denominator, found.basis) == (None, None, "verbal")


@pytest.mark.parametrize(
    "text",
    [
        "Two of the eight reports proposed custody inappropriately.",
        "The proposals were unsuitable in three cases.",
        "Reports were unhelpful to the court in two cases.",
    ],
)
def test_more_words_that_judge_reports_against(text):
    (found,) = _read(text)
    assert found.polarity == "negative"


def test_in_all_opening_a_sentence_is_altogether_and_counts_nothing():
    (found,) = _read("In all, 14 of the 20 plans were sufficient.")
    assert (found.numerator, found.denominator) == (14, 20)
    # "in all" after a verb still counts every case
    every, _most = _read("Plans were reviewed in all, and were good in most.")
    assert every.quantifier == "all"


@pytest.mark.parametrize(
    "opening", ["In the main", "All in all", "For the most part", "By and large"]
)
def test_a_framing_adverb_before_an_exact_count_adds_no_judgement(opening):
    (found,) = _read(f"{opening}, 14 of the 20 plans were sufficient.")
    assert (found.numerator, found.denominator) == (14, 20)
    # without a count the adverb is the judgement; "all in all" is "overall" and counts nothing
    found = _read(f"{opening}, plans were good.")
    assert [j.polarity for j in found] == ([] if opening == "All in all" else ["positive"])


def test_a_letter_read_beside_its_tables():
    """Warrington 2015, read as an analyst reads a letter beside its tables: the readings
    that were missing or noise there."""
    (six,) = judge("We read seven pre-sentence reports. All but one proposed a suitable sentence.")
    assert (six.numerator, six.denominator, six.polarity) == (6, 7, "positive")
    (most,) = _read(
        "Case managers made every effort to engage children and their families, and in nearly "
        "all cases the child understood what was expected of them."
    )
    assert most.quantifier == "almost all"
    assert reading_of("Case managers made every effort to engage children.").unread == []
    # a bare count after a colon with no group named stays unsized, never a guess
    reading = reading_of("Intervention plans were generally good: 14 set clear targets.")
    assert reading.judgements == [] and [u.reason for u in reading.unread] == ["unsized_group"]


@pytest.mark.parametrize(
    "text",
    [
        "Most pre-sentence reports were well written, but a small number lacked a clear proposal.",
        "Most plans were clear; a handful were not.",
    ],
)
def test_a_small_number_standing_alone_counts_a_few(text):
    _first, few = _read(text)
    assert (few.quantifier, few.polarity) == ("a few", "negative")


@pytest.mark.parametrize(
    "text",
    [
        "Victim safety was prioritised in two-thirds of relevant cases.",
        "Almost all of the children had been given the opportunity to contribute to their plan.",
        "Victims' views had informed the pre-sentence report in most cases.",
    ],
)
def test_practice_reported_as_done_judges(text):
    (found,) = _read(text)
    assert found.polarity == "positive"


@pytest.mark.parametrize(
    "text",
    [
        "In ten cases (half the sample), the plan had not been reviewed.",
        "Most assessments, 15 of 20, correctly identified the factors linked to offending.",
    ],
)
def test_a_share_restating_the_count_beside_it_is_counted_once(text):
    (found,) = _read(text)
    assert found.basis == "count" and found.numerator in (10, 15)


def test_children_counted_as_the_subject_of_what_was_done_for_them_are_judged():
    (found,) = _read("Eleven of the children had been seen by a health worker.")
    assert (found.numerator, found.denominator, found.polarity) == (11, 20, "positive")
    # what they had been or had done still describes them
    assert _read("Twelve of the children had been known to children's social care.") == []


@pytest.mark.parametrize(
    "text,polarity",
    [
        ("The YOT had responded well in the three cases where this had occurred.", "positive"),
        ("Plans had been good in the two cases that involved sexual offending.", "positive"),
    ],
)
def test_the_cases_a_clause_names_at_its_end_are_all_counted(text, polarity):
    (found,) = _read(text)
    assert (found.numerator, found.denominator, found.polarity) == (
        found.denominator,
        found.denominator,
        polarity,
    )


def test_a_universal_giving_the_reason_for_the_counts_before_it_restates_them():
    reading = reading_of(
        "We found seven to be of good quality and two insufficient, in both cases because the "
        "report did not consider the child's maturity."
    )
    assert [j.numerator for j in reading.judgements] == [7, 2]
    assert [u.reason for u in reading.unread if u.words == "both cases"] == ["restates"]


def test_cases_we_saw_where_something_happened_are_examples_of_the_sample():
    (found,) = _read("We saw three cases where the plan was late.")
    assert (found.numerator, found.denominator, found.polarity) == (3, 20, "negative")


@pytest.mark.parametrize(
    "text,polarity",
    [
        ("On most occasions, case managers responded promptly to missed appointments.", "positive"),
        ("In most cases, the YOS responded well to a failure to attend.", "positive"),
        ("In most cases, the YOS failed to attend MAPPA meetings.", "negative"),
        ("Risk was reassessed after a significant change in only a minority of cases.", "positive"),
    ],
)
def test_what_the_child_missed_is_no_deficit_of_practice(text, polarity):
    (found,) = _read(text)
    assert found.polarity == polarity


@pytest.mark.parametrize(
    "text,polarity",
    [
        ("In most cases, case managers had taken account of the child's poor school attendance.", "positive"),
        ("Plans addressed the child's lack of stable accommodation in nine of the 12 cases.", "positive"),
        ("Most assessments recognised the young person's limited understanding of harm.", "positive"),
        # a fault of the practice itself still judges against
        ("In most cases the child's assessment lacked detail.", "negative"),
        ("In five cases the child's poor attendance had not been addressed.", "negative"),
    ],
)  # fmt: skip
def test_a_need_of_the_child_s_is_no_fault_of_the_practice(text, polarity):
    (found,) = _read(text)
    assert found.polarity == polarity


@pytest.mark.parametrize(
    "text,polarity",
    [
        ("In most cases, plans addressed their poor attendance at school.", "positive"),
        (
            "Plans took account of poor mental health and gaps in education in most cases.",
            "positive",
        ),
        ("Plans did not address the child's poor attendance in five cases.", "negative"),
        ("In most cases the assessment identified the risks and the plan was poor.", "negative"),
        ("In most cases, plans addressed risk poorly.", "negative"),
    ],
)
def test_a_need_named_after_a_verb_attending_to_it_is_no_fault(text, polarity):
    (found,) = _read(text)
    assert found.polarity == polarity


@pytest.mark.parametrize(
    "text,polarity",
    [
        ("In most cases, case managers supported children with poor attendance.", "positive"),
        (
            "Case managers supported children who lacked stable accommodation in most cases.",
            "positive",
        ),
        (
            "In most cases, interventions dealt with the underlying causes of poor behaviour.",
            "positive",
        ),
        (
            "Contingency plans set out what to do if the child failed to comply in most cases.",
            "positive",
        ),
        ("In most cases, children who had not been attending school were helped back.", "positive"),
        (
            "Case managers had not supported children with poor attendance in five cases.",
            "negative",
        ),
        ("In four cases the child failed to comply and no action was taken.", "negative"),
    ],
)
def test_what_the_child_lacked_failed_or_missed_is_no_fault_of_the_practice(text, polarity):
    (found,) = _read(text)
    assert found.polarity == polarity


@pytest.mark.parametrize(
    "text",
    [
        "In most cases, planning was far from sufficient.",
        "In six cases the assessment was less than sufficient.",
        "Planning was anything but clear in four cases.",
    ],
)
def test_a_verdict_for_practice_turned_against_it_judges_against(text):
    (found,) = _read(text)
    assert found.polarity == "negative"
    # a time under a limit or a place far off is no verdict against
    (timely,) = _read("Assessments were completed in less than a week in most cases.")
    assert timely.polarity == "positive"


def test_cases_a_clause_about_the_child_names_are_all_judged_by_the_verdict_after_it():
    (found,) = _read(
        "In four cases the child had breached their order, and breach action had been taken "
        "promptly."
    )
    assert (found.numerator, found.denominator, found.sufficiency) == (4, 4, 1.0)
    (engaging,) = _read(
        "In three cases the child was not engaging, and the case manager had responded well."
    )
    assert (engaging.numerator, engaging.denominator, engaging.polarity) == (3, 3, "positive")
    (unmet,) = _read("In four cases the child had poor attendance and the plan did not address it.")
    assert (unmet.numerator, unmet.denominator, unmet.sufficiency) == (4, 4, 0.0)
    # where the count's own clause judges practice, it counts within the sample as before
    (poor,) = _read("In five cases the plan was poor and the child had reoffended.")
    assert (poor.numerator, poor.denominator, poor.polarity) == (5, 20, "negative")


@pytest.mark.parametrize(
    "text,polarity",
    [
        ("In most cases there was no evidence of any delay in starting interventions.", "positive"),
        ("Most assessments did not underestimate the risk of harm.", "positive"),
        ("In most cases, staff did not hesitate to escalate concerns.", "positive"),
        ("The YOS had no difficulty in engaging children in most cases.", "positive"),
        ("In most cases there was no evidence of concerns being addressed.", "negative"),
    ],
)
def test_more_deficits_denied(text, polarity):
    (found,) = _read(text)
    assert found.polarity == polarity


@pytest.mark.parametrize(
    "text",
    [
        "Of the 15 children of statutory school age, 11 were attending education regularly.",
        "Eleven of the 15 children were engaging well with the YOS.",
    ],
)
def test_children_counted_as_the_subject_of_what_they_were_doing_are_described(text):
    """What the children were doing is not a verdict on practice ("regularly" judged it)."""
    assert _read(text) == []


def test_children_counted_in_a_group_as_the_subject_of_what_was_done_for_them():
    (supported,) = _read("Eight of the 12 children were receiving appropriate support.")
    assert (supported.numerator, supported.denominator) == (8, 12)
    (plan,) = _read("Eight of the 11 children had a robust safety plan in place.")
    assert (plan.numerator, plan.denominator) == (8, 11)


def test_the_service_doing_it_is_practice_done():
    (court,) = _read(
        "Where a child was at risk of custody, the YOS attended court in all instances."
    )
    assert (court.polarity, court.sufficiency) == ("positive", 1.0)
    assert _read("The child attended school in most cases.") == []


def test_a_percentage_ending_its_clause_after_only():
    plans, reviews = _read(
        "Plans were sufficient in 60 per cent of cases, whereas reviews were sufficient in only "
        "40 per cent."
    )
    assert (plans.sufficiency, reviews.sufficiency) == (0.6, 0.4)


def test_a_bare_count_opening_a_list_of_verdicts_counts_the_sample_as_the_list_does():
    """ "seven were good, eight adequate and five poor": the seven had been left unread for
    want of a group while the eight were read against the sample, so the five, no longer the
    rest, became a verdict of its own."""
    found = _read(
        "The quality of reviews was variable: seven were good, eight adequate and five poor."
    )
    assert [(j.numerator, j.denominator, j.polarity) for j in found] == [
        (7, 20, "positive"),
        (8, 20, "positive"),
    ]


def test_a_bare_count_after_for_before_the_subject_of_its_verdict():
    (good,) = _read(
        "Of the 18 children, all had an initial assessment, and for 15 it was of good quality."
    )
    assert (good.numerator, good.denominator, good.polarity) == (15, 18, "positive")
    assert not [
        j
        for j in _read(
            "Three girls had been offered a female case manager when they asked for one."
        )
        if j.quantifier_text == "for one"
    ]


@pytest.mark.parametrize(
    ("text", "count", "polarity"),
    [
        ("Of the ten cases that required a referral, seven had one.", (7, 10), "positive"),
        ("Eight cases required a plan and six of these had one.", (6, 8), "positive"),
        (
            "Twelve of the 15 cases needed a safety plan, but only eight had one.",
            (8, 12),
            "positive",
        ),
        ("Twelve cases needed a safety plan, but four did not have one.", (4, 12), "negative"),
    ],
)
def test_cases_that_had_what_they_needed(text, count, polarity):
    (judgement,) = _read(text)
    assert (judgement.numerator, judgement.denominator, judgement.polarity) == (*count, polarity)


def test_having_one_with_no_need_named_judges_nothing():
    assert _read("Five children had one.") == []


def test_a_universal_the_work_aims_at_counts_no_cases():
    (share,) = _read(
        "Work to make each child less likely to reoffend was done well enough 66% of the time."
    )
    assert (share.quantifier_text, share.sufficiency) == ("66% of the time", 0.66)
    assert _read("The YOS worked hard to keep all children safe.") == []
    (whole,) = _read("The plans set out how to support the child and were sufficient in all cases.")
    assert (whole.quantifier_text, whole.sufficiency) == ("all cases", 1.0)


def test_a_classification_too_low_or_too_high_counts_against():
    low, high = _read(
        "In five cases we considered that the risk of harm classification was too low, and in "
        "one case too high."
    )
    assert (low.numerator, low.polarity, high.numerator, high.polarity) == (
        5,
        "negative",
        1,
        "negative",
    )


def test_what_inspectors_found_is_not_a_relative_clause():
    """ "that" after "we found" opens what was found, which judges the count before it."""
    (found,) = _read("In 12 cases we found that the plan was not sufficient.")
    assert (found.numerator, found.polarity) == (12, "negative")


def test_one_case_in_four_is_a_share_not_two_counts():
    (share,) = _read("Initial assessments were insufficient in one case in four.")
    assert (share.numerator, share.polarity, share.sufficiency) == (None, "negative", 0.75)


def test_a_percentage_as_the_subject_of_its_clause():
    (timely,) = _read(
        "Timeliness of assessments was poor: only 40% were completed within 15 working days."
    )
    assert timely.sufficiency == 0.4
    assert _read("In the sample, 60% were boys.") == []


def test_no_cases_where_a_deficit_is_every_case_sufficient():
    (none,) = _read("We found no cases where the child had been seen less often than required.")
    assert (none.numerator, none.polarity, none.sufficiency) == (0, "negative", 1.0)


def test_information_obtained_or_shared_is_practice_done():
    (shared,) = _read("Information had been shared with the police in eight of the 12 cases.")
    assert (shared.numerator, shared.denominator, shared.polarity) == (8, 12, "positive")


def test_a_bare_count_after_a_semicolon_that_completes_the_group_is_the_rest():
    (on_time,) = _read("Twelve assessments were completed on time; eight were late.")
    assert (on_time.numerator, on_time.denominator) == (12, 20)
    assert len(_read("Twelve assessments were completed on time; five were late.")) == 2


def test_a_high_proportion_is_a_large_share_not_a_minority():
    (high,) = _read("Needs had been addressed in a high proportion of the cases we inspected.")
    assert (high.sufficiency_low, high.sufficiency_high) == (0.3, 0.8)


def test_a_count_in_a_comment_on_what_the_clause_named_judges_in_its_own_words():
    _first, risk = _read(
        "In 11 cases the initial assessment was sufficient; however, this was not the case for "
        "the risk of harm assessment, which was sufficient in only seven."
    )
    assert (risk.numerator, risk.polarity) == (7, "positive")
    (late,) = _read("The plans, which were late in four cases, were otherwise good.")
    assert late.polarity == "negative"


def test_what_the_plans_counted_contained_judges_them():
    (some,) = _read("Just two of the 15 plans contained contingency arrangements.")
    assert (some.numerator, some.denominator, some.polarity) == (2, 15, "positive")
    (errors,) = _read("Two of the 15 plans contained errors.")
    assert errors.polarity == "negative"
    assert _read("Twelve of the 20 cases included a victim.") == []


def test_a_predicate_after_but_with_no_subject_of_its_own_judges_the_same_cases():
    (late,) = _read("In four cases, they had been completed but were not thorough enough.", 18)
    assert (late.numerator, late.polarity) == (4, "negative")
    both = _read("The plans were sufficient in 12 cases but were not reviewed in four.")
    assert [(j.numerator, j.polarity) for j in both] == [(12, "positive"), (4, "negative")]


def test_a_count_the_next_sentence_counts_within_names_the_group():
    found = _read(
        "Case managers had identified a victim in seven cases. In four of them, the victim's "
        "safety had been fully considered in planning.",
        16,
    )
    assert (found[-1].numerator, found[-1].denominator) == (4, 7)


def test_a_further_count_is_beside_the_one_before_not_within_it():
    found = _read(
        "They were sufficient in ten cases. In a further four, they had been completed but were "
        "not thorough enough.",
        18,
    )
    assert [(j.numerator, j.denominator) for j in found] == [(10, 18), (4, 18)]


def test_arrangements_made_and_work_started_are_practice_done():
    found = _read(
        "There were six children in custody. Resettlement planning had started early in five "
        "cases, and in all six the child's accommodation had been arranged before release."
    )
    assert [(j.numerator, j.denominator) for j in found] == [(5, 6), (6, 6)]
    assert _read("In one case, the case manager had arranged evening appointments.") == []


def test_a_part_of_the_group_named_by_a_reference_back_is_the_group_after_it():
    (good,) = _read(
        "Eleven children had been identified as vulnerable. Of these, eight had a vulnerability "
        "management plan. The plans were of good quality in six of those cases.",
        18,
    )
    assert (good.numerator, good.denominator) == (6, 8)


def test_a_bare_count_after_an_n_of_m_in_its_sentence_counts_within_m():
    found = _read(
        "Thirteen reports were prepared. Four of them were for children in court for the first "
        "time. Ten of the 13 reports were good, but in three the report missed a known risk."
    )
    assert [(j.numerator, j.denominator) for j in found] == [(10, 13), (3, 13)]


def test_of_them_after_an_n_of_m_counts_within_the_n_it_judged():
    _good, late = _read(
        "Initial assessments were of good quality in 17 of the 21 cases, though four of them had "
        "been completed late.",
        21,
    )
    assert (late.numerator, late.denominator, late.polarity) == (4, 17, "negative")
    found = _read(
        "Assessments were sufficient in 16 of the 18 cases, although only ten had been "
        "completed on time."
    )
    assert (found[-1].numerator, found[-1].denominator) == (10, 18)


def test_information_used_and_close_work_are_practice():
    (used,) = _read("Case managers had, in the main, used information from education and health.")
    assert used.quantifier == "most"
    (closely,) = _read(
        "Case managers worked closely with children's social care, almost without exception."
    )
    assert closely.polarity == "positive"


def test_every_case_having_the_work_is_every_case_done():
    (every,) = _read(
        "Every case we looked at had an initial assessment of the likelihood of reoffending."
    )
    assert (every.polarity, every.sufficiency) == ("positive", 1.0)
    assert _read("In one case the child still had an assessment from a previous order.") == []


def test_a_share_in_words_then_a_colon_and_its_count_is_one_statement():
    (count,) = _read(
        "Nine children needed a plan. Fewer than half of these plans were sufficient: only four "
        "of the nine set out clearly what each agency would do."
    )
    assert (count.numerator, count.denominator) == (4, 9)


def test_counts_within_the_cases_already_judged_deficient_say_why():
    (only,) = _read(
        "Initial assessments were sufficient in 17 of the 21 cases. Of the four that were not, "
        "three had been completed without the case manager having seen the previous record.",
        21,
    )
    assert (only.numerator, only.denominator) == (17, 21)


def test_as_many_as_and_as_few_as_open_a_count():
    (many,) = _read("As many as seven plans failed to address the risk to victims.")
    assert (many.numerator, many.polarity) == (7, "negative")
    (few,) = _read("As few as three cases had a plan that was good enough.")
    assert (few.numerator, few.polarity) == (3, "positive")


def test_in_the_absence_of_the_work_counts_against():
    (absent,) = _read(
        "In the absence of a clear plan in five cases, work with the child lacked focus."
    )
    assert (absent.numerator, absent.polarity) == (5, "negative")


def test_what_case_managers_ensured_monitored_or_ignored_judges_the_cases():
    (ensured,) = _read(
        "Case managers had ensured that the child attended all appointments in 13 cases."
    )
    assert (ensured.numerator, ensured.denominator, ensured.polarity) == (13, 20, "positive")
    (monitored,) = _read(
        "Case managers had monitored the child's compliance closely in three-quarters of cases."
    )
    assert monitored.polarity == "positive"
    (ignored,) = _read("In four cases case managers had ignored information from the police.")
    assert (ignored.numerator, ignored.polarity) == (4, "negative")
    assert _read("In three cases the child had been neglected at home.") == []


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("We were satisfied with the quality of the assessment in 15 cases.", "positive"),
        ("In six cases, work to address the child's substance misuse was a strength.", "positive"),
        ("We had concerns about the quality of the assessment in five cases.", "negative"),
        ("There were deficits in the quality of planning in seven cases.", "negative"),
        ("Twelve assessments were judged as requiring improvement.", "negative"),
        (
            "In 13 cases the concerns about the child's safety had been addressed promptly.",
            "positive",
        ),
    ],
)
def test_inspectors_stance_judges_the_cases(text, polarity):
    (found,) = _read(text)
    assert found.polarity == polarity


@pytest.mark.parametrize(
    ("text", "count", "polarity"),
    [
        (
            "Planning was not consistently good, being sufficient in only nine of the 16 cases.",
            (9, 16),
            "positive",
        ),
        ("Plans were good, with only two of the 20 lacking detail.", (2, 20), "negative"),
    ],
)
def test_a_phrase_after_a_comma_that_gives_the_count_judges_in_its_own_words(text, count, polarity):
    (found,) = _read(text)
    assert ((found.numerator, found.denominator), found.polarity) == (count, polarity)


def test_a_word_then_with_and_the_count_of_the_same_verdict_is_one_statement():
    (count,) = _read("Assessments were mostly good, with 14 of the 18 meeting the standard.")
    assert (count.numerator, count.denominator) == (14, 18)
    both = _read("Most plans were good, with only two of the 20 lacking detail.")
    assert [j.polarity for j in both] == ["positive", "negative"]


def test_virtually_none_is_very_few_not_none():
    (few,) = _read("Virtually none of the plans addressed diversity.")
    assert (few.quantifier, few.sufficiency_low, few.sufficiency_high) == ("very few", 0.01, 0.1)


def test_all_but_one_of_these_counts_within_the_cases_just_counted():
    _late, good = _read(
        "Initial assessments were not completed on time in five cases, although the quality was "
        "good in all but one of these."
    )
    assert (good.numerator, good.denominator) == (4, 5)


@pytest.mark.parametrize(
    ("text", "count", "sufficiency"),
    [
        (
            "Risk management plans were sufficient in seven cases and insufficient in the other "
            "three.",
            (7, 10),
            0.7,
        ),
        ("Reviews were not timely in four cases and timely in the other six.", (4, 10), 0.6),
        ("Plans were sufficient in 12 cases; in the remaining eight they were not.", (12, 20), 0.6),
    ],
)
def test_a_count_and_the_rest_of_its_sentence_make_the_group(text, count, sufficiency):
    (found,) = _read(text)
    assert ((found.numerator, found.denominator), found.sufficiency) == (count, sufficiency)
