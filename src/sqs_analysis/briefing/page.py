"""The briefing page: one self-contained HTML file (figures embedded, no scripts, no network).

Executed notebooks are exported to fragments (outputs only) with nbconvert, then placed in the
page's template (``templates/briefing.html.j2``, with ``templates/briefing.css``) between the
headline, a data-quality appendix and the provenance. The template is rendered with Jinja2's
autoescaping on, so every value reaching the page is escaped; only the notebooks' exported
HTML (whose report text the notebooks escaped, see :mod:`sqs_analysis.charts.html`), the style
sheet and tables pandas has escaped are passed through as markup.

The headline and the appendix are computed by the briefing from the tables
(:func:`sqs_analysis.analysis.headline`, :func:`sqs_analysis.analysis.quality_tables`) and
handed in, as are the comparison with the previous period
(:mod:`sqs_analysis.analysis.periods`) and the changes since the earlier briefing
(:mod:`sqs_analysis.briefing.changes`); the page computes nothing and reads no file a
notebook wrote.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2
    import pandas as pd

TEMPLATE = "briefing.html.j2"
STYLE_SHEET = "briefing.css"


class NotebookExporter:
    """Executed notebooks to HTML fragments: outputs and text only, no code, no scripts.

    One nbconvert exporter is shared (its templates are compiled once, not per notebook), and
    the lock lets the notebook threads export each notebook as soon as it has run.
    """

    def __init__(self) -> None:
        self._exporter: Any = None
        self._lock = threading.Lock()

    def fragment(self, path: Path) -> str:
        """The notebook at ``path`` as an HTML fragment (stderr output left out)."""
        import nbformat

        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = [
                    o
                    for o in cell.get("outputs", [])
                    if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
                ]
        with self._lock:
            if self._exporter is None:
                from nbconvert import HTMLExporter

                self._exporter = HTMLExporter(
                    template_name="basic",
                    exclude_input=True,
                    exclude_input_prompt=True,
                    exclude_output_prompt=True,
                )
            body, _ = self._exporter.from_notebook_node(nb)
        return body


def notebook_title(name: str) -> str:
    """ "02_domain_sufficiency.ipynb" -> "Domain sufficiency"."""
    return Path(name).stem.split("_", 1)[-1].replace("_", " ").capitalize()


def table_html(df: pd.DataFrame, empty: str, caption: str = "") -> Any:
    """A frame as an HTML table with its caption and scoped header cells (pandas escapes
    every cell), or a note when it has no rows."""
    from markupsafe import Markup, escape

    from sqs_analysis.charts.html import frame_table

    if df.empty:
        return Markup('<p class="note">{}</p>').format(escape(empty))
    return Markup(frame_table(df, caption))


@cache
def environment() -> jinja2.Environment:
    """The page's Jinja2 environment: the package's templates, autoescaping always on."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sqs_analysis.briefing", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["table"] = table_html
    return env


def headline_cells(headline: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The headline numbers as (label, value) cells, in the order a reader sees them."""
    n = headline
    reports = n["weakest_stage_reports"]
    return [
        ("Reports included", str(n["reports"])),
        ("Areas", str(n["areas"])),
        ("Published", f"{n['first_published']} to {n['last_published']}"),
        (
            "Reoffending worse than own England and Wales average",
            f"{n['worse_than_average']} of {n['rated']}",
        ),
        (
            "Reoffending better than own England and Wales average",
            f"{n['better_than_average']} of {n['rated']}",
        ),
        (
            "Most widespread weakness",
            f"{n['top_weakness']} ({n['top_weakness_areas']} of {n['areas']} areas)"
            if n["top_weakness"]
            else "none found",
        ),
        (
            "Weakest practice stage",
            f"{n['weakest_stage']} ({n['weakest_stage_sufficiency']} of cases sufficient, "
            f"range {n['weakest_stage_range']}; {reports} report{'s' if reports != 1 else ''})"
            if n["weakest_stage"]
            else "none",
        ),
    ]


def provenance_rows(provenance: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The human-readable provenance note as (label, value) rows."""
    p = provenance["parameters"]
    return [
        ("Generated", provenance["generated_at"]),
        ("Package", f"sqs-analysis {provenance['package']['version']}"),
        (
            "Python and libraries",
            f"Python {provenance['python']}; "
            + ", ".join(f"{k} {v}" for k, v in provenance["libraries"].items()),
        ),
        ("Data folder", p["data_dir"]),
        ("Period", f"{p['period_start'] or '(no start)'} to {p['period_end'] or '(no end)'}"),
        ("Areas", ", ".join(p["areas"]) or "all"),
        ("Cell timeout", f"{p['timeout_seconds']} s"),
        (
            "Notebooks",
            "; ".join(f"{n['name']} ({n['seconds']} s)" for n in provenance["notebooks"]),
        ),
    ]


def render_html(
    fragments: Sequence[tuple[str, str]],
    *,
    selection: str,
    headline: Mapping[str, Any],
    quality: Mapping[str, pd.DataFrame],
    provenance: Mapping[str, Any],
    provenance_file: str = "provenance.json",
    periods: Mapping[str, Any] | None = None,
    changes: Mapping[str, Any] | None = None,
) -> str:
    """The whole briefing as one self-contained page (no scripts, no external resources).

    ``fragments`` holds (notebook file name, exported HTML) in briefing order; ``selection``
    describes the selection in words; ``headline`` is :func:`sqs_analysis.analysis.headline`
    and ``quality`` :func:`sqs_analysis.analysis.quality_tables` of the same selection.
    ``periods`` (the period against the previous one, for a closed period) and ``changes``
    (since the earlier briefing, :func:`sqs_analysis.briefing.changes.changes_page`) each add
    a section when given.
    """
    from markupsafe import Markup

    css = files("sqs_analysis.briefing").joinpath("templates", STYLE_SHEET).read_text("utf-8")
    sections = [
        {"anchor": f"section-{i}", "title": notebook_title(name), "html": Markup(fragment)}
        for i, (name, fragment) in enumerate(fragments, start=1)
    ]
    return (
        environment()
        .get_template(TEMPLATE)
        .render(
            selection=selection,
            css=Markup(css),
            headline=headline,
            headline_cells=[] if headline.get("no_reports") else headline_cells(headline),
            sections=sections,
            quality=quality,
            provenance=provenance,
            provenance_rows=provenance_rows(provenance),
            provenance_file=provenance_file,
            periods=periods,
            changes=changes,
        )
    )
