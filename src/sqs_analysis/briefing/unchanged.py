"""Whether a briefing would say nothing new: the check behind ``brief --if-changed``.

A briefing is a function of its input files, the parser that reads them, the selection and the
code and notebooks that make the page. Every briefing records these in ``provenance.json``
under ``run_key`` (:func:`run_key`):

* ``files``: every input file's name and SHA-256 (files that are not read, such as a hidden
  ``.DS_Store``, by name only), in the order the briefing reads them;
* ``parser``: the parse cache's fingerprint of the parsing code, its data files and the
  libraries it runs on (:func:`sqs_analysis.ingest.cache.fingerprint`);
* ``selection``: the canonical selection (:meth:`sqs_analysis.analysis.Selection.key`);
* ``package``: the version of sqs-analysis, and ``notebooks``: each notebook's SHA-256.

A scheduled run with ``--if-changed`` computes the same key by hashing the files (nothing is
parsed, no kernel started) and compares it with the last *complete* briefing in the folder
(its page, summary, tables and provenance present, no ``.earlier/`` left by a failed run or
set aside by one in progress). When they are equal it raises :class:`NothingChanged` having
written nothing, not even the folder's lock file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqs_analysis import __version__
from sqs_analysis.briefing.earlier import EARLIER_DIR

RUN_KEY = "run_key"
"""Where ``provenance.json`` records what the briefing was made from."""


class NothingChanged(Exception):
    """The briefing in ``folder`` was made from the same inputs, parser and selection."""

    def __init__(self, folder: Path, generated_at: str) -> None:
        self.folder = folder
        self.generated_at = generated_at
        super().__init__(
            f"nothing changed since the briefing of {generated_at} in {folder} (same input "
            "files, parser, selection and version); nothing written"
        )


def input_files(data_dir: Path, exclude: list[Path]) -> list[list[str | None]]:
    """[name, SHA-256] of every file the briefing reads from ``data_dir``, in reading order,
    then [name, None] for every file it finds and does not read."""
    from sqs_analysis.ingest.corpus import find_inputs
    from sqs_analysis.ingest.readers import file_sha256

    paths, _issues, skipped = find_inputs([data_dir], exclude)
    files: list[list[str | None]] = [[p.name, file_sha256(p)] for p in paths]
    files += [[str(row["source_file"]), None] for row in skipped]
    return files


def run_key(
    files: list[list[str | None]], selection: dict[str, Any], notebooks: list[Path]
) -> dict[str, Any]:
    """What a briefing of ``selection`` from ``files`` (:func:`input_files`) is made from."""
    from sqs_analysis.ingest.cache import fingerprint
    from sqs_analysis.ingest.readers import file_sha256

    return {
        "files": files,
        "parser": fingerprint(),
        "selection": selection,
        "package": __version__,
        "notebooks": {p.name: file_sha256(p) for p in notebooks},
    }


def recorded_key(folder: Path, needed: list[str], provenance_name: str) -> dict[str, Any] | None:
    """The run key of the complete briefing in ``folder`` (every path in ``needed`` present,
    no failed run's ``.earlier/``), or None."""
    if (folder / EARLIER_DIR).exists() or not all((folder / n).is_file() for n in needed):
        return None
    try:
        provenance = json.loads((folder / provenance_name).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    key = provenance.get(RUN_KEY) if isinstance(provenance, dict) else None
    if not isinstance(key, dict):
        return None
    return {**key, "generated_at": str(provenance.get("generated_at") or "an unknown time")}


def check_unchanged(
    folder: Path, key: dict[str, Any], needed: list[str], provenance_name: str
) -> None:
    """Raise :class:`NothingChanged` if the complete briefing in ``folder`` has ``key``."""
    earlier = recorded_key(folder, needed, provenance_name)
    if earlier is None:
        return
    generated_at = earlier.pop("generated_at")
    # through JSON, so tuples and lists (and key order) compare as provenance holds them
    if json.dumps(earlier, sort_keys=True) == json.dumps(key, sort_keys=True):
        raise NothingChanged(folder, generated_at)
