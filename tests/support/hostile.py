"""Hostile record text for the hardening tests: HTML/JS, Plotly's own tags, Markdown and
Streamlit directives, entities and spreadsheet formulas, in titles, organisers and session types.

`hostile_store(url)` imports them through the project's own importer (a JSON file, so organiser
names keep their ";" and "&"), like a user's upload would.
"""

from __future__ import annotations

import json

from wsis_data.ingest.importer import import_file
from wsis_data.ingest.store import Store

#: Each string sets window.__xss (or makes an element) if it is ever rendered as HTML/Markdown.
HOSTILE: tuple[str, ...] = (
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2">',
    '<a href="javascript:window.__xss=3">click</a>',
    "<b>bold</b>",
    '<a href="https://example.invalid/x">plotly link</a>',
    '<svg onload="window.__xss=4">',
    '<iframe src="javascript:window.__xss=5">',
    "[md](javascript:window.__xss=6)",
    "**strong**",
    ":red[red]",
    "$x^2$",
    "AT&amp;T &lt;entity&gt;",
)
#: Spreadsheet formulas (OWASP's examples) kept as record text.
FORMULAS: tuple[str, ...] = ("=1+1", "-1+cmd|' /C calc'!A0", "@SUM(A1)", '+HYPERLINK("x")')
ENTITY = HOSTILE[-1]


def hostile_records() -> list[dict]:
    """Sessions whose title, organisers and session type are hostile; all in C1 × SDG 4."""
    texts = [*HOSTILE, *FORMULAS]
    records = []
    for i, text in enumerate(texts):
        partner = texts[(i + 1) % len(texts)]
        for year in (2020, 2022):
            records.append(
                {
                    "year": year,
                    "session_id": f"H{i}",
                    "title": f"{text} title",
                    "session_type": HOSTILE[i % len(HOSTILE)],
                    "organisers": [text, partner],
                    "action_lines": "C1",
                    "sdgs": "4",
                }
            )
    return records


def hostile_store(url: str) -> Store:
    """A store at `url` holding `hostile_records`, imported like an upload."""
    store = Store(url)
    data = json.dumps({"sessions": hostile_records()}).encode()
    report = import_file(data, "hostile.json", store)
    assert report.error is None and report.n_inserted == len(hostile_records()), report.text()
    return store
