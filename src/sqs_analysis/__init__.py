"""sqs-analysis: HM Inspectorate of Probation Short Quality Screening reports as tidy tables.

Data flows one way, one subpackage per step (see docs/architecture.md)::

    ingest (read -> normalise -> parse) -> tables -> analysis -> charts -> notebooks -> briefing

and every step may read ``reference`` (the codebook and the helpers all steps share).

Tables are opened one way, from report files or from a folder of parsed tables:
``sqs_analysis.open_tables(path)``. The public entry points are imported lazily so that ``import sqs_analysis`` stays fast
(pandas, matplotlib and papermill load only when a function that needs them is called).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "open_tables": "sqs_analysis.tables.load",
    "parse_corpus": "sqs_analysis.ingest.corpus",
    "parse_file": "sqs_analysis.ingest.corpus",
    "write_tables": "sqs_analysis.tables.store",
    "Tables": "sqs_analysis.tables.build",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'sqs_analysis' has no attribute {name!r}")
