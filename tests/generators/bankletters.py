"""Whole synthetic letters whose numbered findings come from the phrase bank, with an answer key.

The synthetic generator (:mod:`generators.synth`) writes findings from its own wording, so its
corpora stay byte-identical whatever the bank holds. This module takes a letter the synthetic
builder composed (header, title, dates, sample, rate, footnote, lists, closing, copy list) and
replaces its commentary with example paragraphs of the bank's "tune" split, so that the
parser meets the bank's wording inside a real letter layout. The sample size the letter states
is the one the examples were written for: examples are grouped by ``cases_examined`` and each
group fills letters of its own.

The answer key (``bank_key.json``) holds the letter's facts as the synthetic key states them
and, per paragraph, the bank entry and the judgements a correct reading gives. Held-out
examples are never written: they exist to measure generalisation.

From the command line::

    PYTHONPATH=tests .venv/bin/python -m generators.bankletters --out /tmp/bankletters
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generators.bank import examples
from generators.builder import LetterBuilder
from generators.model import DOMAINS, FIRST_YEAR, SUFFIXES, Numbered, SynthReport, area_names
from generators.synth import render

KEY_FILE = "bank_key.json"
PARAGRAPHS_PER_DOMAIN = 3
FORMATS = ("text", "markdown", "html")
KEY_FIELDS = (
    "area", "service_type", "publication_date", "fieldwork_start", "fieldwork_end",
    "cases_examined", "reoffending_rate", "national_average", "rate_published",
    "cohort_start", "cohort_end", "lead_inspector",
)  # fmt: skip


def _batches(seed: int) -> list[tuple[int, list[tuple[str, dict[str, Any]]]]]:
    """(cases examined, [(entry id, example)]) per letter: tune examples of one sample size."""
    by_cases: dict[int, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for entry, example in examples("judgement", "tune"):
        by_cases[example["cases_examined"]].append((entry["id"], example))
    rng = random.Random(f"sqs-bank-letters:{seed}")
    per_letter = PARAGRAPHS_PER_DOMAIN * len(DOMAINS)
    batches = []
    for cases in sorted(by_cases):
        group = by_cases[cases]
        rng.shuffle(group)
        batches += [(cases, group[i : i + per_letter]) for i in range(0, len(group), per_letter)]
    return batches


def _set_sample(report: SynthReport, cases: int) -> None:
    """State ``cases`` as the sample size in the context paragraph and the key."""
    old = report.fields["cases_evidence"]
    words = str(cases)
    new = old.replace(report.evidence_snippets["cases_evidence"], f"{words} cases", 1)
    report.sections["context"] = [report.sections["context"][0].replace(old, new, 1)]
    report.fields.update(cases_examined=cases, cases_evidence=new)
    report.evidence_snippets["cases_evidence"] = f"{words} cases"


def build_letters(
    seed: int = 0, formats: Sequence[str] = FORMATS
) -> list[tuple[SynthReport, dict[str, Any]]]:
    """Every bank letter as (synthetic report, its key entry), not yet rendered."""
    batches = _batches(seed)
    areas = area_names(len(batches), seed + 7919)  # other names than the synthetic corpus
    letters = []
    for i, ((cases, batch), area) in enumerate(zip(batches, areas, strict=True)):
        fmt = formats[i % len(formats)]
        report = LetterBuilder(area, FIRST_YEAR + i % 5, fmt, seed, 0.0).build()
        _set_sample(report, cases)
        paragraphs, key_paragraphs = [], []
        for j, (entry_id, example) in enumerate(batch):
            number = j // PARAGRAPHS_PER_DOMAIN + 1
            label = f"{number}.{j % PARAGRAPHS_PER_DOMAIN + 1}"
            text = example["paragraph_text"]
            heading = report.domain_headings[number]
            paragraphs.append(Numbered(label, DOMAINS[number], heading, [text]))
            key_paragraphs.append(
                {"paragraph": label, "entry": entry_id, "text": text, "expect": example["expect"]}
            )
        report.paragraphs = paragraphs
        report.judgements = []
        key = {
            "source_file": f"bank-{i:03d}-{report.fields['report_id']}{SUFFIXES[fmt]}",
            "fields": {k: report.fields.get(k) for k in KEY_FIELDS},
            "paragraphs": key_paragraphs,
        }
        letters.append((report, key))
    return letters


def write_letters(out: str | Path, seed: int = 0, formats: Sequence[str] = FORMATS) -> Path:
    """Write the bank letters and ``bank_key.json`` into ``out``; returns the key's path."""
    out = Path(out)
    if out.resolve().name == "raw" and out.resolve().parent.name == "data":
        raise ValueError("refusing to write synthetic letters into data/raw")
    out.mkdir(parents=True, exist_ok=True)
    keys = []
    for report, key in build_letters(seed, formats):
        (out / key["source_file"]).write_bytes(render(report, seed))
        keys.append(key)
    path = out / KEY_FILE
    path.write_text(json.dumps({"seed": seed, "letters": keys}, indent=1) + "\n", "utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="folder to write into (never data/raw)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(write_letters(args.out, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
