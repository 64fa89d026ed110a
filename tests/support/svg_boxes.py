"""Measure the text of an SVG in Chromium: every text element's box, in page coordinates.

`text_boxes(page, svg)` opens the SVG (the only content of the page) and returns the page size
and one dict per non-empty ``<text>``: its text, box (x, y, width, height), the classes of its
groups (a heatmap cell label is a documented exception: drawn inside its cell) and whether a
legend or a clip path cuts it (a scrolled legend, a label at the plot's edge).
`problems(measured)` lists the boxes outside the page and the pairs that overlap.
"""

from __future__ import annotations

from itertools import combinations

__all__ = ["problems", "text_boxes"]

_MEASURE = r"""() => {
  const out = [];
  for (const t of document.querySelectorAll('svg text')) {
    const lines = Array.from(t.querySelectorAll('tspan.line'));
    const s = (lines.length ? lines.map(x => x.textContent).join(' ') : t.textContent || '').trim();
    if (!s) continue;
    const style = getComputedStyle(t);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    if (style.opacity === '0') continue;
    const r = t.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const legend = t.closest('g.legend');
    let clipped = false;
    if (legend && legend.querySelector('rect.bg')) {
      const bg = legend.querySelector('rect.bg').getBoundingClientRect();
      clipped = r.y < bg.y - 1 || r.y + r.height > bg.y + bg.height + 1
        || r.x < bg.x - 1 || r.x + r.width > bg.x + bg.width + 1;
    }
    for (let p = t.parentElement; p && !clipped; p = p.parentElement) {
      const ref = p.getAttribute && p.getAttribute('clip-path');
      const id = ref && ref.match(/url\(["']?#([^"')]+)/);
      const clip = id && document.getElementById(id[1]);
      if (clip && clip.querySelector('rect') && p.getScreenCTM) {
        const k = clip.querySelector('rect'), m = p.getScreenCTM();
        const a = new DOMPoint(k.x.baseVal.value, k.y.baseVal.value).matrixTransform(m);
        const b = new DOMPoint(k.x.baseVal.value + k.width.baseVal.value,
                               k.y.baseVal.value + k.height.baseVal.value).matrixTransform(m);
        clipped = r.x < Math.min(a.x, b.x) - 1 || r.x + r.width > Math.max(a.x, b.x) + 1
          || r.y < Math.min(a.y, b.y) - 1 || r.y + r.height > Math.max(a.y, b.y) + 1;
      }
    }
    const layers = [];
    for (let p = t.parentElement; p && p.tagName !== 'svg'; p = p.parentElement) {
      layers.push(p.getAttribute('class') || '');
    }
    out.push({text: s, x: r.x, y: r.y, w: r.width, h: r.height, layers: layers.join(' '), clipped});
  }
  const r = document.querySelector('svg').getBoundingClientRect();
  return {width: r.width, height: r.height, boxes: out};
}"""


def text_boxes(page, svg: bytes) -> dict:
    """Open `svg` in `page` at its own size: {"width", "height", "boxes": one per text}."""
    page.set_content(
        "<html><body style='margin:0'>" + svg.decode("utf-8") + "</body></html>",
        wait_until="load",
    )
    page.wait_for_function("document.fonts.status === 'loaded'")
    return page.evaluate(_MEASURE)


def _in_cells(box: dict) -> bool:
    """A heatmap cell label (drawn inside its cell, never beside other text by design)."""
    return "heatmaplayer" in box["layers"]


def problems(measured: dict, slack: float = 1.0) -> list[str]:
    """What is wrong: a text outside the page, or two texts over each other."""
    boxes, width, height = measured["boxes"], measured["width"], measured["height"]
    found = []
    for b in boxes:
        inside = min(b["x"], b["y"]) >= -slack and b["x"] + b["w"] <= width + slack
        if not inside or b["y"] + b["h"] > height + slack or b["clipped"]:
            found.append(f"outside the page, or cut: {b['text']!r} at {b}")
    free = [b for b in boxes if not _in_cells(b)]
    for a, b in combinations(free, 2):
        dx = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
        dy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
        # Font boxes include line spacing: a touch of 2 px between neighbours is not an overlap.
        if dx > 2 and dy > 2:
            found.append(f"overlap: {a['text']!r} and {b['text']!r}")
    return found
