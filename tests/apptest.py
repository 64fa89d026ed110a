"""Moved to tests/support/apptest.py.

This old path stays only while other branches still import it (issue 12; removed at merge)."""

from tests.support.apptest import *  # noqa: F403
