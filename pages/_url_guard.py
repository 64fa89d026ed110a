"""Numbers in a link that no URL-bound widget can take are dropped before widgets are drawn.

Streamlit seeds a widget bound with ``bind="query-params"`` from the link and silently drops a
value it cannot parse. But ``inf``, ``Infinity``, ``1e400`` or a 400-digit number in an integer
``number_input`` raises an ``OverflowError`` that Streamlit 1.67 does not catch
(``SessionState._seed_widget_from_url`` catches ValueError, TypeError and IndexError), and the
page stops with a traceback. So the link values of the number widgets are checked first: one
that is not a finite, non-negative number below 10¹⁵ is removed from the link with a short note,
and the widget keeps its default. (Text, choice and toggle widgets take any text safely.)
"""

from __future__ import annotations

import math

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from wsis_data.safe_text import literal

#: Keys of the URL-bound number inputs and sliders of every page (the sidebar's years too);
#: tests/test_url_params.py keeps this list equal to the pages' own widgets.
NUMBER_KEYS = frozenset(
    {"years", "net_min", "net_link", "net_top", "net_edges", "net_res", "net_comm", "net_labels",
     "net_window", "net_cmin", "net_cmax", "tr_top"}
)  # fmt: skip
#: Magnitude beyond which a number in a link is not a setting of this app.
MAX_MAGNITUDE = 1e15


def usable_number(value: str) -> bool:
    """Whether a link value can seed a number widget of this app.

    >>> [usable_number(v) for v in ("200", "0.5", "-3", "abc", "inf", "nan", "1e400", "9" * 400)]
    [True, True, False, False, False, False, False, False]
    """
    try:
        number = float(value)
    except ValueError:
        return False
    return math.isfinite(number) and 0 <= number <= MAX_MAGNITUDE


def drop_unusable_numbers() -> None:
    """Remove unusable numbers from this run's link before widgets are seeded, with a note."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    dropped: dict[str, str] = {}
    with ctx.session_state.query_params() as params:
        # The values widgets are seeded from: Streamlit's own table of this run's link.
        initial: dict[str, list[str]] = params._initial_query_params
        for key in NUMBER_KEYS & initial.keys():
            bad = [v for v in initial[key] if not usable_number(v)]
            if bad:
                dropped[key] = bad[0]
                del initial[key]
                params.remove_param(key)
    for key, value in sorted(dropped.items()):
        shown = value if len(value) <= 20 else f"{value[:20]}…"
        st.caption(literal(f"The link's value for {key} ({shown}) is not usable: default used."))
