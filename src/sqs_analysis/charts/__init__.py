"""Charts: matplotlib figures of the analysis frames, each titled with its finding.

The fourth step of the flow. Each chart function takes a frame from :mod:`sqs_analysis.analysis`
and returns a :class:`~matplotlib.figure.Figure`. Every chart stays readable from 2 areas to a
few hundred: rows are sorted, long lists show the best and worst ends with a note saying how
many are left out, heights grow with rows up to a cap, and estimates are drawn with their
ranges. Charts never use pyplot's global figures, so nothing leaks between charts or notebooks.

* :mod:`.style` the house look (``house.mplstyle``, colour-blind-safe colours) and the
  notebook display helpers; analysts can ``plt.style.use("sqs_analysis.charts.house")``;
* :mod:`.marks` what every chart draws the same way;
* :mod:`.rates`, :mod:`.sufficiency`, :mod:`.themes`, :mod:`.profile`, :mod:`.explore` the
  charts; :mod:`.explorer` the explorer notebook's widgets (imports ipywidgets when used).
"""

from sqs_analysis.charts import style
from sqs_analysis.charts.explore import match_chart, matches_title
from sqs_analysis.charts.marks import DOMAIN_COLOURS, top_bottom
from sqs_analysis.charts.profile import (
    profile_domain_chart,
    profile_domain_title,
    profile_gap_chart,
)
from sqs_analysis.charts.rates import rate_gap_chart, rates_title
from sqs_analysis.charts.sufficiency import (
    domain_chart,
    domains_title,
    judgement_chart,
    judgements_title,
    stage_chart,
    stages_title,
)
from sqs_analysis.charts.themes import theme_chart, theme_year_chart, theme_year_title, themes_title

__all__ = [
    "DOMAIN_COLOURS",
    "domain_chart",
    "domains_title",
    "judgement_chart",
    "judgements_title",
    "match_chart",
    "matches_title",
    "profile_domain_chart",
    "profile_domain_title",
    "profile_gap_chart",
    "rate_gap_chart",
    "rates_title",
    "stage_chart",
    "stages_title",
    "style",
    "theme_chart",
    "theme_year_chart",
    "theme_year_title",
    "themes_title",
    "top_bottom",
]
