"""Who works with whom, on what: the co-organisation network of a filtered view (networkx).

Organisations (resolved by `wsis_data.organisations`) are nodes; two organisations are linked
when they organised at least one session together, and the link counts those sessions. Links can
be normalised like VOSviewer does (association strength) or by Jaccard similarity. Communities
come from Louvain with an explicit seed on a graph built in sorted order, so the same data and
settings give the same communities and the same layout on every run and machine.

Everything starts from a filtered `Dataset` view: ``view.organisers`` (one row per session and
organisation), ``view.action_lines``, ``view.sdgs`` and ``view.sessions``.
"""

from __future__ import annotations

import hashlib
import io
import math
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass, field

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from wsis_data.dataset import COLLAPSE_INDEX, COLLAPSED_ROWS, Dataset
from wsis_data.errors import WsisError
from wsis_data.safe_text import xml_text
from wsis_data.taxonomy import collapse_code

NORMALISATIONS: dict[str, str] = {
    "association": "Association strength (VOSviewer)",
    "jaccard": "Jaccard similarity",
    "none": "Shared sessions (no normalisation)",
}
#: Betweenness is exact while nodes × links stays within this budget; above, it is estimated
#: from max(20, budget / links) seeded source nodes (networkx's `k` sampling).
BETWEENNESS_BUDGET = 1_000_000
BETWEENNESS_MIN_SAMPLES = 20
TOP_TAGS = 3
#: Node attributes written to the graph (and to GraphML / GEXF).
NODE_ATTRIBUTES = (
    "label",
    "sessions",
    "first_year",
    "last_year",
    "years_active",
    "years",
    "top_action_lines",
    "top_sdgs",
    "dominant_action_line",
)


@dataclass(frozen=True)
class NetworkSettings:
    """How to build the network: normalisation, thresholds, communities (hashable: a cache key).

    ``top_n`` and ``max_edges`` of 0 mean "no limit".
    """

    normalisation: str = "association"
    min_sessions: int = 1
    min_weight: int = 1
    top_n: int = 200
    max_edges: int = 1_000
    resolution: float = 1.0
    min_community_size: int = 1
    seed: int = 42

    def __post_init__(self) -> None:
        if self.normalisation not in NORMALISATIONS:
            raise WsisError(
                f"Unknown normalisation {self.normalisation!r}; "
                f"choose one of {', '.join(NORMALISATIONS)}"
            )
        for name in ("min_sessions", "min_weight", "top_n", "max_edges", "min_community_size"):
            if getattr(self, name) < 0:
                raise WsisError(f"Network setting {name} must be ≥ 0, not {getattr(self, name)}")
        if self.resolution <= 0:
            raise WsisError(f"Community resolution must be > 0, not {self.resolution}")

    def describe(self) -> str:
        """The settings in one line (captions, export metadata)."""
        limits = [
            f"{NORMALISATIONS[self.normalisation]}",
            f"≥ {self.min_sessions} sessions per organisation",
            f"≥ {self.min_weight} shared sessions per link",
            f"top {self.top_n} organisations" if self.top_n else "all organisations",
            f"≤ {self.max_edges} links" if self.max_edges else "all links",
            f"Louvain resolution {self.resolution:g}, seed {self.seed}",
        ]
        if self.min_community_size > 1:
            limits.append(f"communities < {self.min_community_size} merged")
        return "; ".join(limits)


@dataclass(frozen=True, eq=False)
class Network:
    """A co-organisation network and its tables (one structure, many renderers).

    ``nodes`` is indexed by organisation (sorted by sessions, then name); ``edges`` has one row
    per link (source < target) with ``shared_sessions`` and the normalised ``weight``.
    """

    graph: nx.Graph
    nodes: pd.DataFrame
    edges: pd.DataFrame
    communities: tuple[tuple[str, ...], ...]
    modularity: float
    settings: NetworkSettings
    n_organisations: int  # in the view, before thresholds
    n_links: int  # in the view among the kept organisations, before link thresholds
    n_sessions: int
    metadata: dict[str, str] = field(default_factory=dict)


def memberships(view: Dataset) -> pd.DataFrame:
    """One row per distinct (session, organisation) of the view, with the session's year."""
    orgs = view.organisers[["session_key", "organisation"]].drop_duplicates()
    years = view.tables.sessions["year"].to_numpy()
    return orgs.assign(year=years[orgs["session_key"].to_numpy()]).reset_index(drop=True)


