"""The facilitators' WSIS–SDG Matrix layer."""

from wsis_data.official import official_grid, official_links, official_pairs, projected_sdgs


def test_counts_match_the_reference():
    pairs = official_pairs()
    assert len(official_links()) == 190
    assert len(pairs) == 126
    assert int(pairs["n_targets"].sum()) == 163
    assert (official_links()["link_level"] == "goal").sum() == 27


def test_known_doubts_are_flagged():
    pairs = official_pairs().set_index(["action_line", "sdg"])
    flagged = set(pairs.index[pairs["doubt"] != ""])
    # six pairs where the source files disagree, plus the lumped e-environment entries
    for pair in [("C2", 8), ("C3", 4), ("C4", 8), ("C8", 5), ("C8", 9), ("C9", 5)]:
        assert pair in flagged, pair
    assert ("C7.e-environment", 14) in flagged
    assert ("C7.e-environment", 16) not in pairs.index
    assert pairs.loc[("C1", 1), "doubt"] == ""


def test_collapsed_c7_merges_sublines():
    collapsed = official_pairs(collapse_c7=True).set_index(["action_line", "sdg"])
    assert ("C7", 3) in collapsed.index
    assert "e-health" in collapsed.loc[("C7", 3), "via_sublines"]
    assert not any(a.startswith("C7.") for a, _ in collapsed.index)
    assert official_grid(True).shape == (11, 17)
    assert official_grid(False).shape == (19, 17)
    assert not official_grid(False).loc["C7"].any()  # the matrix is kept at sub-line level


def test_targets_and_projection():
    pairs = official_pairs().set_index(["action_line", "sdg"])
    assert pairs.loc[("C7.e-health", 3), "targets"] == ("3.3", "3.8")
    assert pairs.loc[("C7.e-health", 3), "link_level"] == "goal+target"
    assert projected_sdgs("C11") == (17,)
    assert projected_sdgs("C7") == ()
    assert len(projected_sdgs("C3")) == 17
