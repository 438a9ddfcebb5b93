"""The commentary's numbered paragraphs, when a number or a theme heading's number was lost."""

from __future__ import annotations

import pytest

from sqs_analysis.ingest.letter import parse_findings, split_blocks
from sqs_analysis.reference.headings import theme_heading_domain

LINES = [
    "1. Reducing reoffending",
    "",
    "1.1. Assessment was sufficient in most cases.",
    "",
    "Planning was good in the majority of cases.",
    "",
    "1.3. Reviews were sufficient in half of the cases.",
    "",
    "Protecting the public",
    "",
    "We expect a detailed assessment. This happened in all of the cases.",
    "",
    "2.2. Plans were sufficient in 17 of the 18 relevant cases.",
    "",
    "continued after a page break, the plans were reviewed.",
]


def test_a_paragraph_whose_number_was_lost_gets_the_number_its_place_leaves():
    notes: list[str] = []
    findings = parse_findings(LINES, notes)
    assert [f.paragraph for f in findings] == ["1.1", "1.2", "1.3", "2.1", "2.2"]
    assert findings[1].text == "Planning was good in the majority of cases."
    assert findings[3].domain == "protecting_the_public"
    assert len(notes) == 2 and "paragraph 1.2 has no number" in notes[0]


def test_a_paragraph_not_at_a_gap_continues_the_one_before():
    findings = parse_findings(LINES, [])
    assert findings[-1].text.endswith("continued after a page break, the plans were reviewed.")
    lines = ["1. Reducing reoffending", "1.1. Plans were good.", "", "We also saw good work."]
    (only,) = parse_findings(lines, [])
    assert only.text == "Plans were good. We also saw good work."


def findings_of(lines: list[str]) -> list:
    commentary = [b for b in split_blocks(lines) if b.kind == "commentary"]
    return parse_findings([line for b in commentary for line in b.lines], [])


OCR_NUMBERS = [
    "Commentary on the inspection:",
    "1. Reducing reoffending",
    "1.1.\tAssessment was sufficient in most cases.",
    "",
    "1:2. Plans were sufficient in seven cases. 1.3. Reviews were timely in half of them.",
    "",
    "14,\tManagement oversight was effective in four cases.",
    "",
    "1.5: Custody planning was good.",
    "",
    "Protecting the public",
    "",
    "We expect a detailed assessment. This happened in all of the cases.",
    "",
    "2:2; Plans were sufficient in 17 of the 18 relevant cases.",
    "",
    "4.7:\tThis number may not come next.",
]


def test_paragraph_numbers_as_ocr_misreads_them_are_read_where_they_come_next():
    """OCR writes "1:2.", "14," (its full stop lost), "1.5:" and "2:2;", and runs "1.3." on
    into the paragraph before: each is read as the number it stands for where that number may
    come next; "4.7:" after 2.2 may not, and is read as no number at all, its paragraph going
    on from the one before (with the numbering check's warning)."""
    findings = findings_of(OCR_NUMBERS)
    assert [f.paragraph for f in findings] == ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2"]
    assert findings[1].text == "Plans were sufficient in seven cases."
    assert findings[2].text == "Reviews were timely in half of them."
    assert findings[3].text.startswith("Management oversight")
    assert findings[-1].text.endswith("cases. This number may not come next.")


def test_paragraphs_whose_numbers_were_not_read_take_the_numbers_their_places_leave():
    """Two paragraphs under a heading before 2.3, their numbers read as "2s" and not at all:
    2.1 and 2.2, as many paragraphs as numbers skipped; where the count differs, no number is
    given, and the text is not given to the paragraph of another theme before it."""
    lines = [
        "1. Reducing reoffending",
        "1.1. Plans were good in most cases.",
        "",
        "Protecting the public",
        "",
        "2s We expect a detailed assessment. This happened in all of the cases.",
        "",
        "Plans were sufficient in 17 of the 18 relevant cases.",
        "",
        "2.3. Reviews were timely in half of the cases.",
    ]
    findings = findings_of(lines)
    assert [f.paragraph for f in findings] == ["1.1", "2.1", "2.2", "2.3"]
    assert findings[1].text.startswith("We expect")
    fewer = [line for line in lines if not line.startswith("Plans were sufficient")]
    first, last = findings_of(fewer)
    assert (first.paragraph, last.paragraph) == ("1.1", "2.3")
    assert first.text == "Plans were good in most cases."  # never another theme's paragraph


