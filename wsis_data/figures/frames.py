"""The animated figures' frames (trends heatmap over time, network through time), for keyboard
users: Plotly's own slider and Play button are drawn in SVG and cannot take the keyboard focus,
so the pages add a keyboard-operable slider (Streamlit's) that picks the frame shown with
`at_frame`. Nothing animates on its own: Play steps only when pressed, with transition 0 (so
`prefers-reduced-motion` sees no motion), and a frame picked shows at once.
"""

from __future__ import annotations

import plotly.graph_objects as go

from wsis_data.figures.style import copy_of

__all__ = ["ANIMATION_HELP", "at_frame", "frame_names", "shown_frame"]

ANIMATION_HELP = (
    "▶ Play steps through the frames only when pressed, without animated transitions; "
    "or drag Plotly's slider, or use the slider above the chart by keyboard (Tab to it, then "
    "the arrow keys, Home and End)."
)


def frame_names(fig: go.Figure) -> list[str]:
    """The names of `fig`'s frames, in order."""
    return [str(f.name) for f in fig.frames]


def shown_frame(fig: go.Figure) -> str | None:
    """The name of the frame `fig` shows (its slider's active step), None without frames."""
    names = frame_names(fig)
    if not names:
        return None
    sliders = fig.layout.sliders
    active = sliders[0].active if sliders and sliders[0].active is not None else 0
    return names[min(int(active), len(names) - 1)]


def at_frame(fig: go.Figure, name: str | None) -> go.Figure:
    """`fig` showing frame `name` (its data, its layout changes such as the title, the slider at
    it); `fig` itself when it shows it already or has no such frame (never mutated: shared)."""
    names = frame_names(fig)
    if name is None or name not in names or name == shown_frame(fig):
        return fig
    i = names.index(name)
    frame = fig.frames[i]
    out = copy_of(fig)
    for t, trace in zip(frame.traces or range(len(frame.data)), frame.data, strict=False):
        out.data[t].update(trace.to_plotly_json(), overwrite=True)
    if frame.layout is not None:
        out.update_layout(frame.layout.to_plotly_json())
    if out.layout.sliders:
        out.layout.sliders[0].active = i
    return out
