"""Every input format and the known real variations parse to the same values.

Inputs are derived here from the bundled reports (re-wrapped as if copied out of a PDF,
rendered as HTML, written as a real PDF, re-encoded) or written out in full for the variations
inspectors' letters show across areas and years.
"""

from __future__ import annotations

import dataclasses
import html
import re
import textwrap
from datetime import date
from pathlib import Path

import pytest

from sqs_analysis.ingest.corpus import parse_file
from sqs_analysis.ingest.model import Report
from sqs_analysis.ingest.parse import parse_text
from sqs_analysis.ingest.readers import read_document

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "data" / "raw").glob("*.txt"))


def comparable(report: Report) -> dict:
    """Everything a report says, minus where it came from."""
    skip = {"source_file", "source_sha256", "source_format", "issues", "sections"}
    return {k: v for k, v in dataclasses.asdict(report).items() if k not in skip}


def plain_copy(markdown: str, width: int = 88, page_lines: int = 45) -> str:
    """The text a reader gets copying a published PDF: no markup, wrapped lines, page furniture,
    footnote digits glued to words and the footnote on its own line."""
    text = re.sub(r"<sup>(\d)</sup>|([¹²³])", lambda m: m.group(1) or "1", markdown)
    text = re.sub(r"</?i>", "", text)
    text = re.sub(r"^#+\s*", "", text, flags=re.M).replace("**", "").replace("*", "")
    text = re.sub(r"^\|[-| ]+\|$", "", text, flags=re.M)
    text = re.sub(r"^\|\s*(.*?)\s*\|\s*(.*?)\s*\|$", r"\1   \2", text, flags=re.M)
    text = re.sub(r"^- (\d\.\d\.)", r"\1", text, flags=re.M)
    text = re.sub(r"^- ", "• ", text, flags=re.M)
    text = re.sub(r"\[(.*?)\]\(.*?\)", r"\1", text).replace("---\n", "")
    lines: list[str] = []
    for para in text.split("\n"):
        lines.extend(textwrap.wrap(para, width) if para.strip() else [""])
    out = []
    for i, line in enumerate(lines, start=1):
        out.append(line)
        if i % page_lines == 0:
            out += ["", "HM Inspectorate of Probation", f"Page {i // page_lines} of 5", ""]
    return "\n".join(out)


def as_html(markdown: str) -> str:
    """A web page of the report: header table, headings, paragraphs, lists, <sup> footnotes."""
    body = []
    for block in re.split(r"\n\s*\n", markdown):
        lines = [
            ln
            for ln in block.strip().splitlines()
            if ln.strip() and not re.match(r"^\|[-| ]+\|$", ln)
        ]
        if not lines:
            continue
        if lines[0].startswith("|") or (all("\t" in ln for ln in lines[1:]) and "\t" in lines[-1]):
            cells = [re.split(r"\t|\|", ln.strip().strip("|")) for ln in lines]
            rows = "".join(
                "<tr>" + "".join(f"<td>{c.strip()}</td>" for c in row) + "</tr>" for row in cells
            )
            body.append(f"<table>{rows}</table>")
        elif all(ln.startswith("- ") for ln in lines):
            body.append("<ul>" + "".join(f"<li>{ln[2:]}</li>" for ln in lines) + "</ul>")
        elif lines[0].startswith("#"):
            body.append(f"<h2>{lines[0].lstrip('#').strip()}</h2>")
        else:
            body.append("<p>" + " ".join(lines) + "</p>")
    page = "\n".join(body).replace("**", "")
    return f"<!doctype html><html><head><title>SQS</title><style>p{{}}</style></head><body>{page}</body></html>"


