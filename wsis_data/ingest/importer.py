"""Import a file into the store: read, validate, report duplicates, then write one batch.

`check_table` gives the full report without writing anything (the page shows it before the user
confirms); `import_file` does the same and stores the valid rows in one transaction. A file that
cannot be read at all gives a report with its `error` set, never an exception, so many files can
be imported in one go. How a table is read (sheet, header row, the key of JSON objects) is a
`ReadOptions`; with ``hold_on_warnings`` a file whose ignored column could fill an empty field
is checked but not stored.
"""

from __future__ import annotations

import dataclasses
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
from wsis_data.ingest.submissions import SUBMISSION_SUFFIXES, looks_like_submission, read_submission
from wsis_data.ingest.suggest import suggest_sdgs
from wsis_data.ingest.text import controls, visible_controls, without_controls
from wsis_data.ingest.unmapped import ignored_like_ours
from wsis_data.ingest.validation import Problem, validate
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
    imported_by: str | None = None,
) -> ImportReport:
    """Read an outcome submission (with suggested SDGs) and (with a store) store it as a batch."""
    submission = read_submission(data, name, year=year)
    record, cleaned = _without_controls(submission.record)
    sections = [(without_controls(h), without_controls(b)) for h, b in submission.sections]
    if sections != submission.sections:
        cleaned.append(Problem(0, "(section text)", "", "control characters removed"))
    submission = dataclasses.replace(submission, record=record, sections=sections)
    declared = tuple(int(t.code) for t in record.sdgs)
    suggestions = suggest_sdgs(
        submission.prose, sdg_section=submission.section("sdgs"), exclude=declared
    )
    report = ImportReport(
        file_name=name,
        file_hash=file_hash(data),
        kind="submission",
        read_as=f"outcome submission ({PurePath(name).suffix.lower().lstrip('.')})",
        on_duplicate=on_duplicate,
        n_read=1,
        n_valid=1,
    )
    report.notes.append(
        f"{record.year} · {record.title!r} · organisers: {', '.join(record.organisers) or 'none'}"
        f" · Action Lines: {', '.join(t.code for t in record.action_lines) or 'none'}"  # type: ignore[misc]
        f" · SDGs named: {', '.join(str(t.code) for t in record.sdgs) or 'none'}"
    )
    if suggestions:
        report.notes.append(
            "suggested SDGs (not declared): "
            + ", ".join(f"{s.goal} (target {s.target}, score {s.score:g})" for s in suggestions)
        )
    report.problems += cleaned
    for piece in submission.unrecognised_action_lines:
        report.problems.append(
            Problem(
                0, "Relevance with the WSIS Action Lines", piece, "names no Action Line (ignored)"
            )
        )
    if store is not None and store.active_keys([record.key]):
        action = "skipped" if on_duplicate == "skip" else "replaced"
        report.duplicates.append(Duplicate(1, record.year, record.session_id, "store", action))
    report.submission, report.suggestions, report.records = submission, suggestions, [record]
    if store is None:
        return report
    info = BatchInfo(
        file_name=name, file_hash=report.file_hash, kind="submission", read_as=report.read_as,
        n_read=1, n_valid=1, n_problems=0, mapping={}, imported_by=imported_by,
    )  # fmt: skip
    extras = Extras(
        suggested=[(s.goal, s.score, s.stored_evidence) for s in suggestions],
        sections=list(submission.sections),
    )
    return _store(report, store, info, [record], [extras])


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
) -> ImportReport:
    """Import one file of any supported kind; a file that cannot be read gives `report.error`."""
    try:
        if is_submission(data, name):
            return import_submission(
                data, name, store, on_duplicate=on_duplicate, imported_by=imported_by
            )
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


def _without_controls(record: SessionRecord) -> tuple[SessionRecord, list[Problem]]:
    """A submission's record with control characters removed, and a problem for each field."""
    problems: list[Problem] = []
    fields = {"title": record.title, "organisers": "; ".join(record.organisers)}
    for column, text in fields.items():
        if found := controls(text):
            reason = f"control character {', '.join(found)} removed"
            problems.append(Problem(0, column, visible_controls(text), reason))
    if not problems:
        return record, problems
    organisers = tuple(o for o in (without_controls(o).strip() for o in record.organisers) if o)
    return dataclasses.replace(
        record, title=without_controls(record.title), organisers=organisers
    ), problems
