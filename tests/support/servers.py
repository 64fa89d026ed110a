"""A real dashboard server for the browser tests (the benches start theirs the same way)."""

from bench.harness.app_server import AppServer

#: `streamlit run dashboard.py` on a free loopback port with its own temporary store and log
#: (`StreamlitServer(env=...)`, `.url`, `.stop()`).
StreamlitServer = AppServer

__all__ = ["StreamlitServer"]
