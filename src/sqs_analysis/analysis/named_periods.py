"""Named periods: ``2015``, ``2015-Q3``, ``2015-07``, ``last-quarter`` and ``last-year``, each
resolved to a first and a last day, so a scheduled briefing need not spell out two dates.

A fixed name is the whole calendar year, quarter (Q1 January to March ... Q4 October to
December) or month. ``last-quarter`` and ``last-year`` are the last *complete* calendar quarter
or year, counted back from a reference point:

* ``relative_to="data"`` (the default): from the newest publication date in the data. The
  period is the quarter (year) holding that date if it has ended by today, otherwise the one
  before it. A historical set (the SQS letters were published 2012-2017) so gets the quarter of
  its newest letter, never an empty quarter after it; a set still growing gets the last quarter
  that is over.
* ``relative_to="today"`` (or a date): the quarter (year) before the one holding that day, the
  usual reading for a briefing scheduled just after a quarter ends.

Everything here is plain :mod:`datetime`; the result goes to
:func:`sqs_analysis.analysis.selection.make_selection` like two typed dates, so a named period
and the same dates typed as ``--from``/``--to`` give the same selection, folder and comparisons.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

PERIOD_FORMS = "YYYY, YYYY-Qn, YYYY-MM, last-quarter or last-year"
RELATIVE_FORMS = "data, today or YYYY-MM-DD"
RELATIVE = ("last-quarter", "last-year")


@dataclass(frozen=True)
class NamedPeriod:
    """A period as named on the command line; ``start``/``end`` set for a fixed one."""

    text: str
    unit: str
    """``year``, ``quarter`` or ``month``."""
    start: date | None = None
    end: date | None = None

    @property
    def relative(self) -> bool:
        """True for ``last-quarter`` and ``last-year`` (they need a reference point)."""
        return self.start is None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _quarter(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of calendar quarter ``quarter`` (1-4) of ``year``."""
    first = 3 * (quarter - 1) + 1
    return date(year, first, 1), _month_end(year, first + 2)


def parse_period(text: str) -> NamedPeriod:
    """``text`` as a :class:`NamedPeriod`; ``ValueError`` naming the value if it is not one."""
    raw = str(text)
    value = raw.strip()
    lowered = value.lower()
    if lowered in RELATIVE:
        return NamedPeriod(lowered, lowered.removeprefix("last-"))
    try:
        if m := re.fullmatch(r"(\d{4})", value):
            year = int(m[1])
            return NamedPeriod(value, "year", date(year, 1, 1), date(year, 12, 31))
        if m := re.fullmatch(r"(\d{4})-[Qq]([1-4])", value):
            start, end = quarter_bounds(int(m[1]), int(m[2]))
            return NamedPeriod(f"{m[1]}-Q{m[2]}", "quarter", start, end)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            year, month = int(m[1]), int(m[2])
            return NamedPeriod(value, "month", date(year, month, 1), _month_end(year, month))
    except ValueError:
        pass  # a month 13 or year 0000: said below like any other bad value
    raise ValueError(f"not a period: {raw!r} (use {PERIOD_FORMS})")


def parse_relative_to(text: str | date | None) -> str | date:
    """``data``, ``today`` or a date; ``ValueError`` naming the value otherwise."""
    if isinstance(text, date):
        return text
    value = str(text or "data").strip().lower()
    if value in ("data", "today"):
        return value
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"not a reference point: {text!r} (use {RELATIVE_FORMS})")


def _previous(unit: str, year: int, quarter: int) -> tuple[int, int]:
    if unit == "year":
        return year - 1, 1
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def last_complete(unit: str, *, newest: date | None, today: date) -> tuple[date, date]:
    """The last complete quarter or year (``unit``) as (first day, last day).

    With ``newest`` (the newest publication date in the data): the one holding ``newest`` if
    it has ended before ``today``, else the one before it. Without: the one before the one
    holding ``today``.
    """
    year, quarter = _quarter(today)
    latest_over = _previous(unit, year, quarter if unit == "quarter" else 1)
    if newest is not None:
        held = (newest.year, _quarter(newest)[1] if unit == "quarter" else 1)
        year, quarter = min(held, latest_over)
    else:
        year, quarter = latest_over
    if unit == "year":
        return date(year, 1, 1), date(year, 12, 31)
    return quarter_bounds(year, quarter)


def resolve_period(
    period: NamedPeriod,
    relative_to: str | date = "data",
    newest: date | None = None,
    today: date | None = None,
) -> tuple[date, date]:
    """(first day, last day) of ``period``. A relative one counts back from ``newest`` when
    ``relative_to`` is ``data`` (``ValueError`` if the data has no publication date), from
    ``today`` when it is ``today``, or from the day given."""
    if not period.relative:
        assert period.start is not None and period.end is not None
        return period.start, period.end
    today = today or date.today()
    if relative_to == "data":
        if newest is None:
            raise ValueError(
                f"{period.text}: no report in the data has a publication date to count back "
                "from (use --relative-to today)"
            )
        return last_complete(period.unit, newest=newest, today=today)
    day = today if relative_to == "today" else relative_to
    assert isinstance(day, date)
    return last_complete(period.unit, newest=None, today=day)
