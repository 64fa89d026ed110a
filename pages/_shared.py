"""What every page shares: cached calls into `wsis_data` and the sidebar filters (kept in the URL).

The sidebar is drawn by `dashboard.py` before the page runs, so its widgets (and their URL query
parameters) survive page switches. Pages read the result with `selection()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

from wsis_data import catalog
from wsis_data.dataset import Dataset
from wsis_data.errors import WsisError
from wsis_data.filters import Filters
from wsis_data.ingest.columns import literal
from wsis_data.matrix import Matrix, build_matrix
from wsis_data.matrix import drilldown as matrix_drilldown
from wsis_data.taxonomy import (
    DECLARED_PROVENANCES,
    PROVENANCE_LABELS,
    PROVENANCES,
    action_line_label,
    row_codes,
    sdg,
)
from wsis_data.views import apply_filters

FILTER_KEYS = ("ds", "years", "c7", "al", "sdg", "type", "org", "q", "prov")


@dataclass(frozen=True)
class Selection:
    """The dataset and filters chosen in the sidebar."""

    dataset: str
    filters: Filters
    collapse_c7: bool


# Every cache is bounded (tests/test_cache_memory.py checks it): one entry per dataset for whole
# datasets, max_entries for per-filter results (tens of KiB each on the demo data, under 3 MiB
# at 100,000 sessions; bench/bench_cache_memory.py measures the server over 500 reruns).
@st.cache_resource(show_spinner=False, max_entries=len(catalog.DATASETS))
def dataset(key: str) -> Dataset:
    """The whole dataset (shared, never mutated)."""
    return catalog.load_dataset(key)


@st.cache_resource(max_entries=64)
def view(key: str, filters: Filters) -> Dataset:
    """The dataset filtered."""
    return apply_filters(dataset(key), filters)


@st.cache_resource(max_entries=128)
def matrix(key: str, filters: Filters, collapse_c7: bool, value: str) -> Matrix:
    """The Action Line × SDG matrix of a filtered view."""
    return build_matrix(view(key, filters), collapse_c7=collapse_c7, value=value)


@st.cache_resource(max_entries=len(catalog.DATASETS))
def _choices(key: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[int, int]]:
    """Session types, organisations (most frequent first) and the year span of a dataset."""
    ds = dataset(key)
    types = tuple(sorted(ds.tables.sessions["session_type"].dropna().unique()))
    orgs = tuple(ds.tables.organisers["organisation"].value_counts().index)
    return types, orgs, (min(ds.years), max(ds.years))


def default_provenances(ds: Dataset) -> list[str]:
    """Declared tags only where the dataset declares SDGs; otherwise add the projected layer."""
    chosen = set(DECLARED_PROVENANCES) | (set() if ds.has_declared_sdgs else {"projected"})
    return [p for p in PROVENANCES if p in chosen]


def _sdg_option(goal: int) -> str:
    return f"SDG {goal} · {sdg(goal).short_name}"


def _forget_years_outside(key: str, span: tuple[int, int]) -> None:
    """Forget a remembered year range that does not fit the current dataset's span."""
    value = st.session_state.get(key)
    if value is not None and not (span[0] <= value[0] <= value[1] <= span[1]):
        del st.session_state[key]


