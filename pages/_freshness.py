"""Fresh data in an open page: a session showing the store reruns when the store changes.

A page that nobody touches does not rerun, so an import or a rollback made by another process
(the CLI, another replica) would only show at the next click. `follow_store(key)` draws a
fragment that runs every `CHECK_SECONDS` while the store is shown: it compares the store's version
(`_cache.data_version`, one small query per process every few seconds, shared by every session)
with the version the page was drawn with, and reruns the whole app when they differ. The store's
caches are keyed on that version (`pages/_cache.py`), so the rerun reads the store once per
process and change, never on every rerun.
"""

from __future__ import annotations

import streamlit as st

from pages import _cache

#: Seconds between two checks of an open page (plus `store_version.MAX_AGE`: within 5 s).
CHECK_SECONDS = 2.0
_SEEN = "_store_version_seen"


def follow_store(key: str) -> None:
    """Rerun this session when the store it shows changes (nothing drawn; no-op for the others)."""
    if key != "store":
        st.session_state.pop(_SEEN, None)
        return
    st.session_state[_SEEN] = _cache.data_version(key)
    _check()


@st.fragment(run_every=CHECK_SECONDS)
def _check() -> None:
    seen = st.session_state.get(_SEEN)
    if seen is not None and _cache.data_version("store") != seen:
        st.rerun(scope="app")
