"""Sufficiency: how often practice was sufficient, by report and domain, paragraph and
practice stage, each estimate with its range and the judgements behind it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sqs_analysis.analysis.formatting import (
    count_text,
    display_frame,
    domain_label,
    domain_order,
    format_range,
    format_share,
    is_missing,
    plural,
)
from sqs_analysis.analysis.selection import report_index
from sqs_analysis.analysis.taxonomy import UNCLASSIFIED, StageMatch, classify_stage, taxonomy

if TYPE_CHECKING:
    import pandas as pd

    from sqs_analysis.tables import Tables


def ordered_judgements(tables: Tables) -> pd.DataFrame:
    """Every judgement with its report's area and label, in display order (report label,
    domain, paragraph, then order within the paragraph)."""
    j = tables.judgements.merge(report_index(tables), on="report_id", how="left")
    order = {d: i for i, d in enumerate(domain_order())}
    j["_d"] = j["domain"].map(order)
    keys = {p: _paragraph_sort_key(p) for p in j["paragraph"].unique()}
    j["_p"] = j["paragraph"].map(keys)
    j = j.sort_values(["label", "_d", "_p", "seq"], kind="stable").drop(columns=["_d", "_p"])
    return j.reset_index(drop=True)


def judgement_stages(judgements: pd.DataFrame, tables: Tables) -> list[StageMatch]:
    """The practice stage of each judgement (see :func:`sqs_analysis.analysis.taxonomy.classify_stage`)."""
    paragraphs = tables.findings.set_index(["report_id", "paragraph"])["text"].to_dict()
    tax = taxonomy()
    return [
        classify_stage(
            str(ev),
            str(paragraphs.get((rid, para), "") or ""),
            "" if is_missing(q) else str(q),
            tax,
        )
        for rid, para, ev, q in zip(
            judgements["report_id"].tolist(),
            judgements["paragraph"].tolist(),
            judgements["evidence"].tolist(),
            judgements["quantifier_text"].tolist(),
            strict=True,
        )
    ]


def judgement_detail(tables: Tables) -> pd.DataFrame:
    """Every judgement with its area, domain label and practice stage (and why that stage)."""
    import pandas as pd

    j = ordered_judgements(tables)
    stages = judgement_stages(j, tables)
    labels = taxonomy().labels("stage")
    j["stage"] = pd.array([s.stage for s in stages], dtype="string")
    j["stage_label"] = j["stage"].map(labels).astype("string")
    j["stage_source"] = pd.array([s.source for s in stages], dtype="string")
    j["stage_words"] = pd.array([s.words for s in stages], dtype="string")
    j["domain_label"] = j["domain"].map(domain_label).astype("string")
    return j


def _paragraph_sort_key(paragraph: Any) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", str(paragraph))) or (0,)


def _aggregate(detail: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Mean sufficiency and mean range of the judgements in each group, keeping the evidence."""
    import pandas as pd

    cols = [
        *by,
        "sufficiency",
        "sufficiency_low",
        "sufficiency_high",
        "n_judgements",
        "n_count",
        "n_verbal",
        "basis",
        "evidence",
    ]
    if detail.empty:
        return pd.DataFrame(columns=cols)
    work = detail[by].copy()
    for col in ("sufficiency", "sufficiency_low", "sufficiency_high"):
        work[col] = detail[col].astype(float)
    work["_count"] = (detail["basis"] == "count").fillna(False).astype(int)
    work["_verbal"] = (detail["basis"] == "verbal").fillna(False).astype(int)
    ranges = [
        format_range(lo, hi)
        for lo, hi in zip(detail["sufficiency_low"], detail["sufficiency_high"], strict=True)
    ]
    work["_evidence"] = (
        detail["paragraph"].astype(str)
        + ": "
        + detail["evidence"].astype(str)
        + " ["
        + pd.Series(ranges, index=detail.index)
        + "]"
    )
    out = (
        work.groupby(by, sort=False, dropna=False)
        .agg(
            sufficiency=("sufficiency", "mean"),
            sufficiency_low=("sufficiency_low", "mean"),
            sufficiency_high=("sufficiency_high", "mean"),
            n_judgements=("sufficiency", "size"),
            n_count=("_count", "sum"),
            n_verbal=("_verbal", "sum"),
            evidence=("_evidence", " | ".join),
        )
        .reset_index()
    )
    out["basis"] = [
        "count" if v == 0 else "verbal" if c == 0 else "mixed"
        for c, v in zip(out["n_count"], out["n_verbal"], strict=True)
    ]
    out = out[cols]
    for col in ("sufficiency", "sufficiency_low", "sufficiency_high"):
        out[col] = out[col].astype("Float64")
    for col in ("n_judgements", "n_count", "n_verbal"):
        out[col] = out[col].astype("Int64")
    out["basis"] = out["basis"].astype("string")
    out["evidence"] = out["evidence"].astype("string")
    return out


