"""Provenance in one place: bits, labels, the OR-merge, the default tags counted, the notice."""

import numpy as np
import pandas as pd
import pytest

from wsis_data.errors import SchemaError
from wsis_data.provenance import (
    DECLARED_PROVENANCES,
    PROJECTED_NOTICE,
    PROVENANCE_BITS,
    PROVENANCE_LABELS,
    PROVENANCES,
    default_provenances,
    labels_by_session,
    or_by_key,
    or_reduce,
    projected_notice,
    provenance_label,
    provenance_mask,
    provenances_text,
)


def test_every_provenance_has_one_bit_and_one_label():
    assert set(PROVENANCE_BITS) == set(PROVENANCE_LABELS) == set(PROVENANCES)
    assert sorted(PROVENANCE_BITS.values()) == [1, 2, 4, 8, 16, 32]
    assert not DECLARED_PROVENANCES & {"suggested", "projected"}
    with pytest.raises(SchemaError, match="Unknown provenance 'rumour'"):
        provenance_mask({"rumour"})


def test_labels_and_text_follow_the_canonical_order():
    assert provenance_label(provenance_mask({"projected", "page"})) == "page+projected"
    assert provenances_text({"file", "page", "projected"}) == "page, file, projected"


def test_projected_layer_is_counted_by_default_only_without_declared_sdgs():
    assert set(default_provenances(True)) == DECLARED_PROVENANCES
    assert set(default_provenances(False)) == DECLARED_PROVENANCES | {"projected"}
    assert projected_notice(False, default_provenances(False)) == PROJECTED_NOTICE
    assert projected_notice(False, DECLARED_PROVENANCES) is None
    assert projected_notice(True, PROVENANCES) is None


def test_the_or_merge_agrees_for_arrays_frames_and_labels():
    keys = np.array([3, 1, 3, 2, 1])
    masks = np.array([1, 2, 32, 4, 2], np.uint8)
    unique, merged = or_by_key(keys, masks)
    assert unique.tolist() == [1, 2, 3] and merged.tolist() == [2, 4, 33]
    frame = pd.DataFrame({"session_key": keys, "sdg": [4, 4, 4, 9, 5], "provenance": masks})
    reduced = or_reduce(frame, ["session_key", "sdg"], "provenance")
    assert reduced.values.tolist() == [[1, 4, 2], [1, 5, 2], [2, 9, 4], [3, 4, 33]]
    assert labels_by_session(keys, masks).to_dict() == {
        1: "title",
        2: "submission",
        3: "page+projected",
    }
