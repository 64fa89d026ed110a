"""The embedded real sample: every record loads, tags keep their provenance, limits are stated."""

import json

import pytest

from wsis_data.filters import Filters
from wsis_data.matrix import build_matrix
from wsis_data.sample import AGENDA_FILE, sample_dataset, sample_records
from wsis_data.views import apply_filters


def test_all_records_load_with_unique_keys():
    records = sample_records()
    assert len(records) == 68
    assert len({r.key for r in records}) == 68


def test_embedded_file_matches_the_shared_source(shared_dir):
    source = [json.loads(x) for x in (shared_dir / "data/wsis_forum_sessions.jsonl").open()]
    embedded = [json.loads(x) for x in AGENDA_FILE.open()]
    strip = lambda r: {k: v for k, v in r.items() if k != "language"}  # noqa: E731
    assert [strip(r) for r in embedded] == source


def by_key(year, sid):
    return next(r for r in sample_records() if r.key == (year, sid))


def test_page_and_title_provenances():
    r = by_key(2019, "135")  # page lists C1, C7 e-government, C11; the title names them too
    tags = {(t.code, t.provenance) for t in r.action_lines}
    assert {("C1", "page"), ("C7.e-government", "page"), ("C11", "page")} <= tags
    assert ("C1", "title") in tags
    assert {(t.code, t.provenance) for t in by_key(2021, "367").action_lines} == {("C3", "title")}


def test_submission_session():
    r = by_key(2018, "OD2018-PTP")
    assert r.title == "Building information foundation for knowledge societies in China"
    assert r.organisers == ("Posts and Telecom Press",)
    assert {t.provenance for t in r.action_lines} == {"submission"}
    assert {t.code for t in r.action_lines} == {
        "C2", "C3", "C5", "C7.e-government", "C7.e-business", "C7.e-learning", "C7.e-environment"
    }  # fmt: skip
    assert r.sdgs == ()


def test_no_declared_sdg_so_declared_heatmap_is_empty_and_projection_is_labelled():
    ds = sample_dataset()
    assert ds.info.sample and not ds.info.synthetic
    assert not ds.has_declared_sdgs
    assert build_matrix(apply_filters(ds, Filters())).total == 0
    with_projection = Filters(provenances=frozenset({"page", "title", "submission", "projected"}))
    assert build_matrix(apply_filters(ds, with_projection)).total > 0
    assert set(ds.tables.sdgs["provenance"]) == {32}  # projected only
    assert "sample" in ds.info.chart_note


@pytest.mark.parametrize("year", [2014])
def test_absent_years_are_absent(year):
    assert year not in sample_dataset().years
