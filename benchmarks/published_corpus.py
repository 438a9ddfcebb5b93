"""Distinct published-style PDF letters for the benchmarks: synthetic letters laid out as Word
documents and exported to PDF by LibreOffice, the way the fixtures in tests/fixtures/published
are made.

Each letter is a different synthetic report (``tests/generators/synth.py``: real areas with invented content,
every wording the generator knows, its own answer key) set by the published-layout generator
(``tests/generators/published.py``) in one of a range of layouts: running header on page 1 or
not, letter head as a table of two or four columns, copy list as a table or as tab-separated
lines, "Page X of Y" or plain page numbers, Word list numbering or typed numbers, body type of
10, 11 or 12 pt, and space after paragraphs of 0 to 9 pt (0 pt: nothing but the text itself to
tell where a paragraph ends).

Rendering takes LibreOffice about a second a letter, so the corpus is made once and kept in
``~/.cache/sqs-analysis-bench/`` (or ``$SQS_BENCH_CACHE``), in a folder named after a digest of
the generators and the seed: later runs reuse it, and a changed generator makes a new one.
Where LibreOffice is missing, :func:`published_corpus` says why and returns no folder. The
folder holds the PDFs and an answer key in the synthetic corpus's format (so the parse can be
checked as well as timed); its sibling ``docx`` holds the Word documents with theirs.

    .venv/bin/python benchmarks/published_corpus.py --n 150     # make (or find) the corpus
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TESTS = ROOT / "tests"
GENERATORS = TESTS / "generators"
KEY_FILE = "answer_key.json"
DONE_FILE = "complete.json"


def cache_root() -> Path:
    chosen = os.environ.get("SQS_BENCH_CACHE", "").strip()
    if chosen:
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sqs-analysis-bench"


def _published_module():
    spec = importlib.util.spec_from_file_location(
        "published_generator", GENERATORS / "published.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _digest(n: int, seed: int) -> str:
    digest = hashlib.sha256(f"{n} {seed}".encode())
    for path in sorted(GENERATORS.glob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def layouts(published, n: int) -> list:
    """``n`` layouts cycling through every combination of the features that vary."""
    base = published.VARIANTS[0]
    combos = []
    for first_page_header in (False, True):
        for columns in (2, 4):
            for copy_list in ("table", "tabs"):
                for footer in ("page-x-of-y", "page-number"):
                    for numbering in ("word-list", "typed"):
                        combos.append((first_page_header, columns, copy_list, footer, numbering))
    sizes = ((11.0, 8.0), (10.0, 9.0), (12.0, 6.0), (11.0, 0.0), (10.0, 0.0))
    out = []
    for i in range(n):
        first_page_header, columns, copy_list, footer, numbering = combos[i % len(combos)]
        body_pt, space_after_pt = sizes[(i // len(combos) + i) % len(sizes)]
        out.append(
            replace(
                base,
                name=f"layout-{i:03d}",
                first_page_header=first_page_header,
                header_columns=columns,
                copy_list=copy_list,
                footer=footer,
                numbering=numbering,
                nudge_pt=float((i * 37) % 120),
                body_pt=body_pt,
                space_after_pt=space_after_pt,
                expect=(),
            )
        )
    return out


def _as_seed(markdown: str) -> str:
    """A synthetic letter in the seeds' markdown as the generator of published letters reads
    it: the title marked as a heading (it takes a long unmarked line for a paragraph), and
    paragraph numbers written "1.2" given their final full stop (it takes "- 1.2 ..." for a
    bullet that happens to start with a number)."""
    markdown = re.sub(
        r"^(?!#)(Report of Short Quality Screening\b.*)$", r"## \1", markdown, count=1, flags=re.M
    )
    return re.sub(r"^- (\d\.\d{1,2})(?=\s)", r"- \1.", markdown, flags=re.M)


def published_corpus(n: int = 150, seed: int = 20160615) -> tuple[Path | None, str]:
    """The folder of ``n`` distinct published-style PDF letters (made if need be) with their
    answer key, or (None, why not). The Word documents they were made from, with the same
    key, are in the folder's sibling ``docx``."""
    published = _published_module()
    home = cache_root() / f"published-{n}-{_digest(n, seed)}"
    folder = home / "pdf"
    if (home / DONE_FILE).exists():
        return folder, f"reused {folder}"
    if published.soffice() is None:
        return None, "LibreOffice (soffice) not found, so no published-style PDFs can be made"
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    from generators.synth import write_corpus

    with tempfile.TemporaryDirectory(prefix="sqs-bench-published-") as tmp:
        work = Path(tmp)
        source = write_corpus(
            work / "synthetic", n_areas=n, years=1, formats=["markdown"], seed=seed
        )
        key = json.loads((source / KEY_FILE).read_text("utf-8"))
        staging = home.with_name(home.name + ".tmp")
        shutil.rmtree(staging, ignore_errors=True)
        (staging / "docx").mkdir(parents=True)
        (staging / "pdf").mkdir()
        keys: dict[str, list[dict]] = {"docx": [], "pdf": []}
        for entry, layout in zip(key["reports"], layouts(published, n), strict=True):
            seed_file = work / "seed.md"
            seed_file.write_text(_as_seed((source / entry["source_file"]).read_text("utf-8")))
            letter = published.parse_seed(seed_file)
            stem = Path(entry["source_file"]).stem
            document = published.build_docx(letter, replace(layout, name=stem))
            (staging / "docx" / f"{stem}.docx").write_bytes(published.docx_bytes(document))
            for kind in keys:
                name = f"{stem}.{kind}"
                report = {**entry["report"], "source_file": name, "source_format": kind}
                keys[kind].append(
                    {**entry, "source_file": name, "report": report, "layout": layout.name}
                )
        published.render_pdfs(sorted((staging / "docx").glob("*.docx")), staging / "pdf")
        for kind, entries in keys.items():
            for entry in entries:
                data = (staging / kind / entry["source_file"]).read_bytes()
                entry["report"]["source_sha256"] = hashlib.sha256(data).hexdigest()
            (staging / kind / KEY_FILE).write_text(json.dumps({**key, "reports": entries}))
        (staging / DONE_FILE).write_text(json.dumps({"n": n, "seed": seed}))
        shutil.rmtree(home, ignore_errors=True)
        staging.rename(home)
    return folder, f"made {n} PDFs in {folder}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=150)
    parser.add_argument("--seed", type=int, default=20160615)
    args = parser.parse_args(argv)
    folder, why = published_corpus(args.n, args.seed)
    print(why)
    return 0 if folder else 1


if __name__ == "__main__":
    sys.exit(main())
