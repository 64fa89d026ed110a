"""The `@cached` decorator every cache of the pages is declared with (in pages/_cache.py), its
`REGISTRY` and `forget_all()` that clears them all.

`@cached(...)` is `st.cache_resource` with a bound (max_entries or ttl, required) that also records
the wrapper in `REGISTRY`, so `forget_all()` (after an import or a rollback) clears every cache
without a hand-written list. A wrapper whose first parameter is the dataset `key` is also keyed on
`data_version(key)`: the store's version (latest batch, rollbacks; read at most every
`store_version.MAX_AGE` seconds per process), so an import or a rollback made by another process
(the CLI, another replica) rebuilds what shows the store, and nothing else.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

import streamlit as st

from wsis_data.ingest.store import default_url, store_has_records, store_state

__all__ = ["REGISTRY", "cached", "data_version", "forget_all"]

F = TypeVar("F", bound=Callable[..., Any])

#: Every cached wrapper, in declaration order (tests/test_architecture.py checks the bounds).
REGISTRY: list[Any] = []


#: The version each dataset key is read at during one cached call (nested calls agree on it).
_PINNED: ContextVar[dict[str, tuple] | None] = ContextVar("_PINNED", default=None)


def data_version(key: str) -> tuple:
    """What a cached result of dataset `key` depends on besides its arguments: () for the
    embedded datasets; for the store, which store (a digest of its URL) and its version (one small
    query every few seconds)."""
    if key != "store":
        return ()
    if (pinned := (_PINNED.get() or {}).get(key)) is not None:
        return pinned
    url = default_url()
    where = hashlib.sha256(url.encode()).hexdigest()[:16]  # another store (WSIS_DB) is other data
    if not store_has_records(url):  # missing, empty or failing: cached too
        return (where, "no records")
    return (where, *store_state(url).version)


def cached(*, max_entries: int | None = None, ttl: float | None = None, **options) -> Callable:
    """`st.cache_resource` with a required bound, recorded in `REGISTRY` for `forget_all()`.

    A function whose first parameter is `key` (a dataset) is cached under `data_version(key)` too.
    """
    if max_entries is None and ttl is None:
        raise TypeError("a cache needs max_entries or ttl")

    def wrap(fn: F) -> F:
        if next(iter(inspect.signature(fn).parameters), None) != "key":
            wrapper = st.cache_resource(max_entries=max_entries, ttl=ttl, **options)(fn)
            REGISTRY.append(wrapper)
            return wrapper

        def versioned(key, version, *args, **kwargs):
            token = _PINNED.set({**(_PINNED.get() or {}), key: version})
            try:
                return fn(key, *args, **kwargs)
            finally:
                _PINNED.reset(token)

        # Streamlit names a cache by module and qualified name (as /_stcore/metrics shows it) and
        # keys it on the source, which `inspect.getsource` finds through __wrapped__: fn's own.
        versioned.__signature__ = inspect.signature(versioned)  # type: ignore[attr-defined]
        versioned.__name__, versioned.__qualname__ = fn.__name__, fn.__qualname__
        versioned.__module__ = fn.__module__  # named pages._cache.<name>, where it is declared
        versioned.__wrapped__ = fn  # type: ignore[attr-defined]
        inner = st.cache_resource(max_entries=max_entries, ttl=ttl, **options)(versioned)

        @functools.wraps(fn)
        def call(key, *args, **kwargs):
            return inner(key, data_version(key), *args, **kwargs)

        call.clear, call._info = inner.clear, inner._info
        REGISTRY.append(call)
        return call  # type: ignore[return-value]

    return wrap


def forget_all() -> None:
    """Forget every cached result, so the store's new records show everywhere.

    The underlying loaders of the sample and the demo are cached in `wsis_data`, so clearing
    everything here costs little.
    """
    for wrapper in REGISTRY:
        wrapper.clear()
