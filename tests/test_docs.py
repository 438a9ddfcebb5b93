"""The committed reference docs are exactly what the package data generates."""

from pathlib import Path

import pytest

from sqs_analysis.docs import write_docs
from sqs_analysis.reference.codebook import codebook

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", ["codebook.md", "quantifiers.md", "themes.md"])
def test_docs_are_up_to_date(tmp_path, name):
    write_docs(tmp_path)
    committed = ROOT / "docs" / name
    assert committed.read_text("utf-8") == (tmp_path / name).read_text("utf-8"), (
        f"docs/{name} is stale: run `make docs`"
    )


def test_every_codebook_column_is_documented(tmp_path):
    write_docs(tmp_path)
    text = (tmp_path / "codebook.md").read_text("utf-8")
    for spec in codebook().values():
        for column in spec.columns:
            assert f"| `{column.name}` |" in text
