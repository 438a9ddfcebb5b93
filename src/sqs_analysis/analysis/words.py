"""Kept only for :mod:`sqs_analysis.briefing.changes`, which imports ``format_date`` from here:
formatting lives in :mod:`sqs_analysis.analysis.formatting`. Remove once it imports from there.
"""

from sqs_analysis.analysis.formatting import format_date

__all__ = ["format_date"]
