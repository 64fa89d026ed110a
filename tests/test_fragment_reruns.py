"""Changing a chart option reruns that chart's fragment only: not the sidebar, not the other charts.

A real `streamlit run` server (bench/harness/counted_dashboard.py: the real dashboard.py with the
figure builders and the sidebar spied on, each call logged and passed through) driven over its
websocket by bench/harness/ws_client.py, which asks for a fragment rerun when a widget drawn in a
fragment changes, as the browser does. AppTest cannot: it always reruns the whole app
(streamlit issue #9242). Builder calls are counted per action (a cache hit builds nothing).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bench.harness.app_server import AppServer
from bench.harness.counted_dashboard import read_log
from bench.harness.ws_client import Session, run_sync

COUNTED = Path(__file__).resolve().parents[1] / "bench" / "harness" / "counted_dashboard.py"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("calls") / "calls.log"
    app = AppServer(env={"WSIS_CALL_LOG": str(log)}, script=COUNTED)
    app.call_log = log
    yield app
    app.stop()


def _calls(server, page: str, steps, query: str = "") -> list[Counter]:
    """Open `page`, then for each step (widget key → value) the builder calls it caused."""

    async def main() -> list[Counter]:
        session = Session(server.url, timeout=180)
        try:
            run = await session.open(query, page=page)
            assert run.ok and not session.problems.total, session.problems.samples
            seen, counts = len(read_log(server.call_log)), []
            for values in steps:
                run = await session.change(values)
                assert run.ok and not session.problems.total, session.problems.samples
                log = read_log(server.call_log)
                counts.append(Counter(log[seen:]))
                seen = len(log)
            return counts
        finally:
            await session.close()

    return run_sync(main())


def test_heatmap_chart_option_reruns_the_chart_only(server):
    labels, value = _calls(
        server, "heatmap", [{"labels": False}, {"value": "Share of the Action Line's sessions"}]
    )
    assert labels == Counter({"heatmap": 1})  # no sidebar, no filtering, no matrix
    assert value["sidebar"] == 0 and value["apply_filters"] == 0 and value["heatmap"] == 1


def test_trends_chart_options_rebuild_their_own_chart(server):
    steps = [
        {"tr_chart": "Stacked areas"},  # the trend chart's type: that chart only
        {"tr_mvalue": "Share of the year's sessions"},  # the animation and the difference below
        {"tr_a": "2019"},  # year A: risers and fallers, the difference
    ]
    chart, matrix_value, year = _calls(server, "trends", steps, "ds=Synthetic+demo+%28generated%29")
    assert chart == Counter({"trend_chart": 1})
    assert matrix_value["sidebar"] == matrix_value["trend_chart"] == 0
    assert matrix_value["matrix_animation"] == matrix_value["difference_heatmap"] == 1
    assert year == Counter({"risers_fallers_bars": 1, "difference_heatmap": 1})


def test_interlinkages_options_rerun_their_view_only(server):
    (labels,) = _calls(server, "interlinkages", [{"il_labels": False}])
    assert labels == Counter({"cooccurrence_heatmap": 1})


def test_network_options_rerun_the_network_view_only(server):
    steps, colour = _calls(
        server, "network", [{"net_steps": "2-step"}, {"net_colour": "First year active"}]
    )
    assert steps == Counter({"network_figure": 1})  # the graph tab's fragment
    assert colour == Counter({"network_figure": 1})  # the network view's fragment, not the sidebar
