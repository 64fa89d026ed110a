"""The floor for bench_heatmap: a bare Streamlit page with the same year slider and one go.Heatmap
of the same size (11 Action Lines × 17 SDGs), counts summed from per-year grids computed once.

Run by bench/bench_heatmap.py with `streamlit run bench/floor_heatmap.py`.
"""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from wsis_data import catalog
from wsis_data.dataset import COLLAPSE_INDEX


@st.cache_resource
def per_year() -> tuple[np.ndarray, int]:
    """Cell counts of (session, Action Line, SDG) links per year, and the first year."""
    pairs = catalog.load_dataset("synthetic").tables.pairs
    first = int(pairs.year.min())
    cell = COLLAPSE_INDEX[pairs.action_line].astype(np.intp) * 17 + pairs.sdg - 1
    index = (pairs.year - first).astype(np.intp) * 187 + cell
    grids = np.bincount(index, minlength=(int(pairs.year.max()) - first + 1) * 187)
    return grids.reshape(-1, 11, 17), first


grids, first = per_year()
last = first + len(grids) - 1
lo, hi = st.sidebar.slider("Years", first, last, value=(first, last), key="years")
z = grids[lo - first : hi - first + 1].sum(axis=0)
st.plotly_chart(go.Figure(go.Heatmap(z=z)), key="heatmap")
