"""Server memory over many reruns with distinct filters: every cache must stay bounded.

One `streamlit run dashboard.py` (loopback, free port) and `--sessions` websocket sessions driven
concurrently with Streamlit's own protocol (bench/harness/ws_client.py), the sessions spread over
`--pages` (heatmap, network, trends). Each rerun sets a years range and SDGs never used before in
the run (and now and then the C7 split and the value mode), so almost every rerun misses the
per-filter caches (`view`, `matrix`, `drilldown`, `network`, `trend`, ...). After a warm-up
(rerun 0), at `--checkpoint` and at the end it records the server's VmRSS (/proc/<pid>/status)
and Streamlit's own gauges from `/_stcore/metrics`: entries per `st.cache_resource` function,
session-state keys, media-file bytes (download-button payloads). Printed, never asserted here
(tests/test_cache_memory.py asserts a bound).
Run: `python -m bench.bench_cache_memory [--reruns 500] [--checkpoint 100] [--dataset sample]`.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from bench.common import print_table
from bench.harness.app_server import AppServer, metrics
from bench.harness.ws_client import Problems, Session, run_sync

DATASET_LABELS = {"sample": "WSIS Forum sample (real)", "synthetic": "Synthetic demo (generated)"}
PAGES = {"heatmap": "", "network": "network", "trends": "trends"}


@dataclass
class Checkpoint:
    """The server's state after some reruns."""

    reruns: int
    rss_mib: float
    gauges: dict[str, float]

    def total(self, prefix: str) -> float:
        """Sum of the gauges whose name starts with `prefix`."""
        return sum(v for k, v in self.gauges.items() if k.startswith(prefix))


@dataclass
class Result:
    """Checkpoints, problems and wall time of one run of the benchmark."""

    checkpoints: list[Checkpoint] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    seconds: float = 0.0
    reruns: int = 0


def filter_sequence(index: int, of: int, sdg_options: list[str], span: tuple[int, int]):
    """Distinct (SDGs, years) choices for session `index` of `of` (the sessions never share one).

    One SDG with every years range first (17 × 78 for 2015–2026), then pairs of SDGs.
    """
    lo, hi = span
    ranges = [[a, b] for a in range(lo, hi + 1) for b in range(a, hi + 1)]
    singles = (([g], r) for g in sdg_options for r in ranges)
    pairs = (([g, h], r) for g, h in itertools.combinations(sdg_options, 2) for r in ranges)
    return itertools.islice(itertools.chain(singles, pairs), index, None, of)


