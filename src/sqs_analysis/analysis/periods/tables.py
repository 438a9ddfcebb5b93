"""The period comparison for reading: one table per section with the change between the
periods, and one long table of every figure for ``period-comparison.csv``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqs_analysis.analysis.formatting import format_range, format_share, gap_words, is_missing
from sqs_analysis.analysis.periods.comparison import PERIODS, PeriodComparison, describe_period

if TYPE_CHECKING:
    import pandas as pd


def _signed(value: Any, unit: str = "", digits: int = 0) -> str:
    """``+3``, ``-0.5 points``, ``+1 point`` or ``no change``."""
    if is_missing(value):
        return ""
    value = round(float(value), digits)
    if value == 0:
        return "no change"
    if unit == " points" and abs(value) == 1:
        unit = " point"
    return f"{value:+.{digits}f}{unit}"


def _rate_table(rates: pd.DataFrame, before: str, now: str) -> pd.DataFrame:
    import pandas as pd

    rates = rates.set_index("period")
    rate_rows = []
    if len(rates):
        prev, cur = rates.loc["previous"], rates.loc["current"]

        def count(row: Any, col: str) -> str:
            return str(int(row[col]))

        def of_rated(row: Any, col: str) -> str:
            return f"{int(row[col])} of {int(row['n_rated'])}" if int(row["n_rated"]) else ""

        for label, col, show, changes in (
            ("Reports", "n_reports", count, True),
            ("Areas", "n_areas", count, True),
            ("Reports with a rate and its average", "n_rated", count, True),
            ("Worse than own England and Wales average", "n_worse", of_rated, False),
            ("Better than own England and Wales average", "n_better", of_rated, False),
        ):
            rate_rows.append(
                {
                    "Measure": label,
                    before: show(prev, col),
                    now: show(cur, col),
                    "Change": _signed(int(cur[col]) - int(prev[col])) if changes else "",
                }
            )
        gap_change = (
            None
            if is_missing(cur["mean_gap_pp"]) or is_missing(prev["mean_gap_pp"])
            else float(cur["mean_gap_pp"]) - float(prev["mean_gap_pp"])
        )
        rate_rows.append(
            {
                "Measure": "Mean gap to own cohort's England and Wales average",
                before: gap_words(prev["mean_gap_pp"]),
                now: gap_words(cur["mean_gap_pp"]),
                "Change": "" if gap_change is None else gap_words(gap_change),
            }
        )
    return pd.DataFrame(rate_rows, columns=["Measure", before, now, "Change"]).astype("string")


def _domain_table(domains: pd.DataFrame, before: str, now: str) -> pd.DataFrame:
    import pandas as pd

    def estimate(row: Any, period: str) -> str:
        if is_missing(row[f"sufficiency_{period}"]):
            return ""
        n_rep, n_j = int(row[f"n_reports_{period}"]), int(row[f"n_judgements_{period}"])
        spread = (
            f"between reports {format_range(row[f'min_{period}'], row[f'max_{period}'])}; "
            if n_rep > 1
            else ""
        )
        return (
            f"{format_share(row[f'sufficiency_{period}'])} (range "
            f"{format_range(row[f'sufficiency_low_{period}'], row[f'sufficiency_high_{period}'])}"
            f"; {spread}{n_j} judgement{'s' if n_j != 1 else ''} in {n_rep} "
            f"report{'s' if n_rep != 1 else ''})"
        )

    domain_rows = [
        {
            "Domain": r["domain_label"],
            before: estimate(r, "previous"),
            now: estimate(r, "current"),
            "Change": _signed(r["change_pp"], " points", 1),
        }
        for _, r in domains.iterrows()
    ]
    return pd.DataFrame(domain_rows, columns=["Domain", before, now, "Change"]).astype("string")


def _theme_table(themes: pd.DataFrame, before: str, now: str) -> pd.DataFrame:
    import pandas as pd

    def areas(row: Any, period: str) -> str:
        total = int(row[f"n_areas_total_{period}"])
        return (
            f"{int(row[f'n_areas_{period}'])} of {total} ({format_share(row[f'share_{period}'])})"
        )

    words = {"more": "in more areas", "less": "in fewer areas", "same": "as often"}
    theme_rows = [
        {
            "Weakness theme": r["theme_label"],
            before: areas(r, "previous"),
            now: areas(r, "current"),
            "Change in share of areas": _signed(100 * float(r["change_share"]), " points"),
            "Recurs": words[str(r["recurs"])],
        }
        for _, r in themes.iterrows()
    ]
    return pd.DataFrame(
        theme_rows, columns=["Weakness theme", before, now, "Change in share of areas", "Recurs"]
    ).astype("string")


def period_tables(comparison: PeriodComparison) -> dict[str, pd.DataFrame]:
    """The comparison as readable frames for the page: ``rates``, ``domains``, ``themes``.

    Column headings name both periods; the frames are empty when nothing is compared.
    """
    import pandas as pd

    if comparison.previous is None:
        return {"rates": pd.DataFrame(), "domains": pd.DataFrame(), "themes": pd.DataFrame()}
    before = f"Previous period ({describe_period(comparison.previous)})"
    now = f"This period ({describe_period(comparison.current)})"
    return {
        "rates": _rate_table(comparison.rates, before, now),
        "domains": _domain_table(comparison.domains, before, now),
        "themes": _theme_table(comparison.themes, before, now),
    }


CSV_DIGITS = 6
"""Decimal places of shares and gaps in ``period-comparison.csv``."""
CSV_COLUMNS = ["section", "item", "label", "measure", "previous", "current", "change"]


def comparison_csv(comparison: PeriodComparison) -> pd.DataFrame:
    """The comparison as one long table for ``period-comparison.csv``: one row per section
    (``period``, ``rates``, ``domain``, ``theme``), item and measure, with both periods'
    values and the change (current minus previous). Empty for an open period."""
    import pandas as pd

    if comparison.previous is None:
        return pd.DataFrame(columns=CSV_COLUMNS)
    rows: list[dict[str, Any]] = []

    def add(section: str, item: str, label: str, measure: str, old: Any, new: Any) -> None:
        old = None if is_missing(old) else old
        new = None if is_missing(new) else new
        if isinstance(old, float):
            old = round(old, CSV_DIGITS)
        if isinstance(new, float):
            new = round(new, CSV_DIGITS)
        change = None
        if isinstance(old, int | float) and isinstance(new, int | float):
            change = round(new - old, CSV_DIGITS)
        rows.append(
            {
                "section": section,
                "item": item,
                "label": label,
                "measure": measure,
                "previous": old,
                "current": new,
                "change": change,
            }
        )

    for measure, attr in (("first day", "start"), ("last day", "end")):
        add(
            "period",
            "",
            "Publication period",
            measure,
            getattr(comparison.previous, attr).date().isoformat(),
            getattr(comparison.current, attr).date().isoformat(),
        )
    rates = comparison.rates.set_index("period")
    for col, measure in (
        ("n_reports", "reports"),
        ("n_areas", "areas"),
        ("n_rated", "reports with a rate and its average"),
        ("n_worse", "worse than own cohort's average"),
        ("n_better", "better than own cohort's average"),
        ("mean_gap_pp", "mean gap to own cohort's average (points)"),
    ):
        values = [rates.at[p, col] for p in PERIODS]
        values = [
            None if is_missing(v) else (float(v) if col == "mean_gap_pp" else int(v))
            for v in values
        ]
        add("rates", "", "Reoffending rates", measure, *values)
    for _, r in comparison.domains.iterrows():
        for stat, measure in (
            ("sufficiency", "mean sufficiency"),
            ("sufficiency_low", "mean range low"),
            ("sufficiency_high", "mean range high"),
            ("min", "lowest report"),
            ("max", "highest report"),
            ("n_reports", "reports"),
            ("n_judgements", "judgements"),
        ):
            cast = int if stat.startswith("n_") else float
            values = [r[f"{stat}_{p}"] for p in PERIODS]
            values = [None if is_missing(v) else cast(v) for v in values]
            add("domain", str(r["domain"]), str(r["domain_label"]), measure, *values)
    for _, r in comparison.themes.iterrows():
        for stat, measure, cast in (
            ("n_areas", "areas", int),
            ("n_areas_total", "areas reported on", int),
            ("share", "share of areas", float),
        ):
            values = [r[f"{stat}_{p}"] for p in PERIODS]
            values = [None if is_missing(v) else cast(v) for v in values]
            add("theme", str(r["theme"]), str(r["theme_label"]), measure, *values)
    return pd.DataFrame(rows, columns=CSV_COLUMNS, dtype=object)
