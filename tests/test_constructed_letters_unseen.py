"""Constructed letters: a closed test set the parser is scored on and never tuned on.

``tests/fixtures/letters_unseen`` holds five constructed SQS letters for real areas (invented
content, each in another inspector's style) with answer keys in the gold schema. The keys'
integrity is asserted strictly; the parser's scores are asserted against targets and marked
``xfail`` (not strict): they are measured, not tuned on.

Nothing here may show a letter: the tests print only aggregate numbers, and assertion messages
name keys by number and check, never by value. ``SQS_SHOW_UNSEEN=1`` prints every miss, for
whoever maintains the set (never for whoever works on the parser)::

    SQS_SHOW_UNSEEN=1 .venv/bin/python -m pytest tests/test_constructed_letters_unseen.py -q -s
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import GOLD_DIR, assign, field_value

from sqs_analysis.ingest.corpus import parse_file
from sqs_analysis.ingest.model import Judgement, Report

ROOT = Path(__file__).resolve().parents[1]
LETTERS_DIR = ROOT / "tests" / "fixtures" / "letters_unseen"
KEY_FILES = sorted(LETTERS_DIR.glob("constructed-*.json"))
SHOW = os.environ.get("SQS_SHOW_UNSEEN") == "1"
TARGET = 0.95
"""Share of core judgements found, and of found judgements that are right, the parser should reach."""

TOP_KEYS = {
    "source", "report", "domains", "paragraphs", "judgements", "not_judgements",
    "key_strengths", "areas_for_improvement", "copy_list_size",
}  # fmt: skip
JUDGEMENT_KEYS = {"paragraph", "core", "polarity", "count", "sufficiency", "evidence"}
NOT_JUDGEMENT_KEYS = {"paragraph", "evidence", "why"}
DATE_FIELDS = ("publication_date", "fieldwork_start", "fieldwork_end")
MONTH_FIELDS = ("rate_published", "cohort_start", "cohort_end")
RATE_FIELDS = ("reoffending_rate", "previous_year_rate", "national_average")
COMPARISONS = {"better", "worse", "same", None}
EXCLUDED = {("southend", 2016), ("knowsley", 2015)}
"""Area-years of the bundled letters, which this set must not repeat."""


def _gold_schema() -> dict[str, Any]:
    """Report fields and domains of the bundled gold keys: the schema these keys follow."""
    first = json.loads(next(iter(sorted(GOLD_DIR.glob("*.json")))).read_text("utf-8"))
    return {"fields": list(first["report"]), "domains": first["domains"]}


def _flat(text: str) -> str:
    return " ".join(text.split())


def _key(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text("utf-8"))


def _name_parts(path: Path) -> tuple[str, int]:
    """('calderdale', 2012) from constructed-calderdale-2012.json."""
    match = re.fullmatch(r"constructed-([a-z-]+)-(\d{4})", path.stem)
    assert match is not None
    return match.group(1), int(match.group(2))


# ---------------------------------------------------------------- integrity
def test_five_letters_each_with_its_key() -> None:
    letters = sorted(LETTERS_DIR.glob("constructed-*.txt"))
    assert len(KEY_FILES) == 5
    assert [p.stem for p in letters] == [p.stem for p in KEY_FILES]
    parts = [_name_parts(p) for p in KEY_FILES]
    assert len({area for area, _ in parts}) == 5
    assert all(2012 <= year <= 2017 for _, year in parts)
    assert not set(parts) & EXCLUDED
    assert (LETTERS_DIR / "README.md").is_file()
    assert "CLOSED test set" in (LETTERS_DIR / "README.md").read_text("utf-8")


def _report_problems(n: int, path: Path, key: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    report, problems = key["report"], []
    if list(report) != schema["fields"]:
        problems.append(f"key {n}: report fields differ from the gold schema")
        return problems
    area, year = _name_parts(path)
    if not isinstance(report["area"], str) or report["area"].lower().replace(" ", "-") != area:
        problems.append(f"key {n}: area does not match the file name")
    for name in ("service_name", "recipient", "recipient_role", "author", "author_role"):
        if not (report[name] is None or (isinstance(report[name], str) and report[name])):
            problems.append(f"key {n}: {name} is not text or null")
    if report["service_type"] not in {"YOS", "YOT", "YJS", None}:
        problems.append(f"key {n}: service_type unknown")
    dates = {}
    for name in DATE_FIELDS:
        try:
            dates[name] = date.fromisoformat(report[name])
        except (TypeError, ValueError):
            problems.append(f"key {n}: {name} is not an ISO date")
    if len(dates) == 3:
        if not dates["fieldwork_start"] <= dates["fieldwork_end"] < dates["publication_date"]:
            problems.append(f"key {n}: fieldwork and publication dates out of order")
        if dates["publication_date"].year != year:
            problems.append(f"key {n}: publication year differs from the file name")
    months = [report[name] for name in MONTH_FIELDS]
    if not all(isinstance(m, str) and re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", m) for m in months):
        problems.append(f"key {n}: rate month fields are not YYYY-MM")
    elif not months[1] < months[2] < months[0] <= report["publication_date"][:7]:
        problems.append(f"key {n}: cohort, rate publication and letter out of order")
    if not isinstance(report["cases_examined"], int) or not 1 <= report["cases_examined"] <= 60:
        problems.append(f"key {n}: cases_examined is not a plausible integer")
    for name in RATE_FIELDS:
        value = report[name]
        if not (value is None or (isinstance(value, float) and 0 < value < 100)):
            problems.append(f"key {n}: {name} is not a percentage or null")
    for name, other in (("vs_previous_year", "previous_year_rate"),
                        ("vs_national_average", "national_average")):  # fmt: skip
        if report[name] not in COMPARISONS:
            problems.append(f"key {n}: {name} unknown")
        elif report[other] is not None and report["reoffending_rate"] is not None:
            lower = report["reoffending_rate"] < report[other]
            if report[name] != ("better" if lower else "worse"):
                problems.append(f"key {n}: {name} disagrees with the rates")
    if not isinstance(report["lead_inspector"], str):
        problems.append(f"key {n}: lead_inspector is not text")
    return problems


def _judgement_problems(n: int, key: dict[str, Any], flat: str) -> list[str]:
    problems, paragraphs = [], key["paragraphs"]
    for i, j in enumerate(key["judgements"]):
        where = f"key {n}: judgement {i}"
        if set(j) != JUDGEMENT_KEYS:
            problems.append(f"{where}: keys differ from the gold schema")
            continue
        if j["paragraph"] not in paragraphs:
            problems.append(f"{where}: paragraph not in the paragraph list")
        if not isinstance(j["core"], bool) or j["polarity"] not in {"positive", "negative"}:
            problems.append(f"{where}: core or polarity malformed")
        low, high = j["sufficiency"] if len(j["sufficiency"]) == 2 else (2.0, -1.0)
        if not 0.0 <= low <= high <= 1.0:
            problems.append(f"{where}: sufficiency is not a range within 0-1")
        count = j["count"]
        if count is not None:
            well_formed = len(count) == 2 and all(c is None or isinstance(c, int) for c in count)
            if not well_formed:
                problems.append(f"{where}: count is not [numerator, denominator]")
            elif None not in count:
                share = count[0] / count[1] if count[1] else -1.0
                sufficiency = share if j["polarity"] == "positive" else 1 - share
                if not 0 <= count[0] <= count[1] or not low - 1e-3 <= sufficiency <= high + 1e-3:
                    problems.append(f"{where}: count disagrees with its sufficiency")
        if not all(part in flat for part in j["evidence"].split(" ... ")):
            problems.append(f"{where}: evidence is not in the letter")
    for i, nj in enumerate(key["not_judgements"]):
        where = f"key {n}: not_judgement {i}"
        if set(nj) != NOT_JUDGEMENT_KEYS or nj["paragraph"] not in paragraphs:
            problems.append(f"{where}: malformed")
        elif nj["evidence"] not in flat or not nj["why"]:
            problems.append(f"{where}: evidence not in the letter or no reason")
    return problems


def test_answer_keys_are_well_formed() -> None:
    schema, problems = _gold_schema(), []
    for n, path in enumerate(KEY_FILES):
        key = _key(path)
        if set(key) != TOP_KEYS or key["source"] != f"{path.stem}.txt":
            problems.append(f"key {n}: top-level keys or source malformed")
            continue
        text = (LETTERS_DIR / key["source"]).read_text("utf-8")
        flat = _flat(text)
        problems += _report_problems(n, path, key, schema)
        if key["domains"] != schema["domains"]:
            problems.append(f"key {n}: domains differ from the gold keys")
        paragraphs = key["paragraphs"]
        numbers = [tuple(map(int, p.split("."))) for p in paragraphs if re.fullmatch(r"\d\.\d", p)]
        if len(numbers) != len(paragraphs) or numbers != sorted(set(numbers)):
            problems.append(f"key {n}: paragraphs not unique N.M in order")
        elif not all(str(theme) in key["domains"] for theme, _ in numbers):
            problems.append(f"key {n}: a paragraph outside the four themes")
        elif not all(re.search(rf"(?m)^\W*{re.escape(p)}\.?\s", text) for p in paragraphs):
            problems.append(f"key {n}: a listed paragraph is not numbered in the letter")
        if not key["judgements"] or not any(j.get("core") for j in key["judgements"]):
            problems.append(f"key {n}: no core judgement")
        problems += _judgement_problems(n, key, flat)
        for name in ("key_strengths", "areas_for_improvement"):
            items = key[name]
            if not items or not all(isinstance(s, str) and s and s in text for s in items):
                problems.append(f"key {n}: {name} empty or not in the letter")
        size = key["copy_list_size"]
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            problems.append(f"key {n}: copy_list_size is not a positive integer")
    assert problems == []


# ---------------------------------------------------------------- the parser's scores
def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, float) and isinstance(got, int | float):
        return math.isclose(expected, got, abs_tol=1e-6)
    return expected == got


def _inverts(want: dict[str, Any], got: Judgement) -> bool:
    """A reading on the wrong side of one half from the key's range."""
    low, high = want["sufficiency"]
    return (low > 0.5 and got.sufficiency < 0.5) or (high < 0.5 and got.sufficiency > 0.5)


