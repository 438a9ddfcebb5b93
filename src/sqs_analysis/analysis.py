"""Analysis frames from parsed tables: rate gaps, sufficiency by domain and stage, themes, profiles.

Every function here takes :class:`~sqs_analysis.tables.Tables` (or frames from them) and returns
pandas frames or plain text; none parses reports. Every number keeps the sentence it came from,
and every estimate keeps its range, so a chart or a briefing can always show both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqs_analysis import themes as themes_mod
from sqs_analysis.reference.names import slugify

if TYPE_CHECKING:
    import pandas as pd

    from sqs_analysis.tables import Tables

#: Gaps smaller than this (percentage points) count as "the same as" the average.
SAME_GAP_PP = 0.05
#: Areas named one by one in a written finding before the rest are summarised.
NAMED_IN_FINDING = 3


# ----------------------------------------------------------------------------------------------
# Formatting: one way to write a month, a date, a share or a gap everywhere.
# ----------------------------------------------------------------------------------------------


def _is_missing(value: Any) -> bool:
    import pandas as pd

    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def format_month(value: Any) -> str:
    """``July 2013`` from a Period, Timestamp or ``YYYY-MM`` text; empty when missing."""
    import pandas as pd

    if _is_missing(value):
        return ""
    if isinstance(value, str):
        value = pd.Period(value, freq="M")
    return value.strftime("%B %Y")


def format_date(value: Any) -> str:
    """``15 June 2016``; empty when missing."""
    import pandas as pd

    if _is_missing(value):
        return ""
    ts = pd.Timestamp(value)
    return f"{ts.day} {ts:%B %Y}"


def cohort_label(start: Any, end: Any) -> str:
    """``July 2013 - June 2014``, or what is known of it."""
    a, b = format_month(start), format_month(end)
    if a and b:
        return f"{a} - {b}"
    return a or b or "cohort not stated"


def format_share(value: Any) -> str:
    """A share of cases (0-1) as a whole percentage."""
    return "n/a" if _is_missing(value) else f"{100 * float(value):.0f}%"


def format_range(low: Any, high: Any) -> str:
    """``71-85%``, or a single figure when the range is exact."""
    if _is_missing(low) or _is_missing(high):
        return "n/a"
    lo, hi = round(100 * float(low)), round(100 * float(high))
    return f"{lo}%" if lo == hi else f"{lo}-{hi}%"


def format_rate(value: Any) -> str:
    return "n/a" if _is_missing(value) else f"{float(value):.1f}%"


def gap_words(gap: Any) -> str:
    """``4.4 points worse`` / ``0.4 points better`` / ``the same as`` for a gap in points."""
    if _is_missing(gap):
        return "no comparison"
    gap = float(gap)
    if abs(gap) < SAME_GAP_PP:
        return "level with"
    unit = "point" if round(abs(gap), 1) == 1 else "points"
    return f"{abs(gap):.1f} {unit} {'worse' if gap > 0 else 'better'}"


def domain_label(domain: str) -> str:
    """Readable name of a codebook domain value (``protecting_the_public`` -> ``Protecting the public``)."""
    return str(domain).replace("_", " ").capitalize()


def domain_order() -> tuple[str, ...]:
    """The four domains in the inspection framework's order, as the codebook lists them."""
    from sqs_analysis.reference.codebook import allowed_values

    return allowed_values("judgements", "domain")


# ----------------------------------------------------------------------------------------------
# Selection: period and areas
# ----------------------------------------------------------------------------------------------


def area_key(name: Any) -> str:
    """Key that matches an area however it is written ("Brighton & Hove" = "brighton and hove")."""
    if _is_missing(name):
        return ""
    return slugify(str(name).replace("&", " and "))


