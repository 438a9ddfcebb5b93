"""Shared fixtures: the bundled reports, their answer keys, a hand-built report and helpers.

Derived test inputs (truncated, re-encoded, copied reports) start from the real reports in
``data/raw`` rather than from text typed into the tests.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sqs_analysis.ingest.model import (
    Finding,
    Issue,
    Judgement,
    RateFacts,
    Report,
    UnreadCount,
)

ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = ROOT / "data" / "raw"
GOLD_DIR = ROOT / "tests" / "fixtures" / "gold"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


@pytest.fixture(scope="session", autouse=True)
def _private_parse_cache(tmp_path_factory) -> None:
    """Briefings and CLI runs in the tests cache parse results in a folder of their own, never
    in the user's cache (child processes inherit the setting)."""
    os.environ["SQS_ANALYSIS_CACHE"] = str(tmp_path_factory.mktemp("parse-cache"))


def raw_paths() -> list[Path]:
    """The real reports bundled with the project, in name order."""
    return sorted(p for p in RAW_DIR.iterdir() if p.is_file() and not p.name.startswith("."))


def gold_for(path: Path) -> dict[str, Any]:
    """The hand-checked answer key of one bundled report."""
    return json.loads((GOLD_DIR / f"{path.stem}.json").read_text("utf-8"))


# ---------------------------------------------------------------------- answer keys

SUFFICIENCY_TOLERANCE = 1e-3
"""How far a parsed sufficiency may stand outside an answer key's range (rounding)."""


def field_value(report: Report, name: str):
    """A report field by its answer-key name (rate fields live on ``report.rate``), dates as
    ISO strings."""
    value = getattr(report.rate, name) if hasattr(report.rate, name) else getattr(report, name)
    return value.isoformat() if hasattr(value, "isoformat") else value


def wrong_fields(gold: dict[str, Any], report: Report) -> dict[str, tuple[Any, Any]]:
    """Every field of the answer key the report gets wrong: name -> (expected, parsed)."""
    wrong = {}
    for name, expected in gold["report"].items():
        got = field_value(report, name)
        if isinstance(expected, float) and got is not None:
            ok = math.isclose(expected, got, abs_tol=1e-6)
        else:
            ok = expected == got
        if not ok:
            wrong[name] = (expected, got)
    return wrong


def matches(gold_j: dict[str, Any], j: Judgement) -> bool:
    """A parsed judgement is the answer key's: same paragraph and polarity, sufficiency in
    the key's range."""
    low, high = gold_j["sufficiency"]
    return (
        j.paragraph == gold_j["paragraph"]
        and j.polarity == gold_j["polarity"]
        and low - SUFFICIENCY_TOLERANCE <= j.sufficiency <= high + SUFFICIENCY_TOLERANCE
    )


def assign(
    gold_js: list[dict[str, Any]], found: list[Judgement]
) -> tuple[list[dict[str, Any]], list[Judgement]]:
    """Pair gold judgements with found ones (each used once); return unmatched of each side."""
    remaining = list(found)
    missing = []
    for g in sorted(gold_js, key=lambda g: not g["core"]):
        hit = next((j for j in remaining if matches(g, j)), None)
        if hit is None:
            missing.append(g)
        else:
            remaining.remove(hit)
    return missing, remaining


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


def make_judgement(paragraph: str, seq: int, low: float, high: float, evidence: str) -> Judgement:
    """A verbal "most" judgement in reducing reoffending, estimated mid-range."""
    return Judgement(
        paragraph=paragraph,
        domain="reducing_reoffending",
        polarity="positive",
        quantifier="most",
        quantifier_text="most",
        basis="verbal",
        numerator=None,
        denominator=None,
        denominator_source=None,
        sufficiency=(low + high) / 2,
        sufficiency_low=low,
        sufficiency_high=high,
        evidence=evidence,
        seq=seq,
    )


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
            make_judgement("1.1", 1, 0.6, 0.9, "Sufficient in most cases."),
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
        unread_counts=[
            UnreadCount(
                "1.2",
                "reducing_reoffending",
                "ten of the cases",
                "describes",
                "Reports were provided in ten of the cases sampled.",
            )
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
        "reason": None,
    }


