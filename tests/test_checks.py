"""A letter that does not add up says so: each consistency check with a planted fault.

Every fault is planted by editing a bundled letter's text (a count above its group, paragraph
numbers shifted by one, a cohort after publication, a footnote marker with no footnote ...);
the bundled letters and the published Word and PDF fixtures themselves pass every check, with
every sentence placed in a table or named as letter furniture.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, raw_paths

from sqs_analysis.ingest.checks import CHECKS, placed_units
from sqs_analysis.ingest.corpus import parse_file
from sqs_analysis.ingest.letter import split_blocks
from sqs_analysis.ingest.model import Report
from sqs_analysis.ingest.normalise import normalise
from sqs_analysis.ingest.parse import parse_text
from sqs_analysis.tables import build_tables

SOUTHEND, KNOWSLEY = raw_paths()[:2]
PUBLISHED = sorted(
    p
    for p in (ROOT / "tests" / "fixtures" / "published").iterdir()
    if p.suffix in (".docx", ".pdf")
)


def edited(path: Path, old: str, new: str) -> str:
    """The letter's text with ``old`` (which it holds exactly once) replaced by ``new``."""
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{path.name} should hold {old!r} once"
    return text.replace(old, new)


def parsed(text: str, name: str = "planted.txt") -> Report:
    return parse_text(text, name)


def failures(report: Report) -> dict[str, list[str]]:
    """Check name -> the messages of its warnings."""
    out: dict[str, list[str]] = {}
    for issue in report.issues:
        if issue.check is not None:
            out.setdefault(issue.check, []).append(issue.message)
    return out


# ---------------------------------------------------------------- letters that add up
@pytest.mark.parametrize("path", [*raw_paths(), *PUBLISHED], ids=lambda p: p.name)
def test_real_letters_pass_every_check(path: Path):
    report, issues, row = parse_file(path)
    assert [(i.check, i.message) for i in issues if i.check] == []
    assert report.checks_failed == [] and row["checks_failed"] == 0
    assert report.coverage == 1.0 and row["coverage"] == 1.0


@pytest.mark.parametrize("path", raw_paths(), ids=lambda p: p.name)
def test_every_sentence_of_the_bundled_letters_is_placed(path: Path):
    text = path.read_text("utf-8")
    report = parsed(text, path.name)
    norm = normalise(text)
    units = list(placed_units(report, norm, split_blocks(norm.lines)))
    assert [u for u, where in units if where is None] == []
    tabled = sum(where == "table" for _, where in units)
    assert tabled / len(units) > 0.6  # most of a letter is in the tables, not furniture
    # the furniture is the parts every letter has, not its findings or sections
    assert {where for _, where in units} <= {
        "table", "header", "letterhead", "title", "introduction", "heading", "closing",
        "salutation", "copy list", "notes", "rate footnote",
    }  # fmt: skip


def test_every_check_is_documented():
    docs = (ROOT / "docs" / "checks.md").read_text("utf-8")
    for name in CHECKS:
        assert f"`{name}`" in docs, f"docs/checks.md does not describe {name}"


# ---------------------------------------------------------------- planted faults
def test_a_count_larger_than_its_group():
    report = parsed(edited(SOUTHEND, "17 of the 18 relevant", "19 of the 18 relevant"))
    found = failures(report)
    assert list(found) == ["count_within_group"]
    assert "paragraph 2.2" in found["count_within_group"][0]
    assert "19 of the 18" in found["count_within_group"][0]


def test_a_count_in_words_larger_than_its_group():
    report = parsed(edited(SOUTHEND, "In 18 of the 20 cases", "In twenty-one of the 20 cases"))
    assert "paragraph 3.2" in failures(report)["count_within_group"][0]


def test_counts_listed_with_their_verdicts_that_add_up_to_more_than_their_group():
    found = failures(
        parsed(_planted(SOUTHEND, "Of the 20 plans, 14 were good, five adequate and three poor. "))
    )
    assert list(found) == ["count_within_group"]
    assert "add up to 22, more than its 20" in found["count_within_group"][0]
    # the same list adding up, and two verdicts on the same cases, say nothing
    for fine in (
        "Of the 20 plans, 12 were good, five adequate and three poor. ",
        "Of the 20 plans, 14 were sufficient, and 12 were good. ",
    ):
        assert "count_within_group" not in failures(parsed(_planted(SOUTHEND, fine)))


