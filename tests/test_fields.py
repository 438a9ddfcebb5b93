"""The facts a letter states once, in the word orders different inspectors and footnotes use."""

from __future__ import annotations

from pathlib import Path

import pytest

from sqs_analysis.ingest.fields import (
    find_cases,
    find_fieldwork,
    find_lead_inspector,
)
from sqs_analysis.ingest.rate import find_rate
from sqs_analysis.reference.sentences import split_sentences


def rate_facts(text: str, *notes: str) -> dict:
    facts = find_rate(split_sentences(text), list(notes), extra_text=(text,))
    return {k: v for k, v in vars(facts).items() if not k.endswith("evidence")}


RATE = "The published reoffending rate¹ for Anyshire was 36.1%."


@pytest.mark.parametrize(
    "note,published,cohort",
    [
        ("¹ The rate was as published by the Ministry of Justice in July 2014, for the April 2011 – March 2012 cohort.", "2014-07", ("2011-04", "2012-03")),
        ("¹ Binary reoffending after 12 months, January 2013 to December 2013 cohort. Source: Ministry of Justice, January 2016", "2016-01", ("2013-01", "2013-12")),
        ("¹ The reoffending rate available during the fieldwork was published April 2016, and was based on the July 2013 – June 2014 cohort.", "2016-04", ("2013-07", "2014-06")),
        ("¹ Proven reoffending of young people who offended between April 2012 and March 2013, published by the Ministry of Justice on 29 January 2015.", "2015-01", ("2012-04", "2013-03")),
        ("¹ Figures for the October 2012 - September 2013 cohort, from the Ministry of Justice (October 2015).", "2015-10", ("2012-10", "2013-09")),
        ("¹ The rate for the April 2013 – March 2014 cohort, from the January 2016 publication of proven reoffending statistics.", "2016-01", ("2013-04", "2014-03")),
    ],
)  # fmt: skip
def test_the_rate_footnote_in_other_word_orders(note, published, cohort):
    facts = rate_facts(RATE + " This was better than the England and Wales average of 37.8%.", note)
    assert facts["rate_published"] == published
    assert (facts["cohort_start"], facts["cohort_end"]) == cohort


def test_a_footnote_with_no_month_leaves_it_empty():
    facts = rate_facts(
        RATE, "¹ Source: Ministry of Justice, for the April 2013 – March 2014 cohort."
    )
    assert facts["rate_published"] is None
    assert facts["cohort_start"] == "2013-04"


def test_an_endnote_apart_from_the_cohort_gives_the_month():
    text = (
        RATE + " This was worse than the England and Wales average of 35.0%.\n\n"
        "The rate is for the July 2012 – June 2013 cohort.\n\nNote 1: ...\n\n"
        "Endnote: the rate was published by the Ministry of Justice in October 2014."
    )
    assert rate_facts(text)["rate_published"] == "2014-10"


def test_the_letter_s_own_publication_is_not_the_rate_s():
    text = (
        "The inspection was conducted from 16-18 May 2016 as part of our programme of inspection "
        "of youth offending work. This report is published in June 2016 on the HMI Probation "
        "website. A copy will be provided to partner inspectorates to inform their inspections. "
        + RATE
        + " This was better than the England and Wales average of 37.8%."
    )
    assert rate_facts(text)["rate_published"] is None


@pytest.mark.parametrize(
    "sentence,previous,vs_previous,average,vs_average",
    [
        ("This was lower than both the previous year's rate (38.4%) and the England and Wales average (37.8%).", 38.4, "better", 37.8, "better"),
        ("This was up from 35.2% the previous year, and higher than the England and Wales average of 35.4%.", 35.2, "worse", 35.4, "worse"),
        ("The previous year's rate was 37.0%. The average for England and Wales was 35.0%.", 37.0, "better", 35.0, "worse"),
        ("This was better than the previous year but worse than the England and Wales average of 35.0%.", None, "better", 35.0, "worse"),
    ],
)  # fmt: skip
def test_the_previous_year_and_the_average_in_other_word_orders(
    sentence, previous, vs_previous, average, vs_average
):
    facts = rate_facts(RATE + " " + sentence)
    assert facts["reoffending_rate"] == 36.1
    assert (facts["previous_year_rate"], facts["vs_previous_year"]) == (previous, vs_previous)
    assert (facts["national_average"], facts["vs_national_average"]) == (average, vs_average)


