"""Load: concurrent users against one `streamlit run dashboard.py`, with 1 user alone as baseline.

One server on 127.0.0.1 (free port; a temporary SQLite store). Users are websocket sessions
speaking Streamlit's own protocol (bench/harness/ws_client.py), like browsers without drawing.
Each user opens the app and runs the same script of actions, with its own random choices (seeded):

- filter changes: years range, Action Lines, SDGs, the C7 split, the heatmap's value mode;
- exports: the matrix CSV and the XLSX (deferred downloads: asked for over the websocket, fetched
  over HTTP from the media URL), and PNG through the download panel (a deferred download too:
  Kaleido renders it when asked for, then it is fetched from its media URL);
- page switches heatmap → network → trends → heatmap (filters change on each page); a dataset
  switch sample ↔ synthetic.

Latency is send → script_finished for reruns; for a download it is request → last byte; the PNG
export is the render plus the fetch. Problems are counted per kind (0 expected): exception
elements, st.error alerts, websocket closes, HTTP statuses other than 200, timeouts, downloads
whose bytes are not a CSV/XLSX/PNG. Memory: the server's VmRSS when idle (after a warm-up and
the baseline user), with all users connected (and its peak), and after they left; Kaleido's
Chromium (the server's child processes) separately. The run is bounded: `--seconds` caps the
users' phase (no new action starts after it), every wait has a timeout, and the server is stopped.
Printed, never asserted. Run: `python -m bench.bench_load [--users 20] [--actions 12]
[--dataset sample] [--seconds 300] [--think 1.0]`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from bench.common import print_table
from bench.harness.app_server import AppServer, children_pss_mib, metrics
from bench.harness.ws_client import PROBLEMS, Problems, Session, percentile, run_sync

LABELS = {"sample": "WSIS Forum sample (real)", "synthetic": "Synthetic demo (generated)"}
#: The script every user follows (cycled when --actions is larger): name → kind.
SCRIPT = [
    ("years", "filter"),
    ("→ network", "page"),
    ("Action Lines", "filter"),
    ("→ trends", "page"),
    ("SDGs", "filter"),
    ("→ heatmap", "page"),
    ("C7 split", "filter"),
    ("value mode", "filter"),
    ("CSV export", "export"),
    ("XLSX export", "export"),
    ("PNG export", "export"),
    ("dataset switch", "dataset"),
]
KINDS = ("open", "filter", "page", "dataset", "export")
MAGIC = {"CSV export": b"", "XLSX export": b"PK", "PNG export": b"\x89PNG"}


@dataclass
class Timings:
    """Seconds per action name and per kind, and the problems seen."""

    by_name: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    by_kind: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    problems: Problems = field(default_factory=Problems)
    actions: int = 0
    capped: int = 0  # users stopped early by --seconds
    fetch_delays: list[float] = field(default_factory=list)  # deferred file URL → its fetch

    def add(self, name: str, kind: str, seconds: float) -> None:
        """Record one action."""
        self.by_name[name].append(seconds)
        self.by_kind[kind].append(seconds)
        self.actions += 1


class User:
    """One simulated user following SCRIPT with its own random choices."""

    def __init__(self, url: str, seed: int, dataset: str, timeout: float, cookie: str = "") -> None:
        self.session = Session(url, timeout=timeout, cookie=cookie)
        self.rng = random.Random(seed)
        self.dataset = dataset

    async def act(self, name: str) -> float:
        """Do one action; its latency in seconds (problems are counted by the session)."""
        s, rng = self.session, self.rng
        if name == "years":
            years = s.element("years")
            a = rng.randint(int(years.min), int(years.max))
            return (await s.change({"years": [a, rng.randint(a, int(years.max))]})).seconds
        if name in ("Action Lines", "SDGs"):
            key = "al" if name == "Action Lines" else "sdg"
            options = list(s.element(key).options)
            return (await s.change({key: rng.sample(options, rng.randint(1, 2))})).seconds
        if name == "C7 split":
            return (await s.change({"c7": rng.random() < 0.5})).seconds
        if name == "value mode":
            return (await s.change({"value": rng.choice(list(s.element("value").options))})).seconds
        if name in ("CSV export", "XLSX export"):
            key = "dl-heatmap-matrix-csv" if name == "CSV export" else "dl-heatmap-xlsx"
            start = time.perf_counter()
            self._check(name, await s.download(key))
            return time.perf_counter() - start
        if name == "PNG export":
            start = time.perf_counter()
            if s.has("dl-heatmap-png"):
                self._check(name, await s.download("dl-heatmap-png"))
            else:
                s.problems.add("download error", "no PNG button after rendering")
            return time.perf_counter() - start
        if name.startswith("→ "):
            page = name[2:]
            return (await s.rerun(page="" if page == "heatmap" else page)).seconds
        if name == "dataset switch":
            self.dataset = "synthetic" if self.dataset == "sample" else "sample"
            return (await s.change({"ds": LABELS[self.dataset]})).seconds
        raise ValueError(name)

    def _check(self, name: str, body: bytes | None) -> None:
        if body is not None and not (body and body.startswith(MAGIC[name])):
            self.session.problems.add("download error", f"{name}: unexpected bytes {body[:20]!r}")


async def user_script(user: User, actions: int, timings: Timings, *, think: float,
                      deadline: float, gate: Gate | None = None,
                      pause: tuple[float, float] | None = None) -> None:  # fmt: skip
    """Open the app, do `actions` actions of SCRIPT (cycled), wait at `gate`, then leave.

    Between actions the user thinks `pause` seconds (uniform), by default 0.5–1.5 × `think`."""
    low, high = pause or (0.5 * think, 1.5 * think)
    s = user.session
    try:
        run = await s.open(urlencode({"ds": LABELS[user.dataset]}))
        timings.add("open", "open", run.seconds)
        for i in range(actions):
            if time.monotonic() > deadline:
                timings.capped += 1
                break
            if not s.last or not s.last.ok:
                break  # the session is broken (counted); do not pile up errors
            await asyncio.sleep(user.rng.uniform(low, high))
            name, kind = SCRIPT[i % len(SCRIPT)]
            timings.add(name, kind, await user.act(name))
    except Exception as exc:  # a protocol surprise: counted, never hidden
        s.problems.add("exception", f"client: {type(exc).__name__}: {exc}")
    finally:
        if gate is not None:  # stay connected until every user is done (memory with users)
            await gate.arrive_and_wait()
        timings.problems.merge(s.problems)
        timings.fetch_delays += s.fetch_delays
        await s.close()


class Gate:
    """Users wait here after their actions; the phase measures, then opens the gate."""

    def __init__(self, users: int) -> None:
        self.users, self.arrived = users, 0
        self.all_arrived, self.open = asyncio.Event(), asyncio.Event()

    async def arrive_and_wait(self) -> None:
        """Count this user in, then wait until the gate opens."""
        self.arrived += 1
        if self.arrived == self.users:
            self.all_arrived.set()
        await self.open.wait()


async def _warm_up(url: str, dataset: str, timeout: float) -> None:
    """Imports, both datasets, every page and Kaleido's browser, before anything is measured."""
    user = User(url, 10_000, dataset, timeout)
    timings = Timings()
    await user_script(user, len(SCRIPT) + 1, timings, think=0, deadline=time.monotonic() + timeout)
    if timings.problems.total:
        print("warm-up problems:", timings.problems.samples)


