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

from pages import _cache
from pages._cite import cite_this
from pages._sidebar import Selection, share_url
from wsis_data import export
from wsis_data.citation import Citation
from wsis_data.errors import ExportError
from wsis_data.export import ExportMeta
from wsis_data.ingest.columns import literal
from wsis_data.network import (
    Network,
    NetworkSettings,
    bipartite_graphml_bytes,
    gexf_bytes,
    graphml_bytes,
    nodes_frame,
)
from wsis_data.taxonomy import PROVENANCES

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
    with st.expander("Cite this", icon=":material/format_quote:"):
        cite_this(Citation(meta, link=share_url()))


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


# --- moved from _shared (step 2 folds them into download_panel) ---


def export_meta(choice: Selection, title: str, extra: str = "") -> ExportMeta:
    """Export metadata for a chart or table of the current selection."""
    ds = _cache.dataset(choice.dataset)
    provs = ", ".join(p for p in PROVENANCES if p in choice.filters.provenances)
    return ExportMeta(
        title=title,
        dataset=ds.info.chart_note,
        filters=choice.filters.describe(),
        provenances=provs,
        synthetic=ds.info.synthetic,
        notes=extra,
    )


def network_files(choice: Selection, net: Network, fig, settings: NetworkSettings) -> list:
    """(label, make bytes, file name, MIME type) of every network download, made on demand."""
    meta = export_meta(choice, "WSIS organisation network", settings.describe())
    stem = f"network-{choice.dataset}"
    files = [
        (
            "GraphML",
            lambda: graphml_bytes(net),
            export.filename(stem, "graphml"),
            "application/xml",
        ),
        ("GEXF (Gephi)", lambda: gexf_bytes(net), export.filename(stem, "gexf"), "application/xml"),
        (
            "Nodes CSV",
            lambda: export.csv_bytes(nodes_frame(net)),
            export.filename(f"{stem}-nodes", "csv"),
            "text/csv",
        ),
        (
            "Links CSV",
            lambda: export.csv_bytes(net.edges),
            export.filename(f"{stem}-links", "csv"),
            "text/csv",
        ),
        (
            "Chart HTML",
            lambda: export.html_bytes(fig, meta),
            export.filename(stem, "html"),
            "text/html",
        ),
    ]
    if export.images_available():
        mimes = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
        files += [
            (
                f"Chart {fmt.upper()}",
                lambda fmt=fmt: export.image_bytes(fig, fmt, meta),
                export.filename(stem, fmt),
                mime,
            )
            for fmt, mime in mimes.items()
        ]
    return files


def organisation_tag_files(choice: Selection, counts: pd.DataFrame, kind: str) -> list:
    """CSV and GraphML downloads of the organisations × Action Lines / SDGs view."""
    stem = f"organisations-by-{kind.replace('_', '-')}-{choice.dataset}"
    meta = dict(export_meta(choice, f"Organisations × {kind}").as_rows())
    table = counts.reset_index()
    table.columns = [
        str(c) if kind == "action_line" or c == "organisation" else f"SDG {c}"
        for c in table.columns
    ]
    return [
        ("Table CSV", lambda: export.csv_bytes(table), export.filename(stem, "csv"), "text/csv"),
        (
            "Bipartite GraphML",
            lambda: bipartite_graphml_bytes(counts, kind, meta),
            export.filename(stem, "graphml"),
            "application/xml",
        ),
    ]


def download_row(
    fig: go.Figure, sheets: dict[str, pd.DataFrame], meta: export.ExportMeta, stem: str
) -> None:
    """PNG/SVG/PDF/HTML of a figure and CSV/XLSX of its data, generated only when clicked."""
    data: dict[str, tuple[Callable[[], bytes], str]] = {}
    if export.images_available():
        images = (("png", "image/png"), ("svg", "image/svg+xml"), ("pdf", "application/pdf"))
        for fmt, mime in images:
            height = int(fig.layout.height or 700)
            data[fmt] = (
                lambda fmt=fmt, h=height: export.image_bytes(fig, fmt, meta, height=h),
                mime,
            )
    data["html"] = (lambda: export.html_bytes(fig, meta), "text/html")
    first = next(iter(sheets.values()))
    data["csv"] = (lambda: export.csv_bytes(first), "text/csv")
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    data["xlsx"] = (lambda: export.xlsx_bytes(sheets, meta), xlsx)
    columns = st.columns(len(data) + (0 if export.images_available() else 1))
    for column, (ext, (make, mime)) in zip(columns, data.items(), strict=False):
        column.download_button(
            ext.upper(),
            data=make,
            file_name=export.filename(stem, ext),
            mime=mime,
            key=f"dl_{stem}_{ext}",
            on_click="ignore",
            icon=":material/download:",
        )
    if not export.images_available():
        columns[-1].caption("PNG/SVG/PDF need Chromium (apt-get install chromium)")
