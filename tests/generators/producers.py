"""The same letters as PDFs from other producers: Chromium, AbiWord, pdfTeX, Ghostscript, OCR.

The published fixtures (``published.py``) are Word letters exported by LibreOffice. Users also
hold copies printed from a browser, typeset with TeX, re-distilled by Ghostscript or scanned and
OCR'd, and each producer writes its text layer its own way (glyph order, spaces, hyphens,
ligatures, superscripts). This generator makes, from the two bundled letters (``data/raw``,
answer keys in ``tests/fixtures/gold``) and from two synthetic letters in other areas' words
(``generators.synth``; their answer keys are written beside the PDFs), one PDF per producer and
layout listed in :data:`FIXTURES`, and a ``manifest.json`` naming for each its producer, the
commands run, the tools' versions, its source letter, its answer key and whether it is held out
of tuning the reader.

Run ``make fixtures`` (or ``python tests/generators/producers.py``); the tools are needed only
here (chromium, abiword, pdflatex, gs, pdftoppm, tesseract, img2pdf), never by the tests.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from generators.published import (  # noqa: E402
    GOLD,
    KNOWSLEY,
    LETTERHEAD,
    LETTERHEAD_ADDRESS,
    RAW,
    SOUTHEND,
    Block,
    Layout,
    Letter,
    Run,
    build_docx,
    docx_bytes,
    parse_seed,
    plain,
)

OUT = ROOT / "tests" / "fixtures" / "producers"
SYNTH_SEED = 11
"""Seed of the synthetic letters (two areas, one year, so two letters)."""
DPI = 200
"""Resolution the scans are rasterised at (then stored as one bit per pixel)."""


@dataclass(frozen=True)
class Fixture:
    """One PDF of the zoo: which letter, made how, and whether the reader was tuned on it."""

    name: str
    source: str  # "southend", "knowsley", "synth-a", "synth-b"
    producer: str  # chromium, abiword, pdftex, ghostscript, ocr, image-only
    variant: str = ""  # chromium: "plain" or "numbers-after"; ghostscript/ocr: fixture made from
    held_out: bool = False


FIXTURES: tuple[Fixture, ...] = (
    Fixture("chromium-southend", "southend", "chromium", "plain"),
    Fixture("chromium-knowsley-numbers-after", "knowsley", "chromium", "numbers-after"),
    Fixture("chromium-synth-a-numbers-after", "synth-a", "chromium", "numbers-after", True),
    Fixture("abiword-knowsley", "knowsley", "abiword"),
    Fixture("abiword-synth-b", "synth-b", "abiword", held_out=True),
    Fixture("pdftex-knowsley", "knowsley", "pdftex"),
    Fixture("pdftex-southend", "southend", "pdftex"),
    Fixture("pdftex-synth-b", "synth-b", "pdftex", held_out=True),
    Fixture("ghostscript-pdftex-knowsley", "knowsley", "ghostscript", "pdftex-knowsley"),
    Fixture("ghostscript-chromium-knowsley", "knowsley", "ghostscript", "chromium-knowsley-numbers-after"),
    Fixture("ghostscript-chromium-synth-a", "synth-a", "ghostscript", "chromium-synth-a-numbers-after", True),
    Fixture("ocr-knowsley-4col", "knowsley", "ocr", "published:knowsley-2015-header-4col"),
    Fixture("ocr-southend-chromium", "southend", "ocr", "chromium-southend"),
    Fixture("ocr-synth-b-pdftex", "synth-b", "ocr", "pdftex-synth-b", True),
    Fixture("image-only-southend", "southend", "image-only", "chromium-southend"),
    Fixture("broken-encoding-southend", "southend", "broken-encoding", "chromium-southend"),
)  # fmt: skip


# --------------------------------------------------------------------------------------------
# Letters and their answer keys
# --------------------------------------------------------------------------------------------

_GOLD_FIELDS = json.loads((GOLD / f"{Path(SOUTHEND).stem}.json").read_text("utf-8"))["report"]
"""The fields an answer key gives (those of the bundled letters' keys)."""


def _runs(text: str) -> list[Run]:
    from generators.model import FOOTNOTE_MARK

    parts = text.split(FOOTNOTE_MARK)
    runs = [Run(parts[0])]
    for rest in parts[1:]:
        runs += [Run("1", footnote=True), Run(rest)]
    return [r for r in runs if r.text]


def synthetic_letters() -> dict[str, tuple[Letter, dict]]:
    """The two synthetic letters as letters to lay out, each with a key in the answer-key
    format of ``tests/fixtures/gold``."""
    from generators.model import BANNER
    from generators.synth import build_reports

    out = {}
    for tag, report in zip(
        ("synth-a", "synth-b"), build_reports(2, 1, ["pdf"], SYNTH_SEED), strict=True
    ):
        blocks = [Block("para", [Run(BANNER)]), Block("title", [Run(report.title)])]
        blocks += [Block("para", _runs(t)) for t in report.sections["opening"]]
        for heading, section in (("Context", "context"), ("Summary", "summary")):
            blocks.append(Block("heading", [Run(heading)]))
            blocks += [Block("para", _runs(t)) for t in report.sections[section]]
        blocks.append(Block("heading", [Run(report.commentary_heading)]))
        domain = ""
        for para in report.paragraphs:
            number = para.paragraph.split(".")[0]
            if number != domain:
                domain = number
                heading = report.domain_headings[int(number)]
                blocks.append(Block("domain", [Run(heading)], number=f"{number}."))
            blocks.append(Block("numbered", [Run(para.text)], number=f"{para.paragraph}."))
        blocks.append(Block("heading", [Run("Operational management")]))
        blocks += [Block("para", _runs(t)) for t in report.sections["operational_management"]]
        blocks.append(Block("heading", [Run("Key strengths")]))
        blocks += [Block("bullet", [Run(s)]) for s in report.strengths]
        blocks.append(Block("heading", [Run(report.improvements_heading)]))
        blocks += [Block("bullet", [Run(s)]) for s in report.improvements]
        blocks += [Block("para", [Run(t)]) for t in report.closing]
        blocks += [Block("note", [Run(t)]) for t in report.notes]
        copy = [(role, [Run(names)]) for role, names in report.copy_list]
        letter = Letter(f"synthetic {tag}", report.area, list(report.header), blocks,
                        report.footnote, copy)  # fmt: skip
        key = {
            "source": f"synthetic letter {tag} (generators.synth, seed {SYNTH_SEED})",
            "synthetic": True,
            "report": {f: report.fields[f] for f in _GOLD_FIELDS},
            "domains": {str(k): v for k, v in sorted(_domains().items())},
            "paragraphs": [p.paragraph for p in report.paragraphs],
            "judgements": [
                {
                    "paragraph": j.paragraph,
                    "core": j.required,
                    "polarity": j.polarity,
                    "count": None if j.numerator is None else [j.numerator, j.denominator],
                    "sufficiency": [j.sufficiency_low, j.sufficiency_high],
                    "evidence": j.evidence,
                }
                for j in report.judgements
            ],
            "key_strengths": report.strengths,
            "areas_for_improvement": report.improvements,
            "copy_list_size": len(report.copy_list),
        }
        out[tag] = (letter, key)
    return out


def _domains() -> dict[int, str]:
    from generators.model import DOMAINS

    return DOMAINS


# --------------------------------------------------------------------------------------------
# HTML for Chromium
# --------------------------------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 2.4cm 2.3cm 2.2cm 2.3cm;
  @top-left { content: "%(title)s"; font: 8.5pt %(font)s; }
  @top-right { content: counter(page); font: 8.5pt %(font)s; }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 8.5pt %(font)s; } }
