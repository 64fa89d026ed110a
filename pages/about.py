"""About the data: what each dataset is, where it comes from, and its limits."""

import streamlit as st

from pages import _cache
from pages._downloads import download_panel
from pages._runtime import require_router
from pages._tables import show_table
from wsis_data import catalog
from wsis_data.errors import WsisError
from wsis_data.export import ExportMeta
from wsis_data.official import PAIR_STATUS_LABELS, official_pairs
from wsis_data.provenance import PROVENANCE_LABELS
from wsis_data.safe_text import literal

require_router()

st.title("About the data")
for key, label in catalog.dataset_labels().items():
    try:
        ds = _cache.dataset(key)
    except WsisError as exc:
        st.error(literal(f"{label} cannot be loaded: {exc}"))
        continue
    with st.container(border=True):
        st.subheader(ds.info.label)
        st.text(
            f"{len(ds.tables.sessions):,} sessions · years {min(ds.years)}–{max(ds.years)} · "
            f"{len(ds.tables.action_lines):,} Action Line tags · {len(ds.tables.sdgs):,} SDG tags"
        )
        for note in ds.info.notes:
            st.markdown(f"- {note}")

st.subheader("Where each tag comes from")
st.table({"Tag source": list(PROVENANCE_LABELS), "Meaning": list(PROVENANCE_LABELS.values())})

st.subheader("The facilitators' WSIS–SDG Matrix")
pairs = official_pairs()
st.markdown(
    f"{len(pairs)} Action Line × SDG pairs, {int(pairs['n_targets'].sum())} target-level links. "
    "Transcribed in 2017 from a public app of the UN Action Line Facilitators' matrix; ITU calls "
    "the matrix a living document, so later changes are not reflected. Pairs with a doubt are "
    "flagged below."
)

flagged = pairs[pairs["doubt"] != ""].assign(
    targets=lambda f: f["targets"].map(", ".join),
    pair_status=lambda f: f["pair_status"].map(PAIR_STATUS_LABELS),
)
show_table(flagged, config={"targets": "Official targets"})
download_panel(
    None,
    {"official-pairs": pairs.assign(targets=pairs["targets"].map(", ".join))},
    ExportMeta(
        title="WSIS–SDG Matrix of the Action Line facilitators (transcribed 2017)",
        dataset="reference data (wsis_data/data/wsis_sdg_matrix.csv)",
        filters="none",
        provenances="official",
    ),
    key_prefix="about-official",
    stem="wsis-sdg-matrix",
)
