"""Named periods and the one canonical selection: ``--period`` resolves to the same first and
last day as typed dates, and every way of typing one selection names one folder."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import ROOT, run_cli

from sqs_analysis import analysis
from sqs_analysis.analysis.named_periods import (
    last_complete,
    parse_period,
    parse_relative_to,
    resolve_period,
)
from sqs_analysis.analysis.selection import selection_key, unmatched_areas
from sqs_analysis.briefing import briefing_name
from sqs_analysis.tables import load_tables


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2015", date(2015, 1, 1), date(2015, 12, 31)),
        ("2015-Q1", date(2015, 1, 1), date(2015, 3, 31)),
        ("2016-q1", date(2016, 1, 1), date(2016, 3, 31)),
        ("2015-Q3", date(2015, 7, 1), date(2015, 9, 30)),
        ("2015-Q4", date(2015, 10, 1), date(2015, 12, 31)),
        ("2016-02", date(2016, 2, 1), date(2016, 2, 29)),
        (" 2015-11 ", date(2015, 11, 1), date(2015, 11, 30)),
    ],
)
def test_a_fixed_period_is_the_whole_year_quarter_or_month(text, first, last):
    assert resolve_period(parse_period(text)) == (first, last)


@pytest.mark.parametrize(
    "bad",
    ["2015-Q5", "2015-Q0", "2015-13", "15", "2015-1", "last quarter", "Q3 2015", "", "lastyear"],
)
def test_a_bad_period_names_the_value(bad):
    with pytest.raises(ValueError, match="not a period") as caught:
        parse_period(bad)
    assert repr(bad) in str(caught.value)


def test_a_bad_reference_point_names_the_value():
    assert parse_relative_to("TODAY") == "today"
    assert parse_relative_to(None) == "data"
    assert parse_relative_to("2017-04-02") == date(2017, 4, 2)
    for bad in ("yesterday", "2017-02-30", "2017"):
        with pytest.raises(ValueError, match="not a reference point") as caught:
            parse_relative_to(bad)
        assert repr(bad) in str(caught.value)


# the table in docs/scheduling.md, "What last means"
@pytest.mark.parametrize(
    ("newest", "today", "relative_to", "quarter", "year"),
    [
        (date(2016, 6, 15), date(2026, 12, 7), "data", (date(2016, 4, 1), date(2016, 6, 30)), 2016),
        (
            date(2026, 11, 20),
            date(2026, 12, 7),
            "data",
            (date(2026, 7, 1), date(2026, 9, 30)),
            2025,
        ),
        (
            date(2026, 11, 20),
            date(2027, 1, 2),
            "today",
            (date(2026, 10, 1), date(2026, 12, 31)),
            2026,
        ),
    ],
)
def test_last_quarter_and_year_as_documented(newest, today, relative_to, quarter, year):
    for text, expected in (
        ("last-quarter", quarter),
        ("last-year", (date(year, 1, 1), date(year, 12, 31))),
    ):
        got = resolve_period(parse_period(text), relative_to, newest=newest, today=today)
        assert got == expected, text


def test_a_quarter_ending_on_the_newest_date_counts_once_it_is_over():
    # the newest letter on the last day of a quarter: that quarter, once the day is past
    assert last_complete("quarter", newest=date(2016, 3, 31), today=date(2016, 4, 1)) == (
        date(2016, 1, 1),
        date(2016, 3, 31),
    )
    assert last_complete("quarter", newest=date(2016, 3, 31), today=date(2016, 3, 31)) == (
        date(2015, 10, 1),
        date(2015, 12, 31),
    )
    # relative to a day: the quarter before the one that day is in, across a year end
    assert last_complete("quarter", newest=None, today=date(2017, 1, 1)) == (
        date(2016, 10, 1),
        date(2016, 12, 31),
    )
    assert last_complete("year", newest=None, today=date(2017, 12, 31)) == (
        date(2016, 1, 1),
        date(2016, 12, 31),
    )


def test_a_relative_period_needs_a_publication_date_in_the_data():
    with pytest.raises(ValueError, match="relative-to today"):
        resolve_period(parse_period("last-year"), "data", newest=None)


def test_the_bundled_letters_last_quarter_holds_a_letter():
    """On a historical set "last" never gives an empty period by surprise."""
    tables = load_tables(ROOT / "data" / "raw")
    newest = tables.reports["publication_date"].max().date()
    for text in ("last-quarter", "last-year"):
        first, last = resolve_period(parse_period(text), "data", newest=newest)
        chosen = analysis.select(tables, analysis.make_selection(first, last))
        assert len(chosen.reports) >= 1, text


# ---------------------------------------------------------------- the canonical selection


@pytest.mark.parametrize(
    ("typed", "same"),
    [
        (("2015", "2015"), ("2015-01-01", "2015-12-31")),
        (("2015", ""), ("2015-01-01", None)),
        (("", "2016-02"), (None, "2016-02-29")),
        ((date(2015, 7, 1), "2015-09"), ("2015-07-01", "2015-09-30")),
    ],
)
def test_every_spelling_of_a_period_is_one_selection_and_one_folder(typed, same):
    a, b = analysis.make_selection(*typed), analysis.make_selection(*same)
    assert a == b and a.key() == b.key()
    assert briefing_name(*typed) == briefing_name(*same) == briefing_name(a)


def test_areas_are_sorted_deduplicated_and_named_as_the_lookup_names_them():
    typed = ["southend", " Knowsley", "knowsley  ", "Brighton & Hove", "brighton and hove", "Alpha"]
    selection = analysis.make_selection("2015", "2015", typed)
    assert selection.areas == ("Alpha", "Brighton and Hove", "Knowsley", "Southend-on-Sea")
    reordered = analysis.make_selection("2015-01-01", "2015-12-31", list(reversed(typed)))
    assert reordered == selection
    assert briefing_name(selection) == briefing_name("2015", "2015", reversed(typed))


def test_the_canonical_form_gives_itself_back():
    selection = analysis.make_selection("2015", "2016-03", ["southend", "Knowsley"])
    again = analysis.make_selection(**selection.parameters())
    assert again == selection
    assert selection_key(**selection.parameters()) == selection.key()
    assert selection.parameters() == {
        "period_start": "2015-01-01",
        "period_end": "2016-03-31",
        "areas": ["Knowsley", "Southend-on-Sea"],
    }


def test_a_named_area_selects_the_letter_however_the_letter_spells_it():
    tables = load_tables(ROOT / "data" / "raw")
    letter = tables.reports.loc[tables.reports["area"] != tables.reports["area_lookup_name"]]
    assert len(letter), "a bundled letter names its area differently from the lookup"
    spelled = letter["area"].iloc[0]
    for typed in (spelled, letter["area_lookup_name"].iloc[0], spelled.upper()):
        chosen = analysis.select(tables, analysis.make_selection(None, None, [typed]))
        assert list(chosen.reports["report_id"]) == [letter["report_id"].iloc[0]]
    assert unmatched_areas(tables, analysis.make_selection(None, None, [spelled])) == []


@pytest.mark.parametrize("bad", ["2016-13-45", "2016-02-30", "June", "2016-13"])
def test_a_bad_date_names_the_value(bad):
    with pytest.raises(ValueError, match="not a date") as caught:
        analysis.make_selection(bad)
    assert repr(bad) in str(caught.value)


# ---------------------------------------------------------------- the command line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2015-Q5"], "not a period: '2015-Q5'"),
        (["--period", "2015", "--from", "2015-01-01"], "cannot be combined"),
        (["--period", "last-year", "--relative-to", "yesterday"], "'yesterday'"),
    ],
)
def test_a_bad_period_is_one_line_exit_2_and_nothing_written(tmp_path, args, message):
    out = tmp_path / "briefings"
    done = run_cli("brief", "--data", ROOT / "data" / "raw", "--out", out, *args)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert done.stdout == ""
    assert not out.exists()


QUIET = """
import logging, sys, warnings
from sqs_analysis.cli import _log_to, _setup_logging
from pathlib import Path
_setup_logging(False, quiet=True)
with _log_to(Path(sys.argv[1])):
    logging.getLogger("sqs_analysis").info("progress")
    warnings.warn("an optional dependency is missing", UserWarning, stacklevel=1)
    logging.getLogger("sqs_analysis").warning("a problem")
"""


def test_quiet_leaves_only_problems_on_stderr_and_everything_in_the_log(tmp_path):
    import subprocess
    import sys

    log = tmp_path / "run.log"
    done = subprocess.run(
        [sys.executable, "-c", QUIET, str(log)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "WARNING a problem\n"
    kept = log.read_text("utf-8")
    assert "progress" in kept and "optional dependency" in kept and "a problem" in kept
