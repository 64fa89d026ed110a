"""The network page's panels below and beside the chart (profile, centrality, tags, downloads).

Thin UI like the page itself (choose → get → render): every value comes from `pages._cache` or
`wsis_data`; split out only to keep `pages/network.py` readable.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from pages import _cache, _clicks, _theme
from pages._downloads import download_panel, export_meta, scope
from pages._sidebar import Selection
from pages._tables import show_table
from wsis_data import figures
from wsis_data.export.graphs import bipartite_files, network_files, tag_table
from wsis_data.figures import describe, frames
from wsis_data.figures import network as network_figures
from wsis_data.network import (
    BIPARTITE_KINDS,
    OVERLAYS,
    Network,
    NetworkSettings,
    nodes_frame,
    partners,
)
from wsis_data.safe_text import literal
from wsis_data.words import counted


def profile(choice: Selection, net: Network, org: str) -> None:
    """One organisation: its sessions, Action Line × SDG matrix, years and partners."""
    note = _cache.dataset(choice.dataset).info.chart_note
    sessions, grid, years = _cache.organisation_profile(
        choice.dataset, choice.filters, org, choice.collapse_c7
    )
    st.subheader(f"{literal(org)}: {counted(len(sessions), 'session')}")
    st.caption(
        "Other sidebar filters apply; the organiser filter is replaced by this organisation. "
        + note
    )
    left, right = st.columns([3, 2])
    heatmap = figures.heatmap(grid, note=note, height=120 + 22 * len(grid.counts), labels=False)
    own = replace(choice.filters, organisers=(org,))  # the profile's own view
    mine = describe.scope_of(_cache.view(choice.dataset, own))
    alt = describe.heatmap(grid, mine, f"Heatmap of the Action Lines × SDGs of {org}")
    left.plotly_chart(_theme.themed(heatmap), key="net_org_heatmap", alt=alt)
    years_alt = describe.years_bar(years, org, mine)
    right.plotly_chart(
        _theme.themed(network_figures.years_bar(years, org, note=note)), alt=years_alt
    )
    partner_table = partners(net, org)
    st.markdown(f"**Partners in this network** ({len(partner_table)})")
    show_table(partner_table)
    st.markdown(f"**Sessions of {literal(org)}** ({len(sessions)})")
    show_table(sessions)
    meta = export_meta(choice, f"Organisation profile: {org}")
    frames = {"sessions": sessions, "partners": partner_table}
    download_panel(None, frames, meta, key_prefix="net_profile", stem="organisation-profile")


def centrality_table(choice: Selection, settings: NetworkSettings) -> None:
    """Sortable centrality table."""
    table = _cache.network_centrality(choice.dataset, choice.filters, settings)
    show_table(table)
    meta = export_meta(choice, "Organisation centrality", settings.describe())
    download_panel(None, {"centrality": table}, meta, key_prefix="net_centrality")
    st.caption(
        "Degree: partners shown; link strength: shared sessions with them; weighted degree: "
        "sum of the normalised link weights. Eigenvector centrality is computed on the largest "
        f"connected part only (empty elsewhere). Betweenness: {table.attrs['betweenness']}."
    )


@st.fragment
def organisation_tags(choice: Selection) -> None:
    """Organisations × Action Lines or SDGs (a fragment: the columns choice reruns this only)."""
    kind = st.radio(
        "Columns", list(BIPARTITE_KINDS), format_func=BIPARTITE_KINDS.get,
        horizontal=True, key="net_tags", bind="query-params",
    )  # fmt: skip
    counts = _cache.organisation_tags(choice.dataset, choice.filters, kind, 40)
    note = _cache.dataset(choice.dataset).info.chart_note
    alt = describe.bipartite(counts, kind, scope(choice))
    st.plotly_chart(
        _theme.themed(network_figures.bipartite_heatmap(counts, kind, note=note)), alt=alt
    )
    st.caption(
        "The 40 organisations with most sessions in the selection (network thresholds do not "
        "apply); each cell counts distinct sessions, C7 sub-lines under C7."
    )
    stem, meta = (
        f"organisations-by-{kind.replace('_', '-')}-{choice.dataset}",
        export_meta(choice, f"Organisations × {kind}", alt=alt),
    )
    extra = bipartite_files(counts, kind, meta, stem)
    download_panel(None, {"Table": tag_table(counts, kind)}, meta, stem, extra=extra)


def downloads(choice: Selection, net: Network, settings: NetworkSettings, look: tuple) -> None:
    """Graph, tables and chart files (the chart and the GEXF coloured as drawn, without
    focus); each is made only when its button is clicked."""
    colour_by, span = look[0], look[1]
    fig = _cache.network_chart(choice.dataset, choice.filters, settings, look)
    scores = None
    if colour_by in OVERLAYS:
        scores = _cache.network_scores(choice.dataset, choice.filters, settings, colour_by)
    colours = network_figures.node_colours(net, colour_by, scores, span)
    stem = f"network-{choice.dataset}"
    alt = describe.network(net, scope(choice))
    meta = export_meta(choice, "WSIS organisation network", settings.describe(), alt=alt)
    frames = {"Nodes": nodes_frame(net), "Links": net.edges}
    extra = network_files(net, stem, colours)
    download_panel(fig, frames, meta, stem, key_prefix="net", extra=extra)


@st.fragment
def through_time(choice, net, settings: NetworkSettings) -> None:
    """The network per window of years; Play steps through the windows (never on its own)."""
    width = st.number_input("Window (years)", 1, 10, 2, key="net_window", bind="query-params")
    fig = _cache.network_timeline(
        choice.dataset, choice.filters, settings, int(width), _theme.active()
    )
    names = frames.frame_names(fig)
    _clicks.forget_invalid("net_frame", names)  # another window width: other frames
    shown = st.select_slider("Years shown", names, key="net_frame") if len(names) > 1 else None
    alt = describe.network_timeline(net, int(width), scope(choice))
    st.plotly_chart(frames.at_frame(fig, shown), key="net_time", width="stretch", alt=alt)
    st.caption(
        "Same organisations (the 1,000 largest at most), positions and community colours as "
        "the whole network; sizes and links (the 5,000 strongest at most) count the sessions "
        f"of each window. {frames.ANIMATION_HELP}"
    )
