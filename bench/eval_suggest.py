"""Precision / recall / accuracy of the SDG suggestions on labelled real texts, old beside new.

Main set: ``bench/data/suggest/`` (see its README): real public texts (UN, ITU, WSIS, IGF and
SDG-related pages, six languages), each with its source address and the goals it is about,
labelled by reading; every text is judged on all 17 goals, so each gives 17 (text, SDG, yes/no)
judgements. Long texts are compilations of several texts of the same part (as the WSIS Forum
outcome document compiles session outcomes); they are labelled with the union of their parts'
goals. The set is split into a tuning part (terms and thresholds were set on it) and a held-out
part (never used for tuning): compare the two to see how much the tuning flatters.

Also kept: 38 sample session titles with our labels, and the one 2017 flash session whose
organisers declared its SDG (read at run time from ``../shared``, never copied).
A speed table shows the new suggester stays linear up to 1 MB of text.
Run: ``python -m bench.eval_suggest``.
"""

from __future__ import annotations

import csv
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import print_table
from bench.suggest_keywords_v1 import suggest_sdgs as suggest_v1
from wsis_data.ingest.suggest import suggest_sdgs
from wsis_data.mentions import find_sdgs
from wsis_data.sample import AGENDA_FILE, _read_jsonl

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "suggest"
LABELS = HERE / "data" / "sdg_title_labels.csv"
FLASH = ("examples", "wsis_forum_2017_flash.txt")
THRESHOLDS = (1.0, 2.0, 3.0)
BANDS = (("short (<400 chars)", 0, 400), ("paragraph", 400, 2000), ("long (≥2000)", 2000, 10**9))
GOALS = range(1, 18)
Case = tuple[str, str, set[int]]  # text, SDG section text, goals


def labelled_texts() -> list[dict]:
    """The labelled texts and the compilations (long texts), each with text, split and goals."""
    with (DATA / "texts.jsonl").open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    by_id = {r["id"]: r for r in rows}
    compilations = json.loads((DATA / "compilations.json").read_text(encoding="utf-8"))
    for comp in compilations:
        parts = [by_id[p] for p in comp["parts"]]
        rows.append(
            {
                "id": comp["id"],
                "split": comp["split"],
                "lang": "en",
                "source": "; ".join(p["source"] for p in parts),
                "sdgs": sorted({g for p in parts for g in p["sdgs"]}),
                "text": "\n\n".join(p["text"] for p in parts),
            }
        )
    return rows


def band(text: str) -> str:
    """The length band of a text."""
    return next(name for name, low, high in BANDS if low <= len(text) < high)


def confusion(rows: list[dict], suggest: Callable[[str], set[int]]) -> tuple[int, int, int, int]:
    """(true pos, false pos, false neg, true neg) over all 17 goals of every row."""
    tp = fp = fn = tn = 0
    for row in rows:
        found, gold = suggest(row["text"]), set(row["sdgs"])
        tp += len(found & gold)
        fp += len(found - gold)
        fn += len(gold - found)
        tn += 17 - len(found | gold)
    return tp, fp, fn, tn


def metrics(tp: int, fp: int, fn: int, tn: int) -> list[str]:
    """Precision, recall, accuracy (n/a where undefined)."""
    precision = f"{tp / (tp + fp):.2f}" if tp + fp else "n/a"
    recall = f"{tp / (tp + fn):.2f}" if tp + fn else "n/a"
    return [precision, recall, f"{(tp + tn) / (tp + fp + fn + tn):.3f}"]


def methods() -> dict[str, Callable[[str], set[int]]]:
    """The suggesters compared: the first keyword suggester and the new one, at defaults."""
    return {
        "old keywords (threshold 3)": lambda text: {s.goal for s in suggest_v1(text)},
        "old keywords (threshold 1)": lambda text: {s.goal for s in suggest_v1(text, threshold=1)},
        "new (default)": lambda text: {s.goal for s in suggest_sdgs(text)},
    }


