"""Renderers: the same synthetic report as markdown, PDF-style plain text, HTML or a real PDF."""

from __future__ import annotations

import random
import textwrap

from generators.model import BANNER, FOOTNOTE_MARK, SynthReport


def render_markdown(report: SynthReport, rng: random.Random) -> str:
    """Markdown like the bundled reports: inline ``<i>``/``<sup>``, loose heading levels."""
    v = report.variants
    header_style = rng.choice(("tabs", "table"))
    v["md_header"] = header_style
    heading_style = rng.choice(("hashes", "bold", "plain"))
    v["md_headings"] = heading_style
    mark = rng.choice(("<sup>1</sup>", "¹"))
    v["md_footnote_mark"] = "sup" if mark.startswith("<") else "unicode"
    para_style = rng.choice(("- {n}. ", "{n}. ", "- {n} "))
    v["md_paragraph_style"] = para_style.strip()
    split_paragraph = rng.random() < 0.25
    v["md_footnote"] = "page_break_in_1.1" if split_paragraph else "after_summary"

    def heading(text: str, level: int) -> str:
        if heading_style == "plain":
            return text
        if heading_style == "bold":
            return f"{'#' * max(level, 2)} **{text}**" if level > 1 else f"## {text}"
        return f"{'#' * (level + 1)} {text}"

    out: list[str] = [BANNER, ""]
    if header_style == "tabs":
        out += [f"<i>{label}</i>\t{value}" for label, value in report.header]
    else:
        out += ["| | |", "|---|---|"]
        out += [f"| <i>{label}</i> | {value} |" for label, value in report.header]
    out += ["", heading(report.title, 1), ""]
    out += [*report.sections["opening"], ""]
    out += [heading("Context", 2), "", *report.sections["context"], ""]
    out += [heading("Summary", 2), ""]
    footnote_block = f"{mark} {report.footnote}"
    for text in report.sections["summary"]:
        out += [text.replace(FOOTNOTE_MARK, mark), ""]
    if not split_paragraph:
        out += [footnote_block, ""]
    out += [heading(report.commentary_heading, 2), ""]
    domain = 0
    for para in report.paragraphs:
        number = int(para.paragraph.split(".")[0])
        if number != domain:
            domain = number
            out += [heading(f"{number}. {report.domain_headings[number]}", 3), ""]
        lead = para_style.format(n=para.paragraph)
        if split_paragraph and para.paragraph == "1.1":
            words = para.text.split(" ")
            cut = max(3, len(words) * 2 // 3)
            out += [lead + " ".join(words[:cut]), "", "---", "", footnote_block, ""]
            out += [" ".join(words[cut:]), ""]
        else:
            out += [lead + para.text, ""]
    out += [heading("Operational management", 2), ""]
    for text in report.sections["operational_management"]:
        out += [text, ""]
    out += [heading("Key strengths", 2), ""]
    out += [f"- {s}" for s in report.strengths] + [""]
    out += [heading(report.improvements_heading, 2), ""]
    out += [f"- {s}" for s in report.improvements] + [""]
    for text in report.closing:
        out += [text, ""]
    if header_style == "tabs":
        out += ["Copy to:", ""]
        out += [f"{role}\t<i>{names}</i>" for role, names in report.copy_list]
    else:
        out += ["| | |", "|--|---|", "| Copy to: | |"]
        out += [f"| {role} | <i>{names}</i> |" for role, names in report.copy_list]
    out += [""]
    for note in report.notes:
        out += [note, ""]
    return "\n".join(out).rstrip() + "\n"


class _Pager:
    """Lays lines out on pages with running headers, footers and page numbers."""

    def __init__(self, report: SynthReport, rng: random.Random, width: int):
        self.width = width
        self.lines_per_page = rng.randint(46, 58)
        self.header = rng.choice(
            (
                f"Short Quality Screening: {report.area}",
                f"HMI Probation SQS - {report.area} {report.fields['service_type']}",
            )
        )
        self.number_style = rng.choice(("Page {n}", "{n}", "- {n} -", "Page {n} of {total}"))
        report.variants["text_page_number"] = self.number_style
        self.pages: list[list[str]] = [[]]
        self.footnote: list[str] | None = None
        self.pending_footnote: list[str] | None = None

    def add_block(self, lines: list[str]) -> None:
        page = self.pages[-1]
        room = self.lines_per_page - len(page) - (len(self.pending_footnote or []) + 1)
        if page and len(lines) > room:
            self.pages.append([])
            page = self.pages[-1]
            self._flush_footnote(len(self.pages) - 2)
        page.extend([*lines, ""])

    def add_footnote(self, lines: list[str]) -> None:
        self.pending_footnote = lines

    def _flush_footnote(self, index: int) -> None:
        if self.pending_footnote:
            self.pages[index].extend(self.pending_footnote)
            self.pending_footnote = None

    def render(self) -> str:
        self._flush_footnote(len(self.pages) - 1)
        total = len(self.pages)
        out: list[str] = []
        for i, page in enumerate(self.pages, start=1):
            if i == 1:
                out += [BANNER, ""]
            else:
                out += [self.header, ""]
            out += page
            out += ["", self.number_style.format(n=i, total=total), "\f" if i < total else ""]
        return "\n".join(out).rstrip() + "\n"


def render_text(report: SynthReport, rng: random.Random) -> str:
    """Plain text as a PDF extractor gives it: hard-wrapped lines and page furniture."""
    width = rng.randint(80, 95)
    report.variants["text_width"] = str(width)
    indent = rng.choice(("", "     "))
    pager = _Pager(report, rng, width)

    def wrap(text: str, first: str = "", rest: str = "") -> list[str]:
        return textwrap.wrap(
            text,
            width=width,
            initial_indent=first,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        )

    def glue(text: str) -> str:
        return text.replace(FOOTNOTE_MARK, "1")

    pager.add_block(
        [
            line
            for label, value in report.header
            for line in wrap(value, f"{label} ", " " * (len(label) + 1))
        ]
    )
    pager.add_block(wrap(report.title))
    for text in report.sections["opening"]:
        pager.add_block(wrap(text))
    pager.add_block(["Context"])
    pager.add_block(wrap(report.sections["context"][0]))
    pager.add_block(["Summary"])
    for text in report.sections["summary"]:
        pager.add_block(wrap(glue(text)))
    pager.add_footnote(wrap(f"1 {report.footnote}"))
    pager.add_block([report.commentary_heading])
    domain = 0
    for para in report.paragraphs:
        number = int(para.paragraph.split(".")[0])
        lines = wrap(para.text, f"{para.paragraph}. ", indent)
        if number != domain:  # a heading stays with its first paragraph
            domain = number
            lines = [f"{number}. {report.domain_headings[number]}", "", *lines]
        pager.add_block(lines)
    pager.add_block(["Operational management"])
    for text in report.sections["operational_management"]:
        pager.add_block(wrap(text))
    pager.add_block(["Key strengths"])
    pager.add_block([line for s in report.strengths for line in wrap(s, "• ", "  ")])
    pager.add_block([report.improvements_heading])
    pager.add_block([line for s in report.improvements for line in wrap(s, "• ", "  ")])
    for text in report.closing:
        pager.add_block(wrap(text))
    role_width = min(max(len(r) for r, _ in report.copy_list) + 3, width // 2)
    copy_lines = ["Copy to:"]
    for role, names in report.copy_list:
        column = max(role_width, len(role) + 2)
        lines = textwrap.wrap(names, width=max(width - column, 12), break_on_hyphens=False)
        copy_lines.append(role.ljust(column) + lines[0])
        copy_lines += [" " * column + line for line in lines[1:]]
    pager.add_block(copy_lines)
    for note in report.notes:
        pager.add_block(wrap(note))
    return pager.render()


def render_html(report: SynthReport, rng: random.Random) -> str:
    """A simple HTML page of the letter."""
    from html import escape

    def p(text: str) -> str:
        return f"<p>{escape(text).replace(escape(FOOTNOTE_MARK), '<sup>1</sup>')}</p>"

    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(BANNER)}: {escape(report.title)}</title></head><body>",
        f"<p><strong>{escape(BANNER)}</strong></p>",
        "<table>",
    ]
    out += [
        f"<tr><td><i>{escape(label)}</i></td><td>{escape(value)}</td></tr>"
        for label, value in report.header
    ]
    out += ["</table>", f"<h1>{escape(report.title)}</h1>"]
    out += [p(t) for t in report.sections["opening"]]
    out += ["<h2>Context</h2>", *(p(t) for t in report.sections["context"])]
    out += ["<h2>Summary</h2>", *(p(t) for t in report.sections["summary"])]
    out += [f'<p class="footnote"><sup>1</sup> {escape(report.footnote)}</p>']
    out += [f"<h2>{escape(report.commentary_heading)}</h2>"]
    domain = 0
    for para in report.paragraphs:
        number = int(para.paragraph.split(".")[0])
        if number != domain:
            if domain:
                out.append("</ul>")
            domain = number
            out += [f"<h3>{number}. {escape(report.domain_headings[number])}</h3>", "<ul>"]
        out.append(f"<li>{para.paragraph}. {escape(para.text)}</li>")
    out += ["</ul>", "<h2>Operational management</h2>"]
    out += [p(t) for t in report.sections["operational_management"]]
    out += ["<h2>Key strengths</h2>", "<ul>", *(f"<li>{escape(s)}</li>" for s in report.strengths)]
    out += ["</ul>", f"<h2>{escape(report.improvements_heading)}</h2>", "<ul>"]
    out += [f"<li>{escape(s)}</li>" for s in report.improvements] + ["</ul>"]
    out += [p(t) for t in report.closing]
    out += ["<p>Copy to:</p>", "<table>"]
    out += [
        f"<tr><td>{escape(role)}</td><td><i>{escape(names)}</i></td></tr>"
        for role, names in report.copy_list
    ]
    out += ["</table>", *(p(n) for n in report.notes), "</body></html>"]
    return "\n".join(out) + "\n"


