"""The area lookup: service names to ONS local authority codes, regions and successors."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from datetime import date
from importlib.resources import files
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sqs_analysis.reference.areas import (
    ENGLISH_REGIONS,
    SEPARATOR,
    AreaLookupWarning,
    load_lookup,
    normalise_name,
    resolve_area,
)
from sqs_analysis.tables.areas import (
    AREA_COLUMNS,
    REPORT_AUTHORITY_COLUMNS,
    area_columns,
    area_table,
    authority_successors,
    report_authorities,
)

ROOT = Path(__file__).resolve().parents[1]


def data(name: str) -> dict:
    return tomllib.loads(files("sqs_analysis.reference").joinpath(name).read_text("utf-8"))


AUTHORITIES = data("authorities.toml")
AREAS = data("areas.toml")
UPPER_TIER_2021 = AUTHORITIES["upper_tier"]

# Upper-tier authorities per ONS region, counted from the ONS "Lower Tier Local Authority to
# Upper Tier Local Authority (April 2021) Lookup in England and Wales" (the source of
# authorities.toml) with each authority's region from the ONS "Local Authority District to
# Region" lookups (December 2018 and April 2021; a county takes the region of its districts).
# England 152, Wales 22: 174 upper-tier authorities on 1 April 2021.
REGION_COUNTS_2021 = {
    "North East": 12,
    "North West": 23,
    "Yorkshire and The Humber": 15,
    "East Midlands": 10,  # Northamptonshire became North and West Northamptonshire in 2021
    "West Midlands": 14,
    "East of England": 11,
    "London": 33,  # 32 boroughs and the City of London
    "South East": 19,
    "South West": 15,  # Bournemouth, Poole and Dorset became BCP and Dorset in 2019
}
# The same for the codes in force from 1 April 2013 to 31 March 2019 (ONS December 2018
# vintage, upper tier as in the "UTLA18" lookups): the span of nearly every SQS letter.
REGION_COUNTS_2013_2019 = {**REGION_COUNTS_2021, "East Midlands": 9, "South West": 16}


def resolved(name: str, on: date | None = None):
    match = resolve_area(name, on)
    assert match.resolved, match.warning
    return match


# ----------------------------------------------------------------------------- the data


def test_source_vintage_and_licence_are_recorded():
    source = AUTHORITIES["source"]
    assert source["publisher"] == "Office for National Statistics"
    assert source["vintage"] == "2021-04-01"
    assert source["licence"] == "Open Government Licence v3.0"
    assert source["upper_tier_count"] == len(UPPER_TIER_2021) == 174
    assert Counter(code[:3] for code in UPPER_TIER_2021) == {
        "E06": 59,
        "E08": 36,
        "E09": 33,
        "E10": 24,
        "W06": 22,
    }


def test_every_english_authority_of_the_vintage_has_exactly_one_region():
    listed = Counter(code for codes in AREAS["regions"].values() for code in codes)
    assert set(AREAS["regions"]) == set(ENGLISH_REGIONS)
    assert [code for code, n in listed.items() if n > 1] == []
    english = [code for code in UPPER_TIER_2021 if code.startswith("E")]
    assert len(english) == 152
    assert [code for code in english if listed[code] != 1] == []
    assert not any(code.startswith("W") for code in listed)


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (lambda lookup: set(UPPER_TIER_2021), REGION_COUNTS_2021),
        (lambda lookup: lookup.reference_codes, REGION_COUNTS_2013_2019),
    ],
    ids=["april-2021", "2013-2019"],
)
def test_authorities_per_region_match_ons(codes, expected):
    lookup = load_lookup()
    chosen = codes(lookup)
    counts = Counter(lookup.region_of[c] for c in chosen if c.startswith("E"))
    assert dict(counts) == expected
    assert sum(1 for c in chosen if c.startswith("W")) == 22


def test_changes_agree_with_the_april_2021_data():
    """Codes that ended before April 2021 are not in the ONS data, their successors are;
    codes that ended after it are in the data, their successors are not."""
    vintage = date(2021, 4, 1)
    for change in AREAS["changes"]:
        new_in_data = [code in UPPER_TIER_2021 for code in change["new"]]
        if change["in_force"] <= vintage:
            assert change["old"] not in UPPER_TIER_2021, change
            assert all(new_in_data), change
        else:
            assert change["old"] in UPPER_TIER_2021, change
            assert not any(new_in_data), change


def test_the_boundary_changes_named_in_the_brief_are_all_there():
    changes = {c["old"]: (c["in_force"], tuple(c["new"])) for c in AREAS["changes"]}
    assert changes["E10000009"] == (date(2019, 4, 1), ("E06000059", "E06000058"))
    assert changes["E06000028"] == (date(2019, 4, 1), ("E06000058",))
    assert changes["E06000029"] == (date(2019, 4, 1), ("E06000058",))
    assert changes["E10000002"] == (date(2020, 4, 1), ("E06000060",))
    assert changes["E10000021"] == (date(2021, 4, 1), ("E06000061", "E06000062"))
    assert changes["E10000006"] == (date(2023, 4, 1), ("E06000063", "E06000064"))
    assert changes["E10000023"] == (date(2023, 4, 1), ("E06000065",))
    assert changes["E10000027"] == (date(2023, 4, 1), ("E06000066",))


def test_no_code_changes_inside_the_reference_span():
    lookup = load_lookup()
    for change in lookup.changes.values():
        assert not (lookup.first_day < change.in_force <= lookup.last_day)
    assert len(lookup.reference_codes) == 174


def test_every_alias_in_the_data_file_resolves_to_its_own_service():
    lookup = load_lookup()
    for code, aliases in AREAS["aliases"].items():
        for alias in aliases:
            assert resolved(alias).area_code == code, alias
    for raw in AREAS["services"]:
        expected = "-".join(sorted(raw["authorities"]))
        for name in (raw["name"], *raw["aliases"]):
            assert resolved(name).area_code == expected, name
    for code in lookup.reference_codes:  # every authority by its ONS name
        assert resolved(lookup.names[code]).area_code == code


def test_no_name_maps_to_two_services():
    """Checked here from the raw files, independently of the index the module builds."""
    owners: dict[str, set[str]] = {}
    lookup = load_lookup()
    names = [(lookup.names[c], c) for c in lookup.reference_codes]
    names += [(a, code) for code, aliases in AREAS["aliases"].items() for a in aliases]
    for raw in AREAS["services"]:
        code = "-".join(sorted(raw["authorities"]))
        names += [(n, code) for n in (raw["name"], *raw["aliases"])]
    for name, code in names:
        owners.setdefault(normalise_name(name), set()).add(code)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}
    assert not set(owners) & {normalise_name(n) for n in AREAS["unresolvable"]}


def test_area_codes_are_unique_and_follow_the_rule():
    table = area_table()
    assert table["area_code"].is_unique
    for row in table.itertuples():
        codes = row.la_codes.split(SEPARATOR)
        assert row.area_code == "-".join(sorted(codes))
        assert re.fullmatch(r"[EW]\d{8}(-[EW]\d{8})*", row.area_code)
        assert row.region in (*ENGLISH_REGIONS, "Wales")


# ----------------------------------------------------------------------------- resolving


def test_southend_is_southend_on_sea_in_the_east_of_england():
    m = resolved("Southend", date(2016, 6, 15))
    assert m.area_code == "E06000033"
    assert m.la_codes == ("E06000033",)
    assert m.la_names == ("Southend-on-Sea",)
    assert (m.region, m.nation) == ("East of England", "England")
    assert m.successor_codes == ()
    assert m.current_codes == ("E06000033",)
    assert m.as_at == date(2016, 6, 15)


def test_knowsley_is_in_the_north_west():
    m = resolved("Knowsley", date(2015, 11, 4))
    assert (m.area_code, m.la_codes, m.region) == ("E08000011", ("E08000011",), "North West")
    assert m.matched_by == "name"


@pytest.mark.parametrize(
    ("name", "codes", "region"),
    [
        ("Western Bay", {"W06000011", "W06000012", "W06000013"}, "Wales"),
        ("Cwm Taf", {"W06000024", "W06000016"}, "Wales"),
        ("Monmouthshire and Torfaen", {"W06000021", "W06000020"}, "Wales"),
        (
            "Cheshire West, Halton and Warrington",
            {"E06000050", "E06000006", "E06000007"},
            "North West",
        ),
        ("Dorset Combined", {"E10000009", "E06000028", "E06000029"}, "South West"),
        ("Bournemouth and Poole", {"E06000028", "E06000029"}, "South West"),
        ("West Mercia", {"E06000019", "E06000051", "E06000020", "E10000034"}, "West Midlands"),
    ],
)
def test_multi_authority_services_resolve_to_all_their_authorities(name, codes, region):
    m = resolved(name, date(2016, 1, 1))
    assert set(m.la_codes) == codes
    assert len(m.la_names) == len(codes)
    assert m.area_code == "-".join(sorted(codes))
    assert m.region == region


def test_every_multi_authority_service_in_the_data_resolves_to_all_members():
    for raw in AREAS["services"]:
        m = resolved(raw["name"], date(2015, 1, 1))
        assert set(m.la_codes) == set(raw["authorities"]), raw["name"]


def test_a_dorset_letter_of_2016_gives_the_county_code_and_its_successors():
    m = resolved("Dorset", date(2016, 5, 1))
    assert m.la_codes == ("E10000009",)
    assert m.la_names == ("Dorset",)
    assert "E06000059" in m.successor_codes
    # Christchurch district went to Bournemouth, Christchurch and Poole
    assert m.successor_codes == ("E06000058", "E06000059")
    assert m.successor_since == (date(2019, 4, 1), date(2019, 4, 1))
    assert m.region == "South West"


def test_codes_are_those_in_force_on_the_publication_date():
    assert resolved("Gateshead", date(2012, 11, 1)).la_codes == ("E08000020",)
    assert resolved("Gateshead", date(2012, 11, 1)).successor_codes == ("E08000037",)
    assert resolved("Gateshead", date(2013, 4, 1)).la_codes == ("E08000037",)
    assert resolved("Gateshead", date(2012, 11, 1)).area_code == "E08000037"
    assert resolved("Northamptonshire", date(2017, 3, 1)).successor_codes == (
        "E06000061",
        "E06000062",
    )
    later = resolved("Cumbria", date(2024, 1, 1))
    assert (later.la_codes, later.successor_codes) == (("E06000063", "E06000064"), ())
    assert resolved("Buckinghamshire", "2016-02-03").successor_codes == ("E06000060",)
    assert resolved("Barnsley", pd.Timestamp("2016-02-03")).successor_since == (date(2025, 4, 1),)


def test_without_a_date_the_codes_are_those_of_the_reference_span():
    m = resolved("Dorset Combined")
    assert m.as_at is None
    assert m.la_codes == ("E06000028", "E06000029", "E10000009")
    assert m.current_codes == ("E06000058", "E06000059")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Southend-on-Sea Borough Council", "E06000033"),
        ("Southend Youth Offending Service", "E06000033"),
        ("Southend Youth Offending Service (YOS)", "E06000033"),
        ("SOUTHEND YOT", "E06000033"),
        ("Knowsley Metropolitan Borough Council", "E08000011"),
        ("Bath/NE Somerset", "E06000022"),
        ("Bath & North East Somerset", "E06000022"),
        ("Hull", "E06000010"),
        ("Kingston upon Hull City Council", "E06000010"),
        ("Stoke", "E06000021"),
        ("Stoke on Trent", "E06000021"),
        ("Brighton", "E06000043"),
        ("Brighton & Hove", "E06000043"),
        ("Herefordshire", "E06000019"),
        ("Telford and Wrekin", "E06000020"),
        ("Telford & Wrekin Youth Offending Service", "E06000020"),
        ("Cheshire East", "E06000049"),
        ("Wolverhampton", "E08000031"),
        ("City of Wolverhampton Council", "E08000031"),
        ("St Helens", "E08000013"),
        ("St. Helens", "E08000013"),
        ("Saint Helens", "E08000013"),
        ("Bristol", "E06000023"),
        ("City of Bristol", "E06000023"),
        ("The City of York Council", "E06000014"),
        ("City of London", "E09000001"),
        ("London Borough of Tower Hamlets", "E09000030"),
        ("Royal Borough of Windsor and Maidenhead", "E06000040"),
        ("Durham County Council", "E06000047"),
        ("Ynys Môn", "W06000001"),
        ("Ynys Mon", "W06000001"),
        ("City and County of Swansea", "W06000011"),
        ("The Vale of Glamorgan", "W06000014"),
        (
            "Western Bay Youth Justice and Early Intervention Service",
            "W06000011-W06000012-W06000013",
        ),
        ("Dorset Combined Youth Offending Service", "E06000028-E06000029-E10000009"),
        ("Torfaen and Monmouthshire", "W06000020-W06000021"),
        ("Cheshire West and Chester, Halton & Warrington", "E06000006-E06000007-E06000050"),
    ],
)
def test_names_are_matched_after_normalising(name, code):
    assert resolved(name).area_code == code


def test_a_service_named_by_its_authorities_in_another_order_is_found_by_them():
    assert resolved("Rhondda Cynon Taf and Merthyr Tydfil").matched_by == "authorities"


@pytest.mark.parametrize(
    "name",
    [
        "Narnia",
        "Southend-on-See",  # a typo is not guessed at
        "Knowsly",
        "Kingston",  # Hull or Thames
        "London",
        "Cheshire",
        "Swansea and Bridgend",  # two authorities, but no service of exactly those
        "Cumberland",  # created in 2023, after the letters
        "",
        "   ",
    ],
)
def test_a_name_that_does_not_resolve_warns_and_gives_empty_codes(name):
    with pytest.warns(AreaLookupWarning):
        m = resolve_area(name, date(2016, 1, 1))
    assert not m.resolved
    assert m.area_code is None
    assert m.la_codes == m.la_names == m.successor_codes == m.current_codes == ()
    assert m.region is None and m.nation is None
    assert m.warning


def test_normalise_name_rules():
    assert normalise_name("Brighton & Hove City Council") == "brighton and hove"
    assert normalise_name("Bristol, City of") == "bristol"
    assert normalise_name("Herefordshire, County of") == "herefordshire"
    assert normalise_name("Stockton-on-Tees") == "stockton on tees"
    assert normalise_name("St. Helens") == normalise_name("Saint Helens") == "st helens"
    assert normalise_name("City of London") == "city of london"
    assert normalise_name(None) == normalise_name("") == ""


@given(st.text(max_size=60))
def test_normalising_twice_changes_nothing(text):
    once = normalise_name(text)
    assert normalise_name(once) == once
    assert re.fullmatch(r"([a-z0-9]+( [a-z0-9]+)*)?", once)


# ----------------------------------------------------------------------------- frames


def reports_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "report_id": ["southend-2016-06-15", "dorset-2016-02-01", "x", "knowsley-2015-11-04"],
            "area": ["Southend", "Dorset Combined", "Atlantis", None],
            "service_name": [None, None, None, "Knowsley Youth Offending Service"],
            "publication_date": pd.to_datetime(["2016-06-15", "2016-02-01", None, "2015-11-04"]),
        }
    )


def test_area_columns_adds_one_documented_column_set_per_report():
    reports = reports_frame()
    with pytest.warns(AreaLookupWarning, match="Atlantis"):
        out = area_columns(reports)
    assert list(out.columns) == [*reports.columns, *AREA_COLUMNS]
    assert len(out) == len(reports)
    assert out.loc[0, "area_code"] == "E06000033"
    assert out.loc[1, "la_codes"] == "E06000028; E06000029; E10000009"
    assert out.loc[1, "la_names"] == "Bournemouth; Poole; Dorset"
    assert out.loc[1, "successor_codes"] == "E06000058; E06000059"
    assert out.loc[1, "successor_since"] == "2019-04-01; 2019-04-01"
    assert out.loc[1, "la_codes_as_at"] == pd.Timestamp("2016-02-01")
    assert out.loc[2, ["area_code", "la_codes", "region"]].isna().all()
    assert out.loc[3, "area_code"] == "E08000011"  # from the service name
    assert str(out["area_code"].dtype) == "string"
    assert out["la_codes_as_at"].dtype.kind == "M"


def test_report_authorities_has_one_row_per_report_and_authority():
    with pytest.warns(AreaLookupWarning):
        long = report_authorities(reports_frame())
    assert list(long.columns) == list(REPORT_AUTHORITY_COLUMNS)
    assert long.groupby("report_id").size().to_dict() == {
        "southend-2016-06-15": 1,
        "dorset-2016-02-01": 3,
        "knowsley-2015-11-04": 1,
    }
    assert not long.duplicated(["report_id", "la_code"]).any()
    dorset = long[long["la_code"] == "E10000009"].iloc[0]
    assert dorset["successor_codes"] == "E06000058; E06000059"
    assert dorset["successor_relation"] == "split"
    poole = long[long["la_code"] == "E06000029"].iloc[0]
    assert (poole["successor_codes"], poole["successor_relation"]) == ("E06000058", "merged")


def test_the_bundled_reports_resolve():
    import sqs_analysis

    reports = sqs_analysis.open_tables(ROOT / "data" / "raw").reports
    out = area_columns(reports).set_index("report_id")
    assert out.loc["southend-2016-06-15", "area_code"] == "E06000033"
    assert out.loc["knowsley-2015-11-04", "region"] == "North West"


def test_authority_successors_bridge_to_codes_in_force_today():
    lookup = load_lookup()
    bridge = authority_successors()
    today = lookup.codes_in_force(date.max)
    assert set(bridge["current_code"]) == today
    assert set(bridge["la_code"]) == set(lookup.names)
    same = bridge[bridge["relation"] == "same"]
    assert (same["la_code"] == same["current_code"]).all()
    assert set(bridge.loc[bridge["la_code"] == "E10000006", "current_code"]) == {
        "E06000063",
        "E06000064",
    }


def test_the_documentation_covers_the_data():
    doc = (ROOT / "docs" / "areas.md").read_text("utf-8")
    assert "Open Government Licence v3.0" in doc
    assert AUTHORITIES["source"]["distribution"] in doc
    for raw in AREAS["services"]:
        assert raw["name"] in doc, raw["name"]
    for column in {*AREA_COLUMNS, *REPORT_AUTHORITY_COLUMNS}:
        assert f"`{column}`" in doc, column


# ----------------------------------------------------------------------------- in the tables


def test_the_bundled_reports_carry_their_codes_and_regions():
    import sqs_analysis

    tables = sqs_analysis.open_tables(Path(__file__).resolve().parents[1] / "data" / "raw")
    by_area = tables.reports.set_index("area")
    assert by_area.loc["Southend", "area_code"] == "E06000033"
    assert by_area.loc["Southend", "region"] == "East of England"
    assert by_area.loc["Knowsley", "la_codes"] == "E08000011"
    assert by_area.loc["Knowsley", "region"] == "North West"
    assert set(tables.report_authorities["la_code"]) == {"E06000033", "E08000011"}
    assert tables.parse_issues.empty


def test_a_multi_authority_service_has_a_row_per_authority_and_an_unknown_area_a_warning():
    from conftest import make_report, manifest_row

    from sqs_analysis.tables import build_tables

    bay = make_report("bay.txt", area="Western Bay", report_id="western-bay-2016-06-15")
    unknown = make_report("x.txt", area="Atlantis", report_id="atlantis-2016-06-15")
    tables = build_tables([bay, unknown], [manifest_row(bay), manifest_row(unknown)])
    rows = tables.report_authorities
    assert sorted(rows["la_code"]) == ["W06000011", "W06000012", "W06000013"]
    assert set(rows["report_id"]) == {"western-bay-2016-06-15"}
    atlantis = tables.reports.set_index("area").loc["Atlantis"]
    assert atlantis[["area_code", "region", "la_codes"]].isna().all()
    (issue,) = tables.parse_issues.itertuples()
    assert issue.source_file == "x.txt" and "'Atlantis' is not in the area lookup" in issue.message


def test_a_dorset_letter_of_2016_gives_the_county_code_and_its_successor():
    from datetime import date

    from conftest import make_report, manifest_row

    from sqs_analysis.tables import build_tables

    dorset = make_report(
        "d.txt", area="Dorset", report_id="dorset-2016-03-01", publication_date=date(2016, 3, 1)
    )
    tables = build_tables([dorset], [manifest_row(dorset)])
    row = tables.reports.iloc[0]
    assert row["la_codes"] == "E10000009" and "E06000059" in row["successor_codes"]
    # Christchurch left the county for Bournemouth, Christchurch and Poole: a split
    assert tables.report_authorities.iloc[0]["successor_relation"] == "split"
    assert "E06000058" in row["successor_codes"]
