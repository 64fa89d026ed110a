"""Shared by the property-based tests of everything that reads outside input
(tests/test_ingest_fuzz_*.py, hypothesis).

Arbitrary text and bytes may only give a result or one of the project's own errors
(`WsisError` subclasses); generated valid input must read back exactly. Default runs are
modest; ``HYPOTHESIS_PROFILE=long`` multiplies every property's examples by 20.
``--hypothesis-show-statistics`` prints the examples run.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

SCALE = {"default": 1, "long": 20}[os.environ.get("HYPOTHESIS_PROFILE", "default")]


def fuzz(n: int):
    """Settings for a property: `n` examples (× 20 with HYPOTHESIS_PROFILE=long), no deadline."""
    return settings(
        max_examples=n * SCALE,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


HEADER = b"Session ID,Title,Year,Action Lines,SDGs,Organisers\n"
CELLS = st.sampled_from(["", "C7 e-gov", "SDG 4", "2019", "x;y", '"q"', "C99", "\u00e9", ",", "\n"])

CELL_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12
) | st.sampled_from(["", "C7 e-gov; C3", "a,b", 'say "hi"', "x\ny", "  padded  ", "é", "1;2"])
HEADER_TEXT = st.text(  # headers hold no delimiter or quote (else the delimiter is ambiguous)
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp"),
                           exclude_characters=",;|\"'"),
    min_size=1, max_size=10,
)  # fmt: skip


@st.composite
def tables(draw, min_columns=2):
    """Headers (unique, non-empty, no outer spaces) and rows of text cells of the same width."""
    headers = draw(st.lists(HEADER_TEXT, min_size=min_columns, max_size=6, unique=True))
    rows = draw(st.lists(st.lists(CELL_TEXT, min_size=len(headers), max_size=len(headers)),
                         max_size=8))  # fmt: skip
    return headers, rows
