"""The benchmark's table of results, printed when a run ends, and the machine it ran on."""

from __future__ import annotations

import os
import platform
import subprocess
from typing import Any

from common import ROOT


def _print_parse(results: dict[str, Any]) -> None:
    parse = results.get("parse") or []
    if parse:
        print("\nParsing synthetic text reports (single process; CPU seconds = cost on one core)")
        print(
            f"{'reports':>8} {'parse CPU s':>12} {'parse r/s':>10} {'vs first':>9} "
            f"{'+tables CPU s':>14} {'load_tables r/s':>16} {'wall s':>8} "
            f"{'traced MB':>10} {'maxrss MB':>10}"
        )
        first = parse[0]["reports_per_s"]
        for row in parse:
            print(
                f"{row['reports']:>8} {row['parse_cpu_s']:>12.3f} {row['reports_per_s']:>10.1f} "
                f"{row['reports_per_s'] / first:>9.2f} {row['cpu_s']:>14.3f} "
                f"{row['load_tables_reports_per_s']:>16.1f} "
                f"{row['parse_s'] + row['tables_s']:>8.2f} "
                f"{row['tracemalloc_peak_mb']:>10.1f} {row['maxrss_mb']:>10.1f}"
            )
        print(
            "  parse = parse_corpus; load_tables = parse + validated tables; traced MB = peak "
            "Python allocation while loading (tracemalloc, separate run); maxrss = whole process"
        )


def _print_briefing(results: dict[str, Any]) -> None:
    brief = results.get("briefing")
    if brief:
        print(f"\nBriefing wall time (best of {brief['repeats']}; {brief['notebooks']} notebooks)")
        print(
            f"  floor: papermill + HTML on {brief['notebooks']} empty notebooks  "
            f"{brief['floor_s']:>7.1f} s"
        )
        print(f"  briefing, 2 bundled reports                          {brief['small_s']:>7.1f} s")
        print(
            f"  briefing, {brief['big_reports']} synthetic reports, cold"
            f"{' ' * (21 - len(str(brief['big_reports'])))}{brief['big_s']:>7.1f} s"
        )
        if brief.get("big_warm_s"):
            print(
                f"  briefing, {brief['big_reports']} synthetic reports, warm cache"
                f"{' ' * (15 - len(str(brief['big_reports'])))}{brief['big_warm_s']:>7.1f} s"
            )
    elif results.get("briefing_skipped"):
        print(f"\nBriefing: skipped ({results['briefing_skipped']})")
    imp = results.get("import")
    if imp:
        print(
            f"\nimport sqs_analysis: best {imp['best_s'] * 1000:.0f} ms, median "
            f"{imp['median_s'] * 1000:.0f} ms of {imp['runs']} fresh interpreters; whole process "
            f"{imp['process_best_s'] * 1000:.0f} ms against {imp['bare_process_best_s'] * 1000:.0f} "
            f"ms bare ({imp['vs_bare_interpreter']:.2f}x); heavy "
            f"modules loaded: {', '.join(imp['heavy_modules_loaded']) or 'none'}"
        )


def _print_pdf(results: dict[str, Any]) -> None:
    pdf = results.get("pdf")
    if pdf:
        print(
            f"\nPDF letters read and parsed ({pdf['letters']} published-layout fixtures, each on "
            f"its own, median of {pdf['repeats']} interleaved repeats, CPU time on one core)"
        )
        print(
            f"  PDFium: {pdf['pdfium_cpu_ms']:>6.1f} ms a letter ({pdf['reports_per_s']:.0f} "
            f"reports/s; wall {pdf['pdfium_wall_ms']:.1f} ms)"
        )
        print(
            f"  PDFium's own text extraction: {pdf['pdfium_text_cpu_ms']:>6.1f} ms a letter "
            f"(the package reads and parses in {pdf['vs_pdfium_text']:.2f}x that)"
        )
        print(
            f"  pypdf:  {pdf['pypdf_cpu_ms']:>6.1f} ms a letter ({pdf['pypdf_reports_per_s']:.1f} "
            f"reports/s; wall {pdf['pypdf_wall_ms']:.1f} ms); PDFium is {pdf['vs_pypdf']:.1f}x faster"
        )
        print(
            f"  peak memory per PDF: {pdf['peak_rss_growth_mb']:.1f} MB resident growth, "
            f"{pdf['peak_traced_mb']:.2f} MB of Python allocations"
        )
    published = results.get("published_briefing")
    if published:
        if published.get("skipped"):
            print(f"\nBriefing on published PDFs: skipped ({published['skipped']})")
        else:
            print(
                f"\nBriefing on {published['reports']} published-style PDFs, cold: "
                f"{published['big_cold_s']:.1f} s; 2 bundled reports {published['small_s']:.1f} s "
                f"(best of {published['repeats']})"
            )


def print_table(results: dict[str, Any]) -> None:
    """Every measurement as a table, then each target met or missed."""
    _print_parse(results)
    _print_briefing(results)
    _print_pdf(results)
    text = results.get("text_baseline")
    if text:
        from text_baseline import describe

        print("\nText letters against the baseline parser")
        print(describe(text))
    print("\nTargets (ratios measured in this run) and figures reported beside them")
    for check in results["targets"]:
        if check["met"] is None:
            print(f"  [    ] {check['name']}: {check['value']} {check['unit']} (no target)")
            continue
        mark = "ok  " if check["met"] else "MISS"
        print(f"  [{mark}] {check['name']}: {check['value']} {check['unit']} {check['target']}")


def machine() -> dict[str, Any]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "commit": commit,
    }
