"""Reports: time and peak memory of the outcomes report and a facilitator pack, each format.

Cases: a 300-session year (synthetic, 2018 only) and the 2,750-session synthetic demo span
(2015–2025). Each (case, report, format) runs in a fresh child process, so its peak RSS is its
own: "build" is the report's content (records → tables, the heatmap image through Kaleido), built
twice: "cold" starts Kaleido's Chromium, then the timed build reuses it as the dashboard does;
"render" is the format alone; wall seconds and this process's CPU seconds (the machine may be
shared: CPU time shows the work, wall time what a user waits). Kaleido's Chromium runs in its own
processes: its CPU is not in "build cpu". The ratio column compares each render with the XLSX
of the same case and report, measured in the same run. Goal (issue 13): the 300-session PDF ≤ 10 s.

Run: ``python -m bench.bench_reports`` (``--cases year300`` for one case).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from bench.common import peak_rss_mib, print_table

CASES = {
    "year300": ("300-session year (synthetic 2018)", 300, (2018, 2018)),
    "span2750": ("2,750-session synthetic span 2015–2025", 250, (2015, 2025)),
}
REPORTS = ("outcomes", "facilitator C3")
FORMATS = ("xlsx", "docx", "pdf")


def one(case: str, report: str, fmt: str) -> dict:
    """Build one report and render one format in this process; return the measures."""
    from wsis_data.filters import Filters
    from wsis_data.reports import facilitator_pack, outcomes_report, render
    from wsis_data.synthetic import generate

    _, per_year, years = CASES[case]
    ds = generate(per_year=per_year, years=years)
    filters = Filters(years=years)
    base = peak_rss_mib()

    def build_report():
        if report == "outcomes":
            return outcomes_report(ds, filters)
        return facilitator_pack(ds, filters, report.split()[-1])

    start = time.perf_counter()
    build_report()  # cold: the heatmap starts Kaleido's Chromium
    cold = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    built = build_report()  # warm, as in the dashboard's server (Chromium kept running)
    build, build_cpu = time.perf_counter() - start, time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    data = render(built, fmt)
    seconds, render_cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"cold": cold, "build": build, "build_cpu": build_cpu, "render": seconds,
            "render_cpu": render_cpu, "bytes": len(data), "base": base,
            "peak": peak_rss_mib()}  # fmt: skip


def _child(case: str, report: str, fmt: str) -> dict:
    args = [sys.executable, "-m", "bench.bench_reports", "--one", case, report, fmt]
    out = subprocess.run(args, capture_output=True, text=True, check=True, timeout=1800)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(cases: tuple[str, ...] = tuple(CASES)) -> None:
    """Print one row per (case, report, format)."""
    rows = []
    for case in cases:
        for report in REPORTS:
            measured = {fmt: _child(case, report, fmt) for fmt in FORMATS}
            floor = measured["xlsx"]["render"]
            for fmt, m in measured.items():
                rows.append([CASES[case][0], report, fmt.upper(), f"{m['cold']:.2f}",
                             f"{m['build']:.2f}",
                             f"{m['build_cpu']:.2f}", f"{m['render']:.2f}",
                             f"{m['render_cpu']:.2f}", f"{m['render'] / floor:.1f}×",
                             f"{m['bytes'] / 1024:,.0f}", f"{m['peak']:.0f}",
                             f"{m['peak'] - m['base']:+.0f}"])  # fmt: skip
    print_table(
        "Reports: build and render, one child process each (peak RSS in MiB)",
        [
            "case",
            "report",
            "format",
            "cold build s",
            "build s",
            "cpu",
            "render s",
            "cpu",
            "× XLSX",
            "KiB",
            "peak",
            "Δ peak",
        ],
        rows,
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", nargs="*", default=list(CASES), choices=list(CASES))
    parser.add_argument("--one", nargs=3, metavar=("CASE", "REPORT", "FORMAT"))
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(*args.one)))
    else:
        run(tuple(args.cases))