def _show(j: Judgement) -> str:
    return f"{j.paragraph} {j.polarity} {j.sufficiency:.3f} '{j.quantifier_text}' <- {j.evidence}"


@functools.cache
def _scores() -> dict[str, int]:
    """Aggregate counts over the set; per-letter detail is printed only when SHOW."""
    s = dict.fromkeys(
        ("letters", "failures", "fields", "fields_right", "null_filled", "core", "core_found",
         "expected", "matched", "found", "inverted"), 0,
    )  # fmt: skip
    for path in KEY_FILES:
        key = _key(path)
        s["letters"] += 1
        try:
            report: Report | None = parse_file(LETTERS_DIR / key["source"])[0]
        except Exception:  # a crash is scored as nothing read, never shown
            report = None
        s["failures"] += report is None
        misses: list[str] = []
        for name, want in key["report"].items():
            got = None if report is None else field_value(report, name)
            if want is None:
                if got is not None:
                    s["fields"] += 1
                    s["null_filled"] += 1
                    misses.append(f"field {name}: want None, got {got!r}")
                continue
            s["fields"] += 1
            if _same(want, got):
                s["fields_right"] += 1
            else:
                misses.append(f"field {name}: want {want!r}, got {got!r}")
        found = [] if report is None else list(report.judgements)
        missing, extra = assign(key["judgements"], found)
        core = [g for g in key["judgements"] if g["core"]]
        s["core"] += len(core)
        s["core_found"] += len(core) - sum(g["core"] for g in missing)
        s["expected"] += len(key["judgements"])
        s["matched"] += len(key["judgements"]) - len(missing)
        s["found"] += len(found)
        left = list(extra)
        for want in missing:
            got = next((j for j in left if j.paragraph == want["paragraph"]), None)
            if got is not None:
                left.remove(got)
                if _inverts(want, got):
                    s["inverted"] += 1
                    misses.append(f"INVERTED {want} <- {_show(got)}")
                    continue
            instead = "" if got is None else f" (read instead: {_show(got)})"
            misses.append(f"missed {'core ' if want['core'] else ''}{want}{instead}")
        misses += [f"extra {_show(j)}" for j in extra if j in left]
        if SHOW and misses:
            print(f"\n  [{path.stem}]" + "".join(f"\n      {m}" for m in misses))
    return s


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def test_scores_are_reported() -> None:
    """Prints the aggregate scores; fails only if scoring itself is broken."""
    s = _scores()
    print(
        f"\nletters/unseen: letters {s['letters']}, parse failures {s['failures']}, "
        f"fields {s['fields_right']}/{s['fields']} "
        f"({_share(s['fields_right'], s['fields']):.3f}; key-null filled {s['null_filled']}), "
        f"core judgements {s['core_found']}/{s['core']} ({_share(s['core_found'], s['core']):.3f}), "
        f"all judgements {s['matched']}/{s['expected']} "
        f"({_share(s['matched'], s['expected']):.3f}), "
        f"precision {s['matched']}/{s['found']} ({_share(s['matched'], s['found']):.3f}), "
        f"inverted {s['inverted']}"
    )
    assert s["letters"] == len(KEY_FILES) == 5
    assert 0 <= s["core_found"] <= s["core"] <= s["expected"]
    assert 0 <= s["matched"] <= min(s["expected"], s["found"])
    assert 0 <= s["fields_right"] <= s["fields"]


@pytest.mark.xfail(strict=False, reason="scored, not tuned on")
def test_every_field_right() -> None:
    s = _scores()
    assert s["fields_right"] == s["fields"]


@pytest.mark.xfail(strict=False, reason="scored, not tuned on")
def test_core_judgements_found() -> None:
    s = _scores()
    assert _share(s["core_found"], s["core"]) >= TARGET


@pytest.mark.xfail(strict=False, reason="scored, not tuned on")
def test_precision() -> None:
    s = _scores()
    assert _share(s["matched"], s["found"]) >= TARGET


@pytest.mark.xfail(strict=False, reason="scored, not tuned on")
def test_no_inverted_reading() -> None:
    assert _scores()["inverted"] == 0
