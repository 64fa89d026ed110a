"""AppTest over the Import page (no upload: AppTest cannot upload) and the store in the switcher."""

from __future__ import annotations

import pytest

from tests.support.apptest import dashboard_app, page_path
from wsis_data.ingest.importer import import_file
from wsis_data.ingest.store import Store

CSV = (
    b"Session ID,Title,Year,Action Lines,SDGs\n"
    b"1,Mobile schools,2020,C7 e-learning,4\n2,x,2021,C2,9\n"
)


@pytest.fixture
def store_url(tmp_path, monkeypatch):
    """WSIS_DB pointing at a fresh SQLite store for this test."""
    url = f"sqlite:///{tmp_path / 'page.db'}"
    monkeypatch.setenv("WSIS_DB", url)
    return url


def _import_page():
    at = dashboard_app()
    at.switch_page(page_path("import.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_empty_store_page(store_url):
    at = _import_page()
    assert at.title[0].value == "Import your records"
    assert "0 sessions stored" in at.caption[0].value
    assert any("Nothing imported yet" in i.value for i in at.info)
    assert "store" not in at.selectbox(key="ds").options


def test_batches_rollback_and_store_in_the_switcher(store_url):
    import_file(CSV, "two.csv", Store(store_url))
    at = _import_page()
    batches = at.dataframe[0].value
    assert list(batches["file"]) == ["two.csv"] and list(batches["status"]) == ["active"]
    assert "Imported records (store)" in at.selectbox(key="ds").options
    downloads = {b.proto.label for b in at.get("download_button")}
    assert {"batches CSV", "XLSX (+ metadata)"} <= downloads
    at.selectbox(key="ds").set_value("store").run()
    at.switch_page(page_path("heatmap.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Imported records (store, 2 sessions)" in at.caption[0].value.replace("\\", "")
    at.switch_page(page_path("import.py")).run()
    at.button(key="rollback").click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [s.value.replace("\\", "") for s in at.success]  # Markdown-escaped on the page
    assert any("Batch 1 rolled back: 2 sessions removed" in s for s in shown)
    assert at.dataframe[0].value["status"].iloc[0].startswith("rolled back")
    assert "0 sessions stored" in at.caption[0].value


def test_bad_store_url_is_an_error_not_a_traceback(monkeypatch):
    monkeypatch.setenv("WSIS_DB", "nosuchdialect://nowhere")
    at = _import_page()
    assert any("Cannot open the store" in e.value for e in at.error)


def test_stored_submission_sections_are_shown(store_url):
    text = (
        "WSIS Forum 2021\n1) Title of your session\nSchools online\n"
        "IV. Main linkages with the Sustainable Development Goals\n"
        "Quality education for students and teachers; digital literacy skills.\n"
    )
    import_file(text.encode(), "sub.md", Store(store_url))
    at = _import_page()
    assert at.selectbox(key="submission").value[2] == "Schools online"
    assert any(e.label == "Main linkages with the SDGs" for e in at.expander)
    assert "Quality education" in " ".join(t.value for t in at.text)
    assert 4 in set(at.dataframe[-1].value["sdg"].astype(int))
    at.text_input(key="submission_search").input("literacy").run()
    assert not at.exception
    found = [d.value for d in at.dataframe if "excerpt" in d.value.columns]
    assert found and "digital literacy" in found[0]["excerpt"].iloc[0]
    downloads = {b.proto.label for b in at.get("download_button")}
    assert {"sections CSV", "suggestions CSV"} <= downloads


@pytest.mark.parametrize("page", ["heatmap.py", "network.py", "trends.py", "about.py"])
def test_other_pages_show_the_store(store_url, page):
    rows = "".join(
        f"{i},Session {i},{2018 + i % 3},C{1 + i % 11};C7 e-learning,{1 + i % 17},"
        f"Org {i % 4}; Org 9\n"
        for i in range(30)
    )
    data = ("Session ID,Title,Year,Action Lines,SDGs,Organisers\n" + rows).encode()
    import_file(data, "thirty.csv", Store(store_url))
    at = dashboard_app()
    at.selectbox(key="ds").set_value("store").run()
    at.switch_page(page_path(page)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="ds").value == "store"
    shown = " ".join(e.value for e in (*at.caption, *at.markdown, *at.text, *at.subheader))
    shown = shown.replace("\\", "")  # captions are Markdown-escaped
    assert "Imported records (store, 30 sessions)" in shown