class _Driver:
    """One session's share of the reruns."""

    def __init__(self, session: Session, sequence) -> None:
        self.session, self.sequence, self.done = session, sequence, 0

    async def step(self, n: int) -> None:
        s = self.session
        for _ in range(n):
            self.done += 1
            goals, years = next(self.sequence)
            values: dict[str, object] = {"years": years, "sdg": goals}
            if self.done % 7 == 0 and s.has("c7"):
                values["c7"] = bool((self.done // 7) % 2)
            if self.done % 5 == 0 and s.has("value"):
                options = list(s.element("value").options)
                values["value"] = options[(self.done // 5) % len(options)]
            await s.change(values)


async def _drive(server: AppServer, *, pages: list[str], sessions: int, dataset: str,
                 reruns: int, checkpoint: int, light: bool, result: Result) -> None:  # fmt: skip
    drivers = []
    for i in range(sessions):
        s = Session(server.url, timeout=300)
        await s.open(urlencode({"ds": DATASET_LABELS[dataset]}), page=PAGES[pages[i % len(pages)]])
        if light and s.has("labels"):  # the heatmap without cell labels and official outlines
            await s.change({"labels": False, "official": False})
        years, sdgs = s.element("years"), list(s.element("sdg").options)
        span = (int(years.min), int(years.max))
        drivers.append(_Driver(s, filter_sequence(i, sessions, sdgs, span)))
    await asyncio.gather(*(d.step(3) for d in drivers))  # warm-up: first figures, imports
    result.checkpoints.append(await _checkpoint(0, server))
    start = time.perf_counter()
    done = 0
    for target in sorted({checkpoint, reruns}):
        shares = [(target - done) // sessions + (i < (target - done) % sessions)
                  for i in range(sessions)]  # fmt: skip
        await asyncio.gather(*(d.step(n) for d, n in zip(drivers, shares, strict=True)))
        done = target
        result.checkpoints.append(await _checkpoint(done, server))
    result.seconds, result.reruns = time.perf_counter() - start, done
    for d in drivers:
        result.problems.merge(d.session.problems)
        await d.session.close()


async def _checkpoint(reruns: int, server: AppServer) -> Checkpoint:
    await asyncio.sleep(1.0)  # let the server finish sending and drop the run's objects
    return Checkpoint(reruns, server.rss(), await asyncio.to_thread(metrics, server.url))


def measure(
    *, reruns: int = 500, checkpoint: int = 100, dataset: str = "sample",
    pages: tuple[str, ...] = ("heatmap",), sessions: int = 1, light: bool = False,
    env: dict[str, str] | None = None, options: dict[str, str] | None = None,
) -> Result:  # fmt: skip
    """Start a server, run the reruns, return the checkpoints (the server is stopped after)."""
    server = AppServer(env, options)
    result = Result()
    try:
        run_sync(
            _drive(server, pages=list(pages), sessions=sessions, dataset=dataset, reruns=reruns,
                   checkpoint=checkpoint, light=light, result=result)
        )  # fmt: skip
    finally:
        server.stop()
    return result


def report(result: Result, title: str) -> None:
    """Print the checkpoints, then the entries of every cache at each checkpoint."""
    base = result.checkpoints[1] if len(result.checkpoints) > 2 else result.checkpoints[0]
    rows = [
        [
            c.reruns, f"{c.rss_mib:.1f}", f"{c.rss_mib - base.rss_mib:+.1f}",
            int(c.total("st_cache_resource")), int(c.total("st_session_state")),
            f"{c.total('st_memory_media_file_storage') / 1024:.0f}",
        ]
        for c in result.checkpoints
    ]  # fmt: skip
    print_table(
        title,
        ["reruns", "server RSS MiB", f"Δ vs rerun {base.reruns}", "cache entries",
         "session_state keys", "media KiB"],
        rows,
    )  # fmt: skip
    names = sorted(k for k in result.checkpoints[-1].gauges if k.startswith("st_cache_resource"))
    print_table(
        "Entries per cached function",
        ["cache", *[f"after {c.reruns}" for c in result.checkpoints]],
        [[k.split(":", 1)[1], *[int(c.gauges.get(k, 0)) for c in result.checkpoints]]
         for k in names],
    )  # fmt: skip
    per = result.seconds / max(result.reruns, 1)
    print(
        f"\n{result.reruns} reruns in {result.seconds:.1f} s ({per * 1000:.0f} ms each, all "
        f"sessions together); problems: {result.problems.total} {dict(result.problems.counts)}"
    )
    for sample in result.problems.samples:
        print("  ", sample)


def run(reruns: int = 500, checkpoint: int = 100) -> Result:
    """The `python -m bench` entry: the three pages on the synthetic demo, default config."""
    result = measure(
        reruns=reruns, checkpoint=checkpoint, dataset="synthetic",
        pages=("heatmap", "network", "trends"), sessions=3,
    )  # fmt: skip
    report(result, f"Server memory over {reruns} reruns, distinct filters (synthetic demo, "
                    "3 sessions: heatmap, network, trends)")  # fmt: skip
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reruns", type=int, default=500)
    parser.add_argument("--checkpoint", type=int, default=100)
    parser.add_argument("--dataset", choices=list(DATASET_LABELS), default="synthetic")
    parser.add_argument("--pages", default="heatmap,network,trends")
    parser.add_argument("--sessions", type=int, default=3, help="concurrent sessions")
    parser.add_argument(
        "--synthetic-sessions", type=int, default=0, metavar="N",
        help="make 'synthetic' a generated dataset of N sessions (WSIS_SYNTHETIC_SESSIONS)",
    )  # fmt: skip
    parser.add_argument(
        "--light", action="store_true", help="heatmap without cell labels and official outlines"
    )
    parser.add_argument(
        "--option", action="append", default=[], metavar="NAME=VALUE",
        help="extra `streamlit run` option, e.g. runner.postScriptGC=false",
    )  # fmt: skip
    a = parser.parse_args()
    opts = dict(o.split("=", 1) for o in a.option)
    n = a.synthetic_sessions
    res = measure(
        reruns=a.reruns, checkpoint=a.checkpoint, dataset=a.dataset,
        pages=tuple(a.pages.split(",")), sessions=a.sessions, light=a.light,
        env={"WSIS_SYNTHETIC_SESSIONS": str(n)} if n else None, options=opts,
    )  # fmt: skip
    extra = (f"; {n:,} synthetic sessions" if n else "") + "".join(f"; {o}" for o in a.option)
    report(
        res,
        f"Server memory over {a.reruns} reruns, distinct filters ({a.dataset}{extra}; "
        f"{a.sessions} sessions on {a.pages}{'; light heatmap' if a.light else ''})",
    )
