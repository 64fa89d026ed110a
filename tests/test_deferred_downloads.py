"""A file made by a deferred download survives other sessions' script runs (pages/_runtime.py).

Without the grace period Streamlit 1.67 deletes it after two runs of any other session, so a busy
server answers 404 to the browser's fetch (bench/bench_load.py --race shows the race).
"""

from __future__ import annotations

import asyncio

from bench.harness.app_server import AppServer
from bench.harness.ws_client import Session, run_sync


async def _statuses(url: str, runs_between: int) -> tuple[int, int]:
    """(status of a fresh deferred file after `runs_between` runs of another session, twice)."""
    a, b = Session(url), Session(url)
    await a.open()
    await b.open()
    statuses = []
    for _ in range(2):
        answer = await a.ask_deferred(a.element("dl-heatmap-matrix-csv").deferred_file_id)
        for i in range(runs_between):
            await b.change({"years": [2016 + (i % 8), 2024]})
        statuses.append(await asyncio.to_thread(a.status_of, answer.deferred_file.url))
    await a.close()
    await b.close()
    return tuple(statuses)


def test_a_deferred_download_outlives_other_sessions_runs() -> None:
    server = AppServer()
    try:
        assert run_sync(_statuses(server.url, 4)) == (200, 200)
    finally:
        server.stop()
