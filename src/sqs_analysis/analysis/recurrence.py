"""Recurrence: the texts that criticise practice or name a strength, placed in documented
themes, and in how many areas (and which years) each theme recurs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from sqs_analysis.analysis.formatting import (
    display_frame,
    format_share,
    is_missing,
    plural,
)
from sqs_analysis.analysis.selection import report_index
from sqs_analysis.analysis.sufficiency import judgement_stages, ordered_judgements
from sqs_analysis.analysis.taxonomy import (
    UNMATCHED,
    Taxonomy,
    Theme,
    deficiency_cue,
    locate_sentence,
    match_themes,
    taxonomy,
)
from sqs_analysis.reference.sentences import split_sentences

if TYPE_CHECKING:
    import pandas as pd

    from sqs_analysis.tables import Tables


_EVIDENCE_COLUMNS = [
    "report_id",
    "area",
    "area_key",
    "label",
    "publication_date",
    "year",
    "source",
    "ref",
    "text",
    "cue",
    "theme",
    "theme_label",
    "matched",
]


def _theme_rows(
    items: Iterable[dict[str, Any]], themes: Sequence[Theme], labels: dict[str, str]
) -> list[dict[str, Any]]:
    rows = []
    for item in items:
        matches = match_themes(item["text"], themes, item.get("stage"))
        if not matches:
            rows.append(
                {
                    **{k: v for k, v in item.items() if k != "stage"},
                    "theme": UNMATCHED,
                    "theme_label": labels[UNMATCHED],
                    "matched": "",
                }
            )
        for theme, words in matches:
            base = {k: v for k, v in item.items() if k != "stage"}
            rows.append({**base, "theme": theme.id, "theme_label": theme.label, "matched": words})
    return rows


def _evidence_frame(rows: list[dict[str, Any]], idx: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    df = pd.DataFrame(rows, columns=[c for c in _EVIDENCE_COLUMNS if c not in idx.columns[1:]])
    df = df.merge(idx, on="report_id", how="left")
    df = df[_EVIDENCE_COLUMNS]
    for col in _EVIDENCE_COLUMNS:
        if col not in ("publication_date", "year"):
            df[col] = df[col].astype("string")
    df["year"] = df["year"].astype("Int64")
    return df.reset_index(drop=True)


def _criticised_judgements(
    tables: Tables, detail: pd.DataFrame | None, tax: Taxonomy
) -> Iterator[tuple[str, str, str, str, str, str]]:
    """(report, source, ref, sentence, why, stage) of each judgement that is negative or below
    the taxonomy's low sufficiency: the sentence of the findings that states it."""
    judged = detail if detail is not None else ordered_judgements(tables)
    sufficiency = judged["sufficiency"].astype("Float64")
    negative = (judged["polarity"] == "negative").fillna(False).astype(bool)
    criticised = judged[negative | (sufficiency < tax.low_sufficiency).fillna(False).astype(bool)]
    if detail is None:  # only the criticised judgements need a stage
        stages = [s.stage for s in judgement_stages(criticised, tables)]
    else:
        stages = criticised["stage"].tolist()
    findings = tables.findings.set_index(["report_id", "paragraph"])["text"].to_dict()
    for report_id, paragraph, evidence, polarity, share, stage in zip(
        criticised["report_id"].tolist(),
        criticised["paragraph"].tolist(),
        criticised["evidence"].tolist(),
        criticised["polarity"].tolist(),
        criticised["sufficiency"].tolist(),
        stages,
        strict=True,
    ):
        sentences = split_sentences(findings.get((report_id, paragraph), ""))
        at = locate_sentence(str(evidence), sentences) if sentences else None
        text = sentences[at] if at is not None else str(evidence)
        why = (
            "states deficient practice"
            if polarity == "negative"
            else f"{format_share(share)} sufficient"
        )
        yield report_id, "judgement", f"paragraph {paragraph}", text, why, stage


