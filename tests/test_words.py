"""Words a reader sees: every shown table headed in words (no raw column names), counts in the
right number, a rollback that says what happened, "no filters" when none is set (issue 19)."""

from __future__ import annotations

import json

import pytest

from tests.support.apptest import dashboard_app, page_path
from wsis_data.filters import Filters
from wsis_data.ingest.importer import import_file
from wsis_data.ingest.store import Store
from wsis_data.words import counted

CSV = b"Session ID,Title,Year,Action Lines,SDGs\n1,Mobile schools,2020,C7 e-learning,4\n"
SUBMISSION = (
    "WSIS Forum 2021\n1) Title of your session\nSchools online\n"
    "3) Relevance with the WSIS Action Lines\nC3\n"
    "IV. Main linkages with the Sustainable Development Goals\n"
    "Quality education for students and teachers; digital literacy skills.\n"
)


def shown_headings(element) -> list[str]:
    """The headings a table shows: each visible column's label (its name when it has none)."""
    config = json.loads(element.proto.columns or "{}")
    frame = element.value
    out = [str(frame.index.name)] if frame.index.name is not None else []
    for column in frame.columns:
        conf = config.get(str(column)) or {}
        if not conf.get("hidden"):
            out.append(conf.get("label") or str(column))
    return out


def raw_headings(at, where: str) -> list[str]:
    """'where: heading' for every shown heading that looks like a column name (has a "_"), and
    'where: heading: None' for a text column showing a missing value (Streamlit writes "None")."""
    assert not at.exception, [e.value for e in at.exception]
    raw = [f"{where}: {h}" for d in at.dataframe for h in shown_headings(d) if "_" in h]
    for d in at.dataframe:
        text = d.value.select_dtypes(["object", "str"]).drop(columns=["url"], errors="ignore")
        raw += [f"{where}: {c}: None" for c in text.columns if text[c].isna().any()]
    return raw


# Each page and the interactions that bring up its other tables.
VISITS = {
    "heatmap.py": [{}],
    "network.py": [{}, {"net_tab": "Centrality"}, {"net_tab": "Who works on what"}],
    "trends.py": [{}],
    "interlinkages.py": [{}, {"il_view": "ranked"}],
    "about.py": [{}],
    "import.py": [{}, {"submission_search": "literacy"}],
}


@pytest.mark.parametrize("ds", ["sample", "synthetic"])
def test_every_shown_table_has_a_readers_headings(ds, tmp_path, monkeypatch):
    store = Store(f"sqlite:///{tmp_path / 'words.db'}")
    monkeypatch.setenv("WSIS_DB", store.url)
    import_file(CSV, "one.csv", store)
    import_file(SUBMISSION.encode(), "sub.md", store)
    at = dashboard_app()
    at.selectbox(key="ds").set_value(ds).run()
    raw, seen = [], 0
    for page, steps in VISITS.items():
        at.switch_page(page_path(page)).run()
        for step in steps:
            for key, value in step.items():
                at.session_state[key] = value
            if step:
                at.run()
            raw += raw_headings(at, f"{page} {step}")
            seen += len(at.dataframe)
    at.switch_page(page_path("network.py"))
    at.session_state["net_tab"] = "Network"
    org = at.run().selectbox(key="net_org")
    org.set_value(org.options[0]).run()
    raw += raw_headings(at, "network.py profile")
    assert seen >= 12
    assert not raw, raw
    at.switch_page(page_path("about.py")).run()
    flagged = next(d.value for d in at.dataframe if "pair_status" in d.value.columns)
    assert not any("_" in str(v) for v in flagged["pair_status"])  # words, not the source's codes


def test_counted_says_one_and_many():
    assert counted(1, "link") == "1 link" and counted(2, "link") == "2 links"
    assert counted(1, "community") == "1 community" and counted(0, "community") == "0 communities"
    assert counted(1, "session") == "1 session" and counted(12_000, "file") == "12,000 files"
    assert counted(2, "batch") == "2 batches"


def test_rollback_says_what_happened_with_counts(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'rb.db'}")
    first = import_file(CSV, "one.csv", store)
    again = import_file(CSV.replace(b"Mobile", b"Mobile phone"), "again.csv", store,
                        on_duplicate="replace")  # fmt: skip
    third = import_file(CSV.replace(b"1,Mobile", b"2,Mobile"), "new.csv", store)
    text = store.rollback(third.batch_id).text
    assert text == (
        f"Batch {third.batch_id} rolled back: 1 session removed; it had replaced no stored "
        "record, so none came back."
    )
    assert "are back" not in text and "is back" not in text
    text = store.rollback(again.batch_id).text
    assert text == f"Batch {again.batch_id} rolled back: 1 session removed; 1 record it had " \
        "replaced is back."  # fmt: skip
    assert first.batch_id == 1


def test_rollback_message_on_the_page_with_nothing_replaced(tmp_path, monkeypatch):
    store = Store(f"sqlite:///{tmp_path / 'page.db'}")
    monkeypatch.setenv("WSIS_DB", store.url)
    import_file(CSV, "one.csv", store)
    at = dashboard_app()
    at.switch_page(page_path("import.py")).run()
    at.button(key="rollback").click().run()
    shown = " ".join(s.value.replace("\\", "") for s in at.success)
    assert "1 session removed; it had replaced no stored record, so none came back." in shown
    assert "replaced are back" not in shown and "session(s)" not in shown


def test_no_filter_is_said_as_no_filters():
    assert Filters().describe() == "no filters"
    assert "tags" not in Filters(years=(2019, 2019)).describe()
    assert Filters().tags_counted == "tags counted: page, title, submission, file"


def test_captions_and_citations_say_no_filters(tmp_path, monkeypatch):
    monkeypatch.setenv("WSIS_DB", f"sqlite:///{tmp_path / 'c.db'}")
    at = dashboard_app()
    at.selectbox(key="ds").set_value("synthetic").run()
    at.switch_page(page_path("interlinkages.py")).run()
    captions = " ".join(c.value.replace("\\", "") for c in at.caption)  # Markdown-escaped
    assert "Filters: tags" not in captions and "· no filters · tags counted:" in captions
