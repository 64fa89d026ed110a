"""Figure exports: PNG/SVG/PDF through one persistent Kaleido browser, and offline HTML.

The title and the footer (`ExportMeta.footer`: dataset, filters, tags, time) are baked into a
copy of the figure. Without Chromium, `images_available()` is False and `image_bytes` raises an
`ExportError` that says how to install it; HTML needs no browser.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import html
import logging
import os
import shutil
import signal
import threading
from collections.abc import Coroutine
from typing import Any, Literal

import plotly.graph_objects as go

from wsis_data.errors import ExportError
from wsis_data.export.file_meta import described
from wsis_data.export.layout import baked
from wsis_data.export.meta import ExportMeta
from wsis_data.export.render_cache import RENDERS, image_key
from wsis_data.figures.style import themed
from wsis_data.safe_text import xml_attribute

__all__ = ["TIMEOUT_ENV", "html_bytes", "image_bytes", "images_available", "shutdown"]

_LOG = logging.getLogger(__name__)
_DEBIAN_CHROMIUM = "/usr/bin/chromium"
_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
TIMEOUT_ENV = "WSIS_EXPORT_TIMEOUT"  # seconds to start the browser and to render one image


def _timeout_setting(default: float = 60.0) -> float:
    """Seconds from $WSIS_EXPORT_TIMEOUT (a positive number), else `default`."""
    try:
        value = float(os.environ.get(TIMEOUT_ENV, "") or default)
    except ValueError:
        return default
    return value if value > 0 else default


_START_TIMEOUT = _RENDER_TIMEOUT = _timeout_setting()
_INSTALL = "install Debian's chromium (apt-get install chromium); CSV/XLSX/HTML exports still work."

if "BROWSER_PATH" not in os.environ and os.path.exists(_DEBIAN_CHROMIUM):
    os.environ["BROWSER_PATH"] = _DEBIAN_CHROMIUM


def _find_browser() -> str | None:
    """Return the Chromium/Chrome executable to use (BROWSER_PATH, else PATH), or None."""
    override = os.environ.get("BROWSER_PATH")
    candidates = [override] if override else [shutil.which(n) for n in _BROWSER_NAMES]
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def images_available() -> bool:
    """Return True if a Chromium/Chrome executable is found (no browser is started)."""
    return _find_browser() is not None


class _Server:
    """One headless Chromium driven by Kaleido on a private event-loop thread."""

    def __init__(self, browser: str) -> None:
        """Start the loop thread and open Kaleido (MathJax off) on `browser`."""
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
        self._thread.start()
        self._kaleido: Any = None
        try:
            self._run(self._open(browser), _START_TIMEOUT)
        except BaseException:
            self.close()
            raise

    async def _open(self, browser: str) -> None:
        """Create and open the Kaleido browser on the loop thread."""
        import kaleido  # lazily: importing it pulls in choreographer and its logging set-up

        self._kaleido = kaleido.Kaleido(path=browser, mathjax=False, timeout=_RENDER_TIMEOUT)
        await self._kaleido.open()

    def _run(self, coro: Coroutine[Any, Any, Any], timeout: float) -> Any:
        """Run `coro` on the loop thread and wait at most `timeout` seconds for it."""
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def render(self, spec: dict[str, Any], opts: dict[str, Any]) -> bytes:
        """Render one figure dict to image bytes."""
        return bytes(self._run(self._kaleido.calc_fig(spec, opts=opts), _RENDER_TIMEOUT + 10))

    async def _aclose(self) -> None:
        """Close Kaleido, then cancel and await every task left (a stuck render, the watchdog)."""
        k, self._kaleido = self._kaleido, None
        if k is not None:
            with contextlib.suppress(Exception):
                await k.close()
        rest = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in rest:
            task.cancel()
        await asyncio.gather(*rest, return_exceptions=True)

    def close(self) -> None:
        """Close the browser, stop the loop and join its thread (bounded waits).

        A browser that does not close (hung, or still starting) is killed with its whole process
        group (choreographer starts it in a session of its own), so none is left behind.
        """
        process = getattr(self._kaleido, "subprocess", None)
        with contextlib.suppress(Exception):
            self._run(self._aclose(), min(10.0, _RENDER_TIMEOUT))
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(Exception):
                process.wait(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        if not self._thread.is_alive():
            self._loop.close()


_LOCK = threading.Lock()  # serialises start, render and stop (Streamlit calls from many threads)
_server: _Server | None = None
_server_started = 0  # incremented on every (re)start; tests use it to check reuse


def _stop_locked() -> None:
    """Close the server, if any (the caller holds `_LOCK`)."""
    global _server
    server, _server = _server, None
    if server is not None:
        server.close()


def shutdown() -> None:
    """Close the persistent browser (the next image starts a new one)."""
    if _LOCK.acquire(timeout=_RENDER_TIMEOUT + 30):
        try:
            _stop_locked()
        finally:
            _LOCK.release()


atexit.register(shutdown)


def _render(spec: dict[str, Any], opts: dict[str, Any]) -> bytes:
    """Render through the one persistent server, starting it (again) when needed."""
    global _server, _server_started
    with _LOCK:
        if (browser := _find_browser()) is None:
            _stop_locked()
            raise ExportError(f"Image export needs Chromium or Chrome, none was found: {_INSTALL}")
        try:
            if _server is None:
                _server_started += 1
                _server = _Server(browser)
            return _server.render(spec, opts)
        except Exception as exc:
            _LOG.warning("image export failed; the renderer restarts next call", exc_info=True)
            _stop_locked()
            text = " ".join(str(exc).split())  # choreographer's advice (get_chrome) is dropped
            detail = type(exc).__name__ + (f": {text[:200]}" if "get_chrome" not in text else "")
            if isinstance(exc, TimeoutError) and not text:  # a hung or crashed browser
                detail = f"no answer from the browser within {_RENDER_TIMEOUT:g} s"
            msg = f"Image export failed ({detail}). If Chromium is missing or broken, {_INSTALL}"
            raise ExportError(msg) from exc


def image_bytes(
    fig: go.Figure,
    fmt: Literal["png", "svg", "pdf"],
    meta: ExportMeta,
    *,
    width: int = 1200,
    height: int = 800,
    scale: float = 2.0,
) -> bytes:
    """Render `fig` with title and footer baked in to PNG, SVG or PDF bytes; the title and the
    description (`meta.description`, the chart's alt text) also go in the file's metadata."""
    if fmt not in ("png", "svg", "pdf"):
        raise ValueError(f"unsupported image format {fmt!r}")
    opts = {"format": fmt, "width": width, "height": height, "scale": scale}
    fig = themed(fig, "light")  # exports are light: the app's dark figure is the same image

    def render() -> bytes:
        return described(_render(baked(fig, meta, width, height).to_dict(), opts), fmt, meta)

    return RENDERS.get(image_key(fig, meta, opts), render)  # the same image: rendered once


def html_bytes(fig: go.Figure, meta: ExportMeta) -> bytes:
    """Return a self-contained offline HTML page of `fig` (frames kept, no auto-play)."""
    page = baked(fig, meta, None, None).to_html(
        include_plotlyjs=True, full_html=True, auto_play=False, config={"displaylogo": False}
    )
    about = f'<meta name="description" content="{xml_attribute(meta.description or meta.title)}">'
    page = page.replace("<head>", f"<head><title>{html.escape(meta.title)}</title>{about}", 1)
    return page.encode("utf-8")
