"""Words: one way to write a month, a date, a share or a gap, and each finding in sentences.

Every number a reader sees goes through the formatting functions here, and every finding a
notebook opens with, and every section heading that states what the section found, is written
here from the analysis frames, so a notebook, a chart title and the briefing page never word
the same number two ways.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqs_analysis.analysis.taxonomy import UNCLASSIFIED, UNMATCHED
from sqs_analysis.reference.directions import direction

if TYPE_CHECKING:
    import pandas as pd

    from sqs_analysis.analysis.profile import AreaProfile

#: Areas named one by one in a written finding before the rest are summarised.
NAMED_IN_FINDING = 3


def is_missing(value: Any) -> bool:
    """Whether ``value`` is empty: ``None``, NaN, ``pd.NA`` or ``NaT``."""
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

    if is_missing(value):
        return ""
    if isinstance(value, str):
        value = pd.Period(value, freq="M")
    return value.strftime("%B %Y")


def format_date(value: Any) -> str:
    """``15 June 2016``; empty when missing."""
    import pandas as pd

    if is_missing(value):
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
    return "n/a" if is_missing(value) else f"{100 * float(value):.0f}%"


def format_range(low: Any, high: Any) -> str:
    """``71-85%``, or a single figure when the range is exact."""
    if is_missing(low) or is_missing(high):
        return "n/a"
    lo, hi = round(100 * float(low)), round(100 * float(high))
    return f"{lo}%" if lo == hi else f"{lo}-{hi}%"


def format_rate(value: Any) -> str:
    return "n/a" if is_missing(value) else f"{float(value):.1f}%"


def gap_words(gap: Any) -> str:
    """``4.4 points worse`` / ``0.4 points better`` / ``the same as`` for a gap in points."""
    if is_missing(gap):
        return "no comparison"
    gap = float(gap)
    if direction(gap) == "same":
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


def rate_sentence(row: Any) -> str:
    """``Southend: 4.4 points worse than its England and Wales average (42.2% vs 37.8%,
    July 2013 - June 2014 cohort)``."""
    if is_missing(row["gap_pp"]):
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


def sufficiency_finding(domains: pd.DataFrame, stages: pd.DataFrame) -> str:
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


def themes_finding(weaknesses: pd.DataFrame, strengths: pd.DataFrame, n_areas: int) -> str:
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


# ----------------------------------------------------------------------------------------------
# Section headings: each states what its section found, computed from the same frames.
# ----------------------------------------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def rates_heading(gaps: pd.DataFrame) -> str:
    """``1 of 2 reports shows more reoffending than its own cohort's England and Wales
    average`` (the rate gaps of :func:`~sqs_analysis.analysis.rate_gaps`)."""
    rated = gaps[gaps["gap_pp"].notna()]
    if rated.empty:
        return "No report gives both a reoffending rate and an England and Wales average"
    worse = int((rated["direction"] == "worse").sum())
    shows, its = ("shows", "its") if worse == 1 else ("show", "their")
    return (
        f"{worse} of {_plural(len(rated), 'report')} {shows} more reoffending than the "
        f"England and Wales average for {its} own cohort"
    )


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
        f"{_plural(len(detail), 'quantified judgement')} ({counted} exact counts); the lowest, "
        f"{low['label']} {low['paragraph']}, {format_share(low['sufficiency'])} of cases sufficient"
    )


def weaknesses_heading(weaknesses: pd.DataFrame) -> str:
    """The most widespread weakness theme (a :func:`theme_recurrence` frame)."""
    matched = weaknesses[weaknesses["theme"] != UNMATCHED] if len(weaknesses) else weaknesses
    if matched.empty:
        return "No criticism of practice matched a weakness theme"
    top = matched.iloc[0]
    return (
        f"\u201c{top['theme_label']}\u201d is the most widespread weakness, criticised in "
        f"{top['n_areas']} of {_plural(int(top['n_areas_total']), 'area')}"
    )


def weakness_years_heading(by_year: pd.DataFrame, order: list[str] | None = None) -> str:
    """The weakness theme criticised in the most publication years (a :func:`theme_by_year`
    frame; ties go to the theme first in ``order``)."""
    if by_year.empty:
        return "No dated criticism of practice"
    years = sorted(by_year["year"].dropna().unique())
    present = by_year[by_year["n_areas"] > 0]
    if present.empty:
        return f"No weakness theme criticised in {_plural(len(years), 'publication year')}"
    rank = {label: i for i, label in enumerate(order or [])}
    counts = present.groupby("theme_label")["year"].nunique()
    top = min(counts.index, key=lambda label: (-counts[label], rank.get(label, len(rank)), label))
    return (
        f"\u201c{top}\u201d was criticised in {counts[top]} of "
        f"{_plural(len(years), 'publication year')}"
    )


def evidence_heading(evidence: pd.DataFrame) -> str:
    """How many texts criticise practice, and how many of them matched no theme."""
    if evidence.empty:
        return "No text criticises practice"
    texts = evidence.drop_duplicates(["report_id", "source", "ref", "text"])
    unmatched = int((texts["theme"] == UNMATCHED).sum())
    criticise = "criticises" if len(texts) == 1 else "criticise"
    matched = f"{unmatched} matched no theme" if unmatched else "every one matched a theme"
    return f"{_plural(len(texts), 'text')} {criticise} practice; {matched}"


def strengths_heading(strengths: pd.DataFrame) -> str:
    """The most common key-strength theme (a :func:`theme_recurrence` frame)."""
    matched = strengths[strengths["theme"] != UNMATCHED] if len(strengths) else strengths
    if matched.empty:
        return "No key strength matched a strength theme"
    top = matched.iloc[0]
    return (
        f"\u201c{top['theme_label']}\u201d is the most common key strength, in "
        f"{top['n_areas']} of {_plural(int(top['n_areas_total']), 'area')}"
    )


def profile_gap_heading(profile: AreaProfile) -> str:
    """The profiled area's reoffending gap to its own cohort's average."""
    if not profile.found:
        return f"No report about {profile.area or 'that area'} in this selection"
    gap = profile.gap
    if gap is None or gap.empty or is_missing(gap["gap_pp"].iloc[0]):
        return f"{profile.area}: no reoffending rate and average to compare"
    words = gap_words(gap["gap_pp"].iloc[0])
    than = "" if words == "level with" else " than"
    return f"{profile.area}: reoffending {words}{than} its England and Wales average"


def profile_domains_heading(profile: AreaProfile) -> str:
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


def profile_recurrence_heading(profile: AreaProfile) -> str:
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


def profile_judgements_heading(profile: AreaProfile, own: pd.DataFrame) -> str:
    """The profiled area's quantified judgements (``own``: its rows of the judgement detail)."""
    if not profile.found or own.empty:
        return f"{profile.area or 'The area'}: no quantified judgements"
    low = own.loc[own["sufficiency"].astype(float).idxmin()]
    return (
        f"{profile.area}: {_plural(len(own), 'quantified judgement')}; the lowest, "
        f"{low['paragraph']} {str(low['stage_label']).lower()}, "
        f"{format_share(low['sufficiency'])} of cases sufficient"
    )
