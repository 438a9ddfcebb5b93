"""Names taken from report text never lead outside the output folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sqs_analysis.names import slugify

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
