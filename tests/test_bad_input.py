"""Whatever analysts download, a bad file is named and skipped, and the rest of the batch stands.

Every derived input starts from the real reports in ``data/raw`` (truncated, re-encoded,
copied, renamed) except the few files that must not be reports at all.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_cli

from sqs_analysis.ingest.corpus import parse_corpus, parse_file
from sqs_analysis.ingest.parse import parse_text

HUGE_BYTES = 40 * 1024 * 1024
HUGE_SECONDS = 60
HUGE_PEAK_MB = 600

MEETING_MINUTES = """\
Youth Offending Service Management Board
Minutes of the meeting held on 12 July 2016

Present: the Chair, the Head of Service, the police representative, the health lead.

1. Apologies were received from the Director of Children's Services.
2. The board discussed the Short Quality Screening (SQS) letter from HM Inspectorate of
   Probation. The Head of Service said that most actions were complete and that plans for all
   children and young people would now be reviewed within six weeks.
3. Performance: the reoffending rate was 41.0%, against 38.0% for England and Wales.
4. Any other business: none. Next meeting 11 October 2016.
"""

OTHER_INSPECTORATE = """\
Ofsted
Inspection of local authority children's services

Dates of inspection: 4 to 15 January 2016
Lead inspector: A Person

Judgement: Requires improvement to be good

The local authority's services for children in need of help and protection were reviewed in
most of the cases seen. Children and young people were safeguarded in the majority of cases.
"""


def errors(issues) -> list:
    return [i for i in issues if i.severity == "error"]


def assert_refused(path: Path, *words: str) -> str:
    """``path`` yields no report, one error naming it, and a failed manifest row."""
    report, issues, row = parse_file(path)
    assert report is None
    [error] = errors(issues)
    assert error.source_file == path.name
    assert "\n" not in error.message and error.message.strip()
    assert "internal error" not in error.message, "the reader should name the problem"
    for word in words:
        assert word in error.message.lower(), (word, error.message)
    assert row["status"] == "failed"
    assert row["source_file"] == path.name
    return error.message


# ------------------------------------------------------------------ unreadable files


@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.md", "empty.html"])
def test_empty_file_is_refused(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    assert_refused(path, "empty")


def test_whitespace_only_file_is_refused(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_bytes(b" \n\r\n\t \n")
    assert_refused(path, "empty")


def test_random_bytes_named_pdf_are_refused(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(os.urandom(20_000))
    assert_refused(path, "pdf")


def test_truncated_pdf_is_refused(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 5, "Report of Short Quality Screening (SQS) of youth offending work")
    data = bytes(pdf.output())
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 3])
    message = assert_refused(path)
    assert "pdf" in message.lower()


def test_random_bytes_named_txt_are_refused(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(os.urandom(20_000))
    assert_refused(path, "binary")


def test_pdf_without_a_text_layer_is_refused(tmp_path):
    from fpdf import FPDF
    from PIL import Image

    image = tmp_path / "scan.png"
    Image.new("RGB", (200, 120), (180, 180, 180)).save(image)
    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(30, 30, 30)
    pdf.rect(20, 20, 120, 60, style="F")
    pdf.image(str(image), x=20, y=100, w=100)
    path = tmp_path / "scanned.pdf"
    pdf.output(str(path))
    assert_refused(path, "text")


def test_unsupported_suffix_is_refused(tmp_path, raw_reports):
    path = tmp_path / "report.xlsx"
    shutil.copy(raw_reports[0], path)
    assert_refused(path, "unsupported")


def test_old_binary_word_file_without_libreoffice_is_refused_saying_how_to_read_it(
    tmp_path, monkeypatch
):
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4096))
    monkeypatch.setenv("SQS_ANALYSIS_OFFICE", "off")
    message = assert_refused(path, ".doc")
    assert "apt-get install libreoffice-writer-nogui" in message
    assert ".docx" in message and "pdf" in message.lower()


PUBLISHED = Path(__file__).resolve().parent / "fixtures" / "published"


def _a_published(suffix: str) -> Path:
    return sorted(PUBLISHED.glob(f"*{suffix}"))[0]


@pytest.mark.parametrize(
    "content,words",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096), ["password", ".doc"]),
        (b"This is a text file called .docx\n" * 20, ["not a word .docx file"]),
        (None, ["corrupt"]),  # a real .docx cut short
    ],
    ids=["ole-container", "text-renamed", "truncated"],
)
def test_bad_word_files_are_refused(tmp_path, content, words):
    path = tmp_path / "report.docx"
    if content is None:
        data = _a_published(".docx").read_bytes()
        content = data[: len(data) // 2]
    path.write_bytes(content)
    assert_refused(path, *words)


def test_word_file_that_unpacks_to_too_much_is_refused_without_unpacking(tmp_path):
    import zipfile

    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1 << 20)
            for _ in range(260):
                member.write(chunk)
    assert path.stat().st_size < 2_000_000
    started = time.monotonic()
    assert_refused(path, "unpacks to")
    assert time.monotonic() - started < 5


def test_password_protected_pdf_is_refused(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(_a_published(".pdf")).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    assert_refused(path, "password")


@pytest.mark.slow
def test_a_200_page_pdf_is_refused_in_bounded_time_and_memory(tmp_path):
    """Too many pages for a letter: refused from the page count, before any page is read."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for n in range(200):
        pdf.add_page()
        pdf.multi_cell(0, 5, f"Report of Short Quality Screening, page {n + 1}. " * 40)
    path = tmp_path / "long.pdf"
    pdf.output(str(path))
    seconds, peak_mb, out = _parse_in_fresh_process(path, timeout=HUGE_SECONDS)
    lines = out.strip().splitlines()
    assert lines[0] == "failed"
    assert "error PDF has 200 pages" in lines[1]
    assert seconds < 20
    assert peak_mb < HUGE_PEAK_MB


