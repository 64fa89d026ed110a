"""The shared page modules: the sidebar's FIELDS table, the Streamlit internals _runtime patches
(pinned: an upgrade that changes them fails here first), and the download registry."""

from __future__ import annotations

import dataclasses
import inspect

import pandas as pd
import plotly.graph_objects as go
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.pages_manager import PagesManager

from pages import _runtime, _sidebar
from wsis_data import export
from wsis_data.filters import Filters


def test_the_fields_table_covers_every_filter_once() -> None:
    targets = [row.target for row in _sidebar.FIELDS]
    assert sorted(t for t in targets if t != "collapse_c7") == sorted(
        f.name for f in dataclasses.fields(Filters)
    )
    keys = [row.key for row in _sidebar.FIELDS]
    assert len(set(keys)) == len(keys) and _sidebar.DATASET_KEY not in keys
    assert (_sidebar.DATASET_KEY, *keys) == _sidebar.URL_KEYS


def test_the_streamlit_internals_runtime_patches_exist() -> None:
    """require_router flips PagesManager.uses_pages_directory; keep_deferred_downloads wraps
    MediaFileManager.execute_deferred and _get_inactive_file_ids and takes its _lock."""
    assert hasattr(PagesManager, "uses_pages_directory")
    assert list(inspect.signature(MediaFileManager.execute_deferred).parameters) == [
        "self",
        "file_id",
    ]
    assert list(inspect.signature(MediaFileManager._get_inactive_file_ids).parameters) == ["self"]
    source = inspect.getsource(MediaFileManager)
    assert "self._lock" in source and "_get_inactive_file_ids()" in source
    assert _runtime.GRACE_SECONDS >= 60


def test_every_download_format_has_a_label_and_a_mime_type() -> None:
    assert set(export.IMAGE_FORMATS) == {"png", "svg", "pdf"}
    for ext, fmt in export.FORMATS.items():
        assert fmt.label and "/" in fmt.mime, ext
    assert export.mime("xlsx").endswith("spreadsheetml.sheet")


def test_chart_and_table_files_are_lazy_and_keyed_by_stem() -> None:
    fig = go.Figure(go.Bar(x=[1], y=[2]))
    meta = export.ExportMeta("t", "d", "none", "page")
    frame = pd.DataFrame({"a": [1]}, index=pd.Index(["x"], name="row"))
    files = export.chart_files(fig, meta, "chart", None) + export.table_files(
        {"m": frame}, meta, "chart"
    )
    assert [f.key for f in files] == ["dl-chart-html", "dl-chart-m-csv", "dl-chart-xlsx"]
    assert [f.label for f in files] == ["HTML (interactive)", "m CSV", "XLSX (+ metadata)"]
    assert files[1].make().decode().splitlines()[0] == "row,a"  # the index became a column
    sized = export.chart_files(fig, meta, "chart", export.IMAGE_SIZES["Small (800 × 600, 1×)"])
    assert [f.ext for f in sized] == ["png", "svg", "pdf", "html"]
    assert sized[0].file_name().startswith("wsis-chart-") and sized[0].mime == "image/png"
