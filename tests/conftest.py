"""Shared fixtures: paths, the shared folder, a real `streamlit run` server and Chromium.

Helpers live in tests/support/ (browser helpers, servers, documents, hostile strings, postgres,
records); what tests and benches share lives in bench/harness/. Tests marked `browser` or
`postgres`, and the modules in `SLOW_MODULES`, are also marked `slow`: `make test-fast` skips them
(`pytest -m "not slow"`), `make test` runs everything.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.harness.chromium import CHROMIUM, launch
from tests.support import SHARED
from tests.support.servers import StreamlitServer

#: Test modules that start real servers or kill processes (seconds to minutes each).
SLOW_MODULES = {
    "test_deferred_downloads",
    "test_load_client",
    "test_kill_import",
    "test_export_faults",
    "test_reports",  # WeasyPrint and Kaleido: about 40 s
    "test_reports_page",
}
#: Single tests that take more than a few seconds.
SLOW_TESTS = {"test_server_memory_stays_bounded_over_reruns"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark browser, PostgreSQL and other long tests `slow` (one place, not in every file)."""
    for item in items:
        module = item.path.stem
        if (
            item.get_closest_marker("browser")
            or item.get_closest_marker("postgres")
            or module in SLOW_MODULES
            or getattr(item, "originalname", "") in SLOW_TESTS
        ):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's shared folder (examples, reference data); skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"shared folder not found at {SHARED}")
    return SHARED


@pytest.fixture
def import_server(tmp_path) -> Iterator[tuple[StreamlitServer, str]]:
    """A dashboard server of the test's own whose store is a fresh SQLite file: (server, URL)."""
    url = f"sqlite:///{tmp_path / 'wsis.db'}"
    server = StreamlitServer(env={"WSIS_DB": url})
    yield server, url
    server.stop()


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
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh browser page with a tall viewport (Streamlit scrolls inside a container)."""
    from playwright.sync_api import expect

    # Waits are on states, with generous limits: 2 cores shared by many test runs (RULES.md).
    expect.set_options(timeout=60_000)
    context = browser.new_context(viewport={"width": 1400, "height": 2000}, accept_downloads=True)
    context.set_default_timeout(60_000)  # also pages opened later in the context
    pg = context.new_page()
    yield pg
    context.close()
