"""Data quality and headline numbers: what the briefing opens with and its appendix shows.

Both are computed here, once, from the selected tables, and handed to the page as plain
values and readable frames; the page only lays them out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqs_analysis.analysis.formatting import (
    format_date,
    format_range,
    format_share,
    is_missing,
)
from sqs_analysis.analysis.rates import rate_gaps, rate_sentence
from sqs_analysis.analysis.recurrence import count_areas, theme_recurrence, weakness_evidence
from sqs_analysis.analysis.selection import no_reports_message
from sqs_analysis.analysis.sufficiency import judgement_detail, stage_sufficiency, stage_summary
from sqs_analysis.analysis.taxonomy import UNCLASSIFIED, UNMATCHED

if TYPE_CHECKING:
    import pandas as pd

    from sqs_analysis.analysis.selection import Selection
    from sqs_analysis.tables import Tables

RATE_SENTENCES_UP_TO = 10
"""The headline lists every report's rate against its average when there are this few."""


INCLUDED_COLUMNS = (
    "report_id",
    "area",
    "area_code",
    "region",
    "publication_date",
    "source_file",
    "source_format",
)


def reports_included(tables: Tables) -> pd.DataFrame:
    """One row per report in the selection, with how much was parsed from it (and how many
    counts in its findings were not read as judgements: ``unread_counts`` says why)."""
    r = tables.reports
    out = r[list(INCLUDED_COLUMNS)].copy()
    for name in ("findings", "judgements", "unread_counts", "strengths", "improvements"):
        counts = getattr(tables, name)["report_id"].value_counts()
        out[f"n_{name}"] = out["report_id"].map(counts).fillna(0).astype("Int64")
    return out.sort_values(["publication_date", "area"], kind="stable").reset_index(drop=True)


def missing_fields(tables: Tables) -> pd.DataFrame:
    """Which ``reports`` columns are empty for each report."""
    import pandas as pd

    from sqs_analysis.tables.areas import EMPTY_WHEN_UNCHANGED

    r = tables.reports
    # a successor code is empty because the authority has not changed, not because it is missing
    cols = [c for c in r.columns if c != "report_id" and c not in EMPTY_WHEN_UNCHANGED]
    missing = [[c for c in cols if is_missing(row[c])] for _, row in r.iterrows()]
    return pd.DataFrame(
        {
            "report_id": r["report_id"],
            "area": r["area"],
            "n_missing": pd.array([len(m) for m in missing], dtype="Int64"),
            "missing": pd.array([", ".join(m) for m in missing], dtype="string"),
        }
    )


def consistency_checks(tables: Tables) -> pd.DataFrame:
    """One row per parsed letter: how many consistency checks it failed, which, and the share
    of its sentences placed in a table (docs/checks.md)."""
    import math

    import pandas as pd

    files = tables.files[(tables.files["status"] == "parsed").fillna(False).astype(bool)]
    issues = tables.parse_issues[tables.parse_issues["check"].notna()]
    which = issues.groupby("source_file")["check"].agg(lambda s: ", ".join(dict.fromkeys(s)))

    def placed(value: Any) -> str:  # rounded down: 99.6% placed is not all of it
        return "n/a" if is_missing(value) else f"{math.floor(1000 * float(value)) / 10:g}%"

    return pd.DataFrame(
        {
            "source_file": files["source_file"],
            "report_id": files["report_id"],
            "checks_failed": files["checks_failed"],
            "checks": files["source_file"].map(which).astype("string").fillna(""),
            "coverage": files["coverage"].map(placed).astype("string"),
        }
    ).reset_index(drop=True)


