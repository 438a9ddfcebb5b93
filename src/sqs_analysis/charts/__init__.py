"""Charts: matplotlib figures of the analysis frames, each titled with its finding.

The fourth step of the flow. Each chart function takes a frame from :mod:`sqs_analysis.analysis`
and the title its caller gives (the analysis finding, e.g.
:func:`sqs_analysis.analysis.rates.heading`), and returns a :class:`~matplotlib.figure.Figure`;
charts never word a finding themselves. Every chart stays readable from 2 areas to a few
hundred: rows are sorted, long lists show the best and worst ends with a note saying how many
are left out, heights grow with rows up to a cap, and estimates are drawn with their ranges.
Charts never use pyplot's global figures, so nothing leaks between charts or notebooks.

* :mod:`.style` the house look (``house.mplstyle``, colour-blind-safe colours); analysts can
  ``plt.style.use("sqs_analysis.charts.house")``;
* :mod:`.marks` what every chart draws the same way; :mod:`.png` a figure as PNG bytes;
  :mod:`.html` findings, headings and tables as escaped HTML;
* :mod:`.rates`, :mod:`.sufficiency`, :mod:`.themes`, :mod:`.profile`, :mod:`.explore` the
  charts; :mod:`.explorer` the explorer notebook's widgets (imports ipywidgets when used).

Writing figures and tables to files, and showing them in a notebook, is
:mod:`sqs_analysis.exports` (:mod:`~sqs_analysis.exports.files`,
:mod:`~sqs_analysis.exports.show`).
"""

from sqs_analysis.charts import style
from sqs_analysis.charts.explore import match_chart
from sqs_analysis.charts.marks import DOMAIN_COLOURS, top_bottom
from sqs_analysis.charts.profile import profile_domain_chart, profile_gap_chart
from sqs_analysis.charts.rates import rate_gap_chart
from sqs_analysis.charts.sufficiency import domain_chart, judgement_chart, stage_chart
from sqs_analysis.charts.themes import theme_chart, theme_year_chart

__all__ = [
    "DOMAIN_COLOURS",
    "domain_chart",
    "judgement_chart",
    "match_chart",
    "profile_domain_chart",
    "profile_gap_chart",
    "rate_gap_chart",
    "stage_chart",
    "style",
    "theme_chart",
    "theme_year_chart",
    "top_bottom",
]
