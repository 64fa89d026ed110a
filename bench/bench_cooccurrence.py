"""Co-occurrence (SDG × SDG, Action Line × Action Line) and a pair drill-down on synthetic
1k…1M sessions, against `build_matrix` on the same view measured in the same run (the heatmap's
cost, the baseline). Run: `python -m bench.bench_cooccurrence [--max N]`.
"""

from __future__ import annotations

import argparse

from bench.common import median_seconds, peak_rss_mib, print_table
from wsis_data.cooccurrence import cooccurrence, pair_drilldown
from wsis_data.filters import Filters
from wsis_data.matrix import build_matrix
from wsis_data.synthetic import generate
from wsis_data.views import apply_filters

SIZES = (1_000, 10_000, 100_000, 1_000_000)


def run(max_sessions: int = 100_000) -> None:
    """Print one row per size and step."""
    rows = []
    for n in (s for s in SIZES if s <= max_sessions):
        view = apply_filters(generate(n_sessions=n, seed=1), Filters())
        base = median_seconds(lambda view=view: build_matrix(view))
        steps = {
            "SDG × SDG": lambda view=view: cooccurrence(view, "sdg"),
            "Action Line × Action Line (C7 split)": lambda view=view: cooccurrence(
                view, "action_line", collapse_c7=False
            ),
            "sessions naming SDG 4 & SDG 9": lambda view=view: pair_drilldown(view, "sdg", 4, 9),
        }
        for name, step in steps.items():
            ours = median_seconds(step)
            rows.append(
                [f"{n:,}", name, f"{base * 1000:.2f}", f"{ours * 1000:.2f}", f"{ours / base:.1f}x",
                 f"{peak_rss_mib():,.0f}"]
            )  # fmt: skip
    print_table(
        "co-occurrence vs build_matrix on the same view (median of 7)",
        ["sessions", "step", "matrix ms", "ours ms", "ratio", "peak MiB"],
        rows,
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max", type=int, default=100_000, help="largest size to run")
    run(parser.parse_args().max)
