"""One organisation in the network: its sessions, partners, years and k-step neighbourhood."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wsis_data.dataset import Dataset
from wsis_data.network.build import memberships
from wsis_data.network.model import Network
from wsis_data.sessions import sessions_table


def organisation_sessions(view: Dataset, organisation: str) -> pd.DataFrame:
    """One organisation's sessions in the view (the one "sessions behind" table)."""
    orgs = view.organisers
    return sessions_table(view, orgs.loc[orgs["organisation"] == organisation, "session_key"])


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


def neighbourhood(network: Network, organisation: str, steps: int = 1) -> tuple[str, ...]:
    """The organisations at most ``steps`` links from ``organisation`` (itself included), sorted.

    Empty when the organisation is not in the network.
    """
    g = network.igraph
    try:
        vertex = g.vs.find(name=organisation).index
    except (ValueError, KeyError):
        return ()
    found = g.neighborhood(vertex, order=max(int(steps), 0))
    return tuple(sorted(g.vs[i]["name"] for i in found))
