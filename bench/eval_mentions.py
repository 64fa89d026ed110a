"""Precision / recall / F1 of the Action Line and SDG finders on real texts in the six UN languages.

The set is ``bench/data/mentions/texts.jsonl`` (see its README): short excerpts of real public pages
(WSIS session pages, outcome documents, facilitation reports, UN and agency pages), each with its
source address and the Action Lines and SDGs it names, labelled by hand by reading the text (not by
running the finder), and a note of any trap. Every third text of each language (ids ``…-003``,
``…-006`` …) is held out: the finders were tuned only on the rest ("dev"), and both are reported.

Scoring is per text and per distinct code (a code named twice counts once), micro-averaged:
a found code the text does not name is a false positive; a named code not found is a false negative.
For Action Lines the codes are the 19 of ``action_lines.csv`` (a C7 sub-line is not "C7").
Run: ``python -m bench.eval_mentions``; ``--errors`` lists every miss and false hit of the dev texts
(held-out errors are not listed, so they are not tuned on; ``--errors=all`` lists them too).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from bench.common import print_table
from wsis_data.mentions import codes, find_action_lines, find_sdgs

TEXTS = Path(__file__).resolve().parent / "data" / "mentions" / "texts.jsonl"
LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
KINDS = {"Action Line": ("action_lines", find_action_lines), "SDG": ("sdgs", find_sdgs)}


def load() -> list[dict]:
    """The labelled texts."""
    return [json.loads(line) for line in TEXTS.read_text(encoding="utf-8").splitlines() if line]


def score(records: list[dict], kind: str) -> tuple[Counter, list[tuple[str, set, set]]]:
    """TP/FP/FN counts of one kind, and the texts with errors (id, false hits, misses)."""
    field, finder = KINDS[kind]
    counts: Counter = Counter()
    errors = []
    for r in records:
        gold = {str(c) for c in r[field]}
        found = {str(c) for c in codes(finder(r["text"]))}
        counts["tp"] += len(gold & found)
        counts["fp"] += len(found - gold)
        counts["fn"] += len(gold - found)
        counts["texts"] += 1
        counts["labels"] += len(gold)
        if found != gold:
            errors.append((r["id"], found - gold, gold - found))
    return counts, errors


def prf(c: Counter) -> tuple[str, str, str]:
    """Precision, recall and F1 as text; "n/a" where undefined (no labels, no hits)."""
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else None
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else None
    f = 2 * p * r / (p + r) if p is not None and r is not None and p + r else None
    if p is None and r is None:
        return "n/a", "n/a", "n/a"
    return tuple("n/a" if x is None else f"{x:.2f}" for x in (p, r, f))  # type: ignore[return-value]


def main(argv: list[str]) -> None:
    records = load()
    by_split = {
        "dev": [r for r in records if r["split"] == "dev"],
        "heldout": [r for r in records if r["split"] == "heldout"],
        "all": records,
    }
    print(f"{len(records)} texts ({len(by_split['heldout'])} held out): {TEXTS}")
    for split, recs in by_split.items():
        rows = []
        for kind in KINDS:
            for lang in ("all", *LANGUAGES):
                sub = recs if lang == "all" else [r for r in recs if r["language"] == lang]
                c, _ = score(sub, kind)
                rows.append(
                    [kind, lang, c["texts"], c["labels"], c["tp"], c["fp"], c["fn"], *prf(c)]
                )
        header = ["kind", "lang", "texts", "labels", "tp", "fp", "fn", "P", "R", "F1"]
        print_table(f"Mentions found — {split}", header, rows)
    if "--errors" in argv or "--errors=all" in argv:
        shown = records if "--errors=all" in argv else by_split["dev"]
        for kind in KINDS:
            _, errors = score(shown, kind)
            print(f"\n## {kind} errors (id: false hits / misses)\n")
            for rid, fp, fn in errors:
                print(f"{rid}: +{sorted(fp)} -{sorted(fn)}")


if __name__ == "__main__":
    main(sys.argv[1:])
