"""Word's own structures: what Word shows with every tracked change accepted, read once.

Each rule is proved on a small document whose body is hand-written WordprocessingML (in a
package python-docx saves), read through :func:`sqs_analysis.ingest.readers.word.docx_text`. Then the
fixtures of ``tests/fixtures/word`` (the bundled reports as Word writes them, made by
``tests/generators/word_fixtures.py``) must each parse to their seed's answer key, exactly as
the seed's own text does.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import json

import pytest
from conftest import ROOT, assign, wrong_fields

from sqs_analysis.ingest.corpus import parse_file
from sqs_analysis.ingest.model import Report
from sqs_analysis.ingest.readers.word import docx_text

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DECLS = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
FIXTURES = ROOT / "tests" / "fixtures" / "word"
MANIFEST = {
    k: v for k, v in json.loads((FIXTURES / "manifest.json").read_text()).items() if k != "_"
}


def _document(body: str, numbering: str = ""):
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    element = document.element.body
    for child in list(element):
        if not child.tag.endswith("sectPr"):
            element.remove(child)
    sect = element[0]
    for child in parse_xml(f"<w:body {DECLS}>{body}</w:body>"):
        sect.addprevious(child)
    if numbering:
        part = document.part.numbering_part.element
        for child in parse_xml(f"<w:numbering {DECLS}>{numbering}</w:numbering>"):
            part.append(child)
    return document


def _bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def lines(body: str, numbering: str = "", edit=None) -> list[str]:
    """The lines the reader gives for a body of WordprocessingML (``edit`` may change the
    python-docx document first)."""
    document = _document(body, numbering)
    if edit:
        edit(document)
    return docx_text(_bytes(document)).text.split("\n\n")


def p(*runs: str, ppr: str = "") -> str:
    return f"<w:p>{ppr and f'<w:pPr>{ppr}</w:pPr>'}{''.join(runs)}</w:p>"


def r(text: str, rpr: str = "") -> str:
    return f'<w:r>{rpr and f"<w:rPr>{rpr}</w:rPr>"}<w:t xml:space="preserve">{text}</w:t></w:r>'


def rev(tag: str, inner: str) -> str:
    return f'<w:{tag} w:id="9" w:author="A" w:date="2016-01-01T00:00:00Z">{inner}</w:{tag}>'


def fld(kind: str) -> str:
    return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'


def instr(code: str) -> str:
    return f'<w:r><w:instrText xml:space="preserve">{code}</w:instrText></w:r>'


# ------------------------------------------------------------------------- tracked changes


def test_text_moved_away_is_left_out_and_text_moved_here_read():
    body = p(
        r("Plans were good. "),
        '<w:moveFromRangeStart w:id="1" w:name="move1" w:author="A"/>',
        rev("moveFrom", r("Reviews were done in all cases.")),
        '<w:moveFromRangeEnd w:id="1"/>',
    ) + p(
        '<w:moveToRangeStart w:id="2" w:name="move1" w:author="A"/>',
        rev("moveTo", r("Reviews were done in all cases.")),
        '<w:moveToRangeEnd w:id="2"/>',
    )
    assert lines(body) == ["Plans were good.", "Reviews were done in all cases."]


def test_deletions_are_left_out_and_insertions_read():
    body = p(
        r("Plans were "),
        rev("del", '<w:r><w:delText xml:space="preserve">not </w:delText></w:r>'),
        rev("ins", r("always ")),
        r("good."),
    )
    assert lines(body) == ["Plans were always good."]


def test_a_deleted_paragraph_mark_joins_the_paragraph_to_the_next():
    deleted_mark = f"<w:rPr>{rev('del', '')}</w:rPr>"
    body = p(r("Plans were good "), ppr=deleted_mark) + p(r("in most cases.")) + p(r("Next."))
    assert lines(body) == ["Plans were good in most cases.", "Next."]


NUMBERING = """<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>
<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>"""
NUMBERED = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'


def test_a_numbered_paragraph_deleted_whole_is_not_numbered():
    gone = p(
        rev("del", "<w:r><w:delText>Deleted finding.</w:delText></w:r>"),
        ppr=NUMBERED + f"<w:rPr>{rev('del', '')}</w:rPr>",
    )
    body = p(r("First."), ppr=NUMBERED) + gone + p(r("Second."), ppr=NUMBERED)
    assert lines(body, NUMBERING) == ["1.\tFirst.", "2.\tSecond."]


def test_a_paragraph_moved_away_whole_is_not_read_nor_numbered():
    moved = p(
        rev("moveFrom", r("Moved finding.")), ppr=NUMBERED + f"<w:rPr>{rev('moveFrom', '')}</w:rPr>"
    )
    body = (
        moved + p(r("First."), ppr=NUMBERED) + p(rev("moveTo", r("Moved finding.")), ppr=NUMBERED)
    )
    assert lines(body, NUMBERING) == ["1.\tFirst.", "2.\tMoved finding."]


def test_a_deleted_table_row_or_cell_is_left_out():
    cell = "<w:tc><w:p>{}</w:p></w:tc>"
    body = (
        "<w:tbl>"
        f"<w:tr>{cell.format(r('Head of Service'))}{cell.format(r('A Person'))}</w:tr>"
        f"<w:tr><w:trPr>{rev('del', '')}</w:trPr>{cell.format(r('Old role'))}"
        f"{cell.format(r('B Person'))}</w:tr>"
        f"<w:tr>{cell.format(r('Chair'))}<w:tc><w:tcPr><w:cellDel w:id='3' w:author='A'/>"
        f"</w:tcPr><w:p>{r('Gone')}</w:p></w:tc>{cell.format(r('C Person'))}</w:tr>"
        "</w:tbl>"
    )
    assert lines(body) == ["Head of Service\tA Person", "Chair\tC Person"]


def test_formatting_changes_keep_the_text_and_the_numbering():
    change = rev(
        "pPrChange", '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
    )
    body = p(r("Plain.", rev("rPrChange", "<w:rPr><w:b/></w:rPr>")), ppr=change)
    assert lines(body, NUMBERING) == ["Plain."]


# ---------------------------------------------------------------------------------- fields


def test_a_complex_field_shows_its_result_not_its_code():
    body = p(
        r("We examined "),
        fld("begin"),
        instr(" = 12"),
        instr(" + 8 "),
        fld("separate"),
        r("20"),
        fld("end"),
        r(" cases."),
    )
    assert lines(body) == ["We examined 20 cases."]


def test_a_field_nested_in_another_fields_code_is_code():
    body = p(
        r("The rate was "),
        fld("begin"),
        instr(" = "),
        fld("begin"),
        instr(" DOCPROPERTY Rate "),
        fld("separate"),
        r("42.2"),
        fld("end"),
        instr(' \\# "0.0" '),
        fld("separate"),
        r("42.2"),
        fld("end"),
        r("%."),
    )
    assert lines(body) == ["The rate was 42.2%."]


def test_a_field_without_result_shows_nothing_and_a_field_over_paragraphs_ends():
    body = p(r("Reducing reoffending"), fld("begin"), instr(' XE "Reducing" ')) + p(r("Next."))
    assert lines(body) == ["Reducing reoffending", "Next."]


def test_a_simple_field_shows_its_result():
    body = p(
        r("Report on "), f'<w:fldSimple w:instr=" DOCPROPERTY Area ">{r("Southend")}</w:fldSimple>'
    )
    assert lines(body) == ["Report on Southend"]


# -------------------------------------------------------------------------------- wrappers


def test_hyperlinks_smart_tags_and_custom_xml_are_looked_into():
    body = p(
        r("Contact "),
        f'<w:hyperlink w:anchor="_Top">{r("the inspector")}</w:hyperlink>',
        r(" from "),
        '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="date">'
        '<w:smartTagPr><w:attr w:name="Year" w:val="SECRET"/></w:smartTagPr>'
        f"{r('16 May')}</w:smartTag>",
        f'<w:customXml w:element="x"><w:customXmlPr><w:attr w:name="k" w:val="HIDDEN"/>'
        f"</w:customXmlPr>{r(' 2016')}</w:customXml>",
    )
    block = f'<w:customXml w:element="section">{p(r("Summary"))}</w:customXml>'
    assert lines(body + block) == ["Contact the inspector from 16 May 2016", "Summary"]


def test_content_controls_at_every_level_are_read_once_in_order():
    props = '<w:sdtPr><w:alias w:val="ALIAS"/><w:id w:val="1"/></w:sdtPr><w:sdtEndPr/>'
    cell = "<w:tc><w:p>{}</w:p></w:tc>"
    body = (
        f"<w:sdt>{props}<w:sdtContent>{p(r('Title'))}</w:sdtContent></w:sdt>"
        f"<w:tbl><w:tr>{cell.format(r('To:'))}<w:sdt>{props}<w:sdtContent>"
        f"{cell.format(r('A Person'))}</w:sdtContent></w:sdt></w:tr>"
        f"<w:sdt>{props}<w:sdtContent><w:tr>{cell.format(r('From:'))}{cell.format(r('B'))}"
        "</w:tr></w:sdtContent></w:sdt></w:tbl>"
        + p(
            r("Publication date:\t"),
            f'<w:sdt><w:sdtPr><w:date w:fullDate="2016-06-15T00:00:00Z"/></w:sdtPr>'
            f"<w:sdtContent>{r('15 June 2016')}</w:sdtContent></w:sdt>",
        )
    )
    assert lines(body) == ["Title", "To:\tA Person", "From:\tB", "Publication date:\t15 June 2016"]


def test_comments_are_not_read():
    body = p(
        '<w:commentRangeStart w:id="5"/>',
        r("Plans were good."),
        '<w:commentRangeEnd w:id="5"/>',
        '<w:r><w:commentReference w:id="5"/></w:r>',
    )

    def add_comments(document):
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        blob = (
            f'<w:comments xmlns:w="{W_NS}"><w:comment w:id="5" w:author="A"><w:p><w:r>'
            "<w:annotationRef/></w:r>" + r("Reviews were poor in all cases.") + "</w:p>"
            "</w:comment></w:comments>"
        ).encode()
        ct = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
        part = Part(PackURI("/word/comments.xml"), ct, blob, document.part.package)
        document.part.relate_to(
            part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
        )

    assert lines(body, edit=add_comments) == ["Plans were good."]


# ------------------------------------------------------------------------------ text boxes


def textbox(inner: str, fallback: bool = True) -> str:
    choice = (
        '<w:drawing><wp:anchor><wp:docPr id="1" name="Box"/><a:graphic><a:graphicData uri='
        '"http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx>'
        f"<w:txbxContent>{inner}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData>"
        "</a:graphic></wp:anchor></w:drawing>"
    )
    vml = f"<w:pict><v:shape><v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict>"
    if not fallback:
        return f"<w:r>{vml}</w:r>"
    return (
        f'<w:r><mc:AlternateContent><mc:Choice Requires="wps">{choice}</mc:Choice>'
        f"<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r>"
    )


def test_a_text_box_is_read_once_after_the_paragraph_it_is_anchored_in():
    box = textbox(p(r("Publication date:\t15 June 2016")))
    body = p(r("To:\tA Person")) + p(box) + p(r("Report of"))
    assert lines(body) == ["To:\tA Person", "Publication date:\t15 June 2016", "Report of"]
    body = p(r("Anchored here."), box) + p(r("Next."))
    assert lines(body) == ["Anchored here.", "Publication date:\t15 June 2016", "Next."]


def test_an_old_vml_text_box_is_read():
    body = p(r("Anchor."), textbox(p(r("In the box.")), fallback=False))
    assert lines(body) == ["Anchor.", "In the box."]


# -------------------------------------------------------------------------------- characters


def test_words_split_across_runs_and_proofing_marks():
    body = p(
        '<w:proofErr w:type="spellStart"/>',
        '<w:r w:rsidR="00A1"><w:t>suf</w:t></w:r>',
        '<w:bookmarkStart w:id="1" w:name="_Hlk1"/>',
        '<w:r w:rsidR="00B2"><w:lastRenderedPageBreak/><w:t>ficient</w:t></w:r>',
        '<w:bookmarkEnd w:id="1"/>',
        '<w:proofErr w:type="spellEnd"/>',
    )
    assert lines(body) == ["sufficient"]


def test_word_characters():
    body = p(
        r("non"),
        "<w:r><w:noBreakHyphen/></w:r>",
        r("attendance re"),
        "<w:r><w:softHyphen/></w:r>",
        r("viewed"),
        "<w:r><w:tab/></w:r>",
        r("one"),
        "<w:r><w:br/></w:r>",
        r("two"),
        "<w:r><w:cr/></w:r>",
        r("three"),
        r(" hidden", "<w:vanish/>"),
        r(" shown", '<w:vanish w:val="0"/>'),
    ) + p('<w:r><w:sym w:font="Symbol" w:char="F0B7"/></w:r>', "<w:r><w:tab/></w:r>", r("Staff"))
    assert lines(body) == ["non-attendance reviewed\tone two three shown", "•\tStaff"]


# ------------------------------------------------------------------- notes, headers, footers


def _footer(document, xml: str, first_page: bool = True) -> None:
    from docx.oxml import parse_xml

    section = document.sections[0]
    section.different_first_page_header_footer = first_page
    footer = section.first_page_footer._element
    for child in parse_xml(f"<w:ftr {DECLS}>{xml}</w:ftr>"):
        footer.append(child)
    default = section.footer._element
    default.append(
        parse_xml(
            f"<w:p {DECLS}>{fld('begin')}{instr(' PAGE ')}{fld('separate')}{r('1')}{fld('end')}{r(' Running title')}</w:p>"
        )
    )


RAISED = '<w:vertAlign w:val="superscript"/>'
NOTE = "The reoffending rate was published in April 2016."


def test_a_note_in_the_first_page_footer_is_read_as_a_footnote():
    body = p(r("The rate"), r("1", RAISED), r(" was 42.2%."))
    note = p(r("1", RAISED), r(" " + NOTE))
    assert lines(body, edit=lambda d: _footer(d, note)) == ["The rate¹ was 42.2%.", f"¹ {NOTE}"]
    plain = p(r("1"), "<w:r><w:tab/></w:r>", r(NOTE))
    assert lines(body, edit=lambda d: _footer(d, plain)) == ["The rate¹ was 42.2%.", f"¹ {NOTE}"]
    dotted = p(r("1."), "<w:r><w:tab/></w:r>", r(NOTE))
    assert lines(body, edit=lambda d: _footer(d, dotted)) == ["The rate¹ was 42.2%.", f"¹ {NOTE}"]


def test_a_marker_raised_by_a_character_style_counts():
    def edit(document):
        from docx.enum.style import WD_STYLE_TYPE
        from docx.oxml import parse_xml

        style = document.styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
        style.element.set(f"{{{W_NS}}}styleId", "FootnoteReference")
        style.element.get_or_add_rPr().append(
            parse_xml(f"<w:vertAlign {DECLS} w:val='superscript'/>")
        )
        _footer(document, p(r("1 " + NOTE)))

    body = p(r("The rate"), r("1", '<w:rStyle w:val="FootnoteReference"/>'), r(" was 42.2%."))
    assert lines(body, edit=edit) == ["The rate¹ was 42.2%.", f"¹ {NOTE}"]


def test_footer_text_that_is_not_such_a_note_stays_out():
    body = p(r("The rate"), r("1", RAISED), r(" was 42.2%.")) + p(r("We examined 20 cases."))
    unmatched = p(r("2 " + NOTE))  # no marker 2 in the body
    assert lines(body, edit=lambda d: _footer(d, unmatched))[-1] == "We examined 20 cases."
    unshown = p(r("1 " + NOTE))  # a first-page footer without w:titlePg is never printed
    assert lines(body, edit=lambda d: _footer(d, unshown, first_page=False))[-1] == (
        "We examined 20 cases."
    )
    page_number = p(
        fld("begin"), instr(" PAGE "), fld("separate"), r("1"), fld("end"), r(" HM Inspectorate")
    )
    assert lines(body, edit=lambda d: _footer(d, page_number))[-1] == "We examined 20 cases."
    typed_body = p(r("We examined 1 case."))  # a plain number in the body is no marker
    assert lines(typed_body, edit=lambda d: _footer(d, p(r("1 " + NOTE)))) == [
        "We examined 1 case."
    ]


def test_headers_stay_out_even_on_the_first_page():
    def edit(document):
        section = document.sections[0]
        section.different_first_page_header_footer = True
        section.first_page_header.paragraphs[0].text = "HM Inspectorate of Probation"
        section.header.paragraphs[0].text = "1 Running title"

    body = p(r("The rate"), r("1", RAISED), r("."))
    assert lines(body, edit=edit) == ["The rate¹."]


def test_a_real_footnote_wins_over_a_footer_note_with_its_number():
    from test_word import _add_notes

    def edit(document):
        _add_notes(document, "footnote", {2: "The real note."})
        _footer(document, p(r("1 " + NOTE)))

    body = p(
        r("The rate"),
        '<w:r><w:rPr><w:rStyle w:val="X"/></w:rPr><w:footnoteReference w:id="2"/></w:r>',
        r("."),
    )
    assert lines(body, edit=edit) == ["The rate¹.", "¹ The real note."]


# ------------------------------------------------------------------ the fixtures, end to end


@functools.cache
def parsed(name: str) -> Report:
    report, issues, _ = parse_file(FIXTURES / MANIFEST[name]["docx"])
    assert report is not None, issues
    return report


@functools.cache
def seed(name: str) -> Report:
    report, _, _ = parse_file(ROOT / MANIFEST[name]["seed"])
    return report


def test_the_manifest_says_how_each_fixture_was_made():
    assert len(MANIFEST) >= 6
    assert sum(m["held_out"] for m in MANIFEST.values()) in (1, 2)
    assert {m["seed"] for m in MANIFEST.values()} == {
        f"data/raw/{p.name}" for p in (ROOT / "data" / "raw").iterdir()
    }
    present = {
        "moves": ("moveFrom", "moveTo"),
        "revisions": ("ins", "del", "pPrChange", "rPrChange"),
        "comments": ("commentRangeStart", "commentReference"),
        "controls": ("sdt",),
        "fields": ("fldSimple", "fldChar", "instrText"),
        "hyperlinks": ("hyperlink",),
        "smart-tags": ("smartTag", "customXml"),
        "textbox-date": ("txbxContent",),
        "textbox-strengths": ("txbxContent",),
        "style-numbering": ("pStyle",),
        "characters": ("noBreakHyphen", "softHyphen", "sym", "br", "cr"),
        "split-runs": ("proofErr",),
    }
    covered = set()
    for entry in MANIFEST.values():
        covered |= set(entry["structures"])
        for structure in entry["structures"]:
            for tag in present.get(structure, ()):
                assert entry["counts"][tag] > 0, (entry["docx"], structure, tag)
    assert covered >= set(present) | {
        "footer-note-raised",
        "footer-note-plain",
        "first-page-header",
    }


def test_the_fixtures_are_what_the_generator_makes():
    from generators.word_fixtures import FIXTURES as MADE
    from generators.word_fixtures import build

    for fixture in MADE:
        assert build(fixture) == (FIXTURES / f"{fixture.name}.docx").read_bytes(), fixture.name


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_each_fixture_parses_to_its_answer_key(name):
    report, key = parsed(name), json.loads((ROOT / MANIFEST[name]["answer_key"]).read_text())
    assert wrong_fields(key, report) == {}
    assert [f.paragraph for f in report.findings] == key["paragraphs"]
    missing, _ = assign(key["judgements"], report.judgements)
    assert [g for g in missing if g["core"]] == []

    def what(j):
        return (j.paragraph, j.polarity, j.quantifier_text, j.numerator, j.denominator)

    assert sorted(map(what, report.judgements)) == sorted(map(what, seed(name).judgements))
    assert report.strengths == key["key_strengths"]
    assert report.improvements == key["areas_for_improvement"]
    assert len(report.copy_list) == key["copy_list_size"]


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_each_fixture_says_exactly_what_its_seed_says(name):
    skip = {"source_file", "source_sha256", "source_format", "issues"}

    def comparable(r: Report) -> dict:
        return {k: v for k, v in dataclasses.asdict(r).items() if k not in skip}

    assert comparable(parsed(name)) == comparable(seed(name))
