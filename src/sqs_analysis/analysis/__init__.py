"""Analysis: frames and findings from the parsed tables.

The third step of the flow. Every function takes :class:`~sqs_analysis.tables.Tables` (or
frames from them) and returns pandas frames or plain text; none parses reports. Every number
keeps the sentence it came from, and every estimate keeps its range, so a chart or a briefing
can always show both.

One module per subject, each owning its computation, its finding in words, the headings that
state what each of its sections found, and its tables for reading:

* :mod:`.rates` reoffending rates against each report's own cohort average;
* :mod:`.sufficiency` how often practice was sufficient, by domain and practice stage;
* :mod:`.taxonomy` the documented theme rules (``themes.toml``) and how they are applied;
* :mod:`.recurrence` weaknesses and strengths placed in themes, and where they recur;
* :mod:`.profile` one area against the others;
* :mod:`.comparators` each area against its region, its nation and all areas;
* :mod:`.periods` a closed period against the previous one of the same length;
* :mod:`.quality` data quality and the briefing's headline numbers;
* :mod:`.search` every finding sentence, key strength and area for improvement, searched by
  word forms and phrases (:mod:`.query`); :mod:`.explore` the explorer notebook's filters.

Below them :mod:`.selection` says which reports (period, areas) and how each is named, and
:mod:`.formatting` writes every month, date, share, rate and gap one way.

What a notebook calls is importable from here (``from sqs_analysis import analysis``): the
selection, the computations, and the subject modules for their findings, headings and tables,
e.g. ``analysis.rates.finding(gaps)``, ``analysis.rates.heading(gaps)`` and
``analysis.rates.table(gaps)``.
"""

from sqs_analysis.analysis import (
    comparators,
    periods,
    profile,
    rates,
    recurrence,
    sufficiency,
    taxonomy,
)
from sqs_analysis.analysis.comparators import profile_comparators, rate_comparators
from sqs_analysis.analysis.profile import area_profile, default_area, latest_per_area
from sqs_analysis.analysis.quality import headline, quality_tables
from sqs_analysis.analysis.rates import rate_gaps
from sqs_analysis.analysis.recurrence import (
    count_areas,
    strength_evidence,
    theme_by_year,
    theme_recurrence,
    weakness_evidence,
)
from sqs_analysis.analysis.search import search
from sqs_analysis.analysis.selection import (
    Selection,
    make_selection,
    no_reports_message,
    open_selection,
    select,
)
from sqs_analysis.analysis.sufficiency import (
    domain_sufficiency,
    judgement_detail,
    stage_sufficiency,
    stage_summary,
)

__all__ = [
    "Selection",
    "area_profile",
    "comparators",
    "count_areas",
    "default_area",
    "domain_sufficiency",
    "headline",
    "judgement_detail",
    "latest_per_area",
    "make_selection",
    "no_reports_message",
    "open_selection",
    "periods",
    "profile",
    "profile_comparators",
    "quality_tables",
    "rate_comparators",
    "rate_gaps",
    "rates",
    "recurrence",
    "search",
    "select",
    "stage_sufficiency",
    "stage_summary",
    "strength_evidence",
    "sufficiency",
    "taxonomy",
    "theme_by_year",
    "theme_recurrence",
    "weakness_evidence",
]
