"""Run every benchmark: `python -m bench`."""

from bench import (
    bench_heatmap,
    bench_import,
    bench_matrix,
    bench_network,
    bench_trends,
    eval_suggest,
)

bench_matrix.run()
bench_heatmap.run()
bench_network.run()
bench_trends.run()
bench_import.run()
eval_suggest.run()
