"""The patches of Streamlit internals, each pinned by a test (Streamlit is pinned).

- `require_router()`: a page opened alone (legacy multipage mode) reruns through dashboard.py
  (pinned by tests/test_network_browser.py and tests/test_heatmap_browser.py: a shared link on a
  freshly started server).
- `serve_default_page_at(url_path)`: the default page also answers at its own path (`/heatmap`),
  not with a "Page not found" dialog (pinned by tests/test_heatmap_view_browser.py).
- `keep_deferred_downloads()`: a file made by a deferred download button survives other sessions'
  script runs for `GRACE_SECONDS` (pinned by tests/test_deferred_downloads.py).
"""

from __future__ import annotations

import threading
import time
from pathlib import PurePosixPath

import streamlit as st
from streamlit import runtime
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

#: Seconds a file made on click survives other sessions' cleanups.
GRACE_SECONDS = 120.0

_installed: set[int] = set()
_guard = threading.Lock()


def require_router() -> None:
    """Make sure this run went through dashboard.py (router + sidebar); rerun through it if not.

    Streamlit decides at its first session whether a `pages/` folder means the legacy multipage
    mode, and keeps it until some run calls st.navigation. So the first visitor of a freshly
    started server who opens a page URL (a shared link: /trends?..., /about?...) gets that page
    run alone, without dashboard.py and its sidebar. Every page calls this first: it switches the
    legacy mode off and reruns, so the router draws the sidebar and restores the URL's filters.
    """
    if PagesManager.uses_pages_directory or "_selection" not in st.session_state:
        PagesManager.uses_pages_directory = False
        if get_script_run_ctx() is not None:
            st.rerun()


def serve_default_page_at(url_path: str) -> None:
    """Let the default page open at its own URL path too; call before st.navigation.

    Streamlit serves the default page at the root only: its `url_path` reads "" and a request
    for `/heatmap` matches no page, so the browser shows "Page not found" and then the default
    page. This turns a request for the default page's path into a request for the root.
    """
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    manager = ctx.pages_manager
    if manager.intended_page_name == url_path and not manager.intended_page_script_hash:
        manager.set_script_intent("", "")


def keep_deferred_downloads() -> None:
    """Keep a file made by a deferred download button long enough for the browser to fetch it.

    Streamlit 1.67 stores the bytes a deferred download button's callable returns as a media
    file that no session references, so the media cleanup that ends every script run, of *any*
    session, marks it on its first pass and deletes it on its second. With several users two other
    runs can finish between the server's answer and the browser's fetch, and the download answers
    HTTP 404 (measured: `python -m bench.bench_load --race`; 13 of 40 table downloads, 20 users).

    This gives each such file a grace period: cleanup does not count it as orphaned until
    `GRACE_SECONDS` after it was made; afterwards the usual two-pass cleanup applies. It wraps two
    methods of the running `MediaFileManager` instance (once per process; no-op outside a run).
    """
    if not runtime.exists():
        return
    manager = runtime.get_instance().media_file_mgr
    with _guard:
        if id(manager) in _installed:
            return
        _installed.add(id(manager))
    made: dict[str, float] = {}  # file id → time it may be cleaned up
    execute, inactive = manager.execute_deferred, manager._get_inactive_file_ids

    def execute_deferred(file_id: str) -> str:
        url = execute(file_id)
        stored = PurePosixPath(url).name.split(".", 1)[0]
        with manager._lock:
            made[stored] = time.monotonic() + GRACE_SECONDS
        return url

    def get_inactive_file_ids() -> set[str]:  # called with manager._lock held
        now = time.monotonic()
        for stored in [s for s, until in made.items() if until <= now]:
            del made[stored]
        return inactive() - made.keys()

    manager.execute_deferred = execute_deferred
    manager._get_inactive_file_ids = get_inactive_file_ids