@pytest.mark.parametrize(
    "sentence,warned",
    [
        ("This was so in 60% of cases (14 of 18). ", True),
        ("This was so in 78% of cases (14 of 18). ", False),
        ("Plans were good in 14 (60%) of the 18 cases. ", True),
        ("Plans were good in 14 (77%) of the 18 cases. ", False),
        ("Plans were good in 14 of the 18 cases (50%). ", True),
        ("Plans were good in 14 of the 18 cases (78 per cent). ", False),
        ("Plans were good in 63% of the 20 cases. ", True),
        ("Plans were good in 65% of the 20 cases. ", False),
        ("Plans were good in 44% of the 18 cases. ", False),
    ],
)
def test_a_share_beside_a_count_that_says_another_share(sentence, warned):
    found = failures(parsed(_planted(SOUTHEND, sentence)))
    assert ("share_matches_count" in found) is warned, found


def test_a_group_larger_than_the_cases_examined():
    report = parsed(edited(SOUTHEND, "We examined 20 cases", "We examined 15 cases"))
    found = failures(report)
    assert "group_within_sample" in found
    assert "larger than the 15 cases examined" in found["group_within_sample"][0]


def _numbered(text: str, theme: str) -> list[int]:
    lines = text.split("\n")
    return [i for i, ln in enumerate(lines) if re.match(rf"^\W*{theme}\.\d+\.?\s", ln)]


def test_paragraph_numbers_shifted_by_one():
    """The text of 1.1 unnumbered, each number on the paragraph after its own."""
    text = SOUTHEND.read_text("utf-8")
    lines = text.split("\n")
    at = _numbered(text, "1")
    bodies = [re.sub(r"^(\W*)1\.\d+\.?\s", r"\1", lines[i]) for i in at]
    lines[at[0]] = bodies[0].lstrip("- ")
    for k, i in enumerate(at[1:], start=1):
        lines[i] = f"- 1.{k}. {bodies[k].lstrip('- ')}"
    report = parsed("\n".join(lines))
    found = failures(report)
    assert set(found) == {"numbering", "coverage"}
    assert "before its first numbered paragraph" in found["numbering"][0]
    assert "Reducing reoffending" in found["numbering"][0]
    assert report.coverage < 1.0  # the unnumbered paragraph is in no table
    assert any("initial assessment" in m for m in found["coverage"])


def test_a_paragraph_number_skipped():
    text = SOUTHEND.read_text("utf-8")
    lines = text.split("\n")
    i = _numbered(text, "2")[2]  # 2.3 -> 2.4, so 2.4 follows itself
    lines[i] = lines[i].replace("2.3.", "2.4.", 1)
    found = failures(parsed("\n".join(lines)))
    assert found["numbering"][0] == "no paragraph 2.3: 2.4 follows 2.2"
    assert "paragraph 2.4 is numbered twice" in found["numbering"]


def test_a_paragraph_number_out_of_order():
    text = KNOWSLEY.read_text("utf-8")
    lines = text.split("\n")
    i = _numbered(text, "3")[1]
    lines[i] = lines[i].replace("3.2.", "3.5.", 1)
    found = failures(parsed("\n".join(lines)))["numbering"]
    assert "no paragraph 3.2, 3.3, 3.4: 3.5 follows 3.1" in found
    assert "paragraph 3.3 comes after 3.5" in found


def test_a_cohort_ending_after_the_rate_was_published():
    report = parsed(
        edited(SOUTHEND, "July 2013 – June 2014 cohort", "July 2015 – June 2016 cohort")
    )
    found = failures(report)
    assert list(found) == ["cohort_before_publication"]
    assert "2016-06" in found["cohort_before_publication"][0]


def test_a_rate_published_after_the_letter():
    report = parsed(edited(KNOWSLEY, "Published July 2015", "Published December 2015"))
    found = failures(report)["cohort_before_publication"]
    assert found == ["the rate was published 2015-12, after the letter (2015-11-04)"]


def test_fieldwork_after_publication():
    report = parsed(edited(SOUTHEND, "16-18 May 2016", "16-18 July 2016"))
    found = failures(report)
    assert list(found) == ["fieldwork_before_publication"]
    assert "2016-07-18" in found["fieldwork_before_publication"][0]


