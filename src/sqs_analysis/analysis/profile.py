"""Area profile: one area's latest report against the latest report of every other area."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqs_analysis.analysis.rates import rate_gaps
from sqs_analysis.analysis.recurrence import join_names, strength_evidence, weakness_evidence
from sqs_analysis.analysis.selection import area_key, area_names, report_index
from sqs_analysis.analysis.sufficiency import domain_sufficiency, judgement_detail
from sqs_analysis.analysis.taxonomy import UNMATCHED
from sqs_analysis.analysis.words import domain_label, domain_order, is_missing

if TYPE_CHECKING:
    import pandas as pd

    from sqs_analysis.tables import Tables


@dataclass
class AreaProfile:
    """One area's latest report in the selection against the latest report of every other area."""

    area: str
    found: bool
    report: dict[str, Any] = field(default_factory=dict)
    gap: pd.DataFrame | None = None
    other_gaps: pd.DataFrame | None = None
    domains: pd.DataFrame | None = None
    strengths: pd.DataFrame | None = None
    improvements: pd.DataFrame | None = None
    n_other_areas: int = 0


def default_area(tables: Tables) -> str:
    """The first area alphabetically (empty when there are no reports)."""
    names = sorted(area_names(tables.reports).dropna().unique(), key=str.casefold)
    return str(names[0]) if names else ""


def latest_per_area(tables: Tables) -> Tables:
    """Only each area's most recent report, so an area inspected twice counts once."""
    idx = report_index(tables).sort_values(["area_key", "publication_date"], na_position="first")
    keep = set(idx.drop_duplicates("area_key", keep="last")["report_id"])
    frames = {}
    for name, df in tables.items():
        if name in ("files", "parse_issues"):
            frames[name] = df
        else:
            keep_rows = df["report_id"].isin(keep).fillna(False).astype(bool)
            frames[name] = df[keep_rows].reset_index(drop=True)
    return type(tables)(**frames)


def bullet_recurrence(
    own: pd.DataFrame, others: pd.DataFrame, headline_source: str
) -> pd.DataFrame:
    """The area's bullets with their themes and the other areas where each theme recurs."""
    import pandas as pd

    rows = []
    for (ref, text), g in own.groupby(["ref", "text"], sort=False):
        ids = [t for t in g["theme"] if t != UNMATCHED]
        elsewhere = others[others["theme"].isin(ids)]
        formal = elsewhere[elsewhere["source"] == headline_source]
        rows.append(
            {
                "ref": ref,
                "text": text,
                "themes": "; ".join(g["theme_label"]),
                "n_other_areas": elsewhere["area_key"].nunique(),
                "other_areas": join_names(elsewhere["area"]),
                f"n_other_areas_{headline_source.replace(' ', '_')}": formal["area_key"].nunique(),
                "example_elsewhere": (
                    f"{formal.iloc[0]['label']}: {formal.iloc[0]['text']}"
                    if len(formal)
                    else (
                        f"{elsewhere.iloc[0]['label']}: {elsewhere.iloc[0]['text']}"
                        if len(elsewhere)
                        else ""
                    )
                ),
            }
        )
    out = pd.DataFrame(rows)
    if out.empty:
        return pd.DataFrame(
            columns=["ref", "text", "themes", "n_other_areas", "other_areas", "example_elsewhere"]
        )
    return out


def area_profile(tables: Tables, area: str) -> AreaProfile:
    """Rate gap, domain sufficiency against the spread elsewhere, strengths and improvements."""
    import pandas as pd

    latest = latest_per_area(tables)
    idx = report_index(latest)
    key = area_key(area)
    mine = idx[idx["area_key"] == key]
    profile = AreaProfile(area=area, found=not mine.empty)
    if mine.empty:
        return profile
    rid = mine["report_id"].iloc[0]
    profile.area = str(mine["area"].iloc[0])
    rep = latest.reports[latest.reports["report_id"] == rid].iloc[0]
    profile.report = rep.to_dict()
    profile.n_other_areas = int(idx["area_key"].nunique() - 1)

    gaps = rate_gaps(latest)
    profile.gap = gaps[gaps["report_id"] == rid].reset_index(drop=True)
    profile.other_gaps = gaps[gaps["report_id"] != rid].reset_index(drop=True)

    detail = judgement_detail(latest)
    domains = domain_sufficiency(detail)
    own = domains[domains["report_id"] == rid].set_index("domain")
    others = domains[domains["report_id"] != rid]
    rows = []
    for d in domain_order():
        o = others[others["domain"] == d]["sufficiency"].astype(float)
        row: dict[str, Any] = {"domain": d, "domain_label": domain_label(d)}
        if d in own.index:
            r = own.loc[d]
            row.update(
                sufficiency=r["sufficiency"],
                sufficiency_low=r["sufficiency_low"],
                sufficiency_high=r["sufficiency_high"],
                basis=r["basis"],
                n_judgements=r["n_judgements"],
                evidence=r["evidence"],
            )
        else:
            row.update(
                sufficiency=pd.NA,
                sufficiency_low=pd.NA,
                sufficiency_high=pd.NA,
                basis=pd.NA,
                n_judgements=0,
                evidence="",
            )
        row.update(
            others_n=len(o),
            others_min=o.min() if len(o) else pd.NA,
            others_q1=o.quantile(0.25) if len(o) else pd.NA,
            others_median=o.median() if len(o) else pd.NA,
            others_q3=o.quantile(0.75) if len(o) else pd.NA,
            others_max=o.max() if len(o) else pd.NA,
            others_values=list(o),
        )
        if len(o) and not is_missing(row["sufficiency"]):
            row["rank_from_top"] = int((o > float(row["sufficiency"])).sum()) + 1
        else:
            row["rank_from_top"] = pd.NA
        rows.append(row)
    dom = pd.DataFrame(rows)
    for col in (
        "sufficiency",
        "sufficiency_low",
        "sufficiency_high",
        "others_min",
        "others_q1",
        "others_median",
        "others_q3",
        "others_max",
    ):
        dom[col] = dom[col].astype("Float64")
    profile.domains = dom

    weak = weakness_evidence(latest, detail)
    strong = strength_evidence(latest)
    profile.improvements = bullet_recurrence(
        weak[(weak["report_id"] == rid) & (weak["source"] == "area for improvement")],
        weak[weak["report_id"] != rid],
        "area for improvement",
    )
    profile.strengths = bullet_recurrence(
        strong[strong["report_id"] == rid], strong[strong["report_id"] != rid], "key strength"
    )
    return profile
