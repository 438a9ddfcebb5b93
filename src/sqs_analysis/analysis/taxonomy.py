"""The theme taxonomy (``themes.toml`` beside this module): practice stages, recurring weaknesses, key strengths.

Report text is grouped by documented keyword rules kept in one data file, so an analyst can read,
question and change exactly how "plans not reviewed" or "management oversight" is recognised.
This module only loads and applies the rules; :mod:`.sufficiency` and :mod:`.recurrence` build tables
from them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING

from sqs_analysis.reference.sentences import split_sentences

if TYPE_CHECKING:
    import pandas as pd

UNCLASSIFIED = "unclassified"
UNMATCHED = "unmatched"
UNMATCHED_LABEL = "Not matched to a theme"


@dataclass(frozen=True, eq=False)  # identity hash: themes are cache keys, compared by identity
class Theme:
    """One documented rule: a stage, a weakness theme or a strength theme."""

    id: str
    label: str
    description: str
    patterns: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...] = ()
    context: bool = False
    stages: tuple[str, ...] = ()

    def match(self, text: str, folded: str | None = None) -> str | None:
        """The words that put ``text`` in this theme, or ``None``."""
        folded = text.casefold() if folded is None else folded
        if self.exclude and _first_match(_rules(self.exclude), text, folded) is not None:
            return None
        return _first_match(_rules(self.patterns), text, folded)


Rules = tuple[tuple[re.Pattern[str], str], ...]


@cache
def _rules(patterns: tuple[re.Pattern[str], ...]) -> Rules:
    """Each pattern with the longest literal word any match of it must contain ("" if none)."""
    return tuple((p, max(_required_words(p), key=len, default="")) for p in patterns)


def _first_match(rules: Rules, text: str, folded: str) -> str | None:
    """Words matched by the first pattern that matches, skipping patterns whose required
    literal word is absent (a cheap substring test that avoids most regex searches)."""
    for pattern, word in rules:
        if word not in folded:  # "" is in every text
            continue
        found = pattern.search(text)
        if found:
            return found.group(0)
    return None


@cache
def _required_words(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Literal runs every match of ``pattern`` must contain (case-folded).

    Only runs of plain characters at the top level of the pattern count: anything inside a
    group, an alternative or an optional part is left out, so the test never rejects a text
    the pattern would match.
    """
    from re import _parser  # type: ignore[attr-defined]

    try:
        items = list(_parser.parse(pattern.pattern, pattern.flags))
    except re.error:
        return ()
    runs: list[str] = []
    current: list[str] = []
    for op, value in items:
        if str(op) == "LITERAL":
            current.append(chr(value))
            continue
        runs.append("".join(current))
        current = []
    runs.append("".join(current))
    return tuple(r.casefold() for r in runs if len(r) >= 2)


@dataclass(frozen=True)
class Taxonomy:
    """Everything in ``themes.toml``, compiled."""

    stages: tuple[Theme, ...]
    weaknesses: tuple[Theme, ...]
    strengths: tuple[Theme, ...]
    low_sufficiency: float
    deficiency_cues: tuple[re.Pattern[str], ...]
    deficiency_sections: tuple[str, ...]

    def labels(self, kind: str) -> dict[str, str]:
        """Theme id -> label for ``kind`` ("stage", "weakness" or "strength")."""
        themes = {"stage": self.stages, "weakness": self.weaknesses, "strength": self.strengths}
        out = {t.id: t.label for t in themes[kind]}
        out[UNCLASSIFIED if kind == "stage" else UNMATCHED] = (
            "Unclassified" if kind == "stage" else UNMATCHED_LABEL
        )
        return out


def _compile(patterns: Iterable[str], where: str) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for p in patterns:
        try:
            compiled.append(re.compile(p, re.IGNORECASE))
        except re.error as exc:
            raise ValueError(f"themes.toml: bad pattern {p!r} in {where}: {exc}") from exc
    return tuple(compiled)


def _themes(entries: Sequence[dict], kind: str) -> tuple[Theme, ...]:
    seen: set[str] = set()
    out = []
    for e in entries:
        where = f"{kind} {e.get('id')!r}"
        if e["id"] in seen:
            raise ValueError(f"themes.toml: duplicate {where}")
        if not e.get("patterns"):
            raise ValueError(f"themes.toml: {where} has no patterns")
        seen.add(e["id"])
        out.append(
            Theme(
                id=e["id"],
                label=e["label"],
                description=e["description"],
                patterns=_compile(e["patterns"], where),
                exclude=_compile(e.get("exclude", ()), where),
                context=bool(e.get("context", False)),
                stages=tuple(e.get("stages", ())),
            )
        )
    return tuple(out)


