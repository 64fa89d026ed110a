"""Every table the app shows, headed for a reader (`wsis_data.headings`), session pages as links.

Exports keep the stable column names; only the display is relabelled here.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from wsis_data.headings import headings

SESSION_LINK = st.column_config.LinkColumn("Session page", display_text="open ↗")


def show_table(frame, *, config: dict | None = None, **kwargs):
    """`st.dataframe` of `frame` with a reader's heading on every column; `config` adds to or
    overrides them (a column's own format, a progress bar). Index hidden unless asked for; a
    missing text is shown empty (Streamlit writes "None")."""
    frame = frame if isinstance(frame, pd.DataFrame) else pd.DataFrame(frame)
    text = pd.api.types.is_string_dtype
    blank = [c for c in frame.columns if c != "url" and text(frame[c])]
    if blank and frame[blank].isna().any().any():  # a missing text shows empty, not "None"
        frame = frame.copy()
        frame[blank] = frame[blank].fillna("")
    shown: dict = headings(frame)
    if "url" in frame.columns:
        shown["url"] = SESSION_LINK
    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("width", "stretch")
    return st.dataframe(frame, column_config=shown | (config or {}), **kwargs)
