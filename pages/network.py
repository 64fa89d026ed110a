"""Network: which organisations organise sessions together, and on which Action Lines and SDGs."""

import streamlit as st

from pages import _cache, _clicks
from pages._downloads import download_panel, export_meta
from pages._runtime import require_router
from pages._sidebar import selection, summary_line
from wsis_data import figures
from wsis_data.errors import WsisError
from wsis_data.export.graphs import bipartite_files, network_files, tag_table
from wsis_data.figures import network as network_figures
from wsis_data.network import (
    BIPARTITE_KINDS,
    NORMALISATIONS,
    NetworkSettings,
    nodes_frame,
    partners,
)
from wsis_data.safe_text import literal

require_router()

# 1/ choose
choice = selection()
ds = _cache.dataset(choice.dataset)
st.title("Organisation network")
with st.expander("Network settings", icon=":material/tune:"):
    a, b, c = st.columns(3)
    norm = a.selectbox(
        "Link strength", list(NORMALISATIONS), format_func=NORMALISATIONS.get,
        key="net_norm", bind="query-params",
        help="Association strength divides shared sessions by what the organisations' total "
        "links would give by chance (VOSviewer's default); Jaccard by their combined sessions.",
    )  # fmt: skip
    colour_by = a.radio(
        "Colour by", list(network_figures.COLOUR_BY), format_func=network_figures.COLOUR_BY.get,
        key="net_colour", bind="query-params", horizontal=True,
    )  # fmt: skip
    min_sessions = b.number_input(
        "Minimum sessions per organisation", 1, 10_000, 1, key="net_min", bind="query-params"
    )
    min_weight = b.number_input(
        "Minimum shared sessions per link", 1, 10_000, 1, key="net_link", bind="query-params"
    )
    top_n = c.number_input(
        "Organisations shown (most sessions first; 0 = all)", 0, 100_000, 200,
        step=50, key="net_top", bind="query-params",
    )  # fmt: skip
    max_edges = c.number_input(
        "Maximum links (strongest first; 0 = all)", 0, 1_000_000, 1_000,
        step=250, key="net_edges", bind="query-params",
    )  # fmt: skip
    resolution = a.slider(
        "Community resolution", 0.1, 3.0, 1.0, 0.1, key="net_res", bind="query-params",
        help="Higher values give more, smaller communities (Louvain, seed 42).",
    )  # fmt: skip
    min_community = b.number_input(
        "Minimum community size", 1, 1_000, 1, key="net_comm", bind="query-params",
        help="Smaller communities join the community they are most linked to.",
    )  # fmt: skip

# 2/ get
try:
    settings = NetworkSettings(
        norm, int(min_sessions), int(min_weight), int(top_n), int(max_edges),
        float(resolution), int(min_community),
    )  # fmt: skip
    net = _cache.network(choice.dataset, choice.filters, settings)
    fig = _cache.network_chart(choice.dataset, choice.filters, settings, colour_by)
except WsisError as exc:
    st.error(literal(exc))
    st.stop()

# 3/ render
st.caption(f"{summary_line(choice)} · {settings.describe()}")
m = st.columns(4)
m[0].metric(
    "Organisations shown", f"{len(net.nodes):,}",
    help=f"{net.n_organisations:,} organisations organised the sessions selected.",
)  # fmt: skip
m[1].metric(
    "Links shown", f"{len(net.edges):,}",
    help=f"{net.n_links:,} links among the organisations shown, before the link thresholds.",
)  # fmt: skip
m[2].metric("Communities", len(net.communities))
m[3].metric("Modularity Q", f"{net.modularity:.3f}")
if net.nodes.empty:
    st.info("No organisation in this selection. Widen the filters or lower the thresholds.")
    st.stop()


