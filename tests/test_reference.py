"""The reference step: one sentence splitter and one direction rule for every step."""

from __future__ import annotations

import pytest

from sqs_analysis.reference.codebook import rules
from sqs_analysis.reference.directions import SAME_AS_AVERAGE_PP, direction
from sqs_analysis.reference.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The service covers St. Helens. Reviews were late.",
            ["The service covers St. Helens.", "Reviews were late."],
        ),
        (
            "The rate was 42.2% vs. 37.8% for the cohort. Plans were good.",
            ["The rate was 42.2% vs. 37.8% for the cohort.", "Plans were good."],
        ),
        (
            "Support (e.g. mentoring) was offered. Cf. Note 2.",
            ["Support (e.g. mentoring) was offered.", "Cf. Note 2."],
        ),
        (
            "Was the plan reviewed? It was no. Plans lapsed.",
            ["Was the plan reviewed?", "It was no.", "Plans lapsed."],
        ),
        ('He said "good." 2.3 Plans were late.', ['He said "good."', "2.3 Plans were late."]),
        (
            "Paragraph 2.3 of the report. (Note 1) Later.",
            ["Paragraph 2.3 of the report.", "(Note 1) Later."],
        ),
        (  # OCR's reading of a paragraph number it could not make out ("3.5.")
            "It had increased. eM Of the five children, only two had a plan.",
            ["It had increased.", "eM Of the five children, only two had a plan."],
        ),
        ("Support, e.g. Mentoring, was offered.", ["Support, e.g. Mentoring, was offered."]),
        ("", []),
    ],
)
def test_sentences_end_at_stops_but_not_after_abbreviations(text, expected):
    assert split_sentences(text) == expected


def test_the_same_as_the_average_threshold_is_the_codebook_rule():
    assert SAME_AS_AVERAGE_PP == rules()["same_as_average_pp"].value == 0.05


@pytest.mark.parametrize(
    ("gap", "expected"),
    [
        (4.4, "worse"),
        (-0.4, "better"),
        (0.0, "same"),
        (0.049, "same"),
        (-0.049, "same"),
        (0.05, "worse"),
        (-0.05, "better"),
        (42.2 - 37.8, "worse"),
        (None, None),
        (float("nan"), None),
        ("not a number", None),
    ],
)
def test_lower_reoffending_is_better_and_a_tiny_gap_the_same(gap, expected):
    assert direction(gap) == expected


def test_a_missing_pandas_value_has_no_direction():
    import pandas as pd

    assert direction(pd.NA) is None
    directions = pd.Series([1.0, None], dtype="Float64").map(direction).astype("string")
    assert directions.iloc[0] == "worse" and directions.isna().iloc[1]
