"""The phrase bank (``phrasebank.toml`` beside this module): how inspectors write counts and facts.

The bank is data; this module reads it (each entry's stored split is authoritative; the header
of the file freezes the held-out ids) and matches what a parser found against what the bank
expects, for tests/test_phrasebank.py and for the letters written from the bank
(:mod:`generators.bankletters`). The same reader and scorer serve the closed test set
``phrasebank_unseen.toml`` (tests/test_phrasebank_unseen.py), whose entries are all in split
"unseen" and which the parser is never tuned on.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sqs_analysis.ingest.model import Judgement

BANK_FILE = Path(__file__).with_name("phrasebank.toml")
UNSEEN_FILE = Path(__file__).with_name("phrasebank_unseen.toml")
KINDS = ("judgement", "field")
SPLITS = ("tune", "held_out")
UNSEEN = "unseen"  # the one split of UNSEEN_FILE
ISSUE_REPORT = "issue report"
TOLERANCE = 1e-3  # exact counts are written to four places in the bank


@cache
def load_bank(path: Path = BANK_FILE) -> dict[str, Any]:
    """A parsed bank (the main one unless told): ``meta``, ``judgement`` and ``field`` entries."""
    return tomllib.loads(path.read_text("utf-8"))


def frozen_held_out(kind: str) -> set[str]:
    """The held-out ids of one kind as the main bank's header freezes them."""
    return set(load_bank()["meta"][f"held_out_{kind}"])


def examples(
    kind: str, split: str | None = None, path: Path = BANK_FILE
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(entry, example) pairs of one kind, optionally of one split, in file order."""
    return [
        (entry, example)
        for entry in load_bank(path)[kind]
        if split is None or entry["split"] == split
        for example in entry["examples"]
    ]


# ---------------------------------------------------------------- scoring a reading
@dataclass
class Outcome:
    """How one example was read: what was matched, inverted and invented."""

    entry: str
    text: str
    expected: list[dict[str, Any]]
    found: list[Judgement]
    matched: int = 0
    inverted: list[tuple[dict[str, Any], Judgement]] = field(default_factory=list)
    invented: list[Judgement] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def perfect(self) -> bool:
        return self.matched == len(self.expected) == len(self.found)


@dataclass
class Score:
    """Recall and precision over expected and found judgements, and counts of the two worst
    errors: inverted readings and invented judgements."""

    expected: int = 0
    found: int = 0
    matched: int = 0
    inverted: int = 0
    invented: int = 0
    outcomes: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        self.expected += len(outcome.expected)
        self.found += len(outcome.found)
        self.matched += outcome.matched
        self.inverted += len(outcome.inverted)
        self.invented += len(outcome.invented)

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    def line(self, name: str) -> str:
        return (
            f"{name}: recall {self.recall:.3f} ({self.matched}/{self.expected}), precision "
            f"{self.precision:.3f} ({self.matched}/{self.found}), inverted {self.inverted}, "
            f"invented {self.invented}, examples {len(self.outcomes)} "
            f"({sum(o.perfect for o in self.outcomes)} read perfectly)"
        )


def agrees(want: dict[str, Any], got: Judgement) -> bool:
    """Same polarity, the same counts where the bank gives them, the point within the range."""
    low, high = want["sufficiency"]
    return (
        got.polarity == want["polarity"]
        and all(want[k] == getattr(got, k) for k in ("numerator", "denominator") if k in want)
        and low - TOLERANCE <= got.sufficiency <= high + TOLERANCE
    )


def inverts(want: dict[str, Any], got: Judgement) -> bool:
    """A reading that says the opposite: the point on the wrong side of one half from the
    expected range, or a count with the wrong numerator."""
    low, high = want["sufficiency"]
    wrong_side = (low > 0.5 and got.sufficiency < 0.5) or (high < 0.5 and got.sufficiency > 0.5)
    wrong_count = (
        want.get("numerator") is not None
        and got.numerator is not None
        and got.numerator != want["numerator"]
    )
    return wrong_side or wrong_count


def compare(
    entry: str, text: str, expected: list[dict[str, Any]], found: list[Judgement]
) -> Outcome:
    """Match found judgements to expected ones; pair what is left over in reading order."""
    outcome = Outcome(entry, text, expected, found)
    left = list(found)
    for want in expected:
        hit = next((got for got in left if agrees(want, got)), None)
        if hit is None:
            outcome.missed.append(want)
        else:
            left.remove(hit)
            outcome.matched += 1
    for want, got in zip(outcome.missed, left, strict=False):
        if inverts(want, got):
            outcome.inverted.append((want, got))
    outcome.invented = left[len(outcome.missed) :]
    return outcome
