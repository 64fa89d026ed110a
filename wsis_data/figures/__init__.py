"""Pure Plotly figure builders (no Streamlit); the only place besides `wsis_data.export` that
imports Plotly.

- `style`: colour scales, value formats, the one dataset note (`add_note`)
- `matrix`: the Action Line × SDG heatmap (and its chosen cell, `mark_cell`)
- `network`: the organisation network, its bipartite heatmap and years bar
- `trends`: the year-by-year charts
"""

from wsis_data.figures.matrix import heatmap, mark_cell
from wsis_data.figures.style import (
    DIVERGING_SCALES,
    GAP_COLOURS,
    NOTE_NAME,
    SEQUENTIAL_SCALES,
    VALUE_FORMATS,
    add_note,
    note_annotation,
)

__all__ = [
    "DIVERGING_SCALES",
    "GAP_COLOURS",
    "NOTE_NAME",
    "SEQUENTIAL_SCALES",
    "VALUE_FORMATS",
    "add_note",
    "heatmap",
    "mark_cell",
    "note_annotation",
]
