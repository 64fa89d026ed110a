"""Pure Plotly builders for one organisation and for organisations × tags (no Streamlit).

Organisation names are record text: every label, hover and title goes through
`wsis_data.safe_text.plain`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from wsis_data.figures.style import count_ticks, note_annotation
from wsis_data.safe_text import plain
from wsis_data.taxonomy import action_line_label, sdg_label


def _note(note: str) -> dict:
    """The one dataset note (`style.note_annotation`), at its default place."""
    return note_annotation(note)


def bipartite_heatmap(counts: pd.DataFrame, kind: str, *, note: str = "") -> go.Figure:
    """Organisations × Action Lines (or SDGs): distinct sessions in each cell."""
    if kind == "action_line":
        columns = [str(c) for c in counts.columns]
        names = [action_line_label(c, collapse_c7=True) for c in counts.columns]
    else:
        columns = [f"SDG {c}" for c in counts.columns]
        names = [sdg_label(int(c)) for c in counts.columns]
    rows = [plain(o) for o in counts.index]
    z = counts.to_numpy()
    top = int(z.max()) if z.size else 0
    ticks = [v for v in (0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000) if v <= top]
    hover = [
        [f"<b>{row}</b><br>{plain(names[j])}<br>Sessions: {z[i, j]}" for j in range(len(columns))]
        for i, row in enumerate(rows)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=np.log10(z + 1.0),  # log: one large organisation does not flatten the rest
            zmin=0,
            x=columns,
            y=rows,
            colorscale="Viridis",
            hovertext=hover,
            hoverinfo="text",
            colorbar={
                "title": {"text": "Sessions<br>(log scale)"},
                "tickvals": [float(np.log10(v + 1.0)) for v in ticks],
                "ticktext": [f"{v:,}" for v in ticks],
            },
            xgap=1,
            ygap=1,
        )
    )
    what = "Action Lines" if kind == "action_line" else "SDGs"
    fig.update_layout(
        title={"text": f"Which organisations work on which {what}"},
        xaxis={"side": "top", "type": "category"},
        yaxis={"autorange": "reversed", "type": "category"},
        height=160 + 22 * len(rows),
        margin={"l": 10, "r": 10, "t": 80, "b": 40},
        annotations=[_note(note)] if note else [],
    )
    return fig


def years_bar(frame: pd.DataFrame, organisation: str, *, note: str = "") -> go.Figure:
    """Sessions per year of one organisation; years without a session within its span are 0
    (a bar of height 0, never a dropped year); the year axis steps by 1, counts are whole."""
    if len(frame):
        span = range(int(frame["year"].min()), int(frame["year"].max()) + 1)
        frame = (
            frame.set_index("year")["sessions"].reindex(span, fill_value=0).rename_axis("year")
        ).reset_index()
    fig = go.Figure(
        go.Bar(
            x=frame["year"],
            y=frame["sessions"],
            marker_color="#1f77b4",
            hovertemplate="%{x}: %{y} sessions<extra></extra>",
        )
    )
    fig.update_layout(
        title={"text": f"Sessions per year · {plain(organisation)}"},
        xaxis={"type": "linear", "tickmode": "linear", "dtick": 1, "tickformat": "d"},
        yaxis={"title": {"text": "Sessions"}, **count_ticks(0, float(frame["sessions"].max()))},
        height=300,
        margin={"l": 10, "r": 10, "t": 50, "b": 60},
        annotations=[{**_note(note), "y": -0.22, "yanchor": "top"}] if note else [],
    )
    return fig
