"""Moved to tests/support/documents.py.

This old path stays only while other branches still import it (issue 12; removed at merge)."""

from tests.support.documents import *  # noqa: F403
