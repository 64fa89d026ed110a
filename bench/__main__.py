"""Run every benchmark: `python -m bench`."""

from bench import bench_heatmap, bench_matrix

bench_matrix.run()
bench_heatmap.run()