@pytest.mark.parametrize(
    "text,name",
    [
        ("If you have any questions please contact the lead inspector, who was Ann Lee. She can be contacted", "Ann Lee"),
        ("The inspection was led by HM Inspector Jane Smith-Jones. She can be contacted on 0161.", "Jane Smith-Jones"),
        ("For further information please contact Jo Bloggs, the lead inspector, at the address below.", "Jo Bloggs"),
        ("The lead inspector for this inspection was Sam O'Neill and he can be contacted", "Sam O'Neill"),
        ("Lead inspector: Priya Shah", "Priya Shah"),
        ("The lead inspector for this SQS was Jane Doe.", "Jane Doe"),
        ("The inspection was led by Mark Jones HMI.", "Mark Jones"),
    ],
)  # fmt: skip
def test_the_lead_inspector_in_other_word_orders(text, name):
    assert find_lead_inspector(text) == name


@pytest.mark.parametrize(
    "sentence,cases",
    [
        ("We examined 20 cases of children and young people who had recently offended.", 20),
        ("We looked at a sample of twenty-four cases.", 24),
        ("Inspectors examined 18 case files with the case managers.", 18),
        ("We examined the cases of 31 children and young people.", 31),
        ("Twelve cases were inspected.", 12),
        ("The sample consisted of 12 statutory cases.", 12),
        ("The inspection team examined case files for 17 children.", 17),
    ],
)
def test_cases_examined_in_other_word_orders(sentence, cases):
    assert find_cases([sentence])[0] == cases


@pytest.mark.parametrize(
    "sentence",
    [
        "The inspection was conducted from 3-5 March 2015 as part of our programme.",
        "The fieldwork took place on 3, 4 and 5 March 2015.",
        "The inspection took place between 3 and 5 March 2015.",
        "Fieldwork was undertaken from 3rd to 5th March 2015.",
    ],
)
def test_fieldwork_dates_in_other_word_orders(sentence):
    start, end, _ = find_fieldwork([sentence])
    assert (start.isoformat(), end.isoformat()) == ("2015-03-03", "2015-03-05")


# ---------------------------------------------------------------- areas as letters name them
def _area(title_lines: list[str], rate: str) -> str | None:
    from sqs_analysis.ingest.fields import find_area

    flat = " ".join([*title_lines, rate])
    return find_area(flat, [*title_lines, rate])


@pytest.mark.parametrize(
    "title_lines,rate,area",
    [
        # a joint service's title wrapped straight after the comma between its places
        (
            ["Report of Short Quality Screening (SQS) of youth offending work in Cheshire West,", "Halton and Warrington"],
            "The published reoffending rate for Cheshire West, Halton and Warrington was 35.2%.",
            "Cheshire West, Halton and Warrington",
        ),
        # ... and wrapped before the comma
        (
            ["Report of Short Quality Screening (SQS) of youth offending work in Cheshire", "West, Halton and Warrington"],
            "The published reoffending rate for Cheshire West, Halton and Warrington was 35.2%.",
            "Cheshire West, Halton and Warrington",
        ),
        # the full stop of "St." does not end the name
        (
            ["Report of Short Quality Screening (SQS) of youth offending work in St. Helens"],
            "The published reoffending rate for St. Helens was 31.0%.",
            "St. Helens",
        ),
    ],
)  # fmt: skip
def test_the_area_as_letters_name_it(title_lines, rate, area):
    assert _area(title_lines, rate) == area


