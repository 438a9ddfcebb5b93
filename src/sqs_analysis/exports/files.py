"""Figures and tables written as files: ``<folder>/<name>.png`` and ``<folder>/<name>.csv``.

Names are made safe for any file system (:func:`~sqs_analysis.reference.names.slugify`) and
the folder is created when missing. PNGs are drawn at the house resolution
(:func:`~sqs_analysis.charts.png.png_bytes`); CSV files are UTF-8 with ISO dates.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqs_analysis.charts.png import png_bytes
from sqs_analysis.reference.names import slugify

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure


def output_path(folder: str | Path, name: str, suffix: str) -> Path:
    """``<folder>/<name><suffix>`` with ``name`` made safe, the folder created if missing."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    return out / f"{slugify(name, max_length=80)}{suffix}"


def write_png(data: bytes, folder: str | Path, name: str) -> Path:
    """Write PNG bytes to ``<folder>/<name>.png`` and return its path."""
    path = output_path(folder, name, ".png")
    path.write_bytes(data)
    return path


def save_figure(fig: Figure, folder: str | Path, name: str) -> Path:
    """Write ``<folder>/<name>.png`` and return its path."""
    return write_png(png_bytes(fig), folder, name)


def save_table(df: pd.DataFrame, folder: str | Path, name: str) -> Path:
    """Write ``<folder>/<name>.csv`` (UTF-8, ISO dates) and return its path."""
    path = output_path(folder, name, ".csv")
    df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n", date_format="%Y-%m-%d")
    return path
