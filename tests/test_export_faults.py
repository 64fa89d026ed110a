"""Image export when the browser hangs or crashes, injected for real (test_export.py covers a
missing browser and one that exits at once): the export fails with a message within the timeout,
no browser process is left behind, and the next export starts a fresh browser and succeeds.

Crashes are real SIGKILLs of the Chromium processes Kaleido started (found under this process in
/proc); the hung "browser" is a script that never answers. Timeouts are shortened through the
module's settings ($WSIS_EXPORT_TIMEOUT does the same for a server).
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest

from tests.support.apptest import dashboard_app
from wsis_data import export
from wsis_data.errors import ExportError
from wsis_data.export import images
from wsis_data.export.render_cache import RenderCache

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent")
META = export.ExportMeta("Faults", "test", "none", "page")


def small() -> go.Figure:
    return go.Figure(go.Heatmap(z=[[1, 2], [3, 4]]))


def descendants(pid: int) -> list[int]:
    """Every live process below `pid` (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def chromium_processes(kind: str) -> list[int]:
    """Kaleido's Chromium: its main process ("main") or its renderers ("renderer").

    Only below the process Kaleido started (not Playwright's Chromium of the browser tests).
    """
    server = images._server
    wrapper = getattr(getattr(server, "_kaleido", None), "subprocess", None)
    if wrapper is None:
        return []
    found = []
    for pid in descendants(wrapper.pid):
        line = cmdline(pid)
        if "chromium" not in line.split(" ", 1)[0]:
            continue
        if (kind == "main" and "--type=" not in line) or f"--type={kind}" in line:
            found.append(pid)
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in "ZX"
    except OSError:
        return False


@pytest.fixture(scope="module", autouse=True)
def renderer_closed_after():
    """The module's tests share the persistent browser (each restarts it); closed at the end."""
    yield
    export.shutdown()


@pytest.fixture
def fresh_renderer(monkeypatch):
    """Debian's chromium as the browser (a running one is reused, as the app would)."""
    monkeypatch.setenv("BROWSER_PATH", str(CHROMIUM))
    monkeypatch.setattr(images, "RENDERS", RenderCache(max_entries=0))  # every ask renders
    return export


def test_hung_browser_times_out_and_is_killed(fresh_renderer, monkeypatch, tmp_path):
    pids = tmp_path / "pids"
    fake = tmp_path / "hung-browser"
    fake.write_text(f"#!/bin/sh\necho $$ >> {pids}\nexec sleep 600\n")
    fake.chmod(0o755)
    export.shutdown()  # a fresh start, on the fake
    monkeypatch.setenv("BROWSER_PATH", str(fake))
    monkeypatch.setattr(images, "_START_TIMEOUT", 3.0)
    monkeypatch.setattr(images, "_RENDER_TIMEOUT", 3.0)
    started = images._server_started
    with pytest.raises(ExportError, match="no answer from the browser within 3 s") as caught:
        export.image_bytes(small(), "png", META)
    assert "CSV/XLSX/HTML exports still work" in str(caught.value)
    hung = [int(p) for p in pids.read_text().split()]
    deadline = time.monotonic() + 10  # SIGKILL is delivered asynchronously
    while any(alive(p) for p in hung) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert hung and not any(alive(p) for p in hung)  # the hung process was killed, not leaked
    monkeypatch.setattr(images, "_START_TIMEOUT", 60.0)
    monkeypatch.setattr(images, "_RENDER_TIMEOUT", 6.0)  # kept by this browser (next test)
    monkeypatch.setenv("BROWSER_PATH", str(CHROMIUM))
    assert export.image_bytes(small(), "png", META)[:4] == b"\x89PNG"  # the next one recovers
    assert images._server_started == started + 2


def _kill_during_render(kind: str) -> tuple[str, bool]:
    """Start a large render, SIGKILL our Chromium's `kind` processes while it runs; return the
    render's outcome and whether the kill really landed mid-render."""
    fig = go.Figure(go.Heatmap(z=np.random.default_rng(1).random((400, 400))))
    outcome: dict[str, str] = {}

    def render() -> None:
        try:
            export.image_bytes(fig, "png", META, scale=3)
            outcome["result"] = "ok"
        except ExportError as exc:
            outcome["result"] = str(exc)

    worker = threading.Thread(target=render)
    worker.start()
    victims: list[int] = []
    deadline = time.monotonic() + 30
    while worker.is_alive() and not victims and time.monotonic() < deadline:
        time.sleep(0.05)
        victims = chromium_processes(kind)
    time.sleep(0.2)
    mid_render = worker.is_alive()
    for pid in victims:
        os.kill(pid, signal.SIGKILL)
    worker.join(120)
    return outcome["result"], mid_render and bool(victims)


@pytest.mark.parametrize("kind", ["renderer", "main"])
def test_chromium_killed_mid_render_then_next_export_recovers(fresh_renderer, monkeypatch, kind):
    """A killed tab (renderer) never answers: the render timeout fires. A killed main process
    closes the pipe: the error comes at once. (The app test below kills it between renders.)"""
    monkeypatch.setattr(images, "_RENDER_TIMEOUT", 6.0)
    assert export.image_bytes(small(), "png", META)[:4] == b"\x89PNG"  # browser up
    started = images._server_started
    for _attempt in range(3):  # the kill must land while the render runs
        result, mid_render = _kill_during_render(kind)
        if mid_render:
            break
    assert mid_render, "no kill landed during a render"
    assert result.startswith("Image export failed"), result
    assert "CSV/XLSX/HTML exports still work" in result
    assert export.image_bytes(small(), "png", META)[:4] == b"\x89PNG"  # recovered
    assert images._server_started > started  # with a fresh browser


def test_app_after_a_browser_crash(fresh_renderer):
    """The heatmap page's PNG button (a deferred `Download`, made on click): Chromium crashes, the
    next PNG says why, the page keeps working (filters, CSV), and the PNG after that succeeds."""
    at = dashboard_app()
    assert not at.exception and not at.error
    assert {"PNG", "SVG", "PDF"} <= {b.proto.label for b in at.get("download_button")}
    size = export.IMAGE_SIZES["Small (800 × 600, 1×)"]
    png = next(f for f in export.chart_files(small(), META, "heatmap", size) if f.ext == "png")
    assert png.key == "dl-heatmap-png" and png.make()[:4] == b"\x89PNG"
    for pid in chromium_processes("main"):
        os.kill(pid, signal.SIGKILL)  # a crash while idle
    with pytest.raises(ExportError, match="Image export failed"):
        png.make()
    at.selectbox(key="heatmap-size").set_value("Small (800 × 600, 1×)").run()
    at.multiselect(key="sdg").set_value([4]).run()  # the page keeps working
    assert not at.exception and "SDG 4" in at.caption[0].value
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"PNG", "matrix CSV", "XLSX (+ metadata)"} <= labels
    assert png.make()[:4] == b"\x89PNG"  # recovered, with a fresh browser
