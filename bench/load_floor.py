"""The heatmap page against the floor page under the same load, side by side in one run.

Two `streamlit run` servers on 127.0.0.1: dashboard.py on the synthetic demo (heatmap page) and
bench/floor_heatmap.py (a bare page: the same year slider, one go.Heatmap of the same 11 × 17
grid). On each, 1 user alone, then `--users` users together, move the year slider `--actions`
times (think ≈ `--think` s, websocket sessions speaking Streamlit's protocol, bench/harness).
Printed: p50/p95 per server and crowd size, the crowd's p50 against the lone user's, the server's
CPU per rerun (utime + stime from /proc during the crowd phase ÷ reruns) and reruns per second
of server CPU, and the ratio dashboard ÷ floor. Never asserted.
Run: `python -m bench.load_floor [--users 20] [--actions 8] [--think 1.0]`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.common import print_table
from bench.harness.app_server import AppServer
from bench.harness.ws_client import Problems, Session, percentile, run_sync

ROOT = Path(__file__).resolve().parents[1]
FLOOR = ROOT / "bench" / "floor_heatmap.py"
SERVERS = {"dashboard (heatmap page)": None, "floor (bare go.Heatmap)": FLOOR}
QUERY = urlencode({"ds": "Synthetic demo (generated)"})


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (all its threads), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _user(url: str, seed: int, actions: int, think: float, out: list[float],
                problems: Problems) -> None:  # fmt: skip
    rng = random.Random(seed)
    s = Session(url, timeout=180)
    try:
        await s.open(QUERY)
        years = s.element("years")
        lo, hi = int(years.min), int(years.max)
        for _ in range(actions):
            await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
            a = rng.randint(lo, hi)
            run = await s.change({"years": [a, rng.randint(a, hi)]})
            out.append(run.seconds)
            if not run.ok:
                break
    except Exception as exc:
        s.problems.add("exception", f"client: {type(exc).__name__}: {exc}")
    finally:
        problems.merge(s.problems)
        await s.close()


def _phase(server: AppServer, users: int, actions: int, think: float) -> dict:
    out: list[float] = []
    problems = Problems()

    async def main() -> None:
        await asyncio.gather(*(
            _user(server.url, 100 * users + i, actions, think, out, problems) for i in range(users)
        ))  # fmt: skip

    cpu = cpu_seconds(server.pid)
    start = time.perf_counter()
    run_sync(main())
    wall = time.perf_counter() - start
    cpu = cpu_seconds(server.pid) - cpu
    return {"lat": out, "cpu": cpu, "wall": wall, "problems": problems.total}


def measure(users: int, actions: int, think: float) -> dict[str, dict]:
    """Both servers: warm-up, 1 user, then `users` users."""
    figures = {}
    for name, script in SERVERS.items():
        server = AppServer(script=script) if script else AppServer()
        try:
            _phase(server, 1, 3, 0)  # warm: dataset, caches
            figures[name] = {
                "one": _phase(server, 1, actions, think),
                "crowd": _phase(server, users, actions, think),
                "rss": server.rss(),
            }
        finally:
            server.stop()
    return figures


def report(figures: dict[str, dict], users: int) -> None:
    ms = lambda v, q: f"{percentile(v, q) * 1000:.0f}" if v else "–"  # noqa: E731
    rows = []
    per_rerun = {}
    for name, f in figures.items():
        one, crowd = f["one"]["lat"], f["crowd"]["lat"]
        reruns = len(crowd) + users  # + each user's opening run
        per_rerun[name] = f["crowd"]["cpu"] / max(reruns, 1)
        ratio = percentile(crowd, 50) / percentile(one, 50) if one and crowd else float("nan")
        rows.append([
            name, ms(one, 50), ms(crowd, 50), ms(crowd, 95), f"{ratio:.1f}x",
            f"{per_rerun[name] * 1000:.0f}", f"{1 / per_rerun[name]:.1f}",
            f["one"]["problems"] + f["crowd"]["problems"], f"{f['rss']:.0f}",
        ])  # fmt: skip
    header = ["server", "1 user p50 ms", f"{users} users p50 ms", "p95 ms", "p50 ratio",
              "CPU ms/rerun", "reruns/s of CPU", "problems", "RSS MiB"]  # fmt: skip
    print_table(f"Year slider: dashboard vs floor page ({users} users)", header, rows)
    dash, floor = per_rerun.values()
    print(f"\nServer CPU per rerun, dashboard ÷ floor: {dash / floor:.1f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--actions", type=int, default=8)
    parser.add_argument("--think", type=float, default=1.0)
    a = parser.parse_args()
    report(measure(a.users, a.actions, a.think), a.users)
