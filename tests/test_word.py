"""Word (.docx) copies: the body in order, Word's own numbering, footnotes kept apart.

Each document here is built with python-docx (the XML Word writes for lists, footnotes,
revisions and fields added where python-docx has no API) and read back through
:func:`sqs_analysis.ingest.readers.read_document`, as a user's file would be.
"""

from __future__ import annotations

import io

import pytest

from sqs_analysis.ingest.readers import ReadError, read_document
from sqs_analysis.ingest.readers.word import format_number

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

NUMBERING = f"""<w:numbering xmlns:w="{W_NS}">
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/><w:suff w:val="space"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="3">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="3"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>
</w:numbering>"""


def _numbered(paragraph, num_id: int, level: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def _xml(fragment: str):
    """The elements of ``fragment`` (WordprocessingML), in a run element."""
    from docx.oxml import parse_xml

    return parse_xml(f'<w:r xmlns:w="{W_NS}">{fragment}</w:r>')


def _with_numbering(document) -> None:
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for child in parse_xml(NUMBERING):
        numbering.append(child)


def _add_notes(document, kind: str, notes: dict[int, str]) -> None:
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    body = "".join(
        f'<w:{kind} w:id="{n}"><w:p><w:r><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{kind}>'
        for n, text in notes.items()
    )
    separator = (
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
    )
    xml = f'<w:{kind}s xmlns:w="{W_NS}">{separator}{body}</w:{kind}s>'.encode()
    content_type, reltype = (
        (CT.WML_FOOTNOTES, RT.FOOTNOTES) if kind == "footnote" else (CT.WML_ENDNOTES, RT.ENDNOTES)
    )
    part = Part(PackURI(f"/word/{kind}s.xml"), content_type, xml, document.part.package)
    document.part.relate_to(part, reltype)


def _save(document, tmp_path, name: str = "letter.docx"):
    path = tmp_path / name
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def letter(tmp_path):
    """A short letter using everything the reader has to know about."""
    import docx

    document = docx.Document()
    _with_numbering(document)
    document.sections[0].header.paragraphs[0].text = "Running title of the letter 1"
    document.sections[0].footer.paragraphs[0].text = "Page 1 of 1"

    table = document.add_table(rows=2, cols=4)
    for row, cells in zip(
        table.rows,
        [
            ["To:", "A Person, Chair", "From:", "B Person, Inspector"],
            ["Copy to:", "See list", "Publication date:", "1 May 2016"],
        ],
        strict=True,
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text

    summary = document.add_paragraph("The published reoffending rate")
    summary.add_run()._r.append(_xml('<w:footnoteReference w:id="7"/>')[0])
    summary.add_run(" was 40.0%; see the annex")
    summary.add_run()._r.append(_xml('<w:endnoteReference w:id="3"/>')[0])
    summary.add_run(".")

    _numbered(document.add_paragraph("Reducing reoffending"), 1, 0)
    _numbered(document.add_paragraph("Assessments were good in most cases."), 1, 1)
    _numbered(document.add_paragraph("Plans were good."), 1, 1)
    _numbered(document.add_paragraph("a sub-point"), 1, 2)
    _numbered(document.add_paragraph("Protecting the public"), 1, 0)
    _numbered(document.add_paragraph("Risk was managed."), 1, 1)  # 2.1: level 1 restarts
    _numbered(document.add_paragraph("Staff were committed."), 2, 0)
    _numbered(document.add_paragraph("Roman numbering overridden to start at four"), 3, 0)

    odd = document.add_paragraph("Kept")
    odd.add_run()._r.append(_xml("<w:tab/>")[0])
    odd.add_run("non")
    odd.add_run()._r.append(_xml("<w:noBreakHyphen/>")[0])
    odd.add_run("attendance re")
    odd.add_run()._r.append(_xml("<w:softHyphen/>")[0])
    odd.add_run("viewed")
    hidden = odd.add_run(" HIDDEN")
    hidden._r.get_or_add_rPr().append(_xml("<w:vanish/>")[0])
    odd._p.append(_xml("<w:del><w:r><w:delText> DELETED</w:delText></w:r></w:del>")[0])
    odd.add_run()._r.append(_xml('<w:fldChar w:fldCharType="begin"/>')[0])
    odd.add_run()._r.append(_xml("<w:instrText> PAGE </w:instrText>")[0])
    odd.add_run()._r.append(_xml('<w:fldChar w:fldCharType="separate"/>')[0])
    odd.add_run(" 9")
    odd.add_run()._r.append(_xml('<w:fldChar w:fldCharType="end"/>')[0])

    copy = document.add_table(rows=2, cols=2)
    copy.cell(0, 0).text = "Head of Service"
    copy.cell(0, 1).text = "C Person"
    copy.cell(1, 0).text = "Chair of the Board"
    copy.cell(1, 1).text = "D Person"
    merged = document.add_table(rows=2, cols=2)
    merged.cell(0, 0).merge(merged.cell(1, 0))
    merged.cell(0, 0).text = "Ofsted"
    merged.cell(0, 1).text = "E Person"
    merged.cell(1, 1).text = "F Person"

    _add_notes(document, "footnote", {7: "Published April 2016 for the 2013 cohort."})
    _add_notes(document, "endnote", {3: "An annex."})
    return _save(document, tmp_path)


def test_body_paragraphs_and_tables_in_document_order(letter):
    doc = read_document(letter)
    assert doc.source_format == "docx"
    assert doc.text.split("\n\n") == [
        "To:\tA Person, Chair\tFrom:\tB Person, Inspector",
        "Copy to:\tSee list\tPublication date:\t1 May 2016",
        "The published reoffending rate¹ was 40.0%; see the annex².",
        "1.\tReducing reoffending",
        "1.1.\tAssessments were good in most cases.",
        "1.2.\tPlans were good.",
        "(a) a sub-point",
        "2.\tProtecting the public",
        "2.1.\tRisk was managed.",
        "•\tStaff were committed.",
        "IV\tRoman numbering overridden to start at four",
        "Kept\tnon-attendance reviewed 9",
        "Head of Service\tC Person",
        "Chair of the Board\tD Person",
        "Ofsted\tE Person",
        "F Person",
        "¹ Published April 2016 for the 2013 cohort.",
        "² An annex.",
    ]


def test_headers_and_footers_stay_out_of_the_body(letter):
    text = read_document(letter).text
    assert "Running title" not in text and "Page 1 of 1" not in text


@pytest.mark.parametrize(
    "n,fmt,shown",
    [
        (3, "decimal", "3"),
        (28, "lowerLetter", "bb"),
        (14, "upperRoman", "XIV"),
        (4, "decimalZero", "04"),
    ],
)
def test_number_formats(n, fmt, shown):
    assert format_number(n, fmt) == shown


def test_numbering_given_by_a_paragraph_style(tmp_path):
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml

    document = docx.Document()
    _with_numbering(document)
    style = document.styles.add_style("Finding", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>')
    )
    child = document.styles.add_style("Finding two", WD_STYLE_TYPE.PARAGRAPH)
    child.base_style = style
    document.add_paragraph("First finding.", style="Finding")
    document.add_paragraph("Second finding.", style="Finding two")
    text = read_document(_save(document, tmp_path)).text
    assert text.split("\n\n") == ["1.1.\tFirst finding.", "1.2.\tSecond finding."]


def test_a_published_fixture_reads_like_its_pdf():
    from conftest import ROOT

    folder = ROOT / "tests" / "fixtures" / "published"
    for docx_path in sorted(folder.glob("*.docx")):
        word = read_document(docx_path).text
        pdf = read_document(docx_path.with_suffix(".pdf")).text
        assert word.split() == pdf.split(), docx_path.name


def test_a_document_that_is_not_a_zip_of_a_letter_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "not-word.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hello")
    with pytest.raises(ReadError, match=r"no word/document\.xml"):
        read_document(path)


def test_a_list_defined_by_a_numbering_style(tmp_path):
    """Word's outline lists often point to a numbering style (``w:numStyleLink``) whose own
    list holds the levels."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml

    document = docx.Document()
    _with_numbering(document)
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="4">'
            '<w:numStyleLink w:val="OutlineList"/></w:abstractNum>'
        ),
    )
    numbering.append(
        parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="4"><w:abstractNumId w:val="4"/></w:num>')
    )
    style = document.styles.add_style("OutlineList", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:numId w:val="1"/></w:numPr>')
    )
    _numbered(document.add_paragraph("Reducing reoffending"), 4, 0)
    _numbered(document.add_paragraph("Assessments were good."), 4, 1)
    text = read_document(_save(document, tmp_path)).text
    assert text.split("\n\n") == ["1.\tReducing reoffending", "1.1.\tAssessments were good."]
