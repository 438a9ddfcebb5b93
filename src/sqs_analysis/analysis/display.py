"""Display tables: readable column names and formatted numbers, evidence beside each number.

CSV files keep the raw analysis frames; these are for notebooks and the briefing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqs_analysis.analysis.taxonomy import describe
from sqs_analysis.analysis.words import (
    format_date,
    format_range,
    format_rate,
    format_share,
    gap_words,
    is_missing,
)

if TYPE_CHECKING:
    import pandas as pd

    from sqs_analysis.analysis.profile import AreaProfile


def _display(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(rows, columns=columns).astype("string")


def _count_text(numerator: Any, denominator: Any) -> str:
    if is_missing(numerator) or is_missing(denominator):
        return ""
    return f"{int(numerator)} of {int(denominator)}"


def rate_table(gaps: pd.DataFrame) -> pd.DataFrame:
    """Rate gaps for reading: one row per report, cohort and evidence beside the numbers."""
    cols = [
        "Area",
        "Published",
        "Rate",
        "England and Wales average (same cohort)",
        "Gap (points)",
        "Against average",
        "Against previous year",
        "Cohort",
        "Rate published",
        "Evidence",
        "Cohort evidence",
    ]
    rows = []
    for r in gaps.to_dict("records"):
        gap = r["gap_pp"]
        prev = "" if is_missing(r["vs_previous_year"]) else str(r["vs_previous_year"])
        if prev and not is_missing(r["previous_year_rate"]):
            prev += f" (was {format_rate(r['previous_year_rate'])})"
        rows.append(
            {
                "Area": r["label"],
                "Published": format_date(r["publication_date"]),
                "Rate": format_rate(r["reoffending_rate"]),
                "England and Wales average (same cohort)": format_rate(r["national_average"]),
                "Gap (points)": "" if is_missing(gap) else f"{float(gap):+.1f}",
                "Against average": gap_words(gap),
                "Against previous year": prev,
                "Cohort": r["cohort"],
                "Rate published": r["rate_published"]
                if not is_missing(r["rate_published"])
                else "",
                "Evidence": "" if is_missing(r["rate_evidence"]) else r["rate_evidence"],
                "Cohort evidence": "" if is_missing(r["cohort_evidence"]) else r["cohort_evidence"],
            }
        )
    return _display(rows, cols)


def domain_table(domains: pd.DataFrame) -> pd.DataFrame:
    """Sufficiency by report and domain for reading, with range, basis and evidence."""
    cols = ["Report", "Domain", "Sufficient", "Range", "Basis", "Judgements", "Evidence"]
    rows = [
        {
            "Report": r["label"],
            "Domain": r["domain_label"],
            "Sufficient": format_share(r["sufficiency"]),
            "Range": format_range(r["sufficiency_low"], r["sufficiency_high"]),
            "Basis": r["basis"],
            "Judgements": f"{r['n_judgements']} ({r['n_count']} counted, {r['n_verbal']} in words)",
            "Evidence": r["evidence"],
        }
        for r in domains.to_dict("records")
    ]
    return _display(rows, cols)


def stage_table(summary: pd.DataFrame) -> pd.DataFrame:
    """Practice stages for reading, weakest first."""
    cols = [
        "Stage",
        "Reports",
        "Judgements",
        "Average sufficient",
        "Average range",
        "Lowest report",
        "Highest report",
    ]
    rows = [
        {
            "Stage": r["stage_label"],
            "Reports": str(r["n_reports"]),
            "Judgements": f"{r['n_judgements']} ({r['n_count']} counted, {r['n_verbal']} in words)",
            "Average sufficient": format_share(r["sufficiency"]),
            "Average range": format_range(r["sufficiency_low"], r["sufficiency_high"]),
            "Lowest report": f"{r['weakest']} ({format_share(r['min'])})",
            "Highest report": f"{r['strongest']} ({format_share(r['max'])})",
        }
        for r in summary.to_dict("records")
    ]
    return _display(rows, cols)


def judgement_table(detail: pd.DataFrame) -> pd.DataFrame:
    """Every judgement for reading: where it is, what it says, its estimate and its sentence."""
    cols = [
        "Report",
        "Paragraph",
        "Domain",
        "Stage",
        "Polarity",
        "Quantifier",
        "Basis",
        "Count",
        "Sufficient",
        "Range",
        "Evidence",
    ]
    rows = [
        {
            "Report": r["label"],
            "Paragraph": r["paragraph"],
            "Domain": r["domain_label"],
            "Stage": f"{r['stage_label']} ({r['stage_source']}: {r['stage_words']})"
            if r["stage_words"]
            else r["stage_label"],
            "Polarity": r["polarity"],
            "Quantifier": r["quantifier_text"],
            "Basis": r["basis"],
            "Count": _count_text(r["numerator"], r["denominator"]),
            "Sufficient": format_share(r["sufficiency"]),
            "Range": format_range(r["sufficiency_low"], r["sufficiency_high"]),
            "Evidence": r["evidence"],
        }
        for r in detail.to_dict("records")
    ]
    return _display(rows, cols)


def theme_table(summary: pd.DataFrame, headline: str = "area for improvement") -> pd.DataFrame:
    """Theme recurrence for reading, with a quoted example per theme."""
    cols = [
        "Theme",
        "Areas",
        f"Areas naming it as {headline}",
        "Reports",
        "Texts",
        "Years",
        "Which areas",
        "Example",
        "Example from",
    ]
    rows = []
    for r in summary.to_dict("records"):
        years = ""
        if not is_missing(r["first_year"]):
            years = (
                str(r["first_year"])
                if r["first_year"] == r["last_year"]
                else f"{r['first_year']}-{r['last_year']}"
            )
        rows.append(
            {
                "Theme": r["theme_label"],
                "Areas": f"{r['n_areas']} of {r['n_areas_total']}",
                f"Areas naming it as {headline}": str(r["n_areas_headline"]),
                "Reports": str(r["n_reports"]),
                "Texts": str(r["n_items"]),
                "Years": years,
                "Which areas": r["areas"],
                "Example": f"\u201c{r['example']}\u201d",
                "Example from": f"{r['example_area']} ({r['example_source']})",
            }
        )
    return _display(rows, cols)


def evidence_table(evidence: pd.DataFrame) -> pd.DataFrame:
    """Every text behind the themes, with the words that placed it in its theme."""
    cols = ["Report", "Source", "Where", "Theme", "Matched words", "Text"]
    rows = [
        {
            "Report": r["label"],
            "Source": r["source"],
            "Where": r["ref"],
            "Theme": r["theme_label"],
            "Matched words": r["matched"],
            "Text": r["text"],
        }
        for r in evidence.to_dict("records")
    ]
    return _display(rows, cols)


def year_table(by_year: pd.DataFrame, order: list[str] | None = None) -> pd.DataFrame:
    """Theme x publication year as 'areas with the theme / areas inspected' (themes in
    ``order`` first, e.g. most widespread first)."""
    import pandas as pd

    if by_year.empty:
        return pd.DataFrame(columns=["Theme"]).astype("string")
    cells = by_year.assign(
        cell=by_year["n_areas"].astype(str) + "/" + by_year["n_areas_year"].astype(str)
    )
    table = cells.pivot_table(index="theme_label", columns="year", values="cell", aggfunc="first")
    if order:
        ranked = [t for t in order if t in table.index]
        table = table.loc[ranked + [t for t in table.index if t not in ranked]]
    table.columns = [str(c) for c in table.columns]
    table = table.reset_index().rename(columns={"theme_label": "Theme"})
    return table.astype("string")


def recurrence_table(items: pd.DataFrame, kind: str) -> pd.DataFrame:
    """An area's bullets with their themes and where else each recurs (area profile)."""
    cols = ["Bullet", kind, "Themes", "Other areas with the theme", "Which", "Example elsewhere"]
    rows = [
        {
            "Bullet": r["ref"],
            kind: r["text"],
            "Themes": r["themes"],
            "Other areas with the theme": str(r["n_other_areas"]),
            "Which": r["other_areas"],
            "Example elsewhere": r["example_elsewhere"],
        }
        for r in items.to_dict("records")
    ]
    return _display(rows, cols)


