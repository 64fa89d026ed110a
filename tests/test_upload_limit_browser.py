"""Real browser: a file above `server.maxUploadSize` is refused with a message; the app goes on.

Streamlit enforces the limit twice: the uploader refuses a larger file in the browser before
sending it ("File must be 50.0MB or smaller."), and the server answers 413 to an upload whose
body is larger (checked on Content-Length and again while the body streams in), so a client
that skips the browser check gets nowhere either.
"""

from __future__ import annotations

import tomllib

import pytest

from tests.support import ROOT
from tests.support.browser import wait_for_app
from tests.support.servers import StreamlitServer

pytestmark = pytest.mark.browser

LIMIT_MB = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"][
    "maxUploadSize"
]
CSV = "Session ID,Session title,Year,WSIS Action Lines\n7,Village broadband,2022,C2\n"


@pytest.fixture(scope="module")
def upload_server(tmp_path_factory):
    """A dashboard server whose store is a fresh SQLite file."""
    url = f"sqlite:///{tmp_path_factory.mktemp('upload-store') / 'wsis.db'}"
    server = StreamlitServer(env={"WSIS_DB": url})
    yield server
    server.stop()


def test_a_file_above_the_upload_limit_is_refused_and_the_app_keeps_working(
    upload_server, page, tmp_path
):
    assert LIMIT_MB == 50
    big = tmp_path / "big.csv"
    with big.open("wb") as f:  # a sparse file just above the limit: the browser reads its size
        f.write(CSV.encode())
        f.truncate((LIMIT_MB + 1) * 1024 * 1024)
    small = tmp_path / "sessions.csv"
    small.write_text(CSV, encoding="utf-8")

    page.goto(upload_server.url)
    wait_for_app(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Import").click()
    page.get_by_text("Import your records").wait_for()
    wait_for_app(page)
    uploader = page.locator('[data-testid="stFileUploader"]')
    # The limit is visible: Streamlit's dropzone line and our help text (read from the option).
    uploader.get_by_text(f"{LIMIT_MB}MB per file").wait_for()
    uploader.locator('[data-testid="stTooltipIcon"]').hover()
    page.get_by_text(f"At most {LIMIT_MB} MB per file").wait_for()

    # 1. The browser refuses the large file, says why, and sends nothing.
    uploads: list[str] = []
    page.on(
        "request",
        lambda r: uploads.append(r.url) if "upload_file" in r.url and r.method == "PUT" else None,
    )
    uploader.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(big))
    uploader.get_by_text(f"File must be {LIMIT_MB}.0MB or smaller.").wait_for()
    assert not page.get_by_role("button", name="Import 1 file").count()

    # 2. The app keeps working: a normal file is read and previewed.
    with page.expect_request(lambda r: "upload_file" in r.url and r.method == "PUT") as sent:
        uploader.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(small))
    request = sent.value
    # Nothing was sent for the large file: the one upload so far is the small file's (a state
    # reached after the refusal, not a pause).
    assert uploads == [request.url], uploads
    page.get_by_text("Read as CSV").wait_for()
    page.get_by_role("button", name="Import 1 file").wait_for()

    # 3. The server refuses a large body sent past the browser's check (413), same session.
    status = page.evaluate(
        """async ([url, token, size]) => {
            const form = new FormData();
            form.append("file", new Blob([new Uint8Array(size)]), "big.csv");
            const r = await fetch(url, {method: "PUT", body: form, credentials: "include",
                                        headers: {"X-Xsrftoken": token}});
            return r.status;
        }""",
        [request.url, request.headers.get("x-xsrftoken", ""), (LIMIT_MB + 1) * 1024 * 1024],
    )
    assert status == 413

    # 4. And the app still imports the normal file.
    page.get_by_role("button", name="Import 1 file").click()
    page.get_by_text("Last import").wait_for()
    wait_for_app(page)
    assert not page.locator('[data-testid="stException"]').count()
    page.get_by_text("stored as batch 1").first.wait_for(state="attached")
