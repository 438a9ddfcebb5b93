"""The column codebook (``codebook.toml`` beside this module): one source of truth for every table's columns.

Tables, validation and the generated documentation all read it from here.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files


@dataclass(frozen=True)
class Column:
    """One documented column."""

    name: str
    dtype: str
    description: str
    required: bool = False
    allowed: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None


@dataclass(frozen=True)
class TableSpec:
    """One documented table: its purpose, key and columns in output order."""

    name: str
    description: str
    key: tuple[str, ...]
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"table {self.name!r} has no column {name!r}")


DTYPES = {"string", "category", "int", "float", "date", "month"}


@cache
def _raw() -> dict:
    return tomllib.loads(
        files("sqs_analysis.reference").joinpath("codebook.toml").read_text("utf-8")
    )


@dataclass(frozen=True)
class Rule:
    """A number that decides a column's value wherever it is computed (``[rules]``)."""

    name: str
    value: float
    description: str


@cache
def rules() -> dict[str, Rule]:
    """Every rule of the codebook, keyed by name."""
    return {
        name: Rule(name, float(rule["value"]), rule["description"])
        for name, rule in _raw().get("rules", {}).items()
    }


@cache
def codebook() -> dict[str, TableSpec]:
    """Every table spec, keyed by table name, in the order the codebook lists them."""
    raw = _raw()
    specs: dict[str, TableSpec] = {}
    for name, table in raw["tables"].items():
        columns = []
        for col in table["columns"]:
            if col["dtype"] not in DTYPES:
                raise ValueError(f"codebook: {name}.{col['name']} has unknown dtype {col['dtype']}")
            columns.append(
                Column(
                    name=col["name"],
                    dtype=col["dtype"],
                    description=col["description"],
                    required=col.get("required", False),
                    allowed=tuple(col.get("allowed", ())),
                    min=col.get("min"),
                    max=col.get("max"),
                )
            )
        specs[name] = TableSpec(name, table["description"], tuple(table["key"]), tuple(columns))
    return specs


def table_spec(name: str) -> TableSpec:
    """The spec of one table (raises ``KeyError`` for an unknown table)."""
    return codebook()[name]


def allowed_values(table: str, column: str) -> tuple[str, ...]:
    """Allowed values of a category column, e.g. the four domains."""
    return table_spec(table).column(column).allowed
