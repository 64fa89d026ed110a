"""A `streamlit run` server on a free loopback port for benchmarks and tests, and its memory.

`AppServer` starts the dashboard (or another script, e.g. bench/floor_heatmap.py) with its own
temporary store and log; `rss_mib`, `children_pss_mib` and `metrics` read the server's memory
from /proc and Streamlit's own `/_stcore/metrics`.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mib(pid: int) -> float:
    """Resident memory of one process (VmRSS in /proc/<pid>/status), in MiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def descendants(pid: int) -> list[int]:
    """Every child process of `pid`, recursively (from /proc/<pid>/task/*/children)."""
    import glob

    found = []
    for path in glob.glob(f"/proc/{pid}/task/*/children"):
        try:
            with open(path) as f:
                children = [int(c) for c in f.read().split()]
        except OSError:
            continue
        for child in children:
            found += [child, *descendants(child)]
    return found


def children_pss_mib(pid: int) -> float:
    """Summed proportional set size (Pss) of every descendant of `pid`, in MiB.

    PSS shares each shared page among the processes mapping it, so Chromium's many processes
    (Kaleido's browser) are not counted several times over as a sum of VmRSS would.
    """
    total = 0.0
    for child in descendants(pid):
        with contextlib.suppress(OSError), open(f"/proc/{child}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) / 1024
                    break
    return total


def metrics(base_url: str) -> dict[str, float]:
    """Streamlit's `/_stcore/metrics` memory gauges, summed per (cache type, cache name).

    With the default config these are item counts for `st_cache_resource` (entries per cached
    function) and `st_session_state` (keys per session), and bytes for the media file storage
    (`st_memory_media_file_storage`, download-button payloads); plus `active_sessions`.
    """
    with urllib.request.urlopen(base_url.rstrip("/") + "/_stcore/metrics", timeout=30) as r:
        text = r.read().decode()
    totals: dict[str, float] = Counter()
    for line in text.splitlines():
        if line.startswith("active_sessions"):  # sessions held by the server (a gauge)
            totals["active_sessions"] += float(line.rsplit(" ", 1)[1])
        if not line.startswith("cache_memory_bytes{"):
            continue
        labels, value = line[len("cache_memory_bytes{") :].rsplit("} ", 1)
        parts = dict(p.split("=", 1) for p in labels.split('",') if "=" in p)
        name = parts.get("cache_type", "").strip('"') + ":" + parts.get("cache", "").strip('"')
        totals[name.rstrip(":")] += float(value)
    return dict(totals)


class AppServer:
    """`streamlit run dashboard.py` on a free loopback port (its log in a temporary file).

    `options` are extra `streamlit run` flags without the dashes, e.g.
    `{"runner.postScriptGC": "false"}`.

    The store is a fresh SQLite file in a temporary folder unless `env` names one (WSIS_DB), so a
    benchmark never reads or writes the project's own store.
    """

    def __init__(
        self,
        env: dict[str, str] | None = None,
        options: dict[str, str] | None = None,
        *,
        script: Path = ROOT / "dashboard.py",
        start_timeout: float = 90,
    ) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="wsis-bench-")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(self._tmp.name) / "streamlit.log"
        base = {"WSIS_DB": f"sqlite:///{self._tmp.name}/store.db", "PYTHONPATH": str(ROOT)}
        cmd = [
            sys.executable, "-m", "streamlit", "run", str(script),
            "--server.headless", "true", "--server.port", str(self.port),
            "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
        ]  # fmt: skip
        cmd += [arg for name, value in (options or {}).items() for arg in (f"--{name}", value)]
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(
                cmd, cwd=ROOT, env={**os.environ, **base, **(env or {})},
                stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not become healthy: {self.log.read_text()[-2000:]}")

    @property
    def pid(self) -> int:
        """The server's process id."""
        return self.proc.pid

    def rss(self) -> float:
        """The server process's resident memory (VmRSS), in MiB."""
        return rss_mib(self.proc.pid)

    def stop(self) -> None:
        """Stop the server (and with it Kaleido's browser) and remove the temporary folder."""
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        self._tmp.cleanup()
