"""Provenance: everything needed to reproduce or audit a briefing, as plain JSON values.

Input files with their SHA-256, which of them the selection included, the package, Python and
library versions, the parameters and how long each notebook took.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqs_analysis import __version__
from sqs_analysis.briefing.execute import KERNEL

if TYPE_CHECKING:
    from sqs_analysis.tables import Tables


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for dist in ("pandas", "matplotlib", "papermill", "nbconvert", "nbclient", "ipykernel"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "not installed"
    return out


def _plain(value: Any) -> Any:
    import pandas as pd

    if value is None or (not isinstance(value, list | tuple | dict) and pd.isna(value)):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def build_provenance(
    all_tables: Tables,
    selected: Tables,
    data_dir: Path,
    parameters: dict[str, Any],
    timeout: int,
    selection: Any,
    started: datetime,
    durations: dict[str, float],
) -> dict[str, Any]:
    """Everything needed to reproduce or audit the briefing, as plain JSON values."""
    included = set(selected.reports["report_id"].dropna())
    inputs = []
    for _, row in all_tables.files.iterrows():
        entry = {k: _plain(v) for k, v in row.items()}
        entry["included"] = (
            bool(row["report_id"] in included) if _plain(row["report_id"]) else False
        )
        inputs.append(entry)
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "started_at": started.isoformat(timespec="seconds"),
        "package": {"name": "sqs-analysis", "version": __version__},
        "python": sys.version.split()[0],
        "libraries": _versions(),
        "parameters": {
            "data_dir": str(data_dir),
            "period_start": parameters["period_start"],
            "period_end": parameters["period_end"],
            "areas": parameters["areas"],
            "timeout_seconds": timeout,
            "kernel": KERNEL,
        },
        "selection": selection.describe(),
        "selection_key": selection.key(),
        "reports_included": sorted(included),
        "inputs": inputs,
        "notebooks": [{"name": n, "seconds": s} for n, s in durations.items()],
    }