def sidebar() -> Selection:
    """Draw the shared filters in the sidebar and remember the selection for the page."""
    labels = catalog.dataset_labels()
    side = st.sidebar
    _store_fallback(labels, side)
    key = side.selectbox(
        "Dataset",
        list(labels),
        format_func=labels.get,
        key="ds",
        bind="query-params",
        on_change=_forget,
        args=("prov",),
    )
    try:
        ds = dataset(key)
    except WsisError as exc:  # e.g. a misconfigured WSIS_SYNTHETIC_SESSIONS, a store gone bad
        from wsis_data.ingest.columns import literal

        side.error(literal(f"{labels[key]} cannot be loaded: {exc}. Showing the sample instead."))
        key = catalog.DEFAULT_DATASET
        ds = dataset(key)
    types, orgs, span = _choices(key)
    _forget_years_outside("years", span)
    if span[0] < span[1]:
        years = side.slider("Years", span[0], span[1], value=span, key="years", bind="query-params")
    else:
        years = span
    collapse = not side.toggle(
        "Split C7 into its 8 sub-lines",
        key="c7",
        bind="query-params",
        help="Off: 11 Action Lines (C7 sub-lines counted under C7). On: 18 rows, plus "
        "'C7 (unspecified)' for sessions tagged C7 without a sub-line.",
    )
    al_options = list(row_codes(collapse, include_unspecified=not collapse))
    actions = side.multiselect(
        "Action Lines",
        al_options,
        key="al",
        bind="query-params",
        format_func=lambda c: action_line_label(c, collapse_c7=collapse),
        placeholder="All",
    )
    goals = side.multiselect(
        "SDGs",
        list(range(1, 18)),
        key="sdg",
        bind="query-params",
        format_func=_sdg_option,
        placeholder="All",
    )
    chosen_types = side.multiselect(
        "Session types", list(types), key="type", bind="query-params", placeholder="All"
    )
    chosen_orgs = side.multiselect(
        "Organisers", list(orgs), key="org", bind="query-params", placeholder="All (type to search)"
    )
    text = side.text_input("Title contains", key="q", bind="query-params")
    # One URL parameter whose default depends on the dataset: a dataset switch forgets the
    # choice (callback above), so the new dataset starts from its own default.
    provs = side.multiselect(
        "Tags counted",
        list(PROVENANCES),
        default=default_provenances(ds),
        key="prov",
        bind="query-params",
        help="Declared tags come from agenda pages (page), titles (title), outcome submissions "
        "(submission) and imported files (file). Suggested and projected tags are inferences and "
        "are counted only when chosen here. "
        + " ".join(f"{p}: {PROVENANCE_LABELS[p]}." for p in PROVENANCES),
    )
    if side.button("Reset filters", icon=":material/restart_alt:", width="stretch"):
        reset_filters()
    with side.popover("Copy link to this view", icon=":material/link:", width="stretch"):
        st.caption("This link reopens the current page with the current filters and view.")
        st.code(share_url(), language=None, wrap_lines=True)
    filters = Filters(
        years=(int(years[0]), int(years[1])) if tuple(years) != span else None,
        action_lines=tuple(actions),
        sdgs=tuple(int(g) for g in goals),
        session_types=tuple(chosen_types),
        organisers=tuple(chosen_orgs),
        text=text.strip(),
        provenances=frozenset(provs),
    )
    chosen = Selection(dataset=key, filters=filters, collapse_c7=collapse)
    st.session_state["_selection"] = chosen
    return chosen


def _store_fallback(labels: dict[str, str], side) -> None:
    """When the store is asked for (URL ``ds=store``) but cannot be read, say why and leave it out.

    The switcher then falls back to the sample; the embedded datasets never need the store.
    """
    store_label = catalog.DATASETS["store"][0]  # the URL holds the label: ds=Imported+records…
    if st.session_state.get("ds", st.query_params.get("ds")) not in ("store", store_label):
        return
    problem = None
    if "store" in labels:
        try:
            dataset("store")
        except WsisError as exc:
            problem = str(exc)
            del labels["store"]
    else:
        problem = catalog.store_unavailable() or "the store holds no records yet (see Import)."
    if problem:
        from wsis_data.ingest.columns import literal

        side.warning(
            literal(f"Imported records are not available: {problem} Showing the sample instead."),
            icon=":material/database_off:",
        )


def _forget(name: str) -> None:
    """Forget a widget's value, so it starts again from its default."""
    st.session_state.pop(name, None)


def share_url() -> str:
    """The current page's address with every query parameter (filters and view settings)."""
    base = (st.context.url or "").split("?", 1)[0]
    params = [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]
    return f"{base}?{urlencode(params)}" if params else base


