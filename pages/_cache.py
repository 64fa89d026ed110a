"""Every cached call into `wsis_data` the pages make, and `forget_all()` that clears them all.

Each wrapper is declared with `@cached(...)`: `st.cache_resource` with a bound (max_entries or ttl,
required) that also records the wrapper in `REGISTRY`, so `forget_all()` (after an import or a
rollback) clears every cache without a hand-written list. Cached values are shared between
sessions: never mutate them. Bounds: one entry per dataset for whole datasets, max_entries for
per-filter results (tens of KiB each on the demo data, under 3 MiB at 100,000 sessions;
bench/bench_cache_memory.py measures the server over 500 reruns).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from wsis_data import catalog
from wsis_data import trends as tr
from wsis_data.dataset import Dataset
from wsis_data.figures import network as network_figures
from wsis_data.filters import Filters, apply_filters
from wsis_data.matrix import Matrix, build_matrix
from wsis_data.matrix import drilldown as matrix_drilldown
from wsis_data.network import (
    Network,
    NetworkSettings,
    bipartite_counts,
    build_network,
    centrality,
    organisation_sessions,
    sessions_by_year,
)
from wsis_data.network import layout as network_layout

F = TypeVar("F", bound=Callable[..., Any])

#: Every cached wrapper, in declaration order (tests/test_architecture.py checks the bounds).
REGISTRY: list[Any] = []


def cached(*, max_entries: int | None = None, ttl: float | None = None, **options) -> Callable:
    """`st.cache_resource` with a required bound, recorded in `REGISTRY` for `forget_all()`."""
    if max_entries is None and ttl is None:
        raise TypeError("a cache needs max_entries or ttl")

    def wrap(fn: F) -> F:
        wrapper = st.cache_resource(max_entries=max_entries, ttl=ttl, **options)(fn)
        REGISTRY.append(wrapper)
        return wrapper

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


# --- network page ---


@cached(max_entries=32, show_spinner="Building the network…")
def network(key: str, filters: Filters, settings: NetworkSettings) -> Network:
    """The co-organisation network of a filtered view."""
    return build_network(view(key, filters), settings)


@cached(max_entries=32, show_spinner="Laying out the network…")
def network_chart(key: str, filters: Filters, settings: NetworkSettings, colour_by: str):
    """The network figure (positions cached by graph content in `wsis_data.network.layout`)."""
    net = network(key, filters, settings)
    note = dataset(key).info.chart_note
    return network_figures.network_figure(net, network_layout(net), colour_by=colour_by, note=note)


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
def year_matrices(key: str, filters: Filters, collapse_c7: bool) -> tr.YearMatrices:
    """The Action Line × SDG matrix of every year of a filtered view."""
    return tr.matrices_by_year(view(key, filters), collapse_c7=collapse_c7)


# --- import page ---


def store(url: str):
    """The record store at `url` (one per URL and process; a store that failed is reopened).

    Not an st.cache_resource: `open_store` keeps one store per URL and forgets it when it fails,
    so a restarted server or a restored file is picked up by the next run.
    """
    from wsis_data.ingest.store import open_store

    return open_store(url)


@cached(show_spinner=False, max_entries=4, ttl=3600)
def table_preview(data: bytes, name: str, sheet: str | None):
    """A tabular upload read once, with its proposed column mapping."""
    from wsis_data.ingest.importer import preview

    return preview(data, name, sheet=sheet)


@cached(show_spinner="Checking…", max_entries=8, ttl=3600)
def table_report(data: bytes, name: str, sheet: str | None, mapping: tuple, on_duplicate: str,
                 url: str, store_state: tuple):  # fmt: skip
    """The validation report of an upload under a mapping (store_state keys the store's content)."""
    from wsis_data.ingest.importer import check_table

    table, _ = table_preview(data, name, sheet)
    return check_table(table, dict(mapping), data=data, store=store(url), on_duplicate=on_duplicate)
