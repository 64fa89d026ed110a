"""Network: which organisations organise sessions together, and on which Action Lines and SDGs."""

import streamlit as st

from pages import _cache, _clicks, _theme
from pages import _network_panels as panels
from pages._downloads import scope
from pages._runtime import require_router
from pages._sidebar import selection, summary_line
from wsis_data.errors import WsisError
from wsis_data.figures import describe
from wsis_data.figures import network as network_figures
from wsis_data.network import NORMALISATIONS, OVERLAYS, SETTING_FIELDS, NetworkSettings
from wsis_data.safe_text import literal
from wsis_data.words import counted

require_router()

# 1/ choose: the sidebar's selection; the network's settings, its tabs and each tab's options
# rerun in fragments (never the sidebar)
choice = selection()
st.title("Organisation network")


@st.fragment
def network_view(choice) -> None:
    """Settings, figures and the open tab: a network setting reruns this, not the sidebar."""
    with st.expander("Network settings", icon=":material/tune:"):
        a, b, c = st.columns(3)
        norm = a.selectbox(
            "Link strength", list(NORMALISATIONS), format_func=NORMALISATIONS.get,
            key="net_norm", bind="query-params",
            help="Association strength divides shared sessions by what the organisations' total "
            "links would give by chance (VOSviewer's default); Jaccard by their combined sessions.",
        )  # fmt: skip
        resolution = a.slider(
            "Community resolution", 0.1, 3.0, 1.0, 0.1, key="net_res", bind="query-params",
            help="Higher values give more, smaller communities (Leiden, seed 42).",
        )  # fmt: skip
        numbers = {
            f.name: int(col.number_input(
                f.label, f.low, f.high, getattr(NetworkSettings, f.name), f.step, key=f.key,
                bind="query-params", help=f.help or None))
            for f, col in zip(SETTING_FIELDS, (b, b, c, c, b), strict=True)
        }  # fmt: skip
        colour_by = a.selectbox(
            "Colour by", list(network_figures.COLOUR_BY), format_func=network_figures.COLOUR_BY.get,
            key="net_colour", bind="query-params",
            help="Overlay scores use a colour-blind-safe scale (Viridis). The share counts the "
            "Action Lines and SDGs chosen in the sidebar against all of an organisation's "
            "sessions.",
        )  # fmt: skip
        span = (None, None)
        if colour_by == "share" and not (choice.filters.action_lines or choice.filters.sdgs):
            st.info("Choose Action Lines or SDGs in the sidebar: until then every share is 100%.")
        if colour_by in OVERLAYS:
            span = (
                b.number_input("Colour scale minimum (empty: data minimum)", value=None,
                               key="net_cmin", bind="query-params"),
                c.number_input("Colour scale maximum (empty: data maximum)", value=None,
                               key="net_cmax", bind="query-params"),
            )  # fmt: skip
        labels = c.number_input(
            "Labels shown (largest first, never overlapping)", 0, 500, 20, 5,
            key="net_labels", bind="query-params",
        )  # fmt: skip

    # 2/ get
    try:
        settings = NetworkSettings(norm, resolution=float(resolution), **numbers)
        net = _cache.network(choice.dataset, choice.filters, settings)
    except WsisError as exc:
        st.error(literal(exc))
        return

    # 3/ render
    st.caption(f"{summary_line(choice)} · {settings.describe()}")
    m = st.columns(4)
    m[0].metric(
        "Organisations shown", f"{len(net.nodes):,}",
        help=f"{counted(net.n_organisations, 'organisation')} organised the sessions selected.",
    )  # fmt: skip
    m[1].metric(
        "Links shown", f"{len(net.edges):,}",
        help=f"{counted(net.n_links, 'link')} among those shown, before the link thresholds.",
    )  # fmt: skip
    m[2].metric("Communities", len(net.communities))
    m[3].metric("Modularity Q", f"{net.modularity:.3f}", help="Of the Leiden partition (seeded).")
    if net.nodes.empty:
        st.info("No organisation in this selection. Widen the filters or lower the thresholds.")
        return

    # Only the open tab runs (kept in the URL): centrality can take seconds on big graphs.
    tabs = st.tabs(
        ["Network", "Through time", "Centrality", "Who works on what", "Download"],
        key="net_tab", on_change="rerun", bind="query-params",
    )  # fmt: skip

    look = (colour_by, span, None, 1, int(labels))
    renders = (
        lambda: graph(choice, net, settings, look),
        lambda: panels.through_time(choice, net, settings),
        lambda: panels.centrality_table(choice, settings),
        lambda: panels.organisation_tags(choice),
        lambda: panels.downloads(choice, net, settings, look),
    )
    for tab, render in zip(tabs, renders, strict=True):
        if tab.open:
            with tab:
                render()


@st.fragment
def graph(choice, net, settings: NetworkSettings, look: tuple) -> None:
    """Search or click an organisation: the chart focuses on it, its profile shows below (a
    fragment: focus and neighbourhood rerun this tab only)."""
    event = st.session_state.get("net_chart")  # a click reruns: focus before drawing
    _clicks.follow_click(event, "net_chart", {"net_org": lambda point: point[0]})
    _clicks.forget_invalid("net_org", list(net.nodes.index))
    left, right = st.columns([3, 1])
    org = left.selectbox(
        "Focus on an organisation (click a node or type a name)", list(net.nodes.index),
        index=None, key="net_org", bind="query-params", placeholder="Search organisations",
    )  # fmt: skip
    steps = right.radio(
        "Neighbourhood", [1, 2], format_func=lambda k: f"{k}-step",
        key="net_steps", bind="query-params", horizontal=True,
    )  # fmt: skip
    look = (*look[:2], org, int(steps), look[4])
    fig = _cache.network_chart(choice.dataset, choice.filters, settings, look, _theme.active())
    alt = describe.network(net, scope(choice), focus=org)
    st.plotly_chart(
        fig, on_select="rerun", selection_mode="points", key="net_chart", width="stretch", alt=alt
    )
    if org:
        panels.profile(choice, net, org)


network_view(choice)
