"""The theme the browser shows the app in, for the charts to follow (`figures.style.themed`).

`.streamlit/config.toml` has a light and a dark theme; Streamlit picks the one the browser
prefers (or the viewer's choice in the app menu) and tells the script through `st.context`.
"""

from __future__ import annotations

import streamlit as st

from wsis_data.figures import style


def active() -> str:
    """ "dark" or "light" (light until Streamlit knows)."""
    return "dark" if st.context.theme.type == "dark" else "light"


def themed(fig):
    """`fig` in the active theme, for `st.plotly_chart` only (downloads take `fig` itself)."""
    return style.themed(fig, active())
