"""Issue 20 item 7: writing (Import, rollback) only for signed-in editors, when a sign-in exists.

Under AppTest (no proxy headers: an anonymous visitor): without any sign-in configured (a
single-user `make run`) rollback is offered as before; with the proxy's sign-in configured
(`WSIS_TRUSTED_USER_HEADER`, as deploy/serve.sh sets it) or Streamlit's own (`[auth]` in
secrets) it is not, and the page says why. The real proxy with a real editor is
tests/test_deploy.py.
"""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa

from tests.support.apptest import LAUNCHER, page_path
from wsis_data.ingest import importer
from wsis_data.ingest.store import Store

CSV = b"Session ID,Session title,Year,WSIS Action Lines,SDGs\n7,Village broadband,2022,C2,4\n"


@pytest.fixture
def stored(tmp_path, monkeypatch) -> str:
    """A store holding one batch, used by the dashboard (WSIS_DB)."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    report = importer.import_file(CSV, "s.csv", Store(url), imported_by="someone")
    assert report.stored
    monkeypatch.setenv("WSIS_DB", url)
    for name in ("WSIS_TRUSTED_USER_HEADER", "WSIS_EDITORS"):
        monkeypatch.delenv(name, raising=False)
    return url


def import_page(secrets: dict | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(LAUNCHER, default_timeout=60)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    at.run()
    at.switch_page(page_path("import.py"))
    at.run()
    assert not at.exception, [e.proto.message for e in at.exception]
    return at


def labels(at) -> list[str]:
    return [b.label for b in at.button]


def test_single_user_run_may_write(stored: str) -> None:
    at = import_page()
    assert "Roll back" in labels(at)
    assert not any("signed-in editors" in i.value for i in at.info)


def test_proxy_sign_in_refuses_anonymous_writes(stored: str, monkeypatch) -> None:
    monkeypatch.setenv("WSIS_TRUSTED_USER_HEADER", "X-Wsis-User")
    at = import_page()
    assert "Roll back" not in labels(at)
    assert any("signed-in editors" in i.value for i in at.info)
    assert at.dataframe  # reading stays open: the batches table is there


def test_streamlit_sign_in_offers_the_login(stored: str) -> None:
    auth = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
            "client_id": "id", "client_secret": "secret",
            "server_metadata_url": "https://idp.example.org/.well-known/openid"}  # fmt: skip
    at = import_page({"auth": auth})
    assert "Sign in" in labels(at) and "Roll back" not in labels(at)


def test_editors_come_from_the_environment(monkeypatch) -> None:
    from pages import _auth

    monkeypatch.setenv("WSIS_EDITORS", " Alice@Example.org , bob ,")
    assert _auth.editors() == {"alice@example.org", "bob"}


def test_batches_record_who_imported_and_old_stores_gain_the_column(tmp_path) -> None:
    path = tmp_path / "old.db"
    url = f"sqlite:///{path}"
    Store(url).close()
    with sqlite3.connect(path) as db:  # a store made before the column existed
        db.execute("ALTER TABLE wsis_batches DROP COLUMN imported_by")
    store = Store(url)
    assert "imported_by" in {
        c["name"] for c in sa.inspect(store.engine).get_columns("wsis_batches")
    }
    importer.import_file(CSV, "s.csv", store, imported_by="alice")
    importer.import_file(CSV.replace(b"7,", b"8,"), "t.csv", store)
    assert importer.batch_table(store)["imported by"].tolist() == ["", "alice"]
