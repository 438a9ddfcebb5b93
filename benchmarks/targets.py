"""The benchmark's targets (see docs/benchmarks.md), and which of them a run met."""

from __future__ import annotations

from typing import Any

TARGET_REPORTS_PER_S = 200.0
TARGET_LINEARITY = 0.8
TARGET_BRIEFING_VS_FLOOR = 2.5
TARGET_BRIEFING_GROWTH = 1.5
TARGET_IMPORT_S = 0.3
TARGET_PDF_REPORTS_PER_S = 40.0
TARGET_PDF_VS_PYPDF = 10.0
TARGET_PUBLISHED_BRIEFING_GROWTH = 1.5


Check = dict[str, Any]


def _check(name: str, value: float, target: float, ok: bool, unit: str) -> Check:
    return {"name": name, "value": round(value, 3), "target": target, "unit": unit, "met": ok}


def _parse_checks(results: dict[str, Any]) -> list[Check]:
    """Text reports a second at each size, and the rate at the largest against the smallest
    (also kept in ``results`` as ``parse_linearity``)."""
    parse = results.get("parse") or []
    checks = [
        _check(
            f"parse {row['reports']} text reports",
            row["reports_per_s"],
            TARGET_REPORTS_PER_S,
            row["reports_per_s"] >= TARGET_REPORTS_PER_S,
            "reports/s (at least)",
        )
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
    """The 2-report briefing against its floor, and the big one (cold, warm) against it."""
    if not brief:
        return []
    small_vs_floor = brief["small_s"] / brief["floor_s"]
    growth = brief["big_s"] / brief["small_s"]
    checks = [
        _check(
            "briefing 2 reports / floor",
            small_vs_floor,
            TARGET_BRIEFING_VS_FLOOR,
            small_vs_floor <= TARGET_BRIEFING_VS_FLOOR,
            "ratio (at most)",
        ),
        _check(
            f"briefing {brief['big_reports']} reports (cold) / 2 reports",
            growth,
            TARGET_BRIEFING_GROWTH,
            growth <= TARGET_BRIEFING_GROWTH,
            "ratio (at most)",
        ),
    ]
    if brief.get("big_warm_s"):
        warm = brief["big_warm_s"] / brief["small_s"]
        checks.append(
            _check(
                f"briefing {brief['big_reports']} reports (warm parse cache) / 2 reports",
                warm,
                TARGET_BRIEFING_GROWTH,
                warm <= TARGET_BRIEFING_GROWTH,
                "ratio (at most)",
            )
        )
    return checks


def _pdf_checks(pdf: dict[str, Any] | None, published: dict[str, Any] | None) -> list[Check]:
    """PDF letters a second, against pypdf, and the briefing on published PDFs."""
    checks = []
    if pdf:
        checks += [
            _check(
                f"PDF letters read and parsed ({pdf['letters']} published-layout fixtures)",
                pdf["reports_per_s"],
                TARGET_PDF_REPORTS_PER_S,
                pdf["reports_per_s"] >= TARGET_PDF_REPORTS_PER_S,
                "reports/s (at least)",
            ),
            _check(
                "PDF letters: pypdf pipeline / PDFium pipeline (CPU time)",
                pdf["vs_pypdf"],
                TARGET_PDF_VS_PYPDF,
                pdf["vs_pypdf"] >= TARGET_PDF_VS_PYPDF,
                "ratio (at least)",
            ),
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
    """Every target the results can be held to: its name, value, target, unit and whether met."""
    checks = _parse_checks(results)
    checks += _briefing_checks(results.get("briefing"))
    checks += _pdf_checks(results.get("pdf"), results.get("published_briefing"))
    imp = results.get("import")
    if imp:
        checks.append(
            _check(
                "import sqs_analysis",
                imp["best_s"],
                TARGET_IMPORT_S,
                imp["best_s"] < TARGET_IMPORT_S and not imp["heavy_modules_loaded"],
                "s (under)",
            )
        )
    return checks