def domain_sufficiency(detail: pd.DataFrame) -> pd.DataFrame:
    """One row per report and domain: mean estimated share sufficient, its range, its evidence.

    The range is the mean of the judgements' lower and upper bounds: the lowest and highest
    average the stated quantifiers allow. ``basis`` is ``count`` when every judgement in the
    group is an exact count, ``verbal`` when every one is a word estimate, else ``mixed``.
    """
    by = ["report_id", "label", "area", "publication_date", "domain"]
    out = _aggregate(detail, by)
    if out.empty:
        out["domain_label"] = []
        return out
    out["domain_label"] = out["domain"].map(domain_label).astype("string")
    order = {d: i for i, d in enumerate(domain_order())}
    out["_d"] = out["domain"].map(order)
    out = out.sort_values(["label", "_d"], kind="stable").drop(columns="_d")
    return out.reset_index(drop=True)


def stage_sufficiency(detail: pd.DataFrame) -> pd.DataFrame:
    """One row per report and practice stage, like :func:`domain_sufficiency`."""
    by = ["report_id", "label", "area", "publication_date", "stage"]
    out = _aggregate(detail, by)
    labels = taxonomy().labels("stage")
    out["stage_label"] = out["stage"].map(labels).astype("string") if len(out) else []
    return out.reset_index(drop=True)


def stage_summary(stages: pd.DataFrame) -> pd.DataFrame:
    """One row per practice stage across reports, weakest first.

    ``sufficiency`` is the mean of the reports' stage estimates (each report counts once);
    ``sufficiency_low``/``high`` the mean of their ranges; ``min``/``max`` the spread between
    reports, with the report at each end named.
    """
    import pandas as pd

    cols = [
        "stage",
        "stage_label",
        "n_reports",
        "n_judgements",
        "n_count",
        "n_verbal",
        "sufficiency",
        "sufficiency_low",
        "sufficiency_high",
        "min",
        "max",
        "weakest",
        "strongest",
    ]
    if stages.empty:
        return pd.DataFrame(columns=cols)
    labels = taxonomy().labels("stage")
    rows = []
    for stage, g in stages.groupby("stage", sort=False):
        suff = g["sufficiency"].astype(float)
        rows.append(
            {
                "stage": stage,
                "stage_label": labels.get(stage, stage),
                "n_reports": len(g),
                "n_judgements": int(g["n_judgements"].sum()),
                "n_count": int(g["n_count"].sum()),
                "n_verbal": int(g["n_verbal"].sum()),
                "sufficiency": suff.mean(),
                "sufficiency_low": g["sufficiency_low"].astype(float).mean(),
                "sufficiency_high": g["sufficiency_high"].astype(float).mean(),
                "min": suff.min(),
                "max": suff.max(),
                "weakest": g.loc[suff.idxmin(), "label"],
                "strongest": g.loc[suff.idxmax(), "label"],
            }
        )
    out = pd.DataFrame(rows, columns=cols)
    out = out.sort_values(["sufficiency", "stage_label"], kind="stable").reset_index(drop=True)
    for col in ("sufficiency", "sufficiency_low", "sufficiency_high", "min", "max"):
        out[col] = out[col].astype("Float64")
    return out


# --- the finding, its headings and the tables for reading -------------------------------------