def write_pdf(text: str, path: Path) -> None:
    """A real PDF (fpdf2, embedded DejaVu font so bullets and dashes survive) of plain text."""
    import matplotlib
    from fpdf import FPDF

    font = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(font))
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    pdf.set_font("DejaVu", size=10)
    for line in text.split("\n"):
        if line.strip():
            pdf.multi_cell(0, 5, line.strip(), new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(3)
    pdf.output(str(path))


@pytest.fixture(params=SEEDS, ids=lambda p: p.stem)
def seed(request) -> tuple[Path, Report]:
    report, issues, _ = parse_file(request.param)
    assert report is not None and not [i for i in issues if i.severity == "error"]
    return request.param, report


def test_pdf_copied_text_parses_like_the_original(seed, tmp_path):
    path, original = seed
    copy = tmp_path / "copy.txt"
    copy.write_text(plain_copy(path.read_text("utf-8")), "utf-8")
    assert "rate1 for" in copy.read_text("utf-8")  # the glued footnote digit is really there
    report, _, _ = parse_file(copy)
    assert comparable(report) == comparable(original)


def unspaced_copy(markdown: str) -> str:
    """The text some PDF-to-text tools give: :func:`plain_copy` with no blank line anywhere
    (paragraphs, header lines and the title run straight on) and the footnote's number on a
    line of its own above the note."""
    text = re.sub(r"^(\d) (?=[A-Z])", r"\1\n", plain_copy(markdown), flags=re.M)
    return "\n".join(line for line in text.split("\n") if line.strip())


def test_text_copied_without_blank_lines_parses_like_the_original(seed, tmp_path):
    path, original = seed
    copy = tmp_path / "copy.txt"
    copy.write_text(unspaced_copy(path.read_text("utf-8")), "utf-8")
    assert re.search(r"^1\n[A-Z]", copy.read_text("utf-8"), re.M)  # the note's number alone
    report, _, _ = parse_file(copy)
    assert comparable(report) == comparable(original)
    assert report.fieldwork_evidence.startswith("The inspection")  # not the header above it


def test_a_lone_page_number_is_not_taken_for_a_footnote():
    """A page number above a line citing the published rate is still a page number: only a
    number marked in the text before it numbers a note."""
    text = LETTER.format(**BASE).replace(
        "The published reoffending rate", "1\nThe published reoffending rate"
    )
    r = parse_text(text, "copy.txt")
    assert r.rate.rate_evidence.startswith("The published reoffending rate for Westshire")
    assert r.rate.cohort_start == "2011-04" and r.checks_failed == []


@pytest.mark.parametrize("marker", ["• ", "\n"], ids=["bullets", "paragraphs"])
def test_findings_printed_without_numbers_parse_like_the_original(seed, marker):
    """A letter whose findings are bullets, or plain paragraphs, under the theme headings: each
    is numbered in order within its theme, with a note that the numbers are the parser's; page
    breaks inside a paragraph do not start a new one."""
    path, original = seed
    text = re.sub(r"^\d\.\d{1,2}\.?\s+", marker, plain_copy(path.read_text("utf-8")), flags=re.M)
    assert not re.search(r"^\d\.\d", text, re.M)
    report = parse_text(text, "copy.txt")
    assert comparable(report) == comparable(original)
    (note,) = [i for i in report.issues if "no paragraph numbers" in i.message]
    assert note.check is None and report.checks_failed == original.checks_failed


@pytest.mark.parametrize("width", [70, 100, 130])
def test_line_width_does_not_matter(seed, width):
    path, original = seed
    report = parse_text(plain_copy(path.read_text("utf-8"), width=width), "copy.txt")
    assert comparable(report) == comparable(original)


def test_html_copy_parses_like_the_original(seed, tmp_path):
    path, original = seed
    page = tmp_path / "report.html"
    page.write_text(as_html(path.read_text("utf-8")), "utf-8")
    report, _, row = parse_file(page)
    assert row["source_format"] == "html"
    assert comparable(report) == comparable(original)


def test_an_html_list_keeps_its_items_apart_without_full_stops(tmp_path):
    """Bullets of a ``<ul>`` are bullets in the text: items that end with no full stop stay
    apart, and the paragraph after the list is no part of it; an ``<ol>``'s items are
    paragraphs (their numbers are the page's, not the text's)."""
    from sqs_analysis.ingest.readers.html import html_text

    assert html_text("<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul><ol><li>d</li></ol>") == (
        "\n\n- a\n\n- b\n\n- c\n\nd\n\n"
    )
    page = tmp_path / "letter.html"
    page.write_text(
        "<p>Areas requiring improvement</p><ul><li>Planning to manage risk of harm</li>"
        "<li>Vulnerability management planning</li></ul>"
        "<p>We would like to thank the staff for their help.</p>",
        "utf-8",
    )
    from sqs_analysis.ingest.letter import parse_bullets
    from sqs_analysis.ingest.readers import read_document

    text = read_document(page)
    lines = (text.text if hasattr(text, "text") else text).split("\n")
    after = lines[lines.index("Areas requiring improvement") + 1 :]
    assert parse_bullets(after) == [
        "Planning to manage risk of harm",
        "Vulnerability management planning",
    ]


TOOL_COPIES = sorted(
    p
    for p in (ROOT / "tests" / "fixtures" / "regressions").glob("*-20??-header-*.txt")
    if p.name.startswith(("pdftotext-", "mutool-"))
)


@pytest.mark.parametrize("copy", TOOL_COPIES, ids=lambda p: p.stem)
def test_text_that_pdf_tools_write_parses_as_the_pdf_does(copy):
    """A published letter turned to text by pdftotext (plain and -layout) or MuPDF, as an
    analyst might turn a PDF to text: every field, finding, list and copy-list row as the
    PDF gives them (pdftotext joins "two-" and "thirds" at a line end, so that judgement's
    words differ by the hyphen)."""
    stem = copy.stem.split("-", 1)[1].removeprefix("layout-")
    pdf = ROOT / "tests" / "fixtures" / "published" / f"{stem}.pdf"
    (ours, _, _), (theirs, _, _) = parse_file(copy), parse_file(pdf)

    def seen(r):
        return (
            r.area, r.publication_date, r.fieldwork_start, r.fieldwork_end, r.cases_examined,
            r.recipient, r.author, r.lead_inspector, r.rate.reoffending_rate,
            r.rate.national_average, r.rate.cohort_start, r.rate.rate_published,
            [(f.paragraph, " ".join(f.text.replace("-", "").split())) for f in r.findings],
            [(j.paragraph, j.numerator, j.denominator, j.sufficiency) for j in r.judgements],
            r.strengths, r.improvements, r.copy_list,
        )  # fmt: skip

    assert len(TOOL_COPIES) == 6
    assert seen(ours) == seen(theirs)


def test_a_word_letter_saved_as_text_by_libreoffice():
    """A Word letter saved as text: each header value under its label (a date on a line of its
    own is no footnote), and no footnotes at all, so what only the footnote says is empty and
    the letter says its footnote is missing."""
    regressions = ROOT / "tests" / "fixtures" / "regressions"
    copy = regressions / "libreoffice-text-knowsley-2015-header-2col.txt"
    (ours, _, _), (pdf, _, _) = (
        parse_file(copy),
        parse_file(ROOT / "tests" / "fixtures" / "published" / "knowsley-2015-header-2col.pdf"),
    )
    assert str(ours.publication_date) == str(pdf.publication_date) == "2015-11-04"
    assert (ours.recipient, ours.author, ours.cases_examined) == (
        pdf.recipient, pdf.author, pdf.cases_examined,
    )  # fmt: skip
    assert [(j.paragraph, j.sufficiency) for j in ours.judgements] == [
        (j.paragraph, j.sufficiency) for j in pdf.judgements
    ]
    assert (ours.strengths, ours.improvements) == (pdf.strengths, pdf.improvements)
    assert ours.rate.cohort_start is None and pdf.rate.cohort_start is not None
    assert "footnotes" in ours.checks_failed


WEB_PAGES = sorted(
    [
        *(ROOT / "tests" / "fixtures" / "regressions").glob("*html-knowsley-*.html"),
        *(ROOT / "tests" / "fixtures" / "regressions").glob("*docx-knowsley-*.docx"),
    ]
)


@pytest.mark.parametrize("page", WEB_PAGES, ids=lambda p: p.stem)
def test_a_word_letter_saved_as_a_web_page_parses_as_the_pdf_does(page):
    """The Word letter saved as a web page by LibreOffice (HTML and XHTML) and AbiWord, and
    saved again as Word by AbiWord (its list numbers become "i.", "ii."): every field, finding,
    judgement, list and copy-list row as the PDF of the same letter gives them."""
    pdf = ROOT / "tests" / "fixtures" / "published" / "knowsley-2015-header-2col.pdf"
    (ours, _, _), (theirs, _, _) = parse_file(page), parse_file(pdf)

    def seen(r):
        return (
            r.area, r.publication_date, r.fieldwork_start, r.cases_examined, r.recipient,
            r.author, r.lead_inspector, r.rate.reoffending_rate, r.rate.national_average,
            r.rate.cohort_start, [(f.paragraph, "".join(f.text.split())) for f in r.findings],
            [(j.paragraph, j.numerator, j.denominator, j.sufficiency) for j in r.judgements],
            r.strengths, r.improvements, r.copy_list,
        )  # fmt: skip

    assert len(WEB_PAGES) == 4
    assert seen(ours) == seen(theirs)


def test_real_pdf_through_the_pdf_library(seed, tmp_path):
    path, original = seed
    pdf = tmp_path / "report.pdf"
    write_pdf(plain_copy(path.read_text("utf-8"), width=10_000, page_lines=10_000), pdf)
    doc = read_document(pdf)
    assert doc.source_format == "pdf" and doc.pages > 1  # several pages came through PDFium
    report, _, _ = parse_file(pdf)
    got, want = comparable(report), comparable(original)
    for field in (
        "area",
        "publication_date",
        "fieldwork_start",
        "cases_examined",
        "rate",
        "lead_inspector",
    ):
        assert got[field] == want[field], field
    assert [f["paragraph"] for f in got["findings"]] == [f["paragraph"] for f in want["findings"]]
    assert len(got["judgements"]) == len(want["judgements"])
    assert got["strengths"] == want["strengths"] and got["improvements"] == want["improvements"]


@pytest.mark.parametrize(
    "encoding,newline,bom",
    [("cp1252", "\r\n", b""), ("utf-8", "\r\n", b"\xef\xbb\xbf"), ("utf-8", "\r", b"")],
)
def test_encodings_and_line_endings(seed, tmp_path, encoding, newline, bom):
    path, original = seed
    text = path.read_text("utf-8").replace("\n", newline)
    target = tmp_path / "legacy.txt"
    target.write_bytes(bom + text.encode(encoding, errors="replace"))
    report, _, _ = parse_file(target)
    assert comparable(report) == comparable(original)


# ---------------------------------------------------------------- variations across reports

LETTER = """To: {recipient}, Chair of the {area} Youth Justice Management Board
Copy to: See copy list at end
From: Sam Inspector, Assistant Chief Inspector (Youth Justice)
Publication date: {published}

Report of Short Quality Screening (SQS) of youth offending work in {area}

The inspection was conducted from {fieldwork} as part of our programme of inspection of youth offending work.

Context

We examined {cases} cases of children and young people who had recently offended and were supervised by {service}.

Summary

The published reoffending rate{marker} for {area} was {rate}. {comparison}

{footnote_marker} Published {rate_month} based on binary reoffending rates after 12 months for the {cohort} cohort. Source: Ministry of Justice

Commentary on the inspection in {area}:

1. Reducing reoffending

1.1. The initial assessment was sufficient in most cases.
{extra_1}
2. Protecting the public

2.1. Plans to manage risk of harm were sufficient in 9 of the 12 relevant cases.

3. Protecting the child or young person

3.1. Safeguarding needs were assessed well in nearly all cases.
{extra_3}
4. {sentence_heading}

4.1. In all cases the response to non-compliance was appropriate.

Key strengths

- Staff knew the children well.

Areas requiring improvement

- Plans should be reviewed after a significant change of circumstances.

If you have any further questions please contact the lead inspector, who was Pat Lead.
"""

BASE = dict(
    recipient="Alex Chair",
    area="Westshire",
    published="04 March 2014",
    fieldwork="04-07 February 2014",
    cases="12",
    service="Westshire Youth Offending Team (YOT)",
    rate="37.7%",
    marker="1",
    comparison="This was worse than the previous year and better than the England and Wales average of 38.1%.",
    footnote_marker="1",
    rate_month="January 2014",
    cohort="April 2011 – March 2012",
    extra_1="",
    extra_3="",
    sentence_heading="Ensuring that the sentence is served",
)


def letter(**changes: str) -> Report:
    return parse_text(LETTER.format(**(BASE | changes)), "letter.txt")


def test_base_letter():
    r = letter()
    assert (r.area, r.service_type, r.service_name) == (
        "Westshire",
        "YOT",
        "Westshire Youth Offending Team",
    )
    assert r.publication_date == date(2014, 3, 4)
    assert (r.rate.reoffending_rate, r.rate.national_average) == (37.7, 38.1)
    assert (r.rate.vs_previous_year, r.rate.previous_year_rate) == ("worse", None)
    assert r.rate.vs_national_average == "better"
    assert (r.rate.cohort_start, r.rate.cohort_end, r.rate.rate_published) == (
        "2011-04",
        "2012-03",
        "2014-01",
    )
    assert [f.domain for f in r.findings] == [
        "reducing_reoffending", "protecting_the_public", "protecting_the_child", "ensuring_sentence_served",
    ]  # fmt: skip
    assert r.lead_inspector == "Pat Lead"
    assert [
        (j.paragraph, j.numerator, j.denominator) for j in r.judgements if j.basis == "count"
    ] == [("2.1", 9, 12)]


@pytest.mark.parametrize(
    "fieldwork,start,end",
    [
        ("04-07 April 2016", date(2016, 4, 4), date(2016, 4, 7)),
        ("30 November - 02 December 2015", date(2015, 11, 30), date(2015, 12, 2)),
        ("12th-14th November 2012", date(2012, 11, 12), date(2012, 11, 14)),
        ("30 December 2013 to 2 January 2014", date(2013, 12, 30), date(2014, 1, 2)),
        ("4 to 6 March 2014", date(2014, 3, 4), date(2014, 3, 6)),
    ],
)
def test_fieldwork_date_styles(fieldwork, start, end):
    r = letter(fieldwork=fieldwork)
    assert (r.fieldwork_start, r.fieldwork_end) == (start, end)
    assert fieldwork.split()[0] in r.fieldwork_evidence


@pytest.mark.parametrize(
    "rate,comparison,expected",
    [
        ("37.7 per cent", "This was better than the previous year, 39.0 per cent, and worse than the England and Wales average of 36.0 per cent.",
         (37.7, 39.0, "better", 36.0, "worse")),
        ("37.7%", "This was the same as the previous year but worse than the England and Wales average of 35.2%.",
         (37.7, None, "same", 35.2, "worse")),
        ("40.1%", "This was higher than the previous year (38.0%) and higher than the England and Wales average (36.5%).",
         (40.1, 38.0, "worse", 36.5, "worse")),
        ("33.0%", "This was an improvement on the previous year and lower than the national average of 35.0%.",
         (33.0, None, "better", 35.0, "better")),
    ],
)  # fmt: skip
def test_rate_phrasings(rate, comparison, expected):
    r = letter(rate=rate, comparison=comparison)
    f = r.rate
    assert (
        f.reoffending_rate,
        f.previous_year_rate,
        f.vs_previous_year,
        f.national_average,
        f.vs_national_average,
    ) == expected
    assert comparison.split()[2] in f.rate_evidence


@pytest.mark.parametrize("marker", ["1", "¹", "<sup>1</sup>", " 1", "", "(1)", "[1]"])
def test_footnote_markers(marker):
    r = letter(marker=marker, footnote_marker=marker.strip() or "1")
    assert r.rate.reoffending_rate == 37.7
    assert r.rate.cohort_start == "2011-04"
    assert "for Westshire was 37.7%" in r.rate.rate_evidence
    if marker.startswith(("(", "[")):  # a note's number in brackets is its marker
        assert not [i for i in r.issues if "footnote" in i.message]


def test_an_endnote_numbered_in_brackets_after_the_copy_list_is_no_copy_list_row():
    text = LETTER.format(**(BASE | {"marker": "(1)", "footnote_marker": ""})).replace(
        "\n Published January 2014", "\n"
    )
    text += (
        "\nCopy to:\nYouth Justice Board\n\n(1) Source: Ministry of Justice proven reoffending "
        "statistics, published January 2014, cohort April 2011 to March 2012.\n"
    )
    r = parse_text(text, "letter.txt")
    assert [row[0] for row in r.copy_list] == ["Youth Justice Board"]
    assert (r.rate.rate_published, r.rate.cohort_start) == ("2014-01", "2011-04")


@pytest.mark.parametrize(
    "heading",
    [
        "Making sure the sentence is served",
        "Ensuring that the sentence is served",
        "Ensuring the sentence is served",
    ],
)
def test_sentence_served_headings(heading):
    r = letter(sentence_heading=heading)
    assert r.findings[-1].domain == "ensuring_sentence_served"
    assert r.findings[-1].heading == heading


def test_optional_paragraphs():
    r = letter(
        extra_1="1.5. Three of the children were sentenced to custody; planning for custody was sufficient in two of them.\n",
        extra_3="3.5. Of the four children sentenced to custody, only one had a good enough plan to address vulnerability.\n",
    )
    assert [f.paragraph for f in r.findings] == ["1.1", "1.5", "2.1", "3.1", "3.5", "4.1"]
    custody = [
        (j.paragraph, j.numerator, j.denominator)
        for j in r.judgements
        if j.paragraph.endswith(".5")
    ]
    assert custody == [("1.5", 2, 3), ("3.5", 1, 4)]


def test_service_types():
    assert letter(service="Westshire Youth Offending Service (YOS)").service_type == "YOS"
    assert letter(service="Westshire Youth Offending Team").service_type == "YOT"
    assert letter(service="Westshire Youth Justice Service").service_type == "YJS"


def test_silent_report_leaves_fields_empty():
    r = letter(comparison="", rate="unavailable", cohort="recent")
    assert r.rate.reoffending_rate is None
    assert r.rate.national_average is None and r.rate.vs_national_average is None
    assert r.rate.cohort_start is None
    messages = " ".join(i.message for i in r.issues)
    assert "no reoffending rate" in messages and "no cohort start" in messages


def test_html_is_never_interpreted(tmp_path):
    text = LETTER.format(**BASE).replace(
        "Staff knew the children well.", "Staff <script>alert(1)</script> knew."
    )
    page = tmp_path / "x.html"
    page.write_text(
        "<html><body><pre>" + html.escape(text) + "</pre><script>evil()</script></body></html>"
    )
    report, _, _ = parse_file(page)
    assert report.strengths == ["Staff <script>alert(1)</script> knew."]
    assert "evil" not in " ".join(report.strengths)


def test_header_table_read_column_by_column(seed):
    path, original = seed
    text = path.read_text("utf-8")
    header = (
        "To:\nCopy to:\nFrom:\nPublication date:\n"
        f"{original.recipient}, {original.recipient_role}\nSee copy list at end\n"
        f"{original.author}, {original.author_role}\n{original.publication_date:%d %B %Y}\n\n"
    )
    start = text.index("Report of")
    report = parse_text(header + text[start:], "columns.txt")
    assert comparable(report) == comparable(original)


@pytest.mark.parametrize(
    "old,new",
    [
        ("Report of Short Quality Screening (SQS) of youth offending work in", "Short Quality Screening of Youth Offending Work in"),
        ("\nOperational management\n", "\nOperational management and leadership\n"),
    ],
)  # fmt: skip
def test_heading_wording_variants(seed, old, new):
    path, original = seed
    report = parse_text(path.read_text("utf-8").replace(old, new), "variant.txt")
    got, want = comparable(report), comparable(original)
    assert got["area"] == want["area"]
    assert got["findings"] == want["findings"]


def test_rate_in_brackets():
    text = LETTER.format(**BASE).replace("was 37.7%. This was", "(37.7%) was")
    r = parse_text(text, "bracket.txt")
    assert (r.rate.reoffending_rate, r.rate.vs_previous_year, r.rate.national_average) == (
        37.7,
        "worse",
        38.1,
    )


@pytest.mark.parametrize("label", ["Publication date", "Date of publication", "Published", "Date"])
def test_publication_date_labels(label):
    r = parse_text(LETTER.format(**BASE).replace("Publication date:", f"{label}:"), "label.txt")
    assert r.publication_date == date(2014, 3, 4)


def test_synthetic_files_are_flagged():
    from sqs_analysis.ingest.model import SYNTHETIC_BANNER

    r = parse_text(SYNTHETIC_BANNER + "\n\n" + LETTER.format(**BASE), "synthetic.txt")
    assert any("synthetic" in i.message for i in r.issues)
    assert not any("synthetic" in i.message for i in letter().issues)


def test_an_output_folder_inside_the_data_folder_is_not_read(tmp_path):
    from sqs_analysis.ingest.corpus import parse_corpus

    (tmp_path / "briefings" / "b1").mkdir(parents=True)
    (tmp_path / "briefings" / "b1" / "briefing.html").write_text("<html>old briefing</html>")
    (tmp_path / "letter.txt").write_text(LETTER.format(**BASE), "utf-8")
    corpus = parse_corpus([tmp_path], exclude=[tmp_path / "briefings"])
    assert [f["source_file"] for f in corpus.files] == ["letter.txt"]
    assert not corpus.failed_files


def test_parallel_parsing_gives_the_same_corpus(tmp_path, monkeypatch):
    import sqs_analysis.ingest.corpus as corpus_module

    for i, seed_path in enumerate(SEEDS * 3):
        (tmp_path / f"{i}_{seed_path.name}").write_bytes(seed_path.read_bytes())
    (tmp_path / "empty.txt").write_text("")
    sequential = corpus_module.parse_corpus([tmp_path])
    forks: list[str] = []
    alone = corpus_module.parse_corpus([tmp_path], workers=2, before_fork=lambda: forks.append(""))
    assert forks == []  # too few files for worker processes: nothing forked, nothing called
    monkeypatch.setattr(corpus_module, "PARALLEL_MIN_FILES", 2)
    parallel = corpus_module.parse_corpus(
        [tmp_path], workers=2, before_fork=lambda: forks.append("forking")
    )
    assert forks == ["forking"]
    assert alone.files == sequential.files
    assert parallel.files == sequential.files
    assert parallel.issues == sequential.issues
    assert [comparable(r) for r in parallel.reports] == [comparable(r) for r in sequential.reports]
    assert [f["status"] for f in parallel.files].count("duplicate") == 4


@pytest.mark.parametrize(
    "old,new",
    [
        ("reoffending rate{marker} for {area} was", "reoffending rate{marker} for {area} published in January 2014 was"),
        ("reoffending rate{marker} for {area} was", "reoffending rate{marker} for {area} Youth Offending Team was"),
        ("youth offending work in {area}\n", "youth offending work: {area}\n"),
        ("youth offending work in {area}\n", "youth offending work in\n{area}\n"),
    ],
)  # fmt: skip
def test_area_is_not_extended_by_other_words(old, new):
    assert old in LETTER
    r = parse_text(LETTER.replace(old, new).format(**BASE), "area.txt")
    assert r.area == "Westshire"


def test_a_title_wrapped_inside_a_place_name_is_made_whole():
    text = LETTER.replace(
        "youth offending work in {area}\n", "youth offending work in Brighton and\nHove\n"
    )
    r = parse_text(text.format(**(BASE | {"area": "Brighton and Hove"})), "wrapped.txt")
    assert r.area == "Brighton and Hove"


@pytest.mark.parametrize(
    "footnote",
    [
        "Published January 2014 for the cohort of offenders from April 2011 to March 2012. Source: Ministry of Justice",
        "Published January 2014, based on the cohort between April 2011 and March 2012. Source: Ministry of Justice",
    ],
)
def test_cohort_phrasings(footnote):
    text = LETTER.replace(
        "{footnote_marker} Published {rate_month} based on binary reoffending rates after 12 months "
        "for the {cohort} cohort. Source: Ministry of Justice",
        "{footnote_marker} " + footnote,
    )
    r = parse_text(text.format(**BASE), "cohort.txt")
    assert (r.rate.cohort_start, r.rate.cohort_end, r.rate.rate_published) == (
        "2011-04",
        "2012-03",
        "2014-01",
    )


def test_sample_size_with_words_in_between():
    text = LETTER.replace(
        "We examined {cases} cases of children",
        "We examined the work of the service in {cases} cases of children",
    )
    assert parse_text(text.format(**BASE), "cases.txt").cases_examined == 12


def test_a_group_larger_than_the_sample_is_flagged():
    text = LETTER.replace("in 9 of the 12 relevant cases", "in 9 of the 40 relevant cases")
    r = parse_text(text.format(**BASE), "big.txt")
    assert any("larger than the 12 cases examined" in i.message for i in r.issues)
    assert not any("larger than" in i.message for i in letter().issues)


@pytest.mark.parametrize("written", ["04/03/2014", "04.03.2014", "March 4, 2014", "March 4th 2014"])
def test_publication_dates_written_other_ways(written):
    """A date field in figures is day first, as British letters write it."""
    assert letter(published=written).publication_date == date(2014, 3, 4)


def test_a_date_in_figures_that_is_no_day_is_left_empty():
    r = letter(published="31/02/2014")
    assert r.publication_date is None
    assert any("no publication date" in i.message for i in r.issues)


def test_fao_labels_the_recipient():
    r = parse_text(LETTER.format(**BASE).replace("To:", "FAO:"), "fao.txt")
    assert r.recipient == "Alex Chair"


def test_html_white_space_and_list_labels_read_as_the_page_shows_them():
    from sqs_analysis.ingest.readers.html import html_text

    assert "Copy to:" in html_text("<p><b>Copy\nto:</b></p>")
    assert "a\nb" in html_text("<pre>a\n  b</pre>")  # a line break in <pre> stays
    floated = '<p><span style="display:block;float:left">1.1.</span>The initial</p>'
    assert "1.1.\tThe initial" in html_text(floated)


def test_paragraphs_glued_or_broken_by_an_export_are_put_right():
    from sqs_analysis.ingest.normalise import normalise

    glued = normalise("Key strengths\n\nReports were good.It was apparent that staff cared.")
    assert glued.lines == [
        "Key strengths",
        "",
        "Reports were good.",
        "",
        "It was apparent that staff cared.",
    ]
    broken = normalise("The published reoffending rate\n\nfor Knowsley was 37.0%.\n\nNext.")
    assert broken.lines == [
        "The published reoffending rate",
        "for Knowsley was 37.0%.",
        "",
        "Next.",
    ]
    # a web address or an abbreviation is not a paragraph's end
    kept = normalise("See www.justice.gov.uk for more, e.g. the SQS criteria.")
    assert kept.lines == ["See www.justice.gov.uk for more, e.g. the SQS criteria."]
