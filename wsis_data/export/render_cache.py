"""Rendered images kept per process, keyed by what they show, and the renderer's queue.

Kaleido renders one image at a time (`export.images` holds one browser). `RENDERS`, shared by
every session of the process, keeps the last images made (bounded by count and bytes, least
recently used first out), so the same chart asked twice — by one user or by fifty — is rendered
once. The key (`image_key`) is what the image shows: the figure's JSON, the export's title,
dataset, filters, tags counted and notes, format, size and scale; not the time it was made (a
cached image keeps the "Generated" time it was made at, which stays true). The key is computed
when an image is asked for, never on a page rerun.

Requests for an image being rendered wait for that render instead of starting another one;
`queued()` says how many renders are running or waiting, for the page to show while it is busy.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go

from wsis_data.export.meta import ExportMeta

__all__ = ["RENDERS", "RenderCache", "image_key"]

#: Images kept per process, and their total size (a 2400 px PNG of the heatmap is ~0.3 MB).
MAX_ENTRIES = 128
MAX_BYTES = 64 * 1024 * 1024


def image_key(fig: go.Figure, meta: ExportMeta, opts: dict[str, Any]) -> str:
    """What an image shows, as a digest: figure, export text but its time, format and size."""
    stamp = {f.name: getattr(meta, f.name) for f in dataclasses.fields(meta)}
    stamp.pop("generated_at", None)
    head = json.dumps([stamp, opts], sort_keys=True, default=str).encode()
    return hashlib.sha256(head + b"\0" + fig.to_json().encode()).hexdigest()


class RenderCache:
    """A bounded, thread-safe LRU of rendered bytes with one render per key at a time."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._running: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self.renders = 0  # renders actually made (tests and benches count them)
        self.hits = 0

    def get(self, key: str, render: Callable[[], bytes]) -> bytes:
        """The bytes kept for `key`, else `render()`'s (kept); a render of `key` already running
        is waited for. A failed render is not kept and raises (a waiter then tries itself)."""
        while True:
            with self._lock:
                if (data := self._items.get(key)) is not None:
                    self._items.move_to_end(key)
                    self.hits += 1
                    return data
                running = self._running.get(key)
                if running is None:
                    mine = self._running[key] = threading.Event()
            if running is None:
                break
            running.wait()
        try:
            data = render()
            with self._lock:
                self.renders += 1
                self._keep(key, data)
            return data
        finally:
            with self._lock:
                self._running.pop(key, None)
            mine.set()

    def _keep(self, key: str, data: bytes) -> None:
        """Keep `data` (lock held), dropping the least recently used beyond the bounds."""
        if len(data) > self.max_bytes:
            return
        self._items[key] = data
        self._items.move_to_end(key)
        while len(self._items) > self.max_entries or self.nbytes() > self.max_bytes:
            self._items.popitem(last=False)

    def nbytes(self) -> int:
        """Bytes of the images kept."""
        return sum(len(v) for v in self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def queued(self) -> int:
        """Images being rendered or waiting for the renderer (distinct keys)."""
        with self._lock:
            return len(self._running)

    def clear(self) -> None:
        """Forget every image kept."""
        with self._lock:
            self._items.clear()


#: The process's one cache of rendered images (PNG, SVG, PDF).
RENDERS = RenderCache()