def headline_numbers(
    tables: Tables,
    weaknesses: pd.DataFrame | None = None,
    stages: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """The few numbers a briefing opens with, computed from the selected tables.

    ``weaknesses`` (from :func:`theme_recurrence`) and ``stages`` (from :func:`stage_summary`)
    may be passed in when a notebook has already computed them for the same selection, which
    saves recomputing the slowest parts for a large corpus.
    """
    gaps = rate_gaps(tables)
    rated = gaps[gaps["gap_pp"].notna()]
    dates = tables.reports["publication_date"].dropna()
    if weaknesses is None or stages is None:
        detail = judgement_detail(tables)
    if weaknesses is None:
        weaknesses = theme_recurrence(
            weakness_evidence(tables, detail),
            count_areas(tables),
            headline_source="area for improvement",
        )
    if stages is None:
        stages = stage_summary(stage_sufficiency(detail))
    weak = weaknesses[weaknesses["theme"] != UNMATCHED]
    stages = stages[stages["stage"] != UNCLASSIFIED]
    return {
        "reports": len(tables.reports),
        "areas": count_areas(tables),
        "first_published": format_date(dates.min()) if len(dates) else "",
        "last_published": format_date(dates.max()) if len(dates) else "",
        "rated": len(rated),
        "worse_than_average": int((rated["direction"] == "worse").sum()),
        "better_than_average": int((rated["direction"] == "better").sum()),
        "top_weakness": weak.iloc[0]["theme_label"] if len(weak) else "",
        "top_weakness_areas": int(weak.iloc[0]["n_areas"]) if len(weak) else 0,
        "weakest_stage": stages.iloc[0]["stage_label"] if len(stages) else "",
        "weakest_stage_sufficiency": format_share(stages.iloc[0]["sufficiency"])
        if len(stages)
        else "",
        "weakest_stage_range": format_range(
            stages.iloc[0]["sufficiency_low"], stages.iloc[0]["sufficiency_high"]
        )
        if len(stages)
        else "",
        "weakest_stage_reports": int(stages.iloc[0]["n_reports"]) if len(stages) else 0,
        "parse_warnings": int((tables.parse_issues["severity"] == "warning").sum()),
        "failed_files": int((tables.files["status"] == "failed").sum()),
        "rate_sentences": [rate_sentence(row) for _, row in rated.iterrows()]
        if len(rated) <= RATE_SENTENCES_UP_TO
        else [],
    }


def headline(tables: Tables, selection: Selection) -> dict[str, Any]:
    """What a briefing opens with: :func:`headline_numbers` for the selected tables, or the
    sentence saying the selection holds no reports (``no_reports``)."""
    if tables.reports.empty:
        return {"no_reports": no_reports_message(selection)}
    return {"no_reports": "", **headline_numbers(tables)}


def quality_tables(all_tables: Tables, selected: Tables) -> dict[str, pd.DataFrame]:
    """The data-quality appendix as readable frames: reports included, fields missing per
    report, parse warnings and errors of the selected files, the consistency checks of each
    letter, and every input file."""
    included = reports_included(selected).rename(
        columns={
            "report_id": "Report",
            "area": "Area",
            "area_code": "Area code",
            "region": "Region",
            "publication_date": "Published",
            "source_file": "File",
            "source_format": "Format",
            "n_findings": "Paragraphs",
            "n_judgements": "Judgements",
            "n_unread_counts": "Counts not read as judgements",
            "n_strengths": "Key strengths",
            "n_improvements": "Areas for improvement",
        }
    )
    if len(included):
        included["Published"] = included["Published"].map(format_date)
    missing = missing_fields(selected).rename(
        columns={
            "report_id": "Report",
            "area": "Area",
            "n_missing": "Fields missing",
            "missing": "Which",
        }
    )
    issues = selected.parse_issues.rename(
        columns={
            "source_file": "File",
            "severity": "Severity",
            "message": "Message",
            "check": "Check",
        }
    )
    checks = consistency_checks(selected).rename(
        columns={
            "source_file": "File",
            "report_id": "Report",
            "checks_failed": "Checks failed",
            "checks": "Which",
            "coverage": "Sentences placed",
        }
    )
    files = all_tables.files[["source_file", "status", "report_id", "source_format"]].rename(
        columns={
            "source_file": "File",
            "status": "Status",
            "report_id": "Report",
            "source_format": "Format",
        }
    )
    return {
        "included": included,
        "missing": missing,
        "issues": issues,
        "checks": checks,
        "files": files,
    }
