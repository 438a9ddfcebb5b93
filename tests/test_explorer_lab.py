"""The explorer notebook in a real JupyterLab: headless Chromium (driven by Playwright) opens
it, runs every cell, types a search and sees the evidence table change.

JupyterLab is started from this environment on a free port of 127.0.0.1 with a token of the
test's own; the browser is the system Chromium (no browser is downloaded) and reaches nothing
but that server. Without Chromium the test is skipped with the reason, as the other browser
tests are.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import ROOT, raw_paths
from test_page_access import CHROMIUM_FLAGS

pytestmark = pytest.mark.slow
NOTEBOOK = "05_explore.ipynb"
START_SECONDS = 60
RUN_MS = 60_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab serving a copy of the explorer notebook next to a copy of the reports
    (where its default ``data_dir`` looks), stopped when the test ends."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, notebooks / NOTEBOOK)
    data = tmp_path / "data" / "raw"
    data.mkdir(parents=True)
    for path in raw_paths():
        shutil.copy(path, data / path.name)
    port, token = free_port(), secrets.token_hex(16)
    home = tmp_path / "jupyter"
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
    }
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            "--allow-root",  # CI runs as root; the server listens on 127.0.0.1 only
            f"--ServerApp.root_dir={notebooks}",
            "--ServerApp.port_retries=0",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",  # no look-ups of extensions online
        ],
        cwd=notebooks,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start:\n{(tmp_path / 'lab.log').read_text()}")
                time.sleep(0.5)
        yield {"url": f"{base}/lab/tree/{NOTEBOOK}?token={token}", "log": tmp_path / "lab.log"}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def test_the_explorer_runs_in_jupyterlab_and_a_search_changes_the_table(chromium, lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(RUN_MS)
            page.goto(lab["url"])
            page.locator(".jp-Notebook").first.wait_for()
            # wait until the kernel is ready (the status bar says so), then Run > Run All Cells
            page.locator(".jp-StatusBar-Widget", has_text="| Idle").first.wait_for()
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()

            table = page.locator(".sqs-explorer-table")
            table.wait_for()
            everything = int(table.get_attribute("data-total"))
            assert everything > 0 and table.locator("mark").count() == 0
            chart = page.locator(".widget-image img, img.widget-image").first
            chart.wait_for()
            first_chart = chart.get_attribute("src")

            box = page.locator(".sqs-explorer-search input")
            box.fill("exploit")
            box.press("Enter")
            page.wait_for_function(
                "(n) => { const t = document.querySelector('.sqs-explorer-table');"
                " return t && Number(t.dataset.total) !== n; }",
                arg=everything,
            )
            found = int(table.get_attribute("data-total"))
            assert 0 < found < everything
            marks = table.locator("mark").all_inner_texts()
            assert marks and all(m.lower().startswith("exploit") for m in marks)
            summary = page.locator(".sqs-explorer-summary").inner_text()
            assert f"{found} texts" in summary and "exploit" in summary
            page.wait_for_function(  # the chart is redrawn too (a new image)
                "(first) => { const i = document.querySelector("
                "'.widget-image img, img.widget-image'); return i && i.src !== first; }",
                arg=first_chart,
            )
            # the last cell's check ran in the same kernel without an error
            page.locator(".jp-OutputArea-output", has_text="searchable in all").first.wait_for()
            assert page.locator(".jp-OutputArea-output[data-mime-type*='stderr']").count() == 0
        finally:
            browser.close()
