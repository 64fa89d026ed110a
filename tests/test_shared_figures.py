"""Cached figures are shared by every session's thread: copying one must not touch it.

`go.Figure(fig)` pops each trace's "type" from the figure it copies and puts it back; a thread
copying the same figure at that moment read the heatmap as a scatter trace and the page failed
("Invalid property specified for object of type plotly.graph_objs.Scatter: 'colorbar'", seen
under load through nginx). `figures.style.copy_of` copies from `fig.to_dict()` instead; the
builders that copy a shared figure (`mark_cell`, `frames.at_frame`) use it.
"""

from __future__ import annotations

import threading

import plotly.graph_objects as go

from wsis_data.figures import frames
from wsis_data.figures.matrix import mark_cell
from wsis_data.figures.style import copy_of


def _hammer(work, threads: int = 8, rounds: int = 100) -> list[str]:
    errors: list[str] = []

    def run() -> None:
        for _ in range(rounds):
            try:
                work()
            except Exception as exc:  # any failure is the finding
                errors.append(repr(exc)[:120])
                return

    pool = [threading.Thread(target=run) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return errors


def _shared() -> go.Figure:
    heat = go.Heatmap(z=[[1, 2], [3, 4]], colorbar={"title": {"text": "Sessions"}})
    frame = go.Frame(name="2020", data=[go.Heatmap(z=[[4, 3], [2, 1]])], traces=[0])
    return go.Figure([heat, go.Scatter(x=[0], y=[0])], frames=[frame])


def test_copies_made_by_many_threads_at_once_leave_the_shared_figure_alone():
    fig = _shared()
    before = fig.to_dict()
    assert not _hammer(lambda: copy_of(fig))
    assert not _hammer(lambda: frames.at_frame(fig, "2020"))
    assert fig.to_dict() == before


def test_marking_a_cell_from_many_threads_at_once():
    fig = _shared()
    fig.update_layout(xaxis2={"domain": [0, 1]}, yaxis2={"domain": [0, 1]})
    assert not _hammer(lambda: mark_cell(fig, 0, 1))
