"""Briefing: parse once, run the notebooks headlessly, publish one self-contained folder.

The last step of the flow. :mod:`.run` does the whole briefing (:func:`run_briefing`) as a
short sequence of named steps (:mod:`.steps`); :mod:`.folder` names the briefing's folder from
its canonical selection, :mod:`.execute` runs the notebooks in kernels started before the
parsing, :mod:`.page` writes the HTML page from its template (``templates/briefing.html.j2``,
``briefing.css``), :mod:`.provenance` records what went in, :mod:`.earlier` keeps the earlier
briefing of the same selection and :mod:`.changes` says what changed since.
"""

from sqs_analysis.briefing.execute import KERNEL, MAX_PARALLEL_NOTEBOOKS
from sqs_analysis.briefing.folder import (
    HTML_NAME,
    NOTEBOOKS,
    PROVENANCE_NAME,
    BriefingError,
    briefing_folder,
    briefing_name,
    default_notebooks_dir,
)
from sqs_analysis.briefing.provenance import build_provenance
from sqs_analysis.briefing.run import run_briefing
from sqs_analysis.briefing.unchanged import NothingChanged

__all__ = [
    "HTML_NAME",
    "KERNEL",
    "MAX_PARALLEL_NOTEBOOKS",
    "NOTEBOOKS",
    "PROVENANCE_NAME",
    "BriefingError",
    "NothingChanged",
    "briefing_folder",
    "briefing_name",
    "build_provenance",
    "default_notebooks_dir",
    "run_briefing",
]
