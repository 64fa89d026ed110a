"""Adversarial inputs through the text finders: time at 10 KB, 100 KB and 1 MB (issue 20, item 2).

Each input is one line (no line breaks unless the pattern has them) built by repeating a hostile
unit: brackets, repeated separators and whitespace, deep numbering, long digit runs, keyword floods
("SDG " without a number, "C7 " with separators, lists that never end), Chinese and Arabic runs. The
table prints CPU seconds per input and the growth from 10 KB to 1 MB: linear code grows about ×100;
a quadratic path would grow ×10,000. Only this project's mention finders and normalisers are
measured here (`wsis_data.mentions`, `wsis_data.normalise`); the submission cleaner has its own
bench.

Run: ``python -m bench.bench_text_paths`` (``--quick`` stops at 100 KB).
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable

from bench.common import print_table
from wsis_data.mentions import find_action_lines, find_sdgs
from wsis_data.normalise import normalise_action_line, normalise_sdg

SIZES = {"10 KB": 10_000, "100 KB": 100_000, "1 MB": 1_000_000}

#: name → repeated unit (the input is the unit repeated to the size, cut to length), or
#: (head, unit): one head, then the unit repeated ("SDG" then a megabyte of spaces: the input that
#: took main's SDG finder 2 s of CPU on 20 KB, growing with the square of the length).
INPUTS: dict[str, str | tuple[str, str]] = {
    "SDG then spaces": ("SDG", " "),
    "SDG 4, then spaces": ("SDG 4,", " "),
    "SDG then separators": ("SDG", " -#:("),
    "C7 then separators": ("C7", " .:,;()-"),
    "Action Line then separators": ("Action Line", " .:,;()-"),
    "Goals then spaces": ("Goals", " "),
    "brackets [": "[",
    "brackets [](": "[](",
    "spaces": " ",
    "whitespace mix": " \t\u00a0\u3000",
    "separators , ; -": ", ; - ",
    "newlines": "\n",
    "deep numbering": "1.",
    "digit run": "1234567890",
    "SDG + spaces": "SDG      ",
    "SDG list no end": "SDG 1, 2, 3, ",
    "Goals + numbers": "Goals 1, 2 and 3 of ",
    "target list": "targets 4.4 and 4.5, ",
    "C7 + separators": "C7 :;,-. ",
    "C7 sub-line list": "C7 e-health, e-learning; ",
    "sub-line names": "e-business, e-learning, ",
    "Action Line word": "Action Line ",
    "Room C1": "Room C1 ",
    "code range": "C1–C11 ",
    "Chinese SDG run": "可持续发展目标",
    "Arabic goal run": "الهدف ",
    "letters": "abcdefghij",
}

FINDERS: dict[str, Callable[[str], object]] = {
    "find_sdgs": find_sdgs,
    "find_action_lines": find_action_lines,
}


def _normalise_both(text: str) -> None:
    """The normalisers on one huge cell (they reject it; the point is how fast)."""
    for fn in (normalise_action_line, normalise_sdg):
        with contextlib.suppress(ValueError):
            fn(text)


FINDERS["normalise_* (cell)"] = _normalise_both


def build(unit: str | tuple[str, str], size: int) -> str:
    """The unit repeated to `size` characters (after its head, if it has one)."""
    head, unit = unit if isinstance(unit, tuple) else ("", unit)
    return (head + unit * (size // len(unit) + 1))[:size]


def seconds(fn: Callable[[str], object], text: str) -> float:
    """CPU time of one call: what a request costs the server, and steady on a shared machine."""
    start = time.process_time()
    fn(text)
    return time.process_time() - start


def main(argv: list[str]) -> None:
    sizes = dict(list(SIZES.items())[:2]) if "--quick" in argv else SIZES
    find_sdgs("warm up SDG 1"), find_action_lines("warm up C7 e-health")  # compile patterns
    for fname, fn in FINDERS.items():
        rows = []
        for name, unit in INPUTS.items():
            times = [seconds(fn, build(unit, size)) for size in sizes.values()]
            growth = times[-1] / times[0] if times[0] > 0 else float("nan")
            rows.append([name, *(f"{t:.4f}" for t in times), f"×{growth:.0f}"])
        first, last = next(iter(sizes)), list(sizes)[-1]
        header = ["input", *(f"{s} (s)" for s in sizes), f"growth {first}→{last}"]
        print_table(f"{fname}: adversarial inputs", header, rows)


if __name__ == "__main__":
    main(sys.argv[1:])
