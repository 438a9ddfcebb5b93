"""Comparators: an area against the other areas of its region, its nation and all areas."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from conftest import make_report, manifest_row

from sqs_analysis.analysis import comparators
from sqs_analysis.analysis.comparators import MIN_REPORTS, profile_comparators, rate_comparators
from sqs_analysis.tables import build_tables

# area, publication date, rate, the average of its own cohort
REPORTS = [
    ("Knowsley", date(2015, 11, 4), 40.0, 36.0),
    ("Knowsley", date(2013, 5, 1), 30.0, 36.0),  # the same area earlier: never its own peer
    ("Wigan", date(2016, 1, 10), 35.0, 37.0),
    ("Bolton", date(2016, 2, 10), 38.0, 37.0),
    ("Bury", date(2016, 3, 10), 36.0, 36.5),
    ("Oldham", date(2016, 4, 10), 41.0, 37.5),
    ("Southend", date(2016, 6, 15), 42.2, 37.8),
    ("Essex", date(2016, 7, 1), 33.0, 37.8),
    ("Cardiff", date(2016, 8, 1), 39.0, 37.8),
    ("Atlantis", date(2016, 9, 1), 30.0, 37.8),
]


def gap(rate: float, average: float) -> float:
    return round(rate - average, 1)


@pytest.fixture
def tables():
    reports = []
    for i, (area, published, rate, average) in enumerate(REPORTS):
        base = make_report(f"{i}.txt", area=area, source_sha256=f"{i:064d}")
        reports.append(
            replace(
                base,
                report_id=f"{area.lower()}-{published.isoformat()}",
                publication_date=published,
                rate=replace(base.rate, reoffending_rate=rate, national_average=average),
            )
        )
    return build_tables(reports, [manifest_row(r) for r in reports])


def row(frame, report_id: str, comparator: str):
    found = frame[(frame["report_id"] == report_id) & (frame["comparator"] == comparator)]
    assert len(found) == 1
    return found.iloc[0]


def test_an_area_is_compared_with_the_other_areas_of_its_region(tables):
    compared = rate_comparators(tables)
    knowsley = row(compared, "knowsley-2015-11-04", "region")
    peers = [gap(r, a) for area, _, r, a in REPORTS[2:6]]  # Wigan, Bolton, Bury, Oldham
    assert knowsley["comparator_name"] == "North West"
    assert bool(knowsley["compared"])
    assert knowsley["comparator_reports"] == 4 and knowsley["comparator_areas"] == 4
    assert knowsley["comparator_mean"] == pytest.approx(sum(peers) / 4)
    assert knowsley["difference"] == pytest.approx(gap(40.0, 36.0) - sum(peers) / 4)


def test_a_group_thinner_than_the_minimum_is_not_compared_and_says_why(tables):
    compared = rate_comparators(tables)
    southend = row(compared, "southend-2016-06-15", "region")
    assert southend["comparator_name"] == "East of England"
    assert southend["comparator_reports"] == 1 < MIN_REPORTS
    assert not bool(southend["compared"])
    assert pd.isna(southend["comparator_mean"])  # empty, never a mean of one report
    assert "fewer than 3" in southend["note"]
    cardiff = row(compared, "cardiff-2016-08-01", "nation")
    assert cardiff["comparator_name"] == "Wales" and not bool(cardiff["compared"])


def test_nation_and_all_areas_count_other_areas_only(tables):
    compared = rate_comparators(tables)
    england = row(compared, "knowsley-2015-11-04", "nation")
    assert england["comparator_name"] == "England"
    # other English reports: Wigan, Bolton, Bury, Oldham, Southend, Essex
    assert england["comparator_reports"] == 6
    everyone = row(compared, "knowsley-2015-11-04", "all")
    assert everyone["comparator_reports"] == 8  # all but Knowsley's two reports
    earlier = row(compared, "knowsley-2013-05-01", "all")
    assert earlier["comparator_reports"] == 8


def test_an_area_outside_the_lookup_has_no_region_to_compare_with(tables):
    compared = rate_comparators(tables)
    atlantis = row(compared, "atlantis-2016-09-01", "region")
    assert not bool(atlantis["compared"]) and "not known" in atlantis["note"]
    assert bool(row(compared, "atlantis-2016-09-01", "all")["compared"])


def test_the_profile_compares_the_latest_report_by_gap_and_domain(tables):
    profile = profile_comparators(tables, "Knowsley")
    assert set(profile["report_id"]) == {"knowsley-2015-11-04"}
    assert {"gap_pp"} < set(profile["measure"])
    assert len(profile) == 3 * profile["measure"].nunique()
    sentence = comparators.sentence(profile, "Knowsley")
    assert sentence.startswith("Knowsley's gap to its cohort's average is +4.0 pp")
    assert "in North West" in sentence and "in all areas" in sentence
    shown = comparators.table(profile)
    assert list(shown.columns) == ["Area", "Measure", "Figure", "Region", "Nation", "All areas"]
    assert shown.iloc[0]["Region"].startswith("North West: ")


def test_with_too_few_reports_the_sentence_says_no_comparison_is_made(tables):
    few = build_tables(
        [make_report("a.txt", area="Knowsley", report_id="knowsley-2016-06-15")],
        [],
    )
    sentence = comparators.sentence(rate_comparators(few), "Knowsley")
    assert "no group holds" in sentence
