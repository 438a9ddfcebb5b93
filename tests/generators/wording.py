"""The wording of the synthetic letters, read from ``synth_wording.toml`` beside this module.

The data file holds what the Inspectorate writes (quantifier wordings, one topic per numbered
paragraph, summary and list sentences, invented names); the generator's code holds only how a
letter is put together from it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WORDING_FILE = Path(__file__).with_name("synth_wording.toml")


@dataclass(frozen=True)
class Wording:
    """A verbal quantifier and the shares of cases it describes."""

    name: str
    forms: tuple[str, ...]
    usage: tuple[float, float]
    accept: tuple[float, float]
    negative_only: bool = False
    positive_only: bool = False


@dataclass(frozen=True)
class Topic:
    """One kind of numbered paragraph: what is judged, how the letter phrases it."""

    key: str
    domain: int
    scope: str  # whole | relevant | psr | custody
    base: float  # typical share of cases with sufficient practice
    intros: tuple[str, ...]
    positive: tuple[str, ...]  # templates with {q}: the quantified group ("in {q}")
    negative: tuple[str, ...] = ()  # clauses describing deficient practice
    good: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()
    improvements: tuple[str, ...] = ()
    presence: float = 1.0  # chance the paragraph appears
    low_positive: tuple[str, ...] = ()  # templates only used for poor results


def _tuples(entry: dict[str, Any]) -> dict[str, Any]:
    """A TOML table with its lists as tuples (the dataclasses are frozen and hashable)."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in entry.items()}


_DATA = tomllib.loads(WORDING_FILE.read_text("utf-8"))

WORDINGS: tuple[Wording, ...] = tuple(Wording(**_tuples(w)) for w in _DATA["wording"])
#: Every quantifier name the generator can write (the ``quantifier`` field of the key).
QUANTIFIER_NAMES = (
    "all",
    "none",
    "all but one",
    "N of M",
    "only N of M",
    *(w.name for w in WORDINGS),
)
#: How the sampled group is named after a quantifier, by scope of the finding.
GROUPS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _DATA["groups"].items()}
BARE_GROUPS: dict[str, str] = dict(_DATA["bare_groups"])

TOPICS: tuple[Topic, ...] = tuple(Topic(**_tuples(t)) for t in _DATA["topic"])
TOPIC_BY_KEY = {t.key: t for t in TOPICS}

_LISTS = _DATA["lists"]
GENERAL_STRENGTHS: tuple[str, ...] = tuple(_LISTS["general_strengths"])
GENERAL_IMPROVEMENTS: tuple[str, ...] = tuple(_LISTS["general_improvements"])
SUMMARY_GOOD: tuple[str, ...] = tuple(_LISTS["summary_good"])
SUMMARY_MIXED: tuple[str, ...] = tuple(_LISTS["summary_mixed"])
SUMMARY_WEAK: tuple[str, ...] = tuple(_LISTS["summary_weak"])
OPERATIONAL: tuple[str, ...] = tuple(_LISTS["operational"])

_NAMES = _DATA["names"]
STEMS: tuple[str, ...] = tuple(_NAMES["stems"])
ENDINGS: tuple[str, ...] = tuple(_NAMES["endings"])
RIVERS: tuple[str, ...] = tuple(_NAMES["rivers"])
FIRST_NAMES: tuple[str, ...] = tuple(_NAMES["first"])
LAST_NAMES: tuple[str, ...] = tuple(_NAMES["last"])
AUTHORS: tuple[tuple[str, str], ...] = tuple(tuple(a) for a in _NAMES["authors"])
INSPECTORS: tuple[tuple[str, str], ...] = tuple(tuple(i) for i in _NAMES["inspectors"])
COPY_ROLES: tuple[str, ...] = tuple(_NAMES["copy_roles"])
MULTI_NAME_ROLES: tuple[str, ...] = tuple(_NAMES["multi_name_roles"])
