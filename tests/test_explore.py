"""The explorer: its choices and filters, where matches fall, its table and chart, and the
widgets updating in place (driven from Python here; in a real JupyterLab in
``test_explorer_lab.py``)."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, make_report, manifest_row

from sqs_analysis import charts
from sqs_analysis.analysis.explore import (
    ALL,
    Exploration,
    Filters,
    explore_table,
    match_counts,
    matches_heading,
    matches_summary,
    reconciles,
)
from sqs_analysis.briefing import NOTEBOOKS
from sqs_analysis.charts.explorer import Explorer, results_html
from sqs_analysis.tables import build_tables, load_tables

NOTEBOOK = ROOT / "notebooks" / "05_explore.ipynb"


@pytest.fixture(scope="module")
def tables(raw_reports):
    return load_tables(raw_reports)


@pytest.fixture(scope="module")
def exploration(tables):
    return Exploration.of(tables)


def test_the_choices_are_the_values_in_the_data(exploration, tables):
    options = exploration.options
    assert options["region"] == [ALL, *sorted(tables.reports["region"].dropna().astype(str))]
    assert options["area"] == [ALL, *sorted(tables.reports["area"].dropna().astype(str))]
    assert options["domain"][1] == "Reducing reoffending"  # the framework's order
    assert "Safeguarding and exploitation" in options["theme"]
    assert all("; " not in theme for theme in options["theme"])


def test_every_filter_narrows_and_all_means_no_filter(exploration):
    everything = exploration.results(Filters())
    assert len(everything) == len(exploration.corpus.frame)
    region = exploration.options["region"][1]
    by_region = exploration.results(Filters(region=region))
    assert 0 < len(by_region) < len(everything) and set(by_region["region"]) == {region}
    child = exploration.results(Filters(domain="Protecting the child"))
    assert set(child["domain"]) == {"Protecting the child"}
    theme = exploration.results(Filters(theme="Safeguarding and exploitation"))
    assert theme["theme"].str.contains("Safeguarding and exploitation").all()
    both = exploration.results(Filters(query="exploit", domain="Protecting the child"))
    assert 0 < len(both) <= len(exploration.results(Filters(query="exploit")))


def test_match_counts_place_every_match_by_area_and_year(exploration):
    results = exploration.results(Filters(query="review"))
    counts = match_counts(results)
    assert reconciles(results, counts)
    assert int(counts["n"].sum()) == len(results)
    expected = results.groupby(["area", "year"]).size()
    for row in counts.itertuples(index=False):
        assert expected[(row.area, row.year)] == row.n
    assert counts["area_total"].is_monotonic_decreasing
    assert match_counts(results.head(0)).empty and reconciles(
        results.head(0), match_counts(results.head(0))
    )


def test_the_table_marks_matches_and_the_summary_says_what_was_found(exploration):
    filters = Filters(query='"sexual exploitation"')
    results = exploration.results(filters)
    table = explore_table(results)
    assert table["Text (matches marked)"].str.contains(r"\*\*sexual exploitation\*\*").all()
    assert matches_summary(results, filters).startswith(f"{len(results)} text")
    nothing = Filters(query="zebra", region="North West")
    assert "zebra" in matches_summary(exploration.results(nothing), nothing)


def test_results_html_escapes_report_text_and_highlights_with_mark():
    hostile = "<script>alert('x')</script> Plans were reviewed."
    report = make_report(improvements=[hostile])
    tables = build_tables([report], [manifest_row(report)], [])
    results = Exploration.of(tables).results(Filters(query="review"))
    markup = results_html(results)
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert "<mark>reviewed</mark>" in markup
    assert 'scope="col"' in markup and "<caption" in markup
    assert f'data-rows="{len(results)}"' in markup


def test_match_chart_is_titled_with_where_matches_fall(exploration):
    counts = match_counts(exploration.results(Filters(query="review")))
    title = matches_heading(counts, "review")
    fig = charts.match_chart(counts, title=title)
    assert title.startswith("\u201creview\u201d: ") and "most in" in title
    assert any(t.get_text() == title for t in fig.texts)
    assert fig.get_label().startswith(title)
    empty = charts.match_chart(counts.head(0), title=matches_heading(counts.head(0), "zebra"))
    assert "no text matches" in empty.get_label()


def test_the_widgets_update_the_table_and_chart_in_place(tables):
    explorer = Explorer(tables)
    table, chart, summary = explorer.table, explorer.chart, explorer.summary
    first_table, first_chart = table.value, chart.value
    assert f'data-total="{len(explorer.exploration.corpus.frame)}"' in first_table
    explorer.set(query="exploit")
    assert explorer.table is table and explorer.chart is chart  # the same widgets, redrawn
    assert table.value != first_table and chart.value != first_chart
    assert "<mark>exploit" in table.value
    assert summary.value.count("exploit") == 1
    shown = len(explorer.results)
    explorer.set(region=explorer.exploration.options["region"][-1])
    assert len(explorer.results) <= shown
    explorer.set(query="zebra")
    assert explorer.results.empty and "No sentence" in summary.value
    assert 'data-rows="0"' in table.value
    explorer.controls["region"].value = ALL  # a control changed directly updates too
    explorer.search.value = "review"
    assert len(explorer.results) == len(Exploration.of(tables).results(Filters(query="review")))


def test_the_explorer_notebook_is_not_part_of_the_briefing_and_has_parameters():
    assert NOTEBOOK.name not in NOTEBOOKS
    nb = json.loads(NOTEBOOK.read_text("utf-8"))
    tagged = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1 and "data_dir" in "".join(tagged[0]["source"])
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