@pytest.mark.parametrize(
    "sentence,area",
    [
        ("HMI Probation carried out a Short Quality Screening of youth offending work in Rochdale between 2 and 4 February 2016.", "Rochdale"),
        ("The published reoffending rate for Walsall young people was 40.3%.", "Walsall"),
        ("The reoffending rate for Newcastle upon Tyne was 38.0%.", "Newcastle upon Tyne"),
        ("The reoffending rate for Blackburn with Darwen was 38.0%.", "Blackburn with Darwen"),
    ],
)  # fmt: skip
def test_an_area_named_in_a_sentence_ends_at_the_first_word_not_of_its_name(sentence, area):
    assert _area([], sentence) == area


def test_a_service_named_with_a_lower_case_word_is_found_whole():
    from sqs_analysis.ingest.fields import find_service

    flat = "cases supervised by Blackburn with Darwen Youth Offending Service (YOS). We found"
    assert find_service(flat, "Blackburn with Darwen") == (
        "Blackburn with Darwen Youth Offending Service",
        "YOS",
    )


def test_a_joint_service_named_with_commas_is_found_whole():
    from sqs_analysis.ingest.fields import find_service

    flat = (
        "We looked at 17 cases of children who were supervised by Cheshire West, Halton and "
        "Warrington Youth Offending Service (YOS). In Anyshire, Youth Offending Service staff ..."
    )
    assert find_service(flat, "Cheshire West, Halton and Warrington") == (
        "Cheshire West, Halton and Warrington Youth Offending Service",
        "YOS",
    )


