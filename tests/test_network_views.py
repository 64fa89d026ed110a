"""Focus, overlay colours, labels, Leiden, the network through time and GEXF colours."""

import io
from dataclasses import replace

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from tests.support.records import dataset, rec
from wsis_data import network as N
from wsis_data.figures import network as F
from wsis_data.figures.network_time import timeline_figure
from wsis_data.filters import Filters
from wsis_data.network.labels import Canvas, label_boxes, place_labels
from wsis_data.views import apply_filters

# A path A - B - C - D - E plus a triangle C - F - G: distances from A are B 1, C 2, D/F/G 3.
CHAIN = [("A", "B"), ("B", "C"), ("C", "D"), ("D", "E"), ("C", "F"), ("F", "G"), ("C", "G")]


def chain():
    recs = [rec(2018 + i % 4, f"s{i}", ("C3",) if i % 2 else ("C5",), orgs=p) for i, p in
            enumerate(CHAIN)]  # fmt: skip
    recs.append(rec(2019, "extra", ("C3", "C7"), orgs=("A",)))
    return dataset(*recs)


def build(ds, **settings):
    return N.build_network(apply_filters(ds, Filters()), N.NetworkSettings(**settings))


@pytest.mark.parametrize(
    ("org", "steps", "want"),
    [
        ("A", 0, {"A"}),
        ("A", 1, {"A", "B"}),
        ("A", 2, {"A", "B", "C"}),
        ("C", 1, {"B", "C", "D", "F", "G"}),
        ("C", 2, {"A", "B", "C", "D", "E", "F", "G"}),
        ("E", 2, {"C", "D", "E"}),
        ("Nobody", 1, set()),
    ],
)
def test_focus_is_exactly_the_k_step_neighbourhood(org, steps, want):
    net = build(chain(), normalisation="none")
    got = N.neighbourhood(net, org, steps)
    assert set(got) == want
    assert set(got) == (
        set(nx.single_source_shortest_path_length(net.graph, org, cutoff=steps))
        if org in net.graph
        else set()
    )


def test_focused_chart_keeps_the_neighbourhood_and_dims_the_rest():
    net = build(chain(), normalisation="none")
    kept = N.neighbourhood(net, "A", 2)
    fig = F.network_figure(net, N.layout(net), focus="A", steps=2)
    opacity = {}
    for trace in fig.data:
        if trace.mode == "markers":  # one opacity per trace, kept when Plotly selects a point
            assert trace.unselected.marker.opacity == trace.marker.opacity
            assert trace.selected.marker.opacity == trace.marker.opacity
            for (name,) in trace.customdata:
                opacity[name] = trace.marker.opacity
    assert {n for n, a in opacity.items() if a == 1.0} == {"A", "B", "C"}
    assert {n for n, a in opacity.items() if a < 1.0} == {"D", "E", "F", "G"}
    focus_links = next(t for t in fig.data if t.name == "focus links")
    assert np.isfinite(np.asarray(focus_links.x, float)).sum() == 4  # A-B and B-C, 2 ends each
    xs = [N.layout(net)[n][0] for n in kept]
    assert fig.layout.xaxis.range[0] <= min(xs) and max(xs) <= fig.layout.xaxis.range[1]
    assert list(fig.layout.meta["kept"]) == list(kept)
    unknown = F.network_figure(net, N.layout(net), focus="Nobody")  # not in view: no focus
    assert all(t.marker.opacity == 1.0 for t in unknown.data if t.mode == "markers")
    assert not [t for t in unknown.data if t.name == "Chosen organisation"]


def test_the_chosen_organisation_is_ringed_named_and_its_links_drawn_on_top():
    net = build(chain(), normalisation="none")
    where = N.layout(net)
    fig = F.network_figure(net, where, focus="B", steps=1)
    (ring,) = [t for t in fig.data if t.name == "Chosen organisation"]
    assert (ring.x[0], ring.y[0]) == where["B"] and ring.showlegend
    assert ring.marker.color == F.CHOSEN and ring.marker.line.width >= 3
    assert "B" in ring.text[0]
    own = next(t for t in fig.data if t.name == "links of the chosen organisation")
    assert np.isfinite(np.asarray(own.x, float)).sum() == 4  # A-B and B-C
    labels = next(t for t in fig.data if t.name == "labels")
    assert "B" not in labels.text  # named once, by the ring


