"""What every figure shares: colour scales, value formats, and the ONE dataset note.

The dataset note (`Dataset.info.chart_note`: which dataset, SYNTHETIC or a sample) is written on
every chart by `note_annotation`/`add_note`, named `NOTE_NAME` so an export can find it: the
exported image carries it once, in its footer (`wsis_data.export.images` drops the annotation).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go

from wsis_data.safe_text import plain

__all__ = [
    "DIVERGING_SCALES",
    "GAP_COLOURS",
    "NOTE_NAME",
    "SEQUENTIAL_SCALES",
    "VALUE_FORMATS",
    "add_note",
    "count_ticks",
    "note_annotation",
    "note_lines",
    "steady",
]

SEQUENTIAL_SCALES = ("Viridis", "Cividis", "Blues", "YlGnBu", "Magma")
DIVERGING_SCALES = ("RdBu_r", "PuOr_r", "BrBG", "PiYG")
#: Okabe–Ito colours (colour-blind safe) for the gap statuses, in GAP_STATUSES order.
GAP_COLOURS = ("#BBBBBB", "#E69F00", "#0072B2")
VALUE_FORMATS = {"sessions": ".0f", "share_of_row": ".0%", "share_of_column": ".0%", "lift": ".2f"}
NOTE_NAME = "dataset-note"


def note_lines(note: str) -> str:
    """The note's text escaped, in lines split at its dash ("Synthetic demo (…)<br>SYNTHETIC
    data …"): each line fits a phone-wide chart, where one long line is cut off."""
    return "<br>".join(plain(part) for part in note.split(" — "))


def note_annotation(note: str, **placement: Any) -> dict[str, Any]:
    """The dataset note as a Plotly annotation (record text escaped, in `note_lines`);
    `placement` overrides the defaults (below the plot area's bottom left, small grey text)."""
    return {
        "name": NOTE_NAME,
        "text": note_lines(note),
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": -0.04,
        "showarrow": False,
        "font": {"size": 11, "color": "#555"},
        "xanchor": "left",
        "yanchor": "top",
        "align": "left",
        **placement,
    }


def add_note(fig: go.Figure, note: str, **placement: Any) -> None:
    """Write the dataset note on `fig` (nothing when `note` is empty)."""
    if note:
        fig.add_annotation(note_annotation(note, **placement))


def steady(trace: Any) -> Any:
    """Keep a clickable trace looking as drawn when Plotly selects a point of this or another
    trace (its default fades every unselected marker and text to a fifth): the page draws the
    chosen item itself. Returns the trace (a marker opacity must be one number here)."""
    opacity = trace.marker.opacity
    look = {"marker": {"opacity": 1.0 if opacity is None else float(opacity)}}
    trace.update(selected=look, unselected=look)
    if isinstance(getattr(trace.textfont, "color", None), str):
        trace.update(unselected={"textfont": {"color": trace.textfont.color}})
    return trace


def count_ticks(low: float, high: float) -> dict[str, Any]:
    """Tick settings of an axis or colour bar that shows counts: whole numbers only, each once.

    Over a span under 5, Plotly would step by 0.5 (or 0.2) and a whole-number format would
    repeat labels ("0, 1, 1, 2"); one tick per whole number then. Wider spans step by at least 1.
    """
    span = float(high) - float(low) if np.isfinite(high) and np.isfinite(low) else 0.0
    if span < 5:
        return {"tickmode": "linear", "tick0": 0, "dtick": 1, "tickformat": ",d"}
    return {"tickformat": ",d"}
