"""Moved to tests/support/records.py.

This old path stays only while other branches still import it (issue 12; removed at merge)."""

from tests.support.records import *  # noqa: F403
