"""The layout of an exported image: title, legend and the whole provenance footer, sized for the
page so nothing is cut or printed over something else.

`baked(fig, meta, width, height)` returns a copy of `fig` with
- the title at the top of the page (container coordinates, above everything else);
- every legend horizontal, between the title and the plot, its rows counted from its entries
  (never a scrolled legend that stops at entry 11);
- the footer (`ExportMeta.footer`) wrapped to the page width, whole, below the chart's own
  bottom margin (never cut, never "…");
- angled category ticks turned upright (-90°) so neighbours never overlap, and sliders kept
  inside the page.
The dataset note is dropped: the footer names the dataset.
"""

from __future__ import annotations

import base64
import copy
import math
import textwrap

import numpy as np
import plotly.graph_objects as go

from wsis_data.export.meta import ExportMeta
from wsis_data.figures.style import NOTE_NAME, themed
from wsis_data.network.labels import Canvas, label_boxes, place_labels
from wsis_data.safe_text import plain

__all__ = ["baked", "footer_lines"]

FOOTER_FONT = 11
_CHAR_PX = 6.4  # a generous average width of an 11 px sans-serif character
_LINE_PX = 15
_TITLE_PX = 40
_LEGEND_ROW_PX = 22
_LEGEND_FONT = 11


def footer_lines(text: str, width: int | None) -> list[str]:
    """The footer wrapped to `width` pixels (one line when no width: HTML reflows)."""
    if not width:
        return [text]
    chars = max(30, int((width - 30) / _CHAR_PX))
    return textwrap.wrap(text, chars, break_long_words=True, break_on_hyphens=False) or [""]


def _left_labels(fig: go.Figure) -> int:
    """Pixels the longest category label left of the plot takes (the footer starts there)."""
    longest = 0
    for trace in fig.data:
        values = getattr(trace, "y", None)
        named = values is not None and trace.type in ("heatmap", "bar") and len(values)
        if named and all(isinstance(v, str) for v in values):
            longest = max(longest, max(len(v) for v in values))
    return min(int(longest * 7) + 20, 500) if longest else 60


def _categories(fig: go.Figure) -> set[str]:
    """The category labels along the x axes of `fig` (strings only)."""
    found: set[str] = set()
    for trace in fig.data:
        values = getattr(trace, "x", None)
        if values is not None and trace.type in ("heatmap", "bar") and len(values):
            found |= {v for v in values if isinstance(v, str)}
    return found


