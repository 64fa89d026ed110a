"""Check an outcome submission before storing it: what was read, and the year and session id.

The template has no session id and may name no Forum year. `check_submission` reads the file
and builds the record exactly as `importer.import_submission` stores it; a year or session id
entered by the user replaces what was read or derived, and the record's note says so
(`provenance.FIELD_ORIGINS`). `preview_rows` is the table a reader checks before storing.
"""

from __future__ import annotations

import dataclasses
from pathlib import PurePath

from wsis_data.errors import IngestError
from wsis_data.ingest.report import Duplicate, ImportReport
from wsis_data.ingest.submissions import (
    document_text,
    document_year,
    parse_submission,
)
from wsis_data.ingest.suggest import suggest_sdgs
from wsis_data.ingest.text import controls, visible_controls, without_controls
from wsis_data.ingest.validation import YEAR_RANGE, Problem
from wsis_data.provenance import FIELD_ORIGINS, PROVENANCE_LABELS
from wsis_data.records import SessionRecord

__all__ = ["check_submission", "preview_rows", "submission_year"]

#: The longest session id a user may enter (ITU's ids are a few characters).
MAX_ID_CHARS = 64


def submission_year(data: bytes, name: str) -> int | None:
    """The Forum year the document names ("WSIS Forum 2018" or a page header), or None."""
    return document_year(document_text(data, name))


def check_submission(
    data: bytes,
    name: str,
    store=None,
    *,
    on_duplicate: str = "skip",
    year: int | None = None,
    session_id: str | None = None,
) -> ImportReport:
    """The report of an outcome submission (its record, suggestions, problems), storing nothing.

    ``year`` and ``session_id`` are values entered by the user: they replace the year the
    document names and the id derived from year and title. Raises `IngestError` for a file that
    is not a readable submission, a year outside the accepted range or an unusable id.
    """
    text = document_text(data, name)
    read_year = document_year(text)
    if year is not None and not YEAR_RANGE[0] <= int(year) <= YEAR_RANGE[1]:
        raise IngestError(f"{name}: year {year} is not between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}")
    submission = parse_submission(text, name, year=int(year) if year is not None else None)
    record, cleaned = _without_controls(submission.record)
    entered, fields = [], []
    if year is not None and int(year) != read_year:
        said = f" (the document says {read_year})" if read_year else ""
        entered.append(f"year {int(year)} {FIELD_ORIGINS['entered']}{said}")
        fields.append("year")
    if session_id is not None and session_id.strip():
        record = dataclasses.replace(record, session_id=_entered_id(session_id, name))
        entered.append(f"session id {FIELD_ORIGINS['entered']}")
        fields.append("session_id")
    if entered:
        record = dataclasses.replace(record, note=f"{record.note}; {'; '.join(entered)}")
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
        kind="submission",
        read_as=f"outcome submission ({PurePath(name).suffix.lower().lstrip('.')})",
        on_duplicate=on_duplicate,
        n_read=1,
        n_valid=1,
        entered=tuple(fields),
    )
    report.notes.append(
        f"{record.year} · {record.title!r} · organisers: {', '.join(record.organisers) or 'none'}"
        f" · Action Lines: {', '.join(t.code for t in record.action_lines) or 'none'}"  # type: ignore[misc]
        f" · SDGs named: {', '.join(str(t.code) for t in record.sdgs) or 'none'}"
    )
    report.notes += entered
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
    return report


def _entered_id(session_id: str, name: str) -> str:
    value = session_id.strip()
    if controls(value) or len(value) > MAX_ID_CHARS:
        raise IngestError(
            f"{name}: session id {visible_controls(value)[:MAX_ID_CHARS]!r} is not usable "
            f"(at most {MAX_ID_CHARS} characters, no control characters)"
        )
    return value


def preview_rows(report: ImportReport, *, has_year: bool = True) -> list[dict[str, str]]:
    """What will be stored, one row per field: the value and where it comes from.

    ``has_year=False``: the document names no year and none was entered yet (the report was
    read with a stand-in year): the year and session id say so instead of a value.
    """
    record = report.records[0]
    year_row = (
        "Year",
        str(record.year),
        FIELD_ORIGINS["entered" if "year" in report.entered else "document"],
    )
    id_row = (
        "Session id",
        record.session_id,
        FIELD_ORIGINS["entered" if "session_id" in report.entered else "derived"],
    )
    if not has_year:
        year_row = ("Year", "(not given)", "the document names none: enter it above")
        id_row = (*id_row[:1], "(once the year is given)", *id_row[2:])
    rows = [
        ("Title", record.title, FIELD_ORIGINS["document"]),
        ("Organisers", "; ".join(record.organisers) or "(none named)", FIELD_ORIGINS["document"]),
        year_row,
        id_row,
    ]  # fmt: skip
    for what, tags in (("Action Lines", record.action_lines), ("SDGs", record.sdgs)):
        by_origin: dict[str, list[str]] = {}
        for tag in tags or ():
            targets = f" (targets {', '.join(tag.targets)})" if tag.targets else ""
            by_origin.setdefault(tag.provenance, []).append(f"{tag.code}{targets}")
        rows += [(what, ", ".join(codes), _tag_origin(p)) for p, codes in by_origin.items()]
        if not tags:
            rows.append((what, "(none named)", FIELD_ORIGINS["document"]))
    if report.suggestions:
        said = [f"{s.goal}" + (f" (target {s.target})" if s.target else "")
                for s in report.suggestions]  # fmt: skip
        rows.append(("Suggested SDGs", ", ".join(said), _tag_origin("suggested")))
    return [{"field": f, "value": v, "where from": w} for f, v, w in rows]


def _tag_origin(provenance: str) -> str:
    return f"{provenance}: {PROVENANCE_LABELS[provenance]}"


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
