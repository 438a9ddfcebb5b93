"""Analysis: frames and findings from the parsed tables.

The third step of the flow. Every function takes :class:`~sqs_analysis.tables.Tables` (or
frames from them) and returns pandas frames or plain text; none parses reports. Every number
keeps the sentence it came from, and every estimate keeps its range, so a chart or a briefing
can always show both.

* :mod:`.selection` which reports (period, areas) and how each is named;
* :mod:`.rates` reoffending rates against each report's own cohort average;
* :mod:`.sufficiency` how often practice was sufficient, by domain and practice stage;
* :mod:`.taxonomy` the documented theme rules (``themes.toml``) and how they are applied;
* :mod:`.recurrence` weaknesses and strengths placed in themes, and where they recur;
* :mod:`.profile` one area against the others;
* :mod:`.comparators` each area against its region, its nation and all areas;
* :mod:`.periods` a closed period against the previous one of the same length
  (:mod:`.period_tables` shows it);
* :mod:`.quality` data quality and the briefing's headline numbers;
* :mod:`.search` every finding sentence, key strength and area for improvement, searched by
  word forms and phrases (:mod:`.query`); :mod:`.explore` the explorer notebook's filters;
* :mod:`.words` formatting and each finding in sentences; :mod:`.display` tables for reading.

Everything a notebook needs is importable from here: ``from sqs_analysis import analysis``.
"""

from sqs_analysis.analysis.comparators import (
    MIN_REPORTS,
    comparator_sentence,
    comparator_table,
    comparators_heading,
    profile_comparators,
    rate_comparators,
)
from sqs_analysis.analysis.display import (
    domain_table,
    evidence_table,
    judgement_table,
    profile_domain_table,
    rate_table,
    recurrence_table,
    stage_table,
    taxonomy_table,
    theme_table,
    year_table,
)
from sqs_analysis.analysis.profile import AreaProfile, area_profile, default_area, latest_per_area
from sqs_analysis.analysis.quality import (
    consistency_checks,
    headline,
    headline_numbers,
    missing_fields,
    quality_tables,
    reports_included,
)
from sqs_analysis.analysis.rates import rate_gaps
from sqs_analysis.analysis.recurrence import (
    count_areas,
    negative_items,
    strength_evidence,
    theme_by_year,
    theme_recurrence,
    weakness_evidence,
)
from sqs_analysis.analysis.search import (
    EvidenceCorpus,
    evidence_corpus,
    no_match_message,
    results_text,
    search,
)
from sqs_analysis.analysis.selection import (
    OpenedSelection,
    Selection,
    area_key,
    area_names,
    canonical_area,
    canonical_areas,
    make_selection,
    no_reports_message,
    open_selection,
    report_labels,
    select,
    selection_key,
    unmatched_areas,
    with_selection,
)
from sqs_analysis.analysis.sufficiency import (
    domain_sufficiency,
    judgement_detail,
    stage_sufficiency,
    stage_summary,
)
from sqs_analysis.analysis.words import (
    cohort_label,
    domain_label,
    domain_order,
    domains_heading,
    evidence_heading,
    format_date,
    format_month,
    format_range,
    format_rate,
    format_share,
    gap_words,
    is_missing,
    judgements_heading,
    profile_domains_heading,
    profile_finding,
    profile_gap_heading,
    profile_judgements_heading,
    profile_recurrence_heading,
    rate_sentence,
    rates_finding,
    rates_heading,
    stages_heading,
    strengths_heading,
    sufficiency_finding,
    themes_finding,
    weakness_years_heading,
    weaknesses_heading,
)

__all__ = [
    "MIN_REPORTS",
    "AreaProfile",
    "EvidenceCorpus",
    "OpenedSelection",
    "Selection",
    "area_key",
    "area_names",
    "area_profile",
    "canonical_area",
    "canonical_areas",
    "cohort_label",
    "comparator_sentence",
    "comparator_table",
    "comparators_heading",
    "consistency_checks",
    "count_areas",
    "default_area",
    "domain_label",
    "domain_order",
    "domain_sufficiency",
    "domain_table",
    "domains_heading",
    "evidence_corpus",
    "evidence_heading",
    "evidence_table",
    "format_date",
    "format_month",
    "format_range",
    "format_rate",
    "format_share",
    "gap_words",
    "headline",
    "headline_numbers",
    "is_missing",
    "judgement_detail",
    "judgement_table",
    "judgements_heading",
    "latest_per_area",
    "make_selection",
    "missing_fields",
    "negative_items",
    "no_match_message",
    "no_reports_message",
    "open_selection",
    "profile_comparators",
    "profile_domain_table",
    "profile_domains_heading",
    "profile_finding",
    "profile_gap_heading",
    "profile_judgements_heading",
    "profile_recurrence_heading",
    "quality_tables",
    "rate_comparators",
    "rate_gaps",
    "rate_sentence",
    "rate_table",
    "rates_finding",
    "rates_heading",
    "recurrence_table",
    "report_labels",
    "reports_included",
    "results_text",
    "search",
    "select",
    "selection_key",
    "stage_sufficiency",
    "stage_summary",
    "stage_table",
    "stages_heading",
    "strength_evidence",
    "strengths_heading",
    "sufficiency_finding",
    "taxonomy_table",
    "theme_by_year",
    "theme_recurrence",
    "theme_table",
    "themes_finding",
    "unmatched_areas",
    "weakness_evidence",
    "weakness_years_heading",
    "weaknesses_heading",
    "with_selection",
    "year_table",
]
