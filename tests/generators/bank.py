"""The phrase bank (``phrasebank.toml`` beside this module): how inspectors write counts and facts.

The bank is data; this module only reads it and re-derives its tune / held-out split from the
seed the file states, so that the split cannot drift from what the file's header says.
"""

from __future__ import annotations

import random
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

BANK_FILE = Path(__file__).with_name("phrasebank.toml")
KINDS = ("judgement", "field")
SPLITS = ("tune", "held_out")
ISSUE_REPORT = "issue report"


@cache
def load_bank() -> dict[str, Any]:
    """The parsed bank: ``meta``, ``judgement`` and ``field`` entries."""
    return tomllib.loads(BANK_FILE.read_text("utf-8"))


def drawn_split(entries: list[dict[str, Any]], seed: int) -> dict[str, str]:
    """id -> split as the header describes it.

    Entries reported by a user stay in "tune"; of the others, sorted by id, a seeded sample of
    round(n / 3) (n counting every entry of the kind) is held out.
    """
    eligible = sorted(e["id"] for e in entries if ISSUE_REPORT not in e["sources"])
    held = set(random.Random(seed).sample(eligible, min(len(eligible), round(len(entries) / 3))))
    return {e["id"]: "held_out" if e["id"] in held else "tune" for e in entries}


def examples(kind: str, split: str | None = None) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(entry, example) pairs of one kind, optionally of one split, in file order."""
    return [
        (entry, example)
        for entry in load_bank()[kind]
        if split is None or entry["split"] == split
        for example in entry["examples"]
    ]
