"""Formatting: one way to write a month, a date, a share, a rate or a gap, and tables for reading.

The bottom of :mod:`sqs_analysis.analysis`: every subject module words its numbers with these
functions, so a notebook, a chart title and the briefing page never write the same number two
ways.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqs_analysis.reference.directions import direction

if TYPE_CHECKING:
    import pandas as pd

#: Areas named one by one in a written finding before the rest are summarised.
NAMED_IN_FINDING = 3


def is_missing(value: Any) -> bool:
    """Whether ``value`` is empty: ``None``, NaN, ``pd.NA`` or ``NaT``."""
    import pandas as pd

    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def format_month(value: Any) -> str:
    """``July 2013`` from a Period, Timestamp or ``YYYY-MM`` text; empty when missing."""
    import pandas as pd

    if is_missing(value):
        return ""
    if isinstance(value, str):
        value = pd.Period(value, freq="M")
    return value.strftime("%B %Y")


def format_date(value: Any) -> str:
    """``15 June 2016``; empty when missing."""
    import pandas as pd

    if is_missing(value):
        return ""
    ts = pd.Timestamp(value)
    return f"{ts.day} {ts:%B %Y}"


def cohort_label(start: Any, end: Any) -> str:
    """``July 2013 - June 2014``, or what is known of it."""
    a, b = format_month(start), format_month(end)
    if a and b:
        return f"{a} - {b}"
    return a or b or "cohort not stated"


def format_share(value: Any) -> str:
    """A share of cases (0-1) as a whole percentage."""
    return "n/a" if is_missing(value) else f"{100 * float(value):.0f}%"


def format_range(low: Any, high: Any) -> str:
    """``71-85%``, or a single figure when the range is exact."""
    if is_missing(low) or is_missing(high):
        return "n/a"
    lo, hi = round(100 * float(low)), round(100 * float(high))
    return f"{lo}%" if lo == hi else f"{lo}-{hi}%"


def format_rate(value: Any) -> str:
    return "n/a" if is_missing(value) else f"{float(value):.1f}%"


def gap_words(gap: Any) -> str:
    """``4.4 points worse`` / ``0.4 points better`` / ``the same as`` for a gap in points."""
    if is_missing(gap):
        return "no comparison"
    gap = float(gap)
    if direction(gap) == "same":
        return "level with"
    unit = "point" if round(abs(gap), 1) == 1 else "points"
    return f"{abs(gap):.1f} {unit} {'worse' if gap > 0 else 'better'}"


def domain_label(domain: str) -> str:
    """Readable name of a codebook domain value (``protecting_the_public`` -> ``Protecting the public``)."""
    return str(domain).replace("_", " ").capitalize()


def domain_order() -> tuple[str, ...]:
    """The four domains in the inspection framework's order, as the codebook lists them."""
    from sqs_analysis.reference.codebook import allowed_values

    return allowed_values("judgements", "domain")


def plural(n: int, word: str) -> str:
    """``1 report``, ``2 reports``."""
    return f"{n} {word}{'s' if n != 1 else ''}"


def count_text(numerator: Any, denominator: Any) -> str:
    """``17 of 18``; empty when either is missing."""
    if is_missing(numerator) or is_missing(denominator):
        return ""
    return f"{int(numerator)} of {int(denominator)}"


def display_frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """Rows for reading as a frame of text (CSV files keep the analysis frames themselves)."""
    import pandas as pd

    return pd.DataFrame(rows, columns=columns).astype("string")
