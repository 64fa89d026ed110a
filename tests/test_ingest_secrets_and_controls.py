"""Issue 20 on the import side: credentials never shown (item 1), control characters refused at
import (item 4), a NUL in the submission search matches nothing (item 6)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from bench.harness.app_server import free_port
from tests.support.apptest import LAUNCHER, dashboard_app, page_path
from tests.support.real_exports import stored
from wsis_data.cli import main
from wsis_data.errors import StoreError
from wsis_data.ingest.importer import import_file
from wsis_data.ingest.store import Store, masked_url, store_label
from wsis_data.ingest.store_url import mask_secrets

SECRET = "s3cr3t-Pw"
#: Every form a credential takes in a database URL.
URLS = [
    f"postgresql+psycopg://u:{SECRET}@127.0.0.1:{{port}}/wsis",
    f"postgresql+psycopg://u@127.0.0.1:{{port}}/wsis?password={SECRET}",
    f"postgresql+psycopg:///wsis?host=127.0.0.1&port={{port}}&user=u&password={SECRET}",
    f"postgresql+psycopg://u@127.0.0.1:{{port}}/wsis?sslmode=require&sslpassword={SECRET}",
    f"postgresql+psycopg://u@127.0.0.1:{{port}}/wsis?passwd={SECRET}&application_name=x",
    f"postgresql+psycopg://u@127.0.0.1:{{port}}/wsis?pwd={SECRET}",
    f"postgresql+psycopg://u@127.0.0.1:{{port}}/wsis?secret={SECRET}",
    f"postgresql+psycopg://u@127.0.0.1:{{port}}/wsis?token={SECRET}",
    f"postgresql+psycopg://u@127.0.0.1:{{port}}/wsis?PASSWORD={SECRET}",
]


@pytest.mark.parametrize("url", URLS)
def test_every_credential_form_is_masked(url):
    url = url.format(port=5432)
    assert SECRET not in masked_url(url)
    assert "***" in masked_url(url) and "127.0.0.1" in masked_url(url)
    label = store_label(url)
    assert label == "PostgreSQL store 'wsis' on 127.0.0.1"
    assert SECRET not in mask_secrets(f"failed for {url} (password={SECRET})", url)


@pytest.mark.parametrize("url", URLS)
def test_store_errors_and_cli_never_show_the_secret(url, tmp_path, capsys):
    url = url.format(port=free_port())  # nobody listens there
    with pytest.raises(StoreError) as caught:
        Store(url)
    message = str(caught.value)
    assert SECRET not in message and "PostgreSQL store 'wsis' on 127.0.0.1" in message
    assert "u@" not in message  # no user either: visitors see a store name
    path = tmp_path / "s.csv"
    path.write_bytes(b"Title,Year\nA,2020\n")
    assert main(["import", str(path), "--db", url]) == 2
    out = capsys.readouterr()
    assert SECRET not in out.out + out.err and "error: Cannot open the store" in out.err


def test_import_page_and_sidebar_never_show_the_secret(monkeypatch):
    url = URLS[2].format(port=free_port())
    monkeypatch.setenv("WSIS_DB", url)
    at = AppTest.from_string(LAUNCHER, default_timeout=60)
    at.query_params["ds"] = "store"  # a shared link to the store's view
    at.run()
    sidebar = " ".join(w.value for w in at.sidebar.warning).replace("\\", "")
    assert "Imported records are not available" in sidebar, sidebar
    at.switch_page(page_path("import.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [e.value for e in (*at.error, *at.warning, *at.sidebar.warning, *at.caption)]
    assert any("Cannot open the store" in s for s in shown), shown
    assert all(SECRET not in s and "user=u" not in s for s in [*shown, sidebar])


# A secret in a SQLite URL's query is what this test is about; SQLAlchemy warns that it ignores it.
@pytest.mark.filterwarnings("ignore:Query string argument.*pysqlite")
def test_working_store_caption_names_the_store_only(tmp_path, monkeypatch):
    monkeypatch.setenv("WSIS_DB", f"sqlite:///{tmp_path / 'page.db'}?password={SECRET}")
    at = dashboard_app()
    at.switch_page(page_path("import.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    caption = at.caption[0].value.replace("\\", "")  # Markdown-escaped on the page
    assert "SQLite store 'page.db'" in caption and SECRET not in caption
    assert str(tmp_path) not in caption  # no server path either


CONTROLS = "Session ID,Title,Year,Organisers\n1,Good,2020,ITU\n2,Bad\x0btitle,2020,ITU\n3,Fine,2020,UN\x01ICEF\n4,Nul\x00l,2020,ITU\n5,Tab\tok,2020,ITU\n"  # noqa: E501


def test_control_characters_are_refused_with_row_column_and_value(tmp_path, capsys):
    path = tmp_path / "controls.csv"
    path.write_bytes(CONTROLS.encode())
    report = import_file(CONTROLS.encode(), "controls.csv", None)
    found = {(p.row, p.column, p.value) for p in report.problems}
    assert found == {(3, "Title", "Bad\\x0btitle"), (4, "Organisers", "UN\\x01ICEF"),
                     (5, "Title", "Nul\\x00l")}  # fmt: skip
    assert all("control character U+00" in p.reason for p in report.problems)
    url = f"sqlite:///{tmp_path / 's.db'}"
    assert main(["import", str(path), "--db", url]) == 0
    assert "problem row 3, column 'Title', value 'Bad\\\\x0btitle'" in capsys.readouterr().out
    held = stored(url)
    assert (
        set(held) == {(2020, "1"), (2020, "5")} and held[(2020, "5")][0] == "Tab\tok"
    )  # tab, newline, CR are text


def test_control_characters_in_json_are_refused_too():
    data = b'[{"title": "A\\u0007", "year": 2020, "organizers": [{"name": "B\\u001fC"}]}]'
    report = import_file(data, "c.json", None)
    assert report.n_valid == 0
    assert {p.column for p in report.problems} == {"title", "organizers"}


SUBMISSION = (
    "**WSIS Forum 2022 Outcome Document**\n\n**1) Title of your session**\n\n{title}\n\n"
    "**3) Relevance with the WSIS Action Lines**\n\nC7. ICT Applications: E-agriculture\n\n"
    "**4) Key achievements**\n\n{body}\n"
)


@pytest.mark.parametrize("needle", ["\x00", "\x00\x00", "\x01", "%\x00", "\x00farm"])
def test_control_characters_in_the_section_search_match_nothing_they_should_not(tmp_path, needle):
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    for i, (title, body) in enumerate([("Data for farmers", "Farmers get prices by SMS."),
                                       ("Schools online", "Teachers share lessons.")]):  # fmt: skip
        text = SUBMISSION.format(title=title, body=body).encode()
        assert import_file(text, f"s{i}.md", store).stored
    found = store.search_sections(needle)
    expected = {"Data for farmers"} if "farm" in needle else set()
    assert set(found["title"]) == expected


def test_search_is_bounded():
    store = Store("sqlite://")
    assert store.search_sections("x" * 100_000).empty


def test_control_characters_in_a_submission_are_removed_and_reported(tmp_path):
    text = SUBMISSION.format(title="Data\x01for farmers", body="Prices\x00 by SMS.").encode()
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    report = import_file(text, "s.md", store)
    assert report.stored
    assert {p.column for p in report.problems} >= {"title", "(section text)"}
    assert stored(store.url)[(2022, report.records[0].session_id)][0] == "Datafor farmers"
    bodies = [b for _, b in store.sections_of(2022, report.records[0].session_id)]
    assert not any("\x00" in b for b in bodies) and any("Prices by SMS." in b for b in bodies)
