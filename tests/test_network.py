"""The co-organisation network on hand-built records with known answers."""

import io
import math

import networkx as nx
import numpy as np
import pytest

from tests.support.records import dataset, rec
from wsis_data import network as N
from wsis_data.errors import WsisError
from wsis_data.figures import network as F
from wsis_data.filters import Filters, apply_filters
from wsis_data.network import NetworkSettings

A = ("A1", "A2", "A3", "A4")
B = ("B1", "B2", "B3", "B4")


def cliques_and_bridge():
    """Two 4-cliques (two sessions each) and X, who organised once with A1 and once with B1."""
    recs = [rec(2020, f"a{i}", ("C3",), (4,), orgs=A) for i in range(2)]
    recs += [rec(2021, f"b{i}", ("C5",), (9,), orgs=B) for i in range(2)]
    recs += [rec(2022, "x1", ("C3",), orgs=("X", "A1")), rec(2023, "x2", orgs=("X", "B1"))]
    return dataset(*recs)


def build(ds, **settings):
    return N.build_network(apply_filters(ds, Filters()), NetworkSettings(**settings))


def test_two_cliques_give_two_communities_and_the_bridge_has_top_betweenness():
    net = build(cliques_and_bridge(), normalisation="none")
    assert len(net.communities) == 2
    for clique in (A, B):
        assert sum(set(clique) <= set(c) for c in net.communities) == 1
    assert net.modularity > 0.3
    table = N.centrality(net).set_index("organisation")
    assert table["betweenness"].idxmax() == "X"
    assert table.loc["X", "degree"] == 2
    assert table.loc["A2", "betweenness"] == 0
    assert table["eigenvector"].notna().all()  # one connected graph


def test_node_attributes():
    net = build(cliques_and_bridge())
    x = net.nodes.loc["X"]
    assert (x["sessions"], x["first_year"], x["last_year"], x["years"]) == (
        2,
        2022,
        2023,
        "2022, 2023",
    )
    assert net.nodes.loc["A1", "top_action_lines"] == "C3 (3)"
    assert net.nodes.loc["A1", "top_sdgs"] == "SDG 4 (2)"
    assert net.nodes.loc["B2", "dominant_action_line"] == "C5"
    assert net.nodes.loc["A1", "partners"] == 4  # A2, A3, A4, X
    assert net.nodes.loc["A1", "link_strength"] == 7  # 2 + 2 + 2 + 1
    assert list(net.nodes.index[:2]) == ["A1", "B1"]  # most sessions first, then name


def small():
    # c(A,B)=2, c(A,C)=1, c(B,C)=1, c(C,D)=1; sessions A=3, B=3, C=3, D=1
    pairs = [("A", "B"), ("A", "B"), ("A", "C"), ("B", "C"), ("C", "D")]
    return dataset(*(rec(2020, str(i), orgs=p) for i, p in enumerate(pairs)))


def weights(net):
    return {(s, t): w for s, t, w in net.edges[["source", "target", "weight"]].itertuples(False)}


def test_association_strength_matches_a_hand_computation():
    # s_ij = 2m c_ij / (k_i k_j); k = total link strength: A=3, B=3, C=3, D=1; m = 5
    got = weights(build(small(), normalisation="association"))
    want = {("A", "B"): 20 / 9, ("A", "C"): 10 / 9, ("B", "C"): 10 / 9, ("C", "D"): 10 / 3}
    assert got == pytest.approx(want)


def test_jaccard_and_raw_weights():
    got = weights(build(small(), normalisation="jaccard"))
    assert got == pytest.approx(
        {("A", "B"): 0.5, ("A", "C"): 0.2, ("B", "C"): 0.2, ("C", "D"): 1 / 3}
    )
    raw = build(small(), normalisation="none")
    assert weights(raw) == {("A", "B"): 2, ("A", "C"): 1, ("B", "C"): 1, ("C", "D"): 1}


def test_thresholds():
    ds = small()
    assert set(build(ds, min_sessions=2).nodes.index) == {"A", "B", "C"}
    assert list(build(ds, min_weight=2).edges["source"]) == ["A"]
    top = build(ds, top_n=2)
    assert set(top.nodes.index) == {"A", "B"} and top.n_organisations == 4
    strongest = build(ds, normalisation="association", max_edges=2)
    assert set(zip(strongest.edges["source"], strongest.edges["target"], strict=True)) == {
        ("C", "D"),
        ("A", "B"),
    }
    assert strongest.n_links == 4


