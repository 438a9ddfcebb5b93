"""Letters written in other inspectors' words (tests/fixtures/letters) against their answer keys.

The two bundled letters share one inspector's boilerplate; these twenty constructed letters for
real areas state the same kinds of findings in other wording, so the scores below measure how
far the parser generalises. The keys' shape is asserted strictly; the scores are reported with
``-s`` and their targets are marked as expected failures until the parser reaches them.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import GOLD_DIR, assign, matches, wrong_fields

from sqs_analysis.ingest.corpus import parse_file
from sqs_analysis.ingest.model import SYNTHETIC_BANNER, Judgement, Report

ROOT = Path(__file__).resolve().parents[1]
LETTER_DIR = ROOT / "tests" / "fixtures" / "letters"
KEY_FILES = sorted(LETTER_DIR.glob("constructed-*.json"))
TARGET = 0.95
"""Share of core judgements to find, and precision of what is found, that the parser aims at."""

POLARITIES = {"positive", "negative"}
DOMAINS = {
    "reducing_reoffending",
    "protecting_the_public",
    "protecting_the_child",
    "ensuring_sentence_served",
}
JUDGEMENT_KEYS = {"paragraph", "core", "polarity", "count", "sufficiency", "evidence"}
TOP_KEYS = {
    "source",
    "report",
    "domains",
    "paragraphs",
    "judgements",
    "not_judgements",
    "key_strengths",
    "areas_for_improvement",
    "copy_list_size",
}


def flat(text: str) -> str:
    """Whitespace collapsed, so evidence is found whatever the line breaks."""
    return re.sub(r"\s+", " ", text)


@cache
def load(path: Path) -> tuple[dict[str, Any], str, Report | None]:
    """Answer key, letter text and parsed report of one constructed letter (parsed once)."""
    key = json.loads(path.read_text("utf-8"))
    letter = LETTER_DIR / key["source"]
    report, _, _ = parse_file(letter)
    return key, letter.read_text("utf-8"), report


def key_for(g: dict[str, Any], j: Judgement) -> bool:
    """Whether a parsed judgement reads the same words as a key judgement: same paragraph, the
    key's evidence within the parsed evidence and the parsed quantifier within the key's."""
    first = g["evidence"].split(" ... ")[0]
    return (
        j.paragraph == g["paragraph"]
        and flat(first) in flat(j.evidence)
        and flat(j.quantifier_text).lower() in flat(g["evidence"]).lower()
    )


def count_differs(g: dict[str, Any], j: Judgement) -> bool:
    """The parsed count disagrees with a figure the key states."""
    if not g["count"] or j.basis != "count":
        return False
    found = [j.numerator, j.denominator]
    return any(k is not None and k != f for k, f in zip(g["count"], found, strict=True))


def inverted(g: dict[str, Any], j: Judgement) -> bool:
    """A reading of the key's words that lands on the wrong side of half, or counts differently."""
    if matches(g, j):
        return count_differs(g, j)
    low, high = g["sufficiency"]
    side = (low + high) / 2 - 0.5
    wrong_side = side != 0 and (j.sufficiency - 0.5) * side < 0 and abs(j.sufficiency - 0.5) > 1e-9
    return wrong_side or count_differs(g, j)


def score(key: dict[str, Any], report: Report) -> dict[str, Any]:
    """Fields right, core and all judgements found, extras and inverted readings of one letter."""
    missing, extra = assign(key["judgements"], report.judgements)
    core = [g for g in key["judgements"] if g["core"]]
    flips = [(g, j) for j in report.judgements for g in key["judgements"] if key_for(g, j)]
    flips = [(g, j) for g, j in flips if inverted(g, j)]
    wrong = wrong_fields(key, report)
    return {
        "fields": (len(key["report"]) - len(wrong), len(key["report"])),
        "core": (len(core) - sum(g["core"] for g in missing), len(core)),
        "all": (len(key["judgements"]) - len(missing), len(key["judgements"])),
        "found": len(report.judgements),
        "extra": extra,
        "inverted": flips,
        "missing": missing,
        "wrong": wrong,
    }


