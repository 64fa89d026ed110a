"""Shared fixtures: paths, the shared folder, a real `streamlit run` server and Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.app_server import AppServer

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's shared folder (examples, reference data); skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"shared folder not found at {SHARED}")
    return SHARED


#: `streamlit run dashboard.py` on a free loopback port with its own temporary store and log
#: (`StreamlitServer(env=...)`, `.url`, `.stop()`); the benchmarks start theirs the same way.
StreamlitServer = AppServer


@pytest.fixture(scope="session")
def streamlit_server() -> Iterator[StreamlitServer]:
    """One dashboard server for the browser tests of a session."""
    server = StreamlitServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh browser page with a tall viewport (Streamlit scrolls inside a container)."""
    context = browser.new_context(viewport={"width": 1400, "height": 2000}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def wait_for_app(pg) -> None:
    """Wait until Streamlit has finished running the script."""
    pg.wait_for_selector('[data-testid="stApp"]')
    pg.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelector('[data-testid=\"stMain\"]')",
        timeout=60_000,
    )
