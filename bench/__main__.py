"""Run every benchmark: `python -m bench`."""

from bench import bench_matrix, bench_trends

bench_matrix.run()
bench_trends.run()
