"""Serving: many users through nginx to several replicas sharing one PostgreSQL store.

deploy/serve.sh (bench.harness.serving.Recipe) starts `--replicas` `streamlit run` replicas and
nginx on free loopback ports over a throwaway PostgreSQL (bench.harness.postgres). Each replica is
warmed up on its own address (imports, both datasets, every page, Kaleido). Then `--users` users
arrive through nginx (evenly over `--arrive` s; the default 1 s is all at once), each with the
`wsis_route` cookie of a real first visit (as a browser keeps it), and follow bench/bench_load.py's
script (filters, page and dataset switches, CSV/XLSX/PNG exports) thinking
`--think-min`–`--think-max` s between actions. Printed beside the latencies: where the machine's
CPU went (each replica with its Kaleido, the load generator, the rest) and the server CPU per
action, so a saturated machine is told from a slow app.

`--kill-after S`: S seconds into the run one replica is killed (SIGKILL). Its users' websockets
close; each reconnects once with the same cookie (nginx sends it to a live replica), as
Streamlit's page does, and carries on from its URL. Their problems are reported apart from the
others' (the others should see none).

Printed, never asserted: p50/p95/max per action, problems per kind (lost and 404 downloads
among them), the machine's load average, each replica's RSS idle / with the users / after, the
memory per user, and Kaleido's Chromium per replica. Run: `python -m bench.bench_serve
[--users 50] [--replicas 2] [--actions 12] [--seconds 300] [--kill-after S]`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.bench_load import LABELS, SCRIPT, Gate, Timings, User, _ms, _warm_up
from bench.common import print_table
from bench.harness.app_server import children_pss_mib, descendants, rss_mib
from bench.harness.postgres import PostgresServer
from bench.harness.problems import PROBLEMS, Problems
from bench.harness.serving import Recipe, route_cookie
from bench.harness.ws_client import run_sync
from bench.load_floor import cpu_seconds

TICK = os.sysconf("SC_CLK_TCK")


def machine_cpu() -> float:
    """CPU seconds the whole machine spent busy (every core; /proc/stat, idle and iowait apart)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / TICK


def tree_cpu(pid: int) -> float:
    """CPU seconds of `pid` and its live descendants (Kaleido's Chromium for a replica); 0 once
    the process is gone."""
    total = 0.0
    for p in [pid, *descendants(pid)] if os.path.exists(f"/proc/{pid}") else []:
        with contextlib.suppress(OSError):  # ended between the listing and the read
            total += cpu_seconds(p)
    return total


def cpu_now(pids: dict[int, int]) -> dict:
    """The CPU counters a share table is built from: the machine, each replica's tree, this
    process (the load generator: every simulated user's websocket client)."""
    return {"machine": machine_cpu(), "replicas": {p: tree_cpu(pid) for p, pid in pids.items()},
            "generator": time.process_time()}  # fmt: skip


async def visit(
    user: User, cookie: str, actions: int, timings: Timings, *, pause: tuple[float, float],
    deadline: float, gate: Gate, killed: asyncio.Event, moved: dict,
) -> None:  # fmt: skip
    """One user: open, `actions` actions of SCRIPT; reconnect once if its replica dies."""
    s = user.session
    try:
        timings.add("open", "open", (await s.open(urlencode({"ds": LABELS[user.dataset]}))).seconds)
        for i in range(actions):
            if time.monotonic() > deadline:
                timings.capped += 1
                break
            if not s.last or not s.last.ok:
                if not killed.is_set() or cookie in moved:
                    break  # broken for another reason (counted): do not pile up errors
                moved[cookie] = s.problems
                query = s.query_string
                s = user.session = type(s)(s.base_url, timeout=s.timeout, cookie=cookie)
                timings.add("reconnect", "open", (await s.open(query)).seconds)
            await asyncio.sleep(user.rng.uniform(*pause))
            name, kind = SCRIPT[i % len(SCRIPT)]
            timings.add(name, kind, await user.act(name))
    except Exception as exc:  # a protocol surprise: counted, never hidden
        s.problems.add("exception", f"client: {type(exc).__name__}: {exc}")
    finally:
        await gate.arrive_and_wait()
        await s.close()


