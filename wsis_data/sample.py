"""The embedded real sample: 67 WSIS Forum agenda sessions and one outcome submission.

Tags keep their provenance: Action Lines listed on the agenda page (``page``), named in the title
(``title``, via `find_action_lines`), parsed from the outcome submission (``submission``). No SDG
could be read for any of these sessions; the dataset offers SDGs projected through the official
matrix (``projected``), never counted as declared.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from wsis_data.dataset import Dataset, DatasetInfo, from_records
from wsis_data.mentions import codes, find_action_lines
from wsis_data.normalise import normalise_action_line, normalise_sdg
from wsis_data.records import SessionRecord, Tag, sdg_tags
from wsis_data.targets import cell_targets, split_targets

DATA = Path(__file__).parent / "data"
AGENDA_FILE = DATA / "wsis_forum_sessions.jsonl"
SUBMISSIONS_FILE = DATA / "outcome_submissions.jsonl"

SAMPLE_NOTES = (
    "67 sessions read from public ITU agenda pages (2015–2026) and 1 session from a real 2018 "
    "outcome submission. Years are sampled unevenly: counts describe this sample, not the Forum "
    "(which holds over 200 sessions a year).",
    "Only the top of each agenda page could be read: for 66 of 67 sessions the page's own Action "
    "Line list may be incomplete, and no page's SDG list was readable.",
    "Action Lines come from the page list where seen ('page'), from the title ('title') or from "
    "the submission ('submission'). SDG links shown for this sample are projected through the "
    "facilitators' WSIS–SDG Matrix ('projected'): an inference, not a declaration.",
    "Organiser names are as written on the page (several languages); seven sessions show none.",
)


def _record(row: dict, list_provenance: str) -> SessionRecord:
    where = f"{row['year']}/{row['session_id']}"
    als = [Tag(normalise_action_line(a, where=where), list_provenance) for a in row["action_lines"]]
    als += [Tag(code, "title") for code in codes(find_action_lines(row["title"]))]
    listed = row.get("sdgs", [])  # "4" or a target "4.4" (its goal, with the target kept)
    goals = [normalise_sdg(cell_targets(str(s))[0], where=where) for s in listed]
    sdgs = sdg_tags(goals, [t for s in listed for t in split_targets(str(s))], list_provenance)
    return SessionRecord(
        year=int(row["year"]),
        session_id=str(row["session_id"]),
        title=row["title"],
        session_type=row.get("session_type"),
        organisers=tuple(row.get("organisers") or ()),
        action_lines=tuple(als),
        sdgs=tuple(sdgs),
        url=row.get("url"),
        language=row.get("language"),
        note=row.get("note"),
    )


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def sample_records() -> list[SessionRecord]:
    """The 68 real session records of the embedded sample."""
    agenda = [_record(row, "page") for row in _read_jsonl(AGENDA_FILE)]
    submissions = [_record(row, "submission") for row in _read_jsonl(SUBMISSIONS_FILE)]
    return agenda + submissions


@cache
def sample_dataset() -> Dataset:
    """The embedded real sample as a dataset, with the projected SDG layer."""
    records = sample_records()
    info = DatasetInfo(
        name="sample",
        label=f"WSIS Forum sample (real, {len(records)} sessions)",
        sample=True,
        notes=SAMPLE_NOTES,
    )
    return from_records(records, info, project=True)
