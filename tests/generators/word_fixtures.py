"""Write ``tests/fixtures/word``: the bundled reports with the Word structures of ``wordml.py``.

This part adds what changes a letter's parts and characters (text boxes, list styles, headers
and footers, footnotes, hyphens, breaks, split runs), builds each fixture of ``FIXTURES`` and
writes ``manifest.json``: per fixture its seed, answer key, structures, whether it was kept out
of the reader's tuning, and the number of each Word element it holds (measured from the file).

Run ``make fixtures`` or ``PYTHONPATH=tests python -m generators.word_fixtures``.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
import zipfile
from pathlib import Path

from generators.published import GOLD, RAW, build_docx, docx_bytes, parse_seed
from generators.wordml import (
    AUTHOR,
    FIXTURES,
    OUT,
    STRUCTURES,
    Editor,
    Fixture,
    W,
    explode,
    ptext,
    run,
    span,
    xml,
)

LIST_NUM_ID, BULLET_NUM_ID = "90", "91"  # as published.py numbers paragraphs and bullets
COUNTED = (
    "ins", "del", "moveFrom", "moveTo", "pPrChange", "rPrChange", "sdt", "fldSimple",
    "fldChar", "instrText", "hyperlink", "smartTag", "customXml", "commentRangeStart",
    "commentReference", "txbxContent", "noBreakHyphen", "softHyphen", "sym", "br", "cr",
    "tab", "proofErr", "footnoteReference", "numPr", "pStyle",
)  # fmt: skip


def textbox(paragraphs: list, name: str, shape_id: int):
    """A run holding a floating text box as Word 2010+ writes it: the DrawingML shape
    (Choice) and the VML copy for older readers (Fallback), each with the paragraphs."""
    box = xml(
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
        'relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>3600000'
        '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0'
        '</wp:posOffset></wp:positionV><wp:extent cx="2286000" cy="457200"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapSquare wrapText="bothSides"/>'
        f'<wp:docPr id="{shape_id}" name="{name}"/><wp:cNvGraphicFramePr/><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="2286000" cy="457200"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        "</a:prstGeom></wps:spPr><wps:txbx><w:txbxContent/></wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" anchor="t"><a:noAutofit/></wps:bodyPr>'
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f'<mc:Fallback><w:pict><v:shape id="{name}" o:spid="_x0000_s{1025 + shape_id}" '
        'type="#_x0000_t202" style="position:absolute;margin-left:283.5pt;width:180pt;'
        'height:36pt;z-index:251659264"><v:textbox><w:txbxContent/></v:textbox>'
        '<w10:wrap type="square"/></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'
    )
    for content in box.iter(f"{W}txbxContent"):
        for p in paragraphs:
            content.append(copy.deepcopy(p))
    return box


class Word(Editor):
    """The structures that change a letter's parts and characters."""

    def first_page_header(self) -> None:
        """Word letter templates keep the letterhead in the first page's own header."""
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        header = section.first_page_header._element
        for p in list(self.body)[:2]:  # the letterhead and its address
            header.append(p)

    def _footer_note(self, marker: str, gap: str) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        reference = next(self.body.iter(f"{W}footnoteReference"))
        r = reference.getparent()
        rpr = r.find(f"{W}rPr")
        for child in list(rpr):
            rpr.remove(child)
        rpr.append(xml(marker))
        r.remove(reference)
        r.append(xml("<w:t>1</w:t>"))
        for key, rel in list(self.doc.part.rels.items()):
            if rel.reltype == RT.FOOTNOTES:
                self.doc.part.rels.pop(key)
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        footer = section.first_page_footer._element
        footer.insert(0, xml(f'<w:p><w:pPr><w:spacing w:after="120"/></w:pPr>'
                             f"<w:r><w:rPr>{marker}</w:rPr><w:t>1</w:t></w:r>{gap}"
                             f"{run(self.letter.footnote)}</w:p>"))  # fmt: skip

    def footer_note_raised(self) -> None:
        self._footer_note('<w:vertAlign w:val="superscript"/>', run(" "))

    def footer_note_plain(self) -> None:
        self._reference_style()
        self._footer_note('<w:rStyle w:val="FootnoteReference"/>', "<w:r><w:tab/></w:r>")
        first = self.doc.sections[0].first_page_footer._element.find(f"{W}p")
        first.find(f"{W}r").remove(first.find(f"{W}r/{W}rPr"))  # the note's own number: plain

    def _reference_style(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        if "FootnoteReference" not in [s.style_id for s in self.doc.styles]:
            style = self.doc.styles.add_style("footnote reference", WD_STYLE_TYPE.CHARACTER)
            style.element.set(f"{W}styleId", "FootnoteReference")
            style.element.get_or_add_rPr().append(xml('<w:vertAlign w:val="superscript"/>'))

    def footnote_style(self) -> None:
        """The reference raised by Word's character style, real notes numbered from id 2."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        self._reference_style()
        reference = next(self.body.iter(f"{W}footnoteReference"))
        reference.set(f"{W}id", "2")
        rpr = reference.getparent().find(f"{W}rPr")
        for child in list(rpr):
            rpr.remove(child)
        rpr.append(xml('<w:rStyle w:val="FootnoteReference"/>'))
        part = next(r.target_part for r in self.doc.part.rels.values() if r.reltype == RT.FOOTNOTES)
        blob = part.blob.decode()
        blob = blob.replace('<w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/>',
                            '<w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/>')  # fmt: skip
        blob = blob.replace('<w:footnote w:id="1">', '<w:footnote w:type="continuationNotice" '
                            'w:id="1"><w:p/></w:footnote><w:footnote w:id="2">')  # fmt: skip
        part._blob = blob.encode()

    def symbol_bullets(self) -> None:
        """Bullets typed as a Symbol-font character and a tab instead of Word's list."""
        for p in list(self.body.iter(f"{W}p")):
            num = p.find(f"{W}pPr/{W}numPr/{W}numId")
            if num is not None and num.get(f"{W}val") == BULLET_NUM_ID:
                p.find(f"{W}pPr").remove(p.find(f"{W}pPr/{W}numPr"))
                p.find(f"{W}pPr").append(xml('<w:ind w:left="720" w:hanging="360"/>'))
                p.find(f"{W}pPr").addnext(xml("<w:r><w:tab/></w:r>"))
                p.find(f"{W}pPr").addnext(xml(
                    '<w:r><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr>'
                    '<w:sym w:font="Symbol" w:char="F0B7"/></w:r>'))  # fmt: skip

    def style_numbering(self) -> None:
        """Numbers and bullets given by paragraph styles, as Word templates do."""
        from docx.enum.style import WD_STYLE_TYPE

        styles = {}
        for name, num, level in (("SQS Domain", LIST_NUM_ID, 0), ("SQS Paragraph", LIST_NUM_ID, 1),
                                 ("SQS Bullet", BULLET_NUM_ID, 0)):  # fmt: skip
            style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.element.get_or_add_pPr().append(xml(
                f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>'))  # fmt: skip
            styles[(num, str(level))] = style.style_id
        for p in self.body.iter(f"{W}p"):
            num_pr = p.find(f"{W}pPr/{W}numPr")
            if num_pr is None:
                continue
            key = (num_pr.find(f"{W}numId").get(f"{W}val"), num_pr.find(f"{W}ilvl").get(f"{W}val"))
            ppr = p.find(f"{W}pPr")
            ppr.remove(num_pr)
            ppr.insert(0, xml(f'<w:pStyle w:val="{styles[key]}"/>'))

    def textbox_date(self) -> None:
        """The publication date only in a text box anchored under the header table."""
        table = self.body.findall(f"{W}tbl")[0]
        label, value = self.letter.header[3]
        cells = list(table.iter(f"{W}tc"))
        at = next(i for i, c in enumerate(cells) if ptext(c) == label)
        row = cells[at].getparent()
        if len(row.findall(f"{W}tc")) == 2:
            table.remove(row)
        else:
            for cell in cells[at : at + 2]:
                for r in list(cell.iter(f"{W}r")):
                    r.getparent().remove(r)
        p = xml(f"<w:p>{run(label, '<w:i/>')}<w:r><w:tab/></w:r>{run(value)}</w:p>")
        table.getnext().append(textbox([p], "Text Box 1", 1))

    def textbox_strengths(self) -> None:
        """A list (a heading and its bullets) set in a shaded text box."""
        blocks = self.letter.blocks
        i = next(
            i
            for i, b in enumerate(blocks)
            if b.kind == "heading" and blocks[i + 1].kind == "bullet"
        )
        items = [b.text for b in blocks[i + 1 :][: [b.kind for b in blocks[i + 1 :]].index("para")]]
        heading = next(p for p in self.body.iter(f"{W}p") if ptext(p) == blocks[i].text)
        moved = [heading]
        while (nxt := moved[-1].getnext()) is not None and ptext(nxt).lstrip("\t") in items:
            moved.append(nxt)
        anchor = heading.getprevious()
        for p in moved:
            self.body.remove(p)
        anchor.append(textbox(moved, "Text Box 2", 2))

    def characters(self) -> None:
        """Word's own characters where plain text has a hyphen, a soft hyphen or a break."""
        paras = [p for p in self.body.iter(f"{W}p")
                 if p.getparent().tag == f"{W}body" and len(ptext(p)) > 300 and p.find(f".//{W}del") is None]  # fmt: skip
        for p, brk in zip(paras[::4], ("<w:br/>", "<w:cr/>", "<w:br/>"), strict=False):
            text = ptext(p)
            k = text.index(" ", len(text) // 2)
            spaced = span(p, k, k + 1)
            if len(spaced) == 1 and spaced[0].find(f"{W}t") is not None:
                spaced[0].replace(spaced[0].find(f"{W}t"), xml(brk))
        texts = [t for t in self.body.iter(f"{W}t") if t.text]
        for t in texts:
            pieces = re.split(r"(?<=\w)-(?=\w)", t.text)
            if len(pieces) > 1:
                self._replace(t, pieces, "<w:noBreakHyphen/>")
        for t in [t for t in self.body.iter(f"{W}t") if t.text][::3]:
            m = re.search(r"[A-Za-z]{12,}", t.text)
            if m:
                k = m.start() + len(m[0]) // 2
                self._replace(t, [t.text[:k], t.text[k:]], "<w:softHyphen/>")
        copy_to = next(p for p in self.body.iter(f"{W}p") if ptext(p) == "Copy to:")
        copy_to.find(f"{W}pPr").addnext(xml('<w:r><w:br w:type="page"/></w:r>'))

    @staticmethod
    def _replace(t, pieces: list[str], between: str) -> None:
        r = t.getparent()
        at = list(r).index(t)
        r.remove(t)
        for n, piece in enumerate(pieces):
            if n:
                r.insert(at, xml(between))
                at += 1
            if piece:
                r.insert(
                    at,
                    xml(
                        f'<w:t xml:space="preserve">{piece.replace("&", "&amp;").replace("<", "&lt;")}</w:t>'
                    ),
                )
                at += 1

    def split_runs(self) -> None:
        """Runs split mid-word as Word's editing sessions leave them, with proofing marks."""
        for p in list(self.body.iter(f"{W}p")):
            p.set(f"{W}rsidR", f"{self.rng.getrandbits(32):08X}")
            p.set(f"{W}rsidRDefault", f"{self.rng.getrandbits(32):08X}")
            explode(p)
            for r in list(p.iter(f"{W}r")):
                r.set(f"{W}rsidR", f"{self.rng.getrandbits(32):08X}")
                t = r.find(f"{W}t")
                if t is None or not t.text or self.rng.random() < 0.4:
                    continue
                cuts = [m.start() for m in re.finditer(r"(?<=[A-Za-z])(?=[A-Za-z])", t.text)]
                if not cuts:
                    continue
                k = self.rng.choice(cuts)
                second = copy.deepcopy(r)
                second.set(f"{W}rsidR", f"{self.rng.getrandbits(32):08X}")
                text = t.text
                t.text, second.find(f"{W}t").text = text[:k], text[k:]
                for half in (t, second.find(f"{W}t")):
                    half.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                r.addnext(second)
                kind = self.rng.choice(("spell", "gram", "bookmark", "page"))
                if kind in ("spell", "gram"):
                    r.addprevious(xml(f'<w:proofErr w:type="{kind}Start"/>'))
                    second.addnext(xml(f'<w:proofErr w:type="{kind}End"/>'))
                elif kind == "bookmark":
                    n = self.next_id()
                    r.addprevious(xml(f'<w:bookmarkStart w:id="{n}" w:name="_Hlk{n}"/>'))
                    second.addnext(xml(f'<w:bookmarkEnd w:id="{n}"/>'))
                else:
                    second.insert(len(second) - 1, xml("<w:lastRenderedPageBreak/>"))


ORDER = (
    ("first-page-header", "first_page_header"), ("footer-note-raised", "footer_note_raised"),
    ("footer-note-plain", "footer_note_plain"), ("footnote-style", "footnote_style"),
    ("characters", "symbol_bullets"), ("style-numbering", "style_numbering"),
    ("textbox-date", "textbox_date"), ("textbox-strengths", "textbox_strengths"),
    ("revisions", "revisions"), ("moves", "moves"), ("comments", "comments"),
    ("fields", "fields"), ("hyperlinks", "hyperlinks"), ("smart-tags", "smart_tags"),
    ("controls", "controls"), ("characters", "characters"), ("split-runs", "split_runs"),
)  # fmt: skip
"""The order edits are made in: parts and paragraphs first, then text, then characters."""


def build(fixture: Fixture) -> bytes:
    """The fixture's .docx."""
    letter = parse_seed(RAW / fixture.layout.seed)
    gold = json.loads((GOLD / f"{Path(fixture.layout.seed).stem}.json").read_text("utf-8"))
    document = build_docx(letter, fixture.layout)
    document.core_properties.author = "sqs-analysis tests/generators/word_fixtures.py"
    document.core_properties.subject = document.core_properties.comments = (
        f"Test fixture: data/raw/{fixture.layout.seed} with Word's structures "
        f"({', '.join(fixture.structures)})"
    )
    editor = Word(document, letter, gold, fixture.name)
    for structure, method in ORDER:
        if structure in fixture.structures:
            getattr(editor, method)()
    return docx_bytes(document)


def counts(data: bytes) -> dict[str, int]:
    """How many of each counted Word element the document's body holds."""
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode()
    return {tag: len(re.findall(rf"<w:{tag}[ />]", body)) for tag in COUNTED}


def generate(out: Path, only: list[str] | None = None) -> int:
    out.mkdir(parents=True, exist_ok=True)
    manifest = {}
    for fixture in FIXTURES:
        if only and fixture.name not in only:
            continue
        data = build(fixture)
        (out / f"{fixture.name}.docx").write_bytes(data)
        stem = Path(fixture.layout.seed).stem
        manifest[fixture.name] = {
            "docx": f"{fixture.name}.docx",
            "seed": f"data/raw/{fixture.layout.seed}",
            "answer_key": f"tests/fixtures/gold/{stem}.json",
            "held_out": fixture.held_out,
            "layout": {
                "header_table_columns": fixture.layout.header_columns,
                "copy_list": fixture.layout.copy_list,
                "numbering": fixture.layout.numbering,
            },
            "structures": {s: STRUCTURES[s] for s in fixture.structures},
            "counts": counts(data),
        }
    note = {
        "about": "Word-structured copies of the bundled reports, made by "
        "tests/generators/word_fixtures.py (python-docx documents edited with lxml). "
        "Each must parse to its answer key. held_out: kept out of the reader's tuning.",
        "author": AUTHOR,
    }
    path = out / "manifest.json"
    path.write_text(json.dumps({"_": note, **manifest}, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {len(manifest)} Word fixtures and manifest.json to {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder (default: %(default)s)")
    parser.add_argument("names", nargs="*", help="only these fixtures (default: all)")
    args = parser.parse_args(argv)
    return generate(args.out, args.names or None)


if __name__ == "__main__":
    sys.exit(main())