async def crowd_phase(
    url: str, users: int, actions: int, dataset: str, *, think: float, seconds: float,
    timeout: float, server: AppServer, seed: int,
) -> dict:  # fmt: skip
    """Run `users` users together: their timings, the server's RSS with them and its peak."""
    timings = Timings()
    gate = Gate(users)
    deadline = time.monotonic() + seconds
    crowd = [User(url, seed + i, dataset, timeout) for i in range(users)]
    peak = [server.rss()]

    async def sample() -> None:
        while not gate.open.is_set():
            peak.append(server.rss())
            await asyncio.sleep(0.5)

    async def one(u: User, delay: float) -> None:
        await asyncio.sleep(delay)  # arrivals spread over about a second
        await user_script(u, actions, timings, think=think, deadline=deadline, gate=gate)

    sampler = asyncio.create_task(sample())
    start = time.perf_counter()
    tasks = [asyncio.create_task(one(u, i / max(users, 1))) for i, u in enumerate(crowd)]
    await gate.all_arrived.wait()  # every action has a timeout, so this ends
    wall = time.perf_counter() - start
    await asyncio.sleep(1.0)
    rss_with = server.rss()
    gauges = await asyncio.to_thread(metrics, url)
    kaleido = children_pss_mib(server.pid)
    gate.open.set()
    await asyncio.gather(*tasks)
    await sampler
    return {
        "timings": timings, "rss_with": rss_with, "rss_peak": max(peak), "gauges": gauges,
        "kaleido": kaleido, "wall": wall,
    }  # fmt: skip