def _letter_names() -> list[str]:
    """Every service of the area lookup, named as letters name it (as the synthetic letters
    name it)."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from generators.model import area_names

    from sqs_analysis.reference.areas import load_lookup

    return sorted(area_names(len(load_lookup().services), seed=0))


def test_every_area_of_the_lookup_is_read_whole_from_a_letter():
    """Each real area's name, in the title, the rate sentence and the service, comes out whole:
    names with commas, 'with', 'upon', 'St.', hyphens and Welsh letters included."""
    from sqs_analysis.ingest.fields import find_area, find_service

    wrong = []
    for name in _letter_names():
        title = f"Report of Short Quality Screening (SQS) of youth offending work in {name}"
        rate = f"The published reoffending rate for {name} was 35.2%."
        supervised = f"We looked at 12 cases supervised by {name} Youth Offending Service (YOS)."
        flat = " ".join([title, rate, supervised])
        got = (find_area(flat, [title, rate, supervised]), find_service(flat, name)[0])
        if got != (name, f"{name} Youth Offending Service"):
            wrong.append((name, got))
    assert wrong == []


@pytest.mark.parametrize(
    "text,field,value",
    [
        ("Reoffending in Leeds (36.0%) was higher than the average for England and Wales (35.5%).", "reoffending_rate", 36.0),
        ("Reoffending in Leeds (36.0%) was higher than the average for England and Wales (35.5%).", "national_average", 35.5),
        ("The reoffending rate for Cardiff was 41.5%; the average for Wales and England was 36.1%.", "national_average", 36.1),
        ("Inspectors scrutinised the records of 20 children and young people.", "cases_examined", 20),
        ("Inspection led by: John Brown.", "lead_inspector", "John Brown"),
        ("The inspection took place over three days, starting on 9 September 2015.", "fieldwork_end", "2015-09-11"),
        ("The proportion of young people in Oldham who reoffended was 40.1% against an England and Wales figure of 36.2%.", "reoffending_rate", 40.1),
        ("Sefton's binary reoffending rate was 36.2% (England and Wales: 35.5%).", "national_average", 35.5),
        ("Reoffending by children in Bolton stood at 38.9%; the national rate was 37.6%.", "reoffending_rate", 38.9),
        ("Reoffending by children in Bolton stood at 38.9%; the national rate was 37.6%.", "national_average", 37.6),
    ],
)  # fmt: skip
def test_more_ways_letters_state_their_facts(text, field, value):
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from test_phrasebank import read_fields

    assert read_fields(text)[field] == value


@pytest.mark.parametrize(
    "head,field,value",
    [
        ("Addressee: Jane Doe, Chair, Bury YOS Management Board\nAuthor: Alan MacDonald, Assistant Chief Inspector\nPublished: 3 June 2015", "recipient", "Jane Doe"),
        ("Addressee: Jane Doe, Chair, Bury YOS Management Board\nAuthor: Alan MacDonald, Assistant Chief Inspector\nPublished: 3 June 2015", "author", "Alan MacDonald"),
        ("For the attention of: Councillor Ann Jones, Chair of the Management Board\nFrom: HMI Probation\nReport published on 9 July 2013", "publication_date", "2013-07-09"),
        ("For the attention of: Councillor Ann Jones, Chair of the Management Board\nFrom: HMI Probation\nReport published on 9 July 2013", "author", "HMI Probation"),
    ],
)  # fmt: skip
def test_header_labels_in_other_words(head, field, value):
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from test_phrasebank import read_fields

    assert read_fields(head)[field] == value


def test_a_service_named_only_in_the_recipient_s_board():
    """Found reading a new letter: "Chair, Kirklees Youth Offending Team Management Board" was
    the only place the service was named, and it was taken from "Councillor ..." on."""
    from sqs_analysis.ingest.fields import find_service

    flat = (
        "To: Councillor Jean Calvert, Chair, Kirklees Youth Offending Team Management Board "
        "From: Helen Davies, Assistant Chief Inspector"
    )
    assert find_service(flat, "Kirklees") == ("Kirklees Youth Offending Team", "YOT")


def test_the_share_who_reoffended_in_the_area_against_a_national_rate():
    facts = rate_facts(
        "The proportion of children who reoffended in Bury was 32.1%, against a national rate "
        "of 35.8%."
    )
    assert (facts["reoffending_rate"], facts["national_average"]) == (32.1, 35.8)
    assert facts["vs_national_average"] == "better"


def test_cases_counted_as_the_work_assessed_in_them():
    sentences = split_sentences("Inspectors assessed the quality of work in 22 individual cases.")
    assert find_cases(sentences)[0] == 22


@pytest.mark.parametrize(
    "note,cohort",
    [
        (
            "¹ The cohort of young people cautioned, convicted or released from custody in the "
            "12 months to March 2012 (MoJ, published January 2014).",
            ("2011-04", "2012-03"),
        ),
        (
            "¹ Ministry of Justice Proven Re-offending Statistics, published 30 April 2015, "
            "covering January to December 2012.",
            ("2012-01", "2012-12"),
        ),
        (
            "¹ The reoffending data are for the period October 2011 to September 2012, and were "
            "published by the Ministry of Justice in July 2014.",
            ("2011-10", "2012-09"),
        ),
        (
            "¹ Reoffending by children who offended in the year ending December 2012 (Ministry of "
            "Justice, October 2014).",
            ("2012-01", "2012-12"),
        ),
    ],
)
def test_a_cohort_as_a_period_or_the_year_to_a_month(note, cohort):
    facts = rate_facts(RATE, note)
    assert (facts["cohort_start"], facts["cohort_end"]) == cohort


def test_a_lead_inspector_named_before_their_role():
    flat = "Please direct any queries to Jane Brown, lead inspector, on 0161 869 1300."
    assert find_lead_inspector(flat) == "Jane Brown"


def test_the_national_rate_named_in_words_is_never_the_area_s():
    """The national figure of "the national rate was 37.6%" was taken for the area's rate,
    since the figures the average's patterns claim were looked for in five of their groups."""
    facts = rate_facts(
        "The reoffending rate in Bury had fallen since the previous year; the national rate was "
        "37.6% and Bury's was 32.1%."
    )
    assert (facts["reoffending_rate"], facts["national_average"]) == (32.1, 37.6)