def test_what_ocr_made_of_a_number_in_its_cell_leaves_the_paragraph_to_its_place():
    """OCR read "1." before a theme's title as "i.", "2.1." as a bullet, "2.2." as "Zee" and
    "2.3." as "2", each in the number's cell before the tab: the theme is still a heading,
    and each paragraph takes the number its place leaves."""
    lines = [
        "i.\tReducing reoffending",
        "1.1.\tPlans were good in most cases.",
        "",
        "Protecting the public",
        "",
        "•\tWe expect a detailed assessment. This happened in all of the cases.",
        "",
        "Zee\tHaving assessed the risk, plans were sufficient in 17 of the 18 cases.",
        "",
        "2\tReviews were timely in half of the cases.",
        "",
        "2.4.\tVictims were kept safe in most cases.",
    ]
    findings = findings_of(lines)
    assert [f.paragraph for f in findings] == ["1.1", "2.1", "2.2", "2.3", "2.4"]
    assert findings[2].text.startswith("Having assessed") and findings[0].domain == (
        "reducing_reoffending"
    )


def test_a_paragraph_reference_or_a_count_in_a_sentence_is_no_paragraph_number():
    lines = [
        "1. Reducing reoffending",
        "1.1. As noted in 1.2. Plans were good. See also paragraph 1.2 below.",
        "",
        "Planning was sufficient in",
        "15. Four of the cases had no plan.",
    ]
    (only,) = findings_of(lines)
    assert only.paragraph == "1.1" and "15. Four of the cases had no plan." in only.text


def test_a_theme_title_alone_is_a_heading_a_sentence_about_it_is_not():
    assert theme_heading_domain("Protecting the public") == "protecting_the_public"
    assert theme_heading_domain("Making sure the sentence is served:") == "ensuring_sentence_served"
    assert theme_heading_domain("Protecting the public was a priority for the YOS.") is None
    assert theme_heading_domain("Risk of harm") is None


def test_paragraph_numbers_in_brackets_and_theme_headings_with_a_word():
    lines = [
        "Theme 1: Reducing reoffending",
        "(1.1) Assessment was sufficient in most cases.",
        "1.2) Planning was good in the majority of cases.",
        "Theme 2: Protecting the public",
        "2.1 Plans were sufficient in 17 of the 18 relevant cases.",
    ]
    notes: list[str] = []
    findings = parse_findings(lines, notes)
    assert [(f.paragraph, f.domain) for f in findings] == [
        ("1.1", "reducing_reoffending"),
        ("1.2", "reducing_reoffending"),
        ("2.1", "protecting_the_public"),
    ]
    assert findings[0].text == "Assessment was sufficient in most cases."
    assert notes == []
    # a figure in brackets opening a line is not a paragraph number: the letter prints none,
    # so its paragraph is numbered in order
    (only,) = parse_findings(["1. Reducing reoffending", "(1.5 hours a week) was offered."], [])
    assert (only.paragraph, only.text) == ("1.1", "(1.5 hours a week) was offered.")


def test_section_headings_in_other_words():
    from sqs_analysis.reference.headings import classify_heading

    assert [
        classify_heading(h)
        for h in (
            "Background",
            "Overall findings",
            "Management",
            "Main strengths",
            "Areas for development",
            "Improvements needed",
            "What needs to improve",
        )
    ] == [
        "context",
        "summary",
        "operational_management",
        "strengths",
        "improvements",
        "improvements",
        "improvements",
    ]
    assert classify_heading("Management Board") is None


def test_a_copy_list_of_organisations_keeps_each_whole():
    from sqs_analysis.ingest.letter import parse_copy_list

    rows = ["Youth Justice Board", "Ofsted", "Care Quality Commission"]
    assert parse_copy_list(rows) == [(row, "") for row in rows]
    # a surname wrapped onto a line of its own still joins the given name before it
    assert parse_copy_list(["Chief Executive, Anyshire Council John", "Smith"]) == [
        ("Chief Executive, Anyshire Council", "John Smith")
    ]


@pytest.mark.parametrize(
    "heading,domain",
    [
        ("Theme 1 – Reducing reoffending", "reducing_reoffending"),
        ("1 - Reducing reoffending", "reducing_reoffending"),
        ("THEME 2: PROTECTING THE PUBLIC", "protecting_the_public"),
        ("Section 3: Protecting the child or young person", "protecting_the_child"),
        ("Protecting the public from harm", "protecting_the_public"),
    ],
)
def test_theme_headings_with_a_dash_a_word_or_in_capitals(heading, domain):
    assert theme_heading_domain(heading) == domain
    # a numbered sentence is not a heading
    assert theme_heading_domain("2 Reports were good in most cases.") is None


