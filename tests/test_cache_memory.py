"""Every cache in pages/ is bounded, and the server's memory stays bounded over many reruns.

The second test is slow-ish (a real `streamlit run` and 500 reruns over the websocket, two to
four minutes on two busy cores): it asserts memory, never timing. It reads Streamlit's own gauges
(`/_stcore/metrics`: entries per cached function, session-state keys, media-file bytes) and the
server's VmRSS. The 500-rerun figures come from `python -m bench.bench_cache_memory`.
"""

from __future__ import annotations

from bench import bench_cache_memory

#: Reruns through the server (two sessions, distinct filters): memory is compared between
#: CHECKPOINT (the per-filter caches are full by then) and RERUNS (the issue's 500).
RERUNS, CHECKPOINT = 500, 100
#: Largest server RSS growth allowed between the checkpoints (a leak guard). Measured on the
#: sample data: +4.0 MiB from rerun 100 to 300 with the caches bounded, +9.2 MiB with `view`
#: and `matrix` unbounded; that case fails on the entry counts below (307 entries > 64 / 128).
RSS_GROWTH_MIB = 20


def cached_functions() -> list:
    """Every cached wrapper of the pages (all live in pages/_cache.py, recorded by `@cached`)."""
    from pages import _cache

    return list(_cache.REGISTRY)


def test_every_cache_in_pages_is_bounded() -> None:
    found = cached_functions()
    assert len(found) >= 10, found  # the registry sees the caches of pages/_cache.py
    unbounded = [w._info.display_name for w in found if w._info.max_entries is None
                 and w._info.ttl is None]  # fmt: skip
    assert not unbounded, f"caches without max_entries or ttl: {unbounded}"


def max_entries() -> dict[str, int]:
    """Cache name as /_stcore/metrics shows it → the function's max_entries (pinned Streamlit)."""
    return {
        f"st_cache_resource:{w._info.display_name}": w._info.max_entries for w in cached_functions()
    }


def test_server_memory_stays_bounded_over_reruns() -> None:
    result = bench_cache_memory.measure(
        reruns=RERUNS, checkpoint=CHECKPOINT, dataset="sample", pages=("heatmap",),
        sessions=2, light=True,
    )  # fmt: skip
    bench_cache_memory.report(result, "test_server_memory_stays_bounded_over_reruns")
    assert result.problems.total == 0, result.problems.samples
    first, last = result.checkpoints[1], result.checkpoints[-1]
    assert (first.reruns, last.reruns) == (CHECKPOINT, RERUNS)
    bounds = max_entries()
    for name, entries in last.gauges.items():
        if name.startswith("st_cache_resource:"):
            assert bounds[name] is not None and entries <= bounds[name], (name, entries)
    # The per-filter caches were really missed: more distinct filters than any bound.
    assert (
        last.gauges["st_cache_resource:pages._cache.matrix"]
        == bounds["st_cache_resource:pages._cache.matrix"]
    )
    assert last.total("st_session_state") == first.total("st_session_state")
    assert last.total("st_memory_media_file_storage") <= first.total("st_memory_media_file_storage")
    growth = last.rss_mib - first.rss_mib
    span = f"from rerun {CHECKPOINT} to {RERUNS}"
    assert growth < RSS_GROWTH_MIB, f"server RSS grew {growth:.1f} MiB {span}"
