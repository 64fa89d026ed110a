"""Session records, provenance masks and the readable tidy long table."""

import pytest

from tests.support.records import dataset, rec
from wsis_data.errors import SchemaError, WsisError
from wsis_data.filters import Filters, apply_filters
from wsis_data.records import SessionRecord, Tag, provenance_mask, provenance_names


def test_unknown_provenance_is_rejected_with_the_session_key():
    with pytest.raises(SchemaError, match=r"2020/7.*'guessed'"):
        SessionRecord(2020, "7", "t", action_lines=(Tag("C1", "guessed"),))
    with pytest.raises(WsisError):
        provenance_mask({"page", "rumour"})


def test_provenance_masks_round_trip():
    mask = provenance_mask({"page", "projected"})
    assert provenance_names(mask) == ("page", "projected")


def test_tidy_table_has_one_row_per_session_action_line_sdg_with_provenances():
    ds = dataset(
        rec(2019, "3", (("C3", "page"), ("C3", "title"), ("C7.e-health", "file")), ((3, "file"),)),
        rec(2020, "1", ("C1",), (16, 17), title="Governance"),
    )
    tidy = apply_filters(ds, Filters()).tidy()
    assert len(tidy) == 4
    c3 = tidy[(tidy.action_line == "C3")].iloc[0]
    assert (c3.year, c3.session_id, c3.sdg) == (2019, "3", 3)
    assert c3.action_line_provenance == "page+title" and c3.sdg_provenance == "file"
    assert set(tidy.loc[tidy.year == 2020, "sdg"]) == {16, 17}
    assert "C7 e-health" in set(tidy.action_line_label)


def test_duplicate_session_keys_are_refused():
    with pytest.raises(SchemaError, match="Duplicate session key"):
        dataset(rec(2020, "1", ("C1",), (1,)), rec(2020, "1", ("C2",), (2,)))
