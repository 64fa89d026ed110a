"""Does an adversarial upload stall the server? `/_stcore/health` latency during the preview.

A real `streamlit run` server, a real Chromium uploading one ``.txt`` on the Import page (no
Import click), and a thread asking `/_stcore/health` every 50 ms until the page has finished
its run. A script run is a thread of its own, not the server's event loop, but a long call into
C (a regular expression) holds the GIL, and then the event loop answers nobody: the issue saw
17 s without a health answer for one line of 60,000 ``[``. Baseline in the same run: a plain
prose file of the same size. Run: `python -m bench.bench_upload_health`.
"""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from bench.common import print_table
from bench.harness.app_server import AppServer
from bench.harness.chromium import launch

UPLOADS: dict[str, str] = {
    "prose, 1 MB (baseline)": "Broadband reached rural schools and teachers learned skills.\n"
    * 16_700,
    "one line of 60,000 [": "[" * 60_000 + "\n",
    "one line of 1,000,000 [": "[" * 999_999 + "\n",
    "[]( × 300,000 (one line)": "[](" * 300_000 + "\n",
}


class HealthProbe(threading.Thread):
    """Ask `/_stcore/health` every 50 ms and keep each answer's latency."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.latencies, self.stop = f"{url}/_stcore/health", [], threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(self.url, timeout=120) as answer:
                    answer.read()
            except OSError:
                pass
            self.latencies.append(time.perf_counter() - start)
            self.stop.wait(0.05)


def upload_and_probe(page, server: AppServer, path: Path) -> tuple[float, list[float]]:
    """Seconds until the page's run after the upload ended, and the health latencies meanwhile."""
    page.goto(f"{server.url}/import")
    page.get_by_text("Import your records").wait_for()
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
    probe = HealthProbe(server.url)
    probe.start()
    start = time.perf_counter()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.locator('[data-testid="stExpander"]').first.wait_for(timeout=600_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=600_000
    )
    took = time.perf_counter() - start
    probe.stop.set()
    probe.join()
    return took, probe.latencies


def run() -> None:
    """Print the health latency during each upload."""
    from playwright.sync_api import sync_playwright

    rows = []
    server = AppServer()
    try:
        with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
            browser = launch(p)
            for label, text in UPLOADS.items():
                path = Path(tmp) / "upload.txt"
                path.write_text(text, encoding="utf-8")
                context = browser.new_context(viewport={"width": 1400, "height": 2000})
                took, lat = upload_and_probe(context.new_page(), server, path)
                context.close()
                rows.append([
                    label, f"{took:.2f}", len(lat), f"{statistics.median(lat) * 1000:.0f}",
                    f"{max(lat) * 1000:.0f}",
                ])  # fmt: skip
            browser.close()
    finally:
        server.stop()
    header = ["upload", "preview s", "health asks", "median ms", "max ms"]
    print_table("/_stcore/health latency while the Import page previews an upload", header, rows)


if __name__ == "__main__":
    run()
