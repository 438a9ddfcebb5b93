"""The benchmark's targets (see docs/benchmarks.md), and which of them a run met.

Every target is a ratio of two things measured side by side in the same run, so that a slow or
busy machine slows both and the verdict does not depend on which machine ran it. Absolute
figures (reports a second, seconds) are reported beside them, without a target.
"""

from __future__ import annotations

from typing import Any

TARGET_TEXT_VS_BASELINE = 1.0
"""Text letters: at least as fast as the baseline commit's parser (``text_baseline.py``)."""
TARGET_LINEARITY = 0.8
"""Text letters: the rate at the largest corpus at least 0.8 of the rate at the smallest."""
TARGET_BRIEFING_VS_FLOOR = 2.5
"""The 2-report briefing: at most 2.5x papermill running as many empty notebooks."""
TARGET_IMPORT_VS_BARE = 2.0
"""``python -c 'import sqs_analysis'``: at most 2x a bare interpreter's start, and no heavy
module (pandas, numpy, matplotlib, seaborn, papermill) loaded."""
TARGET_PDF_VS_PDFIUM_TEXT = 3.0
"""PDF letters read and parsed: at most 3x PDFium's own text extraction of the same files."""
TARGET_PDF_VS_PYPDF = 10.0
"""PDF letters: at least 10x faster than the same pipeline with pypdf reading the PDFs."""
TARGET_PUBLISHED_BRIEFING_GROWTH = 1.35
"""The briefing on 150 published-style PDFs, cold: at most 1.35x the 2-report briefing."""


Check = dict[str, Any]


def _check(name: str, value: float, target: float | None, ok: bool | None, unit: str) -> Check:
    return {"name": name, "value": round(value, 3), "target": target, "unit": unit, "met": ok}


def _reported(name: str, value: float, unit: str) -> Check:
    """A figure reported beside the targets, held to none (``met`` is ``None``)."""
    return _check(name, value, None, None, unit)


def _parse_checks(results: dict[str, Any]) -> list[Check]:
    """Text letters against the baseline commit, and the rate at the largest corpus against the
    smallest (also kept in ``results`` as ``parse_linearity``)."""
    checks = []
    text = results.get("text_baseline")
    if text and "skipped" not in text:
        checks.append(
            _check(
                f"text letters: baseline {text['baseline_ref']} CPU / this version's CPU",
                text["speed_vs_baseline"],
                TARGET_TEXT_VS_BASELINE,
                text["speed_vs_baseline"] >= TARGET_TEXT_VS_BASELINE,
                "ratio (at least)",
            )
        )
    parse = results.get("parse") or []
    checks += [
        _reported(f"parse {row['reports']} text reports", row["reports_per_s"], "reports/s")
        for row in parse
    ]
    if len(parse) >= 2:
        ratio = parse[-1]["reports_per_s"] / parse[0]["reports_per_s"]
        results["parse_linearity"] = round(ratio, 3)
        checks.append(
            _check(
                f"rate at {parse[-1]['reports']} / rate at {parse[0]['reports']}",
                ratio,
                TARGET_LINEARITY,
                ratio >= TARGET_LINEARITY,
                "ratio (at least)",
            )
        )
    return checks


def _briefing_checks(brief: dict[str, Any] | None) -> list[Check]:
    """The 2-report briefing against its floor; the big one (cold, warm) against it, reported."""
    if not brief:
        return []
    small_vs_floor = brief["small_s"] / brief["floor_s"]
    checks = [
        _check(
            "briefing 2 reports / floor",
            small_vs_floor,
            TARGET_BRIEFING_VS_FLOOR,
            small_vs_floor <= TARGET_BRIEFING_VS_FLOOR,
            "ratio (at most)",
        ),
        _reported(
            f"briefing {brief['big_reports']} reports (cold) / 2 reports",
            brief["big_s"] / brief["small_s"],
            "ratio",
        ),
    ]
    if brief.get("big_warm_s"):
        checks.append(
            _reported(
                f"briefing {brief['big_reports']} reports (warm parse cache) / 2 reports",
                brief["big_warm_s"] / brief["small_s"],
                "ratio",
            )
        )
    return checks


def _pdf_checks(pdf: dict[str, Any] | None, published: dict[str, Any] | None) -> list[Check]:
    """PDF letters against PDFium's own text extraction and against pypdf, and the briefing
    on published PDFs against the 2-report one."""
    checks = []
    if pdf:
        checks += [
            _check(
                f"PDF letters read and parsed / PDFium text extraction ({pdf['letters']} "
                "published-layout fixtures, CPU time)",
                pdf["vs_pdfium_text"],
                TARGET_PDF_VS_PDFIUM_TEXT,
                pdf["vs_pdfium_text"] <= TARGET_PDF_VS_PDFIUM_TEXT,
                "ratio (at most)",
            ),
            _check(
                "PDF letters: pypdf pipeline / PDFium pipeline (CPU time)",
                pdf["vs_pypdf"],
                TARGET_PDF_VS_PYPDF,
                pdf["vs_pypdf"] >= TARGET_PDF_VS_PYPDF,
                "ratio (at least)",
            ),
            _reported("PDF letters read and parsed", pdf["reports_per_s"], "reports/s"),
        ]
    if published and not published.get("skipped"):
        growth = published["big_cold_s"] / published["small_s"]
        checks.append(
            _check(
                f"briefing {published['reports']} published PDFs (cold) / 2 reports",
                growth,
                TARGET_PUBLISHED_BRIEFING_GROWTH,
                growth <= TARGET_PUBLISHED_BRIEFING_GROWTH,
                "ratio (at most)",
            )
        )
    return checks


def check_targets(results: dict[str, Any]) -> list[Check]:
    """Every target the results can be held to, and the figures reported beside them: name,
    value, target, unit and whether met (``None`` for a figure with no target)."""
    checks = _parse_checks(results)
    checks += _briefing_checks(results.get("briefing"))
    checks += _pdf_checks(results.get("pdf"), results.get("published_briefing"))
    imp = results.get("import")
    if imp:
        checks.append(
            _check(
                "python -c 'import sqs_analysis' / bare interpreter (whole process)",
                imp["vs_bare_interpreter"],
                TARGET_IMPORT_VS_BARE,
                imp["vs_bare_interpreter"] <= TARGET_IMPORT_VS_BARE
                and not imp["heavy_modules_loaded"],
                "ratio (at most; no heavy module)",
            )
        )
        checks.append(_reported("import sqs_analysis", imp["best_s"], "s"))
    return checks
