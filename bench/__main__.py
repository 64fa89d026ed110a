"""Run every benchmark: `python -m bench`."""

from bench import (
    bench_adversarial,
    bench_cache_memory,
    bench_heatmap,
    bench_import,
    bench_load,
    bench_matrix,
    bench_network,
    bench_trends,
    bench_upload_health,
    eval_suggest,
)

bench_matrix.run()
bench_heatmap.run()
bench_network.run()
bench_trends.run()
bench_import.run()
eval_suggest.run()
bench_load.run()
bench_cache_memory.run()
bench_adversarial.run()
bench_upload_health.run()
