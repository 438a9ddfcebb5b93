"""Names taken from report text never lead outside the output folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sqs_analysis.reference.names import slugify

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{i}" for p in ("com", "lpt") for i in range(1, 10)
}

HOSTILE_AREAS = [
    "Brighton & Hove",
    "Bath/NE Somerset",
    "..",
    ".",
    "../../etc/passwd",
    "..\\..\\Windows\\System32",
    "/absolute/path",
    "C:\\Users\\x",
    "~",
    "",
    "   ",
    "\x00null\x00byte",
    "line\nbreak",
    "<script>alert(1)</script>",
    "Ynys Môn",
    "Rhondda Cynon Taf – Merthyr",
    "報告",
    "a" * 500,
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Brighton & Hove", "brighton-hove"),
        ("Bath/NE Somerset", "bath-ne-somerset"),
        ("../etc/passwd", "etc-passwd"),
        ("Ynys Môn", "ynys-mon"),
        ("St. Helens", "st-helens"),
        ("", "unnamed"),
        ("..", "unnamed"),
    ],
)
def test_slug_of_known_names(text, expected):
    assert slugify(text) == expected


def _stays_inside(root: Path, name: str) -> bool:
    target = (root / name).resolve()
    return target.parent == root.resolve() and target != root.resolve()


@pytest.mark.parametrize("area", HOSTILE_AREAS)
def test_hostile_area_names_give_one_plain_folder_name(tmp_path, area):
    slug = slugify(area)
    assert SLUG.fullmatch(slug), slug
    assert len(slug) <= 60
    assert _stays_inside(tmp_path, slug)
    folder = tmp_path / slug
    folder.mkdir()
    assert folder.is_dir()


@settings(max_examples=300, deadline=None)
@given(st.text(), st.integers(min_value=8, max_value=120))
@example("../" * 40, 60)
@example("-" * 10 + "a", 8)
@example("COM0", 8)  # a reserved device name at the shortest limit
def test_any_text_gives_a_safe_slug(text, max_length):
    slug = slugify(text, max_length=max_length)
    assert SLUG.fullmatch(slug), repr(slug)
    assert len(slug) <= max(max_length, len("unnamed"))
    assert "/" not in slug and "\\" not in slug and ".." not in slug
    assert slugify(slug, max_length=max_length) == slug  # stable when applied again
    assert _stays_inside(Path("/srv/out"), slug)


@settings(max_examples=200, deadline=None)
@given(st.text())
@example("CON")
@example("nul")
@example("Com1")
def test_slug_is_never_a_reserved_windows_device_name(text):
    """Analysts on Windows cannot create a folder called ``con`` or ``nul``."""
    assert slugify(text) not in WINDOWS_RESERVED


# ------------------------------------------------------------------ briefing folders


@pytest.mark.parametrize(
    "areas",
    [
        ["Brighton & Hove"],
        ["../../etc", "a/b"],
        [".."],
        ["C:\\Windows\\System32", "/abs"],
        ["<script>x</script>", "報告"],
        [f"Area {i}" for i in range(200)],
        ["CON"],
    ],
)
def test_briefing_folder_is_one_plain_name_inside_the_output_folder(tmp_path, areas):
    from sqs_analysis.briefing import briefing_folder, briefing_name

    name = briefing_name("2015-01-01", "2016-12-31", areas)
    assert SLUG.fullmatch(name), name
    assert name not in WINDOWS_RESERVED
    folder = briefing_folder(tmp_path, name)
    assert folder.parent == tmp_path.resolve()


def test_different_area_lists_get_different_folders():
    from sqs_analysis.briefing import briefing_name

    long_a = [f"Area {i}" for i in range(200)]
    long_b = [*long_a[:-1], "Another area"]
    assert briefing_name(None, None, long_a) != briefing_name(None, None, long_b)


@pytest.mark.parametrize("name", ["", ".", "..", "../x", "a/b", "/etc"])
def test_briefing_folder_refuses_a_name_that_is_not_plain(tmp_path, name):
    from sqs_analysis.briefing import BriefingError, briefing_folder

    with pytest.raises(BriefingError):
        briefing_folder(tmp_path, name)


def test_hostile_period_is_refused_before_anything_is_written(tmp_path, raw_reports):
    from sqs_analysis.briefing import BriefingError, run_briefing

    out = tmp_path / "out"
    with pytest.raises(BriefingError):
        run_briefing(raw_reports[0].parent, out, "../../etc", None, [], 30)
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.slow
def test_briefing_for_hostile_area_names_writes_only_inside_the_output_folder(hostile_briefing):
    out = hostile_briefing["out"].resolve()
    folder = hostile_briefing["folder"].resolve()
    assert folder.parent == out
    assert any("<" in area or "&" in area for area in hostile_briefing["areas"])
    before, after = hostile_briefing["outside"]
    assert before == after, "files appeared outside the output folder"
    # the parse cache names its entries by digest alone, never after anything in a report
    assert hostile_briefing["cached"]
    for entry in hostile_briefing["cached"]:
        assert re.fullmatch(r"[0-9a-f]{16}/[0-9a-f]{2}/[0-9a-f]{64}\.pickle", entry.as_posix()), (
            entry
        )
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out), path
        assert not path.is_symlink(), path
