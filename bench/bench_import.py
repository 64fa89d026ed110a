"""File import: 10k and 100k-row CSVs (read, validate, store in SQLite) and 100 submissions.

Baselines measured in the same run: `pandas.read_csv(dtype=str)` of the same file (reading only,
no validation); for submissions, parsing the 100 files without suggestions or storing.
Goal: 100k rows end to end (read + validate + store) ≤ 10 s.
Run: `python -m bench.bench_import [--max N]`.
"""

from __future__ import annotations

import argparse
import io
import random
import tempfile
import time
from pathlib import Path

import pandas as pd

from bench.common import median_seconds, peak_rss_mib, print_table
from wsis_data.ingest.importer import import_submission, import_table, preview
from wsis_data.ingest.store import Store
from wsis_data.ingest.submissions import read_submission
from wsis_data.ingest.validation import validate

SIZES = (10_000, 100_000)
AL_FORMS = (
    "C1", "C2; C3", "C7. ICT Applications: E-government", "C7 e-learning, C4", "ALFM C5",
    "C7 E-health | C11", "Access to information and knowledge", "C8/C9", "C10",
    "C6\nC7 eAgriculture",
)  # fmt: skip
SDG_FORMS = ("SDG 4", "9", "SDG 4, 5", "Quality Education", "ODS 16 | 17", "SDG 3; SDG 10", "")
ORGS = ("ITU", "UNESCO; UNDP", "Ministry of ICT | Chamber of Commerce", "Civil Society Network")


def make_csv(n: int, seed: int = 7) -> bytes:
    """A CSV of n sessions with mixed value forms and 1% bad rows (unknown codes, no title)."""
    rnd = random.Random(seed)
    out = io.StringIO()
    out.write("Session ID,Session title,Year,WSIS Action Lines,SDGs,Organizers,Type,URL\n")
    for i in range(n):
        title = f"Session {i} on digital inclusion"
        als, goals = rnd.choice(AL_FORMS), rnd.choice(SDG_FORMS)
        if i % 100 == 99:
            als, title = ("C12", title) if i % 200 == 199 else (als, "")
        out.write(
            f'{i},"{title}",{2015 + i % 11},"{als}","{goals}","{rnd.choice(ORGS)}",'
            f"Workshop,https://www.itu.int/net4/wsis/forum/s/{i}\n"
        )
    return out.getvalue().encode("utf-8")


def make_submission(i: int) -> bytes:
    """A small outcome submission in the template (markdown)."""
    return (
        f"# WSIS Forum {2016 + i % 9} Outcome Document\n\n**1) Title of your session**\n\n"
        f"Connecting schools number {i}\n\n**2) Name of Organization/s organizing the session**\n\n"
        "Example Network\n\n**3) Relevance with the WSIS Action Lines**\n\nC2\n\n"
        "C7. ICT Applications: E-learning, E-health\n\n**4) Key achievements**\n\n"
        "Broadband reached rural schools; teachers trained in digital skills. "
        * 5
        + "\n\n### IV. Main linkages with the Sustainable Development Goals\n\n"
        "Quality education and reduced inequalities for girls and women.\n"
    ).encode("utf-8")


def run(max_rows: int = 100_000) -> None:
    """Print one row per size and step, and the submissions row."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (s for s in SIZES if s <= max_rows):
            data = make_csv(n)
            repeat = 3 if n <= 10_000 else 1
            base = median_seconds(
                lambda data=data: pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False),
                repeat=repeat,
            )
            read = median_seconds(lambda data=data: preview(data, "s.csv"), repeat=repeat)
            table, mapping = preview(data, "s.csv")
            check = median_seconds(lambda t=table, m=mapping: validate(t, m), repeat=repeat)
            counter = iter(range(1000))

            def end_to_end(data=data, n=n, counter=counter):
                store = Store(f"sqlite:///{Path(tmp) / f'bench-{n}-{next(counter)}.db'}")
                report = import_table(data, "s.csv", store)
                store.close()
                return report

            total = median_seconds(end_to_end, repeat=repeat, warmup=0)
            report = end_to_end()
            store = Store(f"sqlite:///{Path(tmp) / f'bench-{n}-0.db'}")
            start = time.perf_counter()
            store.dataset()
            back = time.perf_counter() - start
            store.close()
            for step, secs in (
                ("read (preview)", read),
                ("validate", check),
                ("end to end: read+validate+store", total),
                ("read back as Dataset", back),
            ):
                rows.append([f"{n:,}", step, f"{base:.2f}", f"{secs:.2f}", f"{secs / base:.1f}x",
                             f"{report.n_valid:,}/{report.n_problem_rows:,}",
                             f"{peak_rss_mib():,.0f}"])  # fmt: skip
        docs = [make_submission(i) for i in range(100)]
        parse_base = median_seconds(
            lambda: [read_submission(d, f"s{i}.md") for i, d in enumerate(docs)], repeat=3
        )
        counter = iter(range(1000))

        def submissions(counter=counter):
            store = Store(f"sqlite:///{Path(tmp) / f'subs-{next(counter)}.db'}")
            for i, doc in enumerate(docs):
                import_submission(doc, f"s{i}.md", store)
            store.close()

        secs = median_seconds(submissions, repeat=3, warmup=0)
        rows.append(["100 submissions", "parse+suggest+store (1 batch each)",
                     f"{parse_base:.2f}", f"{secs:.2f}", f"{secs / parse_base:.1f}x", "100/0",
                     f"{peak_rss_mib():,.0f}"])  # fmt: skip
    print_table(
        "Import: ours vs pandas.read_csv(dtype=str) of the same file (baseline s); "
        "submissions vs parsing them only (read_submission)",
        ["rows", "step", "baseline s", "ours s", "ratio", "valid/problem rows", "peak MiB"],
        rows,
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max", type=int, default=100_000, help="largest CSV size to run")
    run(parser.parse_args().max)
