"""Moved to tests/support/postgres.py.

This old path stays only while other branches still import it (issue 12; removed at merge)."""

from tests.support.postgres import *  # noqa: F403
