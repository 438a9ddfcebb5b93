"""Remember what each report file parsed to, so an unchanged file is never parsed twice.

A periodic briefing re-reads a corpus that has mostly not changed since the last one. Each
file's result (the parsed report, its issues and its manifest row) is kept under a key made
of the file's bytes, its name and the parser's *fingerprint*: a digest of the parsing code,
its data files, the versions it runs on and the programs its readers run (Tesseract for
scans, LibreOffice for .doc files). Changing the parser, the lexicon, a library or one of
those programs therefore misses every entry and parses afresh; nothing stale can be read back.

What the parsing code is, is found, not listed: every module of the ``ingest`` and
``reference`` subpackages, every module of this package that any of them imports (read from
their source with :mod:`ast`, followed to the end), the ``__init__`` of each package on the
way, and the data files beside each of those modules (:func:`parser_sources`). A helper
moved, added or imported from elsewhere is covered without anyone remembering to list it.

Entries are pickles written by this package into the user's own cache folder (never into the
data folder); an entry that cannot be read is treated as missing and replaced. Each parser
fingerprint has a folder of its own, and the folders of other parsers unused for
:data:`KEEP_DAYS` days are deleted, so the cache does not grow with every upgrade.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import os
import pickle
import re
import shutil
import sys
import tempfile
import time
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from sqs_analysis.ingest.readers import reader_engines

ENV_VAR = "SQS_ANALYSIS_CACHE"
"""Set to a folder to keep the cache there, or to ``off`` to parse every file every time."""

PACKAGE = "sqs_analysis"
PACKAGE_ROOT = Path(__file__).resolve().parents[1]
PARSING_PACKAGES = ("ingest", "reference")
"""The subpackages that read, normalise and parse report files (with everything they import)."""
LIBRARIES = ("pypdfium2", "python-docx", "lxml")
"""Libraries whose version changes what a file parses to: PDFium (its build comes with
pypdfium2's version) reads PDFs; python-docx and lxml, under it, read Word documents."""
KEEP_DAYS = 30
_GENERATION = re.compile(r"[0-9a-f]{16}")

ParseResult = tuple[Any, list[Any], dict[str, Any]]
"""What :func:`sqs_analysis.ingest.corpus.parse_file` returns: report (or None), issues, file row."""


def default_folder() -> Path | None:
    """Where the cache lives: ``$SQS_ANALYSIS_CACHE``, else the user's cache folder
    (``$XDG_CACHE_HOME`` or ``~/.cache``) under ``sqs-analysis/parsed``; ``None`` when off."""
    chosen = os.environ.get(ENV_VAR, "").strip()
    if chosen.lower() in ("off", "0", "no", "false"):
        return None
    if chosen:
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sqs-analysis" / "parsed"


def default_cache() -> ParseCache | None:
    """The cache in :func:`default_folder`, or ``None`` when caching is off."""
    folder = default_folder()
    if folder is None:
        return None
    cache = ParseCache(folder)
    cache.prune()
    return cache


def _module_file(root: Path, name: str) -> Path | None:
    """The source of module ``name`` (``sqs_analysis.x.y``) below the package folder ``root``."""
    parts = name.split(".")[1:]
    package = root.joinpath(*parts, "__init__.py")
    if package.is_file():
        return package
    module = root.joinpath(*parts[:-1], f"{parts[-1]}.py") if parts else None
    return module if module is not None and module.is_file() else None


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([PACKAGE, *parts])


def _imported_modules(root: Path, path: Path) -> set[str]:
    """Modules of this package that the source at ``path`` imports, anywhere in it (inside
    functions too), absolute or relative; ``from x import y`` counts ``x.y`` if it is a module."""
    name = _module_name(root, path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    ours = set()
    for module in found:
        if module != PACKAGE and not module.startswith(PACKAGE + "."):
            continue
        if _module_file(root, module) is None:
            continue
        parts = module.split(".")
        ours.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))  # and its packages
    return ours


