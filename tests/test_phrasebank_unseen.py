"""The unseen phrase bank: a closed test set the parser is scored on and never tuned on.

``tests/generators/phrasebank_unseen.toml`` holds constructions and example paragraphs in the
main bank's schema (every entry in split "unseen"), written in other words than the main bank
and the bundled letters. Its integrity is asserted strictly; the parser's scores are asserted
against the targets and marked ``xfail`` (not strict): they are measured, not tuned on.

Nothing here may show an example: the tests print only aggregate numbers, and assertion
messages name entries by id. ``SQS_SHOW_UNSEEN=1`` prints every miss, for whoever maintains the
bank (never for whoever works on the parser)::

    SQS_SHOW_UNSEEN=1 .venv/bin/python -m pytest tests/test_phrasebank_unseen.py -q -s
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from generators.bank import (
    KINDS,
    TOLERANCE,
    UNSEEN,
    UNSEEN_FILE,
    Score,
    compare,
    examples,
    load_bank,
)
from test_phrasebank import (
    PRECISION_TARGET,
    RECALL_TARGET,
    FieldScore,
    _codebook_reports,
    _show,
    read_fields,
    read_paragraph,
    same_value,
)

from sqs_analysis.ingest.model import Judgement
from sqs_analysis.ingest.quantifiers import lexicon
from sqs_analysis.reference.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
MAIN = load_bank()
UNSEEN_BANK = load_bank(UNSEEN_FILE)
SHOW = os.environ.get("SQS_SHOW_UNSEEN") == "1"


def _labelled(kind: str) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(label, entry, example) with a label that names the entry, never the text."""
    seen: dict[str, int] = {}
    out = []
    for entry, example in examples(kind, path=UNSEEN_FILE):
        seen[entry["id"]] = seen.get(entry["id"], 0) + 1
        out.append((f"{entry['id']}#{seen[entry['id']]}", entry, example))
    return out


def _text(example: dict[str, Any]) -> str:
    return example.get("paragraph_text") or example["text"]


