"""A period against the previous period of the same length: hand-built reports whose answers
are known, and a synthetic corpus spanning several years (answers from its own answer key)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from conftest import make_report, manifest_row
from generators import synth

from sqs_analysis import analysis, open_tables
from sqs_analysis.analysis.periods import (
    compare_periods,
    comparison_csv,
    period_tables,
    previous_selection,
)
from sqs_analysis.analysis.selection import area_key
from sqs_analysis.analysis.taxonomy import taxonomy
from sqs_analysis.ingest.model import RateFacts
from sqs_analysis.tables import build_tables

REVIEW_BULLET = (
    "Plans should be kept under review and updated when circumstances change significantly."
)


def rated_report(area: str, published: date, rate: float, average: float, **overrides):
    slug = area_key(area)
    return make_report(
        f"{slug}-{published.isoformat()}.txt",
        area=area,
        publication_date=published,
        report_id=f"{slug}-{published.isoformat()}",
        source_sha256=f"{slug}-{published.isoformat()}".ljust(64, "0")[:64],
        rate=RateFacts(
            reoffending_rate=rate,
            national_average=average,
            vs_national_average="worse" if rate > average else "better",
            rate_evidence=f"The published reoffending rate for {area} was {rate}%.",
            cohort_start="2013-07",
            cohort_end="2014-06",
        ),
        **overrides,
    )


def tables_of(*reports):
    return build_tables(list(reports), [manifest_row(r) for r in reports])


@pytest.fixture
def two_years():
    """2014: two areas, both better than average; 2015: three areas, two worse, and a review
    weakness named in both areas that were inspected in 2014 too."""
    return tables_of(
        rated_report("Alpha", date(2014, 3, 1), 30.0, 34.0, improvements=["Staff left."]),
        rated_report("Beta", date(2014, 9, 1), 32.0, 34.0, improvements=["Staff left."]),
        rated_report("Alpha", date(2015, 3, 1), 40.0, 35.0, improvements=[REVIEW_BULLET]),
        rated_report("Beta", date(2015, 9, 1), 36.0, 35.0, improvements=[REVIEW_BULLET]),
        rated_report("Gamma", date(2015, 10, 1), 33.0, 35.0),
        rated_report("Alpha", date(2016, 3, 1), 30.0, 35.0),
    )


@pytest.mark.parametrize(
    ("start", "end", "before", "last"),
    [
        ("2015", "2015", "2014-01-01", "2014-12-31"),
        ("2016", "2016", "2015-01-01", "2015-12-31"),  # a leap year still compares with a year
        ("2016-02", "2016-02", "2016-01-01", "2016-01-31"),
        ("2015-03", "2015-03", "2015-02-01", "2015-02-28"),
        ("2015-04-01", "2015-06-30", "2015-01-01", "2015-03-31"),  # a quarter
        ("2014-07", "2016-06", "2012-07-01", "2014-06-30"),
        ("2015-03-10", "2015-03-19", "2015-02-28", "2015-03-09"),  # ten days
        ("2015-01-15", "2015-02-14", "2014-12-15", "2015-01-14"),
        ("2015-06-15", "2015-06-15", "2015-06-14", "2015-06-14"),  # one day
    ],
)
def test_previous_period_has_the_same_length_and_ends_the_day_before(start, end, before, last):
    selection = analysis.make_selection(start, end, ["Alpha"])
    previous = previous_selection(selection)
    assert previous is not None
    assert previous.start == pd.Timestamp(before) and previous.end == pd.Timestamp(last)
    assert previous.end + pd.Timedelta(days=1) == selection.start
    assert previous.areas == ("Alpha",)


@pytest.mark.parametrize(
    ("start", "end", "why"),
    [
        (None, None, "every publication date"),
        ("2015", None, "no last day"),
        (None, "2015", "no first day"),
    ],
)
def test_an_open_period_is_not_compared(two_years, start, end, why):
    selection = analysis.make_selection(start, end, [])
    assert previous_selection(selection) is None
    comparison = compare_periods(two_years, selection)
    assert comparison.status == "open" and not comparison.compared
    assert comparison.previous is None
    assert why in comparison.finding and "No comparison" in comparison.finding
    assert comparison.rates.empty and comparison.domains.empty and comparison.themes.empty
    assert comparison_csv(comparison).empty


def test_rates_reports_and_areas_in_each_period(two_years):
    comparison = compare_periods(two_years, analysis.make_selection("2015", "2015"))
    assert comparison.compared
    rates = comparison.rates.set_index("period")
    assert list(rates.index) == ["previous", "current"]
    assert rates.loc["previous", "start"] == pd.Timestamp("2014-01-01")
    assert rates.loc["current", "end"] == pd.Timestamp("2015-12-31")
    assert rates.loc["previous", "n_reports"] == 2 and rates.loc["previous", "n_areas"] == 2
    assert rates.loc["current", "n_reports"] == 3 and rates.loc["current", "n_areas"] == 3
    # each report against its own average: 2014 -4 and -2; 2015 +5, +1 and -2
    assert rates.loc["previous", "mean_gap_pp"] == pytest.approx(-3.0)
    assert rates.loc["current", "mean_gap_pp"] == pytest.approx(4 / 3)
    assert rates.loc["current", "n_worse"] == 2 and rates.loc["current", "n_better"] == 1
    finding = comparison.finding
    assert "1 January 2014 to 31 December 2014: 2 reports from 2 areas" in finding
    assert "3 reports from 3 areas published 1 January 2015 to 31 December 2015" in finding
    assert "1.3 points worse than" in finding and "3.0 points better than it" in finding
    assert finding.endswith(".") and "\n" not in finding


def test_domains_summarise_the_reports_estimates_of_each_period(two_years):
    comparison = compare_periods(two_years, analysis.make_selection("2015", "2015"))
    domains = comparison.domains.set_index("domain")
    for period, year in (("previous", "2014"), ("current", "2015")):
        chosen = analysis.select(two_years, analysis.make_selection(year, year))
        per_report = analysis.domain_sufficiency(analysis.judgement_detail(chosen))
        for domain, group in per_report.groupby("domain"):
            row = domains.loc[domain]
            assert row[f"sufficiency_{period}"] == pytest.approx(group["sufficiency"].mean())
            assert row[f"sufficiency_low_{period}"] == pytest.approx(
                group["sufficiency_low"].mean()
            )
            assert row[f"min_{period}"] == pytest.approx(group["sufficiency"].min())
            assert row[f"n_reports_{period}"] == group["report_id"].nunique()
            assert row[f"n_judgements_{period}"] == group["n_judgements"].sum()
    # the hand-built reports all say the same, so nothing changed
    assert (comparison.domains["change_pp"] == 0).all()
    assert "unchanged in every domain" in comparison.finding


def test_themes_recur_more_or_less_often(two_years):
    comparison = compare_periods(two_years, analysis.make_selection("2015", "2015"))
    themes = comparison.themes.set_index("theme")
    label = taxonomy().labels("weakness")["review_after_change"]
    row = themes.loc["review_after_change"]
    assert row["n_areas_previous"] == 0 and row["n_areas_current"] == 2
    assert row["n_areas_total_previous"] == 2 and row["n_areas_total_current"] == 3
    assert row["share_current"] == pytest.approx(2 / 3)
    assert row["recurs"] == "more" and row["change_areas"] == 2
    assert "unmatched" not in themes.index
    assert set(themes["recurs"]) <= {"more", "less", "same"}
    shares = themes["change_share"].astype(float)
    assert (themes.loc[shares > 0, "recurs"] == "more").all()
    assert (themes.loc[shares < 0, "recurs"] == "less").all()
    assert list(shares) == sorted(shares, reverse=True)
    assert f"{label.lower()} (2 of 3 areas, against 0 of 2)" in comparison.finding


def test_the_previous_period_keeps_the_areas(two_years):
    comparison = compare_periods(two_years, analysis.make_selection("2015", "2015", ["alpha"]))
    rates = comparison.rates.set_index("period")
    assert rates.loc["previous", "n_reports"] == 1 and rates.loc["current", "n_reports"] == 1
    assert rates.loc["previous", "mean_gap_pp"] == pytest.approx(-4.0)


def test_a_previous_period_without_reports_says_so(two_years):
    comparison = compare_periods(two_years, analysis.make_selection("2014", "2014"))
    assert comparison.status == "no_previous_reports" and not comparison.compared
    assert comparison.finding.startswith("No reports were published in the previous period")
    assert "1 January 2013 to 31 December 2013" in comparison.finding
    rates = comparison.rates.set_index("period")
    assert rates.loc["previous", "n_reports"] == 0 and rates.loc["current", "n_reports"] == 2
    assert comparison.domains.empty and comparison.themes.empty
    tables = period_tables(comparison)
    assert tables["domains"].empty and tables["themes"].empty
    csv = comparison_csv(comparison)
    assert set(csv["section"]) == {"period", "rates"}


def test_a_period_without_reports_is_not_compared(two_years):
    comparison = compare_periods(two_years, analysis.make_selection("2017", "2017"))
    assert comparison.status == "no_current_reports"
    assert comparison.finding.startswith("No reports in this period")


def test_readable_tables_and_csv_name_both_periods(two_years):
    comparison = compare_periods(two_years, analysis.make_selection("2015", "2015"))
    tables = period_tables(comparison)
    before = "Previous period (1 January 2014 to 31 December 2014)"
    now = "This period (1 January 2015 to 31 December 2015)"
    for name in ("rates", "domains", "themes"):
        assert before in tables[name].columns and now in tables[name].columns
    rates = tables["rates"].set_index("Measure")
    assert rates.loc["Reports", before] == "2" and rates.loc["Reports", now] == "3"
    assert rates.loc["Reports", "Change"] == "+1"
    gap = "Mean gap to own cohort's England and Wales average"
    assert rates.loc[gap, before] == "3.0 points better"
    assert rates.loc[gap, "Change"] == "4.3 points worse"
    csv = comparison_csv(comparison).set_index(["section", "item", "measure"])
    assert csv.loc[("period", "", "first day"), "previous"] == "2014-01-01"
    assert csv.loc[("rates", "", "reports"), "change"] == 1
    share = csv.loc[("theme", "review_after_change", "share of areas")]
    assert share["previous"] == 0 and share["current"] == pytest.approx(2 / 3)


def test_every_report_falls_in_at_most_one_period(two_years):
    selection = analysis.make_selection("2015-03-01", "2015-09-01")
    comparison = compare_periods(two_years, selection)
    previous = comparison.previous
    assert previous is not None
    ids = {
        name: set(analysis.select(two_years, chosen).reports["report_id"])
        for name, chosen in (("previous", previous), ("current", selection))
    }
    assert ids["current"] == {"alpha-2015-03-01", "beta-2015-09-01"}
    assert not ids["previous"] & ids["current"]


# ---------------------------------------------------------------------- a synthetic corpus

N_AREAS, YEARS, SEED = 6, 3, 12


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic-years")
    synth.write_corpus(folder, N_AREAS, YEARS, ["text", "markdown"], SEED)
    return open_tables(folder), synth.load_key(folder)


def test_a_synthetic_corpus_compares_each_year_with_the_one_before(corpus):
    tables, key = corpus
    first, last = key["years"]
    assert last - first + 1 == YEARS
    by_year: dict[int, list[dict]] = {}
    for entry in key["reports"]:
        report = entry["report"]
        by_year.setdefault(int(report["publication_date"][:4]), []).append(report)
    for year in range(first + 1, last + 1):
        comparison = compare_periods(tables, analysis.make_selection(str(year), str(year)))
        assert comparison.compared, comparison.finding
        rates = comparison.rates.set_index("period")
        for period, when in (("previous", year - 1), ("current", year)):
            truth = by_year[when]
            assert rates.loc[period, "n_reports"] == len(truth)
            assert rates.loc[period, "n_areas"] == len({r["area"] for r in truth})
            gaps = [
                r["reoffending_rate"] - r["national_average"]
                for r in truth
                if r["reoffending_rate"] is not None and r["national_average"] is not None
            ]
            assert rates.loc[period, "mean_gap_pp"] == pytest.approx(
                sum(gaps) / len(gaps), abs=0.06
            )
            judged = sum(
                len(e["judgements"])
                for e in key["reports"]
                if e["report"]["publication_date"].startswith(str(when))
            )
            assert comparison.domains[f"n_judgements_{period}"].sum() == judged
        assert comparison.themes["recurs"].isin(["more", "less", "same"]).all()
        assert len(comparison.themes) > 0
        assert comparison.finding.startswith("Against the previous period of the same length")
    earliest = compare_periods(tables, analysis.make_selection(str(first), str(first)))
    assert earliest.status == "no_previous_reports"
    # a two-year period against the two years before it, which hold only the first year
    two = compare_periods(tables, analysis.make_selection(str(first + 1), str(first + 2)))
    assert two.previous is not None and two.previous.start.year == first - 1
    assert two.rates.set_index("period").loc["previous", "n_reports"] == len(by_year[first])