def measure(*, users: int, replicas: int, actions: int, pause: tuple[float, float], seconds: float,
            kill_after: float | None, arrive: float = 1.0,
            timeout: float = 180) -> dict:  # fmt: skip
    """PostgreSQL + the recipe; warm-up; the crowd through nginx; every figure."""
    pg = PostgresServer()
    tmp = tempfile.TemporaryDirectory(prefix="wsis-serve-")
    recipe = None
    try:
        recipe = Recipe(Path(tmp.name), replicas=replicas, db=pg.url)
        pids = {p: recipe.replica_pid(p) for p in recipe.replica_ports}

        def rss() -> dict[int, float]:
            return {
                p: rss_mib(pid) if os.path.exists(f"/proc/{pid}") else 0.0
                for p, pid in pids.items()
            }

        async def main() -> dict:
            for port in recipe.replica_ports:
                await _warm_up(recipe.replica(port), "sample", timeout)
            await asyncio.sleep(2.0)
            idle, load_before = rss(), os.getloadavg()
            cookies = [await asyncio.to_thread(route_cookie, recipe.public) for _ in range(users)]
            timings, gate, killed, moved = Timings(), Gate(users), asyncio.Event(), {}
            crowd = [
                User(recipe.public, i, "sample", timeout, cookie=c) for i, c in enumerate(cookies)
            ]
            deadline = time.monotonic() + seconds

            async def one(i: int, u: User) -> None:
                await asyncio.sleep(arrive * i / users)
                await visit(u, cookies[i], actions, timings, pause=pause, deadline=deadline,
                            gate=gate, killed=killed, moved=moved)  # fmt: skip

            async def kill() -> None:
                await asyncio.sleep(kill_after)
                killed.set()
                recipe.kill_replica(recipe.replica_ports[0])

            start, cpu_start = time.perf_counter(), cpu_now(pids)
            tasks = [asyncio.create_task(one(i, u)) for i, u in enumerate(crowd)]
            killer = asyncio.create_task(kill()) if kill_after is not None else None
            await gate.all_arrived.wait()
            wall, cpu_end = time.perf_counter() - start, cpu_now(pids)
            with_users, load_during = rss(), os.getloadavg()
            kaleido = {
                p: children_pss_mib(pid) if with_users[p] else 0.0 for p, pid in pids.items()
            }
            gate.open.set()
            await asyncio.gather(*tasks)
            if killer is not None:
                await killer
            await asyncio.sleep(5.0)
            others, victims, after = Problems(), Problems(), Problems()
            for u, cookie in zip(crowd, cookies, strict=True):
                if cookie in moved:
                    victims.merge(moved[cookie])  # the session on the killed replica
                    after.merge(u.session.problems)  # the one it reconnected to
                else:
                    others.merge(u.session.problems)
            load = (load_before, load_during, os.getloadavg())
            return {"timings": timings, "idle": idle, "with": with_users, "after": rss(),
                    "kaleido": kaleido, "wall": wall, "load": load,
                    "others": others, "victims": victims, "reconnected": after,
                    "moved": len(moved), "cpu": (cpu_start, cpu_end)}  # fmt: skip

        figures = run_sync(main())
        figures.update(users=users, replicas=replicas, actions=actions, pause=pause,
                       kill_after=kill_after, arrive=arrive,
                       ports=recipe.replica_ports)  # fmt: skip
        return figures
    finally:
        if recipe is not None:
            recipe.stop()
        pg.stop()
        tmp.cleanup()


