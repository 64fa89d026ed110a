"""Run every benchmark: `python -m bench`."""

from bench import bench_matrix

bench_matrix.run()
