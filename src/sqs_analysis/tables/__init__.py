"""Tables: parsed reports as tidy, validated pandas DataFrames, written to and read from CSV.

The second step of the flow: :mod:`.build` turns reports into one frame per codebook table,
:mod:`.validate` checks every frame against the codebook, :mod:`.store` writes and reads the
CSVs atomically, and :mod:`.load` puts parsing and building together for analysts
(:func:`load_tables`, :func:`open_tables`). Nothing here imports a later step.
"""

from sqs_analysis.tables.build import (
    TABLE_NAMES,
    Tables,
    build_tables,
    frame,
    issue_rows,
    report_row,
)
from sqs_analysis.tables.load import corpus_tables, load_tables, open_tables
from sqs_analysis.tables.store import read_tables, write_tables
from sqs_analysis.tables.validate import validate_tables

__all__ = [
    "TABLE_NAMES",
    "Tables",
    "build_tables",
    "corpus_tables",
    "frame",
    "issue_rows",
    "load_tables",
    "open_tables",
    "read_tables",
    "report_row",
    "validate_tables",
    "write_tables",
]