@pytest.mark.parametrize("bad", [{"normalisation": "cosine"}, {"resolution": 0}, {"top_n": -1}])
def test_bad_settings_raise_a_clear_error(bad):
    with pytest.raises(WsisError):
        NetworkSettings(**bad)


def test_same_seed_same_communities_and_layout():
    ds = cliques_and_bridge()
    first = build(ds, seed=7, resolution=1.3)
    N._LAYOUTS.clear()
    pos1 = N.layout(first)
    N._LAYOUTS.clear()
    second = build(ds, seed=7, resolution=1.3)
    assert second.communities == first.communities
    assert second.modularity == first.modularity
    assert N.layout(second) == pos1
    assert N.graph_key(first) == N.graph_key(second)
    other = build(ds, seed=8)
    assert N.graph_key(other) != N.graph_key(first)
    assert N.layout(other) != pos1


def test_layout_is_cached_by_graph_content():
    net = build(cliques_and_bridge())
    N._LAYOUTS.clear()
    pos = N.layout(net)
    assert N.layout(build(cliques_and_bridge())) is pos  # same content, new object: cached
    xs = np.array(list(pos.values()))
    assert np.abs(xs).max() == pytest.approx(1.0)


def test_large_graph_layout_is_seeded_and_finite():
    rng = np.random.default_rng(0)
    src, dst = rng.integers(0, 1500, 4000), rng.integers(0, 1500, 4000)
    one = N.force_layout(1500, src, dst, np.ones(4000), seed=3)
    two = N.force_layout(1500, src, dst, np.ones(4000), seed=3)
    assert np.array_equal(one, two) and np.isfinite(one).all()


def test_small_communities_merge_into_their_strongest_neighbour():
    recs = [rec(2020, f"a{i}", orgs=A) for i in range(3)]
    recs += [rec(2020, "p", orgs=("P", "Q")), rec(2020, "pa", orgs=("Q", "A1"))]
    recs += [rec(2020, "z", orgs=("Z1", "Z2"))]
    ds = dataset(*recs)
    plain = build(ds, normalisation="none")
    assert [set(c) for c in plain.communities] == [set(A), {"P", "Q"}, {"Z1", "Z2"}]
    merged = build(ds, normalisation="none", min_community_size=3)
    assert [set(c) for c in merged.communities] == [{*A, "P", "Q"}, {"Z1", "Z2"}]
    assert merged.nodes.loc["P", "community"] == merged.nodes.loc["A1", "community"] == 0
    fine = build(ds, normalisation="none", resolution=3.0)
    assert len(fine.communities) > 3
    assert len(
        build(ds, normalisation="none", resolution=3.0, min_community_size=2).communities
    ) < len(fine.communities)


def test_eigenvector_is_empty_outside_the_largest_component():
    recs = [rec(2020, "1", orgs=("A", "B", "C")), rec(2020, "2", orgs=("D", "E"))]
    table = N.centrality(build(dataset(*recs))).set_index("organisation")
    assert table.loc[["A", "B", "C"], "eigenvector"].notna().all()
    assert math.isnan(table.loc["D", "eigenvector"])


def test_profile_tables():
    ds = cliques_and_bridge()
    view = apply_filters(ds, Filters())
    net = N.build_network(view, NetworkSettings("none"))
    sessions = N.organisation_sessions(view, "X")
    assert sessions["session_id"].tolist() == ["x2", "x1"]
    assert sessions["action_lines"].tolist() == ["", "C3"]
    assert N.partners(net, "A1")["partner"].tolist() == ["A2", "A3", "A4", "X"]
    assert N.sessions_by_year(view, "X").to_dict("list") == {
        "year": [2022, 2023],
        "sessions": [1, 1],
    }