def test_missing_file_is_an_error_and_the_batch_goes_on(tmp_path, raw_reports):
    corpus = parse_corpus([tmp_path / "no-such-report.txt", raw_reports[0]])
    assert len(corpus.reports) == 1
    assert any(
        i.source_file == "no-such-report.txt" and i.severity == "error" for i in corpus.issues
    )


def _parse_in_fresh_process(path: Path, timeout: float) -> tuple[float, float, str]:
    """Parse ``path`` in a fresh interpreter: (seconds, peak resident MB, stdout), the stdout
    being the file's status, then one line per issue, then the peak in KB."""
    code = textwrap.dedent(
        f"""
        import resource
        from sqs_analysis.ingest.corpus import parse_file
        report, issues, row = parse_file({str(path)!r})
        print(row["status"])
        for issue in issues:
            print(issue.severity, issue.message.replace(chr(10), " "))
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        """
    )
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"parsing {path.name} did not finish in {timeout} s")
    seconds = time.monotonic() - start
    assert proc.returncode == 0, err
    peak_kb = float(out.strip().splitlines()[-1])
    return seconds, peak_kb / 1024, out


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".txt", ".pdf"])
def test_huge_file_is_handled_in_bounded_time_and_memory(tmp_path, raw_texts, suffix):
    """40 MB: a clear refusal or a parse, never a hang or a memory blow-up."""
    path = tmp_path / f"huge{suffix}"
    if suffix == ".txt":
        text = "\n".join(raw_texts.values())
        with path.open("w", encoding="utf-8") as fh:
            while fh.tell() < HUGE_BYTES:
                fh.write(text)
    else:
        with path.open("wb") as fh:
            fh.write(b"%PDF-1.4\n")
            while fh.tell() < HUGE_BYTES:
                fh.write(os.urandom(1 << 20))
    seconds, peak_mb, out = _parse_in_fresh_process(path, timeout=HUGE_SECONDS)
    lines = out.strip().splitlines()
    status = lines[0]
    assert status in ("failed", "parsed")
    if status == "failed":
        assert any(line.startswith("error ") for line in lines[1:-1]), out
    assert seconds < HUGE_SECONDS
    assert peak_mb < HUGE_PEAK_MB, f"peak memory {peak_mb:.0f} MB"


# ------------------------------------------------------------------ encodings


def _curly(text: str) -> str:
    """The report as a word processor would type it: curly quotes and apostrophes."""
    text = re.sub(r"(\w)'(\w)", "\\1\u2019\\2", text)
    text = re.sub(r'"(\*?\w)', "\u201c\\1", text)
    return re.sub(r'(\S)"', "\\1\u201d", text)


