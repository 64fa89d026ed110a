"""Smoke test of the load benchmark's client: a few users run the whole script with 0 problems.

Keeps bench/bench_load.py and bench/harness/ws_client.py (Streamlit's websocket protocol, deferred
downloads over HTTP, the PNG export through Kaleido) from rotting. Timing is never asserted.
"""

from __future__ import annotations

from bench import bench_load
from bench.harness.app_server import AppServer
from bench.harness.ws_client import Session, run_sync


def test_three_users_run_the_whole_script_without_problems() -> None:
    server = AppServer()
    try:
        phase = run_sync(
            bench_load.crowd_phase(
                server.url, 3, len(bench_load.SCRIPT), "sample", think=0.0, seconds=600,
                timeout=300, server=server, seed=0,
            )
        )  # fmt: skip
    finally:
        server.stop()
    timings = phase["timings"]
    # pages/_runtime.py keeps files made on click through other sessions' runs: no 404 either.
    assert timings.problems.total == 0, timings.problems.samples
    assert timings.capped == 0
    assert timings.actions == 3 * (len(bench_load.SCRIPT) + 1)  # every action, plus the opens
    assert set(timings.by_kind) == set(bench_load.KINDS)
    assert phase["gauges"]["active_sessions"] == 3
    assert phase["rss_with"] > 0


def test_the_client_counts_what_goes_wrong() -> None:
    """Exception elements and unknown pages are counted, so "0 problems" means something.

    A synthetic size that is not a number makes the dataset fail (a misconfigured server): the
    sidebar says so with st.error and shows the sample; an unknown page is Streamlit's exception.
    """
    server = AppServer(env={"WSIS_SYNTHETIC_SESSIONS": "not-a-number"})

    async def visit() -> Session:
        s = Session(server.url, timeout=120)
        await s.open("ds=Synthetic+demo+%28generated%29")
        await s.rerun(page="no-such-page")
        await s.close()
        return s

    try:
        s = run_sync(visit())
    finally:
        server.stop()
    assert s.problems.counts["st.error"] >= 1, s.problems.samples
    assert s.problems.counts["exception"] >= 1, s.problems.samples
    assert any("expected a positive number" in text for text in s.problems.samples)
    assert any("page not found" in text for text in s.problems.samples)