_PDF_EPOCH = (2017, 1, 1)


def render_pdf(report: SynthReport, rng: random.Random) -> bytes:
    """A real PDF with a text layer (core Helvetica, Windows-1252), deterministic bytes."""
    from datetime import UTC, datetime

    from fpdf import FPDF

    area = report.area
    number_style = rng.choice(("Page {n}", "{n}"))
    report.variants["pdf_page_number"] = number_style

    class _Letter(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=8)
            self.cell(0, 4, BANNER, new_x="LMARGIN", new_y="NEXT")
            if self.page_no() > 1:
                self.cell(0, 4, f"Short Quality Screening: {area}", new_x="LMARGIN", new_y="NEXT")
            self.ln(3)

        def footer(self) -> None:
            self.set_y(-14)
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, number_style.format(n=self.page_no()), align="C")

    pdf = _Letter(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_creation_date(datetime(*_PDF_EPOCH, tzinfo=UTC))
    pdf.set_title(f"{BANNER}: {report.title}")
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_margins(20, 15, 20)
    pdf.add_page()

    def body(size: float = 10.5, style: str = "") -> None:
        pdf.set_font("Helvetica", style=style, size=size)

    def paragraph(text: str, lead: str = "") -> None:
        body()
        if lead:
            pdf.cell(12, 5, lead)
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    def heading(text: str, size: float = 12) -> None:
        body(size, "B")
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    for label, value in report.header:
        body(10, "I")
        pdf.cell(35, 5, label)
        body(10)
        pdf.multi_cell(0, 5, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    heading(report.title, 14)
    for text in report.sections["opening"]:
        paragraph(text)
    heading("Context")
    paragraph(report.sections["context"][0])
    heading("Summary")
    for text in report.sections["summary"]:
        body()
        before, _, after = text.partition(FOOTNOTE_MARK)
        pdf.write(5, before)
        if after:
            pdf.char_vpos = "SUP"
            pdf.write(5, "1")
            pdf.char_vpos = "LINE"
            pdf.write(5, after)
        pdf.ln(7)
    body(8)
    pdf.multi_cell(0, 4, f"1 {report.footnote}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    heading(report.commentary_heading)
    domain = 0
    for para in report.paragraphs:
        number = int(para.paragraph.split(".")[0])
        if number != domain:
            domain = number
            heading(f"{number}. {report.domain_headings[number]}", 11)
        paragraph(para.text, f"{para.paragraph}.")
    heading("Operational management")
    for text in report.sections["operational_management"]:
        paragraph(text)
    heading("Key strengths")
    for s in report.strengths:
        paragraph(s, "•")
    heading(report.improvements_heading)
    for s in report.improvements:
        paragraph(s, "•")
    for text in report.closing:
        paragraph(text)
    heading("Copy to:", 10.5)
    for role, names in report.copy_list:
        size = 9.0
        body(size)
        while pdf.get_string_width(role) > 76 and size > 6:
            size -= 0.5
            body(size)
        pdf.cell(80, 5, role)
        body(9, "I")
        pdf.multi_cell(0, 5, names, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for note in report.notes:
        body(8)
        pdf.multi_cell(0, 4, note, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    return bytes(pdf.output())
