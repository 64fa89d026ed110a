"""What every figure shares: colour scales, value formats, and the ONE dataset note.

The dataset note (`Dataset.info.chart_note`: which dataset, SYNTHETIC or a sample) is written on
every chart by `note_annotation`/`add_note`, named `NOTE_NAME` so an export can find it: the
exported image carries it once, in its footer (`wsis_data.export.images` drops the annotation).

The theme (light or dark, as the browser asks) is the figure style's one parameter: builders draw
in light, and `themed(fig, theme)` swaps every neutral colour (backgrounds, text, notes, grey
links and bars) for its role's colour in `PALETTES[theme]`. Data colours (SDG, Action Line,
community, colour scales) are the same in both. Axis, grid, colour-bar and hover-label colours
the builders leave unset follow Streamlit's own chart theme in the app. Exports are always light
(`wsis_data.export.layout.baked` calls `themed(fig, "light")`).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import plotly.graph_objects as go

from wsis_data.safe_text import plain

__all__ = [
    "DIVERGING_SCALES",
    "GAP_COLOURS",
    "NOTE_NAME",
    "PALETTES",
    "SEQUENTIAL_SCALES",
    "THEMES",
    "VALUE_FORMATS",
    "add_note",
    "cell_layer",
    "contrast",
    "copy_of",
    "count_ticks",
    "note_annotation",
    "note_lines",
    "steady",
    "themed",
]

SEQUENTIAL_SCALES = ("Viridis", "Cividis", "Blues", "YlGnBu", "Magma")
DIVERGING_SCALES = ("RdBu_r", "PuOr_r", "BrBG", "PiYG")
#: Okabe–Ito colours (colour-blind safe) for the gap statuses, in GAP_STATUSES order.
GAP_COLOURS = ("#BBBBBB", "#E69F00", "#0072B2")
VALUE_FORMATS = {"sessions": ".0f", "share_of_row": ".0%", "share_of_column": ".0%", "lift": ".2f"}
NOTE_NAME = "dataset-note"

THEMES = ("light", "dark")
#: Neutral colours by role and theme, same roles in the same order. Dark "background" is the app's
#: dark background (.streamlit/config.toml [theme.dark]); a grey ending in "," takes an alpha.
PALETTES = {
    "light": {
        "background": "#ffffff",
        "note": "#555555",
        "label": "#222222",
        "ink": "#000000",
        "sankey_label": "#1a1a1a",
        "bar": "#6b6b6b",
        "link": "rgba(90,90,90,",
        "focus_link": "rgba(40,40,40,",
    },
    "dark": {
        "background": "#0e1117",
        "note": "#a8adb7",
        "label": "#e6e6e6",
        "ink": "#ffffff",
        "sankey_label": "#f2f2f2",
        "bar": "#9a9a9a",
        "link": "rgba(170,170,170,",
        "focus_link": "rgba(225,225,225,",
    },
}
_NAMED = {"white": "#ffffff", "black": "#000000"}
_COLOUR = re.compile(
    r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|\bwhite\b|\bblack\b|rgba\([^,]+,[^,]+,[^,]+,"
)


def _canonical(colour: str) -> str:
    c = _NAMED.get(colour.lower(), colour.lower()).replace(" ", "")
    return "#" + "".join(ch * 2 for ch in c[1:]) if re.fullmatch(r"#[0-9a-f]{3}", c) else c


def _colour_key(key: str) -> bool:
    return ("color" in key.lower() and "scale" not in key.lower()) or key == "shadow"


def _swap(value: Any, table: dict[str, str], colour_key: bool) -> Any:
    """`value` with every neutral colour under a colour key (…color, shadow; not a colour scale:
    that is data; not the Plotly template, which Streamlit's chart theme replaces) swapped by
    `table`."""
    if isinstance(value, dict):
        return {
            k: v if k == "template" else _swap(v, table, _colour_key(k)) for k, v in value.items()
        }
    if isinstance(value, list) or (
        colour_key and isinstance(value, np.ndarray) and value.dtype.kind in "OU"
    ):
        return [_swap(v, table, colour_key) for v in value]
    if colour_key and isinstance(value, str):
        return _COLOUR.sub(lambda m: table.get(_canonical(m.group()), m.group()), value)
    return value


def _rgb(colour: str) -> tuple[int, int, int] | None:
    c = _canonical(colour)
    if re.fullmatch(r"#[0-9a-f]{6}", c):
        return int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)
    if m := re.fullmatch(r"rgba?\((\d+),(\d+),(\d+)(,[\d.]+)?\)", c):
        return int(m[1]), int(m[2]), int(m[3])
    return None


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG contrast ratio of two sRGB colours (1 to 21)."""

    def lum(rgb: tuple[int, int, int]) -> float:
        lin = [(v / 255) / 12.92 if v <= 10 else ((v / 255 + 0.055) / 1.055) ** 2.4 for v in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _legible_fonts(value: Any, background: str, tints: dict[str, str], font: bool = False) -> Any:
    """Text coloured with a data colour (a line's end label in its line's colour) that would not
    read on `background`: tinted towards white until it does (contrast 4.5), hue kept; `tints`
    records tint → original, so going back to light restores it."""
    if isinstance(value, dict):
        return {
            k: v if k == "template" else _legible_fonts(v, background, tints, k.endswith("font"))
            for k, v in value.items()
        } | (
            {"color": _tint(value["color"], background, tints)} if font and "color" in value else {}
        )
    if isinstance(value, list):
        return [_legible_fonts(v, background, tints) for v in value]
    return value


def _tint(value: Any, background: str, tints: dict[str, str]) -> Any:
    if isinstance(value, list):
        return [_tint(v, background, tints) for v in value]
    if not isinstance(value, str) or (rgb := _rgb(value)) is None:
        return value
    bg = _rgb(background)
    step = 0
    while contrast(rgb, bg) < 4.5 and step < 20:  # type: ignore[arg-type]
        rgb, step = tuple(round(v + (255 - v) * 0.15) for v in rgb), step + 1  # type: ignore
    if not step:
        return value
    tinted = "#{:02x}{:02x}{:02x}".format(*rgb)
    tints[tinted] = value
    return tinted


def themed(fig: go.Figure, theme: str | None) -> go.Figure:
    """`fig` in `theme` ("light" or "dark"; None, as Streamlit says before it knows: light).

    Returns `fig` itself when it is already in that theme, else a new figure (cached figures are
    shared: never mutated). The theme a figure is in is kept in `layout.meta["theme"]`.
    """
    theme = theme if theme in THEMES else "light"
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    current = meta.get("theme", "light")
    if current == theme:
        return fig
    pairs = zip(PALETTES[current].values(), PALETTES[theme].values(), strict=True)
    table = {_canonical(a): b for a, b in pairs} | meta.get("tints", {})
    spec = _swap(fig.to_plotly_json(), table, False)
    tints: dict[str, str] = {}
    if theme != "light":
        spec = _legible_fonts(spec, PALETTES[theme]["background"], tints)
    out = go.Figure(spec)
    rest = {k: v for k, v in meta.items() if k not in ("theme", "tints")}  # as the builder left it
    dark = {"theme": theme, "tints": tints} if tints else {"theme": theme}
    out.layout.meta = {**rest, **dark} if theme != "light" else (rest or None)
    return out


def copy_of(fig: go.Figure) -> go.Figure:
    """A new figure equal to `fig`, made without touching `fig`: safe while other sessions'
    threads use the same cached figure. (`go.Figure(fig)` is not: Plotly pops each trace's
    "type" from the shared figure while it copies it, and a thread copying it at that moment
    reads a heatmap as a scatter trace: "Invalid property … Scatter: 'colorbar'".)

    Not validated again (Plotly's `_validate=False`): `fig` was when it was built, and checking
    every property once more was 37 of the 51 ms of marking a heatmap's chosen cell."""
    return go.Figure(fig.to_dict(), _validate=False)


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


def cell_layer(size: int = 18) -> dict[str, Any]:
    """The look of a clickable grid's click layer, one for every heatmap that takes clicks.

    Plotly heatmaps are not selectable: a Scatter of transparent squares at the cell centres,
    named "cells" (the browser tests click it by that name), takes the clicks. The caller adds
    x, y, the customdata that names each cell, and the hover.
    """
    marker = {"symbol": "square", "size": size, "opacity": 0}
    return {"mode": "markers", "marker": marker, "showlegend": False, "name": "cells"}


def count_ticks(low: float, high: float) -> dict[str, Any]:
    """Tick settings of an axis or colour bar that shows counts: whole numbers only, each once.

    Over a span under 5, Plotly would step by 0.5 (or 0.2) and a whole-number format would
    repeat labels ("0, 1, 1, 2"); one tick per whole number then. Wider spans step by at least 1.
    """
    span = float(high) - float(low) if np.isfinite(high) and np.isfinite(low) else 0.0
    if span < 5:
        return {"tickmode": "linear", "tick0": 0, "dtick": 1, "tickformat": ",d"}
    return {"tickformat": ",d"}