def test_a_list_without_full_stops_ends_at_the_paragraph_after_it():
    """Items written without full stops: a wrapped line (no blank line before it) joins its item;
    after a blank line, a line in lower case, or after a word no item ends on, carries the item
    over a page break; a capitalised paragraph is the letter going on, not part of the list."""
    from sqs_analysis.ingest.letter import parse_bullets

    lines = [
        "• Planning to manage risk of harm, and its",
        "review",
        "• Vulnerability management planning in the",
        "",
        "Youth Offending Service",
        "• Work with partners to address",
        "",
        "education, training and employment needs",
        "",
        "We would like to thank the staff and managers for their cooperation.",
    ]
    assert parse_bullets(lines) == [
        "Planning to manage risk of harm, and its review",
        "Vulnerability management planning in the Youth Offending Service",
        "Work with partners to address education, training and employment needs",
    ]
    unmarked = ["Assessment of the likelihood of reoffending", "", "Engagement with families"]
    assert parse_bullets(unmarked) == [
        "Assessment of the likelihood of reoffending",
        "Engagement with families",
    ]


def test_a_bullet_or_number_on_a_line_of_its_own_goes_back_before_its_text():
    from sqs_analysis.ingest.normalise import join_lone_markers

    lines = [
        "Key strengths",
        "\uf0b7",
        "",
        "Services were good.",
        "2.",
        "",
        "Protecting the public",
    ]
    assert join_lone_markers(lines) == [
        "Key strengths",
        "\uf0b7 Services were good.",
        "2. Protecting the public",
    ]
    assert join_lone_markers(["Text.", "*", "A note."]) == ["Text.", "*", "A note."]


def test_a_copy_list_copied_a_cell_to_a_line_goes_back_into_its_rows():
    from sqs_analysis.ingest.letter import parse_copy_list

    by_row = ["Head of Service", "Carol Compton MBE", "Chair of Local Safeguarding Children",
              "Board", "Chris Doorley", "YJB Communications", "Ali Lewis, Rachel Brown"]  # fmt: skip
    assert parse_copy_list(by_row) == [
        ("Head of Service", "Carol Compton MBE"),
        ("Chair of Local Safeguarding Children Board", "Chris Doorley"),
        ("YJB Communications", "Ali Lewis, Rachel Brown"),
    ]
    by_column = [
        "Head of Service",
        "Chair of Youth Court Bench",
        "Carol Compton MBE",
        "Ian Andrews",
    ]
    assert parse_copy_list(by_column) == [
        ("Head of Service", "Carol Compton MBE"),
        ("Chair of Youth Court Bench", "Ian Andrews"),
    ]
    # organisations with no one named stay as they are
    assert parse_copy_list(["Youth Justice Board", "Ofsted"]) == [
        ("Youth Justice Board", ""),
        ("Ofsted", ""),
    ]


def test_a_column_of_bullets_before_their_items_goes_back_item_by_item():
    """pdftotext writes a list's bullets as a column before the items' text: each bullet goes
    back before the item that ends a sentence at a line's end, when there is one per bullet."""
    from sqs_analysis.ingest.normalise import join_lone_markers

    lines = ["Key strengths", "\uf0b7", "\uf0b7", "", "Staff were committed to children and",
             "their families.", "Victims were kept safe.", "3"]  # fmt: skip
    assert join_lone_markers(lines) == [
        "Key strengths",
        "\uf0b7 Staff were committed to children and their families.",
        "\uf0b7 Victims were kept safe.",
        "3",
    ]
    # the text after the last item (the letter going on, with no blank line before it)
    after = ["\uf0b7", "\uf0b7", "One.", "Two.", "We are grateful."]
    assert join_lone_markers(after) == ["\uf0b7 One.", "\uf0b7 Two.", "We are grateful."]
    # fewer sentences than bullets: left as it was
    short = ["\uf0b7", "\uf0b7", "", "One and", "two."]
    assert join_lone_markers(short) == ["\uf0b7", "\uf0b7 One and", "two."]


def test_findings_labelled_in_letters_or_roman_numerals_are_numbered_in_order():
    lines = [
        "1. Reducing reoffending",
        "i.\tThe assessment was good in most cases.",
        "ii.\tPlans were sufficient in half of them.",
        "2. Protecting the public",
        "(a) Risk was assessed well in all cases.",
    ]
    notes: list[str] = []
    found = parse_findings(lines, notes)
    assert [(f.paragraph, f.text[:8]) for f in found] == [
        ("1.1", "The asse"),
        ("1.2", "Plans we"),
        ("2.1", "Risk was"),
    ]
    assert notes  # the numbers are the parser's, and it says so


@pytest.mark.parametrize(
    "heading,domain",
    [
        ("1. Likelihood of reoffending", "reducing_reoffending"),
        ("1. Reoffending", "reducing_reoffending"),
        ("4. Compliance and engagement", "ensuring_sentence_served"),
        ("4. Ensuring compliance", "ensuring_sentence_served"),
        ("1. Reoffending rates were high", None),  # a sentence, not a theme's name
    ],
)
def test_themes_named_in_other_words(heading, domain):
    assert theme_heading_domain(heading) == domain