def _parse_bound(value: Any, *, end: bool) -> pd.Timestamp | None:
    import pandas as pd

    if _is_missing(value) or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime | date | pd.Timestamp):
        return pd.Timestamp(value).normalize()
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text):
        p = pd.Period(text, freq="Y")
    elif re.fullmatch(r"\d{4}-\d{2}", text):
        p = pd.Period(text, freq="M")
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        p = pd.Period(text, freq="D")
    else:
        raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD, YYYY-MM or YYYY)")
    return (p.end_time if end else p.start_time).normalize()


@dataclass(frozen=True)
class Selection:
    """Which reports a notebook or briefing covers: a publication period and a set of areas."""

    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None
    areas: tuple[str, ...] = ()

    def describe(self) -> str:
        """``reports published 1 January 2015 to 31 December 2015 in Knowsley``."""
        if self.start is not None and self.end is not None:
            when = f"published {format_date(self.start)} to {format_date(self.end)}"
        elif self.start is not None:
            when = f"published from {format_date(self.start)}"
        elif self.end is not None:
            when = f"published up to {format_date(self.end)}"
        else:
            when = "all publication dates"
        where = f"areas: {', '.join(self.areas)}" if self.areas else "all areas"
        return f"{when}; {where}"


def make_selection(
    period_start: Any = None, period_end: Any = None, areas: Iterable[str] | str | None = ()
) -> Selection:
    """A validated :class:`Selection` from notebook or command-line parameters.

    Dates may be ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (a month or year counts in full);
    empty means unbounded. ``areas`` may be one name or several; empty means all.
    """
    start = _parse_bound(period_start, end=False)
    end = _parse_bound(period_end, end=True)
    if start is not None and end is not None and start > end:
        raise ValueError(f"period starts ({format_date(start)}) after it ends ({format_date(end)})")
    if areas is None:
        areas = ()
    elif isinstance(areas, str):
        areas = (areas,) if areas.strip() else ()
    names = tuple(dict.fromkeys(str(a).strip() for a in areas if str(a).strip()))
    return Selection(start, end, names)


def select(tables: Tables, selection: Selection) -> Tables:
    """The tables restricted to reports in the period and areas.

    Reports without a publication date are left out when a period is given. Files that could
    not be parsed belong to no period or area; they are kept so data-quality notes still show them.
    """
    import pandas as pd

    reports = tables.reports
    mask = pd.Series(True, index=reports.index)
    dates = reports["publication_date"]
    if selection.start is not None:
        mask &= (dates >= selection.start).fillna(False).astype(bool)
    if selection.end is not None:
        mask &= (dates <= selection.end).fillna(False).astype(bool)
    if selection.areas:
        wanted = {area_key(a) for a in selection.areas}
        mask &= reports["area"].map(lambda a: area_key(a) in wanted).astype(bool)
    ids = set(reports.loc[mask, "report_id"].dropna())
    out: dict[str, pd.DataFrame] = {}
    for name, df in tables.items():
        if name == "files":
            keep = df["report_id"].isin(ids).fillna(False) | (df["status"] == "failed").fillna(
                False
            )
            out[name] = df[keep.astype(bool)].reset_index(drop=True)
        elif name == "parse_issues":
            continue
        else:
            out[name] = df[df["report_id"].isin(ids).fillna(False).astype(bool)].reset_index(
                drop=True
            )
    issues = tables.parse_issues
    kept_files = set(out["files"]["source_file"].dropna())
    out["parse_issues"] = issues[issues["source_file"].isin(kept_files).astype(bool)].reset_index(
        drop=True
    )
    return type(tables)(**out)


def unmatched_areas(tables: Tables, selection: Selection) -> list[str]:
    """Requested areas that no report in ``tables`` is about (to say so rather than stay silent)."""
    known = {area_key(a) for a in tables.reports["area"].dropna()}
    return [a for a in selection.areas if area_key(a) not in known]


def no_reports_message(selection: Selection, tables: Tables | None = None) -> str:
    """The sentence shown instead of an analysis when a selection holds no reports."""
    text = f"No reports in this selection ({selection.describe()})."
    if tables is not None and selection.areas:
        missing = unmatched_areas(tables, selection)
        if missing:
            text += f" No report in the data is about: {', '.join(missing)}."
    return text


