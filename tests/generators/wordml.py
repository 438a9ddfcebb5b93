"""The bundled reports as Microsoft Word writes them: tracked changes, fields, text boxes and more.

``published.py`` lays each seed report (``data/raw``) out as a Word letter with python-docx; here
that document's WordprocessingML is edited with lxml into the structures Word itself writes,
while what Word shows (every tracked change accepted) stays the seed's text, so the expected
result of each fixture is its seed's answer key. The structures (see ``STRUCTURES``):

runs split mid-word with revision ids and proofing marks; insertions, deletions (of text, of a
whole numbered paragraph, of a paragraph mark joining two paragraphs, of a table row) and
formatting changes; text moved (``w:moveFrom`` / ``w:moveTo``); content controls at block, row,
cell and run level; simple, complex and nested fields; hyperlinks; smart tags and custom XML;
comments; text boxes with their VML fallback; paragraph numbering by list styles; Word-style
footnotes; a letterhead in the first-page header and the rate note typed into the first-page
footer; non-breaking and soft hyphens, Symbol bullets, line and carriage breaks.

Where a structure could hide an error, the generator makes it able to: the text moved away,
deleted or commented on is a judgement sentence of another paragraph, a field's code would break
the number it shows, a text box read twice would repeat a list. Run ``make fixtures`` (no office
suite needed); files are byte-for-byte reproducible.
"""

from __future__ import annotations

import copy
import random
import re
from dataclasses import dataclass

from generators.published import (
    KNOWSLEY,
    ROOT,
    SOUTHEND,
    W_NS,
    Layout,
    Letter,
)

OUT = ROOT / "tests" / "fixtures" / "word"
W = f"{{{W_NS}}}"
NS = {
    "w": W_NS,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w10": "urn:schemas-microsoft-com:office:word",
}
DECLS = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items())
AUTHOR = 'w:author="Inspector" w:date="2016-05-20T09:00:00Z"'
STRUCTURES = {
    "split-runs": "runs split mid-word (revision ids, w:proofErr, bookmarks, rendered page breaks)",
    "revisions": "w:ins, w:del of a judgement sentence, a deleted numbered paragraph, a paragraph "
    "mark deleted (two paragraphs joined), a deleted table row, w:pPrChange / w:rPrChange",
    "moves": "a judgement sentence and a numbered paragraph moved (w:moveFrom / w:moveTo)",
    "comments": "comment ranges and references, comments part holding judgement sentences",
    "controls": "content controls: block (header table, title, a paragraph), row, cell, run "
    "(date picker on the publication date)",
    "fields": "w:fldSimple (area); complex fields: formula for the cases, nested field for the "
    "rate, index entries without result, HYPERLINK field",
    "hyperlinks": "w:hyperlink (external, mailto and anchor)",
    "smart-tags": "w:smartTag on a date, run- and block-level w:customXml",
    "textbox-date": "the publication date only in a text box (wps:txbx + VML v:textbox fallback)",
    "textbox-strengths": "the key strengths heading and bullets in a text box with VML fallback",
    "style-numbering": "numbers and bullets from paragraph styles carrying w:numPr",
    "footnote-style": "footnote reference by character style, continuation notice",
    "first-page-header": "w:titlePg, letterhead moved into the first-page header",
    "footer-note-raised": "rate note in the first-page footer, superscript marker; body marker "
    "a superscript run",
    "footer-note-plain": "rate note in the first-page footer, plain number and tab; body marker "
    "raised by a character style",
    "characters": "w:noBreakHyphen, w:softHyphen, w:sym Symbol bullets, w:br, w:cr, page break",
}


@dataclass(frozen=True)
class Fixture:
    name: str
    layout: Layout
    structures: tuple[str, ...]
    held_out: bool = False  # kept out of the reader's tuning; checked last


def _layout(name: str, seed: str, columns: int, copy_list: str, numbering: str) -> Layout:
    return Layout(name, seed, False, columns, copy_list, "page-x-of-y", numbering)


