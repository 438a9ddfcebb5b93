"""The briefing page for everyone: axe-core's WCAG 2.2 A/AA and best-practice rules in a real
Chromium, the contents by keyboard, and the page printed to A4 with nothing cut.

axe-core (``tests/vendor/axe-core``, MPL-2.0, from the npm registry) is injected into the page
by the test only; the page itself loads nothing. The browser is the system Chromium driven by
Playwright (no browser is downloaded); without Chromium these tests are skipped with the
reason, as the other browser tests are.
"""

from __future__ import annotations

import base64
import io
import re
import shutil
import subprocess
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path

import pytest
from conftest import ROOT, raw_paths

from sqs_analysis.briefing import run_briefing

pytestmark = pytest.mark.slow
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
A4_POINTS = (595, 842)
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """Briefing pages with every section: all dates, and a closed period written twice (so
    it has the comparison with the previous period and the changes since the earlier one)."""
    data = tmp_path_factory.mktemp("access-data")
    for path in raw_paths():
        shutil.copy(path, data / path.name)
    out = tmp_path_factory.mktemp("access-briefings")

    def brief(*period: str) -> Path:
        return run_briefing(data, out, *period, timeout=300, progress=lambda _: None)

    whole = brief()
    brief("2015", "2015")
    closed = brief("2015", "2015")
    return {"all dates": whole / "briefing.html", "closed period": closed / "briefing.html"}


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def axe_violations(browser, page_path: Path) -> list[dict]:
    """axe-core's violations of WCAG 2.2 A/AA and best practice on the page as Chromium
    renders it (rule id, impact, how many elements and the first few of them)."""
    page = browser.new_page()
    try:
        page.goto(page_path.resolve().as_uri())
        page.add_script_tag(content=AXE.read_text("utf-8"))  # the test's, never the page's
        return page.evaluate(
            """async (tags) => {
                const result = await axe.run(document, {
                    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
                return result.violations.map(v => ({id: v.id, impact: v.impact,
                    count: v.nodes.length,
                    where: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
            }""",
            AXE_TAGS,
        )
    finally:
        page.close()


@pytest.mark.parametrize("which", ["all dates", "closed period"])
def test_axe_finds_no_violation_on_the_briefing(browser, pages, which):
    assert axe_violations(browser, pages[which]) == []


def test_the_axe_check_catches_content_outside_landmarks(browser, pages, tmp_path):
    page = pages["all dates"].read_text("utf-8")
    broken = tmp_path / "no-main.html"
    broken.write_text(page.replace("<main", "<div").replace("</main>", "</div>"), "utf-8")
    found = {v["id"] for v in axe_violations(browser, broken)}
    assert {"landmark-one-main", "region"} <= found


def test_the_page_loads_nothing_and_holds_no_script(pages):
    for page in pages.values():
        # the figures' base64 can spell anything ("dEqUe"), so they are left out
        markup = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", page.read_text("utf-8"))
        text = markup.lower()
        assert "<script" not in text and "axe.min" not in text and "deque" not in text


def test_contents_work_by_keyboard_with_a_visible_focus(browser, pages):
    page = browser.new_page()
    try:
        page.goto(pages["closed period"].resolve().as_uri())
        page.keyboard.press("Tab")
        skip = page.evaluate(
            "() => { const a = document.activeElement; const r = a.getBoundingClientRect();"
            " return {cls: a.className, href: a.getAttribute('href'), top: r.top,"
            " bottom: r.bottom, text: a.textContent}; }"
        )
        assert skip["cls"] == "skip-link" and skip["href"] == "#main"
        assert skip["top"] >= 0 and skip["bottom"] > skip["top"], "skip link shown on focus"
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "main"
        # on through the headline to the first contents link, which shows where focus is
        for _ in range(20):
            page.keyboard.press("Tab")
            inside = page.evaluate("() => !!document.activeElement.closest('nav')")
            if inside:
                break
        assert inside, "the contents links are reachable by Tab"
        focus = page.evaluate(
            "() => { const a = document.activeElement; const s = getComputedStyle(a);"
            " return {href: a.getAttribute('href'), outline: s.outlineStyle,"
            " width: parseFloat(s.outlineWidth), height: a.getBoundingClientRect().height}; }"
        )
        assert focus["outline"] != "none" and focus["width"] >= 2
        assert focus["height"] >= 24
        target = focus["href"].lstrip("#")
        page.keyboard.press("Enter")
        assert page.evaluate("() => location.hash") == f"#{target}"
    finally:
        page.close()


# ---------------------------------------------------------------------- printing


