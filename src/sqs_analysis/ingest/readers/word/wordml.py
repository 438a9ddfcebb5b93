"""WordprocessingML read as Word shows it with every tracked change accepted.

:mod:`sqs_analysis.ingest.readers.word` opens the package and its parts; this module walks
one story (the body, a footnote, a footer) block by block and run by run, and decides what is text:

* **Tracked changes**: insertions (``w:ins``) and text moved here (``w:moveTo``) are read;
  deletions (``w:del``, ``w:delText``) and text moved away (``w:moveFrom``) are not. A
  paragraph whose mark is deleted or moved away runs on into the next paragraph, as it does
  once the change is accepted, and is not numbered; a deleted table row or cell is left out.
* **Fields**: a simple field (``w:fldSimple``) shows its result. A complex field
  (``w:fldChar`` begin / separate / end) shows only what stands between ``separate`` and
  ``end``: the instruction (``w:instrText``) is not text, and neither is the result of a field
  nested inside an instruction.
* **Wrappers** (content controls at block, row, cell and run level, ``w:customXml``,
  ``w:smartTag``, ``w:hyperlink``, bidirectional runs) are looked into; their properties are not.
* **Text boxes** (``wps:txbx`` in a drawing, ``v:textbox`` in VML) are read once: of the copies
  Word keeps in ``mc:AlternateContent`` only the Choice (the Fallback when there is no Choice).
  Their paragraphs are lines of their own, placed after the paragraph they are anchored in.
* **Characters**: a tab is a tab, a line or carriage break a space, a non-breaking hyphen a
  hyphen, a soft hyphen nothing, a symbol its character (Symbol-font bullets "•"), hidden
  text nothing, and superscript digits (set directly or by a character style) superscripts.
* Comments (``w:commentReference`` and the comments part), drawings and objects are not text.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

_NOT_TEXT = {
    f"{W}del", f"{W}delText", f"{W}moveFrom", f"{W}instrText", f"{W}delInstrText", f"{W}rPr",
    f"{W}pPr", f"{W}object", f"{MC}Fallback", f"{W}footnoteRef", f"{W}endnoteRef",
    f"{W}commentReference", f"{W}annotationRef", f"{W}sectPr", f"{W}tblPr", f"{W}trPr",
    f"{W}tcPr", f"{W}sdtPr", f"{W}sdtEndPr", f"{W}smartTagPr", f"{W}customXmlPr", f"{W}fldData",
    f"{W}softHyphen",
}  # fmt: skip
_REMOVED = (f"{W}del", f"{W}moveFrom")
_WRAPPERS = (f"{W}sdt", f"{W}customXml", f"{W}smartTag", f"{W}ins", f"{W}moveTo")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_TEXT_BOX = f"{W}txbxContent"


def val(element, tag: str, default: str | None = None) -> str | None:
    """The ``w:val`` of ``element``'s child ``tag``, or ``default``."""
    child = element.find(f"{W}{tag}") if element is not None else None
    return child.get(f"{W}val", default) if child is not None else default


def mark_removed(p) -> bool:
    """The paragraph's mark is a tracked deletion or was moved away: accepted, the paragraph
    runs on into the next one."""
    mark = p.find(f"{W}pPr/{W}rPr")
    return mark is not None and any(mark.find(tag) is not None for tag in _REMOVED)


def _choice(alternate):
    """The one copy of an ``mc:AlternateContent`` to read."""
    choice = alternate.find(f"{MC}Choice")
    return choice if choice is not None else alternate.find(f"{MC}Fallback")


def _text_boxes(element) -> list:
    """The outermost text boxes inside a drawing or VML picture, in document order."""
    boxes = []
    for box in element.iter(_TEXT_BOX):
        parent = box.getparent()
        while parent is not None and parent is not element and parent.tag != _TEXT_BOX:
            parent = parent.getparent()
        if parent is element or parent is None:
            boxes.append(box)
    return boxes


