"""WSIS–SDG dashboard: the router. `PAGES` (one row per page) → st.navigation; sidebar; run.

Adding a page: one row here, one file in pages/ (see README, "Adding a page").
"""

from pathlib import Path
from typing import NamedTuple

import streamlit as st

from pages import _freshness, _runtime, _sidebar, _style, _url_guard

HERE = Path(__file__).resolve().parent


class PageRow(NamedTuple):
    """One page of the dashboard: its file in pages/, its title, icon and URL path."""

    file: str
    title: str
    icon: str
    url_path: str


#: The pages, in menu order; the first one opens by default.
PAGES: tuple[PageRow, ...] = (
    PageRow("heatmap.py", "Heatmap", ":material/grid_on:", "heatmap"),
    PageRow("network.py", "Organisation network", ":material/hub:", "network"),
    PageRow("trends.py", "Trends", ":material/trending_up:", "trends"),
    PageRow("interlinkages.py", "Interlinkages", ":material/join_inner:", "interlinkages"),
    PageRow("reports.py", "Reports", ":material/description:", "reports"),
    PageRow("import.py", "Import", ":material/upload_file:", "import"),
    PageRow("about.py", "About the data", ":material/info:", "about"),
)


def _page(row: PageRow, default: bool) -> st.Page:
    path = HERE / "pages" / row.file
    return st.Page(path, title=row.title, icon=row.icon, url_path=row.url_path, default=default)


def main() -> None:
    """Route to the chosen page after drawing the shared sidebar."""
    st.set_page_config(
        page_title="WSIS–SDG dashboard", page_icon=":material/grid_on:", layout="wide"
    )
    _runtime.keep_deferred_downloads()
    _style.phone_layout()
    _runtime.serve_default_page_at(PAGES[0].url_path)
    page = st.navigation([_page(row, default=row is PAGES[0]) for row in PAGES])
    _url_guard.drop_unusable_numbers()  # before any URL-bound widget
    _freshness.follow_store(_sidebar.sidebar().dataset)  # an open page follows the store
    _sidebar.view_links(page.title)  # before the page: a page may end with st.stop()
    page.run()


if __name__ == "__main__":
    main()
