"""The benchmark's workers: each runs in its own interpreter (``run.py --worker KIND ...``),
measures one thing and prints one JSON line."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from common import RAW


def _pin_to_one_core() -> int | None:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return core
    return None


def _maxrss_mb() -> float:
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 / 1024 if sys.platform == "darwin" else rss / 1024


def worker_parse(folder: str, repeats: int, trace: bool, pin: bool) -> dict[str, Any]:
    """Time ``parse_corpus`` and the validated tables (together: ``load_tables``) on ``folder``.

    Both wall time and CPU time are kept: the process is single-threaded, so CPU seconds are
    the cost on one core even when other work shares the machine.
    """
    core = _pin_to_one_core() if pin else None
    from sqs_analysis.ingest.corpus import find_inputs, parse_corpus
    from sqs_analysis.tables import corpus_tables as tables_of  # what load_tables does next

    paths, _, _ = find_inputs([folder])
    warm = parse_corpus(paths[:1])  # warm-up: lazy imports and compiled patterns
    tables_of(warm)
    rss_before = _maxrss_mb()
    if trace:
        import tracemalloc

        tracemalloc.start()
    best_parse = best_tables = best_cpu = best_parse_cpu = float("inf")
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        corpus = parse_corpus(paths)
        t1, c1 = time.perf_counter(), time.process_time()
        tables = tables_of(corpus)
        t2, c2 = time.perf_counter(), time.process_time()
        best_parse, best_tables = min(best_parse, t1 - t0), min(best_tables, t2 - t1)
        best_cpu, best_parse_cpu = min(best_cpu, c2 - c0), min(best_parse_cpu, c1 - c0)
    result: dict[str, Any] = {
        "files": len(paths),
        "reports": len(tables.reports),
        "failed": len(corpus.failed_files),
        "judgements": len(tables.judgements),
        "parse_s": best_parse,
        "tables_s": best_tables,
        "cpu_s": best_cpu,
        "parse_cpu_s": best_parse_cpu,
        "core": core,
        "maxrss_mb": _maxrss_mb(),
        "maxrss_before_mb": rss_before,
    }
    if trace:
        import tracemalloc

        result["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    return result


def worker_floor(n_notebooks: int, out: str, parallel: int) -> dict[str, Any]:
    """Papermill on ``n_notebooks`` notebooks with one empty cell, each exported to HTML with
    the briefing's own exporter (:class:`sqs_analysis.briefing.page.NotebookExporter`)."""
    from concurrent.futures import ThreadPoolExecutor

    from sqs_analysis.cli import UNUSED_GRAMMARS

    for name in UNUSED_GRAMMARS:  # as the briefing's command does, so neither pays for them
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
    import nbformat
    import papermill

    from sqs_analysis.briefing.page import NotebookExporter

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    empty = nbformat.v4.new_notebook()
    empty.cells = [nbformat.v4.new_code_cell("")]
    empty.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    source = folder / "empty.ipynb"
    nbformat.write(empty, source)
    exporter = NotebookExporter()

    def one(i: int) -> None:
        target = folder / f"empty_{i}.ipynb"
        papermill.execute_notebook(
            str(source), str(target), kernel_name="python3", progress_bar=False, log_output=False
        )
        (folder / f"empty_{i}.html").write_text(exporter.fragment(target), encoding="utf-8")

    t0 = time.perf_counter()
    if parallel > 1:
        with ThreadPoolExecutor(max_workers=parallel) as pool:
            list(pool.map(one, range(n_notebooks)))
    else:
        for i in range(n_notebooks):
            one(i)
    return {"notebooks": n_notebooks, "parallel": parallel, "seconds": time.perf_counter() - t0}


def _pypdf_pipeline(path: Path):
    """The same pipeline with pypdf reading the PDF, as the package read PDFs before PDFium:
    the file's bytes hashed, pypdf's text layer (pages joined by form feeds, a password-free
    encryption opened, the page count checked) parsed as text."""
    import hashlib
    import io
    import logging

    from pypdf import PdfReader

    from sqs_analysis.ingest.parse import parse_text

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    assert len(reader.pages) <= 60
    text = "\f".join(page.extract_text() or "" for page in reader.pages)
    return parse_text(text, path.name, sha256=digest, fmt="pdf")


def _pdfium_text(path: Path) -> str:
    """PDFium's own text extraction of the file, every page: the floor any PDF reader built on
    PDFium stands on (the package reads each character's place as well, and parses)."""
    from pdf_engines import text_pypdfium2

    return text_pypdfium2(path.read_bytes())