def test_a_footnote_marker_without_its_footnote():
    text = SOUTHEND.read_text("utf-8")
    note = next(ln for ln in text.split("\n") if ln.startswith("<sup>1</sup>"))
    found = failures(parsed(text.replace(note, "")))
    assert found["footnotes"] == ["footnote marker 1 has no footnote"]


def test_a_footnote_no_marker_points_to():
    report = parsed(edited(KNOWSLEY, "rate¹ for", "rate for"))
    assert failures(report)["footnotes"] == ["footnote 1 is marked nowhere in the text"]


def test_a_sentence_in_no_table_is_quoted():
    report = parsed(
        edited(
            KNOWSLEY,
            "\nWe are grateful",
            "\nInspectors will return to the area next spring.\n\nWe are grateful",
        )
    )
    found = failures(report)
    assert found["coverage"] == [
        "sentence not placed in any table: 'Inspectors will return to the area next spring.'"
    ]
    assert 0.99 < report.coverage < 1.0


def test_a_closing_paragraph_straight_after_the_last_bullet_is_still_furniture():
    """Found by the deletion sweep: with the blank line before the thanks paragraph gone, its
    sentences were taken for part of the last bullet and reported as placed nowhere."""
    text = edited(
        KNOWSLEY,
        "change of circumstances.\n\nWe are grateful",
        "change of circumstances.\nWe are grateful",
    )
    report = parsed(text)
    assert failures(report) == {}
    assert report.coverage == 1.0


def test_the_note_of_whom_to_ask_is_furniture():
    """Found reading a new letter: "Please contact Mark Ellis, HM Inspector, who led the
    inspection, if you have any questions" was reported as placed nowhere."""
    text = edited(
        KNOWSLEY,
        "\nWe are grateful",
        "\nPlease contact Yvette Howson, HM Inspector, who led the inspection, if you have any "
        "questions (telephone 0161 240 5336).\n\nWe are grateful",
    )
    report = parsed(text)
    assert report.lead_inspector == "Yvette Howson"
    assert "coverage" not in failures(report)


def test_a_title_and_a_header_value_wrapped_over_two_lines_are_furniture():
    """Found on the synthetic letters: the second line of a wrapped title or recipient was
    taken for the introduction, and the real introduction reported as placed nowhere."""
    text = edited(SOUTHEND, "Board and Local Authority", "Board and Local\n    Authority")
    text = text.replace("youth offending work in Southend\n", "youth offending work in\nSouthend\n")
    report = parsed(text)
    assert report.recipient_role.endswith("Local Authority Chief Executive")
    assert failures(report) == {}


def test_the_introduction_is_furniture_without_its_title():
    """Found by the deletion sweep: the paragraph under the title is the introduction
    whether or not the title line survived."""
    lines = SOUTHEND.read_text("utf-8").split("\n")
    title = next(i for i, ln in enumerate(lines) if "Short Quality Screening" in ln)
    report = parsed("\n".join(lines[:title] + lines[title + 1 :]))
    assert "coverage" not in failures(report)


@pytest.mark.parametrize(
    ("rate", "stated", "average", "warned"),
    [
        ("35.0%", "similar to", "35.4%", False),  # inspectors' "similar" for a small gap
        ("35.0%", "in line with", "36.0%", False),
        ("35.0%", "similar to", "37.0%", True),
        ("37.0%", "better than", "37.4%", False),
        ("38.0%", "better than", "37.4%", True),
        ("36.0%", "worse than", "37.4%", True),
    ],
)
def test_a_stated_direction_against_its_figures(rate, stated, average, warned):
    text = edited(
        KNOWSLEY,
        "37.0% this was better than the previous year, 38.8% and better than the England and "
        "Wales average of 37.4%",
        f"{rate} this was better than the previous year and {stated} the England and Wales "
        f"average of {average}",
    )
    found = failures(parsed(text))
    assert ("rate_direction" in found) == warned, found
    if warned:
        assert "national average" in found["rate_direction"][0]


def test_a_previous_year_contradicted():
    report = parsed(edited(KNOWSLEY, "previous year, 38.8%", "previous year, 35.8%"))
    assert failures(report)["rate_direction"] == [
        "report says the rate was better than the previous year, but 37.0% vs 35.8% is worse"
    ]


