"""The briefing page: one self-contained HTML file (figures embedded, no scripts, no network).

Executed notebooks are exported to fragments (outputs only) with nbconvert, then framed by a
headline, a data-quality appendix and the provenance. Report text reaching the page is always
escaped here or, in notebook outputs, by :mod:`sqs_analysis.charts.style`.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from sqs_analysis.tables import Tables

CSS = """
body { font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { border-bottom: 2px solid #0072B2; padding-bottom: 0.2em; margin-top: 2em; }
.subtitle { color: #444; margin-top: 0; }
.headline { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 0.8em; }
.headline div { background: #f3f7fb; border-left: 4px solid #0072B2; padding: 0.6em 0.8em; }
.headline .value { font-size: 1.35em; font-weight: bold; display: block; }
.finding { background: #fff8e6; border-left: 4px solid #E69F00; padding: 0.7em 1em; }
.note, .caption { color: #555; font-size: 0.9em; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.6em 0 1.2em; width: 100%; }
th, td { border: 1px solid #ddd; padding: 0.3em 0.45em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
img { max-width: 100%; height: auto; }
pre { white-space: pre-wrap; font-size: 0.85em; color: #444; }
.anchor-link { display: none; }
nav ol { columns: 2; }
section.notebook { margin-top: 2.5em; }
.warning { color: #a33; }
@media print { nav { display: none; } }
"""


def _h(value: Any) -> str:
    """Report text as HTML text: always escaped."""
    import pandas as pd

    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return ""
    return html.escape(str(value))


def _frame_html(df: pd.DataFrame, empty: str) -> str:
    if df.empty:
        return f'<p class="note">{html.escape(empty)}</p>'
    return df.to_html(index=False, escape=True, na_rep="", border=0)


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


HEADLINE_INPUTS = {"weaknesses": "03-weakness-themes.csv", "stages": "02-stage-summary.csv"}
"""Tables the notebooks save that the headline reuses rather than recomputes."""


def headline_html(selected: Tables, selection: Any, outputs: Path | None = None) -> str:
    """The numbers a reader sees first (reusing the notebooks' theme and stage tables)."""
    import pandas as pd

    from sqs_analysis import analysis

    if selected.reports.empty:
        return f'<p class="finding">{_h(analysis.no_reports_message(selection))}</p>'
    reused = {
        key: pd.read_csv(outputs / name)
        for key, name in HEADLINE_INPUTS.items()
        if outputs is not None and (outputs / name).exists()
    }
    n = analysis.headline_numbers(selected, **reused)
    cells = [
        ("Reports included", n["reports"]),
        ("Areas", n["areas"]),
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
            f"range {n['weakest_stage_range']}; "
            f"{n['weakest_stage_reports']} report{'s' if n['weakest_stage_reports'] != 1 else ''})"
            if n["weakest_stage"]
            else "none",
        ),
    ]
    items = "\n".join(
        f'<div><span class="label">{_h(label)}</span><span class="value">{_h(value)}</span></div>'
        for label, value in cells
    )
    rates = analysis.rate_gaps(selected)
    rated = rates[rates["gap_pp"].notna()]
    lines = ""
    if 0 < len(rated) <= 10:
        lines = (
            "<ul>"
            + "".join(f"<li>{_h(analysis.rate_sentence(row))}</li>" for _, row in rated.iterrows())
            + "</ul>"
        )
    return f'<div class="headline">{items}</div>{lines}'


def appendix_html(all_tables: Tables, selected: Tables) -> str:
    """Data quality: reports included, fields missing per report, parse warnings, files."""
    from sqs_analysis import analysis

    included = analysis.reports_included(selected).rename(
        columns={
            "report_id": "Report",
            "area": "Area",
            "publication_date": "Published",
            "source_file": "File",
            "source_format": "Format",
            "n_findings": "Paragraphs",
            "n_judgements": "Judgements",
            "n_strengths": "Key strengths",
            "n_improvements": "Areas for improvement",
        }
    )
    if len(included):
        included["Published"] = included["Published"].map(analysis.format_date)
    missing = analysis.missing_fields(selected).rename(
        columns={
            "report_id": "Report",
            "area": "Area",
            "n_missing": "Fields missing",
            "missing": "Which",
        }
    )
    issues = selected.parse_issues.rename(
        columns={"source_file": "File", "severity": "Severity", "message": "Message"}
    )
    files = all_tables.files[["source_file", "status", "report_id", "source_format"]].rename(
        columns={
            "source_file": "File",
            "status": "Status",
            "report_id": "Report",
            "source_format": "Format",
        }
    )
    return "\n".join(
        [
            "<h3>Reports included</h3>",
            _frame_html(included, "No reports in this selection."),
            "<h3>Fields missing per report</h3>",
            '<p class="note">Columns of the reports table left empty because the report did not '
            "state them or the parser could not read them.</p>",
            _frame_html(missing, "No reports in this selection."),
            "<h3>Parse warnings and errors</h3>",
            _frame_html(issues, "No warnings or errors for the files in this selection."),
            "<h3>Every input file</h3>",
            _frame_html(files, "No input files."),
        ]
    )


def provenance_html(provenance: dict[str, Any], provenance_file: str = "provenance.json") -> str:
    """The human-readable provenance note."""
    p = provenance["parameters"]
    rows = [
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
    table = "".join(f"<tr><th>{_h(k)}</th><td>{_h(v)}</td></tr>" for k, v in rows)
    inputs = "".join(
        f"<tr><td>{_h(i.get('source_file'))}</td><td><code>{_h(i.get('source_sha256'))}</code></td>"
        f"<td>{_h(i.get('status'))}</td><td>{'yes' if i.get('included') else 'no'}</td></tr>"
        for i in provenance["inputs"]
    )
    return (
        f"<table>{table}</table><h3>Input files (SHA-256)</h3>"
        "<table><tr><th>File</th><th>SHA-256</th><th>Status</th><th>In this briefing</th></tr>"
        f"{inputs}</table>"
        f'<p class="note">The same details are in {_h(provenance_file)} beside this page.</p>'
    )


def render_html(
    fragments: Sequence[tuple[str, str]],
    all_tables: Tables,
    selected: Tables,
    selection: Any,
    provenance: dict[str, Any],
    *,
    outputs: Path | None = None,
    provenance_file: str = "provenance.json",
) -> str:
    """The whole briefing as one self-contained page (no scripts, no external resources).

    ``fragments`` holds (notebook file name, exported HTML) in briefing order.
    """
    sections = []
    nav = []
    for i, (name, fragment) in enumerate(fragments, start=1):
        anchor = f"section-{i}"
        nav.append(f'<li><a href="#{anchor}">{_h(notebook_title(name))}</a></li>')
        sections.append(f'<section class="notebook" id="{anchor}">{fragment}</section>')
    nav.append('<li><a href="#appendix">Appendix: data quality</a></li>')
    nav.append('<li><a href="#provenance">Provenance</a></li>')
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SQS briefing: {_h(selection.describe())}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>Short Quality Screening briefing</h1>
<p class="subtitle">Youth offending work inspected by HM Inspectorate of Probation.
Selection: {_h(selection.describe())}. Generated {_h(provenance["generated_at"])}
by sqs-analysis {_h(provenance["package"]["version"])}.</p>
</header>
<section id="headline"><h2>Headline numbers</h2>
{headline_html(selected, selection, outputs)}
</section>
<nav><h2>Contents</h2><ol>{"".join(nav)}</ol></nav>
{"".join(sections)}
<section id="appendix"><h2>Appendix: data quality</h2>
{appendix_html(all_tables, selected)}
</section>
<section id="provenance"><h2>Provenance</h2>
{provenance_html(provenance, provenance_file)}
</section>
</body>
</html>
"""