def worker_pdf(folder: str, repeats: int, pin: bool) -> dict[str, Any]:
    """PDF letters end to end (``parse_file``: read through PDFium, then parse), each file on
    its own, against PDFium's own text extraction of the same file and against the same
    pipeline on pypdf; interleaved, the order rotating, after a warm-up pass; CPU and wall time
    per letter, median over the repeats."""
    import statistics

    core = _pin_to_one_core() if pin else None
    from sqs_analysis.ingest.corpus import parse_file

    paths = sorted(Path(folder).glob("*.pdf"))
    engines = {"pdfium": parse_file, "pdfium_text": _pdfium_text, "pypdf": _pypdf_pipeline}
    reports = 0
    for path in paths:  # warm-up, and every letter must parse
        report, issues, _ = parse_file(path)
        assert report is not None, issues
        reports += 1
        engines["pypdf"](path)
        engines["pdfium_text"](path)
    cpu: dict[str, list[float]] = {name: [] for name in engines}
    wall: dict[str, list[float]] = {name: [] for name in engines}
    names = list(engines)
    for r in range(repeats):
        spent = {name: [0.0, 0.0] for name in names}
        for i, path in enumerate(paths):
            turn = (r + i) % len(names)
            order = names[turn:] + names[:turn]
            for name in order:
                c0, w0 = time.process_time(), time.perf_counter()
                engines[name](path)
                spent[name][0] += time.process_time() - c0
                spent[name][1] += time.perf_counter() - w0
        for name in names:
            cpu[name].append(spent[name][0] * 1000 / len(paths))
            wall[name].append(spent[name][1] * 1000 / len(paths))
    med = {name: statistics.median(cpu[name]) for name in names}
    return {
        "letters": len(paths),
        "reports": reports,
        "repeats": repeats,
        "core": core,
        "pdfium_cpu_ms": med["pdfium"],
        "pypdf_cpu_ms": med["pypdf"],
        "pdfium_text_cpu_ms": med["pdfium_text"],
        "pdfium_wall_ms": statistics.median(wall["pdfium"]),
        "pypdf_wall_ms": statistics.median(wall["pypdf"]),
        "pdfium_best_cpu_ms": min(cpu["pdfium"]),
        "all_cpu_ms": {name: [round(x, 2) for x in cpu[name]] for name in names},
    }


def _resident_mb(field: str) -> float | None:
    """``VmRSS`` (now) or ``VmHWM`` (peak) of this process from /proc, in MB (Linux only)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def worker_pdfmem(path: str) -> dict[str, Any]:
    """Memory to read and parse one PDF in a fresh interpreter: how far the process's resident
    size rises above where it stood before (PDFium's own memory included; the peak is reset
    first where Linux allows, else the growth of the lifetime peak is all that can be seen)
    and the peak of Python's allocations."""
    import tracemalloc

    import pypdfium2.raw  # noqa: F401  (PDFium's library loaded before the baseline)

    import sqs_analysis.ingest.readers.pdf.clean_copy  # noqa: F401
    from sqs_analysis.ingest.corpus import parse_file

    parse_file(sorted(RAW.glob("*.txt"))[0])  # lazy imports, compiled patterns
    reset = False
    try:
        Path("/proc/self/clear_refs").write_text("5")  # the peak resident size starts again
        reset = True
    except OSError:
        pass
    before = _resident_mb("VmRSS") if reset else _maxrss_mb()
    tracemalloc.start()
    report, issues, _ = parse_file(Path(path))
    traced = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    assert report is not None, issues
    after = _resident_mb("VmHWM") if reset else _maxrss_mb()
    return {
        "file": Path(path).name,
        "rss_growth_mb": max(0.0, (after or 0.0) - (before or 0.0)),
        "traced_mb": traced,
        "peak_reset": reset,
    }


def run_worker(kind: str, rest: list[str]) -> dict[str, Any]:
    """The worker ``kind`` on its command-line arguments ``rest``."""
    if kind == "parse":
        return worker_parse(rest[0], int(rest[1]), "trace" in rest, "pin" in rest)
    if kind == "pdf":
        return worker_pdf(rest[0], int(rest[1]), "pin" in rest)
    if kind == "pdfmem":
        return worker_pdfmem(rest[0])
    return worker_floor(int(rest[0]), rest[1], int(rest[2]))
