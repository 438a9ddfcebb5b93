"""The explorer notebook's controls: region, area, domain, theme and a search box, over an
evidence table and a chart of where the matches fall, both updated in place.

Only the wiring is here; what is searched and counted is :mod:`sqs_analysis.analysis.explore`
and the chart :func:`sqs_analysis.charts.explore.match_chart`. ``ipywidgets`` is imported when
an explorer is made, never by the rest of the package.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from sqs_analysis.analysis.explore import (
    Exploration,
    Filters,
    explore_table,
    match_counts,
    matches_heading,
    matches_summary,
)
from sqs_analysis.charts.explore import match_chart
from sqs_analysis.charts.html import frame_table
from sqs_analysis.charts.png import png_bytes

if TYPE_CHECKING:
    import pandas as pd

    from sqs_analysis.tables import Tables

TABLE_ROWS = 100
"""Texts listed at once; the rest are counted in the caption (and in ``explorer.results``)."""
_OPEN, _CLOSE = "\x02", "\x03"  # stand-ins for <mark> that survive escaping


def results_html(results: pd.DataFrame, max_rows: int = TABLE_ROWS) -> str:
    """The evidence table as escaped HTML, matched words in ``<mark>``, in a ``div`` that
    says how many rows it shows (``data-rows``) and how many texts matched (``data-total``)."""
    shown = results.head(max_rows)
    total = len(results)
    caption = (
        f"The {len(shown)} best of {total} matching texts."
        if total > len(shown)
        else f"{total} matching text{'s' if total != 1 else ''}, best match first."
    )
    body = frame_table(explore_table(shown, _OPEN, _CLOSE), caption, classes="data")
    body = body.replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")
    return (
        f'<div class="sqs-explorer-table" data-rows="{len(shown)}" data-total="{total}">'
        f"{body}</div>"
    )


def summary_html(text: str) -> str:
    return f'<p class="sqs-explorer-summary"><strong>{html.escape(text)}</strong></p>'


class Explorer:
    """The widgets of the explorer notebook, over one set of tables.

    >>> explorer = Explorer(tables)        # doctest: +SKIP
    >>> explorer.widget                    # displays the controls, table and chart  # doctest: +SKIP
    >>> explorer.set(query="exploit", region="North West")  # as if typed  # doctest: +SKIP
    """

    def __init__(self, tables: Tables, max_rows: int = TABLE_ROWS) -> None:
        import ipywidgets as w

        self.exploration = Exploration.of(tables)
        self.max_rows = max_rows
        options = self.exploration.options
        layout = w.Layout(width="auto")
        self.search = w.Text(
            value="",
            placeholder='words or "a phrase", then Enter',
            description="Search",
            continuous_update=False,
            layout=w.Layout(width="420px"),
        )
        self.search.add_class("sqs-explorer-search")
        self.controls = {
            name: w.Dropdown(options=options[name], value=options[name][0], description=label)
            for name, label in (
                ("region", "Region"),
                ("area", "Area"),
                ("domain", "Domain"),
                ("theme", "Theme"),
            )
        }
        self.summary = w.HTML()
        self.chart = w.Image(format="png", layout=w.Layout(max_width="900px"))
        self.table = w.HTML()
        self.table.add_class("sqs-explorer-results")
        for control in (self.search, *self.controls.values()):
            control.observe(self._changed, names="value")
        self.widget = w.VBox(
            [
                w.HBox([self.search], layout=layout),
                w.HBox(list(self.controls.values()), layout=w.Layout(flex_flow="row wrap")),
                self.summary,
                self.table,
                self.chart,
            ]
        )
        self.results: pd.DataFrame
        self.counts: pd.DataFrame
        self.update()

    def filters(self) -> Filters:
        """What the controls ask for now."""
        values = {name: str(control.value) for name, control in self.controls.items()}
        return Filters(query=str(self.search.value), **values)

    def set(self, query: str | None = None, **choices: Any) -> None:
        """Set the search words and choices as a reader would (each change updates)."""
        for name, value in choices.items():
            self.controls[name].value = value
        if query is not None:
            self.search.value = query

    def _changed(self, _change: Any) -> None:
        self.update()

    def update(self) -> None:
        """Search again and redraw the summary, the table and the chart in place."""
        filters = self.filters()
        self.results = self.exploration.results(filters)
        self.counts = match_counts(self.results)
        self.summary.value = summary_html(matches_summary(self.results, filters))
        self.table.value = results_html(self.results, self.max_rows)
        self.chart.value = png_bytes(
            match_chart(self.counts, title=matches_heading(self.counts, filters.query))
        )

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
