"""Organisations × Action Lines or SDGs: counts and the bipartite graph."""

from __future__ import annotations

import io

import networkx as nx
import pandas as pd

from wsis_data.dataset import COLLAPSED_ROWS, Dataset
from wsis_data.errors import WsisError
from wsis_data.network.build import memberships
from wsis_data.safe_text import printable_graph
from wsis_data.taxonomy import collapse_code

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
    nx.write_graphml(printable_graph(graph), buffer, encoding="utf-8")
    return buffer.getvalue()