@page :first { @top-left { content: none; } @top-right { content: none; } }
body { font: %(size)s %(font)s; line-height: 1.3; text-align: justify; hyphens: manual; }
.lh { font-weight: bold; font-size: 16pt; margin: 0; } .addr { font-size: 8pt; margin: 0 0 18pt; }
table { border-collapse: collapse; } td { vertical-align: top; padding: 0 8pt 2pt 0; }
h1 { font-size: 13pt; } h2, h3 { font-size: 11pt; margin: 10pt 0 4pt; }
ol.paras { list-style: none; padding-left: 1.1cm; margin: 0; }
ol.paras li { margin-bottom: 6pt; }
ol.paras li::marker { content: attr(data-n) "\\a0\\a0"; }
ul { padding-left: 1.1cm; }
.fn, .note { font-size: 8.5pt; } sup { font-size: 60%%; }
.np { position: relative; padding-left: 1.1cm; margin-bottom: 6pt; }
.np p { margin: 0; } .pn { position: absolute; left: 0; top: 0; }
"""


def _inline(runs: list[Run]) -> str:
    out = []
    for r in runs:
        text = escape(r.text)
        if r.footnote:
            text = f"<sup>{text}</sup>"
        elif r.italic:
            text = f"<i>{text}</i>"
        elif r.bold:
            text = f"<b>{text}</b>"
        out.append(text)
    return "".join(out)


def letter_html(letter: Letter, variant: str) -> str:
    """The letter as a page for Chromium to print. ``plain``: paragraph numbers as list
    markers (``<ol>``), bullets as text markers; ``numbers-after``: each paragraph number an
    absolutely placed element written after its paragraph, so the content stream has it after
    the text while the page shows it before, and bullets drawn as discs."""
    after = variant == "numbers-after"
    font = '"DejaVu Serif", serif' if after else 'Arial, "Liberation Sans", sans-serif'
    css = _CSS % {
        "title": escape(letter.title),
        "font": font,
        "size": "10.5pt" if after else "11pt",
    }
    css += "ul { list-style-type: disc; }" if after else 'ul { list-style-type: "•\\a0\\a0"; }'
    out = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{escape(letter.title)}"
           f"</title><style>{css}</style></head><body>",
           f"<p class='lh'>{LETTERHEAD}</p><p class='addr'>{escape(LETTERHEAD_ADDRESS)}</p>",
           "<table class='head'>"]  # fmt: skip
    out += [f"<tr><td>{escape(a)}</td><td>{escape(b)}</td></tr>" for a, b in letter.header]
    out.append("</table>")
    footnote_done = False
    open_list = ""
    for block in letter.blocks:
        if block.kind == "note":
            continue
        want = {"numbered": "ol", "bullet": "ul"}.get(block.kind, "")
        if open_list and (want != open_list or (after and want == "ol")):
            out.append(f"</{open_list}>")
            open_list = ""
        if want and not open_list and not (after and want == "ol"):
            out.append("<ol class='paras'>" if want == "ol" else "<ul>")
            open_list = want
        body = _inline(block.runs)
        if block.kind == "title":
            out.append(f"<h1>{body}</h1>")
        elif block.kind == "heading":
            out.append(f"<h2>{body}</h2>")
        elif block.kind == "domain":
            out.append(f"<h3>{block.number} {body}</h3>")
        elif block.kind == "numbered" and after:
            out.append(f"<div class='np'><p>{body}</p><span class='pn'>{block.number}</span></div>")
        elif block.kind == "numbered":
            out.append(f"<li data-n='{block.number}'>{body}</li>")
        elif block.kind == "bullet":
            out.append(f"<li>{body}</li>")
        else:
            out.append(f"<p>{body}</p>")
        if not footnote_done and any(r.footnote for r in block.runs):
            footnote_done = True
            out.append(f"<p class='fn'><sup>1</sup> {escape(letter.footnote)}</p>")
    if open_list:
        out.append(f"</{open_list}>")
    out.append("<p><b>Copy to:</b></p><table class='copy'>")
    out += [f"<tr><td>{escape(role)}</td><td><i>{_inline(names)}</i></td></tr>"
            for role, names in letter.copy_list]  # fmt: skip
    out.append("</table>")
    out += [f"<p class='note'>{_inline(b.runs)}</p>" for b in letter.blocks if b.kind == "note"]
    return "\n".join([*out, "</body></html>"]) + "\n"


# --------------------------------------------------------------------------------------------
# LaTeX for pdfTeX
# --------------------------------------------------------------------------------------------

_TEX_ESCAPES = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                "^": r"\textasciicircum{}", '"': r"\textquotedbl{}", "–": "--", "—": "---"}  # fmt: skip
_TEX_SPECIAL = re.compile("|".join(map(re.escape, _TEX_ESCAPES)))


def tex(text: str) -> str:
    return _TEX_SPECIAL.sub(lambda m: _TEX_ESCAPES[m[0]], text)


def _tex_runs(runs: list[Run], footnote: str) -> str:
    out = []
    for r in runs:
        if r.footnote:
            out.append(rf"\footnote{{{tex(footnote)}}}")
        elif r.italic:
            out.append(rf"\textit{{{tex(r.text)}}}")
        else:
            out.append(tex(r.text))
    return "".join(out)


def letter_tex(letter: Letter) -> str:
    """The letter as a LaTeX article: justified Latin Modern with TeX's own hyphenation and
    ligatures, the footnote as ``\\footnote``, paragraph numbers as list labels, a running
    header (title and page number) and a page number in the footer."""
    head = [
        r"\documentclass[11pt,a4paper]{article}",
        r"\usepackage[T1]{fontenc}\usepackage{lmodern}\usepackage[british]{babel}",
        r"\usepackage[textwidth=14.5cm,textheight=23cm]{geometry}\usepackage{fancyhdr}",
        r"\pdfinfoomitdate=1 \pdftrailerid{} \pdfsuppressptexinfo=-1",
        r"\pagestyle{fancy}\fancyhf{}\renewcommand{\headrulewidth}{0pt}",
        rf"\fancyhead[L]{{\small {tex(letter.title)}}}\fancyhead[R]{{\small\thepage}}",
        r"\fancyfoot[C]{\small\thepage}",
        r"\setlength{\parindent}{0pt}\setlength{\parskip}{5pt plus 1pt}",
        r"\begin{document}\thispagestyle{plain}",
        rf"{{\Large\bfseries {LETTERHEAD}}}\\{{\footnotesize {tex(LETTERHEAD_ADDRESS)}}}\par",
        r"\bigskip",
        r"\noindent\begin{tabular}{@{}p{3.2cm}p{11cm}@{}}",
    ]
    body = [" & ".join((tex(a), tex(b))) + r" \\" for a, b in letter.header]
    body.append(r"\end{tabular}")
    in_list = ""
    for block in letter.blocks:
        if block.kind == "note":
            continue
        want = {"numbered": "num", "bullet": "itemize"}.get(block.kind, "")
        if in_list and want != in_list:
            body.append(r"\end{list}" if in_list == "num" else r"\end{itemize}")
            in_list = ""
        if want and not in_list:
            body.append(
                r"\begin{list}{}{\setlength{\leftmargin}{1cm}\setlength{\labelwidth}{0.9cm}"
                r"\setlength{\labelsep}{0.1cm}\setlength{\itemsep}{2pt}}"
                if want == "num"
                else r"\begin{itemize}"
            )
            in_list = want
        text = _tex_runs(block.runs, letter.footnote)
        if block.kind == "title":
            body.append(rf"\medskip{{\large\bfseries {text}\par}}")
        elif block.kind == "heading":
            body.append(rf"\subsection*{{{text}}}")
        elif block.kind == "domain":
            body.append(rf"\subsubsection*{{{block.number} {text}}}")
        elif block.kind == "numbered":
            body.append(rf"\item[{block.number}] {text}")
        elif block.kind == "bullet":
            body.append(rf"\item {text}")
        else:
            body.append(text + "\n")
    if in_list:
        body.append(r"\end{list}" if in_list == "num" else r"\end{itemize}")
    body += [r"\medskip\textbf{Copy to:}\par", r"\begin{tabular}{@{}p{6.5cm}p{7.5cm}@{}}"]
    body += [
        rf"{tex(role)} & \textit{{{tex(plain(names))}}} \\" for role, names in letter.copy_list
    ]
    body.append(r"\end{tabular}\par\medskip")
    body += [rf"{{\footnotesize {tex(b.text)}\par}}" for b in letter.blocks if b.kind == "note"]
    return "\n".join([*head, *body, r"\end{document}"]) + "\n"


# --------------------------------------------------------------------------------------------
# Running the producers
# --------------------------------------------------------------------------------------------


def _run(cmd: list[str], cwd: Path, log: list[str], shown: str | None = None) -> None:
    log.append(shown or " ".join(Path(c).name if c.startswith("/") else c for c in cmd))
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
    if done.returncode:
        raise RuntimeError(f"{cmd[0]} failed ({done.returncode}): {done.stderr[-800:]}")


def version(tool: str) -> str:
    if tool == "pypdf":
        import pypdf

        return f"pypdf {pypdf.__version__}"
    args = {"chromium": ["--version"], "abiword": ["--version"], "pdflatex": ["--version"],
            "gs": ["--version"], "tesseract": ["--version"], "img2pdf": ["--version"],
            "pdftoppm": ["-v"]}[tool]  # fmt: skip
    done = subprocess.run([tool, *args], capture_output=True, text=True, timeout=60)
    return (done.stdout or done.stderr).strip().splitlines()[0]


TOOLS = {"chromium": ["chromium"], "abiword": ["abiword"], "pdftex": ["pdflatex"],
         "ghostscript": ["gs"], "ocr": ["pdftoppm", "tesseract"],
         "image-only": ["pdftoppm", "img2pdf"], "broken-encoding": ["pypdf"]}  # fmt: skip


def make_pdf(fx: Fixture, letter: Letter, made: dict[str, Path], work: Path, log: list[str]):
    """Write ``work/<name>.pdf`` with the fixture's producer."""
    pdf = work / f"{fx.name}.pdf"
    if fx.producer == "chromium":
        page = work / f"{fx.name}.html"
        page.write_text(letter_html(letter, fx.variant), "utf-8")
        _run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
              f"--print-to-pdf={pdf}", page.as_uri()], work, log,
             f"chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer "
             f"--print-to-pdf={pdf.name} {page.name}")  # fmt: skip
    elif fx.producer == "abiword":
        layout = Layout(fx.name, letter.seed, False, 2, "table", "page-x-of-y", "typed")
        doc = work / f"{fx.name}.docx"
        doc.write_bytes(docx_bytes(build_docx(letter, layout)))
        _run(["abiword", "--to=pdf", f"--to-name={pdf}", str(doc)], work, log,
             f"abiword --to=pdf --to-name={pdf.name} {doc.name}")  # fmt: skip
    elif fx.producer == "pdftex":
        (work / f"{fx.name}.tex").write_text(letter_tex(letter), "utf-8")
        for _ in range(2):  # twice: the page references settle
            _run(["pdflatex", "-interaction=batchmode", f"{fx.name}.tex"], work, log)
        log[-2:] = [f"{log[-1]}  # run twice"]
    elif fx.producer == "ghostscript":
        _run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite",
              f"-sOutputFile={pdf}", str(made[fx.variant])], work, log,
             f"gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite -sOutputFile={pdf.name} "
             f"{fx.variant}.pdf")  # fmt: skip
    elif fx.producer == "broken-encoding":
        strip_to_unicode(made[fx.variant], pdf)
        log.append(f"pypdf: {fx.variant}.pdf with every font's /ToUnicode map removed")
    else:
        pages = scan(fx, made[fx.variant], work, log)
        if fx.producer == "image-only":
            _run(["img2pdf", "-o", str(pdf), *map(str, pages)], work, log,
                 f"img2pdf -o {pdf.name} {fx.name}-*.png")  # fmt: skip
        else:
            listing = work / f"{fx.name}.txt"
            listing.write_text("".join(f"{p}\n" for p in pages))
            _run(["tesseract", str(listing), str(pdf.with_suffix("")), "-l", "eng", "pdf"],
                 work, log, f"tesseract {fx.name}.txt {fx.name} -l eng pdf  # list of the pages")  # fmt: skip
    return pdf


