"""Import a file into the store: read, validate, report duplicates, then write one batch.

`check_table` gives the full report without writing anything (the page shows it before the user
confirms); `import_file` does the same and stores the valid rows in one transaction. A file that
cannot be read at all gives a report with its `error` set, never an exception, so many files can
be imported in one go. How a table is read (sheet, header row, the key of JSON objects) is a
`ReadOptions`; with ``hold_on_warnings`` a file whose ignored column could fill an empty field
is checked but not stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath

from wsis_data.errors import IngestError, WsisError
from wsis_data.ingest import limits
from wsis_data.ingest.columns import propose_mapping
from wsis_data.ingest.readers import RawTable, decode, read_table
from wsis_data.ingest.report import Duplicate, ImportReport, batch_table
from wsis_data.ingest.store import BatchInfo, Extras, Store
from wsis_data.ingest.submission_check import check_submission
from wsis_data.ingest.submissions import SUBMISSION_SUFFIXES, looks_like_submission
from wsis_data.ingest.unmapped import ignored_like_ours
from wsis_data.ingest.validation import validate
from wsis_data.provenance import FIELD_ORIGINS
from wsis_data.records import SessionRecord

__all__ = [
    "DUPLICATE_CHOICES", "Duplicate", "ImportReport", "ReadOptions", "batch_table", "check_table",
    "file_hash", "import_file", "import_paths", "import_submission", "import_table",
    "is_submission", "preview",
]  # fmt: skip

DUPLICATE_CHOICES = ("skip", "replace")


@dataclass(frozen=True)
class ReadOptions:
    """How to read a table: its sheet, its header row (None: found), the key of JSON objects
    per column (pairs, so the options can key a cache)."""

    sheet: str | None = None
    header_row: int | None = None
    json_keys: tuple[tuple[str, str], ...] = ()


def file_hash(data: bytes) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(data).hexdigest()


def is_submission(data: bytes, name: str) -> bool:
    """Whether a file is an outcome submission (.md/.docx/.pdf, or a .txt in the template)."""
    suffix = PurePath(name).suffix.lower()
    if suffix in (".md", ".docx", ".pdf"):
        return True
    if suffix == ".txt":
        try:
            return looks_like_submission(decode(data, name)[0])
        except (IngestError, UnicodeDecodeError):
            return False
    return False


def preview(
    data: bytes, name: str, *, sheet: str | None = None, options: ReadOptions | None = None
) -> tuple[RawTable, dict]:
    """Read a tabular file and propose its column mapping (for the user to correct)."""
    options = options or ReadOptions(sheet=sheet)
    table = read_table(data, name, sheet=options.sheet or sheet, header_row=options.header_row,
                       json_keys=dict(options.json_keys))  # fmt: skip
    return table, propose_mapping(table.headers)


def _dedupe(
    records: list[SessionRecord], rows: list[int], on_duplicate: str
) -> tuple[list[SessionRecord], list[int], list[Duplicate]]:
    """Distinct-key records (first kept for "skip", last for "replace"), their rows, notes."""
    position: dict[tuple[int, str], int] = {}
    kept: list[tuple[SessionRecord, int] | None] = []
    notes: list[Duplicate] = []
    for record, row in zip(records, rows, strict=True):
        key = record.key
        if key in position:
            earlier = kept[position[key]]
            earlier_row = earlier[1] if earlier else None
            if on_duplicate == "skip":
                notes.append(Duplicate(row, key[0], key[1], "file", "skipped", earlier_row))
                continue
            kept[position[key]] = None
            notes.append(Duplicate(row, key[0], key[1], "file", "replaced", earlier_row))
        position[key] = len(kept)
        kept.append((record, row))
    pairs = [k for k in kept if k is not None]
    return [r for r, _ in pairs], [n for _, n in pairs], notes


def check_table(
    table: RawTable,
    mapping: dict[str, str | None],
    *,
    data: bytes = b"",
    store: Store | None = None,
    on_duplicate: str = "skip",
) -> ImportReport:
    """The validation report of a table under a mapping, duplicates against the store included."""
    if on_duplicate not in DUPLICATE_CHOICES:
        raise IngestError(f"duplicates must be 'skip' or 'replace', not {on_duplicate!r}")
    checked = validate(table, mapping)
    report = ImportReport(
        file_name=table.name,
        file_hash=file_hash(data) if data else "",
        read_as=table.describe,
        header_row=table.header_row,
        warnings=ignored_like_ours(table.headers, table.rows, mapping),
        on_duplicate=on_duplicate,
        mapping=dict(mapping),
        n_read=checked.n_read,
        n_valid=len(checked.records),
        n_problem_rows=len(checked.quarantine),
        empty_rows=checked.empty_rows,
        problems=checked.problems,
        validated=checked,
    )
    if table.header_row is not None:
        how = "as chosen" if table.header_chosen else "found: the first row that reads as headers"
        report.notes.append(f"header row {table.header_row} ({how})")
    report.notes += table.notes
    if checked.derived_ids:
        report.notes.append(
            "no session id column: each record's id is derived from its title ('T-' + hash)"
        )
    if table.sheets and len(table.sheets) > 1:
        report.notes.append(f"sheets in the workbook: {', '.join(table.sheets)}")
    records, rows, report.duplicates = _dedupe(checked.records, checked.record_rows, on_duplicate)
    if store is not None and records:
        stored = store.active_keys([r.key for r in records])
        action = "skipped" if on_duplicate == "skip" else "replaced"
        report.duplicates += [
            Duplicate(row, r.key[0], r.key[1], "store", action)
            for r, row in zip(records, rows, strict=True)
            if r.key in stored
        ]
    report.records = records
    return report


def import_table(
    data: bytes,
    name: str,
    store: Store | None,
    *,
    mapping: dict[str, str | None] | None = None,
    sheet: str | None = None,
    on_duplicate: str = "skip",
    options: ReadOptions | None = None,
    hold_on_warnings: bool = False,
    imported_by: str | None = None,
) -> ImportReport:
    """Read, validate and (with a store) store a tabular file as one batch.

    ``hold_on_warnings``: store nothing when an ignored column could fill a field that no
    column fills (the report says which and how to map it).
    """
    table, proposed = preview(data, name, sheet=sheet, options=options)
    report = check_table(
        table, mapping or proposed, data=data, store=store, on_duplicate=on_duplicate
    )
    if store is None:
        return report
    if hold_on_warnings and any(w.unfilled for w in report.warnings):
        report.held = True
        return report
    info = BatchInfo(
        file_name=name, file_hash=report.file_hash, kind="table", read_as=report.read_as,
        n_read=report.n_read, n_valid=report.n_valid, n_problems=report.n_problem_rows,
        mapping=report.mapping, imported_by=imported_by,
    )  # fmt: skip
    return _store(report, store, info, report.records, None)


def _store(report, store, info, records, extras) -> ImportReport:
    result = store.write(info, records, on_duplicate=report.on_duplicate, extras=extras)
    report.stored = True
    report.batch_id = result.batch_id
    report.n_inserted = result.inserted
    report.n_replaced = len(result.replaced)
    report.n_skipped = len(result.skipped) + sum(
        1 for d in report.duplicates if d.where == "file" and d.action == "skipped"
    )
    return report


def import_submission(
    data: bytes,
    name: str,
    store: Store | None,
    *,
    on_duplicate: str = "skip",
    year: int | None = None,
    session_id: str | None = None,
    imported_by: str | None = None,
) -> ImportReport:
    """Read an outcome submission (with suggested SDGs) and (with a store) store it as a batch.

    What is stored is `check_submission`'s record with the same ``year`` and ``session_id``
    (values entered by the user; None: read from the document or derived).
    """
    report = check_submission(
        data, name, store, on_duplicate=on_duplicate, year=year, session_id=session_id
    )
    report.file_hash = file_hash(data)
    if store is None:
        return report
    info = BatchInfo(
        file_name=name, file_hash=report.file_hash, kind="submission", read_as=report.read_as,
        n_read=1, n_valid=1, n_problems=0, imported_by=imported_by,
        mapping={f: FIELD_ORIGINS["entered"] for f in report.entered},
    )  # fmt: skip
    submission = report.submission
    extras = Extras(
        suggested=[(s.goal, s.score, s.stored_evidence) for s in report.suggestions],
        sections=list(submission.sections) if submission else [],
    )
    return _store(report, store, info, report.records, [extras])


def import_file(
    data: bytes,
    name: str,
    store: Store | None,
    *,
    on_duplicate: str = "skip",
    mapping: dict[str, str | None] | None = None,
    sheet: str | None = None,
    options: ReadOptions | None = None,
    hold_on_warnings: bool = False,
    imported_by: str | None = None,
    entered: dict | None = None,
) -> ImportReport:
    """Import one file of any supported kind; a file that cannot be read gives `report.error`.

    ``entered``: a submission's year and session id entered by the user (`import_submission`).
    """
    try:
        if is_submission(data, name):
            return import_submission(data, name, store, on_duplicate=on_duplicate,
                                     imported_by=imported_by, **(entered or {}))  # fmt: skip
        return import_table(data, name, store, mapping=mapping, sheet=sheet,
                            on_duplicate=on_duplicate, options=options,
                            hold_on_warnings=hold_on_warnings, imported_by=imported_by)  # fmt: skip
    except WsisError as exc:
        kind = "submission" if PurePath(name).suffix.lower() in SUBMISSION_SUFFIXES else "table"
        message = str(exc) if str(exc).startswith(f"{name}:") else f"{name}: {exc}"
        return ImportReport(file_name=name, file_hash=file_hash(data), kind=kind, error=message)


def import_paths(
    paths: Iterable[Path],
    store: Store | None,
    *,
    on_duplicate: str = "skip",
    progress: Callable[[int, int, str], None] | None = None,
    options: ReadOptions | None = None,
    overrides: dict[str, str | None] | None = None,
    hold_on_warnings: bool = False,
) -> list[ImportReport]:
    """Import many files, one batch each; `progress(done, total, name)` after each file.

    `overrides` (column → field or None) correct each file's proposed mapping.
    """
    paths = list(paths)
    reports = []
    for done, path in enumerate(paths, start=1):
        try:
            n_bytes = Path(path).stat().st_size
            if n_bytes > limits.MAX_FILE_BYTES:  # refused before it is read into memory
                raise OSError(
                    f"the file is {n_bytes:,} bytes; the limit is {limits.MAX_FILE_BYTES:,} bytes "
                    f"({limits.size(limits.MAX_FILE_BYTES)}: split it into several files)"
                )
            data = Path(path).read_bytes()
        except OSError as exc:
            reports.append(ImportReport(file_name=str(path), error=f"cannot read the file: {exc}"))
        else:
            name = Path(path).name
            try:
                mapping = _overridden(data, name, options, overrides)
            except WsisError as exc:
                reports.append(ImportReport(file_name=name, error=f"{name}: {exc}"))
            else:
                reports.append(import_file(data, name, store, on_duplicate=on_duplicate,
                                           options=options, hold_on_warnings=hold_on_warnings,
                                           mapping=mapping))  # fmt: skip
        if progress:
            progress(done, len(paths), str(path))
    return reports


def _overridden(
    data: bytes, name: str, options: ReadOptions | None, overrides: dict[str, str | None] | None
) -> dict[str, str | None] | None:
    """The proposed mapping of a table with `overrides` applied (None: nothing to override)."""
    if not overrides or is_submission(data, name):
        return None
    try:
        table, proposed = preview(data, name, options=options)
    except WsisError:
        return None  # import_file reports it
    return apply_overrides(proposed, overrides, table.headers)


def apply_overrides(
    mapping: dict[str, str | None], overrides: dict[str, str | None], headers: list[str]
) -> dict[str, str | None]:
    """`mapping` with some columns set by the user; a field taken from another column moves.

    Raises `IngestError` for a column the file lacks.
    """
    out = dict(mapping)
    for column, target in overrides.items():
        if column not in headers:
            raise IngestError(f"no column {column!r} to map; columns: {', '.join(headers)}")
        if target:
            out = {c: (None if f == target else f) for c, f in out.items()}
        out[column] = target or None
    return out