def measure(*, users: int = 20, actions: int = 12, dataset: str = "sample",
            seconds: float = 300, think: float = 1.0, timeout: float = 180,
            options: dict[str, str] | None = None) -> dict:  # fmt: skip
    """Start a server; warm up; 1 user alone; `users` together; return every figure."""
    server = AppServer(options=options)
    try:
        rss_start = server.rss()

        async def main() -> dict:
            await _warm_up(server.url, dataset, timeout)
            common = {"think": think, "seconds": seconds, "timeout": timeout, "server": server}
            one = await crowd_phase(server.url, 1, actions, dataset, seed=1_000, **common)
            await asyncio.sleep(2.0)
            idle = server.rss()
            crowd = await crowd_phase(server.url, users, actions, dataset, seed=0, **common)
            await asyncio.sleep(5.0)
            after = server.rss()
            left = await asyncio.to_thread(metrics, server.url)
            return {"one": one, "crowd": crowd, "idle": idle, "after": after, "left": left}

        load = os.getloadavg()
        figures = run_sync(main())
        figures.update(load=(load, os.getloadavg()), start=rss_start, users=users,
                       actions=actions, dataset=dataset,
                       think=think, seconds=seconds, options=options or {})  # fmt: skip
        return figures
    finally:
        server.stop()


def _ms(values: list[float], q: float) -> str:
    return f"{percentile(values, q) * 1000:.0f}" if values else "–"


def report(f: dict) -> None:
    """Print latency per kind and per action (N users vs 1 alone), problems and memory."""
    one, crowd, n = f["one"]["timings"], f["crowd"]["timings"], f["users"]
    opts = "".join(f"; {k}={v}" for k, v in f.get("options", {}).items())
    head = f"{n} users × {f['actions']} actions ({f['dataset']}, think ≈ {f['think']} s{opts})"

    def rows(groups: list[str], attr: str) -> list[list[str]]:
        out = []
        for g in groups:
            a, b = getattr(one, attr).get(g, []), getattr(crowd, attr).get(g, [])
            ratio = (
                f"{percentile(b, 50) / percentile(a, 50):.1f}x" if a and b and percentile(a, 50)
                else "–"
            )  # fmt: skip
            out.append([g, len(a), _ms(a, 50), len(b), _ms(b, 50), _ms(b, 95), _ms(b, 100), ratio])
        return out

    header = ["", "n (1 user)", "p50 ms", f"n ({n} users)", "p50 ms", "p95 ms", "max ms",
              "p50 ratio"]  # fmt: skip
    print_table(f"Load: latency per action kind — {head}", header, rows(list(KINDS), "by_kind"))
    names = ["open", *dict.fromkeys(name for name, _ in SCRIPT)]
    print_table("Latency per action", header, rows(names, "by_name"))
    all_one = [v for vs in one.by_kind.values() for v in vs]
    all_crowd = [v for vs in crowd.by_kind.values() for v in vs]
    print(
        f"\nAll actions: 1 user p50 {_ms(all_one, 50)} ms; {n} users p50 {_ms(all_crowd, 50)} ms, "
        f"p95 {_ms(all_crowd, 95)} ms, max {_ms(all_crowd, 100)} ms "
        f"({crowd.actions} actions in {f['crowd']['wall']:.1f} s; "
        f"{crowd.capped} users stopped by the {f['seconds']:.0f} s cap)"
    )
    if "load" in f:  # a shared machine: the latencies above depend on it
        (a, b, c), (d, e, g) = f["load"]
        print(f"Load average (1/5/15 min): before {a:.1f}/{b:.1f}/{c:.1f}, "
              f"after {d:.1f}/{e:.1f}/{g:.1f}")  # fmt: skip
    problems = Problems()
    problems.merge(one.problems)
    problems.merge(crowd.problems)
    print_table(
        "Problems (0 expected)",
        ["kind", "1 user", f"{n} users"],
        [[k, one.problems.counts[k], crowd.problems.counts[k]] for k in PROBLEMS],
    )
    for sample in problems.samples:
        print("  ", sample)
    delays = crowd.fetch_delays
    print(
        f"Deferred CSV/XLSX: the client fetched the URL {_ms(delays, 50)} ms (p50), "
        f"{_ms(delays, 100)} ms (max) after the server's answer ({len(delays)} fetches). "
        "Streamlit alone deletes such a file after two script runs of any session; "
        "pages/_runtime.py keeps it for a grace period, so a 404 here is a regression."
    )
    with_users = f["crowd"]["rss_with"]
    per_user = (with_users - f["idle"]) / n
    print_table(
        "Server memory (VmRSS, MiB)",
        ["fresh", "idle", f"with {n} users", "peak", "after they left (5 s)",
         "per user", "Kaleido Chromium (PSS)"],
        [[f"{f['start']:.0f}", f"{f['idle']:.0f}", f"{with_users:.0f}",
          f"{f['crowd']['rss_peak']:.0f}", f"{f['after']:.0f}", f"{per_user:.1f}",
          f"{f['crowd']['kaleido']:.0f}"]],
    )  # fmt: skip
    g, left = f["crowd"]["gauges"], f["left"]
    print(
        f"\nWith {n} users: {g.get('active_sessions', 0):.0f} sessions, "
        f"{g.get('st_session_state', 0):.0f} session-state keys, "
        f"{sum(v for k, v in g.items() if k.startswith('st_cache_resource')):.0f} cache entries, "
        f"{g.get('st_memory_media_file_storage', 0) / 1024:.0f} KiB media files. After they left: "
        f"{left.get('active_sessions', 0):.0f} sessions, "
        f"{left.get('st_memory_media_file_storage', 0) / 1024:.0f} KiB media files."
    )


