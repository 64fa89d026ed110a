"""The sidebar: dataset and filters (kept in the URL), reset, the Share menu, and the `Selection`.

`dashboard.py` draws the sidebar before the page runs, so its widgets (and their URL query
parameters) survive page switches; pages read the result with `selection()`.

`FIELDS` is the one table of the filters: each row ties a `Filters` attribute (or the Selection's
`collapse_c7`) to its widget key, which is also its URL query parameter, and to the function that
draws the widget and returns the value. Reset and the share link derive from it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from pages import _cache
from pages._cite import fill_share_menu, share_url
from pages._runtime import require_router
from wsis_data import catalog
from wsis_data.citation import cite
from wsis_data.dataset import Dataset
from wsis_data.errors import WsisError
from wsis_data.filters import Filters, bounded_title_query
from wsis_data.provenance import PROVENANCES, TAGS_COUNTED_HELP, default_provenances
from wsis_data.safe_text import literal
from wsis_data.taxonomy import action_line_label, row_codes, sdg

DATASET_KEY = "ds"  # the dataset is a choice, not a filter: reset keeps it
SORT_KEY = "pick_az"  # the pickers' order: a way of looking, not a filter (not in the URL)
URL = {"bind": "query-params"}


@dataclass(frozen=True)
class Selection:
    """The dataset and filters chosen in the sidebar."""

    dataset: str
    filters: Filters
    collapse_c7: bool


@dataclass
class _Context:
    """What the filter widgets need: the dataset, its choices, and the values drawn so far."""

    key: str
    ds: Dataset
    types: tuple[str, ...]
    orgs: tuple[str, ...]
    span: tuple[int, int]
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Field:
    """One sidebar filter: target attribute ↔ widget key (= URL query parameter) ↔ widget."""

    target: str  # a Filters attribute, or "collapse_c7" (of the Selection)
    key: str
    draw: Callable[[Any, _Context], Any]  # (sidebar, context) → the target's value
    default: Callable[[_Context], Any] = lambda c: []  # the widget's value when nothing is set


def _years(side, c: _Context) -> tuple[int, int] | None:
    value = st.session_state.get("years")  # forget a remembered range outside this dataset
    if value is not None and not (c.span[0] <= value[0] <= value[1] <= c.span[1]):
        del st.session_state["years"]
    if c.span[0] == c.span[1]:
        return None
    years = side.slider("Years", c.span[0], c.span[1], value=c.span, key="years", **URL)
    return (int(years[0]), int(years[1])) if tuple(years) != c.span else None


def _collapse(side, c: _Context) -> bool:
    return not side.toggle(
        "Split C7 into its 8 sub-lines", key="c7", **URL,
        help="Off: 11 Action Lines (C7 sub-lines counted under C7). On: 18 rows, plus "
        "'C7 (unspecified)' for sessions tagged C7 without a sub-line.",
    )  # fmt: skip


def _picker(side, c: _Context, kind: str, label: str, options: list, name, placeholder: str):
    """A multiselect of organisations, Action Lines or SDGs that lists `options` by sessions in
    the view the filters above it select, the count beside each name ("UNESCO (14)"), or A–Z
    (`options` as given: code order; organisations by name) when the sort switch says so.

    Kept in the URL by hand, as `name(option)` (the code's label, the organisation's name, as
    before): a URL-bound multiselect would write its displayed label, count included."""
    key = {"action_lines": "al", "sdgs": "sdg", "organisers": "org"}[kind]
    if kind == "action_lines":  # the first picker: its sort switch serves the three
        side.toggle("Sort lists A–Z", key=SORT_KEY, help="Off: by sessions in the current view.")
    chosen = st.session_state.get("prov")  # the Tags counted box, drawn last
    tags = frozenset(chosen) if chosen is not None else frozenset(_default_provenances(c))
    above = Filters(**{k: v for k, v in c.values.items() if k != "collapse_c7"}, provenances=tags)
    counts = _cache.option_counts(c.key, above, kind, c.values["collapse_c7"])
    if not st.session_state.get(SORT_KEY):
        options = sorted(options, key=lambda o: -counts.get(o, 0))  # stable: ties as given
    by_name = {name(o): o for o in options}
    if key not in st.session_state:  # a new session: from the link, if it says
        st.session_state[key] = [by_name[v] for v in st.query_params.get_all(key) if v in by_name]
    st.session_state[key] = [o for o in dict.fromkeys(st.session_state[key]) if o in options]
    shown = lambda o: f"{name(o)} ({counts.get(o, 0):,})"  # noqa: E731
    picked = side.multiselect(label, options, key=key, placeholder=placeholder, format_func=shown)
    if picked:
        st.query_params[key] = [name(o) for o in picked]
    else:
        st.query_params.pop(key, None)
    return picked


def _action_lines(side, c: _Context) -> tuple[str, ...]:
    collapse = c.values["collapse_c7"]
    codes = list(row_codes(collapse, include_unspecified=not collapse))
    label = functools.partial(action_line_label, collapse_c7=collapse)
    return tuple(_picker(side, c, "action_lines", "Action Lines", codes, label, "All"))


def _sdgs(side, c: _Context) -> tuple[int, ...]:
    goals = _picker(side, c, "sdgs", "SDGs", list(range(1, 18)),
                    lambda goal: f"SDG {goal} · {sdg(goal).short_name}", "All")  # fmt: skip
    return tuple(int(g) for g in goals)


def _types(side, c: _Context) -> tuple[str, ...]:
    return tuple(side.multiselect("Session types", list(c.types), key="type", placeholder="All",
                                  **URL))  # fmt: skip


def _organisers(side, c: _Context) -> tuple[str, ...]:
    orgs = sorted(c.orgs, key=str.casefold)
    return tuple(_picker(side, c, "organisers", "Organisers", orgs, str, "All (type to search)"))


def _text(side, c: _Context) -> str:
    query, note = bounded_title_query(side.text_input("Title contains", key="q", **URL))
    if note:
        side.caption(note)
    return query


def _default_provenances(c: _Context) -> list[str]:
    return list(default_provenances(c.ds.has_declared_sdgs))


def _provenances(side, c: _Context) -> frozenset[str]:
    # Its default depends on the dataset: a dataset change resets it (see _reset_fields()).
    return frozenset(
        side.multiselect(
            "Tags counted",
            list(PROVENANCES),
            default=_default_provenances(c),
            key="prov",
            **URL,
            help=TAGS_COUNTED_HELP,
        )
    )


#: The filters, in sidebar order.
FIELDS: tuple[Field, ...] = (
    Field("years", "years", _years, lambda c: c.span if c.span[0] < c.span[1] else None),
    Field("collapse_c7", "c7", _collapse, lambda c: False),
    Field("action_lines", "al", _action_lines),
    Field("sdgs", "sdg", _sdgs),
    Field("session_types", "type", _types),
    Field("organisers", "org", _organisers),
    Field("text", "q", _text, lambda c: ""),
    Field("provenances", "prov", _provenances, _default_provenances),
)
#: Every URL query parameter of the sidebar.
URL_KEYS = (DATASET_KEY, *(f.key for f in FIELDS))


def sidebar() -> Selection:
    """Draw the dataset switch and the filters in the sidebar; remember the selection."""
    labels = catalog.dataset_labels()
    side = st.sidebar
    _dataset_from_link(labels, side)
    _store_fallback(labels, side)
    key = side.selectbox("Dataset", list(labels), format_func=labels.get, key=DATASET_KEY)
    try:
        ds = _cache.dataset(key)
    except WsisError as exc:  # e.g. a misconfigured WSIS_SYNTHETIC_SESSIONS, a store gone bad
        side.error(literal(f"{labels[key]} cannot be loaded: {exc}. Showing the sample instead."))
        key = catalog.DEFAULT_DATASET
        ds = _cache.dataset(key)
    context = _Context(key, ds, *_cache.choices(key))
    if st.session_state.pop(_RESET, False):
        _reset_fields(context, FIELDS)
    elif st.session_state.get(_SHOWN, key) != key:  # chosen, or forced by a fallback
        _reset_fields(context, [row for row in FIELDS if row.key == "prov"])
    st.session_state[_SHOWN] = key
    _say_dataset(key, labels)
    for row in FIELDS:
        context.values[row.target] = row.draw(side, context)
    side.button(
        "Reset filters", icon=":material/restart_alt:", width="stretch",
        on_click=lambda: st.session_state.update({_RESET: True}),
    )  # fmt: skip
    values = dict(context.values)
    collapse = values.pop("collapse_c7")
    chosen = Selection(dataset=key, filters=Filters(**values), collapse_c7=collapse)
    st.session_state["_selection"] = chosen
    return chosen


def view_links(page_title: str = "") -> None:
    """The "Share" menu (link, embed snippet, citation of this view), drawn before the page runs
    (a page may end with st.stop()). A fragment whose content is made only when it opens
    (`on_change="rerun"`, `.open`): the page's own URL-bound settings (a heatmap cell picked by a
    click, a focused organisation) are set during its run, and charts and their options rerun in
    fragments without the sidebar, so the link is made when asked for and always equals the
    address bar then, never an older one."""
    if st.session_state.get("_selection") is not None:
        with st.sidebar:
            _share(page_title)


@st.fragment
def _share(page_title: str) -> None:
    menu = st.popover("Share", icon=":material/share:", width="stretch", key="share",
                      on_change="rerun")  # fmt: skip
    if menu.open:
        chosen = st.session_state["_selection"]
        ds, title = _cache.dataset(chosen.dataset), f"WSIS–SDG dashboard: {page_title or 'view'}"
        with menu:
            fill_share_menu(cite(ds, chosen.filters, title, link=share_url()), title)


def _dataset_from_link(labels: dict[str, str], side) -> None:
    """A new session takes its dataset from the link: ``ds`` names it by key (``ds=synthetic``) or
    by the switcher's label (what the address bar says); an unavailable store is left to
    `_store_fallback`, which says why; a name that is neither is dropped with a note, never
    silently. The switcher is not URL-bound (a bound select box reads only its label)."""
    if DATASET_KEY in st.session_state or DATASET_KEY not in st.query_params:
        return
    asked, every = st.query_params[DATASET_KEY], catalog.DATASETS
    key = asked if asked in every else {v[0]: k for k, v in every.items()}.get(asked)
    if key in labels:
        st.session_state[DATASET_KEY] = key
    elif key is None:
        known = ", ".join(every)
        side.warning(literal(f"The link names a dataset “{asked}” that this dashboard does not "
                             f"have (it knows {known}): showing the sample."))  # fmt: skip


def _say_dataset(key: str, labels: dict[str, str]) -> None:
    """The address bar names the dataset shown (by its label), or nothing for the default."""
    if key == catalog.DEFAULT_DATASET:
        st.query_params.pop(DATASET_KEY, None)
    else:
        st.query_params[DATASET_KEY] = labels.get(key, key)


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
            _cache.dataset("store")
        except WsisError as exc:
            problem = str(exc)
            del labels["store"]
    else:
        problem = catalog.store_unavailable() or "the store holds no records yet (see Import)."
    if problem:
        st.session_state[DATASET_KEY] = catalog.DEFAULT_DATASET  # the switcher and the URL too
        side.warning(
            literal(f"Imported records are not available: {problem} Showing the sample instead."),
            icon=":material/database_off:",
        )


#: Session-state keys: the dataset the filter widgets were last drawn for; a reset was asked.
_SHOWN, _RESET = "_filters_dataset", "_reset_filters"


def _reset_fields(c: _Context, rows) -> None:
    """Set these filters to the dataset's defaults, before their widgets are drawn.

    Setting each widget's value (rather than forgetting it) tells the browser too, so the box,
    the counts and the URL (a default value leaves the URL) say the same thing.
    """
    for row in rows:
        if (value := row.default(c)) is None:
            st.session_state.pop(row.key, None)
        else:
            st.session_state[row.key] = value


def selection() -> Selection:
    """The sidebar's current selection (drawn by dashboard.py before the page)."""
    require_router()
    return st.session_state["_selection"]


def summary_line(choice: Selection) -> str:
    """The dataset and active filters in one line, Markdown-escaped for the caption above a chart
    (the filters name organisations and session types: record text)."""
    ds = _cache.dataset(choice.dataset)
    f = choice.filters
    return literal(f"{ds.info.chart_note} · {f.describe()} · {f.tags_counted}")
