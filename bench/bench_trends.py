"""Trends on synthetic 100k and 1M sessions: cold, cached, beside build_matrix and a bincount floor.

For each breakdown, three timings on the same dataset (median of repeats, never asserted):

- floor: one `numpy.bincount` over integer (year, key) codes of the same tag table (no dedup, no
  frame): the fastest possible count of that table;
- cold: `apply_filters` + `counts_by_year` on a fresh view, per-dataset code caches cleared
  (the first call on a dataset);
- view: the same on a fresh view with the per-dataset text codes already built (what a filter
  change costs);
- cached: the same call through `st.cache_resource` with a small hashable key, as the page does.

`apply_filters` + `build_matrix` (no filter, collapsed) is measured in the same run as the
reference ("matrix ms"; "view/matrix" compares it with the "view" timing).
Run: `python -m bench.bench_trends [--max N]`.
"""

from __future__ import annotations

import argparse
import logging
import time

import numpy as np
import streamlit as st

from bench.common import median_seconds, peak_rss_mib, print_table
from wsis_data import trends
from wsis_data.filters import Filters
from wsis_data.matrix import build_matrix
from wsis_data.synthetic import generate
from wsis_data.trends.counts import _column_codes as column_codes
from wsis_data.views import apply_filters

SIZES = (100_000, 1_000_000)
_DATASETS: dict[int, object] = {}


@st.cache_resource(max_entries=16)
def _cached(n: int, by: str) -> object:
    """The page's caching pattern: a small hashable key, the result shared."""
    view = apply_filters(_DATASETS[n], Filters())
    if by == "matrix by year":
        return trends.matrices_by_year(view)
    return trends.counts_by_year(view, by, top_n=10 if by == "organisation" else None)


def _floor_codes(ds, by: str) -> tuple[np.ndarray, int]:
    """Integer (year, key) codes of the tag table behind a breakdown, and their range."""
    tables = ds.tables
    year = tables.sessions["year"].to_numpy(np.int64)
    y = year - year.min()
    n_years = int(y.max()) + 1
    if by == "action_line":
        frame = tables.action_lines
        return y[frame["session_key"].to_numpy()] * 19 + frame["row"].to_numpy(np.int64), 19
    if by == "sdg":
        frame = tables.sdgs
        return y[frame["session_key"].to_numpy()] * 18 + frame["sdg"].to_numpy(np.int64), 18
    if by == "session_type":
        codes = tables.sessions["session_type"].astype("category").cat.codes.to_numpy(np.int64)
        return y * 16 + codes + 1, 16
    if by == "organisation":
        codes, _ = column_codes(tables, "organisers", "organisation")
        n = int(codes.max()) + 1
        return y[tables.organisers["session_key"].to_numpy()] * n + codes, n
    pairs = tables.pairs  # matrix by year: (year, action line, sdg) cells
    cells = (y[pairs.session] * 19 + pairs.action_line) * 18 + pairs.sdg
    return cells.astype(np.int64), 19 * 18 * n_years


def run(max_sessions: int = 1_000_000, repeat: int = 5) -> None:
    """Print one row per size and breakdown."""
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    rows = []
    for n in (s for s in SIZES if s <= max_sessions):
        start = time.perf_counter()
        ds = generate(n_sessions=n, seed=1)
        built = time.perf_counter() - start
        _DATASETS[n] = ds
        matrix = median_seconds(lambda ds=ds: build_matrix(apply_filters(ds, Filters())), repeat)
        trends.clear_caches()
        for by in ("action_line", "sdg", "session_type", "organisation", "matrix by year"):
            codes, _ = _floor_codes(ds, by)
            floor = median_seconds(lambda codes=codes: np.bincount(codes), repeat)

            def fresh(ds=ds, by=by):
                view = apply_filters(ds, Filters())
                if by == "matrix by year":
                    return trends.matrices_by_year(view)
                return trends.counts_by_year(view, by, top_n=10 if by == "organisation" else None)

            def cold(fresh=fresh):
                trends.clear_caches()
                return fresh()

            ours_cold = median_seconds(cold, repeat)
            ours_view = median_seconds(fresh, repeat)
            ours_cached = median_seconds(lambda n=n, by=by: _cached(n, by), repeat)
            rows.append(
                [
                    f"{n:,}",
                    by,
                    f"{len(codes):,}",
                    f"{floor * 1000:.2f}",
                    f"{ours_cold * 1000:.1f}",
                    f"{ours_cold / floor:.1f}x",
                    f"{ours_view * 1000:.1f}",
                    f"{ours_view / floor:.1f}x",
                    f"{ours_cached * 1000:.3f}",
                    f"{matrix * 1000:.1f}",
                    f"{ours_view / matrix:.2f}x",
                    f"{built:.1f}",
                    f"{peak_rss_mib():,.0f}",
                ]
            )
        _DATASETS.pop(n)
        _cached.clear()
    print_table(
        f"Trends (counts_by_year / matrices_by_year) vs numpy.bincount floor and build_matrix "
        f"(median of {repeat})",
        [
            "sessions",
            "breakdown",
            "tag rows",
            "floor ms",
            "cold ms",
            "cold/floor",
            "view ms",
            "view/floor",
            "cached ms",
            "matrix ms",
            "view/matrix",
            "build s",
            "peak MiB",
        ],
        rows,
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max", type=int, default=1_000_000, help="largest size to run")
    parser.add_argument("--repeat", type=int, default=5, help="repeats per timing")
    args = parser.parse_args()
    run(args.max, args.repeat)
