"""Any bytes under any supported name give a report (maybe with an error), never an exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wsis_data.ingest.importer import import_file

NAMES = ("f.csv", "f.tsv", "f.txt", "f.json", "f.jsonl", "f.xlsx", "f.md", "f.docx", "f.pdf")
HEADER = b"Session ID,Title,Year,Action Lines,SDGs,Organisers\n"
CELLS = st.sampled_from(["", "C7 e-gov", "SDG 4", "2019", "x;y", '"q"', "C99", "\u00e9", ",", "\n"])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400), name=st.sampled_from(NAMES))
def test_random_bytes_never_raise(data, name):
    report = import_file(data, name, None)
    assert report.ok or report.error


@settings(max_examples=80, deadline=None)
@given(rows=st.lists(st.lists(CELLS, min_size=0, max_size=8), max_size=6))
def test_random_csv_rows_are_all_accounted_for(rows):
    body = HEADER + b"".join(",".join(r).encode() + b"\n" for r in rows)
    report = import_file(body, "f.csv", None)
    if report.ok:
        assert report.n_valid + report.n_problem_rows + len(report.empty_rows) == report.n_read