def strip_to_unicode(source: Path, out: Path) -> None:
    """A copy whose fonts have lost their ToUnicode maps: the glyphs print as before, the
    text layer decodes to nonsense (as in PDFs whose subset fonts were written without one)."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=source)
    for page in writer.pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            ref.get_object().pop("/ToUnicode", None)
    with out.open("wb") as handle:
        writer.write(handle)


def scan(fx: Fixture, source: Path, work: Path, log: list[str]) -> list[Path]:
    """The pages of ``source`` as a scanner gives them: rasterised at :data:`DPI`, speckled
    with a little noise, turned a fraction of a degree, stored as one bit per pixel."""
    from PIL import Image, ImageFilter

    stem = work / fx.name
    _run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(source), str(stem)], work, log,
         f"pdftoppm -r {DPI} -gray -png {source.name} {fx.name}")  # fmt: skip
    rng = random.Random(fx.name)
    out = []
    for path in sorted(work.glob(f"{fx.name}-*.png")):
        image = Image.open(path).convert("L")
        image = image.rotate(rng.uniform(-0.3, 0.3), fillcolor=255, resample=Image.BICUBIC)
        noise = Image.effect_noise(image.size, 28).filter(ImageFilter.GaussianBlur(0.6))
        image = Image.blend(image, noise, 0.18).point(lambda v: 255 if v > 150 else 0, mode="1")
        image.save(path, optimize=True, dpi=(DPI, DPI))
        out.append(path)
    log.append("(each page: rotated by up to 0.3 degrees, noise blended in, threshold to 1 bit)")
    return out


def generate(out: Path, only: list[str] | None = None) -> int:
    fixtures = [f for f in FIXTURES if not only or f.name in only or f.name in _needed(only)]
    tools = sorted({t for f in fixtures for t in TOOLS[f.producer]})
    missing = [t for t in tools if t != "pypdf" and shutil.which(t) is None]
    if missing:
        print(
            f"not found: {', '.join(missing)}; install them to make these fixtures", file=sys.stderr
        )
        return 1
    versions = {t: version(t) for t in tools}
    letters: dict[str, tuple[Letter, str, dict]] = {}
    for tag, seed in (("southend", SOUTHEND), ("knowsley", KNOWSLEY)):
        gold = f"tests/fixtures/gold/{Path(seed).stem}.json"
        letters[tag] = (
            parse_seed(RAW / seed),
            gold,
            json.loads((GOLD / Path(seed).stem).with_suffix(".json").read_text("utf-8")),
        )
    for tag, (letter, key) in synthetic_letters().items():
        where = (out / "keys" / f"{tag}.json").resolve()
        shown = where.relative_to(ROOT) if where.is_relative_to(ROOT) else where
        letters[tag] = (letter, str(shown), key)
    out.mkdir(parents=True, exist_ok=True)
    (out / "keys").mkdir(exist_ok=True)
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8")) if manifest_path.exists() else {}
    made: dict[str, Path] = {}
    with tempfile.TemporaryDirectory(prefix="sqs-producers-") as tmp:
        work = Path(tmp)
        for name in ("knowsley-2015-header-4col",):
            made[f"published:{name}"] = ROOT / "tests" / "fixtures" / "published" / f"{name}.pdf"
        for fx in fixtures:
            letter, key_path, key = letters[fx.source]
            if key.get("synthetic"):
                (ROOT / key_path).write_text(  # ROOT / an absolute path is that path
                    json.dumps(key, indent=1, ensure_ascii=False) + "\n", "utf-8"
                )
            log: list[str] = []
            pdf = made[fx.name] = make_pdf(fx, letter, made, work, log)
            shutil.copyfile(pdf, out / pdf.name)
            manifest[fx.name] = {
                "pdf": pdf.name,
                "producer": fx.producer,
                "variant": fx.variant,
                "commands": log,
                "tools": {t: versions[t] for t in TOOLS[fx.producer]},
                "source": letter.seed if fx.source in ("southend", "knowsley") else fx.source,
                "seed": f"data/raw/{letter.seed}" if not key.get("synthetic") else None,
                "answer_key": key_path,
                "held_out": fx.held_out,
                "text_layer": fx.producer not in ("image-only", "broken-encoding"),
            }
    manifest = {k: manifest[k] for k in sorted(manifest)}
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {len(fixtures)} PDFs and manifest.json to {out}")
    return 0


def _needed(only: list[str] | None) -> set[str]:
    """The fixtures the named ones are made from (a re-distilled or scanned copy)."""
    names = {f.name: f for f in FIXTURES}
    need: set[str] = set()
    for name in only or []:
        while name in names and names[name].variant in names:
            name = names[name].variant
            need.add(name)
    return need


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder (default: %(default)s)")
    parser.add_argument("names", nargs="*", help="only these fixtures (default: all)")
    args = parser.parse_args(argv)
    return generate(args.out, args.names or None)


if __name__ == "__main__":
    sys.exit(main())
