"""Overlay scores (VOSviewer's overlay visualisation): one number per organisation to colour by."""

from __future__ import annotations

import pandas as pd

from wsis_data.errors import WsisError
from wsis_data.network.model import Network

#: Score → what it is (legend title). "share" needs the sessions of the view without its
#: Action Line / SDG filters (see `overlay_scores`).
OVERLAYS: dict[str, str] = {
    "first_year": "First year active",
    "mean_year": "Mean year of their sessions",
    "share": "Share of their sessions on the chosen Action Lines / SDGs",
    "action_lines": "Distinct Action Lines",
}


def overlay_scores(
    network: Network, score: str, all_sessions: pd.Series | None = None
) -> pd.Series:
    """The score of every organisation of the network (index = ``network.nodes.index``).

    ``share`` divides each organisation's sessions in the network's view (which the sidebar's
    Action Line / SDG choice filters) by its sessions in the same view without that choice,
    ``all_sessions`` (organisation → sessions, e.g. `sessions_per_organisation`).
    """
    nodes = network.nodes
    if score == "first_year":
        return nodes["first_year"].astype(float).rename(score)
    if score == "mean_year":
        return nodes["mean_year"].astype(float).rename(score)
    if score == "action_lines":
        return nodes["action_lines"].astype(float).rename(score)
    if score == "share":
        if all_sessions is None:
            raise WsisError("The share overlay needs the sessions without the tag filters")
        total = all_sessions.reindex(nodes.index).astype(float)
        return (nodes["sessions"] / total.where(total > 0)).clip(upper=1.0).rename(score)
    raise WsisError(f"Unknown overlay {score!r}; choose one of {', '.join(OVERLAYS)}")


def sessions_per_organisation(view) -> pd.Series:
    """Distinct sessions of every organisation in a view (organisation → count)."""
    orgs = view.organisers[["session_key", "organisation"]].drop_duplicates()
    return orgs.groupby("organisation")["session_key"].size()
