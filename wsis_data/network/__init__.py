"""Who works with whom, on what: the co-organisation network of a filtered view.

The package is split by concept; every public name is re-exported here, so
``from wsis_data.network import build_network`` works whatever module holds it.

- `model`: `NetworkSettings` (a hashable cache key) and the built `Network`
- `build`: `build_network` (thresholds, links, node table; networkx + igraph once)
- `communities`: Leiden through igraph (seeded), small communities merged, modularity
- `centrality`: degree, betweenness (exact or sampled), eigenvector, with igraph
- `layout`: seeded force-directed positions cached by graph content
- `profile`: one organisation's sessions, partners, years and k-step neighbourhood
- `overlay`: scores to colour organisations by (VOSviewer's overlay)
- `timeline`: the network per window of years, positions and communities kept
- `bipartite`: organisations × Action Lines / SDGs
- `files`: GraphML, GEXF (drawn as on screen) and the node table
"""

from wsis_data.network.bipartite import (
    BIPARTITE_KINDS,
    bipartite_counts,
    bipartite_graph,
    bipartite_graphml_bytes,
)
from wsis_data.network.build import build_network, memberships
from wsis_data.network.centrality import (
    BETWEENNESS_BUDGET,
    BETWEENNESS_MIN_SAMPLES,
    betweenness_samples,
    centrality,
)
from wsis_data.network.communities import detect_communities, modularity, to_igraph
from wsis_data.network.files import gexf_bytes, graphml_bytes, nodes_frame, rgb
from wsis_data.network.layout import clear_layouts, force_layout, graph_key, layout
from wsis_data.network.model import (
    NODE_ATTRIBUTES,
    NORMALISATIONS,
    SETTING_FIELDS,
    TOP_TAGS,
    Network,
    NetworkSettings,
)
from wsis_data.network.overlay import OVERLAYS, overlay_scores, sessions_per_organisation
from wsis_data.network.profile import (
    neighbourhood,
    organisation_sessions,
    partners,
    sessions_by_year,
)
from wsis_data.network.timeline import window_networks, year_windows

__all__ = [
    "BETWEENNESS_BUDGET",
    "BETWEENNESS_MIN_SAMPLES",
    "BIPARTITE_KINDS",
    "NODE_ATTRIBUTES",
    "NORMALISATIONS",
    "OVERLAYS",
    "SETTING_FIELDS",
    "TOP_TAGS",
    "Network",
    "NetworkSettings",
    "betweenness_samples",
    "bipartite_counts",
    "bipartite_graph",
    "bipartite_graphml_bytes",
    "build_network",
    "centrality",
    "clear_layouts",
    "detect_communities",
    "force_layout",
    "gexf_bytes",
    "graph_key",
    "graphml_bytes",
    "layout",
    "memberships",
    "modularity",
    "neighbourhood",
    "nodes_frame",
    "organisation_sessions",
    "overlay_scores",
    "partners",
    "rgb",
    "sessions_by_year",
    "sessions_per_organisation",
    "to_igraph",
    "window_networks",
    "year_windows",
]