def finding(domains: pd.DataFrame, stages: pd.DataFrame) -> str:
    """Weakest and strongest practice stage and domain in words, with ranges."""
    if domains.empty:
        return "No quantified judgements of practice in this selection."
    n_reports = domains["report_id"].nunique()
    classified = stages[stages["stage"] != UNCLASSIFIED]
    parts = []
    if len(classified) >= 2:
        weak, strong = classified.iloc[0], classified.iloc[-1]

        def reports(row: Any) -> str:
            n = int(row["n_reports"])
            return f"{n} report{'s' if n != 1 else ''}"

        parts.append(
            f"Across {n_reports} report{'s' if n_reports != 1 else ''}, "
            f"{weak['stage_label'].lower()} was the weakest practice stage (on average "
            f"{format_share(weak['sufficiency'])} of cases sufficient, range "
            f"{format_range(weak['sufficiency_low'], weak['sufficiency_high'])}; "
            f"{reports(weak)}) and {strong['stage_label'].lower()} the strongest "
            f"({format_share(strong['sufficiency'])}, range "
            f"{format_range(strong['sufficiency_low'], strong['sufficiency_high'])}; "
            f"{reports(strong)})."
        )
    by_domain = domains.groupby("domain_label", sort=False)["sufficiency"].mean().astype(float)
    lowest = domains.loc[domains["sufficiency"].astype(float).idxmin()]
    parts.append(
        f"By domain, {by_domain.idxmin().lower()} had the lowest average "
        f"({format_share(by_domain.min())}); the lowest single estimate was "
        f"{lowest['label']}, {lowest['domain_label'].lower()} "
        f"({format_share(lowest['sufficiency'])}, range "
        f"{format_range(lowest['sufficiency_low'], lowest['sufficiency_high'])})."
    )
    n_count = int(domains["n_count"].sum())
    n_verbal = int(domains["n_verbal"].sum())
    parts.append(
        f"{n_count} judgement{'s' if n_count != 1 else ''} gave exact counts and {n_verbal} "
        "only words such as 'most' or 'nearly all', whose ranges come from the quantifier lexicon."
    )
    return " ".join(parts)


def stages_heading(summary: pd.DataFrame) -> str:
    """The weakest and strongest practice stage (a :func:`stage_summary` frame)."""
    classified = summary[summary["stage"] != UNCLASSIFIED] if len(summary) else summary
    if classified.empty:
        return "No judgement could be placed in a practice stage"
    weak, strong = classified.iloc[0], classified.iloc[-1]
    if len(classified) == 1:
        return f"{weak['stage_label']}: {format_share(weak['sufficiency'])} of cases sufficient"
    return (
        f"{weak['stage_label']} is the weakest practice stage "
        f"({format_share(weak['sufficiency'])} of cases sufficient), "
        f"{str(strong['stage_label']).lower()} the strongest ({format_share(strong['sufficiency'])})"
    )


def domains_heading(domains: pd.DataFrame) -> str:
    """The domain with the lowest average share of sufficient practice."""
    if domains.empty:
        return "No quantified judgements of practice by domain"
    by_domain = domains.groupby("domain_label")["sufficiency"].mean().astype(float)
    return (
        f"{by_domain.idxmin()} has the lowest share of sufficient practice "
        f"({format_share(by_domain.min())} on average)"
    )


def judgements_heading(detail: pd.DataFrame) -> str:
    """How many quantified judgements there are, and the lowest of them."""
    if detail.empty:
        return "No quantified judgements of practice"
    low = detail.loc[detail["sufficiency"].astype(float).idxmin()]
    counted = int((detail["basis"] == "count").sum())
    return (
        f"{plural(len(detail), 'quantified judgement')} ({counted} exact counts); the lowest, "
        f"{low['label']} {low['paragraph']}, {format_share(low['sufficiency'])} of cases sufficient"
        + _range_note(low["sufficiency_low"], low["sufficiency_high"])
    )


def _range_note(low: Any, high: Any) -> str:
    """ " (range 10-30%)" where a word estimate gives a range; nothing for an exact count."""
    shown = format_range(low, high)
    return f" (range {shown})" if "-" in shown else ""


def _judgement_counts(row: dict[str, Any]) -> str:
    return f"{row['n_judgements']} ({row['n_count']} counted, {row['n_verbal']} in words)"


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
            "Judgements": _judgement_counts(r),
            "Average sufficient": format_share(r["sufficiency"]),
            "Average range": format_range(r["sufficiency_low"], r["sufficiency_high"]),
            "Lowest report": f"{r['weakest']} ({format_share(r['min'])})",
            "Highest report": f"{r['strongest']} ({format_share(r['max'])})",
        }
        for r in summary.to_dict("records")
    ]
    return display_frame(rows, cols)


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
            "Judgements": _judgement_counts(r),
            "Evidence": r["evidence"],
        }
        for r in domains.to_dict("records")
    ]
    return display_frame(rows, cols)


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
            "Count": count_text(r["numerator"], r["denominator"]),
            "Sufficient": format_share(r["sufficiency"]),
            "Range": format_range(r["sufficiency_low"], r["sufficiency_high"]),
            "Evidence": r["evidence"],
        }
        for r in detail.to_dict("records")
    ]
    return display_frame(rows, cols)
