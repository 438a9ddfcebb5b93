"""The explorer notebook's logic: its choices, one search with every filter, where the
matches fall, and the table a reader sees. The widgets (:mod:`sqs_analysis.charts.explorer`)
only wire these to controls, so everything here is tested without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqs_analysis.analysis.formatting import domain_label, domain_order, format_date, is_missing
from sqs_analysis.analysis.search import EvidenceCorpus, evidence_corpus, search

if TYPE_CHECKING:
    import pandas as pd

    from sqs_analysis.tables import Tables

ALL = "(all)"
"""The choice that applies no filter."""
TABLE_COLUMNS = {
    "area": "Area",
    "published": "Published",
    "region": "Region",
    "domain": "Domain",
    "paragraph": "Paragraph",
    "theme": "Theme",
    "marked": "Text (matches marked)",
    "judgement": "Judgement",
}


@dataclass(frozen=True)
class Filters:
    """What the explorer's controls ask for; :data:`ALL` or empty means no filter."""

    query: str = ""
    region: str = ALL
    area: str = ALL
    domain: str = ALL
    theme: str = ALL

    def chosen(self, value: str) -> list[str]:
        return [] if not value or value == ALL else [value]


@dataclass
class Exploration:
    """The evidence of some tables, gathered once, searched as the controls change."""

    corpus: EvidenceCorpus
    options: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, tables: Tables) -> Exploration:
        corpus = evidence_corpus(tables)
        return cls(corpus, explore_options(corpus))

    def results(self, filters: Filters) -> pd.DataFrame:
        """The texts matching every filter, best first (see :func:`.search.search`)."""
        return search(
            self.corpus,
            filters.query,
            regions=filters.chosen(filters.region),
            areas=filters.chosen(filters.area),
            domains=filters.chosen(filters.domain),
            themes=filters.chosen(filters.theme),
        )


def explore_options(corpus: EvidenceCorpus) -> dict[str, list[str]]:
    """The choices of each control, :data:`ALL` first, then the values the data holds
    (domains in the framework's order, the rest alphabetically; themes one by one)."""
    frame = corpus.frame

    def values(column: str) -> list[str]:
        return sorted({str(v) for v in frame[column].dropna() if str(v).strip()})

    themes = sorted({t for v in frame["theme"].dropna() for t in str(v).split("; ") if t.strip()})
    seen = values("domain")
    domains = [d for d in (domain_label(x) for x in domain_order()) if d in seen]
    return {
        "region": [ALL, *values("region")],
        "area": [ALL, *values("area")],
        "domain": [ALL, *domains, *(d for d in seen if d not in domains)],
        "theme": [ALL, *themes],
    }


def match_counts(results: pd.DataFrame) -> pd.DataFrame:
    """Where the matches fall: one row per area and publication year with the number of
    texts, areas with the most matches first (``area``, ``year``, ``n``, ``area_total``)."""
    import pandas as pd

    if results.empty:
        return pd.DataFrame(
            {
                "area": pd.Series(dtype="string"),
                "year": pd.Series(dtype="Int64"),
                "n": pd.Series(dtype="int64"),
                "area_total": pd.Series(dtype="int64"),
            }
        )
    counts = (
        results.assign(area=results["area"].fillna("(area not found)"))
        .groupby(["area", "year"], dropna=False)
        .size()
        .rename("n")
        .reset_index()
    )
    counts["area_total"] = counts.groupby("area")["n"].transform("sum")
    counts = counts.sort_values(["area_total", "area", "year"], ascending=[False, True, True])
    counts["area"] = counts["area"].astype("string")
    counts["year"] = counts["year"].astype("Int64")
    return counts.reset_index(drop=True)


def matches_summary(results: pd.DataFrame, filters: Filters) -> str:
    """One sentence on what the controls found, e.g. ``12 texts in 2 areas match "review"``."""
    from sqs_analysis.analysis.search import no_match_message

    described = {
        "regions": filters.chosen(filters.region),
        "areas": filters.chosen(filters.area),
        "domains": filters.chosen(filters.domain),
        "themes": filters.chosen(filters.theme),
    }
    if results.empty:
        return no_match_message(filters.query, **described)
    n, areas = len(results), results["area"].nunique()
    what = f'"{filters.query.strip()}"' if filters.query.strip() else "the filters"
    return (
        f"{n} text{'s' if n != 1 else ''} in {areas} area{'s' if areas != 1 else ''} match {what}."
    )


def explore_table(results: pd.DataFrame, before: str = "**", after: str = "**") -> pd.DataFrame:
    """The results for reading (:data:`TABLE_COLUMNS`), matched words between ``before`` and
    ``after`` (the explorer passes markers it turns into highlighting)."""
    import pandas as pd

    from sqs_analysis.analysis.query import mark

    rows = []
    for row in results.itertuples(index=False):
        where = str(row.paragraph)
        if row.source != "finding":
            where = f"{row.source}, {where}"
        rows.append(
            {
                "area": row.area,
                "published": format_date(row.publication_date),
                "region": "" if is_missing(row.region) else row.region,
                "domain": "" if is_missing(row.domain) else row.domain,
                "paragraph": where,
                "theme": "" if is_missing(row.theme) else row.theme,
                "marked": mark(str(row.text), tuple(row.spans), before, after),
                "judgement": "" if is_missing(row.judgement) else row.judgement,
            }
        )
    frame = pd.DataFrame(rows, columns=list(TABLE_COLUMNS)).astype("string")
    return frame.rename(columns=TABLE_COLUMNS)


def reconciles(results: pd.DataFrame, counts: pd.DataFrame) -> bool:
    """The chart counts every text the table lists, once."""
    return int(counts["n"].sum()) == len(results) if len(counts) else results.empty


def describe_filters(filters: Filters) -> dict[str, Any]:
    """The filters as keyword arguments of :func:`.search.search` (for a notebook's record)."""
    return {
        "query": filters.query,
        "regions": filters.chosen(filters.region),
        "areas": filters.chosen(filters.area),
        "domains": filters.chosen(filters.domain),
        "themes": filters.chosen(filters.theme),
    }


def matches_heading(counts: pd.DataFrame, what: str = "") -> str:
    """``"review": 15 texts in 2 areas, most in Southend (9)``."""
    subject = f"\u201c{what.strip()}\u201d" if what.strip() else "Texts shown"
    if counts.empty:
        return f"{subject}: no text matches"
    total = int(counts["n"].sum())
    by_area = counts.drop_duplicates("area")
    top = by_area.iloc[0]
    areas = len(by_area)
    most = f", most in {top['area']} ({int(top['area_total'])})" if areas > 1 else ""
    return (
        f"{subject}: {total} text{'s' if total != 1 else ''} in {areas} "
        f"area{'s' if areas != 1 else ''}{most}"
    )
