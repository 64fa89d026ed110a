"""Column headings a reader sees in the app's tables (display only).

Tables keep their stable column names (`session_id`, `shared_sessions`, …): exports (CSV, XLSX)
and the command line write those, so scripts that read them keep working. Pages show every table
through `pages/_tables.show_table`, which relabels each column with `headings(frame)`; a column
not listed here is shown as `reader_heading` says it ("first_year" → "First year").
"""

from __future__ import annotations

import pandas as pd

__all__ = ["HEADINGS", "headings", "reader_heading"]

HEADINGS: dict[str, str] = {
    "year": "Year",
    "session_id": "Session",
    "title": "Title",
    "session_type": "Type",
    "organisers": "Organisers",
    "url": "Session page",
    "action_lines": "Action Lines",
    "action_line_provenance": "Action Lines: where from",
    "sdgs": "SDGs",
    "sdg_provenance": "SDGs: where from",
    "partner": "Partner",
    "shared_sessions": "Shared sessions",
    "weight": "Link weight",
    "organisation": "Organisation",
    "sessions": "Sessions",
    "community": "Community",
    "degree": "Partners",
    "link_strength": "Link strength",
    "weighted_degree": "Weighted degree",
    "betweenness": "Betweenness",
    "eigenvector": "Eigenvector centrality",
    "reverse_index_only": "Only in the matrix's list by goal",
    "actions_only": "Only in the matrix's list by Action Line",
    "action_line": "Action Line",
    "sdg": "SDG",
    "targets": "SDG targets",
    # the official matrix (About, Interlinkages)
    "action_line_label": "Action Line",
    "sdg_label": "SDG",
    "link_level": "Link level",
    "n_targets": "Targets",
    "pair_status": "Listed in the matrix",
    "doubt": "Flag on the official link",
    "via_sublines": "Through C7 sub-lines",
    "official_link": "Official link",
    "rank": "Rank",
    "name": "Name",
    "share": "Share",
    # trends: when each Action Line × SDG pair appears
    "first_year": "First year",
    "last_year": "Last year",
    "years_present": "Years present",
    # network tables
    "label": "Organisation",
    "partners": "Partners",
    "source": "Organisation",
    "target": "Partner",
    # import: reports, batches, submissions
    "row": "Row",
    "column": "Column",
    "value": "Value",
    "reason": "Problem",
    "action": "Done",
    "field": "Field",
    "where from": "Where from",
    "section": "Section",
    "text": "Text",
    "excerpt": "Excerpt",
    "score": "Score",
    "evidence": "Evidence",
}


def reader_heading(column: object) -> str:
    """The heading of one column: from `HEADINGS`, else its name with spaces for underscores.

    >>> reader_heading("shared_sessions"), reader_heading("n_things"), reader_heading("SDG 4")
    ('Shared sessions', 'N things', 'SDG 4')
    """
    name = str(column)
    if name in HEADINGS:
        return HEADINGS[name]
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:] if "_" in name else name


def headings(frame: pd.DataFrame) -> dict[str, str]:
    """``{column: heading}`` for every column of `frame` whose heading differs from its name."""
    shown = {str(c): reader_heading(c) for c in frame.columns}
    return {c: h for c, h in shown.items() if h != c}