def share(pair: tuple[int, int]) -> float:
    return pair[0] / pair[1] if pair[1] else 1.0


def precision(s: dict[str, Any]) -> float:
    return (s["found"] - len(s["extra"])) / s["found"] if s["found"] else 1.0


@pytest.fixture(params=KEY_FILES, ids=lambda p: p.stem)
def letter(request):
    key, text, report = load(request.param)
    assert report is not None, f"{key['source']} was not parsed"
    return key, text, report


# ------------------------------------------------------------------ the keys themselves


def test_twenty_letters_for_different_areas_and_years():
    keys = [json.loads(p.read_text("utf-8")) for p in KEY_FILES]
    assert len(keys) == 20
    areas = {k["report"]["area"] for k in keys}
    assert len(areas) == 20
    years = {int(k["report"]["publication_date"][:4]) for k in keys}
    assert years <= set(range(2012, 2018)) and len(years) >= 6
    for path in KEY_FILES:
        assert (LETTER_DIR / f"{path.stem}.txt").is_file()
        text = (LETTER_DIR / f"{path.stem}.txt").read_text("utf-8")
        assert SYNTHETIC_BANNER.lower() not in text.lower()  # the parser would refuse it
    assert (LETTER_DIR / "README.md").is_file()


@pytest.mark.parametrize("path", KEY_FILES, ids=lambda p: p.stem)
def test_key_is_well_formed(path: Path):
    """Each key has the bundled keys' shape, and every quoted sentence is in its letter."""
    key = json.loads(path.read_text("utf-8"))
    gold = json.loads(next(GOLD_DIR.glob("*.json")).read_text("utf-8"))
    assert set(key) == TOP_KEYS
    assert key["source"] == f"{path.stem}.txt"
    assert list(key["report"]) == list(gold["report"])
    text = flat((LETTER_DIR / key["source"]).read_text("utf-8"))
    r = key["report"]
    for name in ("publication_date", "fieldwork_start", "fieldwork_end"):
        date.fromisoformat(r[name])
    assert r["fieldwork_start"] <= r["fieldwork_end"] < r["publication_date"]
    for name in ("rate_published", "cohort_start", "cohort_end"):
        assert r[name] is None or re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", r[name])
    assert r["cohort_start"] < r["cohort_end"] < r["rate_published"] < r["publication_date"]
    assert r["vs_previous_year"] in {"better", "worse", "same", None}
    assert r["vs_national_average"] in {"better", "worse", "same", None}
    assert isinstance(r["cases_examined"], int) and r["cases_examined"] > 0
    for name in ("area", "recipient", "author", "lead_inspector", "recipient_role", "author_role"):
        assert r[name] and r[name] in text, name
    assert set(key["domains"]) == {"1", "2", "3", "4"}
    assert set(key["domains"].values()) == DOMAINS
    paragraphs = key["paragraphs"]
    assert len(paragraphs) == len(set(paragraphs))
    assert paragraphs == sorted(paragraphs, key=lambda p: tuple(map(int, p.split("."))))
    # a letter that prints no paragraph numbers is keyed by their order within each theme
    if re.search(r"(?:^|\s)\d\.\d{1,2}\.?\s", text):
        for p in paragraphs:
            assert re.search(rf"(?:^|\s){re.escape(p)}\.?\s", text), p
    for g in key["judgements"]:
        assert set(g) == JUDGEMENT_KEYS, g
        assert g["paragraph"] in paragraphs
        assert isinstance(g["core"], bool)
        assert g["polarity"] in POLARITIES
        low, high = g["sufficiency"]
        assert 0.0 <= low <= high <= 1.0, g
        for part in g["evidence"].split(" ... "):
            assert flat(part) in text, part
        if g["count"] is not None:
            n, m = g["count"]
            assert all(v is None or (isinstance(v, int) and v >= 0) for v in (n, m)), g
            if n is not None and m is not None:
                assert n <= m, g
                exact = n / m if g["polarity"] == "positive" else 1 - n / m
                assert low - 1e-3 <= exact <= high + 1e-3, g
    for core_p in {g["paragraph"] for g in key["judgements"] if g["core"]}:
        assert core_p in paragraphs
    for nj in key["not_judgements"]:
        assert set(nj) == {"paragraph", "evidence", "why"}
        assert nj["paragraph"] in paragraphs and nj["why"]
        assert flat(nj["evidence"]) in text, nj["evidence"]
    for bullet in key["key_strengths"] + key["areas_for_improvement"]:
        assert flat(bullet) in text, bullet
    assert isinstance(key["copy_list_size"], int) and key["copy_list_size"] > 0


