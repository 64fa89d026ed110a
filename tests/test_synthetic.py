"""The synthetic generator: seeded, labelled, mostly on-matrix, with fictional organisers."""

import numpy as np

from wsis_data.filters import Filters
from wsis_data.matrix import build_matrix, gaps
from wsis_data.synthetic import generate
from wsis_data.views import apply_filters


def test_seeded_and_reproducible():
    a, b = generate(per_year=50, seed=7), generate(per_year=50, seed=7)
    assert a.tables.sessions.equals(b.tables.sessions)
    assert np.array_equal(a.tables.pairs.sdg, b.tables.pairs.sdg)
    assert not generate(per_year=50, seed=8).tables.sessions.equals(a.tables.sessions)


def test_size_years_and_labels():
    ds = generate()
    assert len(ds.tables.sessions) == 250 * 11
    assert ds.years == tuple(range(2015, 2026))
    assert ds.info.synthetic and "SYNTHETIC" in ds.info.chart_note
    assert ds.tables.sessions["title"].str.startswith("Synthetic session").all()
    assert ds.tables.organisers["organiser"].str.startswith("Fictional ").all()
    assert not ds.tables.sessions.duplicated(["year", "session_id"]).any()


def test_mostly_on_matrix_with_some_off_matrix_tags():
    m = build_matrix(apply_filters(generate(), Filters()), collapse_c7=False)
    g = gaps(m)
    on = g.loc[g.status == "official, with sessions", "sessions"].sum()
    off = g.loc[g.status == "sessions outside official links", "sessions"].sum()
    # sessions with two Action Lines also pair each with the other's SDGs (off-matrix cross pairs)
    assert on > 2 * off > 0


def test_heavy_tailed_organisers_and_scale():
    ds = generate(n_sessions=20_000, seed=1)
    counts = ds.tables.organisers["organiser"].value_counts()
    assert counts.iloc[0] > 20 * counts.median()
    assert len(ds.tables.sessions) == 20_000
