"""The text layer of PDF letters: what PDFium gives, and the clean copy made of it.

The first tests read the published-layout fixtures through PDFium and check that what
docs/pdf-text-layer.md describes is really there (so the rules below are tested on it) and gone
from the copy the parser reads. The others give :mod:`sqs_analysis.ingest.readers.pdf.clean_copy` printed
lines with made-up geometry, one rule at a time.
"""

from __future__ import annotations

import functools
import json
import re

import pytest
from conftest import ROOT

from sqs_analysis.ingest.readers import read_document
from sqs_analysis.ingest.readers.pdf.clean_copy import (
    PdfLine,
    PdfPage,
    letter_text,
    merge_pieces,
    resolve_hyphens,
)

FIXTURES = ROOT / "tests" / "fixtures" / "published"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text("utf-8"))
NAMES = sorted(MANIFEST)


@functools.cache
def raw_pages(name: str) -> tuple[str, ...]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(FIXTURES / MANIFEST[name]["pdf"]))
    try:
        return tuple(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


@functools.cache
def copy_of(name: str) -> str:
    return read_document(FIXTURES / MANIFEST[name]["pdf"]).text


# ------------------------------------------------------------------ the fixtures, raw and clean


@pytest.mark.parametrize("name", NAMES)
def test_what_pdfium_gives_is_what_the_rules_expect(name):
    pages = raw_pages(name)
    title = "Report of Short Quality Screening (SQS) of youth offending work in"
    assert all(
        p.startswith(title) == (i > 0 or MANIFEST[name]["features"]["first_page_running_header"])
        for i, p in enumerate(pages)
    )
    assert re.search(r"rate1\r\n for ", pages[0])  # the footnote marker and its made-up break
    assert "\r\n\r\n" not in "".join(pages)  # no paragraph ends
    assert "\uf0b7 " in "".join(pages)  # Symbol-font bullets
    last = [p.rsplit("\r\n", 1)[-1] for p in pages]
    if MANIFEST[name]["features"]["footer"] == "page-x-of-y":
        assert last == [f"Page {i} of {len(pages)}" for i in range(1, len(pages) + 1)]
    else:
        assert last == [str(i) for i in range(1, len(pages) + 1)]


@pytest.mark.parametrize("name", NAMES)
def test_the_clean_copy_has_no_page_furniture_and_keeps_the_footnote_apart(name):
    text = copy_of(name)
    pages = len(raw_pages(name))
    assert not re.search(r"youth offending work in \w+ \d", text)  # running headers
    assert not re.search(r"(?m)^(?:Page \d+ of \d+|\d+)$", text)  # footers
    assert text.count("HM Inspectorate of Probation") == 1  # letterhead once, as printed
    assert "\ufffe" not in text and "\x02" not in text and "\uf0b7" not in text
    assert "rate¹ for" in text
    *_, note = text.split("\n\n")
    assert note.startswith("¹ ") and note.endswith("Source: Ministry of Justice")
    assert pages >= 4


@pytest.mark.parametrize("name", NAMES)
def test_the_clean_copy_has_one_paragraph_per_line(name):
    gold = json.loads((ROOT / MANIFEST[name]["answer_key"]).read_text("utf-8"))
    paragraphs = copy_of(name).split("\n\n")
    numbered = [m[1] for p in paragraphs if (m := re.match(r"(\d\.\d{1,2})\.\t", p))]
    assert numbered == gold["paragraphs"]
    bullets = [p[2:] for p in paragraphs if p.startswith("•\t")]
    assert bullets == gold["key_strengths"] + gold["areas_for_improvement"]
    head = {p.split("\t")[0]: p for p in paragraphs[:6] if "\t" in p}
    assert {"To:", "Copy to:"} <= set(head)
    assert "Publication date:" in "".join(head.values())
    rows = paragraphs[paragraphs.index("Copy to:") + 1 :]
    rows = [r for r in rows if "\t" in r]
    assert len(rows) == gold["copy_list_size"]


def test_a_hyphen_at_a_line_end_is_resolved_from_the_letter_itself():
    name = "knowsley-2015-header-2col"
    assert "two\ufffethirds" in "".join(raw_pages(name))
    assert "standard in two-thirds of the relevant cases" in copy_of(name)


# ------------------------------------------------------------------ rules on made-up lines

BODY, SMALL = 11.0, 9.0
LEFT, RIGHT = 72.0, 522.0
PITCH = 12.65


def line(text, y, x0=LEFT, x1=None, size=BODY, cuts=(), marks=(), lead=False) -> PdfLine:
    """A printed line; ``x1`` defaults to where its text would end (about 5.2 pt a char)."""
    x1 = x1 if x1 is not None else min(RIGHT, x0 + 5.2 * len(text))
    return PdfLine(text, x0, x1, y, size, lead, list(cuts), list(marks))


def page(number, *lines, header=True, footer=True) -> PdfPage:
    furniture = []
    if header:
        furniture.append(
            line(
                f"Report of Short Quality Screening in Testshire {number}",
                798,
                size=SMALL,
                x1=523,
                cuts=[(53, 138.0, 519.0)],
            )
        )
    body = list(lines)
    if footer:
        body.append(line(f"Page {number} of 3", 37, x0=275, size=SMALL))
    return PdfPage(number, 595, 842, furniture + body)


def paragraphs(*pages: PdfPage) -> list[str]:
    return letter_text(list(pages)).text.split("\n\n")


def justified(text: str, y: float) -> PdfLine:
    return line(text, y, x1=RIGHT)


def test_running_headers_and_footers_go_wherever_they_stand_even_above_the_letterhead():
    got = paragraphs(
        page(1, line("HM Inspectorate of Probation", 755, size=16), line("Context", 700)),
        page(2, line("Summary", 760)),
        page(3, line("Operational management", 760)),
    )
    assert got == ["HM Inspectorate of Probation", "Context", "Summary", "Operational management"]


def test_a_header_without_a_page_number_is_kept_where_it_first_appears():
    def p(n, text):
        banner = line("A banner on every page", 810, size=SMALL)
        return PdfPage(n, 595, 842, [banner, line(text, 760), line(str(n), 37, x0=295)])

    assert paragraphs(p(1, "Context"), p(2, "Summary"), p(3, "Key strengths")) == [
        "A banner on every page",
        "Context",
        "Summary",
        "Key strengths",
    ]


def test_a_paragraph_runs_on_across_a_page_and_past_a_footnote():
    first = page(
        1,
        justified("The published reoffending rate¹ for Testshire was 40.0%. This was better", 500),
        justified(
            "than the previous year. Inspectors noted that the case manager had", 500 - PITCH
        ),
        line("1 Published April 2016, for the July 2013 – June 2014 cohort.", 75, size=SMALL),
        line("Source: Ministry of Justice", 64, size=SMALL),
    )
    second = page(2, line("worked hard with the family.", 760), line("Summary", 730))
    third = page(3, line("Context", 760))
    text = letter_text([first, second, third]).text
    assert "case manager had worked hard with the family." in text
    assert text.endswith(
        "¹ Published April 2016, for the July 2013 – June 2014 cohort. Source: Ministry of Justice"
    )


def test_a_raised_digit_glued_to_a_word_is_a_footnote_marker_on_the_same_printed_line():
    pieces = merge_pieces(
        [
            line("The published reoffending rate1", 400, x1=226.6, marks=[(30, 31)]),
            line("for Testshire was 40.0%.", 400, x0=230.2, x1=400, lead=True),
        ]
    )
    assert len(pieces) == 1
    assert pieces[0].text == "The published reoffending rate1 for Testshire was 40.0%."
    first = page(1, *pieces)
    text = letter_text([first, page(2, line("x", 700)), page(3, line("y", 700))]).text
    assert text.startswith("The published reoffending rate¹ for Testshire was 40.0%.")


def test_paragraphs_end_at_a_wider_gap_a_number_a_bullet_a_heading_or_a_short_sentence_end():
    y = 700
    lines = [
        justified("The inspection was conducted from 16-18 May 2016 as part of our programme", y),
        line("of inspection.", y - PITCH, x1=140),  # sentence ends short: paragraph ends
        justified(
            "We examined 20 cases of children and young people who had recently", y - 2 * PITCH
        ),
        justified(
            "offended. Wherever possible, this was undertaken with the case manager.", y - 3 * PITCH
        ),
        justified(
            "Good quality assessment and planning at the start of a sentence is key", y - 5 * PITCH
        ),  # wider gap
        line("to outcomes", y - 6 * PITCH, x1=140),
        line("Context", y - 7 * PITCH, x1=110),  # a heading the parser knows
        line(
            "1.1. The initial assessment was sufficient in most cases. Plans were",
            y - 8 * PITCH,
            x1=RIGHT,
            cuts=[(5, 12.0, 101.0)],
        ),
        line("reviewed in time.", y - 9 * PITCH, x0=101, x1=190),
        line("• Staff were committed.", y - 10 * PITCH, x0=90, cuts=[(2, 15.0, 108.0)]),
        line("• Reports were good.", y - 11 * PITCH, x0=90, cuts=[(2, 15.0, 108.0)]),
    ]
    got = paragraphs(page(1, *lines), page(2, line("x", 700)), page(3, line("y", 700)))
    assert got[:7] == [
        "The inspection was conducted from 16-18 May 2016 as part of our programme of inspection.",
        "We examined 20 cases of children and young people who had recently offended. Wherever "
        "possible, this was undertaken with the case manager.",
        "Good quality assessment and planning at the start of a sentence is key to outcomes",
        "Context",
        "1.1.\tThe initial assessment was sufficient in most cases. Plans were reviewed in time.",
        "•\tStaff were committed.",
        "•\tReports were good.",
    ]


def test_a_full_line_that_ends_a_sentence_does_not_end_the_paragraph():
    lines = [
        justified("Reviews were sufficient in most cases. Recording was not always good.", 700),
        line("Managers knew this.", 700 - PITCH, x1=180),
    ]
    got = paragraphs(page(1, *lines), page(2, line("x", 700)), page(3, line("y", 700)))
    assert (
        got[0]
        == "Reviews were sufficient in most cases. Recording was not always good. Managers knew this."
    )


def test_table_cells_written_one_after_the_other_become_one_row():
    """A copy-list row whose role wraps: PDFium writes the role's two lines, then jumps back
    up for the names; a four-column letter head likewise."""
    y = 300
    lines = [
        line("Copy to:", y + 25, x1=115),
        line("Head of Service Carol Compton", y, x1=370, cuts=[(16, 121.0, 271.0)]),
        line("Lead Elected Member for Children's", y - PITCH, x1=247),
        line("Services", y - 2 * PITCH, x1=114),
        line("James Courtney", y - PITCH, x0=270.6, x1=351),
        line(
            "YJB link staff Lisa Harvey-Messina, Paula",
            y - 3 * PITCH,
            x1=480,
            cuts=[(15, 135.0, 271.0)],
        ),
        line("Williams", y - 4 * PITCH, x0=270.6, x1=320),
    ]
    head = [
        line("To: Rob Tinlin, Chair of", 714, x1=272, cuts=[(4, 42.0, 129.7)]),
        line("Testshire Board", 701, x0=128.8, x1=210),
        line("From: Alan Author,", 714, x0=310.2, x1=478, cuts=[(6, 57.0, 395.3)]),
        line("Assistant Chief Inspector", 701, x0=395.3, x1=500),
        line(
            "Copy to: See copy list at end Publication",
            663,
            x1=364,
            cuts=[(9, 16.7, 129.3), (30, 86.0, 310.5)],
        ),
        line("date:", 651, x0=310.2, x1=335),
        line("15 June 2016", 663, x0=395.3, x1=462),
    ]
    got = paragraphs(page(1, *head, *lines), page(2, line("x", 700)), page(3, line("y", 700)))
    assert got[:6] == [
        "To:\tRob Tinlin, Chair of Testshire Board\tFrom:\tAlan Author, Assistant Chief Inspector",
        "Copy to:\tSee copy list at end\tPublication date:\t15 June 2016",
        "Copy to:",
        "Head of Service\tCarol Compton",
        "Lead Elected Member for Children's Services\tJames Courtney",
        "YJB link staff\tLisa Harvey-Messina, Paula Williams",
    ]


def test_a_table_row_split_by_a_page_break_is_put_back_together():
    end_of_page = page(
        1,
        justified("If you have any further questions about the inspection please contact", 160),
        line("the lead inspector.", 160 - PITCH, x1=170),
        line("Copy to:", 120, x1=115),
        line("Lead Elected Member for Crime Ian Moorcroft", 100, x1=330, cuts=[(30, 58.0, 271.0)]),
        line(
            "Police and Crime Commissioner for East David Jessop",
            100 - PITCH,
            x1=340,
            cuts=[(38, 16.0, 271.0)],
        ),
    )
    next_page = page(
        2,
        line("Rowanmoor", 760, x1=126),
        line(
            "Chair of Youth Court Bench Nadia Pryce", 760 - PITCH, x1=325, cuts=[(27, 77.0, 271.0)]
        ),
    )
    got = paragraphs(end_of_page, next_page, page(3, line("Note 1: x", 700)))
    assert got[1:5] == [
        "Copy to:",
        "Lead Elected Member for Crime\tIan Moorcroft",
        "Police and Crime Commissioner for East Rowanmoor\tDavid Jessop",
        "Chair of Youth Court Bench\tNadia Pryce",
    ]


def test_a_justified_gap_is_not_a_tab_but_a_gap_after_a_number_is():
    body = [
        line(
            "1.1. One inspector commented: the case manager made positive attempts",
            700,
            x1=RIGHT,
            cuts=[(5, 11.3, 100.7), (48, 5.6, 240.9)],
        ),
        line("with the family.", 700 - PITCH, x0=100.7, x1=190),
    ]
    got = paragraphs(page(1, *body), page(2, line("x", 700)), page(3, line("y", 700)))
    assert (
        got[0]
        == "1.1.\tOne inspector commented: the case manager made positive attempts with the family."
    )


@pytest.mark.parametrize(
    "marked,expected,undecided",
    [
        ("in two\ufffethirds of cases, and two-thirds later", "in two-thirds of cases", False),
        ("the reoffend\ufffeing rate; reoffending elsewhere", "the reoffending rate", False),
        ("Lisa Harvey\ufffeMessina", "Lisa Harvey-Messina", False),
        ("from 05\ufffe07 October", "from 05-07 October", False),
        ("in non\ufffecompliance", "in non-compliance", False),
        (
            "a case\ufffeload that was high; the case was slow and the load was high",
            "a case-load",
            False,
        ),
        ("it was suf\ufffeficient", "it was suf-ficient", True),
        (
            "it hap\ufffepened in the pre\ufffevious year; the interven\ufffetions, interventions",
            "it happened in the previous year; the interventions",
            False,
        ),
        ("a decision\ufffemaking that was high", "a decision-making", True),
        ("a risk\ufffelevel, and the risk was high", "a risk-level", True),
    ],
)
def test_line_end_hyphens_are_decided_from_the_letters_own_words(marked, expected, undecided):
    text, left_open = resolve_hyphens(marked)
    assert text.startswith(expected)
    assert bool(left_open) == undecided
    assert "\ufffe" not in text


def test_an_undecided_hyphen_is_kept_as_printed_and_said():
    lines = [
        line("The risk\ufffe", 700, x1=RIGHT),
        line("level, and the risk was high.", 700 - PITCH),
    ]
    letter = letter_text([page(1, *lines), page(2, line("x", 700)), page(3, line("y", 700))])
    assert letter.text.startswith("The risk-level, and the risk was high.")
    assert len(letter.warnings) == 1 and "'risk-level'" in letter.warnings[0]


def test_symbol_font_bullets_become_bullets():
    lines = [
        line("\uf0b7 Plans were good.", 700, x0=90, cuts=[(2, 15.0, 108.0)]),
        line("l Reports were good.", 700 - PITCH, x0=90, cuts=[(2, 15.0, 108.0)]),
    ]
    got = paragraphs(page(1, *lines), page(2, line("x", 700)), page(3, line("y", 700)))
    assert got[:2] == ["•\tPlans were good.", "•\tReports were good."]


def test_without_character_positions_a_page_is_read_line_by_line_and_said(monkeypatch):
    """Where PDFium's text and its characters disagree, the layout cannot be rebuilt: the
    letter is read from PDFium's lines as a text copy would be, with a warning."""
    from conftest import wrong_fields

    from sqs_analysis.ingest.corpus import parse_file
    from sqs_analysis.ingest.readers import pdf

    real = pdf.read_page

    def no_positions(document, index):
        page = real(document, index)
        lines = [PdfLine(ln.text, 0.0, 0.0, -12.0 * i, 10.0) for i, ln in enumerate(page.lines)]
        return PdfPage(page.number, page.width, page.height, lines, geometry=False)

    monkeypatch.setattr(pdf, "read_page", no_positions)
    name = "southend-2016-running-header-page1"
    report, issues, _ = parse_file(FIXTURES / MANIFEST[name]["pdf"])
    assert any("character positions disagree" in i.message for i in issues)
    key = json.loads((ROOT / MANIFEST[name]["answer_key"]).read_text("utf-8"))
    wrong = wrong_fields(key, report)
    assert {"area", "publication_date", "reoffending_rate", "cases_examined"}.isdisjoint(wrong)


def test_a_footnote_set_in_body_type_is_known_by_its_raised_number_at_the_foot_of_a_page():
    first = page(
        1,
        line("The published reoffending rate1 for Testshire was 40.0%.", 500, marks=[(30, 31)]),
        justified("Inspectors noted that the case manager had worked hard to engage with", 480),
        line("1 Published April 2016, for the July 2013 – June 2014 cohort.", 75, marks=[(0, 1)]),
        line("Source: Ministry of Justice", 62),
    )
    second = page(2, line("the family.", 760))
    text = letter_text([first, second, page(3, line("Context", 760))]).text
    assert "worked hard to engage with the family." in text
    assert text.endswith(
        "¹ Published April 2016, for the July 2013 – June 2014 cohort. Source: Ministry of Justice"
    )


def test_a_line_that_starts_with_a_dash_where_a_sentence_wrapped_continues_its_paragraph():
    lines = [
        line("The rate was for the cohort of July 2013", 700, x1=RIGHT - 20),
        line("– June 2014, as published.", 700 - PITCH, x1=200),
    ]
    got = paragraphs(page(1, *lines), page(2, line("x", 700)), page(3, line("y", 700)))
    assert got[0] == "The rate was for the cohort of July 2013 – June 2014, as published."


# ------------------------------------------------------------------ other producers' layouts


def test_a_footnote_number_drawn_apart_small_and_raised_is_glued_to_its_word():
    """Chromium writes ``<sup>1</sup>`` as a run of its own on a raised baseline, then the
    rest of the line on the body baseline."""
    first = page(
        1,
        line("The published reoffending rate", 700, x1=221.9),
        line("1", 704.4, x0=222.4, x1=225.8, size=6.6),
        line("for Testshire was 40.0%. This was better than the", 700, x0=229.9, x1=RIGHT),
        line("previous year.", 700 - PITCH),
    )
    text = letter_text([first, page(2, line("x", 700)), page(3, line("y", 700))]).text
    assert text.startswith("The published reoffending rate¹ for Testshire was 40.0%. This")


def test_numbers_drawn_after_their_paragraphs_are_read_where_they_stand():
    """Content order unlike reading order: each paragraph's number is drawn after its text
    (a number placed by CSS), and a heading is drawn before everything else."""
    body = [
        line("2. Protecting the public", 700 - 9 * PITCH),
        justified("The first paragraph has text that runs on to a second line of", 700),
        line("its own, and ends here.", 700 - PITCH, x0=100),
        justified(
            "The second paragraph starts here and also wraps on to the next", 700 - 3 * PITCH
        ),
        line("line, where it ends.", 700 - 4 * PITCH, x0=100),
        line("1.1.", 700, x1=86),
        line("1.2.", 700 - 3 * PITCH, x1=86),
    ]
    for item in body[1:5]:
        item.x0 = 100
    got = paragraphs(page(1, *body), page(2, line("x", 700)), page(3, line("y", 700)))
    assert got[:3] == [
        "1.1.\tThe first paragraph has text that runs on to a second line of its own, and ends here.",
        "1.2.\tThe second paragraph starts here and also wraps on to the next line, where it ends.",
        "2. Protecting the public",
    ]
    assert letter_text([page(1, *body), page(2, line("x", 700))]).warnings == []


def test_a_number_drawn_apart_beside_no_line_is_placed_by_height_with_a_warning():
    body = [
        justified("The first paragraph has text that runs on to a second line of", 700),
        line("its own, and ends here.", 700 - PITCH),
        justified(
            "The second paragraph starts here and also wraps on to the next", 700 - 2 * PITCH
        ),
        line("line, where it ends.", 700 - 3 * PITCH),
        line("1.2.", 700 - 1.5 * PITCH, x0=40, x1=60),
    ]
    letter = letter_text([page(1, *body), page(2, line("x", 700)), page(3, line("y", 700))])
    assert len(letter.warnings) == 1
    assert "page 1" in letter.warnings[0] and "'1.2.'" in letter.warnings[0]


def test_an_ocr_number_column_drawn_first_goes_to_its_paragraphs():
    """OCR writes a column of paragraph numbers as a block of its own, before the text."""
    numbers = [line("1.1.", 700, x1=86), line("1.2.", 700 - 3 * PITCH, x1=86)]
    text = [
        justified("The first paragraph has text that runs on to a second line of", 700),
        line("its own, and ends here.", 700 - PITCH),
        justified(
            "The second paragraph starts here and also wraps on to the next", 700 - 3 * PITCH
        ),
        line("line, where it ends.", 700 - 4 * PITCH),
    ]
    for item in text:
        item.x0 = 100
    got = paragraphs(page(1, *numbers, *text), page(2, line("x", 700)), page(3, line("y", 700)))
    assert [p.split("\t")[0] for p in got[:2]] == ["1.1.", "1.2."]


def test_a_word_space_in_a_ragged_line_is_not_a_tab():
    """Chromium writes words as separate runs: a plain space between runs, about 0.4 em
    with the glyphs' side bearings, is no tab stop."""
    got = paragraphs(
        page(1, line("year but worse than the England average.", 700, cuts=[(24, 4.4, 200.0)])),
        page(2, line("x", 700)),
        page(3, line("y", 700)),
    )
    assert got[0].startswith("year but worse than the England average.")
    assert "\t" not in got[0]


def test_a_raised_footnote_number_glued_to_its_first_word_starts_the_footnote():
    """TeX sets the footnote's number raised and glued to the text: ``1Published``."""
    first = page(
        1,
        line("The published reoffending rate1 for Testshire was 40.0%.", 700, marks=[(30, 31)]),
        line(
            "1Published April 2016, for the July 2013 – June 2014", 80, size=SMALL, marks=[(0, 1)]
        ),
        line("cohort. Source: Ministry of Justice", 70, size=SMALL),
    )
    text = letter_text([first, page(2, line("Context", 760)), page(3, line("y", 700))]).text
    assert text.endswith("¹ Published April 2016, for the July 2013 – June 2014 cohort. Source: "
                         "Ministry of Justice")  # fmt: skip
    assert "1Published" not in text


def test_gaps_at_made_up_spaces_are_measured_from_the_characters():
    """pdfTeX draws no space glyphs and writes a table row as one run: the gap after a label
    is found from the characters on either side of the space PDFium made up."""
    from sqs_analysis.ingest.readers.pdf.page import _space_gaps

    text = "To: Rob Tinlin, Chair"
    lefts = {i: 72.0 + 5.5 * i for i in range(len(text))}
    for i in range(4, len(text)):
        lefts[i] += 70.0  # the value column starts 70 pt further right
    probe = line(text, 700)
    _space_gaps(probe, 0, lambda i: (lefts[i], 0.0, lefts[i] + 5.0, 8.0))
    assert [c[0] for c in probe.cuts] == [4]


def test_a_table_written_a_line_at_a_time_keeps_its_cells():
    """OCR writes a four-column letter head line by line: the second line's pieces stand under
    the first line's values, and a label wraps in its own cell."""
    head = [
        line("To: Jo Roy, Chair of Testshire From: Al Smith,", 700,
             cuts=[(4, 30, 130.0), (31, 40, 330.0), (37, 30, 400.0)]),
        line("YOS Board Assistant Chief", 700 - PITCH, x0=130, cuts=[(10, 100, 400.0)]),
        line("Inspector", 700 - 2 * PITCH, x0=400),
        line("Publication 15 June 2016", 700 - 4 * PITCH, cuts=[(12, 40, 130.0)]),
        line("date:", 700 - 5 * PITCH),
    ]  # fmt: skip
    got = paragraphs(page(1, *head), page(2, line("x", 700)), page(3, line("y", 700)))
    assert got[:2] == [
        "To:\tJo Roy, Chair of Testshire YOS Board\tFrom:\tAl Smith, Assistant Chief Inspector",
        "Publication date:\t15 June 2016",
    ]


def test_a_bullet_ocr_read_as_a_letter_is_a_bullet_by_where_it_stands():
    lines = [
        justified("• The first strength is written on two lines, the first of them", 700),
        line("stretched.", 700 - PITCH, x0=90),
        justified("e The second strength is written the same way, its bullet misread", 680),
        line("as a letter.", 680 - PITCH, x0=90),
    ]
    lines[0].cuts.append((2, 15.0, 90.0))
    lines[2].cuts.append((2, 15.0, 90.0))
    got = paragraphs(page(1, *lines), page(2, line("x", 700)), page(3, line("y", 700)))
    assert got[1].startswith("•\tThe second strength")


@pytest.mark.parametrize("misread", ["«", "e«", "*"])
def test_a_bullet_ocr_read_as_a_guillemet_glued_to_its_item_is_a_bullet(misread):
    """At 150 dots an inch Tesseract reads a bullet as "«" (or "e«") with no gap before the
    item's first word: the item is still a list item of its own."""
    lines = [
        justified("• The first strength is written on two lines, the first of them", 700),
        line("stretched.", 700 - PITCH, x0=90),
        justified(f"{misread}The second strength is written with its bullet misread", 680),
        line("and glued to it.", 680 - PITCH, x0=90),
    ]
    lines[0].cuts.append((2, 15.0, 90.0))
    got = paragraphs(page(1, *lines), page(2, line("x", 700)), page(3, line("y", 700)))
    assert got[1] == "• The second strength is written with its bullet misread and glued to it."


def test_a_page_of_control_characters_or_symbols_does_not_read_as_words():
    from sqs_analysis.ingest.readers.pdf.clean_copy import nonsense

    controls = "\x01\x04\x05\x06\x07\x08\t\n\x0b\x0c \x0e\x0f\x0c\x0b\x10 " * 3
    dingbats = "✁✂✄ ☎ ✆✝ ✞ ✟✠ ✡☛☞✌✍✎✏✑✒✓✏✍ ✑✔ ✕✒✑✖✓✏✗✑☛ " * 2
    for text in (controls, dingbats):
        assert nonsense(page(1, *(line(text, 700 - i * PITCH) for i in range(5))))


def test_a_page_whose_text_does_not_read_as_words_is_known():
    from sqs_analysis.ingest.readers.pdf.clean_copy import nonsense

    shifted = "Wkh lqvshfwlrq zdv frqgxfwhg iurp 16-18 Pdb 2016 dv sduw ri rxu surjudpph"
    english = "The inspection was conducted from 16-18 May 2016 as part of our programme of"
    assert nonsense(page(1, *(line(shifted, 700 - i * PITCH) for i in range(5))))
    assert not nonsense(page(1, *(line(english, 700 - i * PITCH) for i in range(5))))


def test_on_an_ocr_page_a_paragraph_without_its_number_is_warned_about():
    def paragraph(number, y):
        first = justified(f"{number}The case was assessed well in most of the cases, and", y)
        if number:
            first.cuts.append((len(number), 20.0, 100.0))
        else:
            first.x0 = 100
        return [first, line("the plans were good.", y - PITCH, x0=100)]

    body = [*paragraph("1.1. ", 700), *paragraph("1.2. ", 670), *paragraph("", 640)]
    body += paragraph("1.4. ", 610)
    first = page(1, *body)
    first.hidden = True
    letter = letter_text([first, page(2, line("x", 700)), page(3, line("y", 700))])
    assert sum("has no number ('The case was" in w for w in letter.warnings) == 1
    assert any("scanned image" in w for w in letter.warnings)
    first.hidden = False
    assert letter_text([first, page(2, line("x", 700)), page(3, line("y", 700))]).warnings == []


def test_on_an_ocr_page_a_table_read_column_by_column_is_put_back_in_rows():
    """Tesseract writes a table's columns as blocks one after the other: every role, then
    every name; on a page of OCR text they are read a row at a time."""
    roles = ["Head of Service", "Director of Children's Services", "Chair of Youth Court Bench"]
    names = ["Ann Smith", "Bob Jones", "Cy Brown"]
    lines = [line(r, 700 - i * PITCH, x1=260) for i, r in enumerate(roles)]
    lines += [line(n, 700.5 - i * PITCH, x0=300, x1=360) for i, n in enumerate(names)]
    first = page(1, line("Copy to:", 720), *lines)
    first.hidden = True
    got = paragraphs(first, page(2, line("x", 700)), page(3, line("y", 700)))
    assert got[1:4] == [f"{r}\t{n}" for r, n in zip(roles, names, strict=True)]


def test_ocr_table_rows_keep_a_cell_that_wraps():
    roles = ["Head of Service", "Police and Crime Commissioner for", "Testshire", "Chair"]
    at = [0, 1, 2, 3]
    names = {0: "Ann Smith", 1: "Bob Jones", 3: "Cy Brown"}
    lines = [line(r, 700 - i * PITCH, x1=260) for i, r in zip(at, roles, strict=True)]
    lines += [line(n, 700.5 - i * PITCH, x0=300, x1=360) for i, n in names.items()]
    first = page(1, line("Copy to:", 720), *lines)
    first.hidden = True
    got = paragraphs(first, page(2, line("x", 700)), page(3, line("y", 700)))
    assert got[1:4] == [
        "Head of Service\tAnn Smith",
        "Police and Crime Commissioner for Testshire\tBob Jones",
        "Chair\tCy Brown",
    ]


# ---------------------------------------------------------------- glyphs a font maps wrongly


def test_a_wrongly_mapped_ligature_is_read_back_from_the_letter_s_own_words():
    from sqs_analysis.ingest.readers.pdf.glyphs import repair_glyphs

    text = (
        "Reducing reoffending. The YOS was eûective. Oûending behaviour was addressed; staû "
        "were eûective in most cases and the oûending was reduced. Reoûending fell. Work to "
        "reduce reoffending and offending behaviour was effective."
    )
    repaired, warnings = repair_glyphs(text)
    assert "û" not in repaired
    assert "staff were effective" in repaired and "Offending behaviour" in repaired
    assert len(warnings) == 1 and "read as 'ff'" in warnings[0]


def test_a_wrong_glyph_with_no_clear_reading_is_left_with_a_warning():
    from sqs_analysis.ingest.readers.pdf.glyphs import repair_glyphs

    text = "The qûx was zûb. A wûv and a pûq were seen. Nothing else here is spelt alike."
    repaired, warnings = repair_glyphs(text)
    assert repaired == text
    assert len(warnings) == 1 and "are not read" in warnings[0]


def test_paragraphs_parted_by_empty_lines_stay_apart_though_gaps_outnumber_wrapped_lines():
    """A letter typed with an empty paragraph between its paragraphs (or a text file set as a
    PDF) has more two-line gaps than wrapped lines: the gap is not the line spacing, so a title
    with no full stop does not run on into the paragraph under it."""
    y, lines = 700, []
    texts = [
        "SHORT QUALITY SCREENING OF YOUTH OFFENDING WORK IN TESTSHIRE",
        "The inspection took place between 15 and 17 July 2013.",
        "CONTEXT",
        "We looked at a sample of 16 cases.",
        "SUMMARY",
        "Overall, practice was good.",
    ]
    for text in texts:  # the title stops short of the margin, but not short enough to be a heading
        lines.append(line(text, y, x1=RIGHT - 40 if text.isupper() and len(text) > 20 else None))
        y -= 2 * PITCH
    lines.append(justified("Plans were of good quality in three-quarters of cases, although", y))
    lines.append(line("targets were sometimes too general.", y - PITCH, x1=250))
    got = paragraphs(page(1, *lines), page(2, line("x", 700)), page(3, line("y", 700)))
    assert got[:7] == [
        *texts,
        "Plans were of good quality in three-quarters of cases, although targets were sometimes "
        "too general.",
    ]


def test_a_text_file_set_as_a_pdf_reads_as_the_text_does():
    """A constructed letter's text file, set as a PDF by LibreOffice: an empty paragraph
    between paragraphs, headings in capitals, findings as bullets with no numbers."""
    from sqs_analysis.ingest.corpus import parse_file

    pdf = ROOT / "tests" / "fixtures" / "regressions" / "libreoffice-text-tameside-2013.pdf"
    text = ROOT / "tests" / "fixtures" / "letters" / "constructed-tameside-2013.txt"
    (from_pdf, _, _), (from_text, _, _) = parse_file(pdf), parse_file(text)
    assert from_pdf.area == from_text.area == "Tameside"
    assert [(f.paragraph, f.text) for f in from_pdf.findings] == [
        (f.paragraph, f.text) for f in from_text.findings
    ]
    assert [
        (j.paragraph, j.numerator, j.denominator, j.sufficiency) for j in from_pdf.judgements
    ] == [(j.paragraph, j.numerator, j.denominator, j.sufficiency) for j in from_text.judgements]


def test_a_browsers_drawn_bullets_start_their_items():
    """A browser prints an HTML list's bullets as discs, shapes with no character: each disc
    before a line is read as that line's bullet, so items without full stops stay apart and the
    paragraph after the list is not taken into its last item."""
    from sqs_analysis.ingest.corpus import parse_file

    pdf = ROOT / "tests" / "fixtures" / "regressions" / "chromium-discs-oldham-2014.pdf"
    report, _, _ = parse_file(pdf)
    assert report.area == "Oldham"
    assert report.strengths == [
        "Case managers engaged well with children and their families, and took time to "
        "understand what mattered to each child before they planned the work to be done with them",
        "Responses to non-compliance were prompt and proportionate",
    ]
    assert report.improvements == [
        "Planning to manage risk of harm, and its review",
        "Vulnerability management planning",
    ]


def test_a_shape_is_a_bullet_only_small_and_just_before_a_line_at_its_letters_height():
    from sqs_analysis.ingest.readers.pdf.page import _bullet_of

    item = PdfLine("Plans were clear", 64.0, 300.0, 500.0, 11.0)
    disc = (52.0, 502.0, 55.7, 505.7)  # left, bottom, right, top: 3.7 pt, beside the x-height
    assert _bullet_of(item, *disc)
    assert not _bullet_of(item, 52.0, 490.0, 55.7, 493.7)  # below the baseline: another line's
    assert not _bullet_of(item, 20.0, 502.0, 23.7, 505.7)  # far to the left: not this line's
    assert not _bullet_of(item, 40.0, 502.0, 55.7, 503.0)  # a rule, not a disc
    assert not _bullet_of(item, 45.0, 495.0, 60.0, 515.0)  # a box as tall as the line
    numbered = PdfLine("2.1 Plans were clear", 64.0, 300.0, 500.0, 11.0)
    assert not _bullet_of(numbered, *disc)  # the line has its own marker


def test_re_distilled_pdfs(monkeypatch):
    """A letter printed to PostScript and distilled again has fonts with no Unicode map: where
    OCR cannot be run, it is refused as a text layer that does not read as words, not as
    something that is no letter (``test_ocr.py`` reads it by OCR). One re-written by MuPDF
    keeps its text but writes ligatures as control characters and Windows characters without
    their code page: they are read back, with a warning each."""
    from sqs_analysis.ingest.corpus import parse_file

    regressions = ROOT / "tests" / "fixtures" / "regressions"
    with monkeypatch.context() as without_ocr:
        without_ocr.setenv("SQS_ANALYSIS_OCR", "off")
        report, issues, _ = parse_file(regressions / "ps2pdf-knowsley-2015-header-2col.pdf")
    assert report is None
    assert "text layer does not read as words" in issues[0].message

    report, issues, _ = parse_file(regressions / "mutool-convert-pdftex-knowsley.pdf")
    original, _, _ = parse_file(ROOT / "tests" / "fixtures" / "producers" / "pdftex-knowsley.pdf")
    assert (report.area, report.rate.reoffending_rate) == ("Knowsley", 37.0)
    assert [(j.paragraph, j.sufficiency) for j in report.judgements] == [
        (j.paragraph, j.sufficiency) for j in original.judgements
    ]
    assert report.strengths == original.strengths
    repaired = [i.message for i in issues if "ligature its font maps wrongly" in i.message]
    assert len(repaired) == 4 and "<U+0013>" in repaired[1]


def test_short_paragraphs_with_space_after_each_stay_apart():
    """Paragraphs set with space after each (a gap of 1.7 lines), most of them a line long: the
    gap is commoner than the line spacing, and still not taken for it."""
    y, lines, texts = 700, [], []
    for k in range(6):
        text = f"HEADING NUMBER {k} OF THE LETTER IN CAPITALS WITH NO FULL STOP"
        texts.append(text)
        lines.append(line(text, y, x1=RIGHT - 40))
        y -= 1.7 * PITCH
    for k in range(2):  # two paragraphs that wrap: a line's spacing between their lines
        lines.append(justified(f"Paragraph {k} runs on over two lines of the letter and so its", y))
        lines.append(line("second line follows at the letter's own spacing.", y - PITCH, x1=300))
        y -= PITCH + 1.7 * PITCH
    got = paragraphs(page(1, *lines), page(2, line("x", 700)), page(3, line("y", 700)))
    assert got[:6] == texts
    assert got[6].startswith("Paragraph 0") and got[6].endswith("own spacing.")


def test_a_letter_set_with_wide_spacing_keeps_its_wrapped_lines_together():
    """Lines spaced at 1.75 throughout (one and a half line spacing), a tighter drop only
    between a heading and its first line: the wide spacing is the letter's own."""
    wide, y, lines = 1.75 * PITCH / 1.2, 700, [line("Context", 700)]
    y -= PITCH
    for k in range(3):
        lines.append(justified(f"Paragraph {k} is set with wide spacing, and it wraps onto a", y))
        lines.append(
            justified("second line and a third, each a wide line's height below", y - wide)
        )
        lines.append(line("the one before.", y - 2 * wide, x1=160))
        y -= 2 * wide + 1.5 * wide
    got = paragraphs(page(1, *lines), page(2, line("x", 700)), page(3, line("y", 700)))
    assert got[1:4] == [
        f"Paragraph {k} is set with wide spacing, and it wraps onto a second line and a third, "
        "each a wide line's height below the one before."
        for k in range(3)
    ]


def test_a_raised_digit_inside_a_number_is_no_footnote_marker():
    """OCR set the "0" of "37.0%" a little above its line, and it was read as footnote 0:
    "37.⁰%". A number's decimals, or a digit before '%', are never a marker."""
    from sqs_analysis.ingest.readers.pdf.page import _RAISED_DIGITS

    def markers(text: str) -> list[str]:
        return [m.group() for m in _RAISED_DIGITS.finditer(text)]

    assert markers("was 37.0% this was better, 38.8% and 1,000 cases") == []
    assert markers("reoffending rate1 for Southend") == ["1"]
    assert markers("the cohort.2 The") == ["2"]
    assert markers("(YJB)3 and") == ["3"]


@pytest.mark.parametrize("mark", ["«", "e«", "e¢", "¢«", "*", "°", "e"])
def test_a_bullet_ocr_misread_before_its_item_is_a_bullet(mark):
    """Tesseract reads a list's bullet as one or two of these, sometimes with no tab after."""
    from sqs_analysis.ingest.readers.pdf.blocks import _GLUED_BULLET

    assert _GLUED_BULLET.sub("• ", f"{mark} Case managers took time") == "• Case managers took time"
    assert not _GLUED_BULLET.match("© Crown copyright") and not _GLUED_BULLET.match("eCase")


def test_a_justified_line_of_ocr_whose_end_a_skew_moved_is_not_cut_into_cells():
    """A skewed scan's justified line ends a little short of the page's margin; its word gaps
    (0.55-0.9 em from OCR's word boxes) are spaces, not tabs. A head label after a gap opens a
    cell however full the line."""
    from sqs_analysis.ingest.readers.pdf.blocks import _segments

    text = "We expect the safety of victims to be given a high priority. The risk of harm to"
    words = [m.start() for m in re.finditer(r"(?<= )\S", text)]
    gaps = [5.4, 5.4, 5.0, 5.8, 5.0, 8.3, 5.8, 5.4, 5.8, 5.0, 5.4, 5.0, 5.4, 5.8, 5.0]
    skewed = PdfLine(text, 97.6, 515.5, 566.6, 9.1)
    skewed.cuts = [(w, g, 0.0) for w, g in zip(words, gaps, strict=False)]
    assert len(_segments(skewed, 524.0, ocr=True)) == 1
    assert len(_segments(skewed, 524.0, ocr=False)) > 1  # a printed PDF's lines end true
    head = "Chair of the Management Board From: Eleanor Whitlock"
    row = PdfLine(head, 72.0, 520.0, 700.0, 9.6)
    row.cuts = [
        (m.start(), 4.0 if m.group() != "From:" else 14.0, 0.0)
        for m in re.finditer(r"(?<= )\S+", head)
    ]
    cells = [text for _, text in _segments(row, 522.0, ocr=True)]
    assert cells == ["Chair of the Management Board", "From: Eleanor Whitlock"]


def test_a_note_number_drawn_on_its_own_before_its_note_is_the_notes_number():
    """Ghostscript re-distilling a browser's PDF draws a footnote's own number as a run of its
    own, small and raised, just left of the note: it was read as a stray "1" and the note as
    a paragraph of the letter, so no footnote was found."""
    from sqs_analysis.ingest.readers.pdf.clean_copy import merge_pieces

    number = line("1", 311.5, x0=71.2, x1=75.0, size=5.1)
    note = line("The reoffending rate that was available", 307.9, x0=78.0, size=8.5)
    (merged,) = merge_pieces([number, note])
    assert merged.text == "1 The reoffending rate that was available"
    assert merged.marks == [(0, 1)] and merged.baseline == 307.9 and merged.size == 8.5
    page_number = line("2", 40.0, x0=300.0, x1=305.0, size=8.0)
    assert len(merge_pieces([page_number, line("Copy to:", 30.0, x0=72.0)])) == 2


def test_a_full_stop_ocr_read_as_a_comma_ends_the_sentence_on_a_scanned_page():
    """At 150 dots an inch OCR read two full stops as commas; the sentences ran together and
    "not reviewed" in the third judged the count of the first, turning it against practice."""
    from sqs_analysis.ingest.readers.pdf.clean_copy import _OCR_COMMA_FOR_STOP

    text = (
        "This was achieved in almost three-quarters of the applicable cases, Reviews were "
        "completed promptly, Deficiencies related to plans that were not reviewed."
    )
    assert _OCR_COMMA_FOR_STOP.sub(".", text).startswith(
        "This was achieved in almost three-quarters of the applicable cases. Reviews were"
    )
    for kept in ("In most cases, case managers had", "In 2015, Southend YOS was"):
        assert _OCR_COMMA_FOR_STOP.sub(".", kept) == kept
