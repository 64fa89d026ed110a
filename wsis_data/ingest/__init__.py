"""Bring your own records: file readers, column mapping, validation, outcome submissions, store.

- `readers` (package): bytes of a CSV/TSV/XLSX/JSON/JSON Lines file → a `RawTable` of cells,
  the header row found, records found inside JSON objects, objects in cells made values.
- `columns`: recognise headers (spellings in ``data/column_headers.csv``), propose a mapping.
- `unmapped`: ignored columns that look like one of ours (warnings before anything is stored).
- `validation`: a `RawTable` + mapping → session records, problems and a quarantine.
- `text`: control characters, refused at import and dropped from searches.
- `submissions`: outcome submissions in ITU's template (.txt/.md/.docx/.pdf) → a record.
- `suggest`: transparent keyword suggestions of SDGs from a submission's text.
- `store` (+ `store_schema`, `store_write`, `store_errors`, `store_url`): the persistent store
  (SQLAlchemy Core; SQLite or PostgreSQL), batches, rollback, the store named without secrets.
- `report`: `ImportReport`; `importer`: one call that reads, validates and stores a file.

The public names below are importable from here (loaded on first use, so importing one
submodule does not load the database layer).
"""

from __future__ import annotations

import importlib

__all__ = [
    "ImportReport", "RawTable", "ReadOptions", "Store", "check_table", "guess_field",
    "import_file", "import_paths", "open_store", "preview", "propose_mapping", "read_table",
    "validate",
]  # fmt: skip

_HOMES = {
    "ImportReport": "report", "RawTable": "readers", "ReadOptions": "importer", "Store": "store",
    "check_table": "importer", "guess_field": "columns", "import_file": "importer",
    "import_paths": "importer", "open_store": "store", "preview": "importer",
    "propose_mapping": "columns", "read_table": "readers", "validate": "validation",
}  # fmt: skip


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