def _flat(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------- integrity
def test_every_entry_is_complete_unique_and_unseen() -> None:
    problems = []
    ids = [e["id"] for kind in KINDS for e in UNSEEN_BANK[kind]]
    main_ids = {e["id"] for kind in KINDS for e in MAIN[kind]}
    problems += [f"{i}: duplicate id" for i in {i for i in ids if ids.count(i) > 1}]
    problems += [f"{i}: id also in the main bank" for i in set(ids) & main_ids]
    for kind in KINDS:
        for entry in UNSEEN_BANK[kind]:
            name = entry.get("id", "?")
            if not re.fullmatch(r"[a-z0-9_]+", name):
                problems.append(f"{name}: id")
            if not entry.get("construction", "").strip():
                problems.append(f"{name}: construction")
            if entry.get("split") != UNSEEN:
                problems.append(f"{name}: split")
            if not entry.get("examples"):
                problems.append(f"{name}: no examples")
            if kind == "field" and entry.get("field") not in _codebook_reports():
                problems.append(f"{name}: field")
            for source in entry.get("sources") or [None]:
                public = isinstance(source, str) and re.fullmatch(r"https?://\S+", source)
                bundled = (
                    isinstance(source, str)
                    and source.startswith("data/raw/")
                    and (ROOT / source).is_file()
                )
                if not (public or bundled):
                    problems.append(f"{name}: source")
    assert not problems


def test_the_unseen_bank_is_large_enough_to_score() -> None:
    assert len(UNSEEN_BANK["judgement"]) >= 30
    assert len(examples("judgement", path=UNSEEN_FILE)) >= 60
    assert len(examples("field", path=UNSEEN_FILE)) >= 25
    no_judgement = sum(not ex["expect"] for _, ex in examples("judgement", path=UNSEEN_FILE))
    assert no_judgement >= 5  # precision needs texts that must yield nothing


def _judgement_problems(label: str, example: dict[str, Any]) -> list[str]:
    problems = []
    if not 1 <= len(split_sentences(_flat(_text(example)))) <= 3:
        problems.append(f"{label}: sentences")
    cases = example.get("cases_examined")
    if not (isinstance(cases, int) and cases > 0):
        return [*problems, f"{label}: cases_examined"]
    for want in example["expect"]:
        if not set(want) <= {"polarity", "numerator", "denominator", "sufficiency"}:
            problems.append(f"{label}: keys")
        if want.get("polarity") not in ("positive", "negative"):
            problems.append(f"{label}: polarity")
        low, high = want["sufficiency"]
        if not 0.0 <= low <= high <= 1.0:
            problems.append(f"{label}: range")
        num, den = want.get("numerator"), want.get("denominator")
        if den is not None and not (isinstance(den, int) and 0 < den <= cases):
            problems.append(f"{label}: denominator")
        if num is not None and not (isinstance(num, int) and 0 <= num <= (den or num)):
            problems.append(f"{label}: numerator")
        if num is not None and den:
            share = num / den if want["polarity"] == "positive" else 1 - num / den
            if not low - TOLERANCE <= share <= high + TOLERANCE:
                problems.append(f"{label}: count outside its range")
    return problems


def test_judgement_examples_are_well_formed() -> None:
    problems = [
        p for label, _, ex in _labelled("judgement") for p in _judgement_problems(label, ex)
    ]
    assert not problems


def test_verbal_bands_outside_the_lexicon_say_where_they_come_from() -> None:
    known = {(w["low"], w["high"]) for w in lexicon()["word"]}
    known |= {(1 - w["high"], 1 - w["low"]) for w in lexicon()["word"]}
    problems = []
    for label, entry, example in _labelled("judgement"):
        text = _text(example)
        for want in example["expect"]:
            low, high = want["sufficiency"]
            if low == high or "numerator" in want:
                continue
            if any(abs(low - a) < 0.011 and abs(high - b) < 0.011 for a, b in known):
                continue
            fractionish = re.search(r"half|third|quarter|fifth|per cent|%|in every", text)
            if not (fractionish or entry.get("band_source")):
                problems.append(label)
    assert not problems


def test_field_examples_are_well_formed() -> None:
    columns = _codebook_reports()
    problems = []
    for label, entry, example in _labelled("field"):
        values = {entry["field"]: example["expect"], **example.get("also", {})}
        for name, value in values.items():
            column = columns.get(name)
            if column is None:
                problems.append(f"{label}: {name} not in the codebook")
                continue
            if value == "":
                continue
            kind = column["dtype"]
            ok = True
            if kind == "date":
                try:
                    date.fromisoformat(value)
                except (TypeError, ValueError):
                    ok = False
            elif kind == "month":
                ok = bool(re.fullmatch(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])", str(value)))
            elif kind in ("float", "int"):
                want_type = float if kind == "float" else int
                ok = isinstance(value, want_type) and column["min"] <= value <= column["max"]
            elif kind == "category":
                ok = value in column["allowed"]
            else:
                ok = isinstance(value, str) and bool(value.strip())
            if not ok:
                problems.append(f"{label}: {name}")
    assert not problems


def test_examples_are_new_words_not_the_main_bank_or_the_bundled_letters() -> None:
    """No example sentence of eight or more words appears in phrasebank.toml's examples or in
    the bundled letters, and no example repeats another."""
    main_texts = [_flat(_text(ex)) for kind in KINDS for _, ex in examples(kind)]
    letters = [_flat(p.read_text("utf-8")) for p in (ROOT / "data" / "raw").glob("*.txt")]
    known = " ".join(main_texts + letters).lower()
    problems = []
    texts = [(label, _flat(_text(ex))) for kind in KINDS for label, _, ex in _labelled(kind)]
    seen: set[str] = set()
    for label, text in texts:
        if text in seen:
            problems.append(f"{label}: duplicate")
        seen.add(text)
        for sentence in split_sentences(text):
            if len(sentence.split()) >= 8 and sentence.lower() in known:
                problems.append(f"{label}: sentence found elsewhere")
    assert not problems


def test_a_reader_that_finds_nothing_scores_no_recall() -> None:
    numbers = _judgement_numbers(reader=lambda text, cases: [], report=False)
    assert numbers["expected"] > 50 and numbers["recall"] == 0.0 and numbers["invented"] == 0


# ---------------------------------------------------------------- the parser's scores
def _judgement_numbers(reader=read_paragraph, report: bool = True) -> dict[str, float]:
    """Aggregate numbers only; the outcomes stay inside this function (printed when SHOW)."""
    score, errors = Score(), 0
    for entry, example in examples("judgement", UNSEEN, UNSEEN_FILE):
        try:
            found: list[Judgement] = reader(example["paragraph_text"], example["cases_examined"])
        except Exception:  # a crash is scored as a reading of nothing, never shown
            found, errors = [], errors + 1
        score.add(compare(entry["id"], example["paragraph_text"], example["expect"], found))
    if not report:
        return {"recall": score.recall, "invented": score.invented, "expected": score.expected}
    print("\n" + score.line("judgements/unseen") + f", reader errors {errors}")
    if SHOW:
        for o in score.outcomes:
            if o.perfect:
                continue
            print(f"  [{o.entry}] {o.text}")
            for want in o.missed:
                print(f"      missed   {want}")
            for want, got in o.inverted:
                print(f"      INVERTED {want} <- {_show(got)}")
            for got in o.invented:
                print(f"      invented {_show(got)}")
    return {
        "recall": score.recall, "precision": score.precision, "inverted": score.inverted,
        "invented": score.invented, "expected": score.expected, "errors": errors,
    }  # fmt: skip


def _field_numbers() -> dict[str, float]:
    score, errors = FieldScore(), 0
    for entry, example in examples("field", UNSEEN, UNSEEN_FILE):
        try:
            got = read_fields(example["text"])
        except Exception:  # scored as nothing read, never shown
            got, errors = {}, errors + 1
        for name, want in {entry["field"]: example["expect"], **example.get("also", {})}.items():
            value = got.get(name)
            score.total += 1
            if same_value(want, value):
                score.correct += 1
                continue
            if value is not None:
                score.wrong += 1
            score.misses.append((entry["id"], name, example["text"], want, value))
    print("\n" + score.line("fields/unseen") + f", reader errors {errors}")
    if SHOW:
        for entry_id, name, text, want, value in score.misses:
            print(f"  [{entry_id}] {name}: want {want!r}, got {value!r} <- {_flat(text)}")
    return {"accuracy": score.accuracy, "wrong": score.wrong, "errors": errors}


@pytest.mark.xfail(strict=False, reason="scored, not tuned on")
def test_parser_reads_unseen_judgements() -> None:
    numbers = _judgement_numbers()
    recall, precision, inverted = numbers["recall"], numbers["precision"], numbers["inverted"]
    assert recall >= RECALL_TARGET
    assert precision >= PRECISION_TARGET
    assert inverted == 0


@pytest.mark.xfail(strict=False, reason="scored, not tuned on")
def test_parser_reads_unseen_fields() -> None:
    numbers = _field_numbers()
    accuracy, wrong = numbers["accuracy"], numbers["wrong"]
    assert accuracy >= RECALL_TARGET
    assert wrong == 0