def _with_pound_in_first_strength(text: str) -> str:
    """Add a pound sign to the first bullet under 'Key strengths'."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if "key strengths" in line.lower())
    first = next(i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("-"))
    lines[first] = lines[first].rstrip().rstrip(".") + ", costing £1,500 a year."
    return "\n".join(lines)


def _comparable(report) -> dict:
    """What a parse says, without the file's own name and hash."""
    from sqs_analysis.tables import report_row

    row = report_row(report)
    for key in ("source_file", "source_sha256", "source_format"):
        row.pop(key)
    return {
        "row": row,
        "judgements": [
            (
                j.paragraph,
                j.seq,
                j.polarity,
                j.quantifier,
                j.numerator,
                j.denominator,
                j.sufficiency,
            )
            for j in report.judgements
        ],
        "findings": [(f.paragraph, f.domain, f.text) for f in report.findings],
        "strengths": report.strengths,
        "improvements": report.improvements,
        "copy_list": report.copy_list,
    }


@pytest.mark.parametrize("index", [0, 1])
def test_windows_1252_file_reads_like_utf8(tmp_path, raw_reports, index):
    text = _with_pound_in_first_strength(_curly(raw_reports[index].read_text("utf-8")))
    utf8 = tmp_path / "utf8.txt"
    utf8.write_bytes(text.encode("utf-8"))
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))

    expected, _, _ = parse_file(utf8)
    got, issues, row = parse_file(legacy)
    assert expected is not None and got is not None, issues
    assert _comparable(got) == _comparable(expected)
    assert "£1,500" in got.strengths[0]
    assert "–" in (got.rate.cohort_evidence or ""), got.rate.cohort_evidence
    assert not errors(issues)
    assert row["status"] == "parsed"


@pytest.mark.parametrize("index", [0, 1])
def test_utf8_with_bom_and_crlf_reads_like_plain_utf8(tmp_path, raw_reports, index):
    original = raw_reports[index]
    variant = tmp_path / "bom-crlf.txt"
    variant.write_bytes(
        b"\xef\xbb\xbf" + original.read_text("utf-8").replace("\n", "\r\n").encode()
    )
    expected, _, _ = parse_file(original)
    got, issues, _ = parse_file(variant)
    assert got is not None, issues
    assert _comparable(got) == _comparable(expected)
    assert not (got.recipient or "").startswith("\ufeff")
    assert all("\r" not in f.text for f in got.findings)


# ------------------------------------------------------------------ not an SQS report


