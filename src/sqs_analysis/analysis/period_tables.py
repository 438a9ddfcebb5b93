"""Kept only for :mod:`sqs_analysis.briefing.run`, which imports the period tables from here:
they live in :mod:`sqs_analysis.analysis.periods`. Remove once it imports from there.
"""

from sqs_analysis.analysis.periods import comparison_csv, period_tables

__all__ = ["comparison_csv", "period_tables"]
