"""What a network is made of: its settings (a hashable cache key) and the built `Network`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cached_property

import igraph as ig
import networkx as nx
import pandas as pd

from wsis_data.errors import WsisError

NORMALISATIONS: dict[str, str] = {
    "association": "Association strength (VOSviewer)",
    "jaccard": "Jaccard similarity",
    "none": "Shared sessions (no normalisation)",
}
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
class SettingField:
    """One numeric setting as a control shows it (the page draws one number input per row)."""

    name: str  # the NetworkSettings field
    label: str
    low: int
    high: int
    step: int
    key: str  # widget key and URL parameter
    help: str = ""


SETTING_FIELDS: tuple[SettingField, ...] = (
    SettingField("min_sessions", "Minimum sessions per organisation", 1, 10_000, 1, "net_min"),
    SettingField("min_weight", "Minimum shared sessions per link", 1, 10_000, 1, "net_link"),
    SettingField(
        "top_n", "Organisations shown (most sessions first; 0 = all)", 0, 100_000, 50, "net_top"
    ),
    SettingField(
        "max_edges", "Maximum links (strongest first; 0 = all)", 0, 1_000_000, 250, "net_edges"
    ),
    SettingField(
        "min_community_size", "Minimum community size", 1, 1_000, 1, "net_comm",
        "Smaller communities join the community they are most linked to.",
    ),
)  # fmt: skip


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
            f"Leiden resolution {self.resolution:g}, seed {self.seed}",
        ]
        if self.min_community_size > 1:
            limits.append(f"communities < {self.min_community_size} merged")
        return "; ".join(limits)


@dataclass(frozen=True, eq=False)
class Network:
    """A co-organisation network and its tables (one structure, many renderers).

    ``nodes`` is indexed by organisation (sorted by sessions, then name); ``edges`` has one row
    per link (source < target) with ``shared_sessions`` and the normalised ``weight``.
    ``graph`` (networkx, built on first use) carries the attributes written to GraphML / GEXF;
    ``igraph`` is the same graph built once (vertices in name order, ``name`` and ``weight``
    attributes) for the fast algorithms: communities, centralities, neighbourhoods.
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    communities: tuple[tuple[str, ...], ...]
    modularity: float
    settings: NetworkSettings
    n_organisations: int  # in the view, before thresholds
    n_links: int  # in the view among the kept organisations, before link thresholds
    n_sessions: int
    igraph: ig.Graph
    metadata: dict[str, str] = field(default_factory=dict)

    @cached_property
    def graph(self) -> nx.Graph:
        """The networkx graph with every attribute (built on first use: exports need it)."""
        return networkx_graph(self)


def networkx_graph(network: Network) -> nx.Graph:
    """The network as a networkx graph, nodes and edges added in sorted order, every attribute
    (nodes, edges, metadata and settings) on it: what GraphML and GEXF write."""
    nodes, edges = network.nodes, network.edges
    graph = nx.Graph()
    settings = {f"setting_{k}": v for k, v in asdict(network.settings).items()}
    graph.graph.update({**network.metadata, **settings})
    ordered = nodes.sort_index()
    columns = [*NODE_ATTRIBUTES, "community", "partners", "link_strength"]
    attrs = ordered.assign(label=ordered.index.to_numpy(str))[columns]
    ints = ("sessions", "first_year", "last_year", "years_active", "community", "partners")
    records = attrs.astype({c: "int64" for c in (*ints, "link_strength")}).to_dict("records")
    graph.add_nodes_from(zip(ordered.index.to_numpy(str).tolist(), records, strict=True))
    graph.add_edges_from(
        (s, t, {"weight": float(w), "shared_sessions": int(c)})
        for s, t, c, w in zip(
            edges["source"].tolist(),
            edges["target"].tolist(),
            edges["shared_sessions"].tolist(),
            edges["weight"].tolist(),
            strict=True,
        )
    )
    return graph
