"""Adversarial text through the submission parser and the Import page's preview path.

Each input (brackets, link openers, repeated separators, runs of whitespace, one 1 MB line, deep
numbering, many headings) is built at 10 KB / 100 KB / 1 MB and timed in a subprocess of its own
with a bound, so a super-linear pattern shows as "> bound" instead of stalling the run.
Baseline measured in the same run: a plain prose submission of the same size through the same
path; "× prose" is the ratio. A linear path keeps every ratio near 1 and every row about 10× the
row above it. The paths:

- parser: `parse_submission` of the text inside the template (title, year, Action Lines and
  SDG sections hold the payload), which runs the cleaner and the Action Line and SDG finders;
- preview: what the Import page does with an upload before the Import click
  (`is_submission`, then for a table `preview` and `check_table`), the text sent as ``.txt``.

Run: `python -m bench.bench_adversarial [--bound SECONDS] [--max BYTES]`.
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
import time
from collections.abc import Callable

from bench.common import print_table

SIZES = (10_000, 100_000, 1_000_000)
PATHS = ("parser", "preview")
#: name → the unit repeated up to the size (one line unless the unit holds a line end)
CASES: dict[str, str] = {
    "prose (baseline)": "Broadband reached rural schools and teachers learned digital skills.\n",
    "brackets [[[": "[",
    "link openers [](": "[](",
    "open links [a](b": "[a](b",
    "closing ]]]": "]",
    "separators ,;|": ",;|",
    'quoted separators ,",': ',",',
    "whitespace runs": " \t ",
    "one 1 MB line": "digital inclusion for all ",
    "deep numbering 1.1.": "1.",
    "numbered lines": "1) a) i) 2. (b) ",
    "SDG-like SDG SDG": "SDG ",
    "Action Line-like C7 C7": "C7 e-",
    "tags <a<a": "<a",
    "headings": "1) Title of your session\n",
}
HEAD = (
    "WSIS Forum 2020\n1) Title of your session\nA title\n3) Relevance with the WSIS Action Lines\n"
)
MIDDLE = "\n11) Main linkages with the SDGs\n"


def payload(case: str, size: int) -> str:
    """The repeated unit of `case`, cut to `size` characters."""
    unit = CASES[case]
    return (unit * (size // len(unit) + 1))[:size]


def submission_text(case: str, size: int) -> str:
    """A template submission of about `size` characters whose sections hold the payload."""
    half = payload(case, max(size - len(HEAD) - len(MIDDLE), 2) // 2)
    return f"{HEAD}{half}{MIDDLE}{half}"


def parser(case: str, size: int) -> None:
    """The submission parser on the payload inside the template."""
    from wsis_data.errors import WsisError
    from wsis_data.ingest.submissions import parse_submission

    with contextlib.suppress(WsisError):  # a refusal with a message is an answer
        parse_submission(submission_text(case, size), "bench.txt")


def preview(case: str, size: int) -> None:
    """The Import page's work on an upload before the Import click."""
    from wsis_data.errors import WsisError
    from wsis_data.ingest.importer import check_table, is_submission
    from wsis_data.ingest.importer import preview as read_preview

    data, name = payload(case, size).encode("utf-8"), "upload.txt"
    if is_submission(data, name):
        return  # read from the template only when imported (the parser row)
    with contextlib.suppress(WsisError):
        table, proposed = read_preview(data, name)
        check_table(table, proposed, data=data)


RUNNERS: dict[str, Callable[[str, int], None]] = {"parser": parser, "preview": preview}


def time_in_subprocess(path: str, case: str, size: int, bound: float) -> float | None:
    """Seconds `path` takes on the input (imports excluded), or None past `bound` seconds."""
    code = (
        "import sys, time; from bench import bench_adversarial as b; "
        f"run = b.RUNNERS[{path!r}]; run('prose (baseline)', 100); "
        f"t = time.perf_counter(); run({case!r}, {size}); print(time.perf_counter() - t)"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=bound + 10
        )
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise RuntimeError(f"{path} on {case} ({size}): {done.stderr[-2000:]}")
    seconds = float(done.stdout.strip().splitlines()[-1])
    return seconds if seconds <= bound else None


def run(bound: float = 30.0, max_size: int = SIZES[-1]) -> None:
    """Print one table per path: seconds per input and size, and the ratio to prose."""
    sizes = [s for s in SIZES if s <= max_size]
    started = time.perf_counter()
    for path in PATHS:
        base = {s: time_in_subprocess(path, "prose (baseline)", s, bound) for s in sizes}
        rows = []
        for case in CASES:
            row: list[object] = [case]
            for s in sizes:
                is_base = case == "prose (baseline)"
                t = base[s] if is_base else time_in_subprocess(path, case, s, bound)
                row.append(f"> {bound:.0f} s" if t is None else f"{t:.3f}")
                row.append("" if t is None or not base[s] else f"{t / base[s]:.1f}")
            rows.append(row)
        header = ["input"] + [h for s in sizes for h in (f"{s // 1000:,} KB s", "× prose")]
        print_table(f"Adversarial inputs through the {path} (bound {bound:.0f} s)", header, rows)
    print(f"\n(total {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    parser_ = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser_.add_argument("--bound", type=float, default=30.0, help="seconds before giving up")
    parser_.add_argument("--max", type=int, default=SIZES[-1], help="largest size in bytes")
    args = parser_.parse_args()
    run(args.bound, args.max)
