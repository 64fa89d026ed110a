"""The import confirmation and the batch list (issue 19): what was stored, as which batch; the
batch table's status near the start; rollback choices labelled with file, date and counts."""

from __future__ import annotations

from wsis_data.ingest import importer
from wsis_data.ingest.report import batch_labels, batch_table
from wsis_data.ingest.store import Store

HEADER = "Session ID;Session title;Year;WSIS Action Lines;SDGs\n"


def test_confirmation_names_the_count_and_the_batch(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'wsis.db'}")
    data = HEADER + "1;A;2024;C3;SDG 4\n2;B;2024;C3;SDG 4\n3;C;2024;C1;SDG 9\n"
    report = importer.import_file(data.encode(), "three.csv", store)
    assert report.confirmation() == "three.csv: 3 sessions stored as batch 1."
    again = importer.import_file(data.encode(), "three.csv", store)  # all duplicates: skipped
    assert again.confirmation() == (
        "three.csv: 0 sessions stored as batch 2 (3 skipped as duplicates)."
    )
    one = HEADER + "1;A2;2024;C3;SDG 4\n"
    replaced = importer.import_file(one.encode(), "one.csv", store, on_duplicate="replace")
    assert replaced.confirmation() == (
        "one.csv: 1 session stored as batch 3 (1 of them replacing stored ones)."
    )


def test_batch_table_status_first_and_labels_newest_first(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'wsis.db'}")
    importer.import_file((HEADER + "1;A;2024;C3;SDG 4\n").encode(), "one.csv", store)
    importer.import_file(
        (HEADER + "2;B;2024;C3;SDG 4\n3;C;2024;C3;SDG 4\n").encode(), "two.csv", store
    )
    table = batch_table(store)
    assert list(table.columns[:2]) == ["batch", "status"]
    labels = batch_labels(table)
    assert list(labels) == [2, 1]
    assert labels[2].startswith("Batch 2 · two.csv · ") and labels[2].endswith(" · 2 stored")
    store.rollback(2)
    assert list(batch_labels(batch_table(store))) == [1]
