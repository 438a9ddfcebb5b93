"""Shared fixtures: the bundled reports, their answer keys, a hand-built report and helpers.

Derived test inputs (truncated, re-encoded, copied reports) start from the real reports in
``data/raw`` rather than from text typed into the tests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sqs_analysis.report import Finding, Issue, Judgement, RateFacts, Report

ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = ROOT / "data" / "raw"
GOLD_DIR = ROOT / "tests" / "fixtures" / "gold"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def raw_paths() -> list[Path]:
    """The real reports bundled with the project, in name order."""
    return sorted(p for p in RAW_DIR.iterdir() if p.is_file() and not p.name.startswith("."))


def gold_for(path: Path) -> dict[str, Any]:
    """The hand-checked answer key of one bundled report."""
    return json.loads((GOLD_DIR / f"{path.stem}.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def raw_reports() -> list[Path]:
    paths = raw_paths()
    assert len(paths) >= 2, "data/raw should hold the two bundled reports"
    return paths


@pytest.fixture(scope="session")
def raw_texts(raw_reports: list[Path]) -> dict[str, str]:
    """File name -> text of each bundled report."""
    return {p.name: p.read_text("utf-8") for p in raw_reports}


@pytest.fixture(scope="session")
def golds(raw_reports: list[Path]) -> dict[str, dict[str, Any]]:
    """File name -> answer key of each bundled report."""
    return {p.name: gold_for(p) for p in raw_reports}


def make_report(source_file: str = "sample.txt", **overrides: Any) -> Report:
    """A complete, valid hand-built report (independent of the parser), fields overridable."""
    report = Report(
        source_file=source_file,
        source_sha256="0" * 64,
        source_format="text",
        area="Sampleton",
        service_name="Sampleton Youth Offending Service",
        service_type="YOS",
        recipient="A Person",
        recipient_role="Chair of the Management Board",
        author="B Person",
        author_role="Assistant Chief Inspector (Youth Justice)",
        publication_date=date(2016, 6, 15),
        fieldwork_start=date(2016, 5, 16),
        fieldwork_end=date(2016, 5, 18),
        fieldwork_evidence="The inspection was conducted from 16-18 May 2016.",
        cases_examined=20,
        cases_evidence="We examined 20 cases.",
        rate=RateFacts(
            reoffending_rate=42.2,
            vs_previous_year="better",
            national_average=37.8,
            vs_national_average="worse",
            rate_evidence="The published reoffending rate for Sampleton was 42.2%.",
            rate_published="2016-04",
            cohort_start="2013-07",
            cohort_end="2014-06",
            cohort_evidence="July 2013 – June 2014 cohort",
        ),
        lead_inspector="C Person",
        sections={"summary": "Overall the service performed well.", "context": "We examined."},
        findings=[
            Finding("1.1", "reducing_reoffending", "Reducing reoffending", "Sufficient in most."),
            Finding("2.2", "protecting_the_public", "Protecting the public", "17 of the 18."),
        ],
        judgements=[
            Judgement(
                paragraph="1.1",
                domain="reducing_reoffending",
                polarity="positive",
                quantifier="most",
                quantifier_text="most",
                basis="verbal",
                numerator=None,
                denominator=None,
                denominator_source=None,
                sufficiency=0.75,
                sufficiency_low=0.6,
                sufficiency_high=0.9,
                evidence="Sufficient in most cases.",
                seq=1,
            ),
            Judgement(
                paragraph="2.2",
                domain="protecting_the_public",
                polarity="positive",
                quantifier="N of M",
                quantifier_text="17 of the 18",
                basis="count",
                numerator=17,
                denominator=18,
                denominator_source="stated",
                sufficiency=17 / 18,
                sufficiency_low=17 / 18,
                sufficiency_high=17 / 18,
                evidence="Plans were sufficient in 17 of the 18 relevant cases.",
                seq=1,
            ),
        ],
        strengths=["Staff were committed.", "Reports were good."],
        improvements=["Plans should be reviewed."],
        copy_list=[("Head of Service", "D Person"), ("YJB link staff", "E Person, F Person")],
        report_id="sampleton-2016-06-15",
    )
    for name, value in overrides.items():
        setattr(report, name, value)
    return report


def manifest_row(report: Report, status: str = "parsed") -> dict[str, Any]:
    """The ``files`` row that a parsed report would have."""
    return {
        "source_file": report.source_file,
        "source_path": f"in/{report.source_file}",
        "source_sha256": report.source_sha256,
        "size_bytes": 1000,
        "source_format": report.source_format,
        "status": status,
        "report_id": report.report_id,
    }


@pytest.fixture
def sample_tables():
    """Tables built by the real table builder from two hand-built reports."""
    from sqs_analysis.tables import build_tables

    first = make_report()
    second = make_report(
        "other.txt", area="Otherby", report_id="otherby-2016-07-01", source_sha256="1" * 64
    )
    issues = [Issue("other.txt", "warning", "an existing warning")]
    return build_tables([first, second], [manifest_row(first), manifest_row(second)], issues)


def run_cli(
    *args: str | Path,
    cwd: Path | None = None,
    timeout: float = 300,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    """Run ``sqs-analysis`` as a user would, in a fresh interpreter (``env`` adds variables)."""
    return subprocess.run(
        [sys.executable, "-m", "sqs_analysis", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd or ROOT,
        timeout=timeout,
        check=False,
        env={**os.environ, **(env or {})},
    )


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        pytest.skip(
            "chromium not found on PATH (install it with `apt-get install -y chromium`); "
            "the headless-browser check of briefings needs it"
        )
    return found