def area_names(reports: pd.DataFrame) -> pd.Series:
    """Display name per report: the area, or the file name when the area was not parsed."""
    fallback = "(area not found: " + reports["source_file"].astype("string") + ")"
    return reports["area"].fillna(fallback).astype("string")


def report_labels(reports: pd.DataFrame) -> pd.Series:
    """A unique, readable label per report: the area, plus the month when an area recurs."""
    names = area_names(reports)
    keys = names.map(area_key)
    repeated = keys.duplicated(keep=False)
    months = reports["publication_date"].map(lambda d: "" if _is_missing(d) else f"{d:%b %Y}")
    labels = names.where(~repeated, names + " (" + months.astype("string") + ")")
    dup = labels.duplicated(keep=False)
    labels = labels.where(~dup, labels + " [" + reports["report_id"].astype("string") + "]")
    return labels.astype("string")


def _report_index(tables: Tables) -> pd.DataFrame:
    """report_id -> area, area key, label, publication date and year."""
    reports = tables.reports
    idx = reports[["report_id", "publication_date"]].copy()
    idx["area"] = area_names(reports)
    idx["area_key"] = idx["area"].map(area_key)
    idx["label"] = report_labels(reports)
    idx["year"] = reports["publication_date"].dt.year.astype("Int64")
    return idx


# ----------------------------------------------------------------------------------------------
# 1. Reoffending rates against each report's own England and Wales average
# ----------------------------------------------------------------------------------------------


def rate_gaps(tables: Tables) -> pd.DataFrame:
    """One row per report: its rate, its own cohort's average, the gap and its evidence.

    ``gap_pp`` is rate minus average in percentage points (positive = more reoffending =
    worse). Reports of different cohorts are compared with different averages: ``cohort``
    says which one each row uses. Rows are sorted worst gap first; reports without a rate or
    average come last with an empty gap.
    """
    import pandas as pd

    r = tables.reports
    out = pd.DataFrame(
        {
            "report_id": r["report_id"],
            "area": area_names(r),
            "label": report_labels(r),
            "publication_date": r["publication_date"],
            "reoffending_rate": r["reoffending_rate"],
            "national_average": r["national_average"],
        }
    )
    computed = (r["reoffending_rate"] - r["national_average"]).round(1)
    out["gap_pp"] = r["gap_to_national_pp"].round(1).fillna(computed).astype("Float64")
    out["direction"] = out["gap_pp"].map(_direction).astype("string")
    out["stated_vs_national"] = r["vs_national_average"]
    stated = out["stated_vs_national"]
    out["direction_agrees"] = (
        (stated == out["direction"]).where(stated.notna() & out["direction"].notna())
    ).astype("boolean")
    out["previous_year_rate"] = r["previous_year_rate"]
    out["vs_previous_year"] = r["vs_previous_year"]
    out["cohort"] = [
        cohort_label(a, b) for a, b in zip(r["cohort_start"], r["cohort_end"], strict=True)
    ]
    out["cohort"] = out["cohort"].astype("string")
    out["cohort_start"] = r["cohort_start"]
    out["cohort_end"] = r["cohort_end"]
    out["rate_published"] = r["rate_published"].map(format_month).astype("string")
    out["rate_evidence"] = r["rate_evidence"]
    out["cohort_evidence"] = r["cohort_evidence"]
    out["_order"] = out["gap_pp"].fillna(-1e9)
    out = out.sort_values(["_order", "label"], ascending=[False, True], kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)


def _direction(gap: Any) -> Any:
    import pandas as pd

    if _is_missing(gap):
        return pd.NA
    if abs(float(gap)) < SAME_GAP_PP:
        return "same"
    return "worse" if float(gap) > 0 else "better"


