"""Periods: a selection's period against the previous period of the same length.

:mod:`.comparison` computes the comparison and words its finding; :mod:`.tables` shows it,
one table per section, and lays every figure out for ``period-comparison.csv``.
"""

from sqs_analysis.analysis.periods.comparison import (
    PERIODS,
    PeriodComparison,
    compare_periods,
    describe_period,
    periods_finding,
    previous_selection,
)
from sqs_analysis.analysis.periods.tables import comparison_csv, period_tables

__all__ = [
    "PERIODS",
    "PeriodComparison",
    "compare_periods",
    "comparison_csv",
    "describe_period",
    "period_tables",
    "periods_finding",
    "previous_selection",
]
