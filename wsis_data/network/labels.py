"""Which labels to show on the network chart: largest first, none overlapping another.

A label is a box of text centred above its node: about 0.58 em per character wide and 1.25 em
high at the chart's font size, in pixels of a plot area whose scale (pixels per layout unit) is
the same on both axes (the chart locks the aspect ratio). Boxes already placed (community
labels, say) are passed in as ``taken``; a candidate overlapping any placed box is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CHAR_WIDTH_EM = 0.58
LINE_HEIGHT_EM = 1.25


@dataclass(frozen=True)
class Canvas:
    """The plot area: the layout range shown on each axis and its size in pixels."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    width: int = 1000
    height: int = 600

    @property
    def scale(self) -> float:
        """Pixels per layout unit (equal on both axes)."""
        dx = max(self.x_range[1] - self.x_range[0], 1e-9)
        dy = max(self.y_range[1] - self.y_range[0], 1e-9)
        return min(self.width / dx, self.height / dy)


def label_boxes(
    texts: list[str], xy: np.ndarray, radius_px: np.ndarray, font: float, canvas: Canvas
) -> np.ndarray:
    """(x0, y0, x1, y1) in pixels of each text centred above its node (y up)."""
    scale = canvas.scale
    px = np.asarray(xy, float).reshape(-1, 2) * scale
    width = np.array([len(t) for t in texts], float) * CHAR_WIDTH_EM * font
    bottom = px[:, 1] + np.asarray(radius_px, float)
    return np.column_stack(
        [px[:, 0] - width / 2, bottom, px[:, 0] + width / 2, bottom + LINE_HEIGHT_EM * font]
    )


def place_labels(
    boxes: np.ndarray,
    limit: int,
    *,
    inside: np.ndarray | None = None,
    taken: np.ndarray | None = None,
) -> list[int]:
    """Greedy placement: indices (in priority order) of at most ``limit`` boxes, each
    overlapping no box placed before it nor any of ``taken``; ``inside`` marks the candidates
    visible on the canvas (others are skipped).

    >>> place_labels(np.array([[0, 0, 10, 5], [5, 2, 15, 7], [20, 0, 30, 5]]), 3)
    [0, 2]
    """
    placed = np.zeros((0, 4)) if taken is None else np.asarray(taken, float).reshape(-1, 4)
    chosen: list[int] = []
    for i, box in enumerate(np.asarray(boxes, float)):
        if len(chosen) >= limit:
            break
        if inside is not None and not inside[i]:
            continue
        if len(placed):
            overlap = (
                (placed[:, 0] < box[2])
                & (box[0] < placed[:, 2])
                & (placed[:, 1] < box[3])
                & (box[1] < placed[:, 3])
            )
            if overlap.any():
                continue
        chosen.append(i)
        placed = np.vstack([placed, box])
    return chosen


def visible(xy: np.ndarray, canvas: Canvas) -> np.ndarray:
    """Which points lie inside the canvas's ranges."""
    xy = np.asarray(xy, float).reshape(-1, 2)
    (x0, x1), (y0, y1) = canvas.x_range, canvas.y_range
    return (xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)