class Story:
    """Reads one story of a Word document (see the module's rules) into lines.

    ``label`` gives the list number Word prints before a paragraph (or ``None``);
    ``note_number`` the number of a footnote or endnote reference; ``superscript_styles`` the
    character styles that raise text; ``field_results`` whether field results count (a
    footer's page number is a field result, a note typed into it is not).
    """

    def __init__(
        self,
        label: Callable[[object], str | None],
        note_number: Callable[[str, str], int],
        superscript_styles: frozenset[str] = frozenset(),
        field_results: bool = True,
    ) -> None:
        self.label = label
        self.note_number = note_number
        self.superscript_styles = superscript_styles
        self.field_results = field_results
        self.fields: list[str] = []  # open complex fields: "code" or "result"
        self.floating: list[str] = []  # lines of text boxes anchored in the current paragraph

    # ---------------------------------------------------------------------------- blocks

    def blocks(self, parent, lines: list[str]) -> None:
        """Append the lines of ``parent``'s block-level content to ``lines``."""
        carried = ""  # text of paragraphs whose mark was deleted, waiting for the next one
        for child in parent:
            tag = child.tag
            if tag == f"{W}p":
                if mark_removed(child):
                    carried += self.text(child)
                    lines.extend(self._take_floating())
                    continue
                text = self.paragraph(child, carried)
                carried = ""
                if text.strip():
                    lines.append(text)
                lines.extend(self._take_floating())
                continue
            if carried.strip():
                lines.append(carried.strip())
            carried = ""
            if tag == f"{W}tbl":
                self._table(child, lines)
            elif tag in _WRAPPERS:
                content = child.find(f"{W}sdtContent")
                self.blocks(content if content is not None else child, lines)
            elif tag == f"{MC}AlternateContent":
                chosen = _choice(child)
                if chosen is not None:
                    self.blocks(chosen, lines)
        if carried.strip():
            lines.append(carried.strip())

    def _take_floating(self) -> list[str]:
        taken, self.floating = self.floating, []
        return taken

    def _table(self, table, lines: list[str]) -> None:
        for row in table.iter(f"{W}tr"):
            if _nearest_table(row) is not table or _removed_row(row):
                continue  # a nested table's row is read with its cell; a deleted row not at all
            text = "\t".join(c for tc in _cells_of(row) if (c := self._cell(tc)))
            if text.strip():
                lines.append(text)

    def _cell(self, tc) -> str:
        ppr = tc.find(f"{W}tcPr")
        merge = ppr.find(f"{W}vMerge") if ppr is not None else None
        if merge is not None and merge.get(f"{W}val") != "restart":
            return ""  # the lower part of a vertically merged cell: its text is above
        if ppr is not None and ppr.find(f"{W}cellDel") is not None:
            return ""
        parts: list[str] = []
        self.blocks(tc, parts)
        return " ".join(" ".join(p.split()) for p in parts)

    # ------------------------------------------------------------------------ paragraphs

    def paragraph(self, p, before: str = "") -> str:
        """One paragraph's line: its list number, then ``before`` (paragraphs run on into
        this one), then its text."""
        label = self.label(p)
        text = (before + self.text(p)).strip()
        return label + text if label and text else text

    def text(self, p) -> str:
        """The text of one paragraph (its text boxes go to :attr:`floating`)."""
        out: list[str] = []
        self._runs(p, out, superscript=False)
        self.fields = [state for state in self.fields if state == "result"]
        text = "".join(out)
        return _PRIVATE_USE.sub("•", text) if _PRIVATE_USE.search(text) else text

    def _shown(self) -> bool:
        if "code" in self.fields:
            return False
        return self.field_results or not self.fields

    def _raised(self, rpr) -> bool:
        if rpr is None:
            return False
        align = val(rpr, "vertAlign")
        if align is not None:
            return align == "superscript"
        return val(rpr, "rStyle") in self.superscript_styles

    def _runs(self, element, out: list[str], superscript: bool) -> None:
        for child in element:
            tag = child.tag
            if tag in _NOT_TEXT or not isinstance(tag, str):
                continue
            if tag == f"{W}r":
                rpr = child.find(f"{W}rPr")
                if _on(rpr, "vanish"):
                    continue
                self._runs(child, out, self._raised(rpr))
            elif tag == f"{W}t":
                if self._shown():
                    text = child.text or ""
                    out.append(text.translate(SUPERSCRIPT) if superscript else text)
            elif tag == f"{W}fldChar":
                self._field_char(child.get(f"{W}fldCharType"))
            elif tag == f"{W}fldSimple":
                if self.field_results:
                    self._runs(child, out, superscript)
            elif tag in (f"{W}drawing", f"{W}pict"):
                self.floating.extend(self._boxes(child))
            elif tag == f"{MC}AlternateContent":
                chosen = _choice(child)
                if chosen is not None:
                    self._runs(chosen, out, superscript)
            elif not self._shown():
                continue
            elif tag in (f"{W}tab", f"{W}ptab"):
                out.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                out.append(" ")
            elif tag == f"{W}noBreakHyphen":
                out.append("-")
            elif tag == f"{W}sym":
                with contextlib.suppress(ValueError):
                    out.append(chr(int(child.get(f"{W}char", ""), 16)))
            elif tag in (f"{W}footnoteReference", f"{W}endnoteReference"):
                kind = "footnote" if tag == f"{W}footnoteReference" else "endnote"
                number = self.note_number(kind, child.get(f"{W}id", ""))
                out.append(str(number).translate(SUPERSCRIPT))
            else:  # hyperlinks, smart tags, content controls, insertions, moves: their runs
                self._runs(child, out, superscript)

    def _boxes(self, drawing) -> list[str]:
        """The lines of the text boxes in a drawing, read as a story of their own."""
        saved = self.fields, self.floating
        lines: list[str] = []
        for box in _text_boxes(drawing):
            self.fields, self.floating = [], []
            self.blocks(box, lines)
        self.fields, self.floating = saved
        return lines

    def _field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append("code")
        elif kind == "separate" and self.fields:
            self.fields[-1] = "result"
        elif kind == "end" and self.fields:
            self.fields.pop()


def _on(rpr, tag: str) -> bool:
    """A toggle property (``w:vanish``) is set and not switched off."""
    flag = rpr.find(f"{W}{tag}") if rpr is not None else None
    return flag is not None and flag.get(f"{W}val", "true") not in ("0", "false", "off")


def _removed_row(row) -> bool:
    trpr = row.find(f"{W}trPr")
    return trpr is not None and trpr.find(f"{W}del") is not None


def _cells_of(row) -> list:
    """A row's cells in order, including cells wrapped in content controls."""
    cells = []
    for child in row:
        if child.tag == f"{W}tc":
            cells.append(child)
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            cells.extend(tc for tc in child.iter(f"{W}tc") if _nearest_row(tc) is row)
    return cells


def _nearest_row(element):
    parent = element.getparent()
    while parent is not None and parent.tag != f"{W}tr":
        parent = parent.getparent()
    return parent


def _nearest_table(element):
    parent = element.getparent()
    while parent is not None and parent.tag != f"{W}tbl":
        parent = parent.getparent()
    return parent
