"""Moved to tests/support/hostile.py.

This old path stays only while other branches still import it (issue 12; removed at merge)."""

from tests.support.hostile import *  # noqa: F403
