"""What every trend figure shares: value formats, key colours, the "no data" shading, the note."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.colors as pc
import plotly.graph_objects as go

from wsis_data.figures.style import add_note
from wsis_data.safe_text import plain
from wsis_data.taxonomy import sdg
from wsis_data.trends import MEASURES
from wsis_data.words import counted

NO_DATA = "no data"
_NO_DATA_FILL = "rgba(128,128,128,0.18)"
_PALETTE = pc.qualitative.Dark24


def _fmt(measure: str) -> str:
    return ",.0f" if measure == "sessions" else ".1%"


def _value_text(value: float, measure: str) -> str:
    return NO_DATA if value is None or pd.isna(value) else format(float(value), _fmt(measure))


def key_colours(long: pd.DataFrame, by: str) -> dict[object, str]:
    """A colour per key: official SDG colours for SDGs, a qualitative palette otherwise."""
    keys = list(pd.unique(long["key"]))
    if by == "sdg":
        return {k: sdg(int(k)).colour for k in keys}
    return {k: _PALETTE[i % len(_PALETTE)] for i, k in enumerate(keys)}


def _no_data_years(long: pd.DataFrame) -> list[int]:
    years = long.drop_duplicates("year")
    return [int(y) for y in years.loc[~years["has_data"].astype(bool), "year"]]


def _mark_no_data(fig: go.Figure, years: list[int], **where) -> None:
    """Shade each no-data year and label it (on every panel when `where` says so)."""
    for year in years:
        fig.add_vrect(
            x0=year - 0.5,
            x1=year + 0.5,
            fillcolor=_NO_DATA_FILL,
            line_width=0,
            layer="below",
            annotation_text=NO_DATA,
            annotation_position="top",
            annotation_font={"size": 10, "color": "#555"},
            **where,
        )


def _add_note(fig: go.Figure, note: str, *, y: float = -0.14, yshift: float = 0) -> None:
    """The one dataset note (`style.add_note`) below the plot area, `yshift` pixels lower."""
    add_note(fig, note, y=y, yshift=yshift)


def _axis_title(measure: str) -> str:
    return MEASURES.get(measure, measure)


def _series(long: pd.DataFrame, key: object, measure: str) -> pd.DataFrame:
    rows = long[long["key"] == key]
    return rows.assign(_y=rows[measure].astype("Float64").to_numpy(dtype=float, na_value=np.nan))


def _hover(rows: pd.DataFrame, measure: str) -> list[str]:
    out = []
    change_col = "change" if measure == "sessions" else "share_change"
    changes = rows[change_col] if change_col in rows and measure != "tag_share" else None
    for i, (year, label, sessions, value, has) in enumerate(
        zip(
            rows["year"], rows["label"], rows["sessions"], rows["_y"], rows["has_data"], strict=True
        )
    ):
        if not has:
            out.append(f"<b>{plain(label)}</b><br>{year}: {NO_DATA} in the dataset")
            continue
        text = f"<b>{plain(label)}</b><br>{year}: {counted(int(sessions), 'session')}"
        if measure != "sessions":
            text += f"<br>{_axis_title(measure)}: {_value_text(value, measure)}"
        if changes is not None and not pd.isna(changes.iloc[i]):
            step = "+,.0f" if measure == "sessions" else "+.1%"
            text += f"<br>Change from {year - 1}: {format(float(changes.iloc[i]), step)}"
        out.append(text)
    return out


def _year_axis(fig: go.Figure, long: pd.DataFrame, *, fixed_range: bool = True) -> None:
    years = sorted(int(y) for y in pd.unique(long["year"]))
    fig.update_xaxes(tickmode="array", tickvals=years, title_text=None)
    if years and fixed_range:
        # Not on matched (shared) axes: plotly.js then draws no trace at all.
        fig.update_xaxes(range=[years[0] - 0.5, years[-1] + 0.5])