def _legend_rows(fig: go.Figure, width: int) -> tuple[int, int]:
    """(rows, entry width) of a horizontal legend of `fig`'s shown entries (0 rows: none)."""
    names = [
        str(t.name or "")
        for t in fig.data
        if getattr(t, "showlegend", False) is not False
        and (t.showlegend or t.type not in ("heatmap", "histogram2d"))
    ]
    names = list(dict.fromkeys(n for n in names if n))
    if not names or fig.layout.showlegend is False:
        return 0, 0
    entry = int(max(len(n) for n in names) * _LEGEND_FONT * 0.62) + 50
    title = fig.layout.legend.title.text or ""
    usable = width - 40 - (len(title) * 7 + 10 if title else 0)
    per_row = max(1, usable // entry)
    return math.ceil(len(names) / per_row), entry


def baked(fig: go.Figure, meta: ExportMeta, width: int | None, height: int | None) -> go.Figure:
    """A copy of `fig` laid out for export, title and footer written in (see the module doc).
    Always light, whatever theme the app shows `fig` in."""
    out = copy.deepcopy(themed(fig, "light"))
    out.layout.annotations = [a for a in out.layout.annotations if a.name != NOTE_NAME]
    margin = out.layout.margin
    top = margin.t if margin.t is not None else 80
    bottom = margin.b if margin.b is not None else 80
    lines = footer_lines(meta.footer(), width and width - _left_labels(out))
    footer = "<br>".join(plain(line) for line in lines)  # filters name organisations: record text
    rows, entry = _legend_rows(out, width or 1200)
    legend_px = rows * _LEGEND_ROW_PX + (8 if rows else 0)
    out.update_layout(
        title={"text": plain(meta.title), "x": 0.01, "xanchor": "left", "yanchor": "top"},
        margin_t=top + _TITLE_PX + legend_px,
        margin_b=bottom + len(lines) * _LINE_PX + 14,
    )
    if height:
        out.update_layout(title={"yref": "container", "y": 1 - 10 / height})
    if rows:
        out.update_layout(
            legend={
                "orientation": "h",
                "xref": "container" if width else "paper",
                "x": 0.01,
                "xanchor": "left",
                "yref": "container" if height else "paper",
                "y": 1 - (_TITLE_PX + 4) / height if height else 1.02,
                "yanchor": "top" if height else "bottom",
                "entrywidth": entry,
                "font": {"size": _LEGEND_FONT},
                "itemsizing": "constant",
            }
        )
    style = {"xref": "paper", "yref": "paper", "x": 0, "y": 0, "showarrow": False, "align": "left"}
    style |= {"xanchor": "left", "yanchor": "top", "font": {"size": FOOTER_FONT, "color": "#555"}}
    out.add_annotation(text=footer, yshift=-(bottom + 4), **style)
    for trace in out.data:  # a colour bar at the page's foot (for phones) stands beside the plot
        bar = getattr(trace, "colorbar", None)
        if width and bar is not None and bar.orientation == "h":
            bar.update(
                orientation="v", yref="paper", y=0.5, yanchor="middle", x=1.02, xanchor="left",
                len=0.9, title_side="right",
            )  # fmt: skip
    if width:  # buttons do nothing in an image (HTML keeps them)
        out.layout.updatemenus = []
    crowded = bool(width and width < 1000) or len(_categories(out)) > 20
    out.for_each_xaxis(
        lambda ax: (
            ax.update(tickangle=-90)
            if ax.tickangle not in (None, 0) or (crowded and ax.type == "category")
            else None
        )
    )
    if height and len(list(out.select_yaxes())) > 2 and height < 800:  # small multiples
        out.update_yaxes(nticks=3, tickfont_size=9)
    # Streamlit's own template (the default once streamlit is imported) grows no margin for
    # long tick labels: row labels such as C1–C11 would be cut off at the page's edge.
    out.update_xaxes(automargin=True)
    out.update_yaxes(automargin=True)
    if width and height:
        _declutter(out, width, height)
        _name_every_category(out, width, height)
    for slider in out.layout.sliders:
        slider.update(x=max(slider.x or 0, 0.06), len=min(slider.len or 1, 0.88))
    return out


def _numbers(values: object) -> np.ndarray:
    """A float array from a Plotly array (a list, or a typed array {"dtype", "bdata"})."""
    if isinstance(values, dict) and "bdata" in values:
        raw = np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
        return raw.astype(float)
    return np.asarray(values, float)


def _declutter(fig: go.Figure, width: int, height: int) -> None:
    """Blank the scatter text labels (network labels) that would overlap an earlier one or
    leave the plot at this page size; earlier traces and earlier labels win."""
    x_range, y_range = fig.layout.xaxis.range, fig.layout.yaxis.range
    if x_range is None or y_range is None or fig.layout.yaxis.scaleanchor != "x":
        return
    m = fig.layout.margin
    plot_w = width - (m.l or 0) - (m.r or 0)
    plot_h = height - (m.t or 0) - (m.b or 0)
    canvas = Canvas(tuple(x_range), tuple(y_range), max(plot_w, 50), max(plot_h, 50))
    scale = canvas.scale
    (x0, x1), (y0, y1) = (np.array(r, float) * scale for r in (x_range, y_range))
    taken = np.zeros((0, 4))
    for trace in fig.data:
        if trace.type != "scatter" or "text" not in (trace.mode or "") or trace.text is None:
            continue
        texts = [str(t) for t in trace.text]
        plain_texts = [t.replace("<b>", "").replace("</b>", "") for t in texts]
        bold = any("<b>" in t for t in texts)
        xy = np.column_stack([_numbers(trace.x), _numbers(trace.y)])
        sizes = np.zeros(len(texts))
        if "markers" in trace.mode and trace.marker.size is not None:
            sizes = np.broadcast_to(_numbers(trace.marker.size), (len(texts),)) / 2
        font = float(trace.textfont.size or 12) * (1.12 if bold else 1.0)
        boxes = label_boxes(plain_texts, xy, sizes, font, canvas)
        if (trace.textposition or "middle center").startswith("middle"):
            boxes[:, [1, 3]] -= (boxes[:, 3] - boxes[:, 1])[:, None] / 2
        inside = (boxes[:, 0] >= x0) & (boxes[:, 2] <= x1) & (boxes[:, 1] >= y0)
        inside &= boxes[:, 3] <= y1
        keep = set(place_labels(boxes, len(texts), inside=inside, taken=taken))
        trace.text = [t if i in keep else "" for i, t in enumerate(texts)]
        taken = np.vstack([taken, boxes[sorted(keep)]]) if keep else taken


def _name_every_category(fig: go.Figure, width: int, height: int) -> None:
    """Every row and column of a heatmap keeps its label (Plotly thins crowded category ticks):
    one tick per category, the font shrunk (never under 7 px) to the space each one has."""
    m = fig.layout.margin
    plot = {"x": width - (m.l or 0) - (m.r or 0) - 120, "y": height - (m.t or 0) - (m.b or 0)}
    for trace in fig.data:
        if trace.type != "heatmap":
            continue
        for letter in ("x", "y"):
            values = getattr(trace, letter)
            if values is None or not len(values) or not isinstance(values[0], str):
                continue
            ref = getattr(trace, f"{letter}axis") or letter
            axis = fig.layout[f"{letter}axis{ref[1:]}"]
            share = (axis.domain[1] - axis.domain[0]) if axis.domain else 1.0
            room = plot[letter] * share / len(values)
            size = max(7.0, min(12.0, room * 0.8))
            axis.update(tickmode="linear", tick0=0, dtick=1, tickfont_size=size)
