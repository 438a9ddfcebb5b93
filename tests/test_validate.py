"""validate_tables: every codebook rule breach becomes a warning and a blank or a dropped row."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import make_report, manifest_row
from hypothesis import given, settings
from hypothesis import strategies as st

from sqs_analysis.reference.codebook import codebook
from sqs_analysis.tables import TABLE_NAMES, build_tables
from sqs_analysis.tables.validate import validate_tables


def issues_about(issues, table: str, column: str) -> list:
    return [i for i in issues if i.message.startswith(f"{table}.{column}")]


def reports_row(tables, report_id: str = "sampleton-2016-06-15") -> pd.Series:
    df = tables.reports
    return df[df["report_id"] == report_id].iloc[0]


def test_valid_tables_pass_unchanged(sample_tables):
    checked, issues = validate_tables(sample_tables)
    assert issues == []
    for name, df in sample_tables.items():
        pd.testing.assert_frame_equal(getattr(checked, name), df, check_index_type=False)


def test_rate_above_100_is_blanked_with_a_warning_naming_file_table_column_value(sample_tables):
    sample_tables.reports.loc[0, "reoffending_rate"] = 142.0
    checked, issues = validate_tables(sample_tables)
    found = issues_about(issues, "reports", "reoffending_rate")
    assert len(found) == 1
    issue = found[0]
    assert issue.severity == "warning"
    assert issue.source_file == sample_tables.reports.loc[0, "source_file"]
    assert "142" in issue.message and "blanked" in issue.message
    row = reports_row(checked, sample_tables.reports.loc[0, "report_id"])
    assert pd.isna(row["reoffending_rate"])
    # the gap was derived from the bad rate, so it goes too
    assert pd.isna(row["gap_to_national_pp"])
    assert issues_about(issues, "reports", "gap_to_national_pp")
    # the rest of the row stands
    assert row["national_average"] == 37.8
    assert len(checked.reports) == len(sample_tables.reports)


def test_new_issues_are_appended_to_parse_issues(sample_tables):
    before = len(sample_tables.parse_issues)
    sample_tables.reports.loc[0, "cases_examined"] = 0
    checked, issues = validate_tables(sample_tables)
    assert issues
    assert len(checked.parse_issues) == before + len(issues)
    assert "an existing warning" in set(checked.parse_issues["message"])
    assert set(checked.parse_issues["message"]) >= {i.message for i in issues}


def test_unknown_category_is_blanked(sample_tables):
    sample_tables.reports.loc[0, "service_type"] = "YOX"
    checked, issues = validate_tables(sample_tables)
    assert "'YOX'" in issues_about(issues, "reports", "service_type")[0].message
    assert pd.isna(checked.reports.loc[0, "service_type"])


def test_bad_required_value_drops_the_row_and_its_dependent_rows(sample_tables):
    bad_id = sample_tables.reports.loc[0, "report_id"]
    sample_tables.reports.loc[0, "source_format"] = "xlsx"
    checked, issues = validate_tables(sample_tables)
    assert bad_id not in set(checked.reports["report_id"])
    assert len(checked.reports) == len(sample_tables.reports) - 1
    for name in ("findings", "judgements", "strengths", "improvements", "copy_list", "sections"):
        assert bad_id not in set(getattr(checked, name)["report_id"]), name
        assert len(getattr(checked, name)) > 0, f"{name}: the other report's rows must stay"
    assert any("row dropped" in i.message for i in issues_about(issues, "reports", "source_format"))
    assert any("names no row of reports" in i.message for i in issues)


def test_numerator_above_denominator_drops_the_judgement(sample_tables):
    j = sample_tables.judgements
    idx = j.index[j["numerator"].notna()][0]
    j.loc[idx, "numerator"] = 19
    checked, issues = validate_tables(sample_tables)
    assert len(checked.judgements) == len(j) - 1
    assert 19 not in set(checked.judgements["numerator"].dropna())
    msg = issues_about(issues, "judgements", "numerator")[0].message
    assert "19" in msg and "denominator" in msg and "row dropped" in msg


def test_sufficiency_outside_its_range_drops_the_judgement(sample_tables):
    j = sample_tables.judgements
    idx = j.index[j["basis"] == "verbal"][0]
    j.loc[idx, "sufficiency"] = 0.95  # range is 0.6..0.9
    checked, issues = validate_tables(sample_tables)
    assert len(checked.judgements) == len(j) - 1
    assert 0.95 not in set(checked.judgements["sufficiency"])
    assert (
        "sufficiency_low..sufficiency_high"
        in issues_about(issues, "judgements", "sufficiency")[0].message
    )


@pytest.mark.parametrize(("first", "last"), [("fieldwork_start", "fieldwork_end")])
def test_fieldwork_ending_before_it_starts_blanks_both(sample_tables, first, last):
    sample_tables.reports.loc[0, first] = pd.Timestamp("2016-05-20")
    checked, issues = validate_tables(sample_tables)
    assert pd.isna(checked.reports.loc[0, first]) and pd.isna(checked.reports.loc[0, last])
    assert "2016-05-20" in issues_about(issues, "reports", first)[0].message
    assert len(checked.reports) == len(sample_tables.reports)


def test_cohort_ending_before_it_starts_blanks_both(sample_tables):
    sample_tables.reports.loc[0, "cohort_start"] = pd.Period("2015-01", "M")
    checked, issues = validate_tables(sample_tables)
    assert pd.isna(checked.reports.loc[0, "cohort_start"])
    assert pd.isna(checked.reports.loc[0, "cohort_end"])
    assert not pd.isna(checked.reports.loc[0, "rate_published"])
    assert issues_about(issues, "reports", "cohort_start")


def test_repeated_key_keeps_the_first_row():
    report = make_report(strengths=["First.", "Second."])
    tables = build_tables([report], [manifest_row(report)])
    tables.strengths.loc[1, "item"] = 1
    checked, issues = validate_tables(tables)
    assert list(checked.strengths["text"]) == ["First."]
    assert "repeats the table's key" in issues_about(issues, "strengths", "item")[0].message


def test_duplicate_report_ids_keep_one_report():
    first = make_report("a.txt")
    second = make_report("b.txt", source_sha256="2" * 64)
    tables = build_tables([first, second], [manifest_row(first), manifest_row(second)])
    checked, issues = validate_tables(tables)
    assert len(checked.reports) == 1
    assert issues_about(issues, "reports", "report_id")


@pytest.mark.parametrize("blank", ["", "   ", None])
def test_required_text_that_is_empty_drops_the_row(blank):
    report = make_report(strengths=["Kept.", "placeholder"])
    tables = build_tables([report], [manifest_row(report)])
    tables.strengths.loc[1, "text"] = blank
    checked, issues = validate_tables(tables)
    assert list(checked.strengths["text"]) == ["Kept."]
    assert "required but empty" in issues_about(issues, "strengths", "text")[0].message


def test_value_of_the_wrong_type_is_blanked(sample_tables):
    reports = sample_tables.reports
    reports["cases_examined"] = reports["cases_examined"].astype(object)
    reports.loc[0, "cases_examined"] = "twenty"
    reports["publication_date"] = reports["publication_date"].astype(object)
    reports.loc[0, "publication_date"] = "15/06/2016"
    checked, issues = validate_tables(sample_tables)
    assert str(checked.reports["cases_examined"].dtype) == "Int64"
    assert pd.api.types.is_datetime64_dtype(checked.reports["publication_date"])
    assert pd.isna(checked.reports.loc[0, "cases_examined"])
    assert pd.isna(checked.reports.loc[0, "publication_date"])
    assert "not a valid int" in issues_about(issues, "reports", "cases_examined")[0].message
    assert "not a valid date" in issues_about(issues, "reports", "publication_date")[0].message
    assert checked.reports.loc[1, "cases_examined"] == 20


def test_messages_stay_on_one_bounded_line(sample_tables):
    sample_tables.reports.loc[0, "service_type"] = "YOS\n<script>alert(1)</script>" + "x" * 500
    _, issues = validate_tables(sample_tables)
    message = issues_about(issues, "reports", "service_type")[0].message
    assert "\n" not in message and len(message) < 300


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_file_name_still_gives_an_issue_that_names_a_file(sample_tables, blank):
    sample_tables.reports.loc[0, "source_file"] = blank
    sample_tables.files.loc[0, "source_file"] = blank
    sample_tables.reports.loc[1, "cases_examined"] = -5
    checked, issues = validate_tables(sample_tables)
    assert issues and all(i.source_file.strip() for i in issues)
    assert validate_tables(checked)[1] == []


def test_validation_is_idempotent(sample_tables):
    sample_tables.reports.loc[0, "reoffending_rate"] = -3.0
    sample_tables.judgements.loc[0, "sufficiency_high"] = 2.0
    once, first_issues = validate_tables(sample_tables)
    twice, second_issues = validate_tables(once)
    assert first_issues and second_issues == []
    for name, df in once.items():
        pd.testing.assert_frame_equal(getattr(twice, name), df)


def _breaches(column) -> list:
    """Values that break one codebook rule of ``column``."""
    values = []
    if column.allowed:
        values.append("not-an-allowed-value")
    if column.min is not None:
        values.append(column.min - 1)
    if column.max is not None:
        values.append(column.max + 1)
    return values


CODEBOOK_RULES = [
    (table, column.name, value)
    for table, spec in codebook().items()
    for column in spec.columns
    for value in _breaches(column)
]


@pytest.mark.parametrize(("table", "column", "value"), CODEBOOK_RULES)
def test_every_codebook_rule_is_enforced(sample_tables, table, column, value):
    """Each allowed list and bound in the codebook is checked, whatever the table."""
    df = getattr(sample_tables, table)
    assert len(df) > 0, f"sample tables need a {table} row"
    if isinstance(value, str):
        df[column] = df[column].astype(object)
    df.loc[0, column] = value
    checked, issues = validate_tables(sample_tables)
    found = issues_about(issues, table, column)
    assert found, f"no warning for {table}.{column} = {value!r}"
    out = getattr(checked, table)
    spec = codebook()[table]
    assert len(found) == 1, [i.message for i in found]
    added = len(issues) if table == "parse_issues" else 0  # the warnings are rows of it too
    if spec.column(column).required:
        assert "row dropped" in found[0].message
        assert len(out) == len(df) - 1 + added
    else:
        assert "blanked" in found[0].message
        assert len(out) == len(df) + added
        kept = out[column].iloc[: len(df)]
        assert kept.isna().sum() == df[column].isna().sum() + 1


@pytest.mark.parametrize(
    ("table", "column"),
    [
        (table, column.name)
        for table, spec in codebook().items()
        for column in spec.columns
        if column.required
    ],
)
def test_every_required_column_is_enforced(sample_tables, table, column):
    df = getattr(sample_tables, table)
    df.loc[0, column] = None
    checked, issues = validate_tables(sample_tables)
    assert issues_about(issues, table, column)
    if table == "parse_issues":
        # the dropped issue is replaced by the warning about it
        assert len(checked.parse_issues) == len(df) - 1 + len(issues)
    else:
        assert len(getattr(checked, table)) == len(df) - 1


def test_every_table_is_checked(sample_tables):
    assert set(TABLE_NAMES) == set(codebook())
    checked, _ = validate_tables(sample_tables)
    for name in TABLE_NAMES:
        assert list(getattr(checked, name).columns) == codebook()[name].column_names


HOSTILE_VALUES = [
    None,
    "",
    "  ",
    "x",
    "<script>",
    -1,
    0,
    0.5,
    1.5,
    99.9,
    1e9,
    float("nan"),
    float("inf"),
    True,
    "2016-13-45",
    "2016-06",
    "2016-06-15",
    pd.Timestamp("2030-01-01"),
    pd.Period("2001-01", "M"),
]


@st.composite
def corrupted_tables(draw):
    """The sample tables with a few cells replaced by values of any type."""
    report = make_report()
    other = make_report(
        "other.txt", area="Wigan", report_id="wigan-2016-07-01", source_sha256="1" * 64
    )
    tables = build_tables([report, other], [manifest_row(report), manifest_row(other)])
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        name = draw(st.sampled_from([n for n, df in tables.items() if len(df)]))
        df = getattr(tables, name)
        column = draw(st.sampled_from(list(df.columns)))
        row = draw(st.integers(min_value=0, max_value=len(df) - 1))
        df[column] = df[column].astype(object)
        df.loc[row, column] = draw(st.sampled_from(HOSTILE_VALUES))
    return tables


@settings(max_examples=50, deadline=None)
@given(corrupted_tables())
def test_validated_tables_always_meet_the_codebook(tables):
    checked, _ = validate_tables(tables)
    _, issues = validate_tables(checked)
    assert issues == [], [i.message for i in issues]
    for name, spec in codebook().items():
        df = getattr(checked, name)
        assert list(df.columns) == spec.column_names
        for column in spec.columns:
            values = df[column.name]
            if column.required:
                assert values.notna().all(), f"{name}.{column.name}"
            if column.allowed:
                assert values.dropna().isin(column.allowed).all(), f"{name}.{column.name}"
            if column.min is not None:
                assert (values.dropna() >= column.min).all(), f"{name}.{column.name}"
            if column.max is not None:
                assert (values.dropna() <= column.max).all(), f"{name}.{column.name}"
        if spec.key:
            assert not df.duplicated(subset=list(spec.key)).any(), name
    j = checked.judgements
    assert not (j["numerator"] > j["denominator"]).fillna(False).any()
    assert (
        (j["sufficiency_low"] <= j["sufficiency"]) & (j["sufficiency"] <= j["sufficiency_high"])
    ).all()