def print_to_pdf(chromium: str, page: Path, pdf: Path) -> Path:
    """``page`` printed by Chromium (the page's own ``@page`` rule sets A4)."""
    command = [
        chromium,
        *CHROMIUM_FLAGS,
        f"--user-data-dir={pdf.parent / (pdf.stem + '-profile')}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        page.resolve().as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0 and pdf.exists(), result.stderr[-2000:]
    return pdf


class Headings(HTMLParser):
    """The text of every heading of a page, and how many images it has."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[str] = []
        self.images = 0
        self._open: list[str] | None = None
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        if tag in HEADING_TAGS:
            self._open = [tag, ""]
        if tag == "img":
            self.images += 1

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            self.headings.append(" ".join(self._open[1].replace("¶", "").split()))
            self._open = None

    def handle_data(self, data):
        if self._open:
            self._open[1] += data


def _norm(text: str) -> str:
    return " ".join(text.replace("\ufffe", "-").replace("\u00ad", "").split())


def print_problems(pdf_path: Path, page: Path) -> list[str]:
    """What is wrong with a printed page: a figure image cut across pages (drawn beyond its
    page, or more image pieces than the page has images), or a heading left at the foot of a
    page (the page's last lines are the start of a heading)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    found = Headings(page.read_text("utf-8"))
    headings = [h for h in (_norm(h) for h in found.headings) if h]
    problems = []
    pieces = 0
    pdf = pdfium.PdfDocument(pdf_path)
    try:
        for number, sheet in enumerate(pdf, start=1):
            width, height = sheet.get_size()
            assert (round(width), round(height)) == A4_POINTS, "printed to A4"
            image_tops = []
            for image in sheet.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=8):
                pieces += 1
                left, bottom, right, top = image.get_bounds()
                image_tops.append(top)
                if bottom < -1 or top > height + 1 or left < -1 or right > width + 1:
                    problems.append(f"page {number}: a figure runs off the page (cut)")
            textpage = sheet.get_textpage()
            text = textpage.get_text_range()
            lines = [_norm(line) for line in text.splitlines() if line.strip()]
            last = max(
                (i for i in range(textpage.count_chars()) if textpage.get_text_range(i, 1).strip()),
                default=None,
            )
            if last is None:
                continue
            last_bottom = textpage.get_charbox(last)[1]
            if any(top <= last_bottom + 1 for top in image_tops):
                continue  # a figure follows the last line of text on this page
            sizes = sorted(
                pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
                for i in range(0, textpage.count_chars(), 7)
            )
            body_size = sizes[len(sizes) // 2] if sizes else 0
            if pdfium_c.FPDFText_GetFontSize(textpage.raw, last) < 1.15 * body_size:
                continue  # the last line is body text (a heading is set larger)
            for k in range(1, min(4, len(lines)) + 1):
                tail = " ".join(lines[-k:])
                hit = next((h for h in headings if h.startswith(tail)), None)
                if hit and number < len(pdf):
                    problems.append(f"page {number} ends with the heading {hit!r}")
                    break
    finally:
        pdf.close()
    if pieces != found.images:
        problems.append(f"{found.images} figure(s) printed as {pieces} image piece(s)")
    return problems


@pytest.mark.parametrize("which", ["all dates", "closed period"])
def test_printed_to_a4_no_figure_is_cut_and_no_heading_ends_a_page(
    chromium, pages, tmp_path, which
):
    page = pages[which]
    pdf = print_to_pdf(chromium, page, tmp_path / "briefing.pdf")
    assert Headings(page.read_text("utf-8")).images >= 3
    assert print_problems(pdf, page) == []


def _tall_figure_page(folder: Path, css: str) -> Path:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (400, 3000), "steelblue").save(buffer, "PNG")
    uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    page = folder / "tall.html"
    page.write_text(
        f"<!DOCTYPE html><html lang='en'><head><title>t</title><style>{css}</style></head>"
        f"<body><main><h2>A tall figure</h2><p>Before.</p><img alt='tall' src='{uri}'>"
        "<p>After.</p></main></body></html>",
        "utf-8",
    )
    return page


def test_the_print_check_catches_a_cut_figure_and_a_stranded_heading(chromium, pages, tmp_path):
    plain = _tall_figure_page(tmp_path, "@page { size: A4; }")
    problems = print_problems(print_to_pdf(chromium, plain, tmp_path / "plain.pdf"), plain)
    assert any("runs off the page" in p for p in problems), problems

    styled = tmp_path / "styled"
    styled.mkdir()
    css = files("sqs_analysis.briefing").joinpath("templates", "briefing.css").read_text("utf-8")
    page = _tall_figure_page(styled, css)
    assert print_problems(print_to_pdf(chromium, page, styled / "styled.pdf"), page) == []

    # the briefing without its print rules leaves headings at the foot of pages
    markup = pages["closed period"].read_text("utf-8")
    start, end = markup.index("/* Printed (A4)"), markup.index("</style>")
    bare = tmp_path / "bare.html"
    bare.write_text(markup[:start] + "@page { size: A4; }\n" + markup[end:], "utf-8")
    problems = print_problems(print_to_pdf(chromium, bare, tmp_path / "bare.pdf"), bare)
    assert any("ends with the heading" in p for p in problems), problems
