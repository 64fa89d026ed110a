"""Column headings a reader sees in the app's tables (display only).

Tables keep their stable column names (`session_id`, `shared_sessions`, …): exports (CSV, XLSX)
and the command line write those, so scripts that read them keep working. A page shows a table
with ``column_config=headings(frame)``, which relabels every column it knows.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["HEADINGS", "headings"]

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
}


def headings(frame: pd.DataFrame) -> dict[str, str]:
    """``{column: heading}`` for the columns of `frame` with a reader's name."""
    return {str(c): HEADINGS[str(c)] for c in frame.columns if str(c) in HEADINGS}
