"""Every cached call into `wsis_data` the pages make; `forget_all()` clears them all.

Each wrapper is declared here with `@cached(...)` (pages/_cache_registry.py: a bounded
`st.cache_resource`, registered for `forget_all()`, keyed on the store's version when its first
parameter is the dataset `key`, so an import or a rollback made by another process rebuilds what
shows the store). Cached values are shared between sessions: never mutate them. Bounds: one
entry per dataset for whole datasets, max_entries for per-filter results (tens of KiB each on the
demo data, under 3 MiB at 100,000 sessions; bench/bench_cache_memory.py measures the server over
500 reruns).
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from pages._cache_registry import (  # noqa: F401 (pages and tests use _cache.forget_all, …)
    REGISTRY,
    cached,
    data_version,
    forget_all,
)
from wsis_data import catalog
from wsis_data import cooccurrence as co
from wsis_data import trends as tr
from wsis_data.dataset import Dataset
from wsis_data.figures import matrix as matrix_figures
from wsis_data.figures import network as network_figures
from wsis_data.figures import trends as trend_figures
from wsis_data.figures.frames import at_frame
from wsis_data.figures.network_time import timeline_figure
from wsis_data.figures.style import themed
from wsis_data.filters import Filters
from wsis_data.matrix import Matrix, build_matrix
from wsis_data.matrix import drilldown as matrix_drilldown
from wsis_data.network import (
    OVERLAYS,
    Network,
    NetworkSettings,
    bipartite_counts,
    build_network,
    centrality,
    organisation_sessions,
    overlay_scores,
    sessions_by_year,
    sessions_per_organisation,
    window_networks,
)
from wsis_data.network import layout as network_layout
from wsis_data.sessions import sessions_per_option
from wsis_data.views import apply_filters

# --- datasets, views, matrices ---


@cached(show_spinner=False, max_entries=len(catalog.DATASETS))
def dataset(key: str) -> Dataset:
    """The whole dataset (shared, never mutated)."""
    return catalog.load_dataset(key)


@cached(max_entries=64)
def view(key: str, filters: Filters) -> Dataset:
    """The dataset filtered."""
    return apply_filters(dataset(key), filters)


@cached(max_entries=128)
def matrix(key: str, filters: Filters, collapse_c7: bool, value: str) -> Matrix:
    """The Action Line × SDG matrix of a filtered view."""
    return build_matrix(view(key, filters), collapse_c7=collapse_c7, value=value)


@cached(max_entries=64)
def heatmap_figure(
    key: str, filters: Filters, collapse_c7: bool, value: str, look: tuple, theme: str = "light"
):
    """The heatmap figure of a matrix (only the rows and columns the filters keep), built once per
    (view, options, theme); ``look`` = (colour scale, log, cell labels, official links, gaps
    mode). Shared: never mutate it."""
    scale, log, labels, official, gaps_mode = look
    grid = matrix(key, filters, collapse_c7, value).keep(filters.action_lines, filters.sdgs)
    return themed(matrix_figures.heatmap(
        grid, note=dataset(key).info.chart_note,
        colorscale=scale, log=log, labels=labels, show_official=official, gaps_mode=gaps_mode,
    ), theme)  # fmt: skip


@cached(max_entries=64)
def marked_heatmap(
    key: str, filters: Filters, collapse_c7: bool, value: str, look: tuple, theme: str,
    cell: tuple[int, int],
):  # fmt: skip
    """`heatmap_figure` with the chosen ``cell`` (row, column positions) marked, built once per
    (figure, cell): copying the figure to mark it was half of a heatmap rerun. Shared: never
    mutate it."""
    fig = heatmap_figure(key, filters, collapse_c7, value, look, theme)
    return matrix_figures.mark_cell(fig, *cell)


@cached(max_entries=256)
def drilldown(
    key: str, filters: Filters, collapse_c7: bool, action_line: str, goal: int
) -> pd.DataFrame:
    """The sessions behind one cell of the filtered matrix."""
    return matrix_drilldown(view(key, filters), action_line, goal, collapse_c7=collapse_c7)


@cached(max_entries=len(catalog.DATASETS))
def choices(key: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[int, int]]:
    """Session types, organisations (most frequent first) and the year span of a dataset."""
    ds = dataset(key)
    types = tuple(sorted(ds.tables.sessions["session_type"].dropna().unique()))
    orgs = tuple(ds.tables.organisers["organisation"].value_counts().index)
    return types, orgs, (min(ds.years), max(ds.years))


@cached(max_entries=64)
def option_counts(key: str, filters: Filters, kind: str, collapse_c7: bool) -> dict:
    """Sessions per organisation, Action Line or SDG in a filtered view (the pickers' counts)."""
    return sessions_per_option(view(key, filters), kind, collapse_c7=collapse_c7).to_dict()


# --- network page ---


@cached(max_entries=32, show_spinner="Building the network…")
def network(key: str, filters: Filters, settings: NetworkSettings) -> Network:
    """The co-organisation network of a filtered view."""
    return build_network(view(key, filters), settings)


@cached(max_entries=32)
def network_scores(key: str, filters: Filters, settings: NetworkSettings, score: str) -> pd.Series:
    """An overlay score per organisation (share: of its sessions without the tag filters)."""
    every = view(key, replace(filters, action_lines=(), sdgs=())) if score == "share" else None
    total = sessions_per_organisation(every) if every is not None else None
    return overlay_scores(network(key, filters, settings), score, total)


@cached(max_entries=32, show_spinner="Laying out the network…")
def network_chart(
    key: str, filters: Filters, settings: NetworkSettings, look: tuple, theme: str = "light"
):
    """The network figure; ``look`` = (colour_by, score_range, focus, steps, labels)."""
    colour_by, score_range, focus, steps, labels = look
    net = network(key, filters, settings)
    scores = network_scores(key, filters, settings, colour_by) if colour_by in OVERLAYS else None
    return themed(network_figures.network_figure(
        net, network_layout(net), colour_by=colour_by, scores=scores, score_range=score_range,
        focus=focus, steps=steps, labels=labels, note=dataset(key).info.chart_note,
    ), theme)  # fmt: skip


@cached(max_entries=8, show_spinner="Drawing the network year by year…")
def network_timeline(
    key: str, filters: Filters, settings: NetworkSettings, width: int, theme: str = "light"
):
    """The network per window of ``width`` years, positions as in the whole network."""
    net = network(key, filters, settings)
    windows = window_networks(dataset(key), filters, net, width)
    note = dataset(key).info.chart_note
    return themed(timeline_figure(net, windows, network_layout(net), note=note), theme)


@cached(max_entries=32, show_spinner="Computing centralities…")
def network_centrality(key: str, filters: Filters, settings: NetworkSettings) -> pd.DataFrame:
    """Degree, weighted degree, betweenness and eigenvector centrality of the network."""
    return centrality(network(key, filters, settings))


@cached(max_entries=64)
def organisation_profile(key: str, filters: Filters, organisation: str, collapse_c7: bool):
    """One organisation's sessions, Action Line × SDG matrix and sessions per year.

    The sidebar's organiser filter is replaced by this organisation; other filters apply.
    """
    mine = view(key, replace(filters, organisers=(organisation,)))
    return (
        organisation_sessions(mine, organisation),
        build_matrix(mine, collapse_c7=collapse_c7),
        sessions_by_year(mine, organisation),
    )


@cached(max_entries=32)
def organisation_tags(key: str, filters: Filters, kind: str, top_n: int) -> pd.DataFrame:
    """Organisations × Action Lines or SDGs (distinct sessions), top N organisations."""
    return bipartite_counts(view(key, filters), kind, top_n)


# --- trends page ---


@cached(max_entries=64)
def trend(
    key: str, filters: Filters, by: str, collapse_c7: bool, top_n: int | None
) -> pd.DataFrame:
    """Sessions per (year, key) of a filtered view."""
    return tr.counts_by_year(view(key, filters), by, collapse_c7=collapse_c7, top_n=top_n)


@cached(max_entries=32)
def trend_figure(
    key: str, filters: Filters, by: str, collapse_c7: bool, top_n: int | None, look: tuple,
    theme: str = "light",
):  # fmt: skip
    """The sessions-per-year chart, built once per (view, breakdown, ``look`` = (chart type,
    measure, highlighted key), theme): it was a third of a trends rerun. Shared: never mutate."""
    chart, measure, highlight = look
    long = trend(key, filters, by, collapse_c7, top_n)
    note = dataset(key).info.chart_note
    fig = trend_figures.trend_chart(
        long, by, chart, measure=measure, note=note, highlight=highlight
    )
    return themed(fig, theme)


@cached(max_entries=32)
def year_matrices(key: str, filters: Filters, collapse_c7: bool) -> tr.YearMatrices:
    """The Action Line × SDG matrix of every year of a filtered view."""
    return tr.matrices_by_year(view(key, filters), collapse_c7=collapse_c7)


@cached(max_entries=16)
def year_matrices_animation(
    key: str, filters: Filters, collapse_c7: bool, measure: str, theme: str = "light"
):
    """The Action Line × SDG heatmap over time (one frame per year), built once per view and
    measure (it was half the CPU of a trends page rerun). Shared: never mutate it."""
    grids = year_matrices(key, filters, collapse_c7)
    anim = trend_figures.matrix_animation(grids, measure=measure, note=dataset(key).info.chart_note)
    return themed(anim, theme)


@cached(max_entries=32)
def year_matrices_frame(
    key: str, filters: Filters, collapse_c7: bool, measure: str, theme: str, frame: str | None
):
    """`year_matrices_animation` showing the year ``frame`` (the keyboard slider's pick), made
    once per (view, measure, theme, year): a copy of the whole animation per rerun cost 40–80 ms.
    Shared: never mutate it."""
    anim = year_matrices_animation(key, filters, collapse_c7, measure, theme)
    return at_frame(anim, frame)


@cached(max_entries=32)
def risers_fallers(
    key: str, filters: Filters, by: str, collapse_c7: bool, top_n: int | None, years: tuple,
    measure: str, theme: str = "light",
) -> tuple[pd.DataFrame, go.Figure | None]:  # fmt: skip
    """The top risers and fallers from year A to year B (``years``) and their bar chart (None
    when nothing changed), built once per (view, breakdown, years, measure, theme). Shared."""
    year_a, year_b = years
    long = trend(key, filters, by, collapse_c7, top_n)
    rf = tr.risers_fallers(long, year_a, year_b, measure=measure, n=5)
    if rf.empty:
        return rf, None
    note = dataset(key).info.chart_note
    bars = trend_figures.risers_fallers_bars(rf, year_a, year_b, measure=measure, note=note)
    return rf, themed(bars, theme)


@cached(max_entries=32)
def year_difference(
    key: str, filters: Filters, collapse_c7: bool, years: tuple, measure: str,
    theme: str = "light",
) -> tuple[pd.DataFrame, go.Figure, go.Figure]:  # fmt: skip
    """Year B minus year A per Action Line × SDG cell, its heatmap as exported (light) and as
    shown (``theme``), built once per (view, years, measure, theme). Shared: never mutate."""
    year_a, year_b = years
    grids = year_matrices(key, filters, collapse_c7)
    diff = tr.difference(grids, year_a, year_b, measure)
    fig = trend_figures.difference_heatmap(
        diff, grids, year_a, year_b, measure=measure, note=dataset(key).info.chart_note
    )
    return diff, fig, themed(fig, theme)


@cached(max_entries=128)
def point_drilldown(
    key: str, filters: Filters, by: str, point: tuple, cell: bool, collapse_c7: bool
) -> tuple[str, pd.DataFrame]:
    """The label of a chosen trends point (or one year's heatmap cell: ``cell``) and the
    sessions behind it (`wsis_data.trends.point_drilldown`)."""
    return tr.point_drilldown(view(key, filters), by, list(point), cell=cell,
                              collapse_c7=collapse_c7)  # fmt: skip


# --- interlinkages page ---


@cached(max_entries=64)
def cooccurrence(key: str, filters: Filters, kind: str, collapse_c7: bool) -> co.Cooccurrence:
    """The SDG × SDG or Action Line × Action Line co-occurrence of a filtered view."""
    return co.cooccurrence(view(key, filters), kind, collapse_c7=collapse_c7)


@cached(max_entries=128)
def pair_drilldown(key: str, filters: Filters, kind: str, a, b, collapse_c7: bool) -> pd.DataFrame:
    """The sessions behind one co-occurrence cell of the filtered view."""
    return co.pair_drilldown(view(key, filters), kind, a, b, collapse_c7=collapse_c7)


# --- import page ---


def store(url: str):
    """The record store at `url` (one per URL and process; a store that failed is reopened).

    Not an st.cache_resource: `open_store` keeps one store per URL and forgets it when it fails,
    so a restarted server or a restored file is picked up by the next run.
    """
    from wsis_data.ingest.store import open_store

    return open_store(url)


@cached(show_spinner=False, max_entries=4, ttl=3600)
def table_preview(data: bytes, name: str, options):
    """A tabular upload read once (`options`: an `importer.ReadOptions`), its proposed mapping."""
    from wsis_data.ingest.importer import preview

    return preview(data, name, options=options)


@cached(show_spinner="Checking…", max_entries=8, ttl=3600)
def table_report(data: bytes, name: str, options, mapping: tuple, on_duplicate: str,
                 url: str, store_state: tuple):  # fmt: skip
    """The validation report of an upload under a mapping (store_state keys the store's content)."""
    from wsis_data.ingest.importer import check_table

    table, _ = table_preview(data, name, options)
    return check_table(table, dict(mapping), data=data, store=store(url), on_duplicate=on_duplicate)


@cached(show_spinner=False, max_entries=8, ttl=3600)
def submission_year(data: bytes, name: str):
    """The Forum year an uploaded outcome submission names (None: it names none)."""
    from wsis_data.ingest.submission_check import submission_year as read_year

    return read_year(data, name)


@cached(show_spinner="Reading the submission…", max_entries=8, ttl=3600)
def submission_report(data: bytes, name: str, on_duplicate: str, url: str, store_state: tuple,
                      year: int | None, session_id: str | None):  # fmt: skip
    """What an uploaded outcome submission would store (nothing is stored)."""
    from wsis_data.ingest.submission_check import check_submission

    return check_submission(data, name, store(url), on_duplicate=on_duplicate, year=year,
                            session_id=session_id)  # fmt: skip
