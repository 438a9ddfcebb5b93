"""Better, worse or the same: one rule for comparing a reoffending rate, wherever it is compared.

Lower reoffending is better. A gap smaller than :data:`SAME_AS_AVERAGE_PP` percentage points
(the codebook's ``same_as_average_pp`` rule) is the same. The parser uses it to derive a
direction a report leaves unstated, the analysis to describe each report's gap to its average,
and the synthetic corpus generator to write what its letters state.
"""

from __future__ import annotations

import math
from typing import Any

from sqs_analysis.reference.codebook import rules

SAME_AS_AVERAGE_PP: float = rules()["same_as_average_pp"].value
"""Gaps smaller than this (percentage points) count as "the same as" what the rate is
compared with."""
STATED_SAME_PP: float = rules()["stated_same_pp"].value
"""A report's own "similar to" or "in line with" holds for gaps up to this (percentage points)."""


def direction(gap_pp: Any) -> str | None:
    """``"better"``, ``"worse"`` or ``"same"`` for a rate ``gap_pp`` points above (positive)
    or below (negative) the rate it is compared with; ``None`` when the gap is missing.

    >>> direction(42.2 - 37.8), direction(-0.4), direction(0.04), direction(None)
    ('worse', 'better', 'same', None)
    """
    try:
        gap = float(gap_pp)
    except (TypeError, ValueError):
        return None
    if math.isnan(gap):
        return None
    if abs(gap) < SAME_AS_AVERAGE_PP:
        return "same"
    return "worse" if gap > 0 else "better"


def agrees(stated: str | None, gap_pp: Any) -> bool:
    """Whether a direction a report states fits the gap its own figures give.

    "better" needs a lower rate and "worse" a higher one; "same" ("similar to", "in line
    with") holds for gaps up to :data:`STATED_SAME_PP`, as inspectors use those words for gaps
    of that size. Nothing stated, or no gap, cannot disagree.

    >>> agrees("same", 35.0 - 35.4), agrees("same", 2.0), agrees("better", 42.2 - 37.8)
    (True, False, False)
    """
    gap = None if direction(gap_pp) is None else float(gap_pp)
    if stated is None or gap is None:
        return True
    if stated == "same":
        return abs(gap) <= STATED_SAME_PP + 1e-9
    return (gap < 0) if stated == "better" else (gap > 0) if stated == "worse" else True
