"""The synthetic corpus as an answer key.

Two hundred generated reports in every format are parsed with the real parser and every report
field, finding, list and judgement is compared with what the generator wrote. The generator is
checked on its own first (determinism, marking, consistency, coverage of wordings), so a failure
further down points at the parser, with the file, the field, the expected and the parsed value.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from generators import synth
from generators.synth import BANNER, normalise_for_comparison

N_AREAS, YEARS = 100, 2
SEED = int(os.environ.get("SQS_SYNTH_SEED", "2016"))  # try other corpora: SQS_SYNTH_SEED=7
FORMAT_SHARES = {"markdown": 44, "text": 44, "pdf": 6, "html": 6}  # PDF kept small for speed
FLOAT_TOLERANCE = 0.006  # rounding to two decimals, never a different count
REPO = Path(__file__).resolve().parents[1]

# Which generator choices explain a field, so a failure says which wording the parser missed.
FIELD_VARIANTS = {
    "fieldwork_start": ("fieldwork_style",),
    "fieldwork_end": ("fieldwork_style",),
    "fieldwork_evidence": ("fieldwork_sentence",),
    "publication_date": ("publication_date_style",),
    "reoffending_rate": ("rate_style", "rate_sentence"),
    "previous_year_rate": ("previous_style", "rate_style", "rate_sentence"),
    "vs_previous_year": ("previous_style", "rate_sentence"),
    "national_average": ("rate_style", "rate_sentence"),
    "vs_national_average": ("rate_sentence",),
    "gap_to_national_pp": ("rate_style",),
    "rate_evidence": ("rate_sentence",),
    "rate_published": ("footnote_style",),
    "cohort_start": ("footnote_style",),
    "cohort_end": ("footnote_style",),
    "cohort_evidence": ("footnote_style",),
    "cases_examined": ("cases_sentence",),
    "recipient_role": ("recipient_role",),
}


# ------------------------------------------------------------------------------------------
# Fixtures: one corpus and one parse for the whole module.
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("synthetic")
    synth.write_corpus(folder, N_AREAS, YEARS, FORMAT_SHARES, SEED)
    return folder, synth.load_key(folder)


@pytest.fixture(scope="module")
def key_by_file(corpus: tuple[Path, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {entry["source_file"]: entry for entry in corpus[1]["reports"]}


@pytest.fixture(scope="module")
def parsed(corpus: tuple[Path, dict[str, Any]]):
    from sqs_analysis import open_tables

    return open_tables(corpus[0])


@pytest.fixture(scope="module")
def parsed_reports(parsed) -> dict[str, dict[str, Any]]:
    return {row["source_file"]: row for row in parsed.reports.to_dict("records")}


def _by_report(frame, id_to_file: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in frame.to_dict("records"):
        grouped[id_to_file.get(row["report_id"], row["report_id"])].append(row)
    return grouped


@pytest.fixture(scope="module")
def id_to_file(parsed) -> dict[str, str]:
    return dict(zip(parsed.reports["report_id"], parsed.reports["source_file"], strict=True))


# ------------------------------------------------------------------------------------------
# Mismatch bookkeeping: every failure names the file, the field, expected and got.
# ------------------------------------------------------------------------------------------


class Mismatches:
    """Collects differences and explains them grouped by field and format."""

    def __init__(self, what: str):
        self.what = what
        self.rows: list[tuple[str, str, str, Any, Any, str]] = []

    def add(self, entry: dict[str, Any], field: str, expected: Any, got: Any, note: str = ""):
        self.rows.append((entry["source_file"], entry["source_format"], field, expected, got, note))

    def report(self, n_reports: int) -> str:
        """A summary with three examples per field; every mismatch goes to captured stdout."""
        for file, fmt, field, expected, got, note in self.rows:
            print(f"{file} [{fmt}] {field}: expected {expected!r}, got {got!r} {note}")
        by_field: dict[str, list] = defaultdict(list)
        for row in self.rows:
            by_field[row[2]].append(row)
        lines = [f"{len(self.rows)} {self.what} mismatches across {n_reports} reports"]
        for name, rows in sorted(by_field.items(), key=lambda kv: -len(kv[1])):
            formats = Counter(r[1] for r in rows)
            lines.append(f"  {name}: {len(rows)} ({dict(formats)})")
            for file, _, _, expected, got, note in rows[:3]:
                lines.append(f"    {file}: expected {expected!r}, got {got!r} {note}".rstrip())
        return "\n".join(lines)


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value) or str(value) in ("<NA>", "NaT", "nan")
    except (TypeError, ValueError):
        return False


def _as_text(value: Any) -> str | None:
    """A parsed value as the key writes it: ISO dates, YYYY-MM months, plain text."""
    if _missing(value):
        return None
    if hasattr(value, "strftime") and not hasattr(value, "freqstr"):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _variant_note(entry: dict[str, Any], field: str) -> str:
    names = FIELD_VARIANTS.get(field, ())
    found = {n: entry["variants"][n] for n in names if n in entry["variants"]}
    return f"[{', '.join(f'{k}={v}' for k, v in found.items())}]" if found else ""


# ------------------------------------------------------------------------------------------
# The generator on its own.
# ------------------------------------------------------------------------------------------


def test_same_seed_same_bytes_other_seed_other_corpus(tmp_path: Path) -> None:
    formats = ["markdown", "text", "pdf", "html"]
    synth.write_corpus(tmp_path / "a", 2, 2, formats, seed=7)
    synth.write_corpus(tmp_path / "b", 2, 2, formats, seed=7)
    synth.write_corpus(tmp_path / "c", 2, 2, formats, seed=8)
    files_a = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files_a == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in files_a:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert {p.suffix for p in (tmp_path / "a").iterdir()} == {
        ".md",
        ".txt",
        ".pdf",
        ".html",
        ".json",
    }
    assert files_a != sorted(p.name for p in (tmp_path / "c").iterdir())


def test_rerun_replaces_previous_corpus(tmp_path: Path) -> None:
    synth.write_corpus(tmp_path, 3, 2, ["text"], seed=1)
    synth.write_corpus(tmp_path, 2, 1, ["markdown"], seed=2)
    key = synth.load_key(tmp_path)
    on_disk = sorted(p.name for p in tmp_path.iterdir() if p.name != synth.KEY_FILE)
    assert on_disk == sorted(e["source_file"] for e in key["reports"])
    assert len(on_disk) == 2


@pytest.mark.parametrize(
    "target", ["data/raw", "data/raw/synthetic", "./data/../data/raw/x", "{repo}/data/raw"]
)
def test_refuses_to_write_into_data_raw(target: str, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    out = Path(target.format(repo=REPO))
    with pytest.raises(ValueError, match="data/raw"):
        synth.write_corpus(out, 1, 1, ["text"], seed=1)
    assert not (tmp_path / "data").exists()


def test_cli_refuses_data_raw_and_writes_elsewhere(tmp_path: Path, monkeypatch, capsys) -> None:
    from generators.synth import main

    monkeypatch.chdir(tmp_path)
    assert main(["--out", "data/raw", "--areas", "1", "--years", "1"]) == 2
    assert "data/raw" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()
    code = main(["--out", "synth", "--areas", "2", "--years", "1", "--formats", "text"])
    assert code == 0
    assert len(synth.load_key(tmp_path / "synth")["reports"]) == 2


def test_every_file_says_it_is_synthetic(corpus) -> None:
    from pypdf import PdfReader

    folder, key = corpus
    for entry in key["reports"]:
        path = folder / entry["source_file"]
        if entry["source_format"] == "pdf":
            first = PdfReader(path).pages[0].extract_text().splitlines()[0]
        elif entry["source_format"] == "html":
            first = re.sub(r"<[^>]+>", "", path.read_text("utf-8").split("<body>")[1]).strip()
        else:
            first = path.read_text("utf-8").splitlines()[0]
        assert first.startswith(BANNER), entry["source_file"]
    assert key["synthetic"] is True
    real_areas = {"southend", "knowsley"}
    assert not real_areas & {e["report"]["area"].lower() for e in key["reports"]}


def test_text_files_look_like_pdf_extracts(corpus) -> None:
    """Hard line breaks at 80-95 columns, page furniture, glued footnote digits, no markup."""
    folder, key = corpus
    texts = [e for e in key["reports"] if e["source_format"] == "text"]
    assert len(texts) == 88
    for entry in texts:
        text = (folder / entry["source_file"]).read_text("utf-8")
        width = int(entry["variants"]["text_width"])
        assert 80 <= width <= 95
        assert max(len(line) for line in text.splitlines()) <= width, entry["source_file"]
        assert f"reoffending rate1 for {entry['report']['area']}" in " ".join(text.split())
        assert re.search(r"^1 (The reoffending|Published|Proven)", text, re.M)
        assert "\f" in text and re.search(r"^(Page )?-? ?2( -)?( of \d+)?$", text, re.M)
        assert not re.search(r"<i>|<sup>|^#|^\||\*\*", text, re.M), entry["source_file"]
        finding = entry["findings"][0]
        assert finding["text"] not in text  # wrapped, so never on one line
        assert normalise_for_comparison(finding["text"]) in normalise_for_comparison(text)


def test_key_is_internally_consistent(corpus) -> None:
    """True values hang together: dates, cohorts, directions, ranges and evidence."""
    _, key = corpus
    national: dict[str, float] = {}
    ids = Counter(e["report"]["report_id"] for e in key["reports"])
    assert max(ids.values()) == 1
    for entry in key["reports"]:
        r = entry["report"]
        start, end, published = (
            date.fromisoformat(r[k])
            for k in ("fieldwork_start", "fieldwork_end", "publication_date")
        )
        assert start <= end < published and (end - start).days in (2, 3)
        assert start.weekday() < 5 and end.weekday() < 5
        y, m = map(int, r["rate_published"].split("-"))
        assert m in (1, 4, 7, 10) and (y, m) <= (start.year, start.month)
        months = (y * 12 + m) - _month_index(r["cohort_end"])
        assert months == 22
        assert _month_index(r["cohort_end"]) - _month_index(r["cohort_start"]) == 11
        assert national.setdefault(r["cohort_end"], r["national_average"]) == r["national_average"]
        for rate_key, direction_key in (
            ("national_average", "vs_national_average"),
            ("previous_year_rate", "vs_previous_year"),
        ):
            if r[rate_key] is not None:
                expected = _direction(r["reoffending_rate"], r[rate_key])
                assert r[direction_key] == expected, entry["source_file"]
        assert math.isclose(
            r["gap_to_national_pp"], r["reoffending_rate"] - r["national_average"], abs_tol=0.051
        )
        assert r["report_id"].endswith(r["publication_date"])
        texts = {f["paragraph"]: f["text"] for f in entry["findings"]}
        for domain in (1, 2, 3, 4):
            numbers = [p for p in texts if p.startswith(f"{domain}.")]
            assert numbers == [f"{domain}.{i}" for i in range(1, len(numbers) + 1)]
        for j in entry["judgements"]:
            assert j["sufficiency_low"] <= j["sufficiency"] <= j["sufficiency_high"], j
            counted = j["true_numerator"] / j["true_denominator"]
            flipped = 1 - counted if j["polarity"] == "negative" else counted
            assert math.isclose(flipped, j["sufficiency"], abs_tol=1e-4)
            if j["numerator"] is not None:
                assert (j["numerator"], j["denominator"]) == (
                    j["true_numerator"],
                    j["true_denominator"],
                )
            assert j["evidence"] in texts[j["paragraph"]]
            assert j["quantifier_text"].lower() in j["evidence"].lower()
        for field, snippet in entry["evidence_snippets"].items():
            assert snippet in r[field], (field, snippet)


def test_corpus_covers_every_wording(corpus) -> None:
    """Every quantifier, date style, rate style and optional paragraph occurs in the corpus."""
    _, key = corpus
    reports = key["reports"]
    quantifiers = Counter(j["quantifier"] for e in reports for j in e["judgements"])
    assert set(synth.QUANTIFIER_NAMES) <= set(quantifiers), set(synth.QUANTIFIER_NAMES) - set(
        quantifiers
    )
    surface = Counter(j["quantifier_text"].lower() for e in reports for j in e["judgements"])
    for words in (
        "almost all",
        "nearly all",
        "a third",
        "one-third",
        "fewer than half",
        "only two",
    ):
        assert surface[words], words
    polarity = Counter(j["polarity"] for e in reports for j in e["judgements"])
    assert polarity["negative"] >= 20
    variants: dict[str, Counter] = defaultdict(Counter)
    for entry in reports:
        for name, value in entry["variants"].items():
            variants[name][value] += 1
    expected = {
        "fieldwork_style": {"padded", "plain", "ordinal", "to", "padded_cross_month"},
        "rate_style": {"percent_sign", "per_cent"},
        "previous_style": {"words", "number"},
        "service_type": {"YOS", "YOT", "YJS"},
        "heading_4": {"making_sure", "ensuring_that"},
        "footnote_style": {"long", "short", "to"},
        "md_header": {"tabs", "table"},
        "md_footnote": {"after_summary", "page_break_in_1.1"},
        "improvements_heading": {"Areas requiring improvement", "Areas for improvement"},
    }
    for name, values in expected.items():
        assert values <= set(variants[name]), (name, set(variants[name]))
    directions = Counter(e["report"]["vs_previous_year"] for e in reports)
    assert set(directions) == {"better", "worse", "same"}
    paragraphs = Counter(p["paragraph"] for e in reports for p in e["findings"])
    for optional in ("1.5", "3.5", "2.5", "4.4"):
        assert 0 < paragraphs[optional] < len(reports), optional
    formats = Counter(e["source_format"] for e in reports)
    assert formats == {"markdown": 88, "text": 88, "pdf": 12, "html": 12}


def _month_index(text: str) -> int:
    y, m = map(int, text.split("-"))
    return y * 12 + m


def _direction(rate: float, other: float) -> str:
    if math.isclose(rate, other):
        return "same"
    return "better" if rate < other else "worse"


# ------------------------------------------------------------------------------------------
# The parser against the key.
# ------------------------------------------------------------------------------------------


def test_every_file_parses_without_errors(parsed, corpus) -> None:
    _, key = corpus
    files = parsed.files.to_dict("records")
    skipped = [f["source_file"] for f in files if f["status"] == "skipped"]
    assert skipped == ["answer_key.json"], "the answer key is accounted for, not read"
    files = [f for f in files if f["status"] != "skipped"]
    assert len(files) == len(key["reports"])
    failed = [(f["source_file"], f["status"]) for f in files if f["status"] != "parsed"]
    errors = parsed.parse_issues[parsed.parse_issues["severity"] == "error"]
    assert not failed, failed[:10]
    assert errors.empty, errors.head(10).to_string()


def test_report_fields_match_key(parsed_reports, key_by_file) -> None:
    from sqs_analysis.reference.codebook import codebook

    spec = codebook()["reports"]
    problems = Mismatches("report field")
    for file, entry in key_by_file.items():
        got_row = parsed_reports.get(file)
        if got_row is None:
            problems.add(entry, "<report missing>", file, None)
            continue
        for column in spec.columns:
            name = column.name
            expected = entry["report"][name]
            got = got_row.get(name)
            if name.endswith("_evidence"):
                snippet = normalise_for_comparison(entry["evidence_snippets"][name])
                if snippet not in normalise_for_comparison(_as_text(got)):
                    problems.add(entry, name, f"...{snippet}...", _as_text(got))
                continue
            if column.dtype in ("float", "int"):
                same = (expected is None and _missing(got)) or (
                    expected is not None
                    and not _missing(got)
                    and math.isclose(float(got), float(expected), abs_tol=FLOAT_TOLERANCE)
                )
            else:
                same = normalise_for_comparison(expected) == normalise_for_comparison(_as_text(got))
            if not same:
                problems.add(entry, name, expected, _as_text(got), _variant_note(entry, name))
    assert not problems.rows, problems.report(len(key_by_file))


def test_findings_match_key(parsed, id_to_file, key_by_file) -> None:
    """Same numbered paragraphs, domains and headings, and the text without page furniture."""
    got_by_file = _by_report(parsed.findings, id_to_file)
    problems = Mismatches("finding")
    for file, entry in key_by_file.items():
        got = {row["paragraph"]: row for row in got_by_file.get(file, [])}
        expected = {f["paragraph"]: f for f in entry["findings"]}
        if list(got) != list(expected):
            problems.add(entry, "paragraphs", list(expected), list(got))
        for number, finding in expected.items():
            row = got.get(number)
            if row is None:
                continue
            for name in ("domain", "heading", "text"):
                want = normalise_for_comparison(finding[name])
                have = normalise_for_comparison(_as_text(row[name]))
                if want != have:
                    note = f"[{number}; md_footnote={entry['variants'].get('md_footnote')}]"
                    problems.add(
                        entry, name, _diff_hint(want, have)[0], _diff_hint(want, have)[1], note
                    )
    assert not problems.rows, problems.report(len(key_by_file))


def test_sections_and_lists_match_key(parsed, id_to_file, key_by_file) -> None:
    """Context, summary and operational management; strengths, improvements, copy list."""
    sections = _by_report(parsed.sections, id_to_file)
    strengths = _by_report(parsed.strengths, id_to_file)
    improvements = _by_report(parsed.improvements, id_to_file)
    copies = _by_report(parsed.copy_list, id_to_file)
    problems = Mismatches("section or list")
    for file, entry in key_by_file.items():
        got_sections = {r["section"]: r["text"] for r in sections.get(file, [])}
        for name, text in entry["sections"].items():
            want = normalise_for_comparison(text)
            have = normalise_for_comparison(_as_text(got_sections.get(name)))
            if want != have:
                problems.add(entry, f"section {name}", *_diff_hint(want, have))
        for label, expected, rows in (
            ("strengths", entry["strengths"], strengths.get(file, [])),
            ("improvements", entry["improvements"], improvements.get(file, [])),
        ):
            got = [
                normalise_for_comparison(r["text"]) for r in sorted(rows, key=lambda r: r["item"])
            ]
            want = [normalise_for_comparison(t) for t in expected]
            if got != want:
                problems.add(entry, label, want, got, _variant_note(entry, "improvements_heading"))
        got_copy = [
            (normalise_for_comparison(r["role"]), normalise_for_comparison(_as_text(r["names"])))
            for r in sorted(copies.get(file, []), key=lambda r: r["item"])
        ]
        want_copy = [tuple(normalise_for_comparison(x) for x in row) for row in entry["copy_list"]]
        if got_copy != want_copy:
            diff = [(w, g) for w, g in zip(want_copy, got_copy, strict=False) if w != g]
            problems.add(
                entry,
                "copy_list",
                diff[0][0] if diff else f"{len(want_copy)} rows",
                diff[0][1] if diff else f"{len(got_copy)} rows",
            )
    assert not problems.rows, problems.report(len(key_by_file))


def test_judgements_match_key(parsed, id_to_file, key_by_file) -> None:
    """Each key judgement is found in its paragraph with the same polarity and a sufficiency
    inside the key's range (exact counts where the text states them); at most one extra
    judgement per report."""
    got_by_file = _by_report(parsed.judgements, id_to_file)
    problems = Mismatches("judgement")
    for file, entry in key_by_file.items():
        unmatched = list(got_by_file.get(file, []))
        for j in sorted(entry["judgements"], key=lambda j: not j["required"]):
            candidates = [
                g
                for g in unmatched
                if g["paragraph"] == j["paragraph"]
                and g["polarity"] == j["polarity"]
                and j["sufficiency_low"] - FLOAT_TOLERANCE
                <= float(g["sufficiency"])
                <= j["sufficiency_high"] + FLOAT_TOLERANCE
            ]
            if not candidates:
                if j["required"]:
                    seen = [
                        (g["polarity"], round(float(g["sufficiency"]), 3), g["quantifier_text"])
                        for g in unmatched
                        if g["paragraph"] == j["paragraph"]
                    ]
                    problems.add(
                        entry,
                        f"missing {j['quantifier']} ({j['polarity']})",
                        f"{j['paragraph']}: {j['quantifier_text']!r} "
                        f"[{j['sufficiency_low']}, {j['sufficiency_high']}]",
                        seen,
                        f"evidence: {j['evidence']}",
                    )
                continue
            words = normalise_for_comparison(j["quantifier_text"]).lower()
            best = min(
                candidates,
                key=lambda g: (
                    words not in normalise_for_comparison(_as_text(g["quantifier_text"])).lower(),
                    words not in normalise_for_comparison(g["evidence"]).lower(),
                    abs(float(g["sufficiency"]) - j["sufficiency"]),
                ),
            )
            unmatched.remove(best)
            _check_counts(problems, entry, j, best)
        if len(unmatched) > 1:
            problems.add(
                entry,
                "extra judgements",
                "at most 1",
                [(g["paragraph"], g["quantifier_text"], g["evidence"][:80]) for g in unmatched],
            )
    assert not problems.rows, problems.report(len(key_by_file))


def _check_counts(problems: Mismatches, entry: dict, j: dict, got: dict) -> None:
    """Numbers the text states must come through exactly; derived ones, if given, must agree."""
    if j["denominator"] is None:
        return
    have = (got["numerator"], got["denominator"])
    want = (j["numerator"], j["denominator"])
    if j["denominator_source"] == "cases_examined" and all(_missing(v) for v in have):
        return
    if _missing(have[0]) or _missing(have[1]) or (int(have[0]), int(have[1])) != want:
        problems.add(
            entry,
            f"counts ({j['denominator_source']})",
            f"{j['paragraph']}: {want}",
            (_as_text(have[0]), _as_text(have[1])),
            f"evidence: {j['evidence']}",
        )


def _diff_hint(want: str, have: str, context: int = 40) -> tuple[str, str]:
    """The stretch around the first difference of two long texts."""
    i = next((k for k, (a, b) in enumerate(zip(want, have, strict=False)) if a != b), None)
    if i is None:
        i = min(len(want), len(have))
    lo = max(0, i - context)
    return want[lo : i + context], have[lo : i + context]


def test_answer_key_file_is_plain_json(corpus) -> None:
    folder, key = corpus
    text = (folder / synth.KEY_FILE).read_text("utf-8")
    assert json.loads(text) == key
    fields = set(key["reports"][0]["report"])
    from sqs_analysis.reference.codebook import codebook

    assert fields == set(codebook()["reports"].column_names)
