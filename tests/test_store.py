"""Writing tables: faults never leave half-written outputs, reruns give identical bytes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, make_report, manifest_row, run_cli

from sqs_analysis.tables import TABLE_NAMES, build_tables
from sqs_analysis.tables.store import read_tables, write_tables


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every visible file under ``folder`` and its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def table_bytes(folder: Path) -> dict[str, bytes]:
    """The bytes of every table ``folder`` holds (a run log, with its times, is not a table)."""
    return {name: data for name, data in snapshot(folder).items() if name.endswith(".csv")}


def other_tables():
    report = make_report(area="Changed", report_id="changed-2017-01-01", strengths=["New."])
    return build_tables([report], [manifest_row(report)])


def test_round_trip_keeps_values_and_dtypes(tmp_path, sample_tables):
    write_tables(sample_tables, tmp_path)
    back = read_tables(tmp_path)
    for name, df in sample_tables.items():
        pd.testing.assert_frame_equal(getattr(back, name), df, check_dtype=True, obj=name)


def test_round_trip_keeps_awkward_text(tmp_path):
    awkward = [
        'Quotes "inside", commas, and; semicolons',
        "Two\nlines\r\nand a tab\there",
        "A bare\rcarriage return",
        '=HYPERLINK("http://example.invalid")',
        "  leading and trailing spaces  ",
        "Unicode – £ ’ é 報告 \u200b",
    ]
    report = make_report(strengths=awkward)
    tables = build_tables([report], [manifest_row(report)])
    write_tables(tables, tmp_path)
    back = read_tables(tmp_path)
    assert list(back.strengths["text"]) == awkward


def test_to_csv_failing_on_the_third_table_leaves_previous_outputs_intact(
    tmp_path, sample_tables, monkeypatch
):
    out = tmp_path / "out"
    write_tables(sample_tables, out)
    before = snapshot(out)
    assert set(before) == {f"{name}.csv" for name in TABLE_NAMES}

    calls = {"n": 0}
    real_to_csv = pd.DataFrame.to_csv

    def failing_to_csv(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real_to_csv(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_csv", failing_to_csv)
    with pytest.raises(OSError, match="No space left"):
        write_tables(other_tables(), out)
    monkeypatch.undo()

    assert calls["n"] == 3
    assert snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".staging")], "staging left behind"
    assert list(read_tables(out).reports["report_id"]) == list(sample_tables.reports["report_id"])


def test_failure_while_moving_tables_into_place_leaves_previous_outputs_intact(
    tmp_path, sample_tables, monkeypatch
):
    """A fault between the renames must not leave a mix of old and new tables."""
    import sqs_analysis.tables.store as store

    out = tmp_path / "out"
    write_tables(sample_tables, out)
    before = snapshot(out)

    calls = {"n": 0}
    real_replace = os.replace

    def failing_replace(src, dst, *args, **kwargs):
        if Path(dst).parent == out and str(dst).endswith(".csv"):
            calls["n"] += 1
            if calls["n"] == 3:
                raise OSError(5, "Input/output error")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(store.os, "replace", failing_replace)
    with pytest.raises(OSError):
        write_tables(other_tables(), out)
    monkeypatch.undo()

    after = snapshot(out)
    assert after == before, "tables changed by an interrupted write: " + ", ".join(
        sorted(k for k in before if after.get(k) != before[k])
    )


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import pandas as pd
    sys.path.insert(0, {tests!r})
    from conftest import make_report, manifest_row
    from sqs_analysis.tables.store import write_tables
    from sqs_analysis.tables import build_tables

    marker = Path({marker!r})
    real = pd.DataFrame.to_csv
    calls = []

    def slow_to_csv(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            marker.write_text("writing")
            time.sleep(60)
        return real(self, *args, **kwargs)

    pd.DataFrame.to_csv = slow_to_csv
    report = make_report(area="Changed", report_id="changed-2017-01-01")
    write_tables(build_tables([report], [manifest_row(report)]), Path({out!r}))
    """
)


