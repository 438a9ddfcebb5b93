"""The summary to send: short, from the page's own headline, and inert whatever the reports say.

Markdown is rendered with mistune (installed with nbconvert) with raw HTML allowed and bare
addresses linked, the most permissive a chat client or wiki might be: nothing from a report
may come out as a tag, a link or formatting.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from conftest import ROOT, xss_payloads

from sqs_analysis import analysis
from sqs_analysis.briefing.changes import Changes, compare_with_earlier
from sqs_analysis.briefing.earlier import EarlierBriefing
from sqs_analysis.briefing.summary import (
    AREA_CHARS,
    MAX_CHARS,
    SUMMARY_MD,
    SUMMARY_TXT,
    md_escape,
    one_line,
    summary_markdown,
    summary_parts,
    summary_text,
)
from sqs_analysis.tables import load_tables

mistune = pytest.importorskip("mistune")

HOSTILE_MARKDOWN = [
    "**bold** __strong__ *em* _em_ ~~struck~~",
    "[a link](https://example.org) ![an image](https://example.org/x.png)",
    "<https://example.org> https://example.org/path www.example.org someone@example.org",
    "# heading",
    "> quote",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "`code` ``more code``",
    "1. a list\n- another\n+ and another",
    "&lt;b&gt; &amp; &#60;script&#62;",
    "line one\nline two\r\n\u2028line three\x00\x1b[31m",
    "back\\slash\\*",
    "[ref]: https://example.org",
]
ALLOWED_TAGS = {"p", "ul", "li", "strong"}
"""What the summary's own Markdown makes; a report's text may make nothing."""


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def rendered(markdown: str) -> Tags:
    render = mistune.create_markdown(escape=False, plugins=["url", "table", "strikethrough"])
    scan = Tags()
    scan.feed(render(markdown))
    return scan


@pytest.mark.parametrize("text", [*HOSTILE_MARKDOWN, *xss_payloads().values()])
def test_report_text_renders_as_itself_and_nothing_else(text):
    scan = rendered(md_escape(text, limit=10_000))
    assert scan.tags == ["p"], scan.tags
    assert "".join(scan.text).strip() == one_line(text, limit=10_000)


def test_one_line_leaves_no_break_or_control_character():
    for text in HOSTILE_MARKDOWN:
        line = one_line(text)
        assert not re.search(r"[\x00-\x1f\x7f\u2028\u2029]", line)
    assert one_line("x" * 500, limit=50) == "x" * 49 + "…"


@pytest.fixture(scope="module")
def tables():
    return load_tables(ROOT / "data" / "raw")


def some_changes(tables) -> Changes:
    """Changes as a second briefing sees them: one report new, three figures changed."""
    import pandas as pd

    rows = pd.DataFrame(
        [
            {"kind": "new", "report_id": "a", "area": "A", "field": "", "old": "", "new": ""},
            *(
                {
                    "kind": "changed",
                    "report_id": "b",
                    "area": "B",
                    "field": f,
                    "old": "1",
                    "new": "2",
                }
                for f in ("cases_examined", "reoffending_rate", "n_judgements")
            ),
        ]
    )
    earlier = EarlierBriefing(ROOT, "2026-10-02T06:30:00+00:00", "0.9.0", ("b",))
    new = tables.reports.head(1)[["report_id", "area", "publication_date", "source_file"]]
    gone = new.iloc[0:0]
    return Changes(earlier, rows, new.astype(str), gone.astype(str), 2)


def test_a_summary_of_many_areas_is_short_enough_for_a_chat_message(tables, tmp_path):
    many = [f"Area number {i} of a long list of youth offending services" for i in range(150)]
    selection = analysis.make_selection("2015-01-01", "2016-12-31", many)
    headline = analysis.headline(tables, selection)
    page = tmp_path / ("deep " * 20) / "briefing.html"
    for changes in (some_changes(tables), compare_with_earlier(None, tmp_path, [], selection)):
        parts = summary_parts(selection, headline, changes, 2, page)
        for text in (summary_text(parts), summary_markdown(parts)):
            assert len(text) < MAX_CHARS, len(text)
            assert "and 145 more" in text
            assert "Area number 149" not in text
    text = summary_text(summary_parts(selection, headline, some_changes(tables), 2, page))
    assert "1 report new" in text and "3 figures changed" in text


def test_a_selection_without_reports_says_so(tables, tmp_path):
    selection = analysis.make_selection("2030", "2030")
    chosen = analysis.select(tables, selection)
    headline = analysis.headline(chosen, selection)
    changes = compare_with_earlier(None, tmp_path, [], selection)
    text = summary_text(summary_parts(selection, headline, changes, 0, tmp_path / "b.html"))
    assert "No reports in this selection." in text
    assert "First briefing" in text
    assert "Reports included" not in text


def test_the_markdown_summary_is_the_text_summary_rendered(tables, tmp_path):
    selection = analysis.make_selection(date(2015, 1, 1), "2016", ["Knowsley", "Southend"])
    headline = analysis.headline(analysis.select(tables, selection), selection)
    parts = summary_parts(selection, headline, some_changes(tables), 1, tmp_path / "b.html")
    scan = rendered(summary_markdown(parts))
    assert set(scan.tags) <= ALLOWED_TAGS
    shown = re.sub(r"\s+", " ", "".join(scan.text))
    for line in summary_text(parts).splitlines():
        words = line.removeprefix("- ").split(": ", 1)[-1]
        assert words in shown, words


@pytest.mark.slow
def test_a_briefing_of_hostile_reports_sends_inert_text(hostile_briefing):
    """The hostile reports' areas (markup in their names) are the selection: the summary names
    them as text, the Markdown makes no tag, link or formatting of them."""
    folder = hostile_briefing["folder"]
    markdown = (folder / SUMMARY_MD).read_text("utf-8")
    text = (folder / SUMMARY_TXT).read_text("utf-8")
    scan = rendered(markdown)
    assert set(scan.tags) <= ALLOWED_TAGS, scan.tags
    shown = "".join(scan.text)
    for area in hostile_briefing["areas"]:
        named = one_line(area, AREA_CHARS).removesuffix("…")
        assert named in shown and named in text
    assert any("<" in a for a in hostile_briefing["areas"])  # markup, shown as text
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text + markdown)
    assert len(text) < MAX_CHARS and len(markdown) < MAX_CHARS