def reset_filters() -> None:
    """Forget every filter but the dataset (widgets and URL) and rerun."""
    for name in FILTER_KEYS:
        if name != "ds":  # the dataset is a choice, not a filter
            st.session_state.pop(name, None)
    st.rerun()  # the widgets fall back to their defaults, which drops them from the URL


def selection() -> Selection:
    """The sidebar's current selection (drawn by dashboard.py before the page)."""
    require_router()
    return st.session_state["_selection"]


def summary_line(choice: Selection) -> str:
    """The dataset and active filters in one line, Markdown-escaped for the caption above a chart
    (the filters name organisations and session types: record text)."""
    ds = dataset(choice.dataset)
    return literal(f"{ds.info.chart_note} · {choice.filters.describe()}")


# --- network page ---
# Imports kept here (not at the top) so this block merges cleanly with other pages' blocks.
from dataclasses import replace  # noqa: E402

import pandas as pd  # noqa: E402

from wsis_data import export  # noqa: E402
from wsis_data.export import ExportMeta  # noqa: E402
from wsis_data.figures import network as network_figures  # noqa: E402
from wsis_data.network import (  # noqa: E402
    Network,
    NetworkSettings,
    bipartite_counts,
    bipartite_graphml_bytes,
    build_network,
    centrality,
    gexf_bytes,
    graphml_bytes,
    nodes_frame,
    organisation_sessions,
    sessions_by_year,
)
from wsis_data.network import layout as network_layout  # noqa: E402


@st.cache_resource(max_entries=32, show_spinner="Building the network…")
def network(key: str, filters: Filters, settings: NetworkSettings) -> Network:
    """The co-organisation network of a filtered view."""
    return build_network(view(key, filters), settings)


@st.cache_resource(max_entries=32, show_spinner="Laying out the network…")
def network_chart(key: str, filters: Filters, settings: NetworkSettings, colour_by: str):
    """The network figure (positions cached by graph content in `wsis_data.network.layout`)."""
    net = network(key, filters, settings)
    note = dataset(key).info.chart_note
    return network_figures.network_figure(net, network_layout(net), colour_by=colour_by, note=note)


@st.cache_resource(max_entries=32, show_spinner="Computing centralities…")
def network_centrality(key: str, filters: Filters, settings: NetworkSettings) -> pd.DataFrame:
    """Degree, weighted degree, betweenness and eigenvector centrality of the network."""
    return centrality(network(key, filters, settings))


@st.cache_resource(max_entries=64)
def organisation_profile(key: str, filters: Filters, organisation: str, collapse_c7: bool):
    """One organisation's sessions, Action Line × SDG matrix and sessions per year.

    The sidebar's organiser filter is replaced by this organisation; other filters apply.
    """
    own = replace(filters, organisers=(organisation,))
    mine = view(key, own)
    return (
        organisation_sessions(mine, organisation),
        build_matrix(mine, collapse_c7=collapse_c7),
        sessions_by_year(mine, organisation),
    )


@st.cache_resource(max_entries=32)
def organisation_tags(key: str, filters: Filters, kind: str, top_n: int) -> pd.DataFrame:
    """Organisations × Action Lines or SDGs (distinct sessions), top N organisations."""
    return bipartite_counts(view(key, filters), kind, top_n)


def export_meta(choice: Selection, title: str, extra: str = "") -> ExportMeta:
    """Export metadata for a chart or table of the current selection."""
    ds = dataset(choice.dataset)
    provs = ", ".join(p for p in PROVENANCES if p in choice.filters.provenances)
    return ExportMeta(
        title=title,
        dataset=ds.info.chart_note,
        filters=choice.filters.describe(),
        provenances=provs,
        synthetic=ds.info.synthetic,
        notes=extra,
    )