FIXTURES: tuple[Fixture, ...] = (
    Fixture("southend-tracked-changes", _layout("a", SOUTHEND, 2, "table", "word-list"),
            ("split-runs", "revisions", "moves", "comments", "footnote-style", "characters")),
    Fixture("southend-textbox-footer-note", _layout("b", SOUTHEND, 2, "tabs", "typed"),
            ("textbox-date", "footer-note-raised", "first-page-header", "controls", "fields")),
    Fixture("knowsley-controls-fields", _layout("c", KNOWSLEY, 4, "table", "word-list"),
            ("controls", "fields", "hyperlinks", "smart-tags", "style-numbering", "split-runs",
             "footnote-style")),
    Fixture("knowsley-textbox-tracked", _layout("d", KNOWSLEY, 2, "tabs", "typed"),
            ("textbox-date", "textbox-strengths", "moves", "revisions", "characters",
             "footer-note-plain", "first-page-header", "comments")),
    Fixture("southend-everything", _layout("e", SOUTHEND, 4, "table", "word-list"),
            ("first-page-header", "footer-note-plain", "textbox-strengths", "style-numbering",
             "moves", "revisions", "comments", "controls", "fields", "hyperlinks", "smart-tags",
             "split-runs", "characters"), held_out=True),
    Fixture("knowsley-everything", _layout("f", KNOWSLEY, 2, "table", "word-list"),
            ("first-page-header", "footer-note-raised", "textbox-date", "textbox-strengths",
             "moves", "revisions", "comments", "controls", "fields", "hyperlinks", "smart-tags",
             "split-runs", "characters"), held_out=True),
)  # fmt: skip


# ------------------------------------------------------------------------------ XML helpers


def xml(fragment: str):
    """One element from WordprocessingML text (the usual prefixes declared)."""
    from docx.oxml import parse_xml

    return parse_xml(re.sub(r"^<([\w:]+)", lambda m: f"<{m[1]} {DECLS}", fragment, count=1))


def ptext(p) -> str:
    """What a freshly built paragraph says (text and tabs of its runs)."""
    return "".join(
        (el.text or "") if el.tag == f"{W}t" else "\t"
        for el in p.iter(f"{W}t", f"{W}tab")
        if el.getparent().tag == f"{W}r" and not removed(el)
    )


def removed(el) -> bool:
    """Inside a tracked deletion or move away."""
    return any(a.tag in (f"{W}del", f"{W}moveFrom") for a in el.iterancestors())


def explode(p) -> None:
    """Give every run of ``p`` a single content element (its formatting copied)."""
    for r in list(p.iter(f"{W}r")):
        rpr = r.find(f"{W}rPr")
        content = [c for c in r if c.tag != f"{W}rPr"]
        if len(content) <= 1:
            continue
        for c in content:
            new = copy.deepcopy(r)
            for old in [x for x in new if x.tag != f"{W}rPr"]:
                new.remove(old)
            new.append(c)
            r.addprevious(new)
        r.getparent().remove(r)
        del rpr


def _cut(r, k: int):
    """Split text run ``r`` after ``k`` characters; return the second half."""
    t = r.find(f"{W}t")
    second = copy.deepcopy(r)
    text = t.text or ""
    t.text, second.find(f"{W}t").text = text[:k], text[k:]
    for half in (t, second.find(f"{W}t")):
        half.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.addnext(second)
    return second


def span(p, start: int, end: int) -> list:
    """The runs of ``p`` covering characters ``start`` to ``end`` of :func:`ptext`, split so
    that they cover exactly that span."""
    explode(p)
    pos, inside = 0, []
    for r in list(p.iter(f"{W}r")):
        if removed(r):
            continue
        t = r.find(f"{W}t")
        size = len(t.text or "") if t is not None else (1 if r.find(f"{W}tab") is not None else 0)
        if t is not None and pos < start < pos + size:
            r = _cut(r, start - pos)
            pos, size = start, size - (start - pos)
        if t is not None and pos < end < pos + size:
            _cut(r, end - pos)
            size = end - pos
        if start <= pos and pos + size <= end and size:
            inside.append(r)
        pos += size
    return inside


def wrap(runs: list, outer):
    """Put sibling ``runs`` inside ``outer`` (an element), where the first one stood."""
    runs[0].addprevious(outer)
    for r in runs:
        outer.append(r)
    return outer