@pytest.mark.parametrize("score", ["first_year", "mean_year", "action_lines", "share"])
def test_overlay_colours_equal_the_score(score):
    ds = chain()
    view = apply_filters(ds, Filters(action_lines=("C3",)))
    net = N.build_network(view, N.NetworkSettings("none"))
    everything = N.sessions_per_organisation(apply_filters(ds, Filters()))
    scores = N.overlay_scores(net, score, everything)
    fig = F.network_figure(net, N.layout(net), colour_by=score, scores=scores)
    trace = next(t for t in fig.data if t.mode == "markers" and t.name == "Organisations")
    got = dict(zip((c[0] for c in trace.customdata), trace.marker.color, strict=True))
    assert got == pytest.approx(scores.to_dict())
    assert trace.marker.colorscale and trace.marker.showscale
    if score == "share":  # A: 1 of its 2 sessions is on C3 (s0 is C5); E: its only one
        assert (scores["A"], scores["E"], scores["G"]) == (0.5, 1.0, 0.5)
    if score == "first_year":
        assert (scores["A"], scores["E"]) == (2019, 2021)  # A's first C3 session is "extra"
    ranged = F.network_figure(
        net, N.layout(net), colour_by=score, scores=scores, score_range=(0, 5000)
    )
    marker = next(t for t in ranged.data if t.name == "Organisations").marker
    assert (marker.cmin, marker.cmax) == (0, 5000)


def test_labels_never_overlap_and_go_largest_first():
    boxes = label_boxes(
        ["Big organisation", "Neighbour", "Far away"],
        np.array([[0.0, 0.0], [0.01, 0.0], [0.9, 0.9]]),
        np.zeros(3),
        11,
        Canvas((-1, 1), (-1, 1), 1000, 600),
    )
    assert place_labels(boxes, 3) == [0, 2]
    assert place_labels(boxes, 1) == [0]
    recs = [rec(2020, str(i), orgs=("Hub", f"Spoke {i}")) for i in range(40)]
    net = build(dataset(*recs), normalisation="none")
    fig = F.network_figure(net, N.layout(net), labels=40)
    shown = next(t for t in fig.data if t.name == "labels").text
    assert shown[0] == "Hub" and 1 < len(shown) < 41


def test_community_labels_name_the_largest_organisations():
    a, b = ("A1", "A2", "A3", "A4"), ("B1", "B2", "B3", "B4")
    recs = [rec(2020, f"a{i}", orgs=a) for i in range(2)] + [rec(2020, "a9", orgs=("A3",))]
    recs += [rec(2021, f"b{i}", orgs=b) for i in range(2)] + [rec(2021, "x", orgs=("A1", "B1"))]
    net = build(dataset(*recs), normalisation="none")
    fig = F.network_figure(net, N.layout(net))
    text = next(t for t in fig.data if t.name == "community labels").text
    assert sorted(text) == ["<b>1: A1, A3</b>", "<b>2: B1, B2</b>"]


def test_leiden_splits_two_cliques_joined_by_a_bridge():
    edges = [(f"a{i}", f"a{j}") for i in range(5) for j in range(i + 1, 5)]
    edges += [(f"b{i}", f"b{j}") for i in range(5) for j in range(i + 1, 5)] + [("a0", "b0")]
    frame = pd.DataFrame(edges, columns=["source", "target"]).assign(weight=1.0)
    graph = N.to_igraph(sorted({n for e in edges for n in e}), frame)
    found = N.detect_communities(graph, N.NetworkSettings(seed=3))
    assert [set(c) for c in found] == [{f"a{i}" for i in range(5)}, {f"b{i}" for i in range(5)}]
    assert N.modularity(graph, found) == pytest.approx(
        nx.community.modularity(nx.Graph(edges), [set(c) for c in found])
    )


