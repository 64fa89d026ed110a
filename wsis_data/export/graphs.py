"""Graph files of the network page (GraphML, GEXF) as `Download`s for the one download panel.

The bytes are written by `wsis_data.network` (it owns the graph); this module only lists the files.
"""

from __future__ import annotations

import pandas as pd

from wsis_data.export.formats import FORMATS, Download
from wsis_data.export.meta import ExportMeta
from wsis_data.network import Network, bipartite_graphml_bytes, gexf_bytes, graphml_bytes

__all__ = ["bipartite_files", "network_files", "tag_table"]


def network_files(net: Network, stem: str) -> list[Download]:
    """The co-organisation network as GraphML and GEXF (made when clicked)."""
    return [
        Download(FORMATS[ext].label, stem, ext, make)
        for ext, make in (
            ("graphml", lambda: graphml_bytes(net)),
            ("gexf", lambda: gexf_bytes(net)),
        )
    ]


def tag_table(counts: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Organisations × Action Lines / SDGs as a flat table (SDG columns named "SDG n")."""
    table = counts.reset_index()
    table.columns = [
        str(c) if kind == "action_line" or c == "organisation" else f"SDG {c}"
        for c in table.columns
    ]
    return table


def bipartite_files(counts: pd.DataFrame, kind: str, meta: ExportMeta, stem: str) -> list[Download]:
    """The organisations × tags bipartite graph as GraphML, metadata as graph attributes."""
    rows = dict(meta.as_rows())
    make = lambda: bipartite_graphml_bytes(counts, kind, rows)  # noqa: E731
    return [Download("Bipartite GraphML", stem, "graphml", make)]
