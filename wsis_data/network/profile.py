"""One organisation in the network: its sessions, partners, years and k-step neighbourhood."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wsis_data.dataset import Dataset
from wsis_data.network.build import memberships
from wsis_data.network.model import Network


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