def main_table() -> None:
    """Precision / recall / accuracy by part, length band and suggester."""
    rows = labelled_texts()
    table = []
    for part in ("tune", "heldout"):
        for name, low, high in (*BANDS, ("all", 0, 10**9)):
            subset = [r for r in rows if r["split"] == part and low <= len(r["text"]) < high]
            for method, suggest in methods().items():
                tp, fp, fn, tn = confusion(subset, suggest)
                table.append([part, name, len(subset), 17 * len(subset), method, tp, fp, fn])
                table[-1] += metrics(tp, fp, fn, tn)
    print_table(
        "SDG suggestions on labelled real texts (17 judgements per text)",
        [
            "part",
            "band",
            "texts",
            "judgements",
            "suggester",
            "TP",
            "FP",
            "FN",
            "precision",
            "recall",
            "accuracy",
        ],
        table,
    )


def language_table() -> None:
    """The held-out part by language (short texts and paragraphs), new suggester only."""
    rows = [r for r in labelled_texts() if r["split"] == "heldout"]
    new = methods()["new (default)"]
    table = []
    for lang in sorted({r["lang"] for r in rows}):
        subset = [r for r in rows if r["lang"] == lang]
        tp, fp, fn, tn = confusion(subset, new)
        table.append([lang, len(subset), tp, fp, fn, *metrics(tp, fp, fn, tn)])
    print_table(
        "New suggester on the held-out part, by language",
        ["language", "texts", "TP", "FP", "FN", "precision", "recall", "accuracy"],
        table,
    )


def title_set() -> list[tuple[str, set[int]]]:
    """(title, labelled goals) for the labelled sample titles."""
    titles = {(int(r["year"]), str(r["session_id"])): r["title"] for r in _read_jsonl(AGENDA_FILE)}
    with LABELS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        (titles[(int(r["year"]), r["session_id"])], {int(g) for g in r["sdgs"].split(";") if g})
        for r in rows
    ]


def flash_set() -> list[Case]:
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


def score(cases: list[Case], threshold: float, suggest=suggest_sdgs) -> tuple[int, int, int, int]:
    """(texts, suggested, correct, labelled) over the cases."""
    suggested = correct = labelled = 0
    for text, section, gold in cases:
        found = {s.goal for s in suggest(text, sdg_section=section, threshold=threshold)}
        suggested += len(found)
        correct += len(found & gold)
        labelled += len(gold)
    return len(cases), suggested, correct, labelled


def small_sets_table() -> None:
    """The sample titles and the flash session: old (at its thresholds) beside new (default)."""
    sets = {
        "titles (our labels)": [(t, "", gold) for t, gold in title_set()],
        "2017 flash session (organisers' label)": flash_set(),
    }
    rows = []
    for name, cases in sets.items():
        if not cases:
            rows.append([name, "-", "-", "shared folder absent", "", "", "", ""])
            continue
        runs = [("old", t, suggest_v1) for t in THRESHOLDS] + [("new", 1.0, suggest_sdgs)]
        for label, threshold, suggest in runs:
            n, suggested, correct, labelled = score(cases, threshold, suggest)
            precision = f"{correct / suggested:.2f}" if suggested else "n/a"
            recall = f"{correct / labelled:.2f}" if labelled else "n/a"
            rows.append([name, label, f"{threshold:g}", n, suggested, correct, precision, recall])
    print_table(
        "Small sets: precision / recall (tiny; indicative only)",
        ["set", "suggester", "threshold", "texts", "suggested", "correct", "precision", "recall"],
        rows,
    )


def speed_table() -> None:
    """Seconds per call on 10 KB to 1 MB of labelled text repeated (new and old), and per KB."""
    base = "\n\n".join(r["text"] for r in labelled_texts() if r["lang"] == "en")
    suggest_sdgs("warm up the index.")
    rows = []
    for size in (10_000, 100_000, 1_000_000):
        text = (base * (size // len(base) + 1))[:size]
        for name, fn in (("new", suggest_sdgs), ("old", suggest_v1)):
            start = time.perf_counter()
            fn(text)
            seconds = time.perf_counter() - start
            per_kb = f"{seconds / size * 1e6:.1f}"
            rows.append([name, f"{size // 1000} KB", f"{seconds:.2f}", per_kb])
    print_table(
        "Speed (one call; ms per 1000 characters should stay flat if linear)",
        ["suggester", "text", "seconds", "ms per 1000 chars"],
        rows,
    )


def run() -> None:
    """Print every table."""
    main_table()
    language_table()
    small_sets_table()
    speed_table()


if __name__ == "__main__":
    run()
