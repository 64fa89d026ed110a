"""The interlinkages page's "official matrix, ranked" view: for an SDG the Action Lines ranked, for
an Action Line the SDGs ranked (split out of pages/interlinkages.py to keep it readable; it runs
inside the page's view fragment: picking another SDG or Action Line reruns this view only)."""

from __future__ import annotations

import streamlit as st

from pages import _cache, _clicks
from pages._downloads import download_panel, export_meta
from pages._sidebar import Selection
from pages._tables import show_table
from wsis_data import cooccurrence as cooc
from wsis_data.taxonomy import SDG_GOALS, sdg_label

URL = {"bind": "query-params"}
CODES = ["action_line", "sdg"]  # the ranked tables show labels and names instead
RANKED_COLUMNS = {
    "share": st.column_config.ProgressColumn("Share", format="percent", min_value=0, max_value=1),
    "official_link": st.column_config.CheckboxColumn("Official link"),
    "targets": "Official targets",
}


def ranked_view(choice: Selection, meta_note: str) -> None:
    """For one SDG the Action Lines ranked, and for one Action Line the SDGs ranked."""
    grid = _cache.matrix(choice.dataset, choice.filters, choice.collapse_c7, "sessions")
    codes = list(grid.counts.index)
    _clicks.forget_invalid("il_rank_al", codes)
    st.subheader("For an SDG: the Action Lines ranked")
    goal = st.selectbox("SDG", SDG_GOALS, format_func=sdg_label, key="il_rank_sdg", **URL)
    by_sdg, goal_name = cooc.ranked_for_sdg(grid, goal).drop(columns=CODES), sdg_label(goal)
    st.caption(f"Share: of the {int(grid.col_totals[goal]):,} sessions naming {goal_name}.")
    show_table(by_sdg, config=RANKED_COLUMNS)
    st.subheader("For an Action Line: the SDGs ranked")
    label = lambda c: cooc.code_label("action_line", c, choice.collapse_c7)  # noqa: E731
    al = st.selectbox("Action Line", codes, format_func=label, key="il_rank_al", **URL)
    by_al = cooc.ranked_for_action_line(grid, al).drop(columns=CODES)
    st.caption(f"Share: of the {int(grid.row_totals[al]):,} sessions naming {label(al)}.")
    show_table(by_al, config=RANKED_COLUMNS)
    st.caption(
        f"{meta_note} Ticked: a link in the facilitators' WSIS–SDG Matrix (its targets beside)."
    )
    with st.expander("Download both rankings", icon=":material/download:"):
        frames = {f"by {goal_name}": by_sdg, f"by {al}": by_al}
        meta = export_meta(choice, "The official matrix, ranked")
        download_panel(None, frames, meta, key_prefix="ranked", stem="ranked")
