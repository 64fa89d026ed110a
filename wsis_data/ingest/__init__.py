"""Bring your own records: file readers, column mapping, validation, outcome submissions, store.

- `readers`: bytes of a CSV/TSV/XLSX/JSON/JSON Lines file → a `RawTable` of cells.
- `columns`: recognise headers and propose a column → field mapping (a plain dict).
- `validation`: a `RawTable` + mapping → session records, problems and a quarantine.
- `submissions`: outcome submissions in ITU's template (.txt/.md/.docx/.pdf) → a record.
- `suggest`: transparent keyword suggestions of SDGs from a submission's text.
- `store`: the persistent store (SQLAlchemy Core; SQLite or PostgreSQL), batches, rollback.
- `importer`: one call that reads, validates and stores a file, giving an `ImportReport`.
"""
