"""Start the real dashboard under Streamlit's AppTest.

AppTest re-detects a `pages/` folder next to the main script before every run and then takes the
legacy multipage path, which drops the sidebar on reruns (the reset added upstream in streamlit
PR #14217 does not cover an existing `pages/` folder). So the test script is a one-line launcher in
a temporary folder that runs the real `dashboard.py`; its `st.Page`s use absolute paths.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = f"import runpy\nrunpy.run_path({str(ROOT / 'dashboard.py')!r}, run_name='__main__')\n"


def dashboard_app(timeout: float = 60) -> AppTest:
    """An AppTest of dashboard.py, already run once."""
    at = AppTest.from_string(LAUNCHER, default_timeout=timeout)
    at.run()
    return at


def page_path(name: str) -> str:
    """The path `AppTest.switch_page` expects for a page file under pages/."""
    return str(ROOT / "pages" / name)