@pytest.mark.slow
def test_killed_writer_leaves_previous_outputs_intact(tmp_path, sample_tables):
    out = tmp_path / "out"
    write_tables(sample_tables, out)
    before = snapshot(out)
    marker = tmp_path / "marker"
    code = WRITER.format(tests=str(ROOT / "tests"), marker=str(marker), out=str(out))
    proc = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not marker.exists():
        if proc.poll() is not None:
            pytest.fail(f"writer ended early: {proc.stderr.read().decode()}")
        assert time.monotonic() < deadline, "writer never reached the third table"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()

    assert snapshot(out) == before
    assert list(read_tables(out).reports["report_id"]) == list(sample_tables.reports["report_id"])
    # and the next write still works
    write_tables(other_tables(), out)
    assert list(read_tables(out).reports["area"]) == ["Changed"]


def test_missing_table_is_named_when_reading(tmp_path, sample_tables):
    write_tables(sample_tables, tmp_path)
    (tmp_path / "judgements.csv").unlink()
    with pytest.raises(FileNotFoundError, match=r"judgements\.csv"):
        read_tables(tmp_path)


@pytest.mark.slow
def test_rerunning_the_cli_gives_byte_identical_tables(tmp_path, raw_reports):
    first, second = tmp_path / "first", tmp_path / "second"
    for out in (first, second, second):  # two folders, and the second one overwritten
        result = run_cli("parse", *raw_reports, "--out", out)
        assert result.returncode == 0, result.stderr
    a, b = table_bytes(first), table_bytes(second)
    assert set(a) == {f"{name}.csv" for name in TABLE_NAMES}
    assert a == b
    assert all(content.endswith(b"\n") and b"\r\n" not in content for content in a.values())


@pytest.mark.slow
def test_tables_do_not_depend_on_hash_seed_time_zone_or_locale(tmp_path):
    """The same command in a differently set-up shell writes the same bytes."""
    first, second = tmp_path / "first", tmp_path / "second"
    settings = [
        {"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8"},
        {"PYTHONHASHSEED": "2", "TZ": "Pacific/Kiritimati", "LC_ALL": "C"},
    ]
    for out, env in zip((first, second), settings, strict=True):
        result = run_cli("parse", "data/raw", "--out", out, cwd=ROOT, env=env)
        assert result.returncode == 0, result.stderr
    assert table_bytes(first) == table_bytes(second)


def _edit_csv(path: Path, column: str, row: int, value: str) -> None:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[row, column] = value
    df.to_csv(path, index=False, lineterminator="\n")


def test_tables_edited_by_hand_are_validated_when_read_back(tmp_path, sample_tables):
    """A CSV saved again from a spreadsheet with bad values reads back blanked and warned,
    never with a crash or a silent gap."""
    write_tables(sample_tables, tmp_path)
    _edit_csv(tmp_path / "reports.csv", "cases_examined", 0, "4.5")
    _edit_csv(tmp_path / "reports.csv", "publication_date", 1, "15/06/2016")
    _edit_csv(tmp_path / "reports.csv", "reoffending_rate", 1, "142")
    _edit_csv(tmp_path / "judgements.csv", "sufficiency", 0, "most")

    back = read_tables(tmp_path)
    assert pd.isna(back.reports.loc[0, "cases_examined"])
    assert pd.isna(back.reports.loc[1, "publication_date"])
    assert pd.isna(back.reports.loc[1, "reoffending_rate"])
    assert len(back.judgements) == len(sample_tables.judgements) - 1
    messages = list(back.parse_issues["message"])
    for column in (
        "reports.cases_examined",
        "reports.publication_date",
        "reports.reoffending_rate",
        "judgements.sufficiency",
    ):
        assert any(m.startswith(column) for m in messages), (column, messages)


def test_a_month_the_report_does_not_state_is_written_empty(tmp_path):
    """Regression: a letter whose footnote gives no publication month (NaT) once stopped the
    whole run with "NaTType does not support strftime", costing every letter its tables."""
    silent = make_report(area="Silent", report_id="silent-2016-06-15")
    silent.rate.rate_published = None
    silent.rate.cohort_start = silent.rate.cohort_end = None
    other = make_report(area="Stated", report_id="stated-2016-06-16")
    tables = build_tables([silent, other], [manifest_row(silent), manifest_row(other)])
    write_tables(tables, tmp_path)
    back = read_tables(tmp_path).reports.set_index("report_id")
    assert pd.isna(back.loc["silent-2016-06-15", "rate_published"])
    assert pd.isna(back.loc["silent-2016-06-15", "cohort_start"])
    assert str(back.loc["stated-2016-06-16", "rate_published"]) == str(other.rate.rate_published)