def test_same_seed_same_partition_and_layout_on_a_bigger_graph():
    rng = np.random.default_rng(5)
    recs = [rec(2020, str(i), orgs=tuple(f"O{j}" for j in rng.choice(120, 3, replace=False)))
            for i in range(400)]  # fmt: skip
    ds = dataset(*recs)
    one, two = build(ds, seed=11, top_n=0), build(ds, seed=11, top_n=0)
    assert one.communities == two.communities and one.modularity == two.modularity
    N.clear_layouts()
    first = N.layout(one)
    N.clear_layouts()
    assert N.layout(two) == first


def test_window_networks_keep_organisations_positions_and_communities():
    ds = chain()
    filters = Filters()
    net = N.build_network(apply_filters(ds, filters), N.NetworkSettings("none"))
    windows = N.window_networks(ds, filters, net, 2)
    assert [w for w, _ in windows] == [(2018, 2019), (2019, 2020), (2020, 2021)]
    for (lo, hi), window in windows:
        assert set(window.nodes.index) <= set(net.nodes.index)
        assert window.nodes["last_year"].max() <= hi and window.nodes["first_year"].min() >= lo
        for name in window.nodes.index:
            assert window.nodes.loc[name, "community"] == net.nodes.loc[name, "community"]
    fig = timeline_figure(net, windows, N.layout(net))
    assert [f.name for f in fig.frames] == ["2018–2019", "2019–2020", "2020–2021"]
    assert list(fig.layout.sliders[0].steps[1].args[0]) == ["2019–2020"]
    play = fig.layout.updatemenus[0].buttons[0]
    assert play.args[1]["transition"]["duration"] == 0
    pos = N.layout(net)
    for frame in fig.frames:
        nodes = frame.data[1]
        for (name,), x in zip(nodes.customdata, nodes.x, strict=True):
            assert x == pos[name][0]
    narrowed = N.window_networks(ds, replace(filters, years=(2020, 2021)), net, 1)
    assert [w for w, _ in narrowed] == [(2020, 2020), (2021, 2021)]


def test_gexf_carries_colours_sizes_and_positions():
    net = build(chain(), normalisation="none")
    colours = F.node_colours(net, "community")
    back = nx.read_gexf(io.BytesIO(N.gexf_bytes(net, colours)))
    pos = N.layout(net)
    for name in net.nodes.index:
        viz = back.nodes[name]["viz"]
        assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == N.rgb(colours[name])
        assert viz["position"]["x"] == pytest.approx(1000 * pos[name][0], rel=1e-5)
        assert viz["size"] > 0
    scores = N.overlay_scores(net, "first_year")
    overlay = F.node_colours(net, "first_year", scores)
    assert N.overlay_scores(net, "action_lines")["A"] == 3  # C5, C3 and C7
    oldest = scores.idxmin()
    assert N.rgb(overlay[oldest]) == (68, 1, 84)  # Viridis starts at #440154


def test_a_large_layout_starts_from_the_communities_and_keeps_them_apart():
    rng = np.random.default_rng(1)
    n, size = 3000, 50
    groups = np.arange(n) // size  # 60 communities of 50
    src = rng.integers(0, n, 15000)
    inside = groups[src] * size + rng.integers(0, size, len(src))
    dst = np.where(rng.random(len(src)) < 0.95, inside, rng.integers(0, n, len(src)))
    keep = src != dst
    src, dst, w = src[keep], dst[keep], np.ones(keep.sum())

    def spread(pos):  # mean distance to the own community's centre / to the overall centre
        centres = np.array([pos[groups == g].mean(axis=0) for g in range(n // size)])
        own = np.linalg.norm(pos - centres[groups], axis=1).mean()
        return own / np.linalg.norm(pos - pos.mean(axis=0), axis=1).mean()

    grouped = N.force_layout(n, src, dst, w, seed=2, groups=groups)
    assert np.array_equal(grouped, N.force_layout(n, src, dst, w, seed=2, groups=groups))
    # communities stay apart (own centre much nearer than the middle), as well as from a
    # random start with 50 iterations, in 30
    assert spread(grouped) < 0.3
    assert spread(grouped) < 1.2 * spread(N.force_layout(n, src, dst, w, seed=2))
