"""Remember what each report file parsed to, so an unchanged file is never parsed twice.

A periodic briefing re-reads a corpus that has mostly not changed since the last one. Each
file's result (the parsed report, its issues and its manifest row) is kept under a key made
of the file's bytes, its name and the parser's *fingerprint*: a digest of the parsing code,
its data files and the versions it runs on. Changing the parser, the lexicon or a library
therefore misses every entry and parses afresh; nothing stale can be read back.

Entries are pickles written by this package into the user's own cache folder (never into the
data folder); an entry that cannot be read is treated as missing and replaced. Each parser
fingerprint has a folder of its own, and the folders of other parsers unused for
:data:`KEEP_DAYS` days are deleted, so the cache does not grow with every upgrade.
"""

from __future__ import annotations

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
from importlib.resources import files
from pathlib import Path
from typing import Any

ENV_VAR = "SQS_ANALYSIS_CACHE"
"""Set to a folder to keep the cache there, or to ``off`` to parse every file every time."""

PARSING_MODULES = (
    "ingest/cache.py",
    "ingest/corpus.py",
    "ingest/fields.py",
    "ingest/judgements.py",
    "ingest/letter.py",
    "ingest/model.py",
    "ingest/normalise.py",
    "ingest/parse.py",
    "ingest/quantifiers.py",
    "ingest/read.py",
)
PARSING_DATA = ("ingest/quantifiers.toml",)
LIBRARIES = ("pypdf",)
KEEP_DAYS = 30
_GENERATION = re.compile(r"[0-9a-f]{16}")

ParseResult = tuple[Any, list[Any], dict[str, Any]]
"""What :func:`sqs_analysis.corpus.parse_file` returns: report (or None), issues, file row."""


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


@cache
def fingerprint() -> str:
    """Digest of everything that decides how a file parses (code, lexicon, versions)."""
    digest = hashlib.sha256()
    package = files("sqs_analysis")
    for name in (*PARSING_MODULES, *PARSING_DATA):
        digest.update(name.encode())
        digest.update(package.joinpath(name).read_bytes())
    digest.update(sys.version.encode())
    for library in LIBRARIES:
        try:
            digest.update(f"{library} {version(library)}".encode())
        except PackageNotFoundError:
            digest.update(f"{library} missing".encode())
    return digest.hexdigest()


class ParseCache:
    """Parse results on disk, one file per (file bytes, file name, parser) key."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.generation = self.folder / fingerprint()[:16]  # this parser's entries
        self.hits = 0
        self.misses = 0

    def key(self, path: Path, content_digest: str) -> str:
        """The entry's name: the parser, the file's bytes and its name (issues quote it)."""
        text = f"{fingerprint()}\0{content_digest}\0{path.name}"
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
