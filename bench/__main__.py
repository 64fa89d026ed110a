"""Run every benchmark: `python -m bench`."""

from bench import bench_import, bench_matrix

bench_matrix.run()
bench_import.run()
