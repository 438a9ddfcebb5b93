"""Search the evidence: every finding sentence, key strength and area for improvement.

``search(tables, "exploit", regions=["North West"])`` answers "what did inspectors say about
this, and where?" as a frame, one row per sentence or bullet, best match first: the area,
publication date, region, domain, paragraph, theme (from ``themes.toml``, as the notebooks
assign them), the text with the matched words marked, and the judgement the sentence carries
(from the judgements table: quantifier, estimated share of cases sufficient and its range).
How words are matched and results ranked is in :mod:`.query`.

The texts are gathered once per set of tables (:func:`evidence_corpus`), so an explorer that
searches again and again pays for it once.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqs_analysis.analysis.formatting import (
    domain_label,
    format_date,
    format_range,
    format_share,
    is_missing,
)
from sqs_analysis.analysis.query import Tokens, mark, match, parse_query, rank_key, tokenize
from sqs_analysis.analysis.selection import area_key, make_selection, report_index
from sqs_analysis.analysis.taxonomy import deficiency_cue, locate_sentence, match_themes, taxonomy
from sqs_analysis.reference.sentences import split_sentences

if TYPE_CHECKING:
    import pandas as pd

    from sqs_analysis.tables import Tables

FINDING = "finding"
STRENGTH = "key strength"
IMPROVEMENT = "area for improvement"
SOURCES = (FINDING, STRENGTH, IMPROVEMENT)
CORPUS_COLUMNS = [
    "report_id",
    "area",
    "publication_date",
    "year",
    "region",
    "domain",
    "paragraph",
    "source",
    "theme",
    "reads_as",
    "text",
    "judgement",
]
RESULT_COLUMNS = [
    "rank",
    "area",
    "publication_date",
    "region",
    "domain",
    "paragraph",
    "source",
    "theme",
    "reads_as",
    "marked",
    "judgement",
    "text",
    "report_id",
    "year",
    "terms_matched",
    "in_order",
    "window",
    "spans",
]
"""Columns of :func:`search`: what a reader sees first, then the text unmarked, the report and
the ranking's figures (``spans``: the matched words' character positions in ``text``)."""
NO_MATCH = "No sentence, key strength or area for improvement matches {what}."


@dataclass(frozen=True)
class EvidenceCorpus:
    """Every searchable text of some tables (``frame``, :data:`CORPUS_COLUMNS`) and its words."""

    frame: pd.DataFrame
    tokens: tuple[Tokens, ...]


def _judgement_text(row: Any) -> str:
    share = format_share(row.sufficiency)
    span = format_range(row.sufficiency_low, row.sufficiency_high)
    said = str(row.quantifier_text)
    stated = "deficient practice stated, " if row.polarity == "negative" else ""
    return f"{said}: {stated}{share} of cases sufficient (range {span})"


def _judgements_by_sentence(tables: Tables) -> dict[tuple[str, str, int], list[Any]]:
    """(report, paragraph, sentence index) -> the judgements whose evidence is that sentence."""
    paragraphs = tables.findings.set_index(["report_id", "paragraph"])["text"].to_dict()
    out: dict[tuple[str, str, int], list[Any]] = {}
    ordered = tables.judgements.sort_values(["report_id", "paragraph", "seq"], kind="stable")
    for row in ordered.itertuples(index=False):
        sentences = split_sentences(paragraphs.get((row.report_id, row.paragraph), ""))
        at = locate_sentence(str(row.evidence), sentences) if sentences else None
        if at is not None:
            out.setdefault((row.report_id, row.paragraph, at), []).append(row)
    return out


def _themes(text: str, kind: str) -> str:
    tax = taxonomy()
    themes = tax.weaknesses if kind == "weakness" else tax.strengths
    return "; ".join(theme.label for theme, _ in match_themes(text, themes))


def _criticises(sentence: str, judged: list[Any]) -> bool:
    """A finding sentence is read as a weakness when it signals deficient practice or carries
    a negative or low judgement (as :func:`.recurrence.negative_items` reads it)."""
    low = taxonomy().low_sufficiency
    if any(j.polarity == "negative" or float(j.sufficiency) < low for j in judged):
        return True
    return deficiency_cue(sentence) is not None


def evidence_corpus(tables: Tables) -> EvidenceCorpus:
    """Every finding sentence, key strength and area for improvement of ``tables``, in report
    order, with where it stands, its themes and its judgements."""
    import pandas as pd

    idx = report_index(tables).set_index("report_id")
    regions = tables.reports.set_index("report_id")["region"]
    judged = _judgements_by_sentence(tables)
    rows: list[dict[str, Any]] = []

    def add(report_id: str, **values: Any) -> None:
        rows.append({"report_id": report_id, **values})

    for row in tables.findings.itertuples(index=False):
        for i, sentence in enumerate(split_sentences(row.text)):
            found = judged.get((row.report_id, row.paragraph, i), [])
            kind = "weakness" if _criticises(sentence, found) else "strength"
            theme = _themes(sentence, kind)
            reads_as = kind if kind == "weakness" or theme or found else ""
            add(
                row.report_id,
                domain=domain_label(row.domain),
                paragraph=str(row.paragraph),
                source=FINDING,
                theme=theme,
                reads_as=reads_as,
                text=sentence,
                judgement="; ".join(_judgement_text(j) for j in found),
                order=i,
            )
    for table, source, kind in (
        (tables.strengths, STRENGTH, "strength"),
        (tables.improvements, IMPROVEMENT, "weakness"),
    ):
        for row in table.itertuples(index=False):
            add(
                row.report_id,
                domain="",
                paragraph=f"bullet {row.item}",
                source=source,
                theme=_themes(str(row.text), kind),
                reads_as=kind,
                text=" ".join(str(row.text).split()),
                judgement="",
                order=int(row.item),
            )
    frame = pd.DataFrame(rows, columns=[*CORPUS_COLUMNS, "order"])
    ids = frame["report_id"]
    frame["area"] = ids.map(idx["area"]).astype("string")
    frame["publication_date"] = ids.map(idx["publication_date"])
    frame["year"] = ids.map(idx["year"]).astype("Int64")
    frame["region"] = ids.map(regions).astype("string")
    frame["_source_order"] = frame["source"].map({s: i for i, s in enumerate(SOURCES)})
    frame = frame.sort_values(["report_id", "_source_order"], kind="stable").reset_index(drop=True)
    frame = frame[CORPUS_COLUMNS]
    for col in (
        "report_id",
        "domain",
        "paragraph",
        "source",
        "theme",
        "reads_as",
        "text",
        "judgement",
    ):
        frame[col] = frame[col].astype("string")
    return EvidenceCorpus(frame, tuple(tokenize(t) for t in frame["text"].tolist()))


def _names(values: Iterable[str] | str | None) -> set[str]:
    if values is None:
        return set()
    if isinstance(values, str):
        values = [values]
    return {area_key(v) for v in values if str(v).strip()}


def filter_mask(
    frame: pd.DataFrame,
    *,
    areas: Iterable[str] | str | None = (),
    regions: Iterable[str] | str | None = (),
    period_start: Any = None,
    period_end: Any = None,
    domains: Iterable[str] | str | None = (),
    themes: Iterable[str] | str | None = (),
    sources: Iterable[str] | str | None = (),
    reads_as: Iterable[str] | str | None = (),
) -> pd.Series:
    """Which rows of a corpus frame pass the filters (each empty filter passes everything).

    Areas, regions, domains and themes match however they are written ("north west",
    "Protecting the public" or ``protecting_the_public``); a text passes a theme filter when
    any of its themes is named. Dates are as :func:`.make_selection` takes them.
    """
    import pandas as pd

    selection = make_selection(period_start, period_end, ())
    mask = pd.Series(True, index=frame.index)
    dates = frame["publication_date"]
    if selection.start is not None:
        mask &= (dates >= selection.start).fillna(False).astype(bool)
    if selection.end is not None:
        mask &= (dates <= selection.end).fillna(False).astype(bool)
    for column, wanted in (
        ("area", _names(areas)),
        ("region", _names(regions)),
        ("domain", _names(domains)),
        ("source", _names(sources)),
        ("reads_as", _names(reads_as)),
    ):
        if wanted:
            mask &= frame[column].map(lambda v, w=wanted: area_key(v) in w).astype(bool)
    theme_keys = _names(themes)
    if theme_keys:
        mask &= (
            frame["theme"]
            .map(lambda v: bool({area_key(t) for t in str(v or "").split("; ")} & theme_keys))
            .astype(bool)
        )
    return mask


def search(
    data: Tables | EvidenceCorpus,
    query: str = "",
    *,
    areas: Iterable[str] | str | None = (),
    regions: Iterable[str] | str | None = (),
    period_start: Any = None,
    period_end: Any = None,
    domains: Iterable[str] | str | None = (),
    themes: Iterable[str] | str | None = (),
    sources: Iterable[str] | str | None = (),
    reads_as: Iterable[str] | str | None = (),
    match_all: bool = True,
) -> pd.DataFrame:
    """The finding sentences, key strengths and areas for improvement matching ``query``,
    best first (:data:`RESULT_COLUMNS`; no rows when nothing matches).

    ``query`` is words and quoted phrases (:mod:`.query`); an empty query lists every text
    that passes the filters, in report order. ``match_all=False`` also finds texts matching
    only some of the terms (ranked after those matching more). ``sources`` narrows to
    ``"finding"``, ``"key strength"`` or ``"area for improvement"``; ``reads_as`` to texts
    read as a ``"weakness"`` (areas for improvement, and finding sentences that signal
    deficient practice or carry a negative or low judgement, as notebook 3 reads them) or a
    ``"strength"`` (key strengths, and other finding sentences with a strength theme or a
    judgement).
    """
    import pandas as pd

    corpus = data if isinstance(data, EvidenceCorpus) else evidence_corpus(data)
    frame = corpus.frame
    mask = filter_mask(
        frame,
        areas=areas,
        regions=regions,
        period_start=period_start,
        period_end=period_end,
        domains=domains,
        themes=themes,
        sources=sources,
        reads_as=reads_as,
    )
    parsed = parse_query(query)
    dates = frame["publication_date"]
    newest_first = (-dates.map(lambda d: pd.Timestamp(d).value, na_action="ignore")).fillna(0)
    hits: list[tuple[Any, int]] = []
    for i in mask[mask].index.tolist():
        found = match(parsed, corpus.tokens[i], require_all=match_all)
        if found is not None:
            hits.append((found, i))
    hits.sort(key=lambda h: (*rank_key(h[0]), newest_first.iat[h[1]], h[1]))
    out = frame.iloc[[i for _, i in hits]].reset_index(drop=True)
    found_ = [f for f, _ in hits]
    out["rank"] = pd.array(range(1, len(hits) + 1), dtype="Int64")
    out["marked"] = pd.array(
        [mark(str(t), f.spans) for t, f in zip(out["text"].tolist(), found_, strict=True)],
        dtype="string",
    )
    out["terms_matched"] = pd.array([f.terms for f in found_], dtype="Int64")
    out["in_order"] = pd.array([f.in_order for f in found_], dtype="boolean")
    out["window"] = pd.array([f.window for f in found_], dtype="Int64")
    out["spans"] = pd.Series([f.spans for f in found_], dtype=object)
    out["publication_date"] = pd.to_datetime(out["publication_date"])
    return out[RESULT_COLUMNS]


def describe_search(query: str, **filters: Any) -> str:
    """``"review" in North West, from 2015`` for messages and headings."""
    parts = [f'"{query}"' if str(query).strip() else "any words"]
    for name, label in (("areas", "in"), ("regions", "in"), ("domains", "on")):
        values = filters.get(name) or ()
        values = [values] if isinstance(values, str) else list(values)
        if values:
            parts.append(f"{label} {', '.join(map(str, values))}")
    if filters.get("themes"):
        themes = filters["themes"]
        parts.append(f"theme {themes if isinstance(themes, str) else ', '.join(themes)}")
    if filters.get("period_start"):
        parts.append(f"from {filters['period_start']}")
    if filters.get("period_end"):
        parts.append(f"to {filters['period_end']}")
    return " ".join(parts)


def no_match_message(query: str, **filters: Any) -> str:
    """The sentence shown when a search finds nothing."""
    return NO_MATCH.format(what=describe_search(query, **filters))


def results_text(results: pd.DataFrame, width: int = 100, limit: int | None = None) -> str:
    """Search results as a readable table for a terminal: one line naming where each text
    stands, then the text (matched words between ``**``) and its judgement, indented."""
    shown = results if limit is None else results.head(limit)
    header = f"{'#':>3}  {'area':<22} {'published':<17} {'region':<18} {'domain / paragraph'}"
    lines = [header, "-" * min(width, len(header) + 20)]
    indent = " " * 5
    for row in shown.itertuples(index=False):
        where = f"{row.domain}, paragraph {row.paragraph}" if row.domain else str(row.source)
        if not row.domain:
            where += f", {row.paragraph}"
        lines.append(
            f"{row.rank:>3}  {str(row.area)[:22]:<22} {format_date(row.publication_date):<17} "
            f"{str('' if is_missing(row.region) else row.region)[:18]:<18} {where}"
        )
        lines += textwrap.wrap(
            str(row.marked), width, initial_indent=indent, subsequent_indent=indent
        )
        reading = "" if is_missing(row.reads_as) else str(row.reads_as)
        if not is_missing(row.theme) and str(row.theme):
            lines.append(f"{indent}theme: {row.theme}" + (f" ({reading})" if reading else ""))
        elif reading:
            lines.append(f"{indent}reads as a {reading}")
        if not is_missing(row.judgement) and str(row.judgement):
            lines.append(f"{indent}judgement: {row.judgement}")
        lines.append("")
    if limit is not None and len(results) > limit:
        lines.append(f"... {len(results) - limit} more (all of them with --csv FILE)")
    return "\n".join(lines).rstrip() + "\n"


def results_csv_frame(results: pd.DataFrame) -> pd.DataFrame:
    """The results as written to a CSV file: readable columns, dates as ``YYYY-MM-DD``."""
    out = results.drop(columns=["spans", "in_order", "window"]).copy()
    out["publication_date"] = out["publication_date"].dt.strftime("%Y-%m-%d")
    return out
