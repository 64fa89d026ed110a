"""CPU per rerun of each page beside the floor page, and where it goes (cProfile).

Each page of dashboard.py runs under Streamlit's AppTest (the real script, real caches: the
first runs warm them), then `--reruns` more reruns are timed (process CPU time) and profiled;
bench/floor_heatmap.py (a bare page: one slider, one go.Heatmap of the same grid) is measured the
same way. Prints CPU ms per rerun, reruns per second of CPU, the ratio to the floor, and the top
functions by cumulative time of each page. AppTest adds its own cost to every run (the floor
carries it too). Printed, never asserted.

`--option-changes`: AppTest cannot rerun a fragment alone, so this measures a real `streamlit run`
server instead (bench/harness/counted_dashboard.py, cProfile of each script run): on each page a
websocket session (bench/harness/ws_client.py, fragment reruns as the browser asks them) flips one
chart option `--reruns` times; printed are the server's CPU ms per change (/proc utime + stime),
changes per second of CPU (unprofiled), then the top functions of as many profiled changes,
beside the floor page's slider; `--no-post-gc` runs the servers with `runner.postScriptGC false`
(Streamlit's gc.collect() after every run, fragment runs included: its top cost).
Run: `python -m bench.profile_reruns [--reruns 10] [--top 8] [--pages heatmap,trends]
[--option-changes]`.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench.common import print_table
from bench.harness.app_server import AppServer
from bench.harness.script_profile import profiled
from bench.harness.ws_client import Session, run_sync
from bench.load_floor import FLOOR, cpu_seconds
from tests.support.apptest import dashboard_app, page_path

ROOT = Path(__file__).resolve().parents[1]
SITE = str(Path(cProfile.__file__).parent)  # shortened in the printout
PAGES = ("heatmap", "network", "trends", "interlinkages", "reports", "import", "about")


def _measure(at: AppTest, reruns: int, top: int) -> tuple[float, str]:
    """CPU ms per rerun of `at` (warm) and the top functions by cumulative time."""
    at.run()
    started = time.process_time()
    with profiled() as profile:
        for _ in range(reruns):
            at.run()
    cpu_ms = (time.process_time() - started) * 1000 / reruns
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).sort_stats("cumulative")
    stats.print_stats(top * 3)
    lines = [ln for ln in out.getvalue().splitlines() if ln.strip()[:1].isdigit()]
    boring = ("threading.py", "script_runner", "exec_code", "{built-in method builtins.exec}")
    lines = [ln.replace(str(ROOT) + "/", "").replace(SITE, "") for ln in lines
             if not any(b in ln for b in boring)]  # fmt: skip
    return cpu_ms, "\n".join(lines[:top])


#: page → (widget key, the two values flipped between): one chart option per page.
OPTIONS = {
    "floor": ("years", ([2016, 2024], [2017, 2024])),
    "heatmap": ("labels", (False, True)),
    "trends": ("tr_chart", ("Stacked areas", "Lines")),
    "interlinkages": ("il_labels", (False, True)),
    "network": ("net_steps", ("2-step", "1-step")),
}


def _top(files: list[str], top: int) -> str:
    out = io.StringIO()
    pstats.Stats(*files, stream=out).sort_stats("cumulative").print_stats(top * 3)
    lines = [ln for ln in out.getvalue().splitlines() if ln.strip()[:1].isdigit()]
    boring = ("threading.py", "script_runner", "exec_code", "builtins.exec", "counted_dashboard")
    lines = [ln.replace(str(ROOT) + "/", "").replace(SITE, "") for ln in lines
             if not any(b in ln for b in boring)]  # fmt: skip
    return "\n".join(lines[:top])


def option_changes(pages: list[str], reruns: int, top: int, no_gc: bool = False) -> None:
    """CPU per chart-option change on a real server, and where it goes."""
    rows, profiles = [], {}
    for name in ["floor", *pages]:
        if name not in OPTIONS:
            continue
        folder = Path(tempfile.mkdtemp(prefix="wsis-prof-"))
        script = FLOOR if name == "floor" else ROOT / "bench" / "harness" / "counted_dashboard.py"
        options = {"runner.postScriptGC": "false"} if no_gc else None
        server = AppServer(env={"WSIS_PROFILE_DIR": str(folder)}, options=options, script=script)
        key, values = OPTIONS[name]

        async def flips(url=server.url, key=key, values=values, name=name, pid=server.pid,
                        folder=folder):  # fmt: skip
            s = Session(url, timeout=180)
            await s.open(page="" if name == "floor" else name)
            for value in values * 2:  # warm: both figures built and cached
                await s.change({key: value})
            cpu = cpu_seconds(pid)
            for i in range(reruns):  # timed, not profiled
                await s.change({key: values[i % 2]})
            cpu = cpu_seconds(pid) - cpu
            (folder / "on").touch()
            before = set(folder.iterdir())
            for i in range(reruns):  # profiled, not timed
                await s.change({key: values[i % 2]})
            await s.close()
            return cpu, [str(p) for p in set(folder.iterdir()) - before], s.problems.total

        try:
            cpu, files, problems = run_sync(flips())
        finally:
            server.stop()
        ms = cpu * 1000 / reruns
        rows.append([name, key, f"{ms:.0f}", f"{1000 / ms:.1f}", problems])
        profiles[name] = _top(files, top) if files else "(no profile)"
        shutil.rmtree(folder, ignore_errors=True)
    floor_ms = float(rows[0][2])
    rows = [[*r[:3], r[3], f"{float(r[2]) / floor_ms:.1f}", r[4]] for r in rows]
    header = ["page (real server)", "option", "CPU ms/change", "changes/s", "× floor", "problems"]
    print_table("CPU per chart-option change (server process)", header, rows)
    for name, text in profiles.items():
        print(f"\n{name}: top by cumulative time (ncalls tottime percall cumtime percall)\n{text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=10)
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--option-changes", action="store_true")
    gc_help = "servers run with runner.postScriptGC false (what its gc costs)"
    parser.add_argument("--no-post-gc", action="store_true", help=gc_help)
    args = parser.parse_args()
    if args.option_changes:
        return option_changes(args.pages.split(","), args.reruns, args.top, args.no_post_gc)
    floor = AppTest.from_file(str(ROOT / "bench" / "floor_heatmap.py"), default_timeout=120)
    floor.run()
    floor_ms, _ = _measure(floor, args.reruns, args.top)
    rows = [("floor (bare go.Heatmap page)", f"{floor_ms:.0f}", f"{1000 / floor_ms:.1f}", "1.0")]
    profiles = {}
    for name in args.pages.split(","):
        at = dashboard_app(timeout=120)
        at.switch_page(page_path(f"{name}.py")).run()
        ms, profiles[name] = _measure(at, args.reruns, args.top)
        rows.append((name, f"{ms:.0f}", f"{1000 / ms:.1f}", f"{ms / floor_ms:.1f}"))
    header = ["page (AppTest rerun)", "CPU ms/rerun", "reruns/s", "× floor"]
    print_table("CPU per rerun, warm caches", header, rows)
    for name, text in profiles.items():
        print(f"\n{name}: top by cumulative time (ncalls tottime percall cumtime percall)\n{text}")


if __name__ == "__main__":
    main()
