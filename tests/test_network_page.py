"""AppTest over the network page: it runs, its settings drive the graph, a click opens a profile."""

import pytest

from tests.support.apptest import dashboard_app, page_path


def network_app():
    at = dashboard_app()
    at.switch_page(page_path("network.py"))
    at.run()
    return at


def chart(at):
    return next(c for c in at.get("plotly_chart") if "Who organises" in c.proto.spec)


@pytest.mark.parametrize("ds", ["sample", "synthetic"])
def test_page_runs_on_every_dataset(ds):
    at = network_app()
    at.selectbox(key="ds").set_value(ds).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.metric) == 4
    assert chart(at)
    assert not at.dataframe  # only the open tab runs
    at.session_state["net_tab"] = "Centrality"
    at.run()
    table = at.dataframe[0].value
    assert {"betweenness", "eigenvector", "degree", "weighted_degree"} <= set(table.columns)
    at.session_state["net_tab"] = "Who works on what"
    at.run()
    assert any("Which organisations" in c.proto.spec for c in at.get("plotly_chart"))
    assert {"Table CSV", "Bipartite GraphML"} <= {b.proto.label for b in at.get("download_button")}
    at.session_state["net_tab"] = "Download"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"GraphML", "GEXF (Gephi)", "Nodes CSV", "Links CSV", "HTML (interactive)"} <= set(
        labels
    )


def test_settings_change_the_network():
    at = network_app()
    before = chart(at)
    assert at.metric[0].value == "39"
    at.number_input(key="net_min").set_value(2).run()
    assert not at.exception
    assert int(at.metric[0].value) < 39
    at.selectbox(key="net_norm").set_value("jaccard").run()
    assert chart(at) != before
    assert "Jaccard" in at.caption[0].value


def test_clicking_a_node_opens_its_profile():
    at = network_app()
    at.session_state["net_chart"] = {
        "selection": {
            "points": [{"x": 0.1, "y": 0.2, "customdata": ["UNESCO"]}],
            "point_indices": [], "box": [], "lasso": [],
        }
    }  # fmt: skip
    at.run()
    assert not at.exception
    assert [s.value for s in at.subheader] == ["UNESCO: 14 sessions"]
    # the profile also follows the searchable list
    at.selectbox(key="net_org").set_value("WHO").run()
    assert [s.value for s in at.subheader] == ["WHO: 3 sessions"]
    tables = [d.value for d in at.dataframe]
    sessions = next(t for t in tables if "title" in t.columns)
    assert len(sessions) == 3 and set(sessions["year"]) == {2016, 2022, 2024}
    partners = next(t for t in tables if "partner" in t.columns)
    assert len(partners) == 6


def test_profile_has_its_heatmap_and_years():
    at = network_app()
    at.selectbox(key="net_org").set_value("ITU").run()
    assert at.subheader[0].value == "ITU: 23 sessions"
    specs = [c.proto.spec for c in at.get("plotly_chart")]
    assert any("Sessions per year" in s for s in specs)
    assert any('"type":"heatmap"' in s.replace(" ", "") and "SDG 17" in s for s in specs)


def test_focus_overlay_and_time_tab():
    import json

    at = network_app()
    at.selectbox(key="net_org").set_value("UNESCO").run()
    assert not at.exception, [e.value for e in at.exception]
    spec = json.loads(chart(at).proto.spec)
    kept = spec["layout"]["meta"]["kept"]
    assert spec["layout"]["meta"]["focus"] == "UNESCO" and "UNESCO" in kept
    at.radio(key="net_steps").set_value(2).run()
    wider = json.loads(chart(at).proto.spec)["layout"]["meta"]["kept"]
    assert set(kept) < set(wider)
    at.selectbox(key="net_colour").set_value("share").run()
    assert not at.exception, [e.value for e in at.exception]
    marker = next(
        t["marker"] for t in json.loads(chart(at).proto.spec)["data"]
        if t.get("name") == "Organisations"
    )  # fmt: skip
    assert marker["colorscale"] and marker["cmax"] == 1.0  # no tag filter: every share is 1
    at.number_input(key="net_cmin").set_value(0.25).run()
    marker = next(
        t["marker"] for t in json.loads(chart(at).proto.spec)["data"]
        if t.get("name") == "Organisations"
    )  # fmt: skip
    assert marker["cmin"] == 0.25
    at.session_state["net_tab"] = "Through time"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    timeline = next(c for c in at.get("plotly_chart") if "year by year" in c.proto.spec)
    frames = json.loads(timeline.proto.spec)["frames"]
    assert len(frames) > 3


def test_profile_tables_have_headings_and_readers_column_names():
    import json

    at = network_app()
    at.selectbox(key="net_org").set_value("WHO").run()
    shown = [m.value for m in at.markdown]
    assert "**Partners in this network** (6)" in shown and "**Sessions of WHO** (3)" in shown
    partners = next(d for d in at.dataframe if "partner" in d.value.columns)
    config = json.loads(partners.proto.columns)
    assert [config[c]["label"] for c in ("partner", "shared_sessions", "weight")] == [
        "Partner", "Shared sessions", "Link weight",
    ]  # fmt: skip