def network_files(choice: Selection, net: Network, fig, settings: NetworkSettings) -> list:
    """(label, make bytes, file name, MIME type) of every network download, made on demand."""
    meta = export_meta(choice, "WSIS organisation network", settings.describe())
    stem = f"network-{choice.dataset}"
    files = [
        (
            "GraphML",
            lambda: graphml_bytes(net),
            export.filename(stem, "graphml"),
            "application/xml",
        ),
        ("GEXF (Gephi)", lambda: gexf_bytes(net), export.filename(stem, "gexf"), "application/xml"),
        (
            "Nodes CSV",
            lambda: export.csv_bytes(nodes_frame(net)),
            export.filename(f"{stem}-nodes", "csv"),
            "text/csv",
        ),
        (
            "Links CSV",
            lambda: export.csv_bytes(net.edges),
            export.filename(f"{stem}-links", "csv"),
            "text/csv",
        ),
        (
            "Chart HTML",
            lambda: export.html_bytes(fig, meta),
            export.filename(stem, "html"),
            "text/html",
        ),
    ]
    if export.images_available():
        mimes = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
        files += [
            (
                f"Chart {fmt.upper()}",
                lambda fmt=fmt: export.image_bytes(fig, fmt, meta),
                export.filename(stem, fmt),
                mime,
            )
            for fmt, mime in mimes.items()
        ]
    return files


def organisation_tag_files(choice: Selection, counts: pd.DataFrame, kind: str) -> list:
    """CSV and GraphML downloads of the organisations × Action Lines / SDGs view."""
    stem = f"organisations-by-{kind.replace('_', '-')}-{choice.dataset}"
    meta = dict(export_meta(choice, f"Organisations × {kind}").as_rows())
    table = counts.reset_index()
    table.columns = [
        str(c) if kind == "action_line" or c == "organisation" else f"SDG {c}"
        for c in table.columns
    ]
    return [
        ("Table CSV", lambda: export.csv_bytes(table), export.filename(stem, "csv"), "text/csv"),
        (
            "Bipartite GraphML",
            lambda: bipartite_graphml_bytes(counts, kind, meta),
            export.filename(stem, "graphml"),
            "application/xml",
        ),
    ]


# --- trends ---

from collections.abc import Callable  # noqa: E402

import plotly.graph_objects as go  # noqa: E402

from wsis_data import trends  # noqa: E402


@st.cache_resource(max_entries=64)
def trend(
    key: str, filters: Filters, by: str, collapse_c7: bool, top_n: int | None
) -> pd.DataFrame:
    """Sessions per (year, key) of a filtered view (shared frame: never mutate)."""
    return trends.counts_by_year(view(key, filters), by, collapse_c7=collapse_c7, top_n=top_n)


@st.cache_resource(max_entries=32)
def year_matrices(key: str, filters: Filters, collapse_c7: bool) -> trends.YearMatrices:
    """The Action Line × SDG matrix of every year of a filtered view."""
    return trends.matrices_by_year(view(key, filters), collapse_c7=collapse_c7)


def download_row(
    fig: go.Figure, sheets: dict[str, pd.DataFrame], meta: export.ExportMeta, stem: str
) -> None:
    """PNG/SVG/PDF/HTML of a figure and CSV/XLSX of its data, generated only when clicked."""
    data: dict[str, tuple[Callable[[], bytes], str]] = {}
    if export.images_available():
        images = (("png", "image/png"), ("svg", "image/svg+xml"), ("pdf", "application/pdf"))
        for fmt, mime in images:
            height = int(fig.layout.height or 700)
            data[fmt] = (
                lambda fmt=fmt, h=height: export.image_bytes(fig, fmt, meta, height=h),
                mime,
            )
    data["html"] = (lambda: export.html_bytes(fig, meta), "text/html")
    first = next(iter(sheets.values()))
    data["csv"] = (lambda: export.csv_bytes(first), "text/csv")
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    data["xlsx"] = (lambda: export.xlsx_bytes(sheets, meta), xlsx)
    columns = st.columns(len(data) + (0 if export.images_available() else 1))
    for column, (ext, (make, mime)) in zip(columns, data.items(), strict=False):
        column.download_button(
            ext.upper(),
            data=make,
            file_name=export.filename(stem, ext),
            mime=mime,
            key=f"dl_{stem}_{ext}",
            on_click="ignore",
            icon=":material/download:",
        )
    if not export.images_available():
        columns[-1].caption("PNG/SVG/PDF need Chromium (apt-get install chromium)")


