"""cProfile of the script thread of Streamlit's AppTest (AppTest runs a page in a thread of its own,
which a profiler enabled in the caller's thread does not see).

    with profiled() as profile:
        at.run()
    calls(profile, build_matrix)  # how many times the page called it

Used by bench/profile_reruns.py (where a rerun's time goes) and tests/test_rerun_work.py (what a
rerun rebuilds, by counting builder calls).
"""

from __future__ import annotations

import contextlib
import cProfile
import pstats
from collections.abc import Callable, Iterator

from streamlit.testing.v1.local_script_runner import LocalScriptRunner

_ACTIVE: list[cProfile.Profile] = []
_original = LocalScriptRunner._run_script_thread


def _run_script_thread(self) -> None:
    if not _ACTIVE:
        return _original(self)
    _ACTIVE[0].enable()
    try:
        return _original(self)
    finally:
        _ACTIVE[0].disable()


LocalScriptRunner._run_script_thread = _run_script_thread


@contextlib.contextmanager
def profiled() -> Iterator[cProfile.Profile]:
    """Profile every AppTest script run inside the block (one profile for all of them)."""
    profile = cProfile.Profile()
    _ACTIVE[:] = [profile]
    try:
        yield profile
    finally:
        _ACTIVE.clear()


def calls(profile: cProfile.Profile, fn: Callable) -> int:
    """How many times `fn` was called (primitive calls) while `profile` recorded."""
    code = getattr(fn, "__wrapped__", fn).__code__
    key = (code.co_filename, code.co_firstlineno, code.co_name)
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    return stats[key][0] if key in stats else 0
