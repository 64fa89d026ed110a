"""Issue 20 item 2: every text path of an upload is linear in its input.

Each adversarial input of `bench/bench_adversarial.py` at 1 MB goes through the submission
parser and the Import page's preview path in a subprocess of its own. The bound (60 s) is a
guard against quadratic growth, not a timing: linear code takes about a second on a busy
machine; the old link pattern took 18 s for 60,000 ``[`` and would take hours for 1,000,000.
"""

from __future__ import annotations

import pytest

from bench.bench_adversarial import CASES, time_in_subprocess
from wsis_data.ingest.submissions import _clean, parse_submission

BOUND = 60.0
SIZE = 1_000_000


@pytest.mark.parametrize("path", ["parser", "preview"])
@pytest.mark.parametrize("case", [c for c in CASES if c != "prose (baseline)"])
def test_adversarial_input_is_not_quadratic(path: str, case: str) -> None:
    seconds = time_in_subprocess(path, case, SIZE, BOUND)
    assert seconds is not None, f"{path} on {case!r} ({SIZE:,} characters) took over {BOUND} s"


@pytest.mark.parametrize(
    ("line", "clean"),
    [
        ("see [the report](https://example.org/r.pdf) here", "see the report here"),
        ("[Foo](https://en.wikipedia.org/wiki/Foo_(bar)) page", "Foo page"),
        ("**1) Title of your session**", "1) Title of your session"),
        ("a [bracket] and (parens)", "a [bracket] and (parens)"),
        ("<b>bold</b> text", "bold text"),
        ("[[[ ]](x", "[[[ ]](x"),
    ],
)
def test_cleaner_keeps_links_text(line: str, clean: str) -> None:
    assert _clean(line) == clean


def test_an_overlong_action_line_piece_is_reported_not_looked_up() -> None:
    text = (
        "WSIS Forum 2020\n1) Title of your session\nA title\n"
        "3) Relevance with the WSIS Action Lines\nC3\n" + "word " * 100 + "\n"
    )
    sub = parse_submission(text, "x.txt")
    assert [t.code for t in sub.record.action_lines] == ["C3"]
    assert sub.unrecognised_action_lines == [("word " * 100).strip()]