def load_taxonomy(text: str) -> Taxonomy:
    """Compile a taxonomy from TOML text (raises ``ValueError`` on a bad rule)."""
    raw = tomllib.loads(text)
    settings = raw["settings"]
    stages = _themes(raw["stage"], "stage")
    weaknesses = _themes(raw["weakness"], "weakness")
    known = {s.id for s in stages}
    for theme in weaknesses:
        unknown = set(theme.stages) - known
        if unknown:
            raise ValueError(f"themes.toml: weakness {theme.id!r} names unknown stages {unknown}")
    return Taxonomy(
        stages=stages,
        weaknesses=weaknesses,
        strengths=_themes(raw["strength"], "strength"),
        low_sufficiency=float(settings["low_sufficiency"]),
        deficiency_cues=_compile(settings["deficiency_cues"], "deficiency_cues"),
        deficiency_sections=tuple(settings.get("deficiency_sections", ())),
    )


@cache
def taxonomy() -> Taxonomy:
    """The package's taxonomy, read once."""
    return load_taxonomy(files("sqs_analysis.analysis").joinpath("themes.toml").read_text("utf-8"))


_NON_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def _norm(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower()).strip()


def locate_sentence(evidence: str, sentences: Sequence[str]) -> int | None:
    """Index of the sentence of a paragraph that holds (the start of) ``evidence``."""
    return _locate(str(evidence), tuple(sentences))


@lru_cache(maxsize=65536)
def _locate(evidence: str, sentences: tuple[str, ...]) -> int | None:
    needle = _norm(evidence)
    if not needle:
        return None
    normed = [_norm(s) for s in sentences]
    for i, s in enumerate(normed):
        if needle in s:
            return i
    # evidence spanning two sentences: find where it starts
    parts = split_sentences(evidence)
    head = _norm(parts[0]) if parts else needle
    for i, s in enumerate(normed):
        if head and head in s:
            return i
    return None


def match_themes(
    text: str, themes: Iterable[Theme], stage: str | None = None
) -> list[tuple[Theme, str]]:
    """Every theme whose rules match ``text``, with the words that matched.

    When no pattern matches and ``stage`` is given (a judgement's practice stage), the themes
    linked to that stage apply, with ``stage: <id>`` as the matched words.
    """
    themes = tuple(themes)
    found = list(_match_themes(str(text), themes))
    if not found and stage:
        found = [(t, f"stage: {stage}") for t in themes if stage in t.stages]
    return found


@lru_cache(maxsize=16384)
def _match_themes(text: str, themes: tuple[Theme, ...]) -> tuple[tuple[Theme, str], ...]:
    out = []
    folded = text.casefold()
    for theme in themes:
        words = theme.match(text, folded)
        if words is not None:
            out.append((theme, words))
    return tuple(out)


def deficiency_cue(sentence: str, tax: Taxonomy | None = None) -> str | None:
    """The words that make ``sentence`` signal deficient practice, or ``None``."""
    tax = tax or taxonomy()
    return _first_match(_rules(tax.deficiency_cues), sentence, sentence.casefold())


@dataclass(frozen=True)
class StageMatch:
    """Which stage a judgement was placed in, and why."""

    stage: str
    source: str  # "sentence" | "paragraph context" | "earlier sentence" | "none"
    words: str


def _segment(sentence: str, quantifier_text: str) -> str | None:
    """The part of ``sentence`` up to and including the quantifier, if the quantifier is in it."""
    if not quantifier_text:
        return None
    at = sentence.lower().find(quantifier_text.lower())
    if at < 0:
        return None
    segment = sentence[: at + len(quantifier_text)]
    return segment if segment != sentence else None


