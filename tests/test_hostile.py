"""Report text is data, never markup: hostile text in a report runs nothing in the briefing.

Pages are opened in a real headless Chromium (no network: every host name resolves to
nothing) and the DOM the browser ends up with is inspected: a payload that ran would have
changed the page title, and any live script element or event-handler attribute is a failure.
"""

from __future__ import annotations

import html
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import XSS_TITLE, xss_payloads

BROWSER_SECONDS = 120


def chromium_dom(chromium: str, page: Path, profile: Path) -> str:
    """The DOM after the page loaded and its scripts and events (if any) had time to run."""
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=3000",
        "--dump-dom",
        page.resolve().as_uri(),
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=BROWSER_SECONDS, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "<html" in result.stdout.lower(), result.stderr[-2000:]
    return result.stdout


class LiveDom(HTMLParser):
    """What matters in a dumped DOM: the title, live scripts and handlers, the visible text."""

    ACTIVE_TAGS = frozenset({"script", "iframe", "object", "embed", "frame", "frameset"})

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.active: list[str] = []
        self.text: list[str] = []
        self._in_title = False
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.ACTIVE_TAGS:
            self.active.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.active.append(f"<{tag} {name}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.active.append(f"<{tag} {name}=javascript:>")
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        else:
            self.text.append(data)

    @property
    def visible_text(self) -> str:
        return "".join(self.text)


RAN_TITLES = {f"{XSS_TITLE}-{where}" for where in xss_payloads()}


@pytest.mark.slow
@pytest.mark.parametrize("where", sorted(xss_payloads()))
def test_browser_check_catches_a_payload_that_runs(chromium, tmp_path, where):
    """The check itself can fail: the same payload pasted in as markup is caught."""
    payload = xss_payloads()[where]
    page = tmp_path / "raw.html"
    page.write_text(
        f"<!DOCTYPE html><html><head><title>page</title></head><body><p>{payload}</p></body></html>",
        encoding="utf-8",
    )
    dom = LiveDom(chromium_dom(chromium, page, tmp_path / "profile"))
    assert dom.title == f"{XSS_TITLE}-{where}" or dom.active, "payload neither ran nor was seen"
    assert dom.title == f"{XSS_TITLE}-{where}", f"{where}: payload did not run in the browser"


@pytest.mark.slow
def test_browser_check_passes_escaped_text(chromium, tmp_path):
    body = "".join(f"<p>{html.escape(p)}</p>" for p in xss_payloads().values())
    page = tmp_path / "escaped.html"
    page.write_text(
        f"<!DOCTYPE html><html><head><title>page</title></head><body>{body}</body></html>",
        encoding="utf-8",
    )
    dom = LiveDom(chromium_dom(chromium, page, tmp_path / "profile"))
    assert dom.title == "page"
    assert dom.active == []
    for payload in xss_payloads().values():
        assert payload in dom.visible_text


def test_hostile_text_reaches_the_tables_as_text(hostile_data):
    """The payloads are kept as the report's words (the test below is not vacuous)."""
    from sqs_analysis.tables import load_tables

    tables = load_tables(hostile_data)
    payloads = xss_payloads()
    assert tables.strengths["text"].str.contains(payloads["strength"], regex=False).any()
    assert tables.improvements["text"].str.contains(payloads["improvement"], regex=False).any()
    assert tables.reports["area"].str.contains(payloads["area"], regex=False).any()


@pytest.mark.slow
def test_hostile_report_text_runs_nothing_in_the_briefing(chromium, hostile_briefing, tmp_path):
    folder: Path = hostile_briefing["folder"]
    pages = sorted(folder.rglob("*.html"))
    assert pages, f"no HTML page in {folder}"
    shown: set[str] = set()
    for page in pages:
        dom = LiveDom(chromium_dom(chromium, page, tmp_path / f"profile-{page.stem}"))
        assert dom.title not in RAN_TITLES, f"{page.name}: a payload ran ({dom.title})"
        assert dom.active == [], f"{page.name}: live markup from report text: {dom.active}"
        shown |= {w for w, p in xss_payloads().items() if p in dom.visible_text}
    # the hostile words are on the page, as words
    assert {"area", "strength", "improvement"} <= shown, shown


@pytest.mark.slow
def test_hostile_text_stays_text_in_the_executed_notebooks(hostile_briefing):
    """Notebook outputs opened later in JupyterLab carry the payloads escaped, not as markup."""
    import nbformat

    folder: Path = hostile_briefing["folder"]
    notebooks = sorted(folder.rglob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                markup = output.get("data", {}).get("text/html", "")
                markup = "".join(markup) if isinstance(markup, list) else markup
                dom = LiveDom(markup)
                assert dom.active == [], f"{path.name}: live markup in an output: {dom.active}"
