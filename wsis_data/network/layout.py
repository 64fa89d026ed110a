"""Positions of a network's nodes: a seeded, vectorised force-directed layout, cached by content."""

from __future__ import annotations

import hashlib
import math
import threading
from collections import OrderedDict

import numpy as np
import pandas as pd

from wsis_data.network.model import Network

_LAYOUTS: OrderedDict[str, dict[str, tuple[float, float]]] = OrderedDict()
_LAYOUT_CACHE_SIZE = 32
_LAYOUT_LOCK = threading.Lock()  # Streamlit serves sessions from several threads


def clear_layouts() -> None:
    """Forget every cached layout (benchmarks time a cold layout with it)."""
    with _LAYOUT_LOCK:
        _LAYOUTS.clear()


def graph_key(network: Network) -> str:
    """A digest of a network's content (sorted nodes, links and weights) and its layout seed."""
    digest = hashlib.sha1(f"seed={network.settings.seed};".encode())
    digest.update(pd.util.hash_pandas_object(network.nodes.index.sort_values(), index=False).values)
    edges = network.edges[["source", "target", "weight"]]
    digest.update(pd.util.hash_pandas_object(edges.round(12), index=False).values)
    return digest.hexdigest()


def layout(network: Network) -> dict[str, tuple[float, float]]:
    """Seeded force-directed positions (see `force_layout`), cached by network content."""
    key = graph_key(network)
    with _LAYOUT_LOCK:
        if key in _LAYOUTS:
            _LAYOUTS.move_to_end(key)
            return _LAYOUTS[key]
    names = np.sort(network.nodes.index.to_numpy(str))
    index = pd.Index(names)
    edges = network.edges
    top = float(edges["weight"].max()) if len(edges) else 1.0
    coords = force_layout(
        len(names),
        index.get_indexer(edges["source"]),
        index.get_indexer(edges["target"]),
        edges["weight"].to_numpy(float) / (top or 1.0),
        seed=network.settings.seed,
    )
    positions = {
        name: (float(x), float(y)) for name, (x, y) in zip(names.tolist(), coords, strict=True)
    }
    with _LAYOUT_LOCK:
        _LAYOUTS[key] = positions
        while len(_LAYOUTS) > _LAYOUT_CACHE_SIZE:
            _LAYOUTS.popitem(last=False)
    return positions


def force_layout(
    n: int,
    source: np.ndarray,
    target: np.ndarray,
    weight: np.ndarray,
    *,
    seed: int,
    iterations: int = 50,
    samples: int = 128,
    exact_max: int = 1_000,
) -> np.ndarray:
    """Fruchterman–Reingold positions (n × 2, in [-1, 1]) with a seeded random start.

    The same forces as `networkx.spring_layout` (repulsion k²/d, attraction w·d²/k, linear
    cooling), vectorised. Up to ``exact_max`` nodes repulsion is exact; above, each iteration
    estimates it from ``samples`` seeded random nodes (scaled up), so a 5,000-node graph takes
    about a second instead of minutes. A weak pull to the centre keeps components together.
    """
    rng = np.random.default_rng(seed)
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    pos = rng.random((n, 2))
    k = math.sqrt(1.0 / n)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = _repulsion(pos, k, rng, samples if n > exact_max else 0)
        delta = pos[source] - pos[target]
        dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 0.01)
        pull = delta * (weight * dist / k)[:, None]
        for axis in (0, 1):
            disp[:, axis] -= np.bincount(source, pull[:, axis], n)
            disp[:, axis] += np.bincount(target, pull[:, axis], n)
        disp -= 0.1 * k * (pos - pos.mean(axis=0)) * math.sqrt(n)
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 0.01)
        pos += disp * (temperature / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    scale = np.abs(pos).max()
    return pos / scale if scale > 0 else pos


def _repulsion(pos: np.ndarray, k: float, rng: np.random.Generator, samples: int) -> np.ndarray:
    """Sum over other nodes of delta · k² / d² (exact, or estimated from a seeded sample)."""
    n = len(pos)
    if samples:
        others = pos[rng.choice(n, size=samples, replace=False)]
        factor = (n - 1) / samples
    else:
        others, factor = pos, 1.0
    disp = np.empty_like(pos)
    ox, oy = others[:, 0], others[:, 1]
    for start in range(0, n, 1024):
        bx, by = pos[start : start + 1024, 0:1], pos[start : start + 1024, 1:2]
        dx, dy = bx - ox, by - oy
        force = (k * k * factor) / np.maximum(dx * dx + dy * dy, 1e-4)
        disp[start : start + 1024, 0] = (dx * force).sum(axis=1)
        disp[start : start + 1024, 1] = (dy * force).sum(axis=1)
    return disp
