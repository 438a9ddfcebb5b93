"""Area profile: one area's latest report against the latest report of every other area."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqs_analysis.analysis.formatting import (
    display_frame,
    domain_label,
    domain_order,
    format_date,
    format_range,
    format_rate,
    format_share,
    gap_words,
    is_missing,
    plural,
)
from sqs_analysis.analysis.rates import rate_gaps
from sqs_analysis.analysis.recurrence import join_names, strength_evidence, weakness_evidence
from sqs_analysis.analysis.selection import area_key, area_names, report_index
from sqs_analysis.analysis.sufficiency import domain_sufficiency, judgement_detail
from sqs_analysis.analysis.taxonomy import UNMATCHED

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


def _domains_against_others(domains: pd.DataFrame, rid: str) -> pd.DataFrame:
    """One row per domain: the area's sufficiency beside its spread in the other areas."""
    import pandas as pd

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
    return dom


def area_profile(tables: Tables, area: str) -> AreaProfile:
    """Rate gap, domain sufficiency against the spread elsewhere, strengths and improvements."""

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
    profile.domains = _domains_against_others(domain_sufficiency(detail), rid)

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


# --- the finding, its headings and the tables for reading -------------------------------------


def finding(profile: AreaProfile) -> str:
    """One area's position in words."""
    if not profile.found:
        return f"No report about {profile.area or 'that area'} in this selection."
    rep = profile.report
    parts = [
        f"{profile.area} (report published {format_date(rep.get('publication_date'))}), "
        f"compared with {profile.n_other_areas} other area{'s' if profile.n_other_areas != 1 else ''}."
    ]
    if (
        profile.gap is not None
        and len(profile.gap)
        and not is_missing(profile.gap["gap_pp"].iloc[0])
    ):
        g = profile.gap.iloc[0]
        parts.append(
            f"Reoffending: {gap_words(g['gap_pp'])} than its England and Wales average "
            f"({format_rate(g['reoffending_rate'])} vs {format_rate(g['national_average'])}, "
            f"{g['cohort']} cohort)."
        )
    dom = profile.domains
    if dom is not None and dom["sufficiency"].notna().any():
        rated = dom[dom["sufficiency"].notna()]
        low = rated.loc[rated["sufficiency"].astype(float).idxmin()]
        text = (
            f"Its lowest domain was {low['domain_label'].lower()}: "
            f"{format_share(low['sufficiency'])} of cases sufficient (range "
            f"{format_range(low['sufficiency_low'], low['sufficiency_high'])})"
        )
        if low["others_n"]:
            text += f", against a median of {format_share(low['others_median'])} elsewhere"
        parts.append(text + ".")
    imp = profile.improvements
    if imp is not None and len(imp):
        shared = imp[imp["n_other_areas"] > 0]
        parts.append(
            f"{len(shared)} of its {len(imp)} areas for improvement recur in other areas"
            + (
                f", most widely \u201c{shared.sort_values('n_other_areas').iloc[-1]['text']}\u201d "
                f"({shared['n_other_areas'].max()} other area"
                f"{'s' if shared['n_other_areas'].max() != 1 else ''})."
                if len(shared)
                else "."
            )
        )
    return " ".join(parts)


def gap_heading(profile: AreaProfile) -> str:
    """The profiled area's reoffending gap to its own cohort's average."""
    if not profile.found:
        return f"No report about {profile.area or 'that area'} in this selection"
    gap = profile.gap
    if gap is None or gap.empty or is_missing(gap["gap_pp"].iloc[0]):
        return f"{profile.area}: no reoffending rate and average to compare"
    words = gap_words(gap["gap_pp"].iloc[0])
    than = "" if words == "level with" else " than"
    return f"{profile.area}: reoffending {words}{than} its England and Wales average"


def domains_heading(profile: AreaProfile) -> str:
    """The profiled area's lowest domain against the median of the other areas."""
    dom = profile.domains
    if not profile.found or dom is None or not dom["sufficiency"].notna().any():
        return f"{profile.area or 'The area'}: no quantified judgements by domain"
    rated = dom[dom["sufficiency"].notna()]
    low = rated.loc[rated["sufficiency"].astype(float).idxmin()]
    text = (
        f"{profile.area}: lowest in {str(low['domain_label']).lower()} "
        f"({format_share(low['sufficiency'])} of cases sufficient"
    )
    if low["others_n"]:
        text += f"; median elsewhere {format_share(low['others_median'])}"
    return text + ")"


def recurrence_heading(profile: AreaProfile) -> str:
    """How many of the profiled area's areas for improvement recur in other areas."""
    imp = profile.improvements
    if not profile.found or imp is None or imp.empty:
        return f"{profile.area or 'The area'}: no areas for improvement listed"
    shared = int((imp["n_other_areas"] > 0).sum())
    if len(imp) == 1:
        recurs = "recurs" if shared else "does not recur"
        return f"{profile.area}: its one area for improvement {recurs} in other areas"
    how_many = f"all {len(imp)}" if shared == len(imp) else f"{shared} of the {len(imp)}"
    return f"{profile.area}: {how_many} of its areas for improvement recur in other areas"


def judgements_heading(profile: AreaProfile, own: pd.DataFrame) -> str:
    """The profiled area's quantified judgements (``own``: its rows of the judgement detail)."""
    if not profile.found or own.empty:
        return f"{profile.area or 'The area'}: no quantified judgements"
    low = own.loc[own["sufficiency"].astype(float).idxmin()]
    return (
        f"{profile.area}: {plural(len(own), 'quantified judgement')}; the lowest, "
        f"{low['paragraph']} {str(low['stage_label']).lower()}, "
        f"{format_share(low['sufficiency'])} of cases sufficient"
    )


def domain_table(profile: AreaProfile) -> pd.DataFrame:
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
        return display_frame([], cols)
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
    return display_frame(rows, cols)


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
    return display_frame(rows, cols)
