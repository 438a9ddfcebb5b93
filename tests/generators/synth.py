"""Synthetic SQS-style reports with an answer key, for testing the parser and scaling the workbook.

Only two real reports are bundled, while a real user loads every Short Quality Screening report
ever published. This generator writes any number of clearly fictional reports, in every format
the parser reads, together with the true value of every field and every judgement they contain.
The texts are composed from how the Inspectorate writes these letters (the wording is data, in
``synth_wording.toml``), independently of the parser, so that the key is an honest answer to
check the parser against. It is test equipment, not part of the product: it lives beside the
tests, and ``fpdf2``, which writes its PDFs, is a development dependency.

Every file opens with :data:`BANNER`. Areas are the real services of the area lookup (invented
names only past the last of them), so codes, regions and comparators run at full size. Nothing
here is ever written into ``data/raw``.

From the command line (``make synth`` runs the same)::

    PYTHONPATH=tests .venv/bin/python -m generators.synth --out /tmp/synthetic --areas 150

From Python, with ``tests/`` on the path (pytest puts it there)::

    >>> from generators.synth import write_corpus, load_key
    >>> write_corpus("/tmp/synth", n_areas=5, years=2, seed=3)  # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from generators.builder import LetterBuilder
from generators.model import (
    BANNER,
    FIRST_YEAR,
    FORMATS,
    KEY_FILE,
    SUFFIXES,
    SynthReport,
    area_names,
    plain,
)
from generators.render import render_html, render_markdown, render_pdf, render_text
from generators.wording import QUANTIFIER_NAMES

__all__ = [
    "BANNER",
    "FORMATS",
    "KEY_FILE",
    "QUANTIFIER_NAMES",
    "build_reports",
    "key_entry",
    "load_key",
    "main",
    "normalise_for_comparison",
    "render",
    "write_corpus",
]


# --------------------------------------------------------------------------------------------
# The corpus: plan, build, render, write the files and the key.
# --------------------------------------------------------------------------------------------


def _format_plan(formats: Sequence[str] | Mapping[str, float], n: int, seed: int) -> list[str]:
    """Exactly proportional format assignment (largest remainder), shuffled reproducibly."""
    weights = dict(formats) if isinstance(formats, Mapping) else dict.fromkeys(formats, 1.0)
    unknown = set(weights) - set(FORMATS)
    if unknown or not weights:
        raise ValueError(f"unknown formats {sorted(unknown)}; choose from {FORMATS}")
    total = sum(weights.values())
    quotas = {f: n * w / total for f, w in weights.items()}
    counts = {f: int(q) for f, q in quotas.items()}
    for f in sorted(quotas, key=lambda f: quotas[f] - counts[f], reverse=True)[
        : n - sum(counts.values())
    ]:
        counts[f] += 1
    plan = [f for f in weights for _ in range(counts[f])]
    random.Random(f"sqs-synth-formats:{seed}").shuffle(plan)
    return plan


def _refuse_protected(out: Path) -> None:
    """Synthetic data must never be mistaken for real reports: keep it out of data/raw."""
    parts = [p.lower() for p in out.resolve().parts]
    for a, b in itertools.pairwise(parts):
        if (a, b) == ("data", "raw"):
            raise ValueError(
                f"refusing to write synthetic reports into {out}: data/raw holds real reports only"
            )


def build_reports(
    n_areas: int, years: int, formats: Sequence[str] | Mapping[str, float], seed: int
) -> list[SynthReport]:
    """Every report of a corpus (one per area per year), in memory and not yet rendered."""
    if n_areas < 1 or years < 1:
        raise ValueError("need at least one area and one year")
    areas = area_names(n_areas, seed)
    plan = _format_plan(formats, n_areas * years, seed)
    reports = []
    i = 0
    for area in areas:
        effect = random.Random(f"sqs-synth-quality:{seed}:{area}").gauss(0, 0.09)
        for year in range(FIRST_YEAR, FIRST_YEAR + years):
            reports.append(LetterBuilder(area, year, plan[i], seed, effect).build())
            i += 1
    return reports


def render(report: SynthReport, seed: int) -> bytes:
    """The file bytes of one report in its format."""
    rng = random.Random(f"sqs-synth-render:{seed}:{report.fields['report_id']}")
    fmt = report.source_format
    if fmt == "pdf":
        return render_pdf(report, rng)
    text = {"markdown": render_markdown, "text": render_text, "html": render_html}[fmt](report, rng)
    return text.encode("utf-8")


def key_entry(report: SynthReport) -> dict[str, Any]:
    """The answer-key record of one report (field names as in the codebook's tables)."""
    return {
        "source_file": report.fields["source_file"],
        "source_format": report.source_format,
        "variants": dict(sorted(report.variants.items())),
        "report": report.fields,
        "evidence_snippets": report.evidence_snippets,
        "findings": [
            {"paragraph": p.paragraph, "domain": p.domain, "heading": p.heading, "text": p.text}
            for p in report.paragraphs
        ],
        "judgements": [asdict(j) for j in report.judgements],
        "strengths": report.strengths,
        "improvements": report.improvements,
        "copy_list": [list(row) for row in report.copy_list],
        "sections": {
            "context": "\n\n".join(report.sections["context"]),
            "summary": "\n\n".join(plain(t) for t in report.sections["summary"]),
            "operational_management": "\n\n".join(report.sections["operational_management"]),
        },
    }


def write_corpus(
    out: str | Path,
    n_areas: int = 20,
    years: int = 3,
    formats: Sequence[str] | Mapping[str, float] = ("markdown", "text", "pdf"),
    seed: int = 1,
) -> Path:
    """Write ``n_areas * years`` synthetic reports and ``answer_key.json`` into ``out``.

    ``formats`` is a list (equal shares) or a mapping of format to weight, e.g.
    ``{"markdown": 45, "text": 45, "pdf": 10}``. Re-running into the same folder replaces the
    previous synthetic corpus; a folder inside ``data/raw`` is refused.
    """
    out = Path(out)
    _refuse_protected(out)
    out.mkdir(parents=True, exist_ok=True)
    previous = out / KEY_FILE
    if previous.exists():
        for entry in json.loads(previous.read_text("utf-8")).get("reports", []):
            (out / entry["source_file"]).unlink(missing_ok=True)
    reports = build_reports(n_areas, years, formats, seed)
    entries = []
    for i, report in enumerate(reports):
        fields = report.fields
        name = f"synthetic_{i:04d}_{fields['report_id']}{SUFFIXES[report.source_format]}"
        data = render(report, seed)
        (out / name).write_bytes(data)
        fields["source_file"] = name
        fields["source_sha256"] = hashlib.sha256(data).hexdigest()
        entries.append(key_entry(report))
    key = {
        "synthetic": True,
        "note": BANNER,
        "generator": "generators.synth",
        "seed": seed,
        "n_areas": n_areas,
        "years": [FIRST_YEAR, FIRST_YEAR + years - 1],
        "formats": dict(formats) if isinstance(formats, Mapping) else list(formats),
        "reports": entries,
    }
    tmp = out / f".{KEY_FILE}.tmp"
    tmp.write_text(json.dumps(key, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(previous)
    return out


def load_key(folder: str | Path) -> dict[str, Any]:
    """The answer key written by :func:`write_corpus`."""
    return json.loads((Path(folder) / KEY_FILE).read_text("utf-8"))


_WS = re.compile(r"\s+")


def normalise_for_comparison(text: str | None) -> str:
    """Text with whitespace, dashes, quotes and inline markup made uniform, for comparing
    what a parser extracted with what the generator wrote."""
    if text is None:
        return ""
    text = re.sub(r"</?(i|em|b|strong|sup)>", "", str(text))
    text = text.replace("*", "")
    for dash in ("–", "—", "‐", "‑"):
        text = text.replace(dash, "-")
    for quote in ("“", "”", "‘", "’"):
        text = text.replace(quote, '"' if quote in "“”" else "'")
    text = re.sub(r"\s*-\s*", " - ", text)
    return _WS.sub(" ", text).strip()


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m generators.synth``: write a synthetic corpus with its answer key."""
    parser = argparse.ArgumentParser(
        prog="python -m generators.synth",
        description="Write a synthetic corpus of SQS-style reports with its answer key "
        "(clearly marked synthetic; never into data/raw).",
    )
    parser.add_argument("--out", required=True, help="folder to write into (never data/raw)")
    parser.add_argument("--areas", type=int, default=20, help="number of areas")
    parser.add_argument("--years", type=int, default=3, help="number of years")
    parser.add_argument(
        "--formats",
        nargs="+",
        default=["markdown", "text", "pdf"],
        choices=list(FORMATS),
        help="file formats to write",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    args = parser.parse_args(argv)
    try:
        out = write_corpus(
            Path(args.out),
            n_areas=args.areas,
            years=args.years,
            formats=args.formats,
            seed=args.seed,
        )
    except ValueError as exc:  # e.g. an --out inside data/raw
        print(f"synth failed: {exc}", file=sys.stderr)
        return 2
    print(f"synthetic corpus written to {out} (answer key: {KEY_FILE})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
