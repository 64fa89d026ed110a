"""Property: any nesting of lists and objects in JSON fields never stores a Python repr.

Whatever a JSON export holds in its title, organisers, Action Lines or SDGs (objects in lists in
objects…), what reaches the store is plain values or a problem naming the row: no ``{'`` or
``['`` in any stored organisation, title or tag (issue 15).
"""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.support.real_exports import stored
from wsis_data.ingest.importer import import_file
from wsis_data.ingest.readers import KEY_PRIORITY
from wsis_data.ingest.store import Store

SCALE = {"default": 1, "long": 20}[os.environ.get("HYPOTHESIS_PROFILE", "default")]
KEYS = st.sampled_from([*KEY_PRIORITY, "en", "fr", "x", "'", "{"]) | st.text(max_size=4)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-5, 2030)
    | st.floats(allow_nan=False)
    | st.sampled_from(["ITU", "C7 e-health", "SDG 4", '{"a": 1}', '["x"]', "4", "C1; C2"])
    | st.text(max_size=8).filter(lambda t: "{'" not in t and "['" not in t)
)  # fmt: skip  (text that is itself a repr would be the user's data, stored as written)
NESTED = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=12,
)  # fmt: skip
REPR = ("{'", "['")


def _clean(text: str) -> bool:
    return not any(r in text for r in REPR)


@settings(
    max_examples=40 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    records=st.lists(
        st.fixed_dictionaries({
            "title": NESTED, "organizers": NESTED, "actionLines": NESTED, "sdgs": NESTED,
            "year": st.just(2020),
        }),
        min_size=1, max_size=4,
    ),
    wrapped=st.booleans(),
)  # fmt: skip
@example(
    records=[{"title": {"name": {"en": "x", "fr": "y"}}, "organizers": [{"name": "ITU"}, ["UN"]],
              "actionLines": [{"code": "C1"}], "sdgs": [{"goal": 17}], "year": 2020}],
    wrapped=True,
)  # fmt: skip
def test_nested_json_never_stores_a_python_repr(tmp_path_factory, records, wrapped):
    doc = {"count": len(records), "sessions": records} if wrapped else records
    url = f"sqlite:///{tmp_path_factory.mktemp('nested') / 's.db'}"
    store = Store(url)
    try:
        report = import_file(json.dumps(doc).encode(), "dump.json", store, on_duplicate="replace")
    finally:
        store.close()
    assert report.ok, report.error
    for record in report.records:
        assert _clean(record.title) and all(_clean(o) for o in record.organisers), record
    for title, organisers, als, sdgs in stored(url).values():
        assert _clean(title), title
        assert all(_clean(o) for o in organisers), organisers
        assert all(_clean(str(t)) for t in (*als, *sdgs))
    for problem in report.problems:  # a value we could not read is shown as JSON
        assert _clean(problem.value), problem
