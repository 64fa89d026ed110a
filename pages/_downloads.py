"""The download panel every page uses: a size choice, then one button per file, made on click.

Usage from a page::

    from pages._downloads import download_panel, export_meta
    download_panel(fig, {"matrix": frame}, export_meta(choice, title), "heatmap")

A chart gets PNG, SVG and PDF at the chosen size, and its offline HTML; each table a CSV, and all
tables one XLSX with a metadata sheet; `extra` adds files such as graphs. Every button is a
deferred `st.download_button`: a click renders only that file (the button shows a spinner while it
renders, and the error under it if rendering fails), then the browser downloads it; nothing is
rendered for buttons not clicked. `offer_files` draws only the buttons, for files made
elsewhere (a built report, an import's rows with problems): the one place that draws a download
button. Images are kept per process by what they show
(`wsis_data/export/render_cache.py`): the same chart asked again, by any session, is not rendered
again; while the renderer is busy the panel says how many images are ahead. pages/_runtime.py
keeps each file made this way for a grace period so a busy server does not delete it before the
browser fetches it. Formats, labels and MIME types come from `wsis_data.export.FORMATS`; widget
keys are ``dl-{stem}-{ext}`` (the benches use them). Without Chromium the panel says how to
install it; the other files keep working.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages import _cache
from pages._cite import cite_this, share_url
from pages._sidebar import Selection
from wsis_data import export
from wsis_data.citation import Citation
from wsis_data.export import IMAGE_SIZES, Download, ExportMeta
from wsis_data.export.render_cache import RENDERS
from wsis_data.figures.describe import Scope, scope_of
from wsis_data.provenance import provenances_text
from wsis_data.words import counted

NO_CHROMIUM = (
    "Image export (PNG, SVG, PDF) needs Chromium on the server: install it with "
    "`apt-get install chromium`. HTML, CSV and XLSX downloads still work."
)


def download_panel(
    fig: go.Figure | None,
    frames: dict[str, pd.DataFrame],
    meta: ExportMeta,
    stem: str | None = None,
    *,
    key_prefix: str | None = None,
    extra: Sequence[Download] = (),
) -> None:
    """Buttons for a chart (PNG/SVG/PDF at a chosen size, HTML), its tables (CSV each, one XLSX)
    and `extra` files. `fig` may be None (tables only). File names and widget keys start with
    `stem`; the size choice's key with `key_prefix` (default: stem). A fragment: choosing another
    size reruns this panel only, never the page, its sidebar or its other charts."""
    stem = stem or key_prefix or "export"
    _panel(fig, frames, meta, stem, key_prefix or stem, tuple(extra))


@st.fragment
def _panel(fig, frames, meta, stem: str, key_prefix: str, extra: tuple[Download, ...]) -> None:
    files: list[Download] = []
    if fig is not None:
        files += export.chart_files(fig, meta, stem, _size(key_prefix))
    files += export.table_files(frames, meta, stem) + list(extra)
    offer_files(files)
    with st.expander("Cite this", icon=":material/format_quote:"):
        cite_this(Citation(meta, link=share_url()))


def offer_files(files: Sequence[Download], *, stacked: bool = False) -> None:
    """One deferred button per file, each as wide as its label: in a row that wraps (several per
    line at any width, also on a phone), or `stacked` one under another (a long label)."""
    row = st.container() if stacked else st.container(horizontal=True)
    for file in files:
        row.download_button(
            file.label, data=file.make, file_name=file.file_name(), mime=file.mime, key=file.key,
            on_click="ignore", icon=":material/download:", width="content",
        )  # fmt: skip


def _size(key_prefix: str) -> tuple[int, int, float] | None:
    """The image size chosen (None, with the install hint, when Chromium is missing)."""
    if not export.images_available():
        st.info(NO_CHROMIUM, icon=":material/image_not_supported:")
        return None
    left, _ = st.columns([2, 3])
    label = left.selectbox("Image size", list(IMAGE_SIZES), key=f"{key_prefix}-size")
    if busy := RENDERS.queued():  # Kaleido renders one image at a time, shared by every session
        st.caption(
            f"The image renderer is busy: {counted(busy, 'image')} being made before yours. "
            "Your click waits its turn (the button spins); the rest of the page keeps working."
        )
    return IMAGE_SIZES[label]


def scope(choice: Selection) -> Scope:
    """What the charts of the current selection count (sessions, years, synthetic), for alt text."""
    return scope_of(_cache.view(choice.dataset, choice.filters))


def export_meta(choice: Selection, title: str, extra: str = "", alt: str = "") -> ExportMeta:
    """Export metadata for a chart or table of the current selection; `alt` is the chart's alt
    text (`wsis_data.figures.describe`), written into the image files as their description."""
    ds = _cache.dataset(choice.dataset)
    provs = provenances_text(choice.filters.provenances)
    return ExportMeta(
        title=title,
        dataset=ds.info.chart_note,
        filters=choice.filters.describe(),
        provenances=provs,
        synthetic=ds.info.synthetic,
        notes=extra,
        name=export.name_detail(choice.filters, title),
        description=alt,
    )