def report(f: dict) -> None:
    """Print latency per action, problems (others vs the killed replica's users) and memory."""
    t, n = f["timings"], f["users"]
    kill = f" ; replica killed after {f['kill_after']:.0f} s" if f["kill_after"] is not None else ""
    head = (f"{n} users × {f['actions']} actions through nginx to {f['replicas']} replicas, "
            f"think {f['pause'][0]:g}–{f['pause'][1]:g} s, "
            f"arriving over {f['arrive']:g} s{kill}")  # fmt: skip
    names = ["open", "reconnect", *dict.fromkeys(name for name, _ in SCRIPT)]
    rows = [
        [g, len(v), _ms(v, 50), _ms(v, 95), _ms(v, 100)] for g in names if (v := t.by_name.get(g))
    ]
    reruns = [v for g, vs in t.by_kind.items() if g in ("filter", "page", "dataset") for v in vs]
    rows.append(["all reruns", len(reruns), _ms(reruns, 50), _ms(reruns, 95), _ms(reruns, 100)])
    print_table(
        f"Serving: latency per action — {head}", ["action", "n", "p50 ms", "p95 ms", "max ms"], rows
    )
    print(f"\n{t.actions} actions in {f['wall']:.1f} s; {t.capped} users stopped by the cap.")
    lb, ld, la = f["load"]
    print(f"Load average (1/5/15 min): before {lb[0]:.1f}/{lb[1]:.1f}/{lb[2]:.1f}, with the users "
          f"{ld[0]:.1f}/{ld[1]:.1f}/{ld[2]:.1f}, after {la[0]:.1f}/{la[1]:.1f}/{la[2]:.1f} "
          f"({os.cpu_count()} cores)")  # fmt: skip
    cpu_report(f)
    others, victims, after, m = f["others"], f["victims"], f["reconnected"], f["moved"]
    print_table(
        "Problems (0 expected; lost downloads count as 'http non-200' or 'deferred 404')",
        ["kind", f"users of live replicas ({n - m})", f"killed replica's users ({m}): before",
         "after reconnecting"],
        [[k, others.counts[k], victims.counts[k], after.counts[k]] for k in PROBLEMS],
    )  # fmt: skip
    for sample in (others.samples + after.samples + victims.samples)[:10]:
        print("  ", sample)
    rows = []
    for port in f["ports"]:
        idle, with_, after = f["idle"][port], f["with"][port], f["after"][port]
        gone = "killed"
        rows.append([port, f"{idle:.0f}", f"{with_:.0f}" if with_ else gone,
                     f"{after:.0f}" if after else gone, f"{f['kaleido'][port]:.0f}"])  # fmt: skip
    header = ["replica", "idle", "with the users", "5 s after they left", "Kaleido PSS"]
    print_table("Replica memory (VmRSS, MiB; Kaleido's Chromium PSS apart)", header, rows)
    alive = [p for p in f["ports"] if f["with"][p]]
    grown = sum(f["with"][p] - f["idle"][p] for p in alive)
    print(
        f"\nMemory per user: {grown / n:.1f} MiB ({grown:.0f} MiB over {len(alive)} live "
        f"replica(s) for {n} users); per replica with the users: "
        f"{sum(f['with'][p] for p in alive) / max(len(alive), 1):.0f} MiB + Kaleido."
    )


def cpu_report(f: dict) -> None:
    """Where the machine's CPU went while the users acted: each replica (with its Kaleido), the
    load generator (this process), and the rest (nginx, PostgreSQL, anything else running)."""
    (a, b), wall, cores = f["cpu"], f["wall"], os.cpu_count() or 1
    machine = b["machine"] - a["machine"]
    parts = [(f"replica :{p}", b["replicas"][p] - a["replicas"][p]) for p in f["ports"]
             if b["replicas"][p]]  # fmt: skip
    parts.append(("load generator (this process)", b["generator"] - a["generator"]))
    gone = len(f["ports"]) - (len(parts) - 1)  # a killed replica's CPU cannot be read after
    rest = "rest (nginx, PostgreSQL, other" + (", the killed replica)" if gone else ")")
    parts.append((rest, machine - sum(s for _, s in parts)))
    rows = [[name, f"{s:.1f}", f"{s / wall:.2f}", f"{s / max(machine, 1e-9):.0%}"]
            for name, s in parts]  # fmt: skip
    rows.append(["machine", f"{machine:.1f}", f"{machine / wall:.2f}", f"of {cores} cores"])
    actions = f["timings"].actions
    print_table(f"CPU while the users acted ({wall:.0f} s; {cores} cores)",
                ["who", "CPU s", "cores busy", "share"], rows)  # fmt: skip
    served = sum(s for name, s in parts if name.startswith("replica"))
    print(f"\nServer CPU per action (replicas / actions): {served / max(actions, 1) * 1000:.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--actions", type=int, default=12, help="actions per user (script cycled)")
    parser.add_argument("--think-min", type=float, default=3.0)
    parser.add_argument("--think-max", type=float, default=8.0)
    parser.add_argument("--seconds", type=float, default=300, help="cap on the users' phase")
    parser.add_argument("--kill-after", type=float, default=None, help="kill a replica after S s")
    parser.add_argument("--arrive", type=float, default=1.0,
                        help="the users arrive evenly over S s (1: all at once)")  # fmt: skip
    a = parser.parse_args()
    pause = (a.think_min, a.think_max)
    report(measure(users=a.users, replicas=a.replicas, actions=a.actions, pause=pause,
                   seconds=a.seconds, kill_after=a.kill_after, arrive=a.arrive))  # fmt: skip