def test_bipartite_view():
    view = apply_filters(cliques_and_bridge(), Filters())
    counts = N.bipartite_counts(view, "action_line")
    assert counts.loc["A1", "C3"] == 3 and counts.loc["B1", "C5"] == 2
    assert counts.shape[1] == 11
    sdgs = N.bipartite_counts(view, "sdg", top_n=3)
    assert len(sdgs) == 3 and sdgs.loc["A1", 4] == 2
    graph = N.bipartite_graph(counts)
    assert nx.is_bipartite(graph)
    assert graph["A1"]["C3"]["weight"] == 3


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_round_trip_is_isomorphic_with_the_same_attributes(fmt):
    net = build(cliques_and_bridge())
    if fmt == "graphml":
        back = nx.read_graphml(io.BytesIO(N.graphml_bytes(net)))
        assert back.graph["filters"] == net.metadata["filters"]
        assert back.graph["setting_normalisation"] == "association"
    else:
        data = N.gexf_bytes(net)
        assert b"<description>" in data and b"Association strength" in data
        back = nx.read_gexf(io.BytesIO(data))
        assert back.nodes["X"]["viz"]["position"]["x"] == pytest.approx(
            1000 * N.layout(net)["X"][0], rel=1e-5
        )
    original = N._export_graph(net)
    assert nx.is_isomorphic(
        back,
        original,
        node_match=lambda a, b: a["sessions"] == b["sessions"],
        edge_match=lambda a, b: a["shared_sessions"] == b["shared_sessions"],
    )
    for node, attrs in original.nodes(data=True):
        got = back.nodes[node]
        for key, value in attrs.items():
            assert (
                got[key] == pytest.approx(value) if isinstance(value, float) else got[key] == value
            )
    for u, v, attrs in original.edges(data=True):
        assert back[u][v]["weight"] == pytest.approx(attrs["weight"])
        assert back[u][v]["shared_sessions"] == attrs["shared_sessions"]


def test_figure_bins_links_and_escapes_names():
    recs = [rec(2020, str(i), orgs=("<b>Bold</b>", f"Org {i}")) for i in range(30)]
    recs += [rec(2021, f"y{i}", orgs=(f"Org {i}", f"Org {i + 1}")) for i in range(29)]
    net = build(dataset(*recs), normalisation="jaccard")
    fig = F.network_figure(net, N.layout(net), note="test note")
    links = [t for t in fig.data if t.mode == "lines"]
    assert 1 <= len(links) <= F.MAX_EDGE_BINS
    nodes = [t for t in fig.data if t.mode == "markers"]
    hovers = [h for t in nodes for h in t.hovertext]
    assert any("&lt;b&gt;Bold&lt;/b&gt;" in h for h in hovers)
    assert not any("<b><b>" in h for h in hovers)
    custom = {c[0] for t in nodes for c in t.customdata}
    assert custom == set(net.nodes.index)
    assert all(t.type == "scatter" for t in fig.data)
    by_al = F.network_figure(net, N.layout(net), colour_by="action_line")
    assert {t.name for t in by_al.data if t.mode == "markers"} == {"No Action Line"}


def test_large_networks_use_webgl():
    recs = [rec(2020, str(i), orgs=(f"O{i}", f"O{i + 1}")) for i in range(1100)]
    net = build(dataset(*recs), top_n=0, max_edges=0)
    fig = F.network_figure(net, N.layout(net))
    assert {t.type for t in fig.data if t.mode != "text"} == {"scattergl"}


def test_betweenness_is_exact_within_the_budget_and_sampled_above():
    assert N.betweenness_samples(200, 1_000) == 200
    assert N.betweenness_samples(5_000, 86_000) == N.BETWEENNESS_MIN_SAMPLES
    assert N.betweenness_samples(2_000, 10_000) == 100
    table = N.centrality(build(cliques_and_bridge()))
    assert table.attrs["betweenness"] == "exact"


def test_bipartite_graphml_round_trip():
    view = apply_filters(cliques_and_bridge(), Filters())
    counts = N.bipartite_counts(view, "sdg")
    data = N.bipartite_graphml_bytes(counts, "sdg", {"filters": "none"})
    back = nx.read_graphml(io.BytesIO(data))
    assert back.graph["filters"] == "none"
    assert back["A1"]["SDG 4"]["weight"] == 2
    assert back.nodes["SDG 9"]["bipartite"] == 1
    assert nx.is_isomorphic(back, N.bipartite_graph(counts, "sdg"))


def test_no_organisers_and_a_single_organisation():
    empty = build(dataset(rec(2020, "1", ("C3",)), rec(2021, "2")))
    assert empty.nodes.empty and empty.communities == () and empty.modularity == 0.0
    assert F.network_figure(empty, N.layout(empty)).data == ()
    assert N.centrality(empty).empty
    nx.read_graphml(io.BytesIO(N.graphml_bytes(empty)))
    solo = build(dataset(rec(2020, "1", ("C3",), orgs=("Solo",))))
    assert N.layout(solo) == {"Solo": (0.0, 0.0)}
    assert type(next(iter(N.layout(solo)))) is str
    assert solo.communities == (("Solo",),)
