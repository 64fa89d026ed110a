"""The organisers' own words: submission sections of the sessions in a report.

Outcome submissions keep each section's text in the store (``wsis_sections``, see
`wsis_data.ingest.store`); the embedded sample and the synthetic demo keep none. One query
lists the sessions with texts; their sections are then read one session at a time.
"""

from __future__ import annotations

from collections.abc import Iterable

from wsis_data.ingest.store import open_store
from wsis_data.ingest.submissions import SECTION_LABELS

NO_SUBMISSION = "no submission"
NOT_STORED = "a submission is named as a source, but its text is not stored in this dataset"

#: (year, session_id) → {section key: text}
Texts = dict[tuple[int, str], dict[str, str]]


def submission_texts(
    db: str | None, keys: Iterable[tuple[int, str]], section_keys: Iterable[str]
) -> Texts:
    """The chosen sections (keys of `SECTION_LABELS`) of each stored session among `keys`."""
    wanted = {SECTION_LABELS[k]: k for k in section_keys}
    keys = set(keys)
    if not keys or not wanted:
        return {}
    store = open_store(db)
    out: Texts = {}
    for year, sid, _title in store.submissions():  # the sessions that have section texts
        if (year, sid) not in keys:
            continue
        texts: dict[str, str] = {}
        for heading, body in store.sections_of(year, sid):
            if (name := wanted.get(heading)) is not None:
                texts[name] = f"{texts[name]}\n{body}" if name in texts else body
        out[(year, sid)] = texts
    return out