def run(text: str, rpr: str = "", tag: str = "t") -> str:
    return f'<w:r>{rpr and f"<w:rPr>{rpr}</w:rPr>"}<w:{tag} xml:space="preserve">{_esc(text)}</w:{tag}></w:r>'


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sentences(text: str) -> list[str]:
    """A paragraph's sentences, each with the space after it."""
    return [s for s in re.split(r"(?:(?<=[.!?])|(?<=[.!?][\"”]))(?= +[A-Z\"“])", text) if s]


# ------------------------------------------------------------------------------ the document


class Editor:
    """Edits one python-docx document into Word's structures (one method per structure)."""

    def __init__(self, document, letter: Letter, gold: dict, name: str) -> None:
        self.doc, self.letter, self.gold = document, letter, gold
        self.body = document.element.body
        self.rng = random.Random(name)
        self.ids = 100
        self.used: set = set()
        self.numbered = {
            b.number[:-1]: next(p for p in self.body.iter(f"{W}p") if ptext(p).endswith(b.text))
            for b in letter.blocks
            if b.kind == "numbered"
        }

    def next_id(self) -> int:
        self.ids += 1
        return self.ids

    # -- finding things

    def paragraph(self, number: str):
        """The body paragraph numbered ``number`` (e.g. "2.3")."""
        return self.numbered[number]

    def judged(self, exclude: set[str] = frozenset()) -> list[tuple[str, str]]:
        """(paragraph number, sentence) of core judgements, paragraphs not used yet."""
        found = []
        for g in self.gold["judgements"]:
            if not g["core"] or g["paragraph"] in exclude or g["paragraph"] in self.used:
                continue
            text = ptext(self.paragraph(g["paragraph"]))
            hit = [
                re.sub(r"^\d\.\d{1,2}\.\t", "", s)
                for s in sentences(text)
                if g["evidence"].split(" ... ")[0] in s
            ]
            if hit and len(sentences(text)) > 1:
                found.append((g["paragraph"], hit[0]))
        return found

    def pick(self, exclude: set[str] = frozenset()) -> tuple[str, str]:
        """A core judgement's paragraph not edited yet, and its sentence; now taken."""
        number, sentence = self.rng.choice(self.judged(exclude))
        self.used.add(number)
        return number, sentence

    def quote(self, exclude: set[str]) -> str:
        """A core judgement's sentence from any paragraph but ``exclude``: text to hide."""
        saved, self.used = self.used, set()
        try:
            return self.rng.choice(self.judged(exclude))[1]
        finally:
            self.used = saved

    def any_paragraph(self):
        """A numbered paragraph not edited yet; now taken."""
        free = [b.number[:-1] for b in self.letter.blocks
                if b.kind == "numbered" and b.number[:-1] not in self.used]  # fmt: skip
        number = self.rng.choice(free)
        self.used.add(number)
        return number, self.paragraph(number)

    def sentence_runs(self, number: str, sentence: str) -> list:
        p = self.paragraph(number)
        start = ptext(p).index(sentence)
        return span(p, start, start + len(sentence))

    def rev(self, tag: str, inner: str = "") -> object:
        return xml(f'<w:{tag} w:id="{self.next_id()}" {AUTHOR}>{inner}</w:{tag}>')

    # -- tracked changes

    def revisions(self) -> None:
        number, sentence = self.pick()
        wrap(self.sentence_runs(number, sentence), self.rev("ins"))
        number, target = self.any_paragraph()
        target.append(self.rev("del", run(" " + self.quote({number}).strip(), tag="delText")))
        # a numbered paragraph deleted whole: its text and its mark
        source = self.paragraph(self.rng.choice(self.judged())[0])
        gone = copy.deepcopy(source)
        for r in list(gone.iter(f"{W}r")):
            r.getparent().remove(r)
        rpr = gone.find(f"{W}pPr").find(f"{W}rPr")
        if rpr is None:
            rpr = xml("<w:rPr/>")
            gone.find(f"{W}pPr").append(rpr)
        rpr.append(self.rev("del"))
        gone.append(self.rev("del", run(ptext(source), tag="delText")))
        target.addnext(gone)
        self._join()
        self._deleted_row()
        ppr = self.any_paragraph()[1].find(f"{W}pPr")
        ppr.append(self.rev("pPrChange", "<w:pPr><w:jc w:val='left'/></w:pPr>"))
        first = self.sentence_runs(*self.pick())[0]
        if first.find(f"{W}rPr") is None:
            first.insert(0, xml("<w:rPr/>"))
        first.find(f"{W}rPr").append(self.rev("rPrChange", "<w:rPr><w:b/></w:rPr>"))

    def _join(self) -> None:
        """One paragraph stored as two, the first one's mark deleted (joined, tracked)."""
        _, p = self.any_paragraph()
        parts = sentences(ptext(p))
        cut = len("".join(parts[: len(parts) // 2]))
        second = copy.deepcopy(p)
        p.addnext(second)
        for r in span(p, cut, len(ptext(p))):
            r.getparent().remove(r)
        for r in span(second, 0, cut):
            r.getparent().remove(r)
        rpr = p.find(f"{W}pPr").find(f"{W}rPr")
        if rpr is None:
            rpr = xml("<w:rPr/>")
            p.find(f"{W}pPr").append(rpr)
        rpr.append(self.rev("del"))

    def _deleted_row(self) -> None:
        table = list(self.body.iter(f"{W}tbl"))[-1]
        row = copy.deepcopy(table.findall(f"{W}tr")[-1])
        for t in row.iter(f"{W}t"):
            t.tag = f"{W}delText"
        for r in list(row.iter(f"{W}r")):
            wrap([r], self.rev("del"))
        trpr = row.find(f"{W}trPr")
        if trpr is None:
            trpr = xml("<w:trPr/>")
            row.insert(0, trpr)
        trpr.append(self.rev("del"))
        table.findall(f"{W}tr")[0].addnext(row)

    def moves(self) -> None:
        number, sentence = self.pick()
        name = f"move{self.next_id()}"
        runs = self.sentence_runs(number, sentence)
        runs[0].addprevious(
            xml(f'<w:moveToRangeStart w:id="{self.next_id()}" w:name="{name}" {AUTHOR}/>')
        )
        wrap(runs, self.rev("moveTo"))
        end = self.next_id()
        runs[-1].getparent().addnext(xml(f'<w:moveToRangeEnd w:id="{end}"/>'))
        _, target = self.any_paragraph()
        target.append(
            xml(f'<w:moveFromRangeStart w:id="{self.next_id()}" w:name="{name}" {AUTHOR}/>')
        )
        target.append(self.rev("moveFrom", run(" " + sentence.strip())))
        target.append(xml(f'<w:moveFromRangeEnd w:id="{self.next_id()}"/>'))
        # a whole numbered paragraph moved down by one
        _, p = self.any_paragraph()
        before = p.getprevious()
        old = copy.deepcopy(p)
        for r in list(old.iter(f"{W}r")):
            wrap([r], self.rev("moveFrom"))
        old.find(f"{W}pPr").append(xml("<w:rPr/>"))
        old.find(f"{W}pPr").find(f"{W}rPr").append(self.rev("moveFrom"))
        before.addprevious(old)
        for r in list(p.iter(f"{W}r")):
            wrap([r], self.rev("moveTo"))

    def comments(self) -> None:
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        notes = []
        for _ in range(2):
            number, sentence = self.pick()
            said = self.quote({number})
            cid = self.next_id()
            runs = self.sentence_runs(number, sentence)
            runs[0].addprevious(xml(f'<w:commentRangeStart w:id="{cid}"/>'))
            runs[-1].addnext(xml(f'<w:commentRangeEnd w:id="{cid}"/>'))
            ref = '<w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
            runs[-1].getnext().addnext(xml(f'<w:r>{ref}<w:commentReference w:id="{cid}"/></w:r>'))
            notes.append(
                f'<w:comment w:id="{cid}" {AUTHOR} w:initials="I"><w:p><w:r>{ref}'
                f"<w:annotationRef/></w:r>{run('Compare: ' + said)}</w:p></w:comment>"
            )
        blob = f'<w:comments xmlns:w="{W_NS}">{"".join(notes)}</w:comments>'.encode()
        ct = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
        part = Part(PackURI("/word/comments.xml"), ct, blob, self.doc.part.package)
        self.doc.part.relate_to(part, f"{NS['r']}/comments")

    # -- wrappers

    def _header_cell(self, label_index: int):
        """The value cell of header line ``label_index`` (0 To, 1 Copy to, 2 From, 3 date)."""
        label, _ = self.letter.header[label_index]
        cells = list(next(self.body.iter(f"{W}tbl")).iter(f"{W}tc"))
        at = next(i for i, c in enumerate(cells) if ptext(c) == label)
        return cells[at + 1]

    def controls(self) -> None:
        table = self.body.findall(f"{W}tbl")[0]
        sdt = xml('<w:sdt><w:sdtPr><w:alias w:val="Letter head"/><w:tag w:val="head"/>'
                  f'<w:id w:val="{self.next_id()}"/></w:sdtPr><w:sdtEndPr/><w:sdtContent/></w:sdt>')  # fmt: skip
        table.addprevious(sdt)
        sdt.find(f"{W}sdtContent").append(table)
        title = next(p for p in self.body.iter(f"{W}p") if ptext(p) == self.letter.title)
        block = xml(f'<w:sdt><w:sdtPr><w:alias w:val="Title"/><w:id w:val="{self.next_id()}"/>'
                    '<w:text/></w:sdtPr><w:sdtContent/></w:sdt>')  # fmt: skip
        title.addprevious(block)
        block.find(f"{W}sdtContent").append(title)
        _, p = self.any_paragraph()
        block = xml(f'<w:sdt><w:sdtPr><w:id w:val="{self.next_id()}"/><w:richText/></w:sdtPr>'
                    "<w:sdtContent/></w:sdt>")  # fmt: skip
        p.addprevious(block)
        block.find(f"{W}sdtContent").append(p)
        cell = self._header_cell(3) if self._has_date_cell() else self._header_cell(0)
        p = cell.find(f"{W}p")
        iso = self.gold["report"]["publication_date"]
        picker = xml(f'<w:sdt><w:sdtPr><w:alias w:val="Date"/><w:id w:val="{self.next_id()}"/>'
                     f'<w:date w:fullDate="{iso}T00:00:00Z"><w:dateFormat w:val="d MMMM yyyy"/>'
                     '<w:lid w:val="en-GB"/><w:storeMappedDataAs w:val="dateTime"/>'
                     '<w:calendar w:val="gregorian"/></w:date></w:sdtPr><w:sdtContent/></w:sdt>')  # fmt: skip
        runs = span(p, 0, len(ptext(p)))
        wrap(runs, picker.find(f"{W}sdtContent"))
        p.append(picker)
        self._cell_and_row_controls()

    def _has_date_cell(self) -> bool:
        return any(ptext(c) == self.letter.header[3][0] for c in self.body.iter(f"{W}tc"))

    def _cell_and_row_controls(self) -> None:
        table = self.body.findall(f".//{W}tbl")[-1]
        rows = table.findall(f"{W}tr")
        cell = rows[0].findall(f"{W}tc")[-1]
        sdt = xml(
            f'<w:sdt><w:sdtPr><w:id w:val="{self.next_id()}"/></w:sdtPr><w:sdtContent/></w:sdt>'
        )
        cell.addprevious(sdt)
        sdt.find(f"{W}sdtContent").append(cell)
        row = rows[-1]
        sdt = xml(f'<w:sdt><w:sdtPr><w:id w:val="{self.next_id()}"/><w15:repeatingSectionItem '
                  'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"/></w:sdtPr>'
                  "<w:sdtContent/></w:sdt>")  # fmt: skip
        row.addprevious(sdt)
        sdt.find(f"{W}sdtContent").append(row)

    def fields(self) -> None:
        area = self.letter.area
        title = next(p for p in self.body.iter(f"{W}p") if ptext(p) == self.letter.title)
        start = ptext(title).rindex(area)
        wrap(span(title, start, start + len(area)),
             xml('<w:fldSimple w:instr=" DOCPROPERTY  Area  \\* MERGEFORMAT "/>'))  # fmt: skip
        report = self.gold["report"]
        cases = str(report["cases_examined"])
        half = report["cases_examined"] // 2
        self._field(
            f"{cases} cases", cases, [f" = {half}", f" + {report['cases_examined'] - half} "]
        )
        rate = f"{report['reoffending_rate']:.1f}"
        self._field(f"{rate}%", rate, [" = "], nested=(" DOCPROPERTY Rate ", rate),
                    tail=' \\# "0.0" ')  # fmt: skip
        for p in self.body.iter(f"{W}p"):
            if ptext(p) in {b.text for b in self.letter.blocks if b.kind == "domain"}:
                p.append(xml("<w:r><w:fldChar w:fldCharType='begin'/></w:r>"))
                p.append(xml(run(f' XE "{ptext(p)}" ', tag="instrText")))
                p.append(xml("<w:r><w:fldChar w:fldCharType='end'/></w:r>"))
        self._links(as_field=True)

    def _field(self, context: str, shown: str, code: list[str], nested=None, tail="") -> None:
        p = next(p for p in self.body.iter(f"{W}p") if context in ptext(p))
        start = ptext(p).index(context)
        runs = span(p, start, start + len(shown))
        parts = ["<w:r><w:fldChar w:fldCharType='begin'/></w:r>"]
        parts += [run(c, tag="instrText") for c in code]
        if nested:
            parts += ["<w:r><w:fldChar w:fldCharType='begin'/></w:r>", run(nested[0], tag="instrText"),
                      "<w:r><w:fldChar w:fldCharType='separate'/></w:r>", run(nested[1]),
                      "<w:r><w:fldChar w:fldCharType='end'/></w:r>"]  # fmt: skip
        if tail:
            parts.append(run(tail, tag="instrText"))
        parts.append("<w:r><w:fldChar w:fldCharType='separate'/></w:r>")
        for part in parts:
            runs[0].addprevious(xml(part))
        runs[-1].addnext(xml("<w:r><w:fldChar w:fldCharType='end'/></w:r>"))

    def hyperlinks(self) -> None:
        self._links(as_field=False)
        value = self._header_cell(1).find(f"{W}p")
        wrap(
            span(value, 0, len(ptext(value))),
            xml('<w:hyperlink w:anchor="_CopyList" w:history="1"/>'),
        )

    def _links(self, as_field: bool) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        for p in list(self.body.iter(f"{W}p")):
            for m in re.finditer(r"(?:https?://|\b[\w.]+@)[\w./-]+\w", ptext(p)):
                target = m[0] if "://" in m[0] else f"mailto:{m[0]}"
                runs = span(p, m.start(), m.end())
                if not runs or runs[0].getparent().tag != f"{W}p":
                    continue
                if as_field:
                    runs[0].addprevious(xml("<w:r><w:fldChar w:fldCharType='begin'/></w:r>"))
                    runs[0].addprevious(xml(run(f' HYPERLINK "{target}" ', tag="instrText")))
                    runs[0].addprevious(xml("<w:r><w:fldChar w:fldCharType='separate'/></w:r>"))
                    runs[-1].addnext(xml("<w:r><w:fldChar w:fldCharType='end'/></w:r>"))
                    return
                rid = self.doc.part.relate_to(target, RT.HYPERLINK, is_external=True)
                wrap(runs, xml(f'<w:hyperlink r:id="{rid}" w:history="1"/>'))

    def smart_tags(self) -> None:
        for p in self.body.iter(f"{W}p"):
            m = re.search(r"\b\d{1,2} [A-Z][a-z]+ (\d{4})\b", ptext(p))
            if m and p.getparent().tag == f"{W}body":
                tag = xml('<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" '
                          'w:element="date"><w:smartTagPr><w:attr w:name="Year" '
                          f'w:val="{m[1]}"/></w:smartTagPr></w:smartTag>')  # fmt: skip
                wrap(span(p, m.start(), m.end()), tag)
                break
        value = self._header_cell(0).find(f"{W}p")
        wrap(span(value, 0, len(ptext(value))),
             xml('<w:customXml w:uri="urn:sqs" w:element="recipient"><w:customXmlPr>'
                 '<w:attr w:name="kind" w:val="person"/></w:customXmlPr></w:customXml>'))  # fmt: skip
        heading = next(p for p in self.body.iter(f"{W}p")
                       if ptext(p) in {b.text for b in self.letter.blocks if b.kind == "heading"})  # fmt: skip
        block = xml('<w:customXml w:uri="urn:sqs" w:element="section"/>')
        heading.addprevious(block)
        block.append(heading)
