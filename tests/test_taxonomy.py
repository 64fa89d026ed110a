"""Tests of the vocabulary: constants, records, labels, the doctests (normalisers:
test_taxonomy_normalise.py; free-text finders: test_taxonomy_mentions.py)."""

from __future__ import annotations

import doctest

import pytest

from tests.support.vocabulary import read_csv
from wsis_data import normalise
from wsis_data.errors import UnknownCodeError
from wsis_data.mentions import action_lines as mention_action_lines
from wsis_data.mentions import sdgs as mention_sdgs
from wsis_data.provenance import DECLARED_PROVENANCES, PROVENANCE_LABELS, PROVENANCES
from wsis_data.taxonomy import (
    ACTION_LINES_COLLAPSED,
    ACTION_LINES_EXPANDED,
    C7_SUBLINES,
    SDG_GOALS,
    action_line,
    action_line_label,
    action_lines,
    collapse_code,
    row_codes,
    sdg,
    sdg_label,
    sdgs,
)

# ---------------------------------------------------------------- constants and records


def test_constant_sizes():
    assert len(ACTION_LINES_COLLAPSED) == 11
    assert len(ACTION_LINES_EXPANDED) == 18
    assert len(C7_SUBLINES) == 8
    assert len(SDG_GOALS) == 17 and SDG_GOALS[0] == 1 and SDG_GOALS[-1] == 17
    assert tuple(f"C{i}" for i in range(1, 12)) == ACTION_LINES_COLLAPSED
    assert ACTION_LINES_EXPANDED[5:7] == ("C6", "C7.e-government")
    assert ACTION_LINES_EXPANDED[-4:] == ("C8", "C9", "C10", "C11")


def test_provenances():
    assert PROVENANCES == ("page", "title", "submission", "file", "suggested", "projected")
    assert {"page", "title", "submission", "file"} == DECLARED_PROVENANCES
    assert set(PROVENANCE_LABELS) == set(PROVENANCES)
    assert "not declared" in PROVENANCE_LABELS["projected"]


def test_records_follow_the_csv():
    rows = read_csv("action_lines.csv")
    assert [al.code for al in action_lines()] == [r["code"] for r in rows]
    assert [al.code for al in action_lines() if al.parent == "C7"] == list(C7_SUBLINES)
    gov = action_line("C7.e-government")
    assert gov.short_label == "e-gov" and gov.parent == "C7" and gov.lead_facilitator == "UNDESA"
    assert "eGov" in gov.aliases  # from extra_aliases.csv
    assert action_line("C7").parent is None and action_line("C7").facilitators == ()
    assert action_line("C7.e-business").facilitators == ("UNCTAD", "ITC", "UPU")
    assert [s.goal for s in sdgs()] == list(SDG_GOALS)
    four = sdg(4)
    assert (four.short_name, four.colour, four.short_name_es) == (
        "Quality Education",
        "#C5192D",
        "Educación de Calidad",
    )
    assert {"ODD 4", "ODS 4", "Objetivo 4", "Objectif 4"} <= set(four.aliases)


@pytest.mark.parametrize("bad", ["C12", "c3", "C7.e-waste", "", None])
def test_action_line_needs_a_canonical_code(bad):
    with pytest.raises(UnknownCodeError):
        action_line(bad)


@pytest.mark.parametrize("bad", [0, 18, True, "4", 4.0])
def test_sdg_needs_a_goal_number(bad):
    with pytest.raises(UnknownCodeError):
        sdg(bad)


# ---------------------------------------------------------------- labels


@pytest.mark.parametrize(
    ("code", "collapsed", "expanded"),
    [
        ("C3", "C3", "C3"),
        ("C11", "C11", "C11"),
        ("C7", "C7", "C7 (unspecified)"),
        ("C7.e-learning", "C7", "C7 e-learning"),
        ("C7.e-government", "C7", "C7 e-government"),
    ],
)
def test_action_line_label(code, collapsed, expanded):
    assert action_line_label(code, collapse_c7=True) == collapsed
    assert action_line_label(code, collapse_c7=False) == expanded


def test_collapse_code():
    assert collapse_code("C7.e-learning") == "C7"
    assert [collapse_code(c) for c in ACTION_LINES_EXPANDED] == [
        *[f"C{i}" for i in range(1, 7)],
        *["C7"] * 8,
        *[f"C{i}" for i in range(8, 12)],
    ]
    assert collapse_code("C7") == "C7"
    with pytest.raises(UnknownCodeError):
        collapse_code("C12")


def test_sdg_label():
    assert sdg_label(4) == "SDG 4"
    assert [sdg_label(g) for g in SDG_GOALS][-1] == "SDG 17"
    with pytest.raises(UnknownCodeError):
        sdg_label(18)


def test_row_codes():
    assert row_codes(True) == ACTION_LINES_COLLAPSED
    assert row_codes(True, include_unspecified=True) == ACTION_LINES_COLLAPSED
    assert row_codes(False) == ACTION_LINES_EXPANDED
    with_c7 = row_codes(False, include_unspecified=True)
    assert len(with_c7) == 19
    assert with_c7[5:8] == ("C6", "C7", "C7.e-government")
    assert set(with_c7) == {al.code for al in action_lines()}


@pytest.mark.parametrize("module", [normalise, mention_sdgs, mention_action_lines])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted >= 1 and result.failed == 0
