"""Every cached call into `wsis_data` the pages make, and `forget_all()` that clears them all.

Each wrapper is declared with `@cached(...)`: `st.cache_resource` with a bound (max_entries or ttl,
required) that also records the wrapper in `REGISTRY`, so `forget_all()` (after an import or a
rollback) clears every cache without a hand-written list. A wrapper whose first parameter is the
dataset `key` is also keyed on `data_version(key)`: the store's version (latest batch, rollbacks;
read at most every `store_version.MAX_AGE` seconds per process), so an import or a rollback made
by another process (the CLI, another replica) rebuilds what shows the store, and nothing else.
Cached values are shared between sessions: never mutate them. Bounds: one entry per dataset for
whole datasets, max_entries for per-filter results (tens of KiB each on the demo data, under
3 MiB at 100,000 sessions; bench/bench_cache_memory.py measures the server over 500 reruns).
"""

from __future__ import annotations

import functools
import hashlib
import inspect
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import replace
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from wsis_data import catalog
from wsis_data import cooccurrence as co
from wsis_data import trends as tr
from wsis_data.dataset import Dataset
from wsis_data.figures import matrix as matrix_figures
from wsis_data.figures import network as network_figures
from wsis_data.figures import trends as trend_figures
from wsis_data.figures.network_time import timeline_figure
from wsis_data.figures.style import themed
from wsis_data.filters import Filters
from wsis_data.ingest.store import default_url, store_has_records, store_state
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

F = TypeVar("F", bound=Callable[..., Any])

#: Every cached wrapper, in declaration order (tests/test_architecture.py checks the bounds).
REGISTRY: list[Any] = []


#: The version each dataset key is read at during one cached call (nested calls agree on it).
_PINNED: ContextVar[dict[str, tuple] | None] = ContextVar("_PINNED", default=None)


def data_version(key: str) -> tuple:
    """What a cached result of dataset `key` depends on besides its arguments: () for the
    embedded datasets; for the store, which store (a digest of its URL) and its version (one small
    query every few seconds)."""
    if key != "store":
        return ()
    if (pinned := (_PINNED.get() or {}).get(key)) is not None:
        return pinned
    url = default_url()
    where = hashlib.sha256(url.encode()).hexdigest()[:16]  # another store (WSIS_DB) is other data
    if not store_has_records(url):  # missing, empty or failing: cached too
        return (where, "no records")
    return (where, *store_state(url).version)


def cached(*, max_entries: int | None = None, ttl: float | None = None, **options) -> Callable:
    """`st.cache_resource` with a required bound, recorded in `REGISTRY` for `forget_all()`.

    A function whose first parameter is `key` (a dataset) is cached under `data_version(key)` too.
    """
    if max_entries is None and ttl is None:
        raise TypeError("a cache needs max_entries or ttl")

    def wrap(fn: F) -> F:
        if next(iter(inspect.signature(fn).parameters), None) != "key":
            wrapper = st.cache_resource(max_entries=max_entries, ttl=ttl, **options)(fn)
            REGISTRY.append(wrapper)
            return wrapper

        def versioned(key, version, *args, **kwargs):
            token = _PINNED.set({**(_PINNED.get() or {}), key: version})
            try:
                return fn(key, *args, **kwargs)
            finally:
                _PINNED.reset(token)

        # Streamlit names a cache by module and qualified name (as /_stcore/metrics shows it) and
        # keys it on the source, which `inspect.getsource` finds through __wrapped__: fn's own.
        versioned.__signature__ = inspect.signature(versioned)  # type: ignore[attr-defined]
        versioned.__name__, versioned.__qualname__ = fn.__name__, fn.__qualname__
        versioned.__wrapped__ = fn  # type: ignore[attr-defined]
        inner = st.cache_resource(max_entries=max_entries, ttl=ttl, **options)(versioned)

        @functools.wraps(fn)
        def call(key, *args, **kwargs):
            return inner(key, data_version(key), *args, **kwargs)

        call.clear, call._info = inner.clear, inner._info
        REGISTRY.append(call)
        return call  # type: ignore[return-value]

    return wrap


def forget_all() -> None:
    """Forget every cached result, so the store's new records show everywhere.

    The underlying loaders of the sample and the demo are cached in `wsis_data`, so clearing
    everything here costs little.
    """
    for wrapper in REGISTRY:
        wrapper.clear()


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
