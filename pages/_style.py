"""The page style the theme cannot say: one stylesheet, phone rules only (`phone_layout`).

Streamlit does not tell the server how wide the browser is, so what a phone needs is said in
CSS, under one media query, and the figures stay the same for every width:

- Heatmap page: the cell numbers are hidden (they would overlap in cells a few pixels wide) and
  the official-link outlines drawn thin and small (at full size they merge into red bands).
- Organisation network: only the largest few organisation labels, and no community labels
  (bold, long; told apart by their font size): they are placed for a 1000 px wide chart and
  would pile up. The chosen organisation's name stays.

Streamlit's columns already stack under 640 px; the download panel wraps its buttons itself
(pages/_downloads.py). Pinned by tests/test_phone_browser.py.
"""

from __future__ import annotations

import streamlit as st

from wsis_data.figures.network import COMMUNITY_FONT

#: The width under which the phone rules apply (Streamlit stacks its columns there too).
PHONE_MAX_PX = 640
#: Labels kept per label trace of the network chart on a phone.
PHONE_NETWORK_LABELS = 4

PHONE_CSS = f"""
@media (max-width: {PHONE_MAX_PX}px) {{
  .st-key-heatmap .heatmaplayer .heatmap-label {{ display: none; }}
  .st-key-heatmap .scatterlayer path.point {{
    stroke-width: 1px !important;
    d: path("M3.5,3.5H-3.5V-3.5H3.5Z");
  }}
  .st-key-net_chart .scatterlayer .textpoint:nth-child(n+{PHONE_NETWORK_LABELS + 1}),
  .st-key-net_chart .scatterlayer .textpoint:has(text[style*="font-size: {COMMUNITY_FONT}px"]) {{
    display: none;
  }}
}}
"""


def phone_layout() -> None:
    """Add the phone stylesheet to the page (once per run; no space taken, no record text)."""
    st.html(f"<style>{PHONE_CSS}</style>")