@pytest.mark.parametrize(
    "figure", ["37.O%", "37.⁰%", "3?.0%"], ids=["letter-O", "raised-digit", "unreadable"]
)
def test_an_unreadable_rate_is_left_empty_never_the_next_figure(figure):
    """OCR misread the area's rate; the next figure in the sentence is the previous year's, and
    was taken for the area's. The rate is empty; what it is compared with is still read."""
    facts = rate_facts(
        f"The published reoffending rate for Knowsley was {figure} this was better than the "
        "previous year, 38.8% and better than the England and Wales average of 37.4%."
    )
    assert facts["reoffending_rate"] is None
    assert (facts["previous_year_rate"], facts["national_average"]) == (38.8, 37.4)
    assert (facts["vs_previous_year"], facts["vs_national_average"]) == ("better", "better")


def test_the_area_s_rate_after_the_figures_it_is_compared_with():
    facts = rate_facts(
        "The reoffending rate for Bury, compared with the England and Wales average of 35.1%, "
        "was 32.1%."
    )
    assert (facts["reoffending_rate"], facts["national_average"]) == (32.1, 35.1)
    facts = rate_facts("Bury's published reoffending rate fell from 36.4% to 33.9%.")
    assert (facts["reoffending_rate"], facts["previous_year_rate"]) == (33.9, 36.4)


def test_the_rate_against_england_and_wales_as_a_whole():
    facts = rate_facts(
        "Reoffending in Bury, at 32.1%, was lower than in England and Wales as a whole (35.8%)."
    )
    assert (facts["reoffending_rate"], facts["national_average"]) == (32.1, 35.8)
    assert facts["vs_national_average"] == "better"


def test_the_rate_for_england_and_wales_named_as_a_rate():
    facts = rate_facts(
        "Bury had a reoffending rate of 33.3%, which was lower than the rate for England and "
        "Wales (36.0%)."
    )
    assert (facts["reoffending_rate"], facts["national_average"]) == (33.3, 36.0)
    assert facts["vs_national_average"] == "better"


def test_an_aside_after_the_area_s_name_is_not_part_of_it():
    rate = "The reoffending rate for Bury, published in July 2013, is 35.2%."
    assert _area([], rate) == "Bury"
    facts = rate_facts(rate)
    assert (facts["reoffending_rate"], facts["rate_published"]) == (35.2, "2013-07")


@pytest.mark.parametrize(
    "title,body,area",
    [
        ("SHORT QUALITY SCREENING OF YOUTH OFFENDING WORK IN TAMESIDE", "supervised by Tameside Youth Offending Service.", "Tameside"),
        ("SHORT QUALITY SCREENING OF YOUTH OFFENDING WORK IN BRIGHTON AND HOVE", "We examined 20 cases.", "Brighton and Hove"),
    ],
)  # fmt: skip
def test_an_area_titled_in_capitals_is_named_as_the_letter_writes_it(title, body, area):
    assert _area([title], body) == area


@pytest.mark.parametrize(
    "text",
    [
        "Inspection team: Joe Bloggs (lead inspector), Ann Other, Sam Smith.",
        "Inspection team: Joe Bloggs (lead), Ann Other.",
        "Joe Bloggs, HMI Probation, was the lead inspector.",
    ],
)
def test_the_lead_inspector_named_in_the_team_or_with_the_inspectorate(text):
    assert find_lead_inspector(text) == "Joe Bloggs"


@pytest.mark.parametrize(
    "text",
    [
        "The national rate was 35.8%, and in Bury it was 32.1%.",
        "Bury's rate of reoffending was 32.1%, compared with 35.8% nationally.",
        "Bury's proven reoffending rate was 32.1%. Nationally it was 35.8%.",
    ],
)
def test_the_rate_and_the_average_without_the_words_reoffending_rate(text):
    facts = rate_facts(text)
    assert (facts["reoffending_rate"], facts["national_average"]) == (32.1, 35.8)
    assert facts["vs_national_average"] == "better"


