"""Properties of the parser and the quantifier lexicon, checked on generated inputs.

The parser must never fail on any text except by saying it is not an SQS report, and the
values it reads must not depend on how lines are wrapped, where footnote markers sit or how
much whitespace there is. The lexicon's numbers must be coherent ranges of shares.
"""

from __future__ import annotations

import random
import re
import textwrap
from typing import Any

import pytest
from conftest import raw_paths
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sqs_analysis.ingest.model import Finding, Report
from sqs_analysis.ingest.parse import NotAnSQSReport, parse_text

RAW = {p.name: p.read_text("utf-8") for p in raw_paths()}
NAMES = sorted(RAW)
ALL_LINES = sorted({line for text in RAW.values() for line in text.split("\n")})
SEEDS = st.integers(min_value=0, max_value=2**32 - 1)
"""Layout changes are drawn from a seeded generator: a failure names the seed to replay."""
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parse(text: str, name: str = "generated.txt") -> Report:
    return parse_text(text, source_file=name, sha256="0" * 64, fmt="text")


def _flat(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


def values(report: Report) -> dict[str, Any]:
    """The report's fields and judgements, with whitespace inside strings collapsed."""
    from sqs_analysis.tables import report_row

    row = {k: _flat(v) for k, v in report_row(report).items()}
    for key in ("source_file", "source_sha256", "source_format"):
        row.pop(key)
    judgements = [
        (
            j.paragraph,
            j.seq,
            j.domain,
            j.polarity,
            j.quantifier,
            j.basis,
            j.numerator,
            j.denominator,
            j.denominator_source,
            j.sufficiency,
            j.sufficiency_low,
            j.sufficiency_high,
            _flat(j.evidence),
        )
        for j in report.judgements
    ]
    return {
        "report": row,
        "judgements": judgements,
        "paragraphs": [(f.paragraph, f.domain) for f in report.findings],
        "strengths": [_flat(s) for s in report.strengths],
        "improvements": [_flat(s) for s in report.improvements],
    }


BASELINE = {name: values(parse(text, name)) for name, text in RAW.items()}


def assert_same_values(got: dict[str, Any], expected: dict[str, Any]) -> None:
    for part in expected:
        if part == "report":
            diff = {
                k: (expected[part][k], got[part].get(k))
                for k in expected[part]
                if expected[part][k] != got[part].get(k)
            }
            assert not diff, f"report fields changed: {diff}"
        else:
            assert got[part] == expected[part], f"{part} changed"


# ------------------------------------------------------------------ never crashes


def parses_or_refuses(text: str) -> Report | None:
    """Parse ``text``; the only failure allowed is NotAnSQSReport."""
    try:
        report = parse(text)
    except NotAnSQSReport as exc:
        assert str(exc).strip() and "\n" not in str(exc)
        return None
    assert isinstance(report, Report)
    assert report.report_id
    return report


@settings(max_examples=200, deadline=None)
@given(st.text())
@example("")
@example("SQS")
@example("Short Quality Screening of youth offending work in ")
@example("SQS youth\n- 1.1.\n- 1.1.\n1.\n<sup>1</sup>\n¹\nKey strengths\n-\n")
def test_any_text_parses_or_is_refused(text):
    parses_or_refuses(text)


@st.composite
def report_soup(draw) -> str:
    """Lines of real reports, in any order, mixed with arbitrary text and structure marks."""
    pieces = st.one_of(
        st.sampled_from(ALL_LINES),
        st.text(max_size=120),
        st.sampled_from(
            [
                "",
                "- ",
                "1. Reducing reoffending",
                "- 9.9. In 0 of the 0 cases sampled, nothing was sufficient.",
                "Key strengths",
                "Areas requiring improvement",
                "Copy to:",
                "¹",
                "<sup>1</sup>",
                "---",
                "| | |",
                "\f",
                "Report of Short Quality Screening (SQS) of youth offending work in",
                "The published reoffending rate was 142.5%.",
                "We examined 0 cases.",
                "The inspection was conducted from 31-30 February 2016.",
            ]
        ),
    )
    lines = draw(st.lists(pieces, max_size=80))
    return "\n".join(lines)


@FAST
@given(report_soup())
def test_jumbled_report_text_parses_or_is_refused(text):
    report = parses_or_refuses(text)
    if report is not None:
        _tables_build_and_validate(report)


@st.composite
def mutated_report(draw) -> str:
    """A real report with lines deleted, repeated or swapped."""
    lines = RAW[draw(st.sampled_from(NAMES))].split("\n")
    rnd = random.Random(draw(SEEDS))
    for _ in range(draw(st.integers(min_value=1, max_value=12))):
        i = rnd.randrange(len(lines))
        op = rnd.choice(("delete", "repeat", "swap", "cut"))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "repeat":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = rnd.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines[i] = lines[i][: rnd.randrange(len(lines[i]) + 1)]
    return "\n".join(lines)


@FAST
@given(mutated_report())
def test_damaged_report_parses_or_is_refused(text):
    report = parses_or_refuses(text)
    if report is not None:
        _tables_build_and_validate(report)


def _tables_build_and_validate(report: Report) -> None:
    from sqs_analysis.tables import build_tables
    from sqs_analysis.tables.validate import validate_tables

    tables, _ = validate_tables(build_tables([report]))
    assert len(tables.reports) <= 1


# ------------------------------------------------------------------ layout does not matter

_LIST_PREFIX = re.compile(r"^(\s*(?:[-*•]\s+)?)")


def _is_prose(line: str) -> bool:
    return len(line) > 60 and "\t" not in line and not line.lstrip().startswith(("|", "#", "<i>"))


def rewrap(text: str, rnd: random.Random) -> str:
    """Every long prose line broken again at a random width, as PDF copies break them."""
    out: list[str] = []
    for line in text.split("\n"):
        if not _is_prose(line):
            out.append(line)
            continue
        prefix = _LIST_PREFIX.match(line).group(1)
        wrapped = textwrap.wrap(
            line[len(prefix) :],
            width=rnd.randint(30, 110),
            break_long_words=False,
            break_on_hyphens=False,
        )
        out.append(prefix + wrapped[0])
        out.extend(wrapped[1:])
    return "\n".join(out)


@FAST
@given(st.sampled_from(NAMES), SEEDS)
def test_rewrapped_lines_give_the_same_values(name, seed):
    text = rewrap(RAW[name], random.Random(seed))
    assert_same_values(values(parse(text, name)), BASELINE[name])


_BODY_MARKER = re.compile(r"(?<=\S)(?:<sup>\s*(\d{1,2})\s*</sup>|([¹²³]))")
_MARKER_FORMS = ("<sup>{n}</sup>", "{sup}", "{n}")
_SUPERSCRIPT = {"1": "¹", "2": "²", "3": "³"}


def move_footnote_markers(text: str, rnd: random.Random) -> str:
    """Footnote references moved to another word of their line, re-styled, or removed."""
    out = []
    for line in text.split("\n"):
        markers = list(_BODY_MARKER.finditer(line))
        if not markers:
            out.append(line)
            continue
        numbers = [m.group(1) or str("¹²³".index(m.group(2)) + 1) for m in markers]
        bare = _BODY_MARKER.sub("", line)
        for n in numbers:
            action = rnd.choice(("remove", "move"))
            if action == "remove":
                continue
            form = rnd.choice(_MARKER_FORMS).format(n=n, sup=_SUPERSCRIPT.get(n, n))
            # after a word, where a footnote number can sit; a bare digit only after a
            # lower-case word ("rate1"), as a capitalised word with a digit is a name ("Q3")
            word = r"[a-z]{3,}" if form == n else r"[A-Za-z]{3,}"
            spots = [m.end() for m in re.finditer(word + r"\b(?![\w'’])", bare)]
            if not spots:
                continue
            at = rnd.choice(spots)
            bare = bare[:at] + form + bare[at:]
        out.append(bare)
    return "\n".join(out)


@FAST
@given(st.sampled_from(NAMES), SEEDS)
def test_footnote_markers_moved_or_removed_give_the_same_values(name, seed):
    text = move_footnote_markers(RAW[name], random.Random(seed))
    assert_same_values(values(parse(text, name)), BASELINE[name])


def reflow_whitespace(text: str, rnd: random.Random) -> str:
    """More spaces, no-break spaces, trailing blanks and extra blank lines; words unchanged."""
    out = []
    for line in text.split("\n"):
        if line.strip():
            head = line[: len(line) - len(line.lstrip())]
            body = re.sub(
                r" ",
                lambda _: rnd.choice((" ", " ", "  ", "   ", "\u00a0")),
                line[len(head) :],
            )
            line = head + body + rnd.choice(("", " ", "  ", "\t"))
        out.append(line)
        if not line.strip() or rnd.random() < 0.1:
            out.extend([""] * rnd.randint(0, 2))
    return "\n".join(out)


@FAST
@given(st.sampled_from(NAMES), SEEDS)
def test_changed_whitespace_gives_the_same_values(name, seed):
    text = reflow_whitespace(RAW[name], random.Random(seed))
    assert_same_values(values(parse(text, name)), BASELINE[name])


# ------------------------------------------------------------------ cut-off reports

CUT_STEP = 97


def _title_end(text: str) -> int:
    match = re.search(r"Short Quality Screening[^\n]*\n", text)
    assert match
    return match.end()


@pytest.mark.parametrize("name", NAMES)
def test_report_cut_off_anywhere_invents_nothing(name):
    """A report that stops early yields only values the whole report also yields."""
    text = RAW[name]
    full = BASELINE[name]
    full_judgements = set(full["judgements"])
    problems = []
    start = _title_end(text)
    # every CUT_STEP characters, and a few just after the title, inside the first sentence
    cuts = sorted({*range(start, len(text), CUT_STEP), *(start + k for k in (8, 16, 24))})
    for cut in cuts:
        got = values(parse(text[:cut], name))
        for key, value in got["report"].items():
            checked = value is not None and key != "report_id" and not key.endswith("evidence")
            if checked and value != full["report"][key]:
                problems.append(
                    f"cut at {cut}: {key} = {value!r}, whole report: {full['report'][key]!r}"
                )
        extra = [j[:12] for j in got["judgements"] if j not in full_judgements]
        full_counts = {j[:12] for j in full_judgements}
        for j in extra:
            if j not in full_counts:
                problems.append(f"cut at {cut}: judgement {j} is not in the whole report")
        if got["paragraphs"] != full["paragraphs"][: len(got["paragraphs"])]:
            problems.append(f"cut at {cut}: paragraphs {got['paragraphs']}")
    assert not problems, "\n".join(problems[:20])


# ------------------------------------------------------------------ the quantifier lexicon


def _lexicon():
    from sqs_analysis.ingest.quantifiers import lexicon

    return lexicon()


def test_every_lexicon_range_is_ordered_within_zero_and_one():
    lex = _lexicon()
    entries = [*lex["word"], *lex["all_but"]]
    assert entries
    for entry in entries:
        label = entry.get("name", entry.get("missing"))
        assert 0 <= entry["low"] <= entry["point"] <= entry["high"] <= 1, label
        assert entry.get("source"), f"{label}: every range says where it comes from"
    for modifier in lex["modifier"]:
        assert modifier["low"] <= modifier["point"] <= modifier["high"], modifier["name"]
    for fraction in lex["fraction"]:
        assert 0 < fraction["value"] < 1, fraction["name"]


def test_phrases_belong_to_one_entry_only():
    lex = _lexicon()
    for kind in ("word", "fraction", "modifier"):
        phrases = [p.lower() for entry in lex[kind] for p in entry["phrases"]]
        assert len(phrases) == len(set(phrases)), kind


def _every_fraction_with_every_modifier() -> list[tuple[str, str | None]]:
    lex = _lexicon()
    modifiers = [None, *(m["phrases"][0] for m in lex["modifier"] if m["phrases"])]
    return [(f["phrases"][0], m) for f in lex["fraction"] for m in modifiers]


def test_every_modified_fraction_is_an_ordered_share():
    from sqs_analysis.ingest.quantifiers import fraction_estimate

    for fraction, modifier in _every_fraction_with_every_modifier():
        _, est = fraction_estimate(fraction, modifier)
        assert 0 <= est.low <= est.point <= est.high <= 1, (modifier, fraction, est)


shares = st.floats(min_value=0, max_value=1, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(shares, shares, shares)
def test_flipping_an_estimate_mirrors_it(a, b, c):
    from sqs_analysis.ingest.quantifiers import Estimate

    low, point, high = sorted((a, b, c))
    est = Estimate(point, low, high)
    flipped = est.flipped()
    assert flipped.point == pytest.approx(1 - point)
    assert flipped.low == pytest.approx(1 - high) and flipped.high == pytest.approx(1 - low)
    assert flipped.low <= flipped.point <= flipped.high
    back = flipped.flipped()
    assert (back.point, back.low, back.high) == pytest.approx((point, low, high))


def judge(sentence: str, cases: int | None = None):
    from sqs_analysis.ingest.judgements import extract_judgements

    finding = Finding("1.1", "reducing_reoffending", "Reducing reoffending", sentence)
    return extract_judgements([finding], cases)


def _word_phrases() -> list[str]:
    """Word quantifiers that are not themselves negative ('too many' already counts failures)
    nor universal ('not sufficient in all of the cases' does not say how many fell short: see
    test_negated_universals_are_not_read)."""
    negative = {c.lower() for c in _lexicon()["cues"]["negative"]}
    universal = set(_lexicon()["not_quantifiers"]["negated_universal"])
    return sorted(
        {
            p
            for entry in _lexicon()["word"]
            for p in entry["phrases"]
            if p.lower() not in negative and p.split()[0] not in universal
        }
    )


def _counted(phrase: str) -> str:
    """The phrase governing a case noun: 'most of the cases', 'a handful of cases'."""
    return f"{phrase} cases" if phrase.endswith((" of", " of the")) else f"{phrase} of the cases"


@settings(max_examples=80, deadline=None)
@given(
    st.one_of(
        st.sampled_from(_word_phrases()).map(_counted),
        st.sampled_from(_every_fraction_with_every_modifier()).map(
            lambda fm: f"{fm[1] + ' ' if fm[1] else ''}{fm[0]} of the cases"
        ),
    )
)
def test_negation_flips_the_share(quantity):
    positive = judge(f"Plans were sufficient in {quantity}.")
    negative = judge(f"Plans were not sufficient in {quantity}.")
    assert len(positive) == 1 and len(negative) == 1, (quantity, positive, negative)
    p, n = positive[0], negative[0]
    assert (p.polarity, n.polarity) == ("positive", "negative")
    assert p.quantifier == n.quantifier
    assert n.sufficiency == pytest.approx(1 - p.sufficiency, abs=1e-4)
    assert n.sufficiency_low == pytest.approx(1 - p.sufficiency_high, abs=1e-4)
    assert n.sufficiency_high == pytest.approx(1 - p.sufficiency_low, abs=1e-4)


@pytest.mark.parametrize("phrase", sorted(_lexicon()["not_quantifiers"]["negated_universal"]))
def test_negated_universals_are_not_read(phrase):
    """'Not all', 'not always', 'not sufficient in every case' say some fell short, never how
    many: reading them as none (sufficiency 0) would invert the finding."""
    from sqs_analysis.ingest.judgements import read_findings

    for sentence in (
        f"Plans were not sufficient in {_counted(phrase)}.",
        f"Not {_counted(phrase)} had a sufficient plan.",
        f"Plans were not {phrase} sufficient.",
    ):
        finding = Finding("1.1", "reducing_reoffending", "Reducing reoffending", sentence)
        reading = read_findings([finding], 20)
        assert reading.judgements == [], sentence
    positive = judge(f"In {_counted(phrase)} the plans were not sufficient.", 20)
    if phrase in ("all", "every", "each"):  # the universal first: none was sufficient
        assert [j.sufficiency for j in positive] == [0.0]


_UNITS = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
_TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty"}


def in_words(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    return _TENS[tens * 10] + (f"-{_UNITS[unit]}" if unit else "")


@st.composite
def n_of_m(draw) -> tuple[int, int, str, str]:
    m = draw(st.integers(min_value=1, max_value=69))
    n = draw(st.integers(min_value=0, max_value=m))
    as_words = draw(st.booleans())
    return n, m, in_words(n) if as_words else str(n), in_words(m) if as_words else str(m)


@settings(max_examples=100, deadline=None)
@given(n_of_m(), st.sampled_from(["the ", ""]))
@example((17, 18, "17", "18"), "the ")
@example((0, 5, "zero", "five"), "the ")
@example((12, 12, "12", "12"), "")
def test_n_of_the_m_is_exactly_n_over_m(counts, article):
    n, m, n_text, m_text = counts
    found = judge(f"Plans were sufficient in {n_text} of {article}{m_text} cases sampled.")
    assert len(found) == 1, found
    j = found[0]
    assert (j.basis, j.numerator, j.denominator, j.denominator_source) == ("count", n, m, "stated")
    assert j.sufficiency == j.sufficiency_low == j.sufficiency_high
    assert j.sufficiency == pytest.approx(n / m, abs=5e-5)


@settings(max_examples=50, deadline=None)
@given(n_of_m())
def test_negative_n_of_the_m_counts_deficient_cases(counts):
    n, m, n_text, m_text = counts
    found = judge(f"Plans were not sufficient in {n_text} of the {m_text} cases sampled.")
    assert len(found) == 1, found
    j = found[0]
    assert (j.polarity, j.numerator, j.denominator) == ("negative", n, m)
    assert j.sufficiency == pytest.approx(1 - n / m, abs=5e-5)
