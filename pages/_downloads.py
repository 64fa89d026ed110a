"""The download panel every chart and table page shares (images, HTML, CSV, XLSX).

Usage from a page::

    from pages._downloads import download_panel
    download_panel(fig, {"matrix": frame}, meta, key_prefix="heatmap")

Table exports and the offline HTML are generated only when their button is clicked (deferred
`st.download_button` data). Images go through Kaleido's persistent browser: the user picks a size,
presses "Render images" (a spinner shows while it works), then downloads PNG, SVG or PDF. Without
Chromium the image part explains how to install it; the other exports keep working.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from wsis_data import export
from wsis_data.errors import ExportError
from wsis_data.export import ExportMeta
from wsis_data.ingest.columns import literal

#: Label → (width, height, scale) in CSS pixels of the exported image.
IMAGE_SIZES: dict[str, tuple[int, int, float]] = {
    "Screen (1200 × 800, 2×)": (1200, 800, 2.0),
    "Slide 16:9 (1600 × 900, 2×)": (1600, 900, 2.0),
    "Print A4 landscape (1400 × 990, 3×)": (1400, 990, 3.0),
    "Small (800 × 600, 1×)": (800, 600, 1.0),
}
MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _figure_key(fig: go.Figure, meta: ExportMeta, size: str) -> str:
    """A digest of what the images would show (figure, title and filters, size)."""
    spec = json.dumps(fig.to_plotly_json(), sort_keys=True, default=str)
    text = f"{spec}|{meta.title}|{meta.dataset}|{meta.filters}|{meta.provenances}|{size}"
    return hashlib.sha1(text.encode()).hexdigest()


def download_panel(
    fig: go.Figure | None,
    frames: dict[str, pd.DataFrame],
    meta: ExportMeta,
    *,
    key_prefix: str,
    stem: str | None = None,
) -> None:
    """Download buttons for one chart (PNG/SVG/PDF/HTML) and its tables (CSV and one XLSX).

    `frames` maps a short name ("matrix", "sessions") to a frame: each gets a CSV button and
    becomes a sheet of the XLSX (with a metadata sheet last). `fig` may be None for a table-only
    panel. Widget keys start with `key_prefix`; file names with `stem` (default: key_prefix).
    """
    stem = stem or key_prefix
    frames = {name: flat(frame) for name, frame in frames.items()}
    if fig is not None:
        _images(fig, meta, key_prefix, stem)
    cols = st.columns(2 + len(frames)) if frames or fig is not None else []
    i = 0
    if fig is not None:
        _button(cols[i], "HTML (interactive)", lambda: export.html_bytes(fig, meta), stem, "html")
        i += 1
    for name, frame in frames.items():
        _button(
            cols[i], f"{name} CSV", lambda f=frame: export.csv_bytes(f), f"{stem}-{name}", "csv"
        )
        i += 1
    if frames:
        sheets = dict(frames)
        _button(cols[i], "XLSX (+ metadata)", lambda: export.xlsx_bytes(sheets, meta), stem, "xlsx")


def flat(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with a meaningful index (e.g. row labels) turned into its first column(s)."""
    if isinstance(frame.index, pd.RangeIndex) and frame.index.name is None:
        return frame
    return frame.reset_index()


def _button(where, label: str, data: Callable[[], bytes] | bytes, stem: str, ext: str) -> None:
    where.download_button(
        label,
        data=data,
        file_name=export.filename(stem, ext),
        mime=MIME[ext],
        on_click="ignore",
        icon=":material/download:",
        key=f"dl-{stem}-{ext}",
    )


def _images(fig: go.Figure, meta: ExportMeta, key_prefix: str, stem: str) -> None:
    """Size choice, a render button with a spinner, then PNG/SVG/PDF download buttons."""
    if not export.images_available():
        st.info(
            "Image export (PNG, SVG, PDF) needs Chromium on the server: install it with "
            "`apt-get install chromium`. HTML, CSV and XLSX downloads below still work.",
            icon=":material/image_not_supported:",
        )
        return
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    size = left.selectbox("Image size", list(IMAGE_SIZES), key=f"{key_prefix}-size")
    store = f"_{key_prefix}-images"
    digest = _figure_key(fig, meta, size)
    rendered = st.session_state.get(store)
    if rendered is None or rendered[0] != digest:
        if right.button("Render PNG · SVG · PDF", key=f"{key_prefix}-render"):
            width, height, scale = IMAGE_SIZES[size]
            try:
                with st.spinner("Rendering images…"):
                    images = {
                        fmt: export.image_bytes(
                            fig, fmt, meta, width=width, height=height, scale=scale
                        )
                        for fmt in ("png", "svg", "pdf")
                    }
            except ExportError as exc:
                st.error(literal(exc))
                return
            st.session_state[store] = rendered = (digest, images)
        else:
            return
    cols = st.columns(3)
    for col, (fmt, data) in zip(cols, rendered[1].items(), strict=True):
        _button(col, fmt.upper(), data, stem, fmt)