def build_network(view: Dataset, settings: NetworkSettings | None = None) -> Network:
    """The co-organisation network of a filtered view.

    Parameters
    ----------
    view : Dataset
        A dataset or a filtered view (`wsis_data.filters.apply_filters`).
    settings : NetworkSettings, optional
        Normalisation, thresholds and community settings (defaults: association strength,
        top 200 organisations, at most 1,000 links, Louvain resolution 1, seed 42).

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
    codes, names = pd.factorize(member["organisation"], sort=True)
    names = np.asarray(names, dtype=object)
    n_orgs = len(names)
    sessions_per_org = np.bincount(codes, minlength=n_orgs)
    keep = _kept_organisations(names, sessions_per_org, settings)
    remap = np.full(n_orgs, -1, np.int64)
    remap[keep] = np.arange(len(keep))
    rows = remap[codes] >= 0
    org = remap[codes[rows]]
    session_codes, _ = pd.factorize(member["session_key"].to_numpy()[rows])
    edges = _edges(org, session_codes, names[keep], sessions_per_org[keep], settings)
    n_links = edges.attrs.pop("n_links")
    edges = _limit_edges(edges, settings)
    nodes = _node_table(view, member[rows].assign(code=org), names[keep], sessions_per_org[keep])
    graph = _graph(nodes, edges)
    communities = detect_communities(graph, settings)
    label = {name: i for i, group in enumerate(communities) for name in group}
    nodes["community"] = nodes.index.map(label).astype("int32")
    nx.set_node_attributes(graph, nodes["community"].to_dict(), "community")
    modularity = _modularity(graph, communities)
    nodes = _with_degrees(nodes, edges)
    for column in ("partners", "link_strength"):
        nx.set_node_attributes(graph, nodes[column].to_dict(), column)
    meta = {
        "dataset": view.info.chart_note,
        "filters": view.filters.describe() if view.filters is not None else "none",
        "settings": settings.describe(),
        "modularity": f"{modularity:.4f}",
        "sessions": str(view.n_sessions),
    }
    graph.graph.update({**meta, **{f"setting_{k}": v for k, v in asdict(settings).items()}})
    return Network(
        graph=graph,
        nodes=nodes,
        edges=edges,
        communities=communities,
        modularity=modularity,
        settings=settings,
        n_organisations=n_orgs,
        n_links=n_links,
        n_sessions=view.n_sessions,
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
) -> pd.DataFrame:
    """Every link among the kept organisations, with shared sessions and normalised weight."""
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
    frame = pd.DataFrame(
        {
            "source": names[src].astype(str),
            "target": names[dst].astype(str),
            "shared_sessions": count,
            "weight": weight,
        }
    )
    frame.attrs["n_links"] = len(frame)
    return frame


def _limit_edges(edges: pd.DataFrame, settings: NetworkSettings) -> pd.DataFrame:
    """Apply the minimum link strength, then keep the strongest links (ties broken by name)."""
    edges = edges[edges["shared_sessions"] >= max(settings.min_weight, 1)]
    edges = edges.sort_values(
        ["weight", "shared_sessions", "source", "target"],
        ascending=[False, False, True, True],
        kind="stable",
    )
    if settings.max_edges:
        edges = edges.head(settings.max_edges)
    return edges.sort_values(["source", "target"], kind="stable").reset_index(drop=True)


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

    tags = view.action_lines
    al = pd.DataFrame(
        {
            "session_key": tags["session_key"].to_numpy(),
            "al": COLLAPSE_INDEX[tags["row"].to_numpy(np.intp)],
        }
    ).drop_duplicates()
    al_counts = _tag_counts(member, al, "al", n, len(COLLAPSED_ROWS))
    sd = view.sdgs[["session_key", "sdg"]].drop_duplicates()
    sd = sd.assign(goal=sd["sdg"].to_numpy(int) - 1)[["session_key", "goal"]]
    sdg_counts = _tag_counts(member, sd, "goal", n, 17)
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
            "years": years,
            "top_action_lines": _top_codes(al_counts, list(COLLAPSED_ROWS)),
            "top_sdgs": _top_codes(sdg_counts, [f"SDG {g}" for g in range(1, 18)]),
            "dominant_action_line": dominant.astype(str),
        },
        index=pd.Index(names.astype(str), name="organisation"),
    )
    order = np.lexsort((nodes.index.to_numpy(str), -nodes["sessions"].to_numpy()))
    return nodes.iloc[order]


def _tag_counts(member: pd.DataFrame, tags: pd.DataFrame, column: str, n: int, k: int):
    """Distinct sessions per (organisation, tag) as an n × k array."""
    joined = member[["session_key", "code"]].merge(tags, on="session_key")
    flat = joined["code"].to_numpy(np.int64) * k + joined[column].to_numpy(np.int64)
    return np.bincount(flat, minlength=n * k).reshape(n, k)


def _graph(nodes: pd.DataFrame, edges: pd.DataFrame) -> nx.Graph:
    """A graph with nodes and edges added in sorted order (reproducible Louvain and layout)."""
    graph = nx.Graph()
    ordered = nodes.sort_index()
    attrs = ordered.assign(label=ordered.index.to_numpy(str))[list(NODE_ATTRIBUTES)]
    records = attrs.astype(
        {c: "int64" for c in ("sessions", "first_year", "last_year", "years_active")}
    ).to_dict("records")
    graph.add_nodes_from(zip(ordered.index.to_numpy(str).tolist(), records, strict=True))
    graph.add_edges_from(
        (s, t, {"weight": float(w), "shared_sessions": int(c)})
        for s, t, c, w in zip(
            edges["source"], edges["target"], edges["shared_sessions"], edges["weight"], strict=True
        )
    )
    return graph


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


def detect_communities(
    graph: nx.Graph, settings: NetworkSettings | None = None
) -> tuple[tuple[str, ...], ...]:
    """Louvain communities (seeded), largest first, each sorted; small ones merged if asked.

    A community smaller than ``settings.min_community_size`` joins the community it shares the
    most link weight with (smallest first, repeated until none is too small and linked); small
    communities with no link to another are pooled together, last.
    """
    settings = settings or NetworkSettings()
    if graph.number_of_nodes() == 0:
        return ()
    found = nx.community.louvain_communities(
        graph, weight="weight", resolution=settings.resolution, seed=settings.seed
    )
    groups = _ordered([sorted(map(str, c)) for c in found])
    if settings.min_community_size > 1:
        groups = _merge_small(graph, groups, settings.min_community_size)
    return tuple(tuple(g) for g in groups)


def _ordered(groups: list[list[str]]) -> list[list[str]]:
    return sorted(groups, key=lambda g: (-len(g), g[0]))


def _merge_small(graph: nx.Graph, groups: list[list[str]], min_size: int) -> list[list[str]]:
    """Merge each too-small community, smallest first, into the one it is most linked to."""
    groups = [list(g) for g in groups]
    owner = {n: i for i, g in enumerate(groups) for n in g}
    alive = set(range(len(groups)))
    stuck: set[int] = set()
    while True:
        small = [i for i in alive - stuck if len(groups[i]) < min_size]
        if not small:
            break
        i = min(small, key=lambda j: (len(groups[j]), groups[j][0]))
        links: dict[int, float] = {}
        for node in groups[i]:
            for other, data in graph[node].items():
                j = owner[other]
                if j != i:
                    links[j] = links.get(j, 0.0) + data["weight"]
        if not links:
            stuck.add(i)
            continue
        target = min(links, key=lambda j: (-links[j], -len(groups[j]), groups[j][0]))
        for node in groups[i]:
            owner[node] = target
        groups[target] = sorted(groups[target] + groups[i])
        alive.discard(i)
    kept = _ordered([groups[i] for i in alive - stuck])
    pooled = sorted(n for i in stuck for n in groups[i])
    return kept + ([pooled] if pooled else [])


def _modularity(graph: nx.Graph, communities: tuple[tuple[str, ...], ...]) -> float:
    if graph.number_of_edges() == 0:
        return 0.0
    return float(nx.community.modularity(graph, [set(c) for c in communities], weight="weight"))


def centrality(network: Network) -> pd.DataFrame:
    """Degree, weighted degree, betweenness and eigenvector centrality of every node.

    Betweenness is exact while nodes × links ≤ 1,000,000, otherwise estimated from
    `betweenness_samples` seeded source nodes (the table's ``attrs["betweenness"]`` says which).
    Eigenvector centrality is defined on a connected graph: it is computed on the largest
    connected component (3 nodes or more) and left empty elsewhere.
    """
    graph = network.graph
    nodes = network.nodes
    n, m = graph.number_of_nodes(), graph.number_of_edges()
    samples = betweenness_samples(n, m)
    if samples < n:
        between = nx.betweenness_centrality(graph, k=samples, seed=network.settings.seed)
    else:
        between = nx.betweenness_centrality(graph)
    eigen: dict[str, float] = {}
    if graph.number_of_edges():
        component = max(nx.connected_components(graph), key=lambda c: (len(c), min(c)))
        if len(component) >= 3:
            sub = graph.subgraph(sorted(component))
            try:
                eigen = nx.eigenvector_centrality_numpy(sub, weight="weight", tol=1e-8)
            except (nx.NetworkXException, ArithmeticError, ValueError):
                eigen = {}
    weighted = dict(graph.degree(weight="weight"))
    table = pd.DataFrame(
        {
            "sessions": nodes["sessions"],
            "community": nodes["community"] + 1,
            "degree": nodes["partners"],
            "link_strength": nodes["link_strength"],
            "weighted_degree": nodes.index.map(weighted).astype(float),
            "betweenness": nodes.index.map(between).astype(float),
            "eigenvector": nodes.index.map(lambda o: eigen.get(o, math.nan)).astype(float),
        },
        index=nodes.index,
    )
    table = table.reset_index()
    table.attrs["betweenness"] = (
        "exact" if samples >= n else f"estimated from {samples} of {n} source nodes (seeded)"
    )
    return table


def betweenness_samples(n: int, m: int) -> int:
    """How many source nodes betweenness uses: all (exact) within the budget, else a sample."""
    if n * m <= BETWEENNESS_BUDGET:
        return n
    return min(n, max(BETWEENNESS_MIN_SAMPLES, BETWEENNESS_BUDGET // max(m, 1)))


# --- layout -----------------------------------------------------------------------------------

_LAYOUTS: OrderedDict[str, dict[str, tuple[float, float]]] = OrderedDict()
_LAYOUT_CACHE_SIZE = 32
_LAYOUT_LOCK = threading.Lock()  # Streamlit serves sessions from several threads


def graph_key(network: Network) -> str:
    """A digest of a network's content (sorted nodes, links and weights) and its layout seed."""
    digest = hashlib.sha1(f"seed={network.settings.seed};".encode())
    digest.update(pd.util.hash_pandas_object(network.nodes.index.sort_values(), index=False).values)
    edges = network.edges[["source", "target", "weight"]]
    digest.update(pd.util.hash_pandas_object(edges.round(12), index=False).values)
    return digest.hexdigest()


def layout(network: Network) -> dict[str, tuple[float, float]]:
    """Seeded force-directed positions (see `force_layout`), cached by network content."""
    key = graph_key(network)
    with _LAYOUT_LOCK:
        if key in _LAYOUTS:
            _LAYOUTS.move_to_end(key)
            return _LAYOUTS[key]
    names = np.sort(network.nodes.index.to_numpy(str))
    index = pd.Index(names)
    edges = network.edges
    top = float(edges["weight"].max()) if len(edges) else 1.0
    coords = force_layout(
        len(names),
        index.get_indexer(edges["source"]),
        index.get_indexer(edges["target"]),
        edges["weight"].to_numpy(float) / (top or 1.0),
        seed=network.settings.seed,
    )
    positions = {
        name: (float(x), float(y)) for name, (x, y) in zip(names.tolist(), coords, strict=True)
    }
    with _LAYOUT_LOCK:
        _LAYOUTS[key] = positions
        while len(_LAYOUTS) > _LAYOUT_CACHE_SIZE:
            _LAYOUTS.popitem(last=False)
    return positions


def force_layout(
    n: int,
    source: np.ndarray,
    target: np.ndarray,
    weight: np.ndarray,
    *,
    seed: int,
    iterations: int = 50,
    samples: int = 128,
    exact_max: int = 1_000,
) -> np.ndarray:
    """Fruchterman–Reingold positions (n × 2, in [-1, 1]) with a seeded random start.

    The same forces as `networkx.spring_layout` (repulsion k²/d, attraction w·d²/k, linear
    cooling), vectorised. Up to ``exact_max`` nodes repulsion is exact; above, each iteration
    estimates it from ``samples`` seeded random nodes (scaled up), so a 5,000-node graph takes
    about a second instead of minutes. A weak pull to the centre keeps components together.
    """
    rng = np.random.default_rng(seed)
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    pos = rng.random((n, 2))
    k = math.sqrt(1.0 / n)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = _repulsion(pos, k, rng, samples if n > exact_max else 0)
        delta = pos[source] - pos[target]
        dist = np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 0.01)
        pull = delta * (weight * dist / k)[:, None]
        for axis in (0, 1):
            disp[:, axis] -= np.bincount(source, pull[:, axis], n)
            disp[:, axis] += np.bincount(target, pull[:, axis], n)
        disp -= 0.1 * k * (pos - pos.mean(axis=0)) * math.sqrt(n)
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 0.01)
        pos += disp * (temperature / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    scale = np.abs(pos).max()
    return pos / scale if scale > 0 else pos


def _repulsion(pos: np.ndarray, k: float, rng: np.random.Generator, samples: int) -> np.ndarray:
    """Sum over other nodes of delta · k² / d² (exact, or estimated from a seeded sample)."""
    n = len(pos)
    if samples:
        others = pos[rng.choice(n, size=samples, replace=False)]
        factor = (n - 1) / samples
    else:
        others, factor = pos, 1.0
    disp = np.empty_like(pos)
    ox, oy = others[:, 0], others[:, 1]
    for start in range(0, n, 1024):
        bx, by = pos[start : start + 1024, 0:1], pos[start : start + 1024, 1:2]
        dx, dy = bx - ox, by - oy
        force = (k * k * factor) / np.maximum(dx * dx + dy * dy, 1e-4)
        disp[start : start + 1024, 0] = (dx * force).sum(axis=1)
        disp[start : start + 1024, 1] = (dy * force).sum(axis=1)
    return disp


# --- organisation profile ---------------------------------------------------------------------


def organisation_sessions(view: Dataset, organisation: str) -> pd.DataFrame:
    """One organisation's sessions in the view: year, id, title, type, organisers, url, tags."""
    orgs = view.organisers
    keys = orgs.loc[orgs["organisation"] == organisation, "session_key"].unique()
    sessions = view.tables.sessions.loc[np.sort(keys)]
    tags = view.action_lines
    tags = tags[tags["session_key"].isin(keys)]
    als = tags.groupby("session_key")["action_line"].agg(lambda s: ", ".join(sorted(set(s))))
    goals = view.sdgs[view.sdgs["session_key"].isin(keys)]
    sdgs = goals.groupby("session_key")["sdg"].agg(lambda s: ", ".join(map(str, sorted(set(s)))))
    out = sessions[["year", "session_id", "title", "session_type", "organisers", "url"]].copy()
    out["action_lines"] = als.reindex(out.index).astype(object).fillna("").to_numpy()
    out["sdgs"] = sdgs.reindex(out.index).astype(object).fillna("").to_numpy()
    out = out.sort_values(["year", "session_id"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


def partners(network: Network, organisation: str) -> pd.DataFrame:
    """One organisation's partners in the network, strongest first."""
    edges = network.edges
    mine = edges[(edges["source"] == organisation) | (edges["target"] == organisation)]
    other = np.where(mine["source"] == organisation, mine["target"], mine["source"])
    out = pd.DataFrame(
        {
            "partner": other.astype(str),
            "shared_sessions": mine["shared_sessions"].to_numpy(),
            "weight": mine["weight"].to_numpy(),
        }
    )
    out = out.sort_values(["shared_sessions", "weight", "partner"], ascending=[False, False, True])
    return out.reset_index(drop=True)


def sessions_by_year(view: Dataset, organisation: str) -> pd.DataFrame:
    """Sessions per year of one organisation in the view."""
    member = memberships(view)
    years = member.loc[member["organisation"] == organisation, "year"]
    counts = years.value_counts().sort_index()
    return pd.DataFrame({"year": counts.index.astype(int), "sessions": counts.to_numpy()})


# --- bipartite view ---------------------------------------------------------------------------

BIPARTITE_KINDS = {"action_line": "Action Lines", "sdg": "SDGs"}


def bipartite_counts(view: Dataset, kind: str = "action_line", top_n: int = 30) -> pd.DataFrame:
    """Organisation × Action Line (collapsed C7) or × SDG: distinct sessions, top N by sessions."""
    member = memberships(view)[["session_key", "organisation"]]
    if kind == "action_line":
        tags = view.action_lines[["session_key", "action_line"]]
        tags = tags.assign(tag=tags["action_line"].map(collapse_code))[["session_key", "tag"]]
        columns = list(COLLAPSED_ROWS)
    elif kind == "sdg":
        tags = view.sdgs[["session_key", "sdg"]].rename(columns={"sdg": "tag"})
        tags = tags.assign(tag=tags["tag"].astype(int))
        columns = list(range(1, 18))
    else:
        choices = ", ".join(BIPARTITE_KINDS)
        raise WsisError(f"Unknown bipartite view {kind!r}; choose one of {choices}")
    joined = member.merge(tags.drop_duplicates(), on="session_key")
    grid = pd.crosstab(joined["organisation"], joined["tag"]).reindex(columns=columns, fill_value=0)
    totals = member.groupby("organisation")["session_key"].nunique()
    order = sorted(grid.index, key=lambda o: (-int(totals.get(o, 0)), o))
    return grid.loc[order[:top_n] if top_n else order]


def bipartite_graph(counts: pd.DataFrame, kind: str = "action_line") -> nx.Graph:
    """The organisation × tag counts as a weighted bipartite graph (``bipartite`` = 0 / 1)."""
    graph = nx.Graph(kind=kind)
    graph.add_nodes_from(sorted(map(str, counts.index)), bipartite=0, kind="organisation")
    prefix = "" if kind == "action_line" else "SDG "
    graph.add_nodes_from((f"{prefix}{c}" for c in counts.columns), bipartite=1, kind=kind)
    for org, row in counts.iterrows():
        for tag, value in row.items():
            if value:
                graph.add_edge(str(org), f"{prefix}{tag}", weight=int(value))
    return graph


def bipartite_graphml_bytes(counts: pd.DataFrame, kind: str, metadata: dict[str, str]) -> bytes:
    """The organisation × tag bipartite graph as GraphML, with `metadata` as graph attributes."""
    graph = bipartite_graph(counts, kind)
    graph.graph.update({k: str(v) for k, v in metadata.items()})
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8")
    return buffer.getvalue()


# --- export -----------------------------------------------------------------------------------


def graphml_bytes(network: Network) -> bytes:
    """The network as GraphML (node, edge and graph attributes, filter metadata included)."""
    buffer = io.BytesIO()
    nx.write_graphml(_export_graph(network), buffer, encoding="utf-8")
    return buffer.getvalue()


def gexf_bytes(network: Network) -> bytes:
    """The network as GEXF 1.2 (for Gephi): attributes, layout positions and node sizes (viz),
    filter metadata in the file's <meta> description."""
    buffer = io.BytesIO()
    graph = _export_graph(network)
    for _, attrs in graph.nodes(data=True):  # Gephi opens with the dashboard's layout and sizes
        attrs["viz"] = {
            "position": {"x": 1000 * attrs["x"], "y": 1000 * attrs["y"], "z": 0.0},
            "size": 4.0 + 4.0 * math.sqrt(attrs["sessions"]),
        }
    nx.write_gexf(graph, buffer, encoding="utf-8")
    text = buffer.getvalue().decode("utf-8")
    description = " | ".join(f"{k}: {v}" for k, v in network.metadata.items())
    meta = f"<description>{xml_text(description)}</description>"
    return text.replace("</creator>", f"</creator>{meta}", 1).encode("utf-8")


def _export_graph(network: Network) -> nx.Graph:
    graph = network.graph.copy()
    positions = layout(network)
    for node, (x, y) in positions.items():
        graph.nodes[node]["x"] = x
        graph.nodes[node]["y"] = y
    graph.graph = {k: str(v) for k, v in graph.graph.items()}
    return graph


def nodes_frame(network: Network) -> pd.DataFrame:
    """The node table for CSV export (community numbered from 1)."""
    nodes = network.nodes.assign(community=network.nodes["community"] + 1)
    return nodes.reset_index()
