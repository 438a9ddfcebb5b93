"""The phrase bank: its own integrity, and how well the parser reads wording it was not built on.

The bank (``tests/generators/phrasebank.toml``) holds constructions inspectors use to state
how many cases met a standard and how letters state their facts, each with invented example
paragraphs and the answer a correct reading gives. Integrity is asserted strictly. The parser is
held to the recall and precision targets, with no inverted reading, on the tune split; the
held-out split, seen once while the parser was generalised, is reported (``xfail`` below target).

Print every miss (``-s`` prints the scores only)::

    PYTHONPATH=tests .venv/bin/python -m test_phrasebank
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from generators.bank import (
    BANK_FILE,
    ISSUE_REPORT,
    KINDS,
    SPLITS,
    TOLERANCE,
    Score,
    compare,
    examples,
    frozen_held_out,
    load_bank,
)

from sqs_analysis.ingest.fields import (
    find_area,
    find_cases,
    find_fieldwork,
    find_lead_inspector,
    find_service,
    first_date,
    header_fields,
    split_person,
)
from sqs_analysis.ingest.judgements import extract_judgements
from sqs_analysis.ingest.model import Finding, Judgement
from sqs_analysis.ingest.rate import find_rate
from sqs_analysis.reference.sentences import split_sentences

RECALL_TARGET = 0.95
PRECISION_TARGET = 0.95

ROOT = Path(__file__).resolve().parents[1]
CODEBOOK = ROOT / "src" / "sqs_analysis" / "reference" / "codebook.toml"


# ---------------------------------------------------------------- scoring judgements
def read_paragraph(text: str, cases: int | None) -> list[Judgement]:
    finding = Finding("1.1", "reducing_reoffending", "Reducing reoffending", text)
    return extract_judgements([finding], cases)


def score_judgements(
    split: str | None = None, reader=read_paragraph, path: Path = BANK_FILE
) -> Score:
    """The parser's score on a bank's judgement examples of one split (all when None)."""
    score = Score()
    for entry, example in examples("judgement", split, path):
        found = reader(example["paragraph_text"], example["cases_examined"])
        score.add(compare(entry["id"], example["paragraph_text"], example["expect"], found))
    return score


# ---------------------------------------------------------------- scoring fields
def read_fields(text: str) -> dict[str, Any]:
    """Every field the finders in :mod:`sqs_analysis.ingest.fields` read from a text, as the
    codebook stores them (ISO dates, YYYY-MM months, floats; None when not found)."""
    flat = " ".join(text.split())
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    sentences = split_sentences(flat)
    header = header_fields(flat)
    rate = find_rate(sentences, [flat], extra_text=(flat,))
    start, end, _ = find_fieldwork(sentences)
    area = find_area(flat, lines)
    service_name, service_type = find_service(flat, area)
    iso = lambda d: d.isoformat() if isinstance(d, date) else None  # noqa: E731
    return {
        "publication_date": iso(first_date(header.get("publication date", ""))),
        "author": split_person(header.get("from"))[0],
        "recipient": split_person(header.get("to"))[0],
        "fieldwork_start": iso(start),
        "fieldwork_end": iso(end),
        "cases_examined": find_cases(sentences)[0],
        "lead_inspector": find_lead_inspector(flat),
        "area": area,
        "service_name": service_name,
        "service_type": service_type,
        **{
            k: getattr(rate, k)
            for k in (
                "reoffending_rate", "previous_year_rate", "vs_previous_year", "national_average",
                "vs_national_average", "rate_published", "cohort_start", "cohort_end",
            )
        },
    }  # fmt: skip


def same_value(want: Any, got: Any) -> bool:
    if want == "":
        return got is None
    if isinstance(want, float) and isinstance(got, (int, float)):
        return abs(want - got) < 1e-6
    return want == got


@dataclass
class FieldScore:
    """Share of stated values read right; a wrong value is worse than a missing one."""

    total: int = 0
    correct: int = 0
    wrong: int = 0
    misses: list[tuple[str, str, str, Any, Any]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0

    def line(self, name: str) -> str:
        return (
            f"{name}: accuracy {self.accuracy:.3f} ({self.correct}/{self.total}), "
            f"wrong values {self.wrong}, missing {self.total - self.correct - self.wrong}"
        )


def score_fields(split: str | None = None, path: Path = BANK_FILE) -> FieldScore:
    score = FieldScore()
    for entry, example in examples("field", split, path):
        got = read_fields(example["text"])
        for name, want in {entry["field"]: example["expect"], **example.get("also", {})}.items():
            score.total += 1
            if same_value(want, got[name]):
                score.correct += 1
                continue
            if got[name] is not None:
                score.wrong += 1
            score.misses.append((entry["id"], name, example["text"], want, got[name]))
    return score


# ---------------------------------------------------------------- integrity
BANK = load_bank()
ENTRIES = [(kind, e) for kind in KINDS for e in BANK[kind]]


def _params(kind: str) -> list:
    """One test case per example, named after its entry."""
    seen: dict[str, int] = {}
    params = []
    for entry, example in examples(kind):
        seen[entry["id"]] = seen.get(entry["id"], 0) + 1
        params.append(pytest.param(entry, example, id=f"{entry['id']}-{seen[entry['id']]}"))
    return params


def _codebook_reports() -> dict[str, dict[str, Any]]:
    columns = tomllib.loads(CODEBOOK.read_text("utf-8"))["tables"]["reports"]["columns"]
    return {c["name"]: c for c in columns}


def test_ids_are_unique_and_every_entry_is_complete() -> None:
    ids = [e["id"] for _, e in ENTRIES]
    assert len(ids) == len(set(ids))
    for kind, entry in ENTRIES:
        assert re.fullmatch(r"[a-z0-9_]+", entry["id"]), entry["id"]
        assert entry["construction"].strip(), entry["id"]
        assert entry["split"] in SPLITS, entry["id"]
        assert entry["examples"], entry["id"]
        if kind == "field":
            assert entry["field"] in _codebook_reports(), entry["id"]


def test_every_source_is_a_public_address_a_bundled_letter_or_the_issue_report() -> None:
    for _, entry in ENTRIES:
        assert entry["sources"], entry["id"]
        for source in entry["sources"]:
            ok = (
                source == ISSUE_REPORT
                or re.fullmatch(r"https?://\S+", source)
                or (source.startswith("data/raw/") and (ROOT / source).is_file())
            )
            assert ok, (entry["id"], source)


def test_held_out_is_the_list_the_header_freezes() -> None:
    """Each entry's stored split is authoritative; the held-out set is frozen in [meta], so an
    added entry cannot reshuffle it (it goes to "tune" unless listed by hand)."""
    for kind in KINDS:
        entries = BANK[kind]
        held = {e["id"] for e in entries if e["split"] == "held_out"}
        assert held == frozen_held_out(kind), (kind, held ^ frozen_held_out(kind))
        assert all(e["split"] == "tune" for e in entries if ISSUE_REPORT in e["sources"])


def test_the_bank_is_large_enough_to_score() -> None:
    assert len(BANK["judgement"]) >= 80
    assert sum(len(e["examples"]) for _, e in ENTRIES) >= 150


@pytest.mark.parametrize("entry,example", _params("judgement"))
def test_judgement_example_is_well_formed(entry, example) -> None:
    text = example["paragraph_text"]
    assert text.strip() and 1 <= len(split_sentences(text)) <= 6, text
    cases = example["cases_examined"]
    assert isinstance(cases, int) and cases > 0
    for want in example["expect"]:
        assert set(want) <= {"polarity", "numerator", "denominator", "sufficiency"}, want
        assert want["polarity"] in ("positive", "negative")
        low, high = want["sufficiency"]
        assert 0.0 <= low <= high <= 1.0, want
        num, den = want.get("numerator"), want.get("denominator")
        if den is not None:
            assert isinstance(den, int) and 0 < den <= cases, want
        if num is not None:
            assert isinstance(num, int) and num >= 0
            if den is not None:
                assert num <= den, want
                share = num / den if want["polarity"] == "positive" else 1 - num / den
                assert low - TOLERANCE <= share <= high + TOLERANCE, (want, share)


def test_verbal_bands_outside_the_lexicon_say_where_they_come_from() -> None:
    """A range that is not an exact count and not a band of quantifiers.toml needs band_source."""
    from sqs_analysis.ingest.quantifiers import lexicon

    known = {(w["low"], w["high"]) for w in lexicon()["word"]}
    known |= {(1 - w["high"], 1 - w["low"]) for w in lexicon()["word"]}
    for entry in BANK["judgement"]:
        for example in entry["examples"]:
            for want in example["expect"]:
                low, high = want["sufficiency"]
                if low == high or "numerator" in want:
                    continue
                if not any(abs(low - a) < 0.011 and abs(high - b) < 0.011 for a, b in known):
                    fractionish = "half" in example["paragraph_text"] or re.search(
                        r"third|quarter|fifth|per cent|%|in every", example["paragraph_text"]
                    )
                    assert fractionish or entry.get("band_source"), (entry["id"], want)


@pytest.mark.parametrize("entry,example", _params("field"))
def test_field_example_is_well_formed(entry, example) -> None:
    columns = _codebook_reports()
    values = {entry["field"]: example["expect"], **example.get("also", {})}
    for name, value in values.items():
        column = columns[name]
        if value == "":
            continue
        kind = column["dtype"]
        if kind == "date":
            date.fromisoformat(value)
        elif kind == "month":
            assert re.fullmatch(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])", value), value
        elif kind == "float":
            assert isinstance(value, float) and column["min"] <= value <= column["max"]
        elif kind == "int":
            assert isinstance(value, int) and column["min"] <= value <= column["max"]
        elif kind == "category":
            assert value in column["allowed"], value
        else:
            assert isinstance(value, str) and value.strip()


def test_examples_are_written_for_the_bank_not_copied_from_the_bundled_letters() -> None:
    bundled = " ".join(
        " ".join(p.read_text("utf-8").split()) for p in (ROOT / "data" / "raw").glob("*.txt")
    )
    texts = [ex.get("paragraph_text") or ex["text"] for kind in KINDS for _, ex in examples(kind)]
    assert len(texts) == len(set(texts)), "duplicate example"
    for text in texts:
        for sentence in split_sentences(" ".join(text.split())):
            if len(sentence.split()) >= 8:
                assert sentence not in bundled, sentence


# ---------------------------------------------------------------- the scorer can fail
def _judgement(polarity: str, point: float, num: int | None = None, den: int | None = None):
    return Judgement(
        "1.1", "reducing_reoffending", polarity, "q", "q", "count", num, den, None,
        point, point, point, "e",
    )  # fmt: skip


def test_scorer_tells_a_match_an_inversion_and_an_invention_apart() -> None:
    want = [
        {"polarity": "negative", "numerator": 3, "denominator": 20, "sufficiency": [0.85, 0.85]}
    ]
    assert compare("x", "t", want, [_judgement("negative", 0.85, 3, 20)]).perfect
    flipped = compare("x", "t", want, [_judgement("positive", 0.15, 3, 20)])
    assert (flipped.matched, len(flipped.inverted), len(flipped.invented)) == (0, 1, 0)
    extra = compare("x", "t", [], [_judgement("positive", 0.5)])
    assert (extra.matched, len(extra.invented)) == (0, 1)
    wrong_count = compare("x", "t", want, [_judgement("negative", 0.85, 4, 20)])
    assert len(wrong_count.inverted) == 1


def test_a_reader_that_finds_nothing_scores_no_recall() -> None:
    score = score_judgements("tune", reader=lambda text, cases: [])
    assert score.expected > 50 and score.recall == 0.0 and score.invented == 0


# ---------------------------------------------------------------- the parser's scores
SCORED_SPLITS = [
    "tune",
    # seen once while the parser was generalised (its misses were read); the clean measure of
    # unseen wording is tests/test_phrasebank_unseen.py
    pytest.param("held_out", marks=pytest.mark.xfail(strict=False, reason="below target")),
]


@pytest.mark.parametrize("split", SCORED_SPLITS)
def test_parser_reads_bank_judgements(split: str) -> None:
    score = score_judgements(split)
    print("\n" + score.line(f"judgements/{split}"))
    assert score.recall >= RECALL_TARGET
    assert score.precision >= PRECISION_TARGET
    assert score.inverted == 0, "a reading on the wrong side of the truth"


@pytest.mark.parametrize("split", SCORED_SPLITS)
def test_parser_reads_bank_fields(split: str) -> None:
    score = score_fields(split)
    print("\n" + score.line(f"fields/{split}"))
    assert score.accuracy >= RECALL_TARGET


# ---------------------------------------------------------------- report for people
def _show(j: Judgement) -> str:
    counts = f" {j.numerator}/{j.denominator}" if j.denominator else ""
    return f"{j.polarity}{counts} {j.sufficiency:.3f} via {j.quantifier_text!r}"


def report() -> None:
    """Print the scores per split and every example the parser does not read perfectly."""
    for split in SPLITS:
        score = score_judgements(split)
        print(score.line(f"judgements/{split}"))
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
        fields = score_fields(split)
        print(fields.line(f"fields/{split}"))
        for entry, name, text, want, got in fields.misses:
            print(f"  [{entry}] {name}: want {want!r}, got {got!r} <- {' '.join(text.split())}")


if __name__ == "__main__":
    report()
