"""CPU per rerun of each page beside the floor page, and where it goes (cProfile).

Each page of dashboard.py runs under Streamlit's AppTest (the real script, real caches: the
first runs warm them), then `--reruns` more reruns are timed (process CPU time) and profiled;
bench/floor_heatmap.py (a bare page: one slider, one go.Heatmap of the same grid) is measured the
same way. Prints CPU ms per rerun, reruns per second of CPU, the ratio to the floor, and the top
functions by cumulative time of each page. AppTest adds its own cost to every run (the floor
carries it too). Printed, never asserted.
Run: `python -m bench.profile_reruns [--reruns 10] [--top 8] [--pages heatmap,trends]`.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench.common import print_table
from bench.harness.script_profile import profiled
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=10)
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--pages", default=",".join(PAGES))
    args = parser.parse_args()
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