def negative_items(tables: Tables, detail: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """Texts that criticise practice: improvement bullets, negative or low judgements, and
    sentences of the findings (and chosen sections) that signal deficiency. One per text.

    ``detail`` (from :func:`judgement_detail`, computed when not given) supplies each
    judgement's practice stage, used when its sentence names no weakness theme itself.
    """
    tax = taxonomy()
    items: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()

    def add(report_id: str, source: str, ref: str, text: str, cue: str, stage: str = "") -> None:
        key = (report_id, re.sub(r"\W+", " ", text.lower()).strip())
        if key in seen:
            return
        seen.add(key)
        items.append(
            {
                "report_id": report_id,
                "source": source,
                "ref": ref,
                "text": text,
                "cue": cue,
                "stage": stage,
            }
        )

    bullets = tables.improvements
    for report_id, item, text in zip(
        bullets["report_id"].tolist(),
        bullets["item"].tolist(),
        bullets["text"].tolist(),
        strict=True,
    ):
        add(report_id, "area for improvement", f"bullet {item}", str(text), "")

    for args in _criticised_judgements(tables, detail, tax):
        add(*args)

    paragraphs = tables.findings
    for report_id, paragraph, text in zip(
        paragraphs["report_id"].tolist(),
        paragraphs["paragraph"].tolist(),
        paragraphs["text"].tolist(),
        strict=True,
    ):
        for sentence in split_sentences(text):
            cue = deficiency_cue(sentence, tax)
            if cue:
                add(report_id, "finding", f"paragraph {paragraph}", sentence, cue)
    sections = tables.sections
    wanted = sections[sections["section"].isin(tax.deficiency_sections).fillna(False).astype(bool)]
    for row in wanted.itertuples(index=False):
        for sentence in split_sentences(row.text):
            cue = deficiency_cue(sentence, tax)
            if cue:
                where = str(row.section).replace("_", " ")
                add(row.report_id, "finding", where, sentence, cue)
    return items


def weakness_evidence(tables: Tables, detail: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per criticising text and weakness theme (``unmatched`` when none applies)."""
    tax = taxonomy()
    rows = _theme_rows(negative_items(tables, detail), tax.weaknesses, tax.labels("weakness"))
    return _evidence_frame(rows, report_index(tables))


def strength_evidence(tables: Tables) -> pd.DataFrame:
    """One row per key-strength bullet and strength theme (``unmatched`` when none applies)."""
    tax = taxonomy()
    items = [
        {
            "report_id": row.report_id,
            "source": "key strength",
            "ref": f"bullet {row.item}",
            "text": str(row.text),
            "cue": "",
        }
        for row in tables.strengths.itertuples(index=False)
    ]
    rows = _theme_rows(items, tax.strengths, tax.labels("strength"))
    return _evidence_frame(rows, report_index(tables))


def join_names(names: Iterable[str], limit: int = 8) -> str:
    names = sorted(dict.fromkeys(str(n) for n in names))
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


def theme_recurrence(
    evidence: pd.DataFrame, n_areas: int, *, headline_source: str = ""
) -> pd.DataFrame:
    """One row per theme: in how many areas and reports it recurs, when, and a quoted example.

    Themes are ranked by the number of areas; ties go to the theme named in more areas by
    ``headline_source`` texts (e.g. ``"area for improvement"``: an inspectorate's formal
    recommendation weighs more than a sentence of commentary). "Not matched" comes last.
    """
    import pandas as pd

    cols = [
        "theme",
        "theme_label",
        "n_areas",
        "n_areas_total",
        "share_areas",
        "n_areas_headline",
        "n_reports",
        "n_items",
        "first_year",
        "last_year",
        "areas",
        "example",
        "example_area",
        "example_source",
    ]
    if evidence.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for theme, g in evidence.groupby("theme", sort=False):
        headline = g[g["source"] == headline_source] if headline_source else g.iloc[0:0]
        pick = headline if len(headline) else g
        example = pick.sort_values(["publication_date", "label"], ascending=[False, True]).iloc[0]
        years = g["year"].dropna()
        rows.append(
            {
                "theme": theme,
                "theme_label": g["theme_label"].iloc[0],
                "n_areas": g["area_key"].nunique(),
                "n_areas_total": n_areas,
                "share_areas": g["area_key"].nunique() / n_areas if n_areas else float("nan"),
                "n_areas_headline": headline["area_key"].nunique(),
                "n_reports": g["report_id"].nunique(),
                "n_items": len(g),
                "first_year": int(years.min()) if len(years) else pd.NA,
                "last_year": int(years.max()) if len(years) else pd.NA,
                "areas": join_names(g["area"]),
                "example": example["text"],
                "example_area": example["label"],
                "example_source": f"{example['source']}, {example['ref']}",
            }
        )
    out = pd.DataFrame(rows, columns=cols)
    out["_unmatched"] = out["theme"] == UNMATCHED
    out = out.sort_values(
        ["_unmatched", "n_areas", "n_areas_headline", "n_items", "theme_label"],
        ascending=[True, False, False, False, True],
        kind="stable",
    ).drop(columns="_unmatched")
    for col in ("n_areas", "n_areas_total", "n_areas_headline", "n_reports", "n_items"):
        out[col] = out[col].astype("Int64")
    for col in ("first_year", "last_year"):
        out[col] = out[col].astype("Int64")
    out["share_areas"] = out["share_areas"].astype("Float64")
    return out.reset_index(drop=True)


def theme_by_year(evidence: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """Theme x publication year: areas naming the theme that year out of areas reported on."""
    import pandas as pd

    idx = report_index(tables)
    per_year = idx.dropna(subset=["year"]).groupby("year")["area_key"].nunique()
    cols = ["theme", "theme_label", "year", "n_areas", "n_areas_year", "share"]
    ev = evidence[evidence["theme"] != UNMATCHED].dropna(subset=["year"])
    if ev.empty or per_year.empty:
        return pd.DataFrame(columns=cols)
    counts = ev.groupby(["theme", "year"])["area_key"].nunique()
    labels = ev.drop_duplicates("theme").set_index("theme")["theme_label"]
    rows = []
    for theme in labels.index:
        for year, total in per_year.items():
            n = int(counts.get((theme, year), 0))
            rows.append(
                {
                    "theme": theme,
                    "theme_label": labels[theme],
                    "year": int(year),
                    "n_areas": n,
                    "n_areas_year": int(total),
                    "share": n / total,
                }
            )
    out = pd.DataFrame(rows, columns=cols)
    out["share"] = out["share"].astype("Float64")
    for col in ("year", "n_areas", "n_areas_year"):
        out[col] = out[col].astype("Int64")
    return out


def count_areas(tables: Tables) -> int:
    """Distinct areas among the reports."""
    return int(report_index(tables)["area_key"].nunique())


# --- the finding, its headings and the tables for reading -------------------------------------


def finding(weaknesses: pd.DataFrame, strengths: pd.DataFrame, n_areas: int) -> str:
    """The most widespread weakness and strength in words, with a quote."""
    if n_areas == 0:
        return "No reports in this selection, so no weaknesses or strengths to compare."
    parts = []
    matched = weaknesses[weaknesses["theme"] != UNMATCHED]
    if len(matched):
        top = matched.iloc[0]
        where = (
            f"named as an area for improvement in {top['n_areas_headline']} of {n_areas} "
            f"area{'s' if n_areas != 1 else ''}"
            if top["n_areas_headline"]
            else f"criticised in {top['n_areas']} of {n_areas} area{'s' if n_areas != 1 else ''}"
        )
        parts.append(
            f"The most widespread weakness is \u201c{top['theme_label']}\u201d: {where} "
            f"({top['areas']}), found in {top['n_areas']} area{'s' if top['n_areas'] != 1 else ''}"
            f" in all. For example ({top['example_area']}, {top['example_source']}): "
            f"\u201c{top['example']}\u201d"
        )
        formal = matched.sort_values("n_areas_headline", ascending=False, kind="stable")
        if formal.iloc[0]["theme"] != top["theme"] and formal.iloc[0]["n_areas_headline"]:
            f = formal.iloc[0]
            parts.append(
                f"Most often a formal area for improvement: \u201c{f['theme_label']}\u201d "
                f"({f['n_areas_headline']} of {n_areas} areas)."
            )
        recurring = matched[matched["n_areas"] >= 2]
        if len(recurring) > 1:
            parts.append(
                f"{len(recurring)} weakness themes recur in two or more areas; the next are "
                + "; ".join(
                    f"{r['theme_label'].lower()} ({r['n_areas']} areas)"
                    for _, r in recurring.iloc[1:4].iterrows()
                )
                + "."
            )
    else:
        parts.append("No criticism of practice matched a weakness theme.")
    s_matched = strengths[strengths["theme"] != UNMATCHED]
    if len(s_matched):
        top = s_matched.iloc[0]
        parts.append(
            f"The most common key strength is \u201c{top['theme_label']}\u201d, in "
            f"{top['n_areas']} of {n_areas} area{'s' if n_areas != 1 else ''} ({top['areas']})."
        )
    return " ".join(parts)


def weaknesses_heading(weaknesses: pd.DataFrame) -> str:
    """The most widespread weakness theme (a :func:`theme_recurrence` frame)."""
    return _top_theme(
        weaknesses,
        "No criticism of practice matched a weakness theme",
        "is the most widespread weakness, criticised in",
    )


def weakness_years_heading(by_year: pd.DataFrame, order: list[str] | None = None) -> str:
    """The weakness theme criticised in the most publication years (a :func:`theme_by_year`
    frame; ties go to the theme first in ``order``)."""
    if by_year.empty:
        return "No dated criticism of practice"
    years = sorted(by_year["year"].dropna().unique())
    present = by_year[by_year["n_areas"] > 0]
    if present.empty:
        return f"No weakness theme criticised in {plural(len(years), 'publication year')}"
    rank = {label: i for i, label in enumerate(order or [])}
    counts = present.groupby("theme_label")["year"].nunique()
    top = min(counts.index, key=lambda label: (-counts[label], rank.get(label, len(rank)), label))
    return (
        f"\u201c{top}\u201d was criticised in {counts[top]} of "
        f"{plural(len(years), 'publication year')}"
    )


def evidence_heading(evidence: pd.DataFrame) -> str:
    """How many texts criticise practice, and how many of them matched no theme."""
    if evidence.empty:
        return "No text criticises practice"
    texts = evidence.drop_duplicates(["report_id", "source", "ref", "text"])
    unmatched = int((texts["theme"] == UNMATCHED).sum())
    criticise = "criticises" if len(texts) == 1 else "criticise"
    matched = f"{unmatched} matched no theme" if unmatched else "every one matched a theme"
    return f"{plural(len(texts), 'text')} {criticise} practice; {matched}"


def strengths_heading(strengths: pd.DataFrame) -> str:
    """The most common key-strength theme (a :func:`theme_recurrence` frame)."""
    return _top_theme(
        strengths, "No key strength matched a strength theme", "is the most common key strength, in"
    )


def _top_theme(recurrence: pd.DataFrame, none: str, is_what: str) -> str:
    """The first matched theme of a :func:`theme_recurrence` frame, and in how many areas."""
    matched = recurrence[recurrence["theme"] != UNMATCHED] if len(recurrence) else recurrence
    if matched.empty:
        return none
    top = matched.iloc[0]
    return (
        f"\u201c{top['theme_label']}\u201d {is_what} "
        f"{top['n_areas']} of {plural(int(top['n_areas_total']), 'area')}"
    )


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
    return display_frame(rows, cols)


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
    return display_frame(rows, cols)


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