def graph_and_profile() -> None:
    """The network chart; a clicked or picked organisation's profile below it."""
    event = st.plotly_chart(
        fig, on_select="rerun", selection_mode="points", key="net_chart", width="stretch"
    )
    _clicks.follow_click(event, "net_chart", {"net_org": lambda point: point[0]})
    org = st.selectbox(
        "Organisation profile (click a node or type a name)", list(net.nodes.index), index=None,
        key="net_org", bind="query-params", placeholder="Pick an organisation",
    )  # fmt: skip
    if not org:
        return
    sessions, grid, years = _cache.organisation_profile(
        choice.dataset, choice.filters, org, choice.collapse_c7
    )
    st.subheader(f"{literal(org)}: {len(sessions)} sessions")
    st.caption(
        "Other sidebar filters apply; the organiser filter is replaced by this organisation. "
        + ds.info.chart_note
    )
    left, right = st.columns([3, 2])
    left.plotly_chart(
        figures.heatmap(grid, note=ds.info.chart_note, height=120 + 22 * len(grid.counts)),
        key="net_org_heatmap",
    )
    right.plotly_chart(network_figures.years_bar(years, org, note=ds.info.chart_note))
    right.markdown("**Partners in this network**")
    partner_table = partners(net, org)
    right.dataframe(partner_table, hide_index=True, width="stretch")
    st.dataframe(
        sessions, hide_index=True, width="stretch",
        column_config={"url": st.column_config.LinkColumn("Session page")},
    )  # fmt: skip
    meta = export_meta(choice, f"Organisation profile: {org}")
    frames = {"sessions": sessions, "partners": partner_table}
    download_panel(None, frames, meta, key_prefix="net_profile", stem="organisation-profile")


def centrality_table() -> None:
    """Sortable centrality table."""
    table = _cache.network_centrality(choice.dataset, choice.filters, settings)
    st.dataframe(table, hide_index=True, width="stretch")
    meta = export_meta(choice, "Organisation centrality", settings.describe())
    download_panel(None, {"centrality": table}, meta, key_prefix="net_centrality")
    st.caption(
        "Degree: partners shown; link strength: shared sessions with them; weighted degree: "
        "sum of the normalised link weights. Eigenvector centrality is computed on the largest "
        f"connected part only (empty elsewhere). Betweenness: {table.attrs['betweenness']}."
    )


def organisation_tags() -> None:
    """Organisations × Action Lines or SDGs."""
    kind = st.radio(
        "Columns", list(BIPARTITE_KINDS), format_func=BIPARTITE_KINDS.get,
        horizontal=True, key="net_tags", bind="query-params",
    )  # fmt: skip
    counts = _cache.organisation_tags(choice.dataset, choice.filters, kind, 40)
    st.plotly_chart(network_figures.bipartite_heatmap(counts, kind, note=ds.info.chart_note))
    st.caption(
        "The 40 organisations with most sessions in the selection (network thresholds do not "
        "apply); each cell counts distinct sessions, C7 sub-lines under C7."
    )
    stem, meta = (
        f"organisations-by-{kind.replace('_', '-')}-{choice.dataset}",
        export_meta(choice, f"Organisations × {kind}"),
    )
    extra = bipartite_files(counts, kind, meta, stem)
    download_panel(None, {"Table": tag_table(counts, kind)}, meta, stem, extra=extra)


def downloads() -> None:
    """Graph, tables and chart files; each is made only when its button is clicked."""
    stem, meta = (
        f"network-{choice.dataset}",
        export_meta(choice, "WSIS organisation network", settings.describe()),
    )
    frames = {"Nodes": nodes_frame(net), "Links": net.edges}
    download_panel(fig, frames, meta, stem, key_prefix="net", extra=network_files(net, stem))


# Only the open tab runs (the tab is kept in the URL): centrality can take seconds on big graphs.
tabs = st.tabs(
    ["Network", "Centrality", "Who works on what", "Download"],
    key="net_tab", on_change="rerun", bind="query-params",
)  # fmt: skip

renders = (graph_and_profile, centrality_table, organisation_tags, downloads)
for tab, render in zip(tabs, renders, strict=True):
    if tab.open:
        with tab:
            render()
