"""The network as files: GraphML, GEXF (drawn as on screen, for Gephi) and the node table."""

from __future__ import annotations

import io
import math
import re
from xml.sax.saxutils import escape

import networkx as nx
import pandas as pd

from wsis_data.network.layout import layout
from wsis_data.network.model import Network
from wsis_data.safe_text import printable, printable_graph

#: Positions are written in [-1000, 1000] (Gephi's scale); sizes like the chart's markers.
GEXF_SCALE = 1000.0


def graphml_bytes(network: Network) -> bytes:
    """The network as GraphML (node, edge and graph attributes, filter metadata included)."""
    buffer = io.BytesIO()
    nx.write_graphml(printable_graph(_export_graph(network)), buffer, encoding="utf-8")
    return buffer.getvalue()


def gexf_bytes(network: Network, colours: dict[str, str] | None = None) -> bytes:
    """The network as GEXF 1.2 (for Gephi), opened as drawn here: layout positions, node sizes
    and, when given, node colours (``{organisation: "#rrggbb" or "rgb(r, g, b)"}``) in the viz
    namespace; filter metadata in the file's <meta> description."""
    buffer = io.BytesIO()
    graph = _export_graph(network)
    colours = colours or {}
    for node, attrs in graph.nodes(data=True):
        viz = {
            "position": {"x": GEXF_SCALE * attrs["x"], "y": GEXF_SCALE * attrs["y"], "z": 0.0},
            "size": 4.0 + 4.0 * math.sqrt(attrs["sessions"]),
        }
        if node in colours:
            r, g, b = rgb(colours[node])
            viz["color"] = {"r": r, "g": g, "b": b, "a": 1.0}
        attrs["viz"] = viz
    nx.write_gexf(printable_graph(graph), buffer, encoding="utf-8")
    text = buffer.getvalue().decode("utf-8")
    description = " | ".join(f"{k}: {v}" for k, v in network.metadata.items())
    meta = f"<description>{escape(printable(description))}</description>"
    return text.replace("</creator>", f"</creator>{meta}", 1).encode("utf-8")


def rgb(colour: str) -> tuple[int, int, int]:
    """(r, g, b) of a ``#rrggbb`` or ``rgb(r, g, b)`` colour."""
    if colour.startswith("#") and len(colour) == 7:
        return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
    numbers = re.findall(r"[\d.]+", colour)
    if colour.startswith("rgb") and len(numbers) >= 3:
        r, g, b = (round(float(v)) for v in numbers[:3])
        return r, g, b
    raise ValueError(f"Not an RGB colour: {colour!r}")


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
