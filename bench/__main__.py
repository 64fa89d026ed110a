"""Run every benchmark: `python -m bench`."""

from bench import bench_heatmap, bench_matrix, bench_network, bench_trends

bench_matrix.run()
bench_heatmap.run()
bench_network.run()
bench_trends.run()
