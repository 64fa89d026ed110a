"""What a rerun of the heatmap page rebuilds, counted in the page's own script thread (cProfile of
AppTest's real run, bench/harness/script_profile.py): a rerun with nothing changed builds no
figure, filters no dataset and counts no matrix; changing a chart option (cell labels) builds that
one figure again and nothing else (no filtering, no matrix, no store or dataset read)."""

from __future__ import annotations

from bench.harness.script_profile import calls, profiled
from pages._cache import forget_all
from tests.support.apptest import dashboard_app
from wsis_data import catalog
from wsis_data.figures import matrix as matrix_figures
from wsis_data.matrix import build_matrix
from wsis_data.views import apply_filters

BUILDERS = {
    "heatmap figure": matrix_figures.heatmap,
    "matrix": build_matrix,
    "filtered view": apply_filters,
    "dataset": catalog.load_dataset,
}


def _counts(at, change=None) -> dict[str, int]:
    with profiled() as profile:
        (change(at) if change else at).run()
    assert not at.exception, [e.value for e in at.exception]
    return {name: calls(profile, fn) for name, fn in BUILDERS.items()}


def test_a_rerun_rebuilds_only_what_changed():
    forget_all()  # views cached by earlier tests of the run (the pickers' counts make many)
    at = dashboard_app()
    at.run()  # warm: every builder ran once for this view
    assert _counts(at) == dict.fromkeys(BUILDERS, 0)  # nothing changed: nothing rebuilt
    toggled = _counts(at, lambda a: a.toggle(key="labels").set_value(False))
    assert toggled == {"heatmap figure": 1, "matrix": 0, "filtered view": 0, "dataset": 0}
    back = _counts(at, lambda a: a.toggle(key="labels").set_value(True))
    assert back == dict.fromkeys(BUILDERS, 0)  # the first figure again: reused, not rebuilt
    sdg = _counts(at, lambda a: a.multiselect(key="sdg").set_value([4]))
    assert sdg["filtered view"] == 1 and sdg["matrix"] >= 1 and sdg["dataset"] == 0