def rate_sentence(row: Any) -> str:
    """``Southend: 4.4 points worse than its England and Wales average (42.2% vs 37.8%,
    July 2013 - June 2014 cohort)``."""
    if _is_missing(row["gap_pp"]):
        return f"{row['label']}: no published rate and average to compare"
    words = gap_words(row["gap_pp"])
    comparison = "than" if words != "level with" else ""
    avg = "its England and Wales average"
    return (
        f"{row['label']}: {words} {comparison + ' ' if comparison else ''}{avg} "
        f"({format_rate(row['reoffending_rate'])} vs {format_rate(row['national_average'])}, "
        f"{row['cohort']} cohort)"
    )


def rates_finding(gaps: pd.DataFrame) -> str:
    """The rate finding in words: how many areas are worse or better than their own average."""
    rated = gaps[gaps["gap_pp"].notna()]
    if gaps.empty:
        return "No reports in this selection, so no reoffending rates to compare."
    if rated.empty:
        return (
            f"None of the {len(gaps)} report(s) gives both a reoffending rate and an England "
            "and Wales average to compare."
        )
    n = len(rated)
    worse = int((rated["direction"] == "worse").sum())
    better = int((rated["direction"] == "better").sum())
    same = n - worse - better
    parts = [
        f"Of {n} report{'s' if n != 1 else ''} with a published reoffending rate, "
        f"{worse} showed more reoffending than the England and Wales average for the same "
        f"cohort (worse) and {better} less (better)"
        + (f"; {same} matched it" if same else "")
        + "."
    ]
    if n <= 2 * NAMED_IN_FINDING:
        named = [rate_sentence(row) for _, row in rated.iterrows()]
        parts.append("; ".join(named) + ".")
    else:
        top = [rate_sentence(row) for _, row in rated.head(NAMED_IN_FINDING).iterrows()]
        bottom = [rate_sentence(row) for _, row in rated.tail(NAMED_IN_FINDING).iterrows()]
        parts.append("Largest gaps above the average: " + "; ".join(top) + ".")
        parts.append("Largest gaps below it: " + "; ".join(bottom) + ".")
    n_cohorts = rated["cohort"].nunique()
    if n_cohorts > 1:
        parts.append(
            f"These rates come from {n_cohorts} different cohorts, so each gap is measured "
            "against the average for that report's own cohort and rates of different rows "
            "are not directly comparable."
        )
    prev = rated["vs_previous_year"].dropna()
    if len(prev):
        improved = int((prev == "better").sum())
        parts.append(
            f"{improved} of {len(prev)} report{'s' if len(prev) != 1 else ''} stating a "
            "direction had improved on the previous year."
        )
    return " ".join(parts)


# ----------------------------------------------------------------------------------------------
# 2. Sufficiency by domain, paragraph and practice stage
# ----------------------------------------------------------------------------------------------


def _ordered_judgements(tables: Tables) -> pd.DataFrame:
    """Every judgement with its report's area and label, in display order (report label,
    domain, paragraph, then order within the paragraph)."""
    j = tables.judgements.merge(_report_index(tables), on="report_id", how="left")
    order = {d: i for i, d in enumerate(domain_order())}
    j["_d"] = j["domain"].map(order)
    keys = {p: _paragraph_sort_key(p) for p in j["paragraph"].unique()}
    j["_p"] = j["paragraph"].map(keys)
    j = j.sort_values(["label", "_d", "_p", "seq"], kind="stable").drop(columns=["_d", "_p"])
    return j.reset_index(drop=True)


