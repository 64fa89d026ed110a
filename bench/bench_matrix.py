"""apply_filters + build_matrix on synthetic 1k…1M sessions, against a numpy.bincount floor.

The floor: one `numpy.bincount` over the integer-coded (Action Line, SDG) cells of the same long
table (the fastest possible count of that table). Run: `python -m bench.bench_matrix [--max N]`.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from bench.common import median_seconds, peak_rss_mib, print_table
from wsis_data.filters import Filters
from wsis_data.matrix import build_matrix
from wsis_data.synthetic import generate
from wsis_data.views import apply_filters

SIZES = (1_000, 10_000, 100_000, 1_000_000)


def run(max_sessions: int = 1_000_000) -> None:
    """Print one row per size and filter."""
    rows = []
    for n in (s for s in SIZES if s <= max_sessions):
        start = time.perf_counter()
        ds = generate(n_sessions=n, seed=1)
        built = time.perf_counter() - start
        pairs = ds.tables.pairs
        cells = pairs.action_line.astype(np.intp) * 17 + pairs.sdg - 1
        floor = median_seconds(lambda cells=cells: np.bincount(cells, minlength=19 * 17))
        cases = {
            "no filter": Filters(),
            "years 2018–2022": Filters(years=(2018, 2022)),
            "C7 + SDG 4, expanded": Filters(action_lines=("C7",), sdgs=(4,)),
            "8 Action Lines (most rows)": Filters(
                action_lines=("C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8")
            ),
        }
        for name, filters in cases.items():
            collapse = "expanded" not in name

            def step(ds=ds, filters=filters, collapse=collapse):
                return build_matrix(apply_filters(ds, filters), collapse_c7=collapse)

            ours = median_seconds(step)
            rows.append(
                [
                    f"{n:,}",
                    f"{len(pairs):,}",
                    name,
                    f"{floor * 1000:.2f}",
                    f"{ours * 1000:.2f}",
                    f"{ours / floor:.1f}x",
                    f"{built:.1f}",
                    f"{peak_rss_mib():,.0f}",
                ]
            )
    print_table(
        "apply_filters + build_matrix vs numpy.bincount floor (median of 7)",
        ["sessions", "pairs", "filter", "floor ms", "ours ms", "ratio", "build s", "peak MiB"],
        rows,
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max", type=int, default=1_000_000, help="largest size to run")
    run(parser.parse_args().max)
