"""What an import did or would do, for one file: counts, warnings, problems, duplicates.

`ImportReport.text()` is the report the command line prints; warnings (ignored columns that
look like one of ours) come first, problems name the row as the spreadsheet shows it (and the
physical line of a CSV where it differs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from wsis_data.ingest.submissions import Submission
from wsis_data.ingest.suggest import Suggestion
from wsis_data.ingest.unmapped import ColumnWarning
from wsis_data.ingest.validation import Problem, Validated, problems_frame
from wsis_data.records import SessionRecord
from wsis_data.words import counted

if TYPE_CHECKING:
    from wsis_data.ingest.store import Store

__all__ = ["Duplicate", "ImportReport"]


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
    #: ignored columns that look like one of ours (shown first, before anything is stored)
    warnings: list[ColumnWarning] = field(default_factory=list)
    header_row: int | None = None
    #: stored nothing because of `warnings` (the command line holds such a file back)
    held: bool = False
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
    #: fields of a submission's record entered by the user ("year", "session_id")
    entered: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the file could be read (rows with problems do not make it fail)."""
        return self.error is None

    def problems_frame(self) -> pd.DataFrame:
        """Every problem: row number as in the file, column, raw value, reason."""
        return problems_frame(self.problems)

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
        if self.held:
            return "not stored: an ignored column looks like one of ours (see the warnings)"
        if not self.stored:
            return "checked (not stored)"
        return f"stored as batch {self.batch_id}" if self.batch_id else "nothing stored"

    def confirmation(self) -> str | None:
        """'3 sessions stored as batch 2' (and what it replaced or skipped); None when nothing
        was stored."""
        if not self.stored or not self.batch_id:
            return None
        what = "outcome submission" if self.kind == "submission" else "session"
        line = f"{self.file_name}: {counted(self.n_inserted, what)} stored as batch {self.batch_id}"
        extra = [f"{self.n_replaced} of them replacing stored ones"] * bool(self.n_replaced) + [
            f"{self.n_skipped} skipped as duplicates"
        ] * bool(self.n_skipped)
        return line + (f" ({', '.join(extra)})" if extra else "") + "."

    def text(self) -> str:
        """The report as plain text (the CLI prints it)."""
        lines = [f"{self.file_name}: {self.status}"]
        if self.error:
            return lines[0]
        lines += [f"  WARNING: {w.text}" for w in self.warnings]
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
            lines.append(f"  problem {p.where}, column {p.column!r}, value {p.value!r}: {p.reason}")
        return "\n".join(lines)


def _ranges(numbers: list[int]) -> str:
    if len(numbers) > 20:
        return ", ".join(map(str, numbers[:20])) + f" … ({len(numbers)} in all)"
    return ", ".join(map(str, numbers))


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
            "status": status,  # first, never off the right edge
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
        }
    )


def batch_labels(table: pd.DataFrame) -> dict[int, str]:
    """Batch id → 'Batch 3 · sessions.csv · 2026-11-29 13:05:12 · 30 stored, 2 replaced', for the
    active batches of `batch_table`, newest first (the first is the one to preselect)."""
    labels = {}
    for row in table[table["status"] == "active"].itertuples(index=False):
        counts = f"{row.stored} stored" + (f", {row.replaced} replaced" if row.replaced else "")
        labels[int(row.batch)] = f"Batch {row.batch} · {row.file} · {row.imported} · {counts}"
    return labels
