"""A JupyterLab server on localhost and Debian's Chromium driven by Playwright, for the browser
test and the browser benchmark of the tuning panel (notebook 03, analyst-only cell).

The server serves a copy of the notebooks and the bundled data in a temporary folder (so a Save
never touches the bundled samples), with its own settings and workspace folders (so nothing of
the user's JupyterLab is restored), and exposes the app to the page so the notebook's cells can be
run by command. ``panel_page`` opens notebook 03 on one program, runs every cell and returns the
page once the panel shows.
"""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = "notebooks/03_match_optimization.ipynb"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(work: Path, slug: str) -> Path:
    """Copy the notebooks and data into ``work``; notebook 03's parameters point at ``slug``."""
    shutil.copytree(ROOT / "notebooks", work / "notebooks")
    shutil.copytree(ROOT / "data", work / "data")
    nb_path = work / NOTEBOOK
    nb = json.loads(nb_path.read_text())
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            cell["source"] = [f'program_dir = "../data/programs/{slug}"\n', "output_dir = None\n"]
    nb_path.write_text(json.dumps(nb))
    return work / "data" / "programs" / slug


@contextlib.contextmanager
def lab_server(work: Path):
    """Yield the base URL (with token) of a JupyterLab serving ``work``."""
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "PYTHONUNBUFFERED": "1",
           "JUPYTER_CONFIG_DIR": str(work / ".jupyter"),
           "JUPYTER_RUNTIME_DIR": str(work / ".jupyter" / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(work / ".jupyter" / "lab" / "user-settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(work / ".jupyter" / "lab" / "workspaces"),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    # no "news" notification and no extension manager: nothing pops over the page
    settings = work / ".jupyter" / "lab" / "user-settings" / "@jupyterlab"
    (settings / "apputils-extension").mkdir(parents=True, exist_ok=True)
    (settings / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    log = open(work / "lab.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={work}", "--LabApp.expose_app_in_browser=True",
         "--LabApp.news_url="] + (["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        cwd=work, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    try:
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.5)
        else:
            raise RuntimeError("jupyter lab did not start:\n" + (work / "lab.log").read_text()[-3000:])
        if proc.poll() is not None:
            raise RuntimeError("jupyter lab exited:\n" + (work / "lab.log").read_text()[-3000:])
        yield base, token
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def launch(playwright):
    if not Path(CHROMIUM).exists():
        raise RuntimeError("chromium is not installed: run `make browser-setup`")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)


def panel_page(browser, base: str, token: str, timeout_ms: int = 240_000):
    """Open notebook 03 in JupyterLab, run all its cells, return the page once the panel shows."""
    page = browser.new_page(viewport={"width": 1400, "height": 2400})
    page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}", timeout=timeout_ms)
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
        " && window.jupyterapp.shell.currentWidget.sessionContext"
        " && window.jupyterapp.shell.currentWidget.sessionContext.session"
        " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel"
        " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.connectionStatus === 'connected'",
        timeout=timeout_ms)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.locator(".wb-tuning .wb-summary").wait_for(timeout=timeout_ms)
    page.locator(".wb-tuning").scroll_into_view_if_needed()
    return page


def weight_handle(page, index: int = 0):
    """The noUi handle of the ``index``-th weight slider of the panel."""
    return page.locator(".wb-tuning .widget-slider .noUi-handle").nth(index)