@pytest.fixture
def sample_tables():
    """Tables built by the real table builder from two hand-built reports."""
    from sqs_analysis.tables import build_tables

    first = make_report()
    second = make_report(
        "other.txt", area="Wigan", report_id="wigan-2016-07-01", source_sha256="1" * 64
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


def _why_not_installed(tool: str, package: str, target: str) -> str:
    """The line `make TARGET` wrote when it could not install the tool, else the advice."""
    written = Path(sys.prefix) / f"{target}-unavailable"
    why = written.read_text("utf-8").strip() if written.exists() else ""
    advice = why or f"install it with `apt-get install -y {package}` or `make {target}`"
    return f"{tool} not found on PATH ({advice})"


def browser_skip_reason() -> str:
    """Why there is no Chromium: the line `make browser` wrote, else the general advice."""
    why = _why_not_installed("chromium", "chromium", "browser")
    return f"{why}; the headless-browser check of briefings needs it"


def ocr_skip_reason() -> str:
    """Why there is no Tesseract: the line `make ocr` wrote, else the general advice."""
    return f"{_why_not_installed('tesseract', 'tesseract-ocr', 'ocr')}; reading scans needs it"


def office_skip_reason() -> str:
    """Why there is no LibreOffice: the line `make office` wrote, else the general advice."""
    why = _why_not_installed("soffice", "libreoffice-writer-nogui", "office")
    return f"{why}; reading .doc, .rtf and .odt letters needs it"


@pytest.fixture(scope="session")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        pytest.skip(browser_skip_reason())
    return found


WITHOUT_A_TOOL = ("not on PATH", "turned off")
"""The two ways a machine is without a program a reader runs."""


def without_tool(monkeypatch, tmp_path: Path, how: str, env_var: str) -> None:
    """The machine without a program: none on PATH, or the program turned off by the
    environment variable the package reads for it."""
    if how == "not on PATH":
        empty = tmp_path / "no-tools"
        empty.mkdir(exist_ok=True)
        monkeypatch.setenv("PATH", str(empty))
    else:
        monkeypatch.setenv(env_var, "off")


def refusal_without_tool(
    monkeypatch, tmp_path: Path, how: str, env_var: str, path: Path, package: str
) -> str:
    """The one-line refusal to read ``path`` on a machine without the program (see
    :func:`without_tool`), checked to say how to install ``package``."""
    from sqs_analysis.ingest.readers import ReadError, read_document

    without_tool(monkeypatch, tmp_path, how, env_var)
    with pytest.raises(ReadError) as caught:
        read_document(path)
    message = str(caught.value)
    assert "\n" not in message and f"apt-get install {package}" in message
    return message


def stand_in(folder: Path, name: str, body: str) -> Path:
    """A stand-in program ``name`` in ``folder`` that runs the shell ``body``."""
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture(scope="session")
def libreoffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip(office_skip_reason())
    return found


@pytest.fixture(scope="session")
def tesseract() -> str:
    found = shutil.which("tesseract")
    if found is None:
        pytest.skip(ocr_skip_reason())
    return found


# ---------------------------------------------------------------------- hostile reports

XSS_TITLE = "XSSRAN"
"""Each payload, if it ever ran, would set the page title to ``XSSRAN-<where>``."""


def xss_payloads() -> dict[str, str]:
    """Where the payload goes -> markup that would run if report text were treated as HTML.

    No dots inside, so the payloads do not end sentences when the report is parsed.
    """

    def set_title(where: str) -> str:
        return f"document['title']='{XSS_TITLE}-{where}'"

    return {
        "area": f'<img src=x onerror="{set_title("area")}">',
        "strength": f"<script>{set_title('strength')}</script>",
        "improvement": f'<img src=x onerror="{set_title("improvement")}">',
        "finding": f'<svg onload="{set_title("finding")}"></svg>',
        "recipient": f"<iframe srcdoc=\"<script>parent['document']['title']='{XSS_TITLE}-recipient'</script>\"></iframe>",
        "copy_list": f'<body onload="{set_title("copy_list")}">',
    }


def hostile_report_text(text: str, area_suffix: str) -> str:
    """A real report with a payload in its area name, a strength, an improvement, a finding,
    the recipient's role and the copy list (inserted by structure, not by wording)."""
    payloads = xss_payloads()
    lines = text.split("\n")

    def first(predicate, start: int = 0) -> int:
        return next(i for i in range(start, len(lines)) if predicate(lines[i]))

    title = first(lambda s: "Short Quality Screening" in s)
    lines[title] = lines[title].rstrip() + area_suffix + payloads["area"]
    to = first(lambda s: "To:" in s)
    lines[to] = (
        lines[to].rstrip(" |")
        + " "
        + payloads["recipient"]
        + (" |" if lines[to].rstrip().endswith("|") else "")
    )
    finding = first(lambda s: re.match(r"^\W*1\.1\.?\s", s) is not None)
    lines[finding] = lines[finding] + f" Plans were sufficient in most cases {payloads['finding']}."
    for section, key in (
        ("key strengths", "strength"),
        ("areas requiring improvement", "improvement"),
    ):
        head = first(lambda s, section=section: section in s.lower())
        bullet = first(lambda s: s.lstrip().startswith("-"), head + 1)
        lines[bullet] = lines[bullet].replace("-", f"- {payloads[key]}", 1)
    copy_head = max(i for i, s in enumerate(lines) if s.strip().strip("*|: ").lower() == "copy to")
    row = first(lambda s: bool(s.strip()) and not set(s.strip()) <= set("|- "), copy_head + 1)
    lines[row] = lines[row].replace(
        "Head of Service", f"Head of Service {payloads['copy_list']}", 1
    )
    return "\n".join(lines)


@pytest.fixture(scope="session")
def hostile_data(tmp_path_factory) -> Path:
    """A folder with the two real reports, each carrying markup payloads in its text."""
    folder = tmp_path_factory.mktemp("hostile") / "data"
    folder.mkdir()
    suffixes = [" & Hove", "/NE Somerset"]
    for path, suffix in zip(raw_paths(), suffixes, strict=True):
        text = hostile_report_text(path.read_text("utf-8"), suffix)
        (folder / f"hostile {path.stem}{path.suffix}").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def hostile_briefing(hostile_data: Path) -> dict[str, Any]:
    """One briefing run over the hostile reports, selected by their (hostile) area names."""
    from sqs_analysis.briefing import run_briefing
    from sqs_analysis.tables import load_tables

    areas = sorted(load_tables(hostile_data).reports["area"].dropna())
    out = hostile_data.parent / "briefings"
    out.mkdir()
    cache = Path(os.environ["SQS_ANALYSIS_CACHE"])  # the one place a briefing may write outside

    def outside() -> list[Path]:
        return sorted(
            p
            for p in hostile_data.parent.parent.rglob("*")
            if out not in p.parents and cache not in p.parents
        )

    before = outside()
    folder = run_briefing(hostile_data, out, None, None, areas, 300, progress=lambda _: None)
    cached = sorted(p.relative_to(cache) for p in cache.rglob("*") if p.is_file())
    return {
        "folder": folder,
        "out": out,
        "areas": areas,
        "outside": (before, outside()),
        "cached": cached,
    }