def parser_sources(root: Path | None = None) -> list[Path]:
    """Every file that decides how a report file parses, in a stable order.

    The modules of :data:`PARSING_PACKAGES`, every module of the package they import (and
    every module those import, and so on), the ``__init__`` of every package on the way, and
    the data files (anything not Python) in the folder of each of those modules.
    """
    root = Path(root) if root is not None else PACKAGE_ROOT
    todo = [_module_name(root, p) for sub in PARSING_PACKAGES for p in (root / sub).rglob("*.py")]
    todo.append(PACKAGE)
    seen: set[str] = set()
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        path = _module_file(root, module)
        if path is not None:
            todo.extend(_imported_modules(root, path) - seen)
    modules = {path for m in seen if (path := _module_file(root, m)) is not None}
    data = {
        f
        for folder in {m.parent for m in modules}
        for f in folder.iterdir()
        if f.is_file() and f.suffix not in (".py", ".pyc")
    }
    return sorted(modules | data, key=lambda p: p.relative_to(root).as_posix())


def fingerprint(root: Path | None = None) -> str:
    """Digest of everything that decides how a file parses: the files of
    :func:`parser_sources` (by path and bytes), the versions of Python and the libraries, and
    the programs readers run (:func:`.readers.reader_engines`).

    ``root``: another copy of the package's folder (read afresh each time); by default this
    package, whose fingerprint is computed once per process.
    """
    return _fingerprint(Path(root)) if root is not None else _own_fingerprint()


@cache
def _own_fingerprint() -> str:
    return _fingerprint(PACKAGE_ROOT)


def _fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for path in parser_sources(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    digest.update(reader_engines().encode())  # OCR for scans, LibreOffice for .doc
    for library in LIBRARIES:
        try:
            digest.update(f"{library} {version(library)}".encode())
        except PackageNotFoundError:
            digest.update(f"{library} missing".encode())
    return digest.hexdigest()


class ParseCache:
    """Parse results on disk, one file per (file bytes, file name, parser) key."""

    def __init__(self, folder: str | Path, parser: str | None = None) -> None:
        """``parser``: the parser's fingerprint (by default :func:`fingerprint`)."""
        self.folder = Path(folder)
        self.parser = parser or fingerprint()
        self.generation = self.folder / self.parser[:16]  # this parser's entries
        self.hits = 0
        self.misses = 0

    def key(self, path: Path, content_digest: str) -> str:
        """The entry's name: the parser, the file's bytes and its name (issues quote it)."""
        text = f"{self.parser}\0{content_digest}\0{path.name}"
        return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()

    def _entry(self, key: str) -> Path:
        return self.generation / key[:2] / f"{key}.pickle"

    def prune(self, keep_days: float = KEEP_DAYS) -> list[Path]:
        """Delete the entries of other parsers not used for ``keep_days``; marks this
        parser's entries as used. Returns the folders deleted."""
        cutoff = time.time() - keep_days * 86400
        removed = []
        with contextlib.suppress(OSError):
            if self.generation.is_dir():
                os.utime(self.generation)
            for child in self.folder.iterdir():
                if (
                    child != self.generation
                    and _GENERATION.fullmatch(child.name)
                    and child.is_dir()
                    and child.stat().st_mtime < cutoff
                ):
                    shutil.rmtree(child, ignore_errors=True)
                    removed.append(child)
        return removed

    def get(self, key: str, path: Path) -> ParseResult | None:
        """The stored result for ``key``, its row pointing at ``path``; ``None`` if absent."""
        try:
            with self._entry(key).open("rb") as handle:
                report, issues, row = pickle.load(handle)
        except Exception:  # absent, unreadable or truncated: parse again
            self.misses += 1
            return None
        self.hits += 1
        return report, issues, {**row, "source_path": str(path)}

    def put(self, key: str, result: ParseResult) -> None:
        """Store ``result`` atomically; a cache that cannot be written is simply not used."""
        entry = self._entry(key)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".pickle")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, entry)
        except Exception:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()
