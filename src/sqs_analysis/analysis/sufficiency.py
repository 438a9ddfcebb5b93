"""Sufficiency: how often practice was sufficient, by report and domain, paragraph and
practice stage, each estimate with its range and the judgements behind it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sqs_analysis.analysis.selection import report_index
from sqs_analysis.analysis.taxonomy import StageMatch, classify_stage, taxonomy
from sqs_analysis.analysis.words import domain_label, domain_order, format_range, is_missing

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