def profile_domain_table(profile: AreaProfile) -> pd.DataFrame:
    """The area's sufficiency by domain against the spread in other areas."""
    cols = [
        "Domain",
        "Sufficient",
        "Range",
        "Basis",
        "Other areas: median",
        "Other areas: middle half",
        "Other areas: lowest-highest",
        "Rank (1 = highest)",
        "Evidence",
    ]
    if profile.domains is None:
        return _display([], cols)
    rows = []
    for r in profile.domains.to_dict("records"):
        n = int(r["others_n"])
        rows.append(
            {
                "Domain": r["domain_label"],
                "Sufficient": format_share(r["sufficiency"]),
                "Range": format_range(r["sufficiency_low"], r["sufficiency_high"]),
                "Basis": "" if is_missing(r["basis"]) else r["basis"],
                "Other areas: median": format_share(r["others_median"]) if n else "",
                "Other areas: middle half": format_range(r["others_q1"], r["others_q3"])
                if n
                else "",
                "Other areas: lowest-highest": format_range(r["others_min"], r["others_max"])
                if n
                else "",
                "Rank (1 = highest)": ""
                if is_missing(r["rank_from_top"])
                else f"{r['rank_from_top']} of {n + 1}",
                "Evidence": r["evidence"],
            }
        )
    return _display(rows, cols)


def taxonomy_table(kind: str) -> pd.DataFrame:
    """The documented rules of one kind (stage, weakness, strength) as a table."""
    import pandas as pd

    rows = describe(kind)
    df = pd.DataFrame(rows)
    df = df.rename(
        columns={
            "id": "Id",
            "label": "Label",
            "description": "Description",
            "patterns": "Patterns (regular expressions, any case)",
            "exclude": "Unless",
            "stages": "Also for low judgements in stage",
        }
    )
    if kind != "weakness":
        df = df.drop(columns=["Also for low judgements in stage"])
    return df.astype("string")
