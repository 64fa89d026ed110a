"""Import a file into the store: read, validate, report duplicates, then write one batch.

`check_table` gives the full report without writing anything (the page shows it before the user
confirms); `import_file` does the same and stores the valid rows in one transaction. A file that
cannot be read at all gives a report with its `error` set, never an exception, so many files can
be imported in one go.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

import pandas as pd

from wsis_data.errors import IngestError, WsisError
from wsis_data.ingest import limits
from wsis_data.ingest.columns import propose_mapping
from wsis_data.ingest.readers import RawTable, decode, read_table
from wsis_data.ingest.store import BatchInfo, Extras, Store
from wsis_data.ingest.submissions import (
    SUBMISSION_SUFFIXES,
    Submission,
    looks_like_submission,
    read_submission,
)
from wsis_data.ingest.suggest import Suggestion, suggest_sdgs
from wsis_data.ingest.validation import Problem, Validated, validate
from wsis_data.records import SessionRecord

DUPLICATE_CHOICES = ("skip", "replace")


@dataclass(frozen=True)
class Duplicate:
    """A (year, session_id) met twice (earlier in the file, or in the store) and what was done."""

    row: int
    year: int
    session_id: str
    where: str  # "file" (an earlier row of the same file) | "store"
    action: str  # "skipped" | "replaced"
    of_row: int | None = None  # the earlier row of the file with the same key

    @property
    def described(self) -> str:
        """Where the key was met before: "the file (row 2)" or "the store"."""
        return f"the file (row {self.of_row})" if self.of_row else f"the {self.where}"


@dataclass
class ImportReport:
    """Everything an import did or would do, for one file."""

    file_name: str
    file_hash: str = ""
    kind: str = "table"  # "table" | "submission"
    read_as: str = ""
    on_duplicate: str = "skip"
    mapping: dict[str, str | None] = field(default_factory=dict)
    n_read: int = 0
    n_valid: int = 0
    n_problem_rows: int = 0
    empty_rows: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    stored: bool = False
    batch_id: int | None = None
    n_inserted: int = 0
    n_replaced: int = 0
    n_skipped: int = 0
    validated: Validated | None = field(default=None, repr=False)
    #: the records that will be (or were) written: valid, distinct keys
    records: list[SessionRecord] = field(default_factory=list, repr=False)
    submission: Submission | None = field(default=None, repr=False)
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the file could be read (rows with problems do not make it fail)."""
        return self.error is None

    def problems_frame(self) -> pd.DataFrame:
        """Every problem: row number as in the file, column, raw value, reason."""
        return pd.DataFrame(
            [(p.row, p.column, p.value, p.reason) for p in self.problems],
            columns=["row", "column", "value", "reason"],
        )

    def duplicates_frame(self) -> pd.DataFrame:
        """Every duplicate key met, where, and what was done."""
        return pd.DataFrame(
            [(d.row, d.year, d.session_id, d.described, d.action) for d in self.duplicates],
            columns=["row", "year", "session_id", "duplicate of", "action"],
        )

    def quarantine_csv(self) -> bytes | None:
        """Rows with problems as CSV (original columns + reasons), or None when there are none."""
        if self.validated is None or not self.validated.quarantine:
            return None
        return self.validated.quarantine_csv()

    def summary_row(self) -> dict[str, object]:
        """One line of the per-file result table."""
        return {
            "file": self.file_name,
            "kind": self.kind,
            "read as": self.read_as,
            "rows read": self.n_read,
            "valid": self.n_valid,
            "with problems": self.n_problem_rows,
            "empty rows": len(self.empty_rows),
            "duplicates": len(self.duplicates),
            "stored": self.n_inserted,
            "replaced": self.n_replaced,
            "skipped": self.n_skipped,
            "batch": self.batch_id,
            "result": self.status,
        }

    @property
    def status(self) -> str:
        """One word or phrase: error, checked, stored, nothing stored."""
        if self.error:
            return f"error: {self.error}"
        if not self.stored:
            return "checked (not stored)"
        return f"stored as batch {self.batch_id}" if self.batch_id else "nothing stored"

    def text(self) -> str:
        """The report as plain text (the CLI prints it)."""
        lines = [f"{self.file_name}: {self.status}"]
        if self.error:
            return lines[0]
        lines.append(f"  read as {self.read_as}")
        lines.append(
            f"  rows read {self.n_read}, valid {self.n_valid}, with problems "
            f"{self.n_problem_rows}, empty {len(self.empty_rows)}"
        )
        if self.kind == "table":
            used = {k: v for k, v in self.mapping.items() if v}
            ignored = [k for k, v in self.mapping.items() if not v]
            lines.append("  mapping: " + ", ".join(f"{k!r} → {v}" for k, v in used.items()))
            if ignored:
                lines.append("  ignored columns: " + ", ".join(repr(k) for k in ignored))
        if self.stored:
            lines.append(
                f"  stored {self.n_inserted}, replaced {self.n_replaced}, "
                f"skipped as duplicates {self.n_skipped} (duplicates: {self.on_duplicate})"
            )
        lines += [f"  note: {note}" for note in self.notes]
        if self.empty_rows:
            lines.append(f"  empty rows ignored: {_ranges(self.empty_rows)}")
        for d in self.duplicates:
            lines.append(
                f"  duplicate row {d.row}: ({d.year}, {d.session_id!r}) already in "
                f"{d.described} → {d.action}"
            )
        for p in self.problems:
            lines.append(
                f"  problem row {p.row}, column {p.column!r}, value {p.value!r}: {p.reason}"
            )
        return "\n".join(lines)