def test_in_a_place_it_was_is_a_rate_only_in_a_sentence_about_the_rate():
    assert rate_facts("In Bury it was 40% of the workload.")["reoffending_rate"] is None


def test_cases_looked_at_closely():
    sentence = "We looked closely at the work done in 17 cases with children sentenced recently."
    assert find_cases(split_sentences(sentence))[0] == 17


def test_a_letter_head_whose_labels_stand_together_before_their_values():
    """Labels, then values, as pdftotext copies some letter heads: a value read after the last
    empty label holds the others too, so each value is known by what it holds."""
    from sqs_analysis.ingest.fields import header_fields

    head = (
        "HM Inspectorate of Probation To: Copy to: From: Jonathan Roy, Chair of Knowsley YOS "
        "Management Board See copy list at end Helen Mercer, Assistant Chief Inspector (Youth "
        "Justice) Publication date: 04 November 2015 Report of Short Quality Screening (SQS) of "
        "youth offending work in Knowsley"
    )
    values = header_fields(head)
    assert values["to"].startswith("Jonathan Roy, Chair")
    assert values["from"].startswith("Helen Mercer, Assistant Chief Inspector")
    assert values["publication date"] == "04 November 2015"


def test_a_header_label_read_into_a_name_is_not_part_of_it():
    """OCR of a letter head in four columns set "Publication" before the author's name."""
    from sqs_analysis.ingest.fields import split_person

    assert split_person("Publication Eleanor Whitlock, Assistant Chief Inspector") == (
        "Eleanor Whitlock",
        "Assistant Chief Inspector",
    )
    assert split_person("Dateline Smith, Chair") == ("Dateline Smith", "Chair")


@pytest.mark.parametrize(
    "text",
    [
        "The inspector who led this inspection was Paula Dean.",
        "Her Majesty's Inspector leading the inspection was Paula Dean.",
        "Inspection lead: Paula Dean",
        "The work was inspected by a team led by Paula Dean.",
        "Please contact Paula Dean, the inspector who led the screening, with any questions.",
        "Please contact Paula Dean, HM Inspector who led this inspection, on 0161 000 0000.",
    ],
)
def test_the_lead_inspector_as_the_one_who_led_it(text):
    from sqs_analysis.ingest.fields import find_lead_inspector

    assert find_lead_inspector(text) == "Paula Dean"


def test_case_files_counted_as_examined():
    from sqs_analysis.ingest.fields import find_cases

    assert find_cases(["In total, 16 case files were examined."])[0] == 16


def test_an_apostrophe_ocr_set_after_a_name_is_no_part_of_it():
    from sqs_analysis.ingest.fields import find_lead_inspector

    found = find_lead_inspector("please contact the lead inspector, who was Owain’ Pryce.")
    assert found == "Owain Pryce"
    assert find_lead_inspector("The lead inspector was Siobhan O’Neill.") == "Siobhan O’Neill"


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("The reoffending rate rose to 39.4% from 37.1%, compared with 36.0% nationally.", 37.1),
        (
            "The reoffending rate, at 31.0%, is lower than the average and has fallen from 33.6%.",
            33.6,
        ),
    ],
)
def test_the_rate_it_moved_from_is_the_previous_year(text, previous):
    assert rate_facts(text)["previous_year_rate"] == previous


def test_a_cohort_of_the_twelve_months_to_the_end_of_a_month():
    facts = rate_facts(
        "The reoffending rate is 35.0%.",
        "The figures are for the 12 months to the end of September 2013, as published in "
        "July 2015 by the Ministry of Justice.",
    )
    assert (facts["cohort_start"], facts["cohort_end"], facts["rate_published"]) == (
        "2012-10",
        "2013-09",
        "2015-07",
    )


def test_fieldwork_in_the_week_commencing_written_short():
    from sqs_analysis.ingest.fields import find_fieldwork

    start, end, _ = find_fieldwork(["Fieldwork: w/c 9 March 2015"])
    assert (start.isoformat(), end) == ("2015-03-09", None)
