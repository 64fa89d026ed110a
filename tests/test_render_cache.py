"""Rendered images kept per process (`wsis_data/export/render_cache.py`): the same chart asked
twice is rendered once by real Kaleido (renders counted), another size, format, title or filter
is rendered anew, concurrent asks for one image share one render, and the cache stays bounded."""

from __future__ import annotations

import threading

import plotly.graph_objects as go
import pytest

from wsis_data import export
from wsis_data.export import ExportMeta
from wsis_data.export.render_cache import RENDERS, RenderCache, image_key

pytestmark = pytest.mark.skipif(not export.images_available(), reason="needs Chromium")


def _fig(z=((1, 2), (3, 4))) -> go.Figure:
    return go.Figure(go.Heatmap(z=[list(r) for r in z]))


def _meta(**changes) -> ExportMeta:
    base = {"title": "Heatmap", "dataset": "Sample", "filters": "none", "provenances": "declared"}
    return ExportMeta(**(base | changes))


def test_the_same_image_asked_twice_is_rendered_once():
    RENDERS.clear()
    before = RENDERS.renders
    first = export.image_bytes(_fig(), "png", _meta(), width=400, height=300, scale=1)
    assert first.startswith(b"\x89PNG") and RENDERS.renders == before + 1
    later = _meta(generated_at="2030-01-01T00:00:00Z")  # asked later by another session
    again = export.image_bytes(_fig(), "png", later, width=400, height=300, scale=1)
    assert again == first and RENDERS.renders == before + 1  # served without rendering
    for other in (
        lambda: export.image_bytes(_fig(), "png", _meta(), width=500, height=300, scale=1),
        lambda: export.image_bytes(_fig(), "svg", _meta(), width=400, height=300, scale=1),
        lambda: export.image_bytes(_fig(), "png", _meta(filters="SDG 4"), width=400, height=300),
        lambda: export.image_bytes(_fig(((9, 2), (3, 4))), "png", _meta(), width=400, height=300),
    ):
        count = RENDERS.renders
        other()
        assert RENDERS.renders == count + 1  # what the image shows changed: rendered


def test_concurrent_asks_share_one_render_and_the_cache_is_bounded():
    cache = RenderCache(max_entries=3, max_bytes=10_000)
    started, release = threading.Event(), threading.Event()

    def slow() -> bytes:  # a real render's stand-in that holds the renderer until released
        started.set()
        release.wait(30)
        return b"x" * 100

    results: list[bytes] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("k", slow)))
               for _ in range(5)]  # fmt: skip
    threads[0].start()
    started.wait(30)
    for t in threads[1:]:
        t.start()
    assert cache.queued() == 1  # one render running, the others wait for it
    release.set()
    for t in threads:
        t.join(30)
    assert results == [b"x" * 100] * 5 and cache.renders == 1 and cache.queued() == 0
    for n in range(10):
        cache.get(f"k{n}", lambda: b"y" * 3000)
    assert len(cache) <= 3 and cache.nbytes() <= 10_000
    cache.get("huge", lambda: b"z" * 20_000)  # larger than the whole budget: not kept
    assert "huge" not in cache._items and cache.nbytes() <= 10_000


def test_the_key_is_what_the_image_shows():
    opts = {"format": "png", "width": 400, "height": 300, "scale": 1}
    key = image_key(_fig(), _meta(), opts)
    assert key == image_key(_fig(), _meta(generated_at="2001-01-01T00:00:00Z"), opts)
    assert key != image_key(_fig(), _meta(title="Other"), opts)
    assert key != image_key(_fig(), _meta(), opts | {"scale": 2})