def _ranges(numbers: list[int]) -> str:
    if len(numbers) > 20:
        return ", ".join(map(str, numbers[:20])) + f" … ({len(numbers)} in all)"
    return ", ".join(map(str, numbers))


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


def preview(data: bytes, name: str, *, sheet: str | None = None) -> tuple[RawTable, dict]:
    """Read a tabular file and propose its column mapping (for the user to correct)."""
    table = read_table(data, name, sheet=sheet)
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
        on_duplicate=on_duplicate,
        mapping=dict(mapping),
        n_read=checked.n_read,
        n_valid=len(checked.records),
        n_problem_rows=len(checked.quarantine),
        empty_rows=checked.empty_rows,
        problems=checked.problems,
        validated=checked,
    )
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
    imported_by: str | None = None,
) -> ImportReport:
    """Read, validate and (with a store) store a tabular file as one batch."""
    table, proposed = preview(data, name, sheet=sheet)
    report = check_table(
        table, mapping or proposed, data=data, store=store, on_duplicate=on_duplicate
    )
    if store is None:
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
    record = submission.record
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
    imported_by: str | None = None,
) -> ImportReport:
    """Import one file of any supported kind; a file that cannot be read gives `report.error`."""
    try:
        if is_submission(data, name):
            return import_submission(
                data, name, store, on_duplicate=on_duplicate, imported_by=imported_by
            )
        return import_table(data, name, store, mapping=mapping, sheet=sheet,
                            on_duplicate=on_duplicate, imported_by=imported_by)  # fmt: skip
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
) -> list[ImportReport]:
    """Import many files, one batch each; `progress(done, total, name)` after each file."""
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
            reports.append(import_file(data, Path(path).name, store, on_duplicate=on_duplicate))
        if progress:
            progress(done, len(paths), str(path))
    return reports


def batch_table(store: Store) -> pd.DataFrame:
    """The store's batches for display, newest first, with a readable status."""
    frame = store.batches()
    status = [
        "active" if pd.isna(t) else f"rolled back {pd.Timestamp(t):%Y-%m-%d %H:%M}"
        for t in frame["rolled_back_at"]
    ]
    return pd.DataFrame(
        {
            "batch": frame["id"],
            "imported": [f"{pd.Timestamp(t):%Y-%m-%d %H:%M:%S}" for t in frame["created_at"]],
            "file": frame["file_name"],
            "kind": frame["kind"],
            "read as": frame["read_as"],
            "rows read": frame["n_read"],
            "valid": frame["n_valid"],
            "with problems": frame["n_problems"],
            "stored": frame["n_inserted"],
            "replaced": frame["n_replaced"],
            "skipped": frame["n_skipped"],
            "duplicates": frame["on_duplicate"],
            "mapping": frame["mapping"],
            "sha256": frame["file_hash"].str.slice(0, 12),
            "imported by": frame["imported_by"].fillna(""),
            "status": status,
        }
    )
