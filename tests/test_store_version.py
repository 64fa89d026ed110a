"""The store's version: changes with every import and rollback (from any process), read at most
once per `MAX_AGE` per process, and part of the store dataset's cache key (`pages/_cache.py`), so
the store is read again when, and only when, it changed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import streamlit as st

from pages import _cache
from tests.support import ROOT
from wsis_data.filters import Filters
from wsis_data.ingest import store_version as sv
from wsis_data.ingest.importer import import_file
from wsis_data.ingest.store import Store, store_state

CSV = (
    b"Session ID,Title,Year,Action Lines,SDGs,Organisers\n"
    b"1,Mobile schools,2020,C7 e-learning,4,ITU\n2,Open data,2021,C2,9,UNDP\n"
)
MORE = "Session ID,Title,Year,Action Lines,SDGs\n3,Rural broadband,2022,C2,9\n"


@pytest.fixture
def url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'wsis.db'}"
    monkeypatch.setenv("WSIS_DB", url)
    monkeypatch.setattr(sv, "_STATES", {})
    st.cache_resource.clear()
    return url


def _cli_import(url: str, path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "wsis_data", "import", str(path), "--db", url], cwd=ROOT,
        env={**os.environ, "WSIS_DB": url}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_version_changes_with_each_import_and_rollback(url, tmp_path):
    store = Store(url)
    empty = store.state()
    assert empty.has_records is False and store.state() == empty  # asking changes nothing
    batch = import_file(CSV, "two.csv", store).batch_id
    imported = store.state()
    assert imported.has_records and imported.version != empty.version
    (tmp_path / "more.csv").write_text(MORE)
    _cli_import(url, tmp_path / "more.csv")  # another process
    by_cli = store.state()
    assert by_cli.version not in (empty.version, imported.version)
    store.rollback(batch)
    rolled = store.state()
    assert rolled.version not in (empty.version, imported.version, by_cli.version)
    assert rolled.has_records  # the CLI's session is still there


def test_state_is_read_at_most_once_per_max_age(url):
    import_file(CSV, "two.csv", Store(url))
    reads = []

    def read():
        reads.append(1)
        return Store(url).state()

    first = sv.cached_state(url, read, max_age=60)
    assert [sv.cached_state(url, read, max_age=60) for _ in range(50)] == [first] * 50
    assert len(reads) == 1
    sv.cached_state(url, read, max_age=0)  # too old: read again
    assert len(reads) == 2


def test_store_caches_are_keyed_on_the_version(url, tmp_path):
    import_file(CSV, "two.csv", Store(url))
    sample, ds = _cache.dataset("sample"), _cache.dataset("store")
    view = _cache.view("store", Filters())
    assert len(ds.tables.sessions) == 2
    for _ in range(20):  # reruns while nothing changes: the same objects, the store not read again
        assert _cache.dataset("store") is ds and _cache.view("store", Filters()) is view
    (tmp_path / "more.csv").write_text(MORE)
    _cli_import(url, tmp_path / "more.csv")
    sv._STATES.clear()  # as MAX_AGE seconds later
    fresh = _cache.dataset("store")
    assert fresh is not ds and len(fresh.tables.sessions) == 3
    assert len(_cache.view("store", Filters()).tables.sessions) == 3
    assert _cache.dataset("sample") is sample  # the embedded datasets are not rebuilt
    assert _cache.data_version("store")[1:] == store_state(url).version  # [0]: which store


def test_two_stores_with_the_same_version_are_not_confused(tmp_path, monkeypatch):
    """Each store's first batch has the same version: the cache key names the store too."""
    firsts = []
    for name, title in (("one", "Broadband for schools"), ("two", "Digital health records")):
        url = f"sqlite:///{tmp_path / name}.db"
        monkeypatch.setenv("WSIS_DB", url)
        csv = tmp_path / f"{name}.csv"
        csv.write_text(f"Session ID,Title,Year,Action Lines,SDGs\n1,{title},2020,C3,4\n")
        _cli_import(url, csv)
        sv._STATES.clear()
        firsts.append(_cache.dataset("store").tables.sessions["title"].tolist())
    assert firsts == [["Broadband for schools"], ["Digital health records"]]
