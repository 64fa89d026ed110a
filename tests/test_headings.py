"""Tables shown in the app speak a reader's words; exports keep the stable column names."""

from __future__ import annotations

import pandas as pd

from tests.support.records import dataset, rec
from wsis_data.figures import matrix as matrix_figures
from wsis_data.figures import network as network_figures
from wsis_data.filters import Filters
from wsis_data.headings import headings
from wsis_data.matrix import build_matrix
from wsis_data.network import NetworkSettings, build_network, partners
from wsis_data.network import layout as network_layout
from wsis_data.provenance import PROVENANCES
from wsis_data.views import apply_filters


def view():
    ds = dataset(rec(2019, "1", ("C1",), (4,), orgs=("ITU", "UNESCO")))
    return apply_filters(ds, Filters(provenances=frozenset(PROVENANCES)))


def test_shown_tables_have_no_raw_column_names():
    net = build_network(view(), NetworkSettings())
    table = partners(net, "ITU")
    assert list(table.columns) == ["partner", "shared_sessions", "weight"]  # exports: stable
    shown = headings(table)
    assert shown == {"partner": "Partner", "shared_sessions": "Shared sessions",
                     "weight": "Link weight"}  # fmt: skip
    frame = pd.DataFrame(columns=["session_id", "reverse_index_only", "url"])
    assert all("_" not in h for h in headings(frame).values())


def test_network_subtitle_counts_in_the_singular_when_one():
    net = build_network(view(), NetworkSettings())
    fig = network_figures.network_figure(net, network_layout(net))
    title = fig.layout.title.text
    assert "1 link " in title and "1 community," in title and "1 links" not in title


def test_official_link_hover_speaks_no_internal_file_names():
    grid = build_matrix(view())
    texts = [t for row in matrix_figures._official_text(grid) for t in row]
    flagged = [t for t in texts if "flagged" in t]
    assert flagged  # the official matrix has flagged pairs
    assert not any("actions.json" in t or "reverse index" in t for t in texts)
