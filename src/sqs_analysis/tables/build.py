"""Tidy tables from parsed reports: one DataFrame per codebook table, with proper dtypes.

Column order, dtypes and allowed values all come from the codebook, so a table built here,
a CSV written by :mod:`sqs_analysis.tables.store` and the documentation always agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from sqs_analysis.ingest.model import Issue, Report
from sqs_analysis.reference.codebook import TableSpec, codebook

if TYPE_CHECKING:
    import pandas as pd

TABLE_NAMES = (
    "reports",
    "report_authorities",
    "findings",
    "judgements",
    "unread_counts",
    "strengths",
    "improvements",
    "copy_list",
    "sections",
    "files",
    "parse_issues",
)


@dataclass
class Tables:
    """All tables of one parsed corpus, each a pandas DataFrame shaped by the codebook."""

    reports: pd.DataFrame
    report_authorities: pd.DataFrame
    findings: pd.DataFrame
    judgements: pd.DataFrame
    unread_counts: pd.DataFrame
    strengths: pd.DataFrame
    improvements: pd.DataFrame
    copy_list: pd.DataFrame
    sections: pd.DataFrame
    files: pd.DataFrame
    parse_issues: pd.DataFrame

    def items(self) -> Iterable[tuple[str, pd.DataFrame]]:
        """(name, frame) pairs in codebook order."""
        for f in fields(self):
            yield f.name, getattr(self, f.name)


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def report_row(report: Report) -> dict[str, Any]:
    """The ``reports`` row of one parsed report (values as plain Python objects)."""
    rate = report.rate
    gap = None
    if rate.reoffending_rate is not None and rate.national_average is not None:
        gap = round(rate.reoffending_rate - rate.national_average, 4)
    row = {
        "report_id": report.report_id,
        "source_file": report.source_file,
        "source_sha256": report.source_sha256,
        "source_format": report.source_format,
        "area": report.area,
        "service_name": report.service_name,
        "service_type": report.service_type,
        "recipient": report.recipient,
        "recipient_role": report.recipient_role,
        "author": report.author,
        "author_role": report.author_role,
        "publication_date": _iso(report.publication_date),
        "fieldwork_start": _iso(report.fieldwork_start),
        "fieldwork_end": _iso(report.fieldwork_end),
        "fieldwork_evidence": report.fieldwork_evidence,
        "cases_examined": report.cases_examined,
        "cases_evidence": report.cases_evidence,
        "reoffending_rate": rate.reoffending_rate,
        "previous_year_rate": rate.previous_year_rate,
        "vs_previous_year": rate.vs_previous_year,
        "national_average": rate.national_average,
        "vs_national_average": rate.vs_national_average,
        "gap_to_national_pp": gap,
        "rate_evidence": rate.rate_evidence,
        "rate_published": rate.rate_published,
        "cohort_start": rate.cohort_start,
        "cohort_end": rate.cohort_end,
        "cohort_evidence": rate.cohort_evidence,
        "lead_inspector": report.lead_inspector,
    }
    return row


def rows_from_reports(reports: Iterable[Report]) -> dict[str, list[dict[str, Any]]]:
    """Plain row dicts for every report-derived table (not ``files``/``parse_issues``)."""
    rows: dict[str, list[dict[str, Any]]] = {
        name: [] for name in TABLE_NAMES if name not in DERIVED_TABLES
    }
    judgement_fields = codebook()["judgements"].column_names[1:]  # all but report_id
    for r in reports:
        rid = r.report_id
        rows["reports"].append(report_row(r))
        for f in r.findings:
            rows["findings"].append(
                {
                    "report_id": rid,
                    "paragraph": f.paragraph,
                    "domain": f.domain,
                    "heading": f.heading,
                    "text": f.text,
                }
            )
        for j in r.judgements:
            row = {name: getattr(j, name) for name in judgement_fields}
            rows["judgements"].append({"report_id": rid, **row})
        for seq, u in enumerate(r.unread_counts, start=1):
            rows["unread_counts"].append({"report_id": rid, "seq": seq, **vars(u)})
        for listing, items in (("strengths", r.strengths), ("improvements", r.improvements)):
            for i, text in enumerate(items, start=1):
                rows[listing].append({"report_id": rid, "item": i, "text": text})
        for i, (role, names) in enumerate(r.copy_list, start=1):
            rows["copy_list"].append({"report_id": rid, "item": i, "role": role, "names": names})
        for section, text in r.sections.items():
            rows["sections"].append({"report_id": rid, "section": section, "text": text})
    return rows


DERIVED_TABLES = ("report_authorities", "files", "parse_issues")
"""Tables not made row by row from the reports' own content."""