def _stages(judgements: pd.DataFrame, tables: Tables) -> list[themes_mod.StageMatch]:
    """The practice stage of each judgement (see :func:`sqs_analysis.themes.classify_stage`)."""
    paragraphs = tables.findings.set_index(["report_id", "paragraph"])["text"].to_dict()
    tax = themes_mod.taxonomy()
    return [
        themes_mod.classify_stage(
            str(ev),
            str(paragraphs.get((rid, para), "") or ""),
            "" if _is_missing(q) else str(q),
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

    j = _ordered_judgements(tables)
    stages = _stages(j, tables)
    labels = themes_mod.taxonomy().labels("stage")
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
    labels = themes_mod.taxonomy().labels("stage")
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
    labels = themes_mod.taxonomy().labels("stage")
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


def sufficiency_finding(domains: pd.DataFrame, stages: pd.DataFrame) -> str:
    """Weakest and strongest practice stage and domain in words, with ranges."""
    if domains.empty:
        return "No quantified judgements of practice in this selection."
    n_reports = domains["report_id"].nunique()
    classified = stages[stages["stage"] != themes_mod.UNCLASSIFIED]
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


# ----------------------------------------------------------------------------------------------
# 3. Recurring weaknesses and strengths
# ----------------------------------------------------------------------------------------------

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
    items: Iterable[dict[str, Any]], themes: Sequence[themes_mod.Theme], labels: dict[str, str]
) -> list[dict[str, Any]]:
    rows = []
    for item in items:
        matches = themes_mod.match_themes(item["text"], themes, item.get("stage"))
        if not matches:
            rows.append(
                {
                    **{k: v for k, v in item.items() if k != "stage"},
                    "theme": themes_mod.UNMATCHED,
                    "theme_label": labels[themes_mod.UNMATCHED],
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


def negative_items(tables: Tables, detail: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """Texts that criticise practice: improvement bullets, negative or low judgements, and
    sentences of the findings (and chosen sections) that signal deficiency. One per text.

    ``detail`` (from :func:`judgement_detail`, computed when not given) supplies each
    judgement's practice stage, used when its sentence names no weakness theme itself.
    """
    tax = themes_mod.taxonomy()
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

    judged = detail if detail is not None else _ordered_judgements(tables)
    sufficiency = judged["sufficiency"].astype("Float64")
    negative = (judged["polarity"] == "negative").fillna(False).astype(bool)
    criticised = judged[negative | (sufficiency < tax.low_sufficiency).fillna(False).astype(bool)]
    if detail is None:  # only the criticised judgements need a stage
        stages = [s.stage for s in _stages(criticised, tables)]
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
        sentences = themes_mod.split_sentences(findings.get((report_id, paragraph), ""))
        at = themes_mod.locate_sentence(str(evidence), sentences) if sentences else None
        text = sentences[at] if at is not None else str(evidence)
        why = (
            "states deficient practice"
            if polarity == "negative"
            else f"{format_share(share)} sufficient"
        )
        add(report_id, "judgement", f"paragraph {paragraph}", text, why, stage)

    paragraphs = tables.findings
    for report_id, paragraph, text in zip(
        paragraphs["report_id"].tolist(),
        paragraphs["paragraph"].tolist(),
        paragraphs["text"].tolist(),
        strict=True,
    ):
        for sentence in themes_mod.split_sentences(text):
            cue = themes_mod.deficiency_cue(sentence, tax)
            if cue:
                add(report_id, "finding", f"paragraph {paragraph}", sentence, cue)
    sections = tables.sections
    wanted = sections[sections["section"].isin(tax.deficiency_sections).fillna(False).astype(bool)]
    for row in wanted.itertuples(index=False):
        for sentence in themes_mod.split_sentences(row.text):
            cue = themes_mod.deficiency_cue(sentence, tax)
            if cue:
                where = str(row.section).replace("_", " ")
                add(row.report_id, "finding", where, sentence, cue)
    return items


def weakness_evidence(tables: Tables, detail: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per criticising text and weakness theme (``unmatched`` when none applies)."""
    tax = themes_mod.taxonomy()
    rows = _theme_rows(negative_items(tables, detail), tax.weaknesses, tax.labels("weakness"))
    return _evidence_frame(rows, _report_index(tables))


def strength_evidence(tables: Tables) -> pd.DataFrame:
    """One row per key-strength bullet and strength theme (``unmatched`` when none applies)."""
    tax = themes_mod.taxonomy()
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
    return _evidence_frame(rows, _report_index(tables))


def _join_names(names: Iterable[str], limit: int = 8) -> str:
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
                "areas": _join_names(g["area"]),
                "example": example["text"],
                "example_area": example["label"],
                "example_source": f"{example['source']}, {example['ref']}",
            }
        )
    out = pd.DataFrame(rows, columns=cols)
    out["_unmatched"] = out["theme"] == themes_mod.UNMATCHED
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

    idx = _report_index(tables)
    per_year = idx.dropna(subset=["year"]).groupby("year")["area_key"].nunique()
    cols = ["theme", "theme_label", "year", "n_areas", "n_areas_year", "share"]
    ev = evidence[evidence["theme"] != themes_mod.UNMATCHED].dropna(subset=["year"])
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
    return int(_report_index(tables)["area_key"].nunique())


def themes_finding(weaknesses: pd.DataFrame, strengths: pd.DataFrame, n_areas: int) -> str:
    """The most widespread weakness and strength in words, with a quote."""
    if n_areas == 0:
        return "No reports in this selection, so no weaknesses or strengths to compare."
    parts = []
    matched = weaknesses[weaknesses["theme"] != themes_mod.UNMATCHED]
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
    s_matched = strengths[strengths["theme"] != themes_mod.UNMATCHED]
    if len(s_matched):
        top = s_matched.iloc[0]
        parts.append(
            f"The most common key strength is \u201c{top['theme_label']}\u201d, in "
            f"{top['n_areas']} of {n_areas} area{'s' if n_areas != 1 else ''} ({top['areas']})."
        )
    return " ".join(parts)


# ----------------------------------------------------------------------------------------------
# 4. One area against the rest
# ----------------------------------------------------------------------------------------------


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
    idx = _report_index(tables).sort_values(["area_key", "publication_date"], na_position="first")
    keep = set(idx.drop_duplicates("area_key", keep="last")["report_id"])
    frames = {}
    for name, df in tables.items():
        if name in ("files", "parse_issues"):
            frames[name] = df
        else:
            keep_rows = df["report_id"].isin(keep).fillna(False).astype(bool)
            frames[name] = df[keep_rows].reset_index(drop=True)
    return type(tables)(**frames)


def _recurrence(own: pd.DataFrame, others: pd.DataFrame, headline_source: str) -> pd.DataFrame:
    """The area's bullets with their themes and the other areas where each theme recurs."""
    import pandas as pd

    rows = []
    for (ref, text), g in own.groupby(["ref", "text"], sort=False):
        ids = [t for t in g["theme"] if t != themes_mod.UNMATCHED]
        elsewhere = others[others["theme"].isin(ids)]
        formal = elsewhere[elsewhere["source"] == headline_source]
        rows.append(
            {
                "ref": ref,
                "text": text,
                "themes": "; ".join(g["theme_label"]),
                "n_other_areas": elsewhere["area_key"].nunique(),
                "other_areas": _join_names(elsewhere["area"]),
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
    idx = _report_index(latest)
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
        if len(o) and not _is_missing(row["sufficiency"]):
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
    profile.improvements = _recurrence(
        weak[(weak["report_id"] == rid) & (weak["source"] == "area for improvement")],
        weak[weak["report_id"] != rid],
        "area for improvement",
    )
    profile.strengths = _recurrence(
        strong[strong["report_id"] == rid], strong[strong["report_id"] != rid], "key strength"
    )
    return profile


def profile_finding(profile: AreaProfile) -> str:
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
        and not _is_missing(profile.gap["gap_pp"].iloc[0])
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


# ----------------------------------------------------------------------------------------------
# Data quality and headline numbers (briefing appendix)
# ----------------------------------------------------------------------------------------------


def reports_included(tables: Tables) -> pd.DataFrame:
    """One row per report in the selection, with how much was parsed from it."""
    r = tables.reports
    out = r[["report_id", "area", "publication_date", "source_file", "source_format"]].copy()
    for name in ("findings", "judgements", "strengths", "improvements"):
        counts = getattr(tables, name)["report_id"].value_counts()
        out[f"n_{name}"] = out["report_id"].map(counts).fillna(0).astype("Int64")
    return out.sort_values(["publication_date", "area"], kind="stable").reset_index(drop=True)


def missing_fields(tables: Tables) -> pd.DataFrame:
    """Which ``reports`` columns are empty for each report."""
    import pandas as pd

    r = tables.reports
    cols = [c for c in r.columns if c != "report_id"]
    missing = [[c for c in cols if _is_missing(row[c])] for _, row in r.iterrows()]
    return pd.DataFrame(
        {
            "report_id": r["report_id"],
            "area": r["area"],
            "n_missing": pd.array([len(m) for m in missing], dtype="Int64"),
            "missing": pd.array([", ".join(m) for m in missing], dtype="string"),
        }
    )


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
    weak = weaknesses[weaknesses["theme"] != themes_mod.UNMATCHED]
    stages = stages[stages["stage"] != themes_mod.UNCLASSIFIED]
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
    }


def with_selection(
    tables: Tables, period_start: Any, period_end: Any, areas: Any
) -> tuple[Tables, Selection]:
    """Convenience for notebooks: validate the parameters and select in one step."""
    selection = make_selection(period_start, period_end, areas)
    return select(tables, selection), selection


__all__ = [
    "AreaProfile",
    "Selection",
    "area_profile",
    "domain_sufficiency",
    "headline_numbers",
    "judgement_detail",
    "make_selection",
    "missing_fields",
    "negative_items",
    "profile_finding",
    "rate_gaps",
    "rates_finding",
    "reports_included",
    "select",
    "stage_sufficiency",
    "stage_summary",
    "strength_evidence",
    "sufficiency_finding",
    "theme_by_year",
    "theme_recurrence",
    "themes_finding",
    "weakness_evidence",
]


# ----------------------------------------------------------------------------------------------
# Display tables: readable column names and formatted numbers, evidence kept beside each number.
# (CSV files keep the raw analysis frames; these are for notebooks and the briefing.)
# ----------------------------------------------------------------------------------------------


def _display(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(rows, columns=columns).astype("string")


def _count_text(numerator: Any, denominator: Any) -> str:
    if _is_missing(numerator) or _is_missing(denominator):
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
        prev = "" if _is_missing(r["vs_previous_year"]) else str(r["vs_previous_year"])
        if prev and not _is_missing(r["previous_year_rate"]):
            prev += f" (was {format_rate(r['previous_year_rate'])})"
        rows.append(
            {
                "Area": r["label"],
                "Published": format_date(r["publication_date"]),
                "Rate": format_rate(r["reoffending_rate"]),
                "England and Wales average (same cohort)": format_rate(r["national_average"]),
                "Gap (points)": "" if _is_missing(gap) else f"{float(gap):+.1f}",
                "Against average": gap_words(gap),
                "Against previous year": prev,
                "Cohort": r["cohort"],
                "Rate published": r["rate_published"]
                if not _is_missing(r["rate_published"])
                else "",
                "Evidence": "" if _is_missing(r["rate_evidence"]) else r["rate_evidence"],
                "Cohort evidence": ""
                if _is_missing(r["cohort_evidence"])
                else r["cohort_evidence"],
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
        if not _is_missing(r["first_year"]):
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
                "Basis": "" if _is_missing(r["basis"]) else r["basis"],
                "Other areas: median": format_share(r["others_median"]) if n else "",
                "Other areas: middle half": format_range(r["others_q1"], r["others_q3"])
                if n
                else "",
                "Other areas: lowest-highest": format_range(r["others_min"], r["others_max"])
                if n
                else "",
                "Rank (1 = highest)": ""
                if _is_missing(r["rank_from_top"])
                else f"{r['rank_from_top']} of {n + 1}",
                "Evidence": r["evidence"],
            }
        )
    return _display(rows, cols)


def taxonomy_table(kind: str) -> pd.DataFrame:
    """The documented rules of one kind (stage, weakness, strength) as a table."""
    import pandas as pd

    rows = themes_mod.describe(kind)
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
