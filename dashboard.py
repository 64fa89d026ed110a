"""WSIS–SDG dashboard: the router. Shared sidebar first, then the chosen page."""

from pathlib import Path

import streamlit as st

from pages import _media, _shared, _url_guard

HERE = Path(__file__).resolve().parent

st.set_page_config(page_title="WSIS–SDG dashboard", page_icon=":material/grid_on:", layout="wide")

PAGES = [
    st.Page(
        HERE / "pages" / "heatmap.py",
        title="Heatmap",
        icon=":material/grid_on:",
        url_path="heatmap",
        default=True,
    ),
    st.Page(
        HERE / "pages" / "network.py",
        title="Organisation network",
        icon=":material/hub:",
        url_path="network",
    ),
    st.Page(
        HERE / "pages" / "trends.py",
        title="Trends",
        icon=":material/trending_up:",
        url_path="trends",
    ),
    st.Page(
        HERE / "pages" / "import.py",
        title="Import",
        icon=":material/upload_file:",
        url_path="import",
    ),
    st.Page(
        HERE / "pages" / "about.py",
        title="About the data",
        icon=":material/info:",
        url_path="about",
    ),
]

_media.keep_deferred_downloads()
page = st.navigation(PAGES)
_url_guard.drop_unusable_numbers()  # before any URL-bound widget
_shared.sidebar()
page.run()