@pytest.mark.parametrize(
    ("name", "text"),
    [("board-minutes.txt", MEETING_MINUTES), ("ofsted-letter.md", OTHER_INSPECTORATE)],
)
def test_document_that_is_not_an_sqs_report_is_refused(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    message = assert_refused(path)
    assert "sqs" in message.lower() or "short quality screening" in message.lower()


def test_not_an_sqs_report_does_not_reach_the_tables(tmp_path, raw_reports):
    (tmp_path / "board-minutes.txt").write_text(MEETING_MINUTES, encoding="utf-8")
    shutil.copy(raw_reports[0], tmp_path / raw_reports[0].name)
    from sqs_analysis.tables import load_tables

    tables = load_tables(tmp_path)
    assert list(tables.reports["source_file"]) == [raw_reports[0].name]
    files = tables.files.set_index("source_file")
    assert files.loc["board-minutes.txt", "status"] == "failed"


# ------------------------------------------------------------------ truncated report


def _cut_inside_paragraph(text: str, number: str, keep: int = 150) -> str:
    """The text as if the download stopped ``keep`` characters into paragraph ``number``."""
    match = re.search(rf"^\W*{re.escape(number)}\.?\s", text, re.M)
    assert match, f"no paragraph {number}"
    cut = match.start() + keep
    while text[cut - 1].isspace():
        cut += 1
    return text[:cut]


@pytest.mark.parametrize("index", [0, 1])
def test_report_cut_off_mid_paragraph_keeps_what_it_has_and_invents_nothing(
    tmp_path, raw_reports, golds, index
):
    source = raw_reports[index]
    gold = golds[source.name]["report"]
    path = tmp_path / "cut-off.txt"
    path.write_text(_cut_inside_paragraph(source.read_text("utf-8"), "3.2"), encoding="utf-8")

    report, issues, row = parse_file(path)
    assert report is not None and row["status"] == "parsed"
    # what the cut-off text still holds is right
    assert report.rate.reoffending_rate == gold["reoffending_rate"]
    assert report.rate.national_average == gold["national_average"]
    assert report.cases_examined == gold["cases_examined"]
    assert report.area == gold["area"]
    # nothing after the cut is invented
    assert report.strengths == []
    assert report.improvements == []
    assert report.copy_list == []
    assert report.lead_inspector is None
    assert [f.paragraph for f in report.findings][-1] == "3.2"
    assert all(f.paragraph < "3.3" for f in report.findings)
    # and it says so
    warnings = [i.message for i in issues if i.severity == "warning"]
    assert any("truncated" in m or "cut off" in m for m in warnings), warnings


def test_cut_off_report_has_no_strength_rows_but_its_rate(tmp_path, raw_reports, golds):
    from sqs_analysis.tables import load_tables

    source = raw_reports[0]
    (tmp_path / "cut-off.txt").write_text(
        _cut_inside_paragraph(source.read_text("utf-8"), "3.2"), encoding="utf-8"
    )
    tables = load_tables(tmp_path)
    [rid] = list(tables.reports["report_id"])
    assert tables.strengths[tables.strengths["report_id"] == rid].empty
    assert tables.improvements[tables.improvements["report_id"] == rid].empty
    rate = tables.reports.set_index("report_id").loc[rid, "reoffending_rate"]
    assert rate == golds[source.name]["report"]["reoffending_rate"]
    issues = tables.parse_issues
    assert (issues["source_file"] == "cut-off.txt").any()


# ------------------------------------------------------------------ duplicates and names


def test_same_report_under_two_names_is_counted_once(tmp_path, raw_reports):
    original = raw_reports[0]
    shutil.copy(original, tmp_path / "a-southend.txt")
    shutil.copy(original, tmp_path / "b-southend (copy).txt")
    corpus = parse_corpus([tmp_path])
    assert len(corpus.reports) == 1
    statuses = {f["source_file"]: f["status"] for f in corpus.files}
    assert statuses == {"a-southend.txt": "parsed", "b-southend (copy).txt": "duplicate"}
    dup = [i for i in corpus.issues if i.source_file == "b-southend (copy).txt"]
    assert len(dup) == 1 and "duplicate" in dup[0].message and "a-southend.txt" in dup[0].message
    assert not corpus.failed_files


def test_same_report_in_another_encoding_is_counted_once(tmp_path, raw_reports):
    original = raw_reports[1]
    shutil.copy(original, tmp_path / "a.txt")
    (tmp_path / "b.md").write_bytes(
        b"\xef\xbb\xbf" + original.read_text("utf-8").replace("\n", "\r\n").encode()
    )
    corpus = parse_corpus([tmp_path])
    assert len(corpus.reports) == 1
    assert sorted(f["status"] for f in corpus.files) == ["duplicate", "parsed"]


NAMES = [
    "Southend YOS report June 2016.txt",
    "Knowsley – SQS (Nov 2015) é ü 報告.md",
]


def test_file_names_with_spaces_and_non_ascii_survive(tmp_path, raw_reports):
    folder = tmp_path / "in put é"
    folder.mkdir()
    for name, source in zip(NAMES, raw_reports, strict=True):
        shutil.copy(source, folder / name)
    out = tmp_path / "out"
    result = run_cli("parse", folder, "--out", out)
    assert result.returncode == 0, result.stderr
    files = pd.read_csv(out / "files.csv", dtype=str, encoding="utf-8")
    assert sorted(files["source_file"]) == sorted(NAMES)
    assert set(files["status"]) == {"parsed"}
    reports = pd.read_csv(out / "reports.csv", dtype=str, encoding="utf-8")
    assert sorted(reports["source_file"]) == sorted(NAMES)


@pytest.mark.parametrize(
    "name", ["line\nbreak.txt", "escape \x1b[31mred\x1b[0m.txt", "carriage\rreturn.txt"]
)
def test_control_characters_in_a_file_name_cannot_break_or_colour_the_output(tmp_path, name):
    """One problem is one line on stderr, whatever the file is called; the name is kept
    exactly in the manifest."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(b"")
    out = tmp_path / "out"
    result = run_cli("parse", folder, "--out", out)
    assert result.returncode == 1
    problem_lines = [line for line in result.stderr.splitlines() if "file is empty" in line]
    assert len(problem_lines) == 1, result.stderr
    visible_parts = [part for part in re.split(r"[\x00-\x1f]+", name) if part]
    assert all(part in problem_lines[0] for part in visible_parts), result.stderr
    assert "\x1b" not in result.stderr and "\r" not in result.stderr
    files = pd.read_csv(out / "files.csv", dtype=str, keep_default_na=False)
    assert list(files["source_file"]) == [name]


# ------------------------------------------------------------------ the command line


def test_cli_names_each_bad_file_and_exits_1(tmp_path, raw_reports):
    folder = tmp_path / "downloads"
    folder.mkdir()
    shutil.copy(raw_reports[0], folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.pdf").write_bytes(os.urandom(4096))
    (folder / "minutes.txt").write_text(OTHER_INSPECTORATE, encoding="utf-8")
    out = tmp_path / "out"

    result = run_cli("parse", folder, "--out", out)
    assert result.returncode == 1, result.stderr
    for name in ("empty.txt", "junk.pdf", "minutes.txt"):
        lines = [line for line in result.stderr.splitlines() if f"{name}: " in line]
        assert len(lines) == 1, (name, result.stderr)
    assert not any("good.txt: " in line for line in result.stderr.splitlines())
    assert "Traceback" not in result.stderr
    reports = pd.read_csv(out / "reports.csv", dtype=str)
    assert list(reports["source_file"]) == ["good.txt"]
    files = pd.read_csv(out / "files.csv", dtype=str).set_index("source_file")
    assert files["status"].to_dict() == {
        "empty.txt": "failed",
        "good.txt": "parsed",
        "junk.pdf": "failed",
        "minutes.txt": "failed",
    }


def test_cli_exits_0_when_every_file_parses(tmp_path, raw_reports):
    out = tmp_path / "out"
    result = run_cli("parse", *raw_reports, "--out", out)
    assert result.returncode == 0, result.stderr
    assert len(pd.read_csv(out / "reports.csv")) == len(raw_reports)


def test_parse_text_refuses_text_without_a_report():
    from sqs_analysis.ingest.parse import NotAnSQSReport

    with pytest.raises(NotAnSQSReport):
        parse_text("", source_file="x.txt", sha256="0" * 64, fmt="text")
    with pytest.raises(NotAnSQSReport):
        parse_text(OTHER_INSPECTORATE, source_file="ofsted.txt")
    with pytest.raises(NotAnSQSReport):
        parse_text(os.urandom(3000).decode("latin-1"), source_file="noise.txt")


# ------------------------------------------------------------------ faults while briefing

HANG_SECONDS = 3


@pytest.mark.slow
def test_hanging_notebook_is_stopped_by_the_timeout_with_a_clear_message(tmp_path, raw_reports):
    import nbformat

    from sqs_analysis.briefing import NOTEBOOKS, BriefingError, default_notebooks_dir, run_briefing

    notebooks = tmp_path / "notebooks"
    shutil.copytree(default_notebooks_dir(), notebooks)
    hanging = notebooks / NOTEBOOKS[0]
    nb = nbformat.read(hanging, as_version=4)
    after_parameters = next(
        i for i, cell in enumerate(nb.cells) if "parameters" in cell.metadata.get("tags", [])
    )
    nb.cells.insert(after_parameters + 1, nbformat.v4.new_code_cell("while True:\n    pass"))
    nbformat.write(nb, hanging)

    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(raw_reports[0], data / raw_reports[0].name)
    started = time.monotonic()
    with pytest.raises(BriefingError) as caught:
        run_briefing(
            data,
            tmp_path / "out",
            timeout=HANG_SECONDS,
            notebooks_dir=notebooks,
            progress=lambda _: None,
        )
    elapsed = time.monotonic() - started
    message = str(caught.value)
    assert NOTEBOOKS[0] in message and "timed out" in message, message
    assert f"{HANG_SECONDS} s" in message and "\n" not in message
    assert elapsed < 90, f"stopping a hung notebook took {elapsed:.0f} s"


def test_a_letter_whose_title_was_lost_is_still_read_from_its_parts(tmp_path):
    """A copy that lost its title line, and names the SQS nowhere else, is an SQS letter by
    its parts (dates, sample, rate, findings, strengths): it parses, and says how it was known."""
    letter = Path(__file__).parent / "fixtures" / "letters" / "constructed-tameside-2013.txt"
    text = "\n".join(
        line
        for line in letter.read_text("utf-8").splitlines()
        if "SHORT QUALITY SCREENING" not in line
    )
    assert "sqs" not in text.lower() and "short quality screening" not in text.lower()
    path = tmp_path / "untitled.txt"
    path.write_text(text, encoding="utf-8")
    report, issues, row = parse_file(path)
    assert report is not None and row["status"] == "parsed", issues
    assert len(report.judgements) == 7
    assert any("read as an SQS letter from its parts" in i.message for i in report.issues)