def chart_point(event) -> list | None:
    """The customdata of the first clicked point of a chart event, if any."""
    points = (event or {}).get("selection", {}).get("points", [])
    return list(points[0]["customdata"]) if points and points[0].get("customdata") else None


def forget_invalid(key: str, options: list) -> None:
    """Forget a remembered widget value that the current data does not offer."""
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]


def remember_click(source: str) -> Callable[[], None]:
    """An on_select callback noting which chart was clicked last."""
    return lambda: st.session_state.update(tr_last_click=source)


def last_clicked(events: dict[str, object]) -> tuple[str, list] | None:
    """(chart key, customdata) of the chart clicked last that still has a selection."""
    last = st.session_state.get("tr_last_click")
    for source in [last, *events] if last in events else list(events):
        point = chart_point(events[source])
        if point:
            return source, point
    return None


# --- heatmap ---


def matrix_table(grid: Matrix) -> pd.DataFrame:
    """The matrix as a table for reading and export (whole numbers when counting sessions)."""
    table = grid.table()
    return table.astype("int64") if grid.value == "sessions" else table


@st.cache_resource(max_entries=256)
def drilldown(
    key: str, filters: Filters, collapse_c7: bool, action_line: str, goal: int
) -> pd.DataFrame:
    """The sessions behind one cell of the filtered matrix (shared, never mutated)."""
    return matrix_drilldown(view(key, filters), action_line, goal, collapse_c7=collapse_c7)


def require_router() -> None:
    """Make sure this run went through dashboard.py (router + sidebar); rerun through it if not.

    Streamlit decides at its first session whether a `pages/` folder means the legacy multipage
    mode, and keeps it until some run calls st.navigation. So the first visitor of a freshly
    started server who opens a page URL (a shared link: /trends?..., /about?...) gets that page
    run alone, without dashboard.py and its sidebar. Every page calls this first: it switches the
    legacy mode off and reruns, so the router draws the sidebar and restores the URL's filters.
    """
    if PagesManager.uses_pages_directory or "_selection" not in st.session_state:
        PagesManager.uses_pages_directory = False
        if get_script_run_ctx() is not None:
            st.rerun()


# --- import page ---


def store(url: str):
    """The record store at `url` (one per URL and process; a store that failed is reopened).

    Not an st.cache_resource: `open_store` keeps one store per URL and forgets it when it fails,
    so a restarted server or a restored file is picked up by the next run.
    """
    from wsis_data.ingest.store import open_store

    return open_store(url)


@st.cache_resource(show_spinner=False, max_entries=4, ttl=3600)
def table_preview(data: bytes, name: str, sheet: str | None):
    """A tabular upload read once, with its proposed column mapping."""
    from wsis_data.ingest.importer import preview

    return preview(data, name, sheet=sheet)


@st.cache_resource(show_spinner="Checking…", max_entries=8, ttl=3600)
def table_report(data: bytes, name: str, sheet: str | None, mapping: tuple, on_duplicate: str,
                 url: str, store_state: tuple):  # fmt: skip
    """The validation report of an upload under a mapping (store_state keys the store's content)."""
    from wsis_data.ingest.importer import check_table

    table, _ = table_preview(data, name, sheet)
    return check_table(table, dict(mapping), data=data, store=store(url), on_duplicate=on_duplicate)


def forget_store() -> None:
    """Forget every cached result built from a dataset so the store's new records show everywhere.

    The underlying loaders of the sample and the demo are cached in `wsis_data`, so clearing
    everything here costs little.
    """
    built_from_datasets = (
        dataset, view, matrix, drilldown, _choices, table_report,
        network, network_chart, network_centrality, organisation_profile, organisation_tags,
        trend, year_matrices,
    )  # fmt: skip
    for cached in built_from_datasets:
        cached.clear()