async def _deferred_race(url: str) -> list[list[object]]:
    a, b = Session(url), Session(url)
    await a.open()
    await b.open()
    rows = []
    for between in range(4):
        answer = await a.ask_deferred(a.element("dl-heatmap-matrix-csv").deferred_file_id)
        for i in range(between):
            await b.change({"years": [2016 + i, 2024]})
        status = await asyncio.to_thread(a.status_of, answer.deferred_file.url)
        rows.append([between, status])
    await a.close()
    await b.close()
    return rows


def deferred_race() -> None:
    """Print what a deferred download's URL answers after runs of *another* session."""
    server = AppServer()
    try:
        rows = run_sync(_deferred_race(server.url))
    finally:
        server.stop()
    print_table(
        "A deferred download (matrix CSV) fetched after N runs of another session (200 = kept)",
        ["runs of another session before the fetch", "HTTP status"],
        rows,
    )


def run(users: int = 20, actions: int = 12, dataset: str = "sample") -> dict:
    """The `python -m bench` entry."""
    figures = measure(users=users, actions=actions, dataset=dataset)
    report(figures)
    deferred_race()
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--actions", type=int, default=12, help="actions per user (script cycled)")
    parser.add_argument("--dataset", choices=list(LABELS), default="sample", help="first dataset")
    parser.add_argument("--seconds", type=float, default=300, help="cap on each phase")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between actions")
    parser.add_argument("--timeout", type=float, default=180, help="per rerun or download")
    parser.add_argument(
        "--option", action="append", default=[], metavar="NAME=VALUE",
        help="extra `streamlit run` option, e.g. runner.postScriptGC=false",
    )  # fmt: skip
    parser.add_argument(
        "--race", action="store_true", help="only the deferred-download race (a few seconds)"
    )
    a = parser.parse_args()
    if not a.race:
        report(
            measure(users=a.users, actions=a.actions, dataset=a.dataset, seconds=a.seconds,
                    think=a.think, timeout=a.timeout,
                    options=dict(o.split("=", 1) for o in a.option))
        )  # fmt: skip
    deferred_race()
