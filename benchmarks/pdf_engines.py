"""Three PDF text extractors side by side on the published-layout fixtures.

For every PDF in ``tests/fixtures/published`` (the bundled reports laid out as Word letters and
exported to PDF, see ``tests/generators/published.py``) the text layer is extracted with pypdf
(what the package used before PDFium), pdfminer.six and pypdfium2 (PDFium). Runs are
interleaved (every repeat goes through every letter with every engine, the engines' order
rotating) on one core, after a warm-up pass; the table gives each engine's median
milliseconds per letter over the repeats (wall clock and CPU time: on a shared machine the CPU
time is the steadier figure), each with its ratio to pypdfium2, the best repeat, and the time
to import the engine in a fresh interpreter.

    .venv/bin/python benchmarks/pdf_engines.py                   # timings
    .venv/bin/python benchmarks/pdf_engines.py --dump /tmp/text  # and each engine's raw text

``--dump DIR`` writes ``DIR/<engine>/<fixture>.txt``: the text exactly as the engine returns
it (pages joined by form feeds, line ends and control characters untouched), so the text layer
can be inspected (see docs/pdf-text-layer.md).
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIXTURES = ROOT / "tests" / "fixtures" / "published"
BASELINE = "pypdfium2"


def text_pypdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    return "\f".join(page.extract_text() or "" for page in reader.pages)


def text_pdfminer(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))  # default layout analysis; pages end with "\f"


def text_pypdfium2(data: bytes) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\f".join(pages)
    finally:
        document.close()


ENGINES: dict[str, Callable[[bytes], str]] = {
    "pypdf": text_pypdf,
    "pdfminer.six": text_pdfminer,
    "pypdfium2": text_pypdfium2,
}
MODULES = {"pypdf": "pypdf", "pdfminer.six": "pdfminer.high_level", "pypdfium2": "pypdfium2"}


def pin_to_one_core() -> int | None:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return core
    return None


def versions() -> dict[str, str]:
    from importlib.metadata import version

    return {name: version(name) for name in ENGINES}


def import_ms(module: str, tries: int = 3) -> float:
    """Best time to import ``module`` in a fresh interpreter, in milliseconds."""
    import subprocess

    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True).stdout)
        for _ in range(tries)
    ]  # fmt: skip
    return min(runs) * 1000


def measure(pdfs: list[Path], repeats: int) -> dict[str, dict]:
    """Median ms per letter (wall and CPU) per engine over ``repeats`` interleaved passes."""
    imports = {name: import_ms(module) for name, module in MODULES.items()}
    blobs = [p.read_bytes() for p in pdfs]
    names = list(ENGINES)
    for name in names:  # warm-up: lazy imports inside the engines, first-call caches
        for data in blobs:
            ENGINES[name](data)
    wall: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    for r in range(repeats):
        spent = {n: [0.0, 0.0] for n in names}
        for i, data in enumerate(blobs):
            shift = (r + i) % len(names)
            for name in names[shift:] + names[:shift]:
                w0, c0 = time.perf_counter(), time.process_time()
                ENGINES[name](data)
                spent[name][0] += time.perf_counter() - w0
                spent[name][1] += time.process_time() - c0
        for name in names:
            wall[name].append(spent[name][0] * 1000 / len(blobs))
            cpu[name].append(spent[name][1] * 1000 / len(blobs))
    base = statistics.median(wall[BASELINE])
    base_cpu = statistics.median(cpu[BASELINE])
    return {
        name: {
            "ms_per_letter": statistics.median(wall[name]),
            "cpu_ms_per_letter": statistics.median(cpu[name]),
            "min_ms_per_letter": min(wall[name]),
            "ratio_to_pypdfium2": statistics.median(wall[name]) / base,
            "cpu_ratio_to_pypdfium2": statistics.median(cpu[name]) / base_cpu,
            "import_ms": imports[name],
        }
        for name in names
    }


def dump(pdfs: list[Path], folder: Path) -> None:
    for name, engine in ENGINES.items():
        target = folder / name
        target.mkdir(parents=True, exist_ok=True)
        for pdf in pdfs:
            text = engine(pdf.read_bytes())
            with (target / f"{pdf.stem}.txt").open("w", encoding="utf-8", newline="") as out:
                out.write(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixtures", type=Path, default=FIXTURES, help="folder of PDFs")
    parser.add_argument("--repeats", type=int, default=7, help="interleaved passes (default 7)")
    parser.add_argument("--dump", type=Path, help="write each engine's raw text here")
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    args = parser.parse_args(argv)
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    pdfs = sorted(args.fixtures.glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs in {args.fixtures}", file=sys.stderr)
        return 1
    core = pin_to_one_core()
    if args.dump:
        dump(pdfs, args.dump)
        print(f"raw text of each engine written to {args.dump}/<engine>/<fixture>.txt")
    results = measure(pdfs, args.repeats)
    pages = sum(len(text_pypdfium2(p.read_bytes()).split("\f")) for p in pdfs)
    print(
        f"{len(pdfs)} letters ({pages} pages), {args.repeats} interleaved repeats, "
        f"core {core if core is not None else 'any'}; median over repeats"
    )
    print(
        f"{'engine':<14}{'ms/letter':>10}{'x pdfium':>9}{'cpu ms':>8}{'x pdfium':>9}"
        f"{'best ms':>8}{'import ms':>10}"
    )
    for name, row in results.items():
        print(
            f"{name:<14}{row['ms_per_letter']:>10.1f}{row['ratio_to_pypdfium2']:>9.1f}"
            f"{row['cpu_ms_per_letter']:>8.1f}{row['cpu_ratio_to_pypdfium2']:>9.1f}"
            f"{row['min_ms_per_letter']:>8.1f}{row['import_ms']:>10.0f}"
        )
    if args.json:
        payload = {
            "letters": len(pdfs),
            "pages": pages,
            "repeats": args.repeats,
            "versions": versions(),
            "python": sys.version.split()[0],
            "engines": results,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
