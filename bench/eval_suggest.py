"""Precision/recall of the keyword SDG suggestions on a small labelled set of real texts.

Two sets, both real text read at run time (nothing copied into the project):

- titles: 38 English session titles of the embedded sample (``wsis_data/data``), labelled by us
  from the title alone (``bench/data/sdg_title_labels.csv``, with a rationale per label; 5 have
  no evident goal). Our labels, not the organisers': treat the numbers as indicative.
- declared: the one session summary in ITU's 2017 flash (``../shared/examples``) whose organisers
  declared its SDG ("SDG 9"); that line is removed from the text before suggesting.

The set is tiny: a single mistake moves the figures by several points.
Run: ``python -m bench.eval_suggest``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from bench.common import print_table
from wsis_data.ingest.suggest import suggest_sdgs
from wsis_data.sample import AGENDA_FILE, _read_jsonl
from wsis_data.taxonomy import find_sdgs

HERE = Path(__file__).resolve().parent
LABELS = HERE / "data" / "sdg_title_labels.csv"
FLASH = ("examples", "wsis_forum_2017_flash.txt")
THRESHOLDS = (1.0, 2.0, 3.0)


def title_set() -> list[tuple[str, set[int]]]:
    """(title, labelled goals) for the labelled sample titles."""
    titles = {(int(r["year"]), str(r["session_id"])): r["title"] for r in _read_jsonl(AGENDA_FILE)}
    with LABELS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        (titles[(int(r["year"]), r["session_id"])], {int(g) for g in r["sdgs"].split(";") if g})
        for r in rows
    ]


def flash_set() -> list[tuple[str, str, set[int]]]:
    """(text, SDG section text, declared goals) of the flash's one session with a declared SDG."""
    for root in (HERE.parents[1] / "shared", HERE.parents[2] / "shared"):
        path = root.joinpath(*FLASH)
        if path.is_file():
            break
    else:
        return []
    text = path.read_text(encoding="utf-8")
    match = re.search(
        r"\nMain Outcomes\n(?P<outcomes>.*?)\nMain linkages with the Sustainable Development "
        r"Goals\n(?P<sdgs>.*?)\nEmerging Trends(?P<trends>.*?)\nWSIS Forum 2017: Prize",
        text,
        re.DOTALL,
    )
    if not match:
        return []
    declared = {int(m.code) for m in find_sdgs(match["sdgs"])}
    kept = [line for line in match["sdgs"].splitlines() if not find_sdgs(line)]
    return [(match["outcomes"] + "\n" + match["trends"], "\n".join(kept), declared)]


def score(cases, threshold: float) -> tuple[int, int, int, int]:
    """(texts, suggested, correct, labelled) over the cases."""
    suggested = correct = labelled = 0
    for text, section, gold in cases:
        found = {s.goal for s in suggest_sdgs(text, sdg_section=section, threshold=threshold)}
        suggested += len(found)
        correct += len(found & gold)
        labelled += len(gold)
    return len(cases), suggested, correct, labelled


def run() -> None:
    """Print precision and recall per set and threshold."""
    sets = {
        "titles (our labels)": [(t, "", gold) for t, gold in title_set()],
        "2017 flash session (organisers' label)": flash_set(),
    }
    rows = []
    for name, cases in sets.items():
        if not cases:
            rows.append([name, "-", "shared folder absent", "", "", "", ""])
            continue
        for threshold in THRESHOLDS:
            n, suggested, correct, labelled = score(cases, threshold)
            precision = f"{correct / suggested:.2f}" if suggested else "n/a"
            recall = f"{correct / labelled:.2f}" if labelled else "n/a"
            rows.append([name, f"{threshold:g}", n, suggested, correct, precision, recall])
    print_table(
        "Keyword SDG suggestions: precision / recall (tiny labelled sets; indicative only)",
        ["set", "threshold", "texts", "suggested", "correct", "precision", "recall"],
        rows,
    )


if __name__ == "__main__":
    run()
