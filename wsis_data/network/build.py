"""Building the co-organisation network of a filtered view: thresholds, links, node table.

Organisations (resolved by `wsis_data.organisations`) are nodes; two organisations are linked
when they organised at least one session together, and the link counts those sessions. Links can
be normalised like VOSviewer does (association strength) or by Jaccard similarity. The graph is
built in sorted order and converted to igraph once, for Leiden communities (seeded) and the other
fast algorithms; networkx keeps the attributes for GraphML / GEXF.

Everything starts from a filtered `Dataset` view: ``view.organisers`` (one row per session and
organisation), ``view.action_lines``, ``view.sdgs`` and ``view.sessions``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from wsis_data.dataset import COLLAPSE_INDEX, COLLAPSED_ROWS, Dataset
from wsis_data.network.communities import detect_communities, modularity, to_igraph
from wsis_data.network.model import TOP_TAGS, Network, NetworkSettings


def memberships(view: Dataset) -> pd.DataFrame:
    """One row per distinct (session, organisation) of the view, with the session's year.

    ``organisation`` is categorical, its categories sorted (their codes order like the names).
    """
    orgs = view.organisers
    keys = orgs["session_key"].to_numpy(np.int64)
    codes, names = pd.factorize(orgs["organisation"], sort=True)
    first = np.unique(keys * max(len(names), 1) + codes, return_index=True)[1]
    years = view.tables.sessions["year"].to_numpy()
    organisation = pd.Categorical.from_codes(codes[first], categories=pd.Index(names, dtype=object))
    return pd.DataFrame(
        {"session_key": keys[first], "organisation": organisation, "year": years[keys[first]]}
    )


def build_network(
    view: Dataset,
    settings: NetworkSettings | None = None,
    *,
    organisations: pd.Index | None = None,
    communities: tuple[tuple[str, ...], ...] | None = None,
) -> Network:
    """The co-organisation network of a filtered view.

    Parameters
    ----------
    view : Dataset
        A dataset or a filtered view (`wsis_data.filters.apply_filters`).
    settings : NetworkSettings, optional
        Normalisation, thresholds and community settings (defaults: association strength,
        top 200 organisations, at most 1,000 links, Leiden resolution 1, seed 42).
    organisations : pandas.Index, optional
        Keep exactly these organisations (those present in the view) instead of applying the
        organisation thresholds: a year window of a network keeps its nodes.
    communities : tuple of tuples, optional
        Use this partition (restricted to the organisations kept) instead of running Leiden.

    Returns
    -------
    Network
        Graph, node and edge tables, communities and their modularity Q.

    Examples
    --------
    >>> from wsis_data.dataset import DatasetInfo, from_records
    >>> from wsis_data.records import SessionRecord
    >>> recs = [SessionRecord(2020, str(i), "t", None, orgs) for i, orgs in
    ...         enumerate([("ITU", "UNESCO"), ("UIT", "UNESCO"), ("ITU", "UNDP"), ("PNUD",)])]
    >>> net = build_network(from_records(recs, DatasetInfo("x", "x")), NetworkSettings("none"))
    >>> net.nodes["sessions"].to_dict()
    {'ITU': 3, 'UNDP': 2, 'UNESCO': 2}
    >>> sorted(net.graph.edges(data="shared_sessions"))
    [('ITU', 'UNDP', 1), ('ITU', 'UNESCO', 2)]
    """
    settings = settings or NetworkSettings()
    member = memberships(view)
    codes = member["organisation"].cat.codes.to_numpy(np.int64)
    names = member["organisation"].cat.categories.to_numpy(object)
    n_orgs = len(names)
    sessions_per_org = np.bincount(codes, minlength=n_orgs)
    if organisations is None:
        keep = _kept_organisations(names, sessions_per_org, settings)
    else:
        keep = np.flatnonzero(pd.Index(names.astype(str)).isin(organisations))
    remap = np.full(n_orgs, -1, np.int64)
    remap[keep] = np.arange(len(keep))
    rows = remap[codes] >= 0
    org = remap[codes[rows]]
    session_codes, _ = pd.factorize(member["session_key"].to_numpy()[rows])
    kept_names = names[keep].astype(str)  # sorted: codes order like names
    edges, src, dst, n_links = _edges(
        org, session_codes, kept_names, sessions_per_org[keep], settings
    )
    nodes = _node_table(view, member[rows].assign(code=org), kept_names, sessions_per_org[keep])
    fast = to_igraph(kept_names, edges, ends=(src, dst))
    if communities is None:
        communities = detect_communities(fast, settings)
    else:
        present = set(nodes.index)  # numbering kept (a community may be empty here)
        communities = tuple(tuple(n for n in c if n in present) for c in communities)
    label = {name: i for i, group in enumerate(communities) for name in group}
    nodes["community"] = nodes.index.map(label).astype("int32")
    quality = modularity(fast, communities)
    nodes = _with_degrees(nodes, edges)
    meta = {
        "dataset": view.info.chart_note,
        "filters": view.filters.describe() if view.filters is not None else "none",
        "settings": settings.describe(),
        "modularity": f"{quality:.4f}",
        "sessions": str(view.n_sessions),
    }
    return Network(
        nodes=nodes,
        edges=edges,
        communities=communities,
        modularity=quality,
        settings=settings,
        n_organisations=n_orgs,
        n_links=n_links,
        n_sessions=view.n_sessions,
        igraph=fast,
        metadata=meta,
    )


def _kept_organisations(
    names: np.ndarray, sessions: np.ndarray, settings: NetworkSettings
) -> np.ndarray:
    """Codes of the organisations kept: enough sessions, then the top N (ties by name)."""
    order = np.lexsort((names.astype(str), -sessions))
    order = order[sessions[order] >= max(settings.min_sessions, 1)]
    if settings.top_n:
        order = order[: settings.top_n]
    return np.sort(order)


def _edges(
    org: np.ndarray,
    session: np.ndarray,
    names: np.ndarray,
    sessions: np.ndarray,
    settings: NetworkSettings,
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, int]:
    """The links kept among the kept organisations (shared sessions and normalised weight),
    their two ends as codes into ``names`` (sorted), and how many links there were before the
    link thresholds."""
    n = len(names)
    incidence = sparse.csr_matrix(
        (np.ones(len(org), np.int32), (org, session)), shape=(n, int(session.max(initial=-1)) + 1)
    )
    shared = sparse.triu(incidence @ incidence.T, k=1).tocoo()
    src, dst, count = shared.row, shared.col, shared.data.astype(np.int64)
    strength = np.bincount(src, count, n) + np.bincount(dst, count, n)
    total = count.sum()
    if settings.normalisation == "association":
        weight = 2.0 * total * count / (strength[src] * strength[dst])
    elif settings.normalisation == "jaccard":
        weight = count / (sessions[src] + sessions[dst] - count)
    else:
        weight = count.astype(float)
    kept = _strongest(src, dst, count, weight, settings)
    src, dst = src[kept].astype(np.int64), dst[kept].astype(np.int64)
    frame = pd.DataFrame(
        {
            "source": names[src].astype(str),
            "target": names[dst].astype(str),
            "shared_sessions": count[kept],
            "weight": weight[kept],
        }
    )
    return frame, src, dst, len(count)


def _strongest(
    src: np.ndarray, dst: np.ndarray, count: np.ndarray, weight: np.ndarray, settings
) -> np.ndarray:
    """Positions of the links kept, in (source, target) order: the minimum link strength, then
    the strongest links (ties by shared sessions, then names; codes sort like names)."""
    ok = np.flatnonzero(count >= max(settings.min_weight, 1))
    if settings.max_edges and len(ok) > settings.max_edges:
        order = np.lexsort((dst[ok], src[ok], -count[ok], -weight[ok]))
        ok = ok[order[: settings.max_edges]]
    return ok[np.lexsort((dst[ok], src[ok]))]


def _top_codes(counts: np.ndarray, labels: list[str]) -> list[str]:
    """'C3 (5), C2 (2)'-style top tags of each row of a count matrix."""
    order = np.argsort(-counts, axis=1, kind="stable")[:, :TOP_TAGS]
    out = []
    for row, idx in zip(counts, order, strict=True):
        out.append(", ".join(f"{labels[i]} ({row[i]})" for i in idx if row[i] > 0))
    return out


def _node_table(
    view: Dataset, member: pd.DataFrame, names: np.ndarray, sessions: np.ndarray
) -> pd.DataFrame:
    """Per organisation: sessions, years, top Action Lines and SDGs, dominant Action Line."""
    n = len(names)
    code = member["code"].to_numpy()
    year = member["year"].to_numpy().astype(np.int64)
    first = np.full(n, np.iinfo(np.int64).max)
    last = np.full(n, np.iinfo(np.int64).min)
    np.minimum.at(first, code, year)
    np.maximum.at(last, code, year)
    year_codes, year_values = pd.factorize(pd.Series(year), sort=True)
    active = np.zeros((n, max(len(year_values), 1)), bool)
    active[code, year_codes] = True
    years = [", ".join(str(y) for y in np.asarray(year_values)[row]) for row in active]

    keys = member["session_key"].to_numpy(np.int64)
    width = int(max(keys.max(initial=-1), view.tables.sessions.index.max()) + 1)
    by_session = sparse.csr_matrix((np.ones(len(code), np.int64), (code, keys)), shape=(n, width))
    tags = view.action_lines
    al_counts = _tag_counts(
        by_session,
        tags["session_key"].to_numpy(np.int64),
        COLLAPSE_INDEX[tags["row"].to_numpy(np.intp)],
        len(COLLAPSED_ROWS),
    )
    goals = view.sdgs
    sdg_counts = _tag_counts(
        by_session, goals["session_key"].to_numpy(np.int64), goals["sdg"].to_numpy(int) - 1, 17
    )
    dominant = np.where(
        al_counts.sum(axis=1) > 0,
        np.asarray(COLLAPSED_ROWS, dtype=object)[al_counts.argmax(axis=1)],
        "none",
    )
    nodes = pd.DataFrame(
        {
            "sessions": sessions.astype(np.int64),
            "first_year": first,
            "last_year": last,
            "years_active": active.sum(axis=1),
            "mean_year": np.bincount(code, year, n) / np.maximum(np.bincount(code, None, n), 1),
            "years": years,
            "top_action_lines": _top_codes(al_counts, list(COLLAPSED_ROWS)),
            "top_sdgs": _top_codes(sdg_counts, [f"SDG {g}" for g in range(1, 18)]),
            "dominant_action_line": dominant.astype(str),
            "action_lines": (al_counts > 0).sum(axis=1).astype(np.int64),
        },
        index=pd.Index(names.astype(str), name="organisation"),
    )
    order = np.lexsort((nodes.index.to_numpy(str), -nodes["sessions"].to_numpy()))
    return nodes.iloc[order]


def _tag_counts(
    by_session: sparse.csr_matrix, keys: np.ndarray, tag: np.ndarray, k: int
) -> np.ndarray:
    """Distinct sessions per (organisation, tag) as an n × k array (organisation × session
    incidence times a 0/1 session × tag incidence)."""
    tagged = sparse.csr_matrix(
        (np.ones(len(keys), np.int64), (keys, tag)), shape=(by_session.shape[1], k)
    )
    tagged.data[:] = 1  # a session tagged twice with the same code counts once
    return np.asarray((by_session @ tagged).todense())


def _with_degrees(nodes: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    ends = pd.concat(
        [
            edges[["source", "shared_sessions"]].set_axis(["organisation", "shared"], axis=1),
            edges[["target", "shared_sessions"]].set_axis(["organisation", "shared"], axis=1),
        ]
    )
    grouped = ends.groupby("organisation")["shared"]
    partners = grouped.size().reindex(nodes.index, fill_value=0)
    strength = grouped.sum().reindex(nodes.index, fill_value=0)
    return nodes.assign(partners=partners.astype("int64"), link_strength=strength.astype("int64"))
