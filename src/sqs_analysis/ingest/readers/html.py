"""HTML pages reduced to their visible text with the standard library's parser: scripts and
styles dropped, tags never interpreted, block elements as line breaks, cells as tabs."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "footer", "blockquote", "hr", "dt", "dd", "title",
}  # fmt: skip
_WHITE_SPACE = re.compile(r"[ \t\r\n\f]+")
_SKIP_TAGS = {"script", "style", "head", "noscript", "template", "svg", "iframe", "object"}


class _TextExtractor(HTMLParser):
    """Collects visible text; block elements become line breaks, cells become tabs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._lists: list[str] = []  # the lists the text is inside, innermost last
        self._spans: list[bool] = []  # for each open span, whether it is set as a block
        self._pre = 0  # inside <pre>: white space kept as written

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "pre":
            self._pre += 1
            self.parts.append("\n")
        elif tag == "li" and self._lists[-1:] == ["ul"]:
            # a bullet of its own, as the page shows it: an item ends where the next begins
            self.parts.append("\n- ")
        elif tag in _BLOCK_TAGS:
            self._lists += [tag] if tag in ("ul", "ol") else []
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")
        elif tag == "sup":
            self.parts.append("<sup>")
        elif tag == "span":
            # a list label set apart as a block or a float ("1.1." beside its paragraph, as
            # LibreOffice writes Word's list numbers): a gap after it, as the page shows
            style = (dict(attrs).get("style") or "").replace(" ", "").lower()
            self._spans.append("display:block" in style or "float:left" in style)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag == "pre":
            self._pre = max(0, self._pre - 1)
            self.parts.append("\n")
        elif tag in ("ul", "ol") and tag in self._lists:
            del self._lists[len(self._lists) - 1 - self._lists[::-1].index(tag) :]
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag == "sup":
            self.parts.append("</sup>")
        elif tag == "span" and self._spans and self._spans.pop():
            self.parts.append("\t")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            # a line break in the markup is a space on the page ("<b>Copy\nto:</b>"), except
            # in preformatted text
            self.parts.append(data if self._pre else _WHITE_SPACE.sub(" ", data))


def html_text(markup: str) -> str:
    """Visible text of an HTML page; footnote ``<sup>`` markers are kept for normalisation."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text)
