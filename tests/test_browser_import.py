"""Real browser: upload two files on the Import page, import them, see them in the store."""

from __future__ import annotations

import pytest

from tests.support.browser import wait_for_app
from tests.support.servers import StreamlitServer
from wsis_data.ingest.store import Store

pytestmark = pytest.mark.browser

CSV = (
    "Session ID;Session title;Year;WSIS Action Lines;SDGs\n"
    "7;Village broadband;2022;C2; C7 e-learning;SDG 4\n"
    "8;;2022;C42;9\n"
)
SUBMISSION = (
    "**WSIS Forum 2022 Outcome Document**\n\n**1) Title of your session**\n\nData for farmers\n\n"
    "**3) Relevance with the WSIS Action Lines**\n\nC7. ICT Applications: E-agriculture\n"
)


@pytest.fixture(scope="module")
def import_server(tmp_path_factory):
    """A dashboard server whose store is a fresh SQLite file."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser-store') / 'wsis.db'}"
    server = StreamlitServer(env={"WSIS_DB": url})
    yield server, url
    server.stop()


def test_upload_check_and_import(import_server, page, tmp_path):
    server, url = import_server
    (tmp_path / "sessions.csv").write_text(CSV.replace("C2; C7", '"C2; C7').replace(
        "learning;SDG", 'learning";SDG'), encoding="utf-8")  # fmt: skip
    (tmp_path / "summary.md").write_text(SUBMISSION, encoding="utf-8")
    page.goto(server.url)  # a deep link (/import) in a fresh session can show Streamlit's legacy
    wait_for_app(page)  # pages/ navigation without the sidebar (seen for every page): reported
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Import").click()
    page.get_by_text("Import your records").wait_for()
    wait_for_app(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [str(tmp_path / "sessions.csv"), str(tmp_path / "summary.md")]
    )
    button = page.get_by_role("button", name="Import 2 files")
    button.wait_for()
    page.get_by_text("Download the 1 row with problems").first.wait_for(state="attached")
    page.get_by_text("problems CSV").first.wait_for(state="attached")  # the report as files
    button.click()
    page.get_by_text("Last import").wait_for()
    wait_for_app(page)
    assert not page.locator('[data-testid="stException"]').count()
    store = Store(url)
    titles = set(store.dataset().tables.sessions["title"])
    assert titles == {"Village broadband", "Data for farmers"}
    assert list(store.batches()["file_name"]) == ["summary.md", "sessions.csv"]
    page.get_by_text("Batch to roll back").first.wait_for()