def classify_stage(
    evidence: str,
    paragraph_text: str = "",
    quantifier_text: str = "",
    tax: Taxonomy | None = None,
) -> StageMatch:
    """Place one judgement in one practice stage (the rule order is documented in themes.toml).

    Within its own sentence, the words up to the judgement's quantifier are tried first, so
    "assessed in all cases ... and planned for in most" puts each judgement in its own stage.
    """
    tax = tax or taxonomy()
    sentences = split_sentences(paragraph_text)
    at = locate_sentence(evidence, sentences) if sentences else None
    own = evidence if at is None else sentences[at]
    earlier = [] if at is None else sentences[:at]
    segment = _segment(own, quantifier_text)
    own_texts = [t for t in (segment, own) if t]

    for text in own_texts:
        for stage, words in _stage_matches(text, tax.stages):
            if stage.context:
                return StageMatch(stage.id, "sentence", words)
    for sentence in reversed(earlier):
        for stage, words in _stage_matches(sentence, tax.stages):
            if stage.context:
                return StageMatch(stage.id, "paragraph context", words)
    for text in own_texts:
        for stage, words in _stage_matches(text, tax.stages):
            return StageMatch(stage.id, "sentence", words)
    for sentence in reversed(earlier):
        for stage, words in _stage_matches(sentence, tax.stages):
            return StageMatch(stage.id, "earlier sentence", words)
    return StageMatch(UNCLASSIFIED, "none", "")


def _stage_matches(text: str, stages: tuple[Theme, ...]) -> tuple[tuple[Theme, str], ...]:
    """Every stage matching ``text``, in the taxonomy's order (cached per text)."""
    return _match_themes(text, stages)


def describe(kind: str) -> list[dict[str, str]]:
    """The rules of one kind as plain rows (id, label, description, patterns) for docs and tables."""
    tax = taxonomy()
    themes = {"stage": tax.stages, "weakness": tax.weaknesses, "strength": tax.strengths}[kind]
    return [
        {
            "id": t.id,
            "label": t.label,
            "description": t.description,
            "patterns": " | ".join(p.pattern for p in t.patterns),
            "exclude": " | ".join(p.pattern for p in t.exclude),
            "stages": ", ".join(t.stages),
        }
        for t in themes
    ]


def markdown() -> str:
    """The whole taxonomy as a Markdown document (for ``docs/themes.md``)."""
    tax = taxonomy()

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = [
        "# Theme taxonomy",
        "",
        "Generated from `src/sqs_analysis/analysis/themes.toml`; edit that file, not this one.",
        "Patterns are Python regular expressions matched case-insensitively anywhere in the text.",
        "",
        f"- A judgement counts as a negative finding when its polarity is negative or its point "
        f"estimate of sufficient practice is below {tax.low_sufficiency:.0%}.",
        "- Sentences of the numbered findings"
        + (
            f" and of the sections {', '.join(tax.deficiency_sections)}"
            if tax.deficiency_sections
            else ""
        )
        + " count as criticism when they match a deficiency cue: "
        + ", ".join(f"`{cell(p.pattern)}`" for p in tax.deficiency_cues)
        + ".",
        "",
    ]
    sections = (
        ("Practice stages (one per judgement; rule order in themes.toml)", "stage"),
        ("Weakness themes (a text may match several)", "weakness"),
        ("Strength themes (a text may match several)", "strength"),
    )
    for title, kind in sections:
        lines += [
            f"## {title}",
            "",
            "| Id | Label | Description | Patterns | Unless | Stages |",
            "|---|---|---|---|---|---|",
        ]
        for row in describe(kind):
            patterns = "<br>".join(f"`{cell(p)}`" for p in row["patterns"].split(" | ") if p)
            exclude = "<br>".join(f"`{cell(p)}`" for p in row["exclude"].split(" | ") if p)
            lines.append(
                f"| `{row['id']}` | {cell(row['label'])} | {cell(row['description'])} | "
                f"{patterns} | {exclude} | {row['stages']} |"
            )
        lines.append("")
    return "\n".join(lines)


# --- the rules as a table for reading ---------------------------------------------------------


def table(kind: str) -> pd.DataFrame:
    """The documented rules of one kind (stage, weakness, strength) as a table."""
    import pandas as pd

    rows = describe(kind)
    df = pd.DataFrame(rows)
    df = df.rename(
        columns={
            "id": "Id",
            "label": "Label",
            "description": "Description",
            "patterns": "Patterns (regular expressions, any case)",
            "exclude": "Unless",
            "stages": "Also for low judgements in stage",
        }
    )
    if kind != "weakness":
        df = df.drop(columns=["Also for low judgements in stage"])
    return df.astype("string")
