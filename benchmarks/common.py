"""Paths and settings shared by the benchmark's modules (``run.py`` and the modules it uses)."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TESTS = ROOT / "tests"  # holds the synthetic corpus generator (``generators.synth``)
RESULTS = HERE / "results.json"
RAW = ROOT / "data" / "raw"
SEED = 20160615
PUBLISHED = ROOT / "tests" / "fixtures" / "published"
PUBLISHED_BRIEFING_REPORTS = 150
RUN = HERE / "run.py"
"""The benchmark's entry point; ``run.py --worker KIND ...`` runs one worker."""

ONE_CORE_ENV = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYTHONHASHSEED": "0",
}