def test_failed_checks_reach_the_tables(tmp_path):
    text = edited(SOUTHEND, "16-18 May 2016", "16-18 July 2016")
    path = tmp_path / "planted.txt"
    path.write_text(text.replace("17 of the 18 relevant", "19 of the 18 relevant"), "utf-8")
    report, issues, row = parse_file(path)
    assert row["checks_failed"] == 2 and row["coverage"] == 1.0
    tables = build_tables([report], [row], issues)
    checks = tables.parse_issues.dropna(subset=["check"])
    assert list(checks["check"]) == ["count_within_group", "fieldwork_before_publication"]
    assert tables.files.loc[0, "checks_failed"] == 2
    assert tables.files.loc[0, "coverage"] == 1.0


def _planted(path: Path, sentence: str) -> str:
    """The letter with ``sentence`` opening its first numbered paragraph."""
    text = path.read_text("utf-8")
    at = text.index("1.1. ") + 5
    return text[:at] + sentence + text[at:]


def _footnote_lost() -> str:
    text = SOUTHEND.read_text("utf-8")
    note = next(ln for ln in text.split("\n") if ln.startswith("<sup>1</sup>"))
    return text.replace(note, "")


FAULTS = {
    "numbering": lambda: edited(KNOWSLEY, "- 2.3. ", "- 2.4. "),
    "coverage": lambda: edited(KNOWSLEY, "\nWe are grateful", "\nAn aside.\n\nWe are grateful"),
    "count_within_group": lambda: edited(
        SOUTHEND, "17 of the 18 relevant", "19 of the 18 relevant"
    ),
    "share_matches_count": lambda: _planted(SOUTHEND, "This was so in 60% of cases (14 of 18). "),
    "group_within_sample": lambda: edited(SOUTHEND, "We examined 20 cases", "We examined 15 cases"),
    "cohort_before_publication": lambda: edited(KNOWSLEY, "July 2015 based", "May 2013 based"),
    "fieldwork_before_publication": lambda: edited(KNOWSLEY, "05-07 October", "05-07 December"),
    "footnotes": _footnote_lost,
    "rate_direction": lambda: edited(KNOWSLEY, "38.8%", "30.8%"),
}
"""One planted fault per check (the tests above look at each more closely)."""


def test_every_check_has_a_planted_fault():
    assert set(FAULTS) == set(CHECKS)


@pytest.mark.parametrize("check", CHECKS)
def test_each_planted_fault_fails_its_check(check: str):
    assert check in failures(parsed(FAULTS[check]()))


def test_the_briefing_appendix_lists_each_letters_checks(tmp_path):
    from sqs_analysis.analysis import quality_tables
    from sqs_analysis.tables import load_tables

    (tmp_path / "planted.txt").write_text(FAULTS["footnotes"](), "utf-8")
    (tmp_path / KNOWSLEY.name).write_bytes(KNOWSLEY.read_bytes())
    tables = load_tables(tmp_path)
    checks = quality_tables(tables, tables)["checks"].set_index("File")
    assert checks.loc["planted.txt", "Checks failed"] == 1
    assert checks.loc["planted.txt", "Which"] == "footnotes"
    assert checks.loc[KNOWSLEY.name, "Checks failed"] == 0
    assert checks.loc[KNOWSLEY.name, "Which"] == ""
    assert checks.loc[KNOWSLEY.name, "Sentences placed"] == "100%"
    issues = quality_tables(tables, tables)["issues"]
    assert "footnotes" in set(issues["Check"].dropna())
    included = quality_tables(tables, tables)["included"].set_index("File")
    unread = tables.unread_counts.merge(tables.reports[["report_id", "source_file"]])
    assert (
        included.loc[KNOWSLEY.name, "Counts not read as judgements"]
        == (unread["source_file"] == KNOWSLEY.name).sum()
    )


def test_synthetic_letters_in_every_wording_and_format_pass_every_check(tmp_path):
    """The generator's letters vary every phrasing and layout the parser knows (wrapped
    titles and header values, text, markdown, HTML and PDF); none of them is a fault."""
    from generators import synth

    synth.write_corpus(tmp_path, 12, 2, {"markdown": 40, "text": 40, "pdf": 10, "html": 10}, 2016)
    letters = sorted(p for p in tmp_path.iterdir() if p.name.startswith("synthetic_"))
    assert len(letters) == 24
    for path in letters:
        _, issues, row = parse_file(path)
        assert row["status"] == "parsed", row["reason"]
        assert [(i.check, i.message) for i in issues if i.check] == [], path.name
        assert row["coverage"] == 1.0