def with_areas(reports: pd.DataFrame, issues: list[Issue]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The reports with the area lookup's codes and region, and the report-authority rows.

    A report whose area does not resolve keeps empty codes and gets a warning in ``issues``:
    the lookup never guesses (docs/areas.md).
    """
    import warnings

    from sqs_analysis.reference.areas import AreaLookupWarning
    from sqs_analysis.tables.areas import area_columns, report_authorities

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AreaLookupWarning)  # said per file below instead
        coded = area_columns(reports)
        authorities = report_authorities(reports)
    for source_file, area in zip(
        coded["source_file"][coded["area_code"].isna()],
        coded["area"][coded["area_code"].isna()],
        strict=True,
    ):
        shown = "(none)" if area is None or area != area else repr(area)
        issues.append(
            Issue(
                source_file,
                "warning",
                f"area {shown} is not in the area lookup (docs/areas.md); its codes and region "
                "are left empty",
            )
        )
    return coded, authorities


def issue_rows(issues: Iterable[Issue]) -> list[dict[str, Any]]:
    """Rows of the ``parse_issues`` table."""
    return [
        {
            "source_file": i.source_file,
            "severity": i.severity,
            "message": i.message,
            "check": getattr(i, "check", None),  # issues pickled before checks had none
        }
        for i in issues
    ]


def frame(spec: TableSpec, rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A DataFrame with exactly the codebook's columns, in order, with the codebook's dtypes."""
    import pandas as pd

    df = pd.DataFrame(list(rows), columns=spec.column_names)
    return coerce(spec, df)


def coerce(spec: TableSpec, df: pd.DataFrame) -> pd.DataFrame:
    """Cast each column to the pandas dtype its codebook entry names.

    Used both when building tables and when reading CSVs back, so both give the same dtypes.
    """
    import pandas as pd

    out = df.reindex(columns=spec.column_names).copy()
    for col in spec.columns:
        s = out[col.name]
        if col.dtype in ("string", "category"):
            out[col.name] = s.astype("string")
        elif col.dtype == "int":
            out[col.name] = pd.to_numeric(s, errors="coerce").astype("Int64")
        elif col.dtype == "float":
            out[col.name] = pd.to_numeric(s, errors="coerce").astype("Float64")
        elif col.dtype == "date":
            out[col.name] = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
        elif col.dtype == "month":
            months = pd.to_datetime(s, format="%Y-%m", errors="coerce")
            out[col.name] = months.dt.to_period("M")
    return out


def build_tables(
    reports: Iterable[Report],
    files: Iterable[Mapping[str, Any]] = (),
    issues: Iterable[Issue] = (),
) -> Tables:
    """Every table for a set of parsed reports, plus the file manifest and the issues."""
    import pandas as pd

    from sqs_analysis.tables.areas import AREA_COLUMNS

    reports = sorted(reports, key=lambda r: r.report_id)
    specs = codebook()
    rows = rows_from_reports(reports)
    issues = list(issues)
    own = [c for c in specs["reports"].column_names if c not in AREA_COLUMNS]
    coded, authorities = with_areas(pd.DataFrame(rows["reports"], columns=own), issues)
    rows["files"] = sorted(files, key=lambda f: f["source_file"])
    rows["parse_issues"] = issue_rows(issues)
    built = {
        name: frame(specs[name], rows[name]) for name in TABLE_NAMES if name not in DERIVED_TABLES
    }
    built["reports"] = coerce(specs["reports"], coded)
    built["report_authorities"] = coerce(specs["report_authorities"], authorities)
    built["files"] = frame(specs["files"], rows["files"])
    built["parse_issues"] = frame(specs["parse_issues"], rows["parse_issues"])
    return Tables(**{name: built[name] for name in TABLE_NAMES})