# ------------------------------------------------------------------ scores


def describe(s: dict[str, Any]) -> list[str]:
    """Every misreading of one letter, one line each."""
    lines = [f"    field {n}: expected {e!r}, parsed {g!r}" for n, (e, g) in s["wrong"].items()]
    for g in s["missing"]:
        lines.append(
            f"    missing {'core ' if g['core'] else ''}{g['paragraph']} {g['polarity']} "
            f"{g['sufficiency']} count={g['count']}: {g['evidence']!r}"
        )
    for j in s["extra"]:
        lines.append(
            f"    extra {j.paragraph} {j.polarity} {j.sufficiency:.3f} "
            f"({j.quantifier_text!r}): {j.evidence!r}"
        )
    for g, j in s["inverted"]:
        lines.append(
            f"    inverted {g['paragraph']}: key {g['polarity']} {g['sufficiency']} "
            f"count={g['count']}, parsed {j.polarity} {j.sufficiency:.3f} "
            f"[{j.numerator}, {j.denominator}] ({j.quantifier_text!r}): {g['evidence']!r}"
        )
    return lines


def test_print_scores():
    """Per-letter and overall scores with every misreading (shown with ``pytest -s``)."""
    totals = {"fields": [0, 0], "core": [0, 0], "all": [0, 0], "found": 0, "extra": 0, "inv": 0}
    print("\nconstructed letters: fields, core found, all found, extra, inverted, precision")
    for path in KEY_FILES:
        key, _, report = load(path)
        assert report is not None, key["source"]
        s = score(key, report)
        for name in ("fields", "core", "all"):
            totals[name][0] += s[name][0]
            totals[name][1] += s[name][1]
        totals["found"] += s["found"]
        totals["extra"] += len(s["extra"])
        totals["inv"] += len(s["inverted"])
        print(
            f"  {path.stem:45} fields {s['fields'][0]}/{s['fields'][1]}  "
            f"core {s['core'][0]}/{s['core'][1]}  all {s['all'][0]}/{s['all'][1]}  "
            f"extra {len(s['extra'])}  inverted {len(s['inverted'])}  "
            f"precision {precision(s):.0%}"
        )
        for line in describe(s):
            print(line)
    prec = (totals["found"] - totals["extra"]) / totals["found"] if totals["found"] else 1.0
    print(
        f"  {'overall':45} fields {totals['fields'][0]}/{totals['fields'][1]}  "
        f"core {totals['core'][0]}/{totals['core'][1]}  all {totals['all'][0]}/{totals['all'][1]}  "
        f"extra {totals['extra']}  inverted {totals['inv']}  precision {prec:.0%}"
    )
    assert math.isfinite(prec)


@pytest.mark.xfail(strict=False, reason="scored")
def test_every_field(letter):
    key, _, report = letter
    assert wrong_fields(key, report) == {}


@pytest.mark.xfail(strict=False, reason="scored")
def test_core_judgements_found(letter):
    key, _, report = letter
    s = score(key, report)
    assert share(s["core"]) >= TARGET, describe(s)


@pytest.mark.xfail(strict=False, reason="scored")
def test_precision(letter):
    key, _, report = letter
    s = score(key, report)
    assert precision(s) >= TARGET, describe(s)


@pytest.mark.xfail(strict=False, reason="scored")
def test_no_inverted_readings(letter):
    key, _, report = letter
    s = score(key, report)
    assert s["inverted"] == [], describe(s)
