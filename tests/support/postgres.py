"""A throwaway real PostgreSQL server for tests (`bench.harness.postgres.PostgresServer`, shared
with the benches). When no server can be started the tests using it are skipped with the reason,
never passed silently.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest

from bench.harness.postgres import PostgresServer

__all__ = ["PostgresServer", "postgres_url"]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The URL of a real PostgreSQL server for this test session (skipped with the reason)."""
    try:
        server = PostgresServer()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"PostgreSQL could not be started: {exc}")
    try:
        yield server.url
    finally:
        server.stop()
