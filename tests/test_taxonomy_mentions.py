"""Tests of the free-text finders: Action Lines and SDGs named in titles, texts and submissions."""

from __future__ import annotations

import json

import pytest

from tests.support import SHARED
from wsis_data.mentions import codes, find_action_lines, find_sdgs
from wsis_data.normalise import normalise_action_line

SESSIONS = SHARED / "data" / "wsis_forum_sessions.jsonl"
EXAMPLES = SHARED / "examples"

# ---------------------------------------------------------------- find_action_lines

TITLE_ACTION_LINES = [
    (
        "Action Line C3 (Access) - Access to Scientific Knowledge (A2SK): Lessons Learned and"
        " the Way Forward for SDG2030",
        ["C3"],
    ),
    (
        "Action Lines C1 and C11 (International and Regional Cooperation) - The Role of Public"
        " Authorities and Global/Regional Cooperation in Ensuring that No One is Left Behind in"
        " the Information Society",
        ["C1", "C11"],
    ),
    ("Facilitation Meeting for Action Lines C1, C7 eGov, C11", ["C1", "C7.e-government", "C11"]),
    (
        "Action Lines C1, C7 E-Government and C11: Digital Government Assessment, Promotion of"
        " New Technologies and Partnerships",
        ["C1", "C7.e-government", "C11"],
    ),
    (
        "Action Line C7 (E-environment) - Early Warning Systems for Disaster Risk Reduction",
        ["C7.e-environment"],
    ),
    (
        "Action Line C7. E-environment: Environment, an Important Pillar to Building a"
        " Sustainable Future",
        ["C7.e-environment"],
    ),
    (
        "Action Line C4. Capacity Building: Building Capacity to Leverage eAgriculture"
        " Applications",
        ["C4"],
    ),
    ("WSIS Action Line C7: E-Employment", ["C7.e-employment"]),
    ("WSIS Action Line C7 E-health: Summary Report", ["C7.e-health"]),
    (
        "WSIS Action Line C7: e-Learning: Empowering Educators and learners: Enhancing Teacher"
        " Training and e-Learning for Digital Inclusion",
        ["C7.e-learning"],
    ),
    (
        "WSIS Action Line: C7 E-government: WSIS+20 and Two Decades of E-Government: Progress,"
        " Challenges, and the Road Ahead",
        ["C7.e-government"],
    ),
    ("WSIS Action Lines C1&C11", ["C1", "C11"]),
    (
        "ALFM C3: Advancing Internet Universality for responding the pandemic and supporting SDGs",
        ["C3"],
    ),
    (
        "WSIS Action Lines C10: Ethics: The UNESCO Recommendation on the Ethics of Artificial"
        " Intelligence: Putting ethics at the heart of AI systems",
        ["C10"],
    ),
    ("WSIS Action Line C10: Ethics in AI and converging technologies", ["C10"]),
    ("WSIS Action Line C2 Information and communication infrastructure", ["C2"]),
    ("WSIS Action Line C5: Building Trust in Cyberspace", ["C5"]),
    ("WSIS Action Line C7 E-learning", ["C7.e-learning"]),
    ("Youth Engagement Around WSIS Action Lines", []),
    ("Post-2015 Sustainable Development Goals and WSIS Action Lines", []),
    ("WSIS Action Line Facilitators Meeting", []),
    ("High-Level Policy Session 5 : Building Confidence and Security in the use of ICTs", []),
    ("Side-Event-LDC5: ICTs for accelerating the achievement of the SDGs in LDCs", []),
]

TEXT_ACTION_LINES = [
    ("A lone C7 with no sub-line", ["C7"]),
    ("C7. ICT applications: benefits in all aspects of life", ["C7"]),
    ("C7 ICT Applications: E-government, E-business", ["C7.e-government", "C7.e-business"]),
    ("C7 ICT Applications I, e-government; II. e-business", ["C7.e-government", "C7.e-business"]),
    ("C7-eGov and C7 (e-business)", ["C7.e-government", "C7.e-business"]),
    ("Sessions on C1, C7, C11", ["C1", "C7", "C11"]),
    ("Cyrillic С1 and С2", ["C1", "C2"]),
    ("C100, ABC3, C3PO, ISO 27001, C12, C0, C7.1, B2C, C2C, c3", []),
    ("e-Government and eAgriculture without the code", []),
    ("please specify the Action lines C1 to C11", []),
    ("Action Lines C1–C11", []),
    ("(C3) then [C5]", ["C3", "C5"]),
    ("C3 and C3 again", ["C3", "C3"]),
]


@pytest.mark.parametrize(("text", "expected"), TITLE_ACTION_LINES + TEXT_ACTION_LINES)
def test_find_action_lines(text, expected):
    matches = find_action_lines(text)
    assert [m.code for m in matches] == expected
    for m in matches:
        assert text[m.start : m.end] == m.text
        assert normalise_action_line(m.text) in (m.code, "C7")


def test_find_action_lines_spans():
    text = "Facilitation Meeting for Action Lines C1, C7 eGov, C11"
    assert [(m.text, m.start) for m in find_action_lines(text)] == [
        ("C1", 38),
        ("C7 eGov", 42),
        ("C11", 51),
    ]
    pair = find_action_lines("C7 ICT Applications: E-government, E-business")
    assert [m.text for m in pair] == ["C7 ICT Applications: E-government", "E-business"]


# Session titles (year, session_id) of wsis_forum_sessions.jsonl that name Action Lines;
# every other title names none.
SESSION_ACTION_LINES = {
    (2016, 115): ["C3"],
    (2016, 166): ["C7.e-environment"],
    (2016, 229): ["C1", "C11"],
    (2017, 228): ["C7.e-environment"],
    (2017, 309): ["C4"],
    (2018, 145): ["C1", "C7.e-government", "C11"],
    (2019, 135): ["C1", "C7.e-government", "C11"],
    (2021, 367): ["C3"],
    (2022, 181): ["C7.e-employment"],
    (2023, 237): ["C10"],
    (2024, 389): ["C7.e-health"],
    (2024, 459): ["C7.e-learning"],
    (2025, 254): ["C7.e-government"],
    (2025, 382): ["C7.e-learning"],
    (2025, 390): ["C2"],
    (2025, 398): ["C5"],
    (2025, 400): ["C1", "C11"],
    (2025, 401): ["C10"],
    (2026, 301): ["C7.e-learning"],
}


def session_titles() -> dict[tuple[int, int], str]:
    if not SESSIONS.exists():
        pytest.skip(f"shared session sample not found at {SESSIONS}")
    records = [json.loads(line) for line in SESSIONS.read_text(encoding="utf-8").splitlines()]
    return {(r["year"], r["session_id"]): r["title"] for r in records if r}


def test_find_on_every_session_title():
    titles = session_titles()
    assert len(titles) == 67
    assert set(SESSION_ACTION_LINES) <= set(titles)
    for key, title in titles.items():
        expected = SESSION_ACTION_LINES.get(key, [])
        assert [m.code for m in find_action_lines(title)] == expected, (key, title)
        assert find_sdgs(title) == [], (key, title)  # no title names an SDG number


def test_find_action_lines_in_outcome_submission():
    path = EXAMPLES / "wsis_forum_2018_outcome_submission.txt"
    if not path.exists():
        pytest.skip(f"shared example not found at {path}")
    found = codes(find_action_lines(path.read_text(encoding="utf-8")))
    assert found == [
        "C2",
        "C3",
        "C5",
        "C7.e-government",
        "C7.e-business",
        "C7.e-learning",
        "C7.e-environment",
    ]


# ---------------------------------------------------------------- find_sdgs

SDG_TEXTS = [
    ("SDG 9", [9]),
    ("SDG9", [9]),
    ("SDG-9", [9]),
    ("SDG 09", [9]),
    ("sdg 9", [9]),
    ("SDGs 4 and 5", [4, 5]),
    ("SDG 4, 5 and 17", [4, 5, 17]),
    ("SDG 4, 5, and 17", [4, 5, 17]),
    ("SDG 4 and SDG 4 again", [4, 4]),
    ("Main linkages with the Sustainable Development Goals: SDG 9", [9]),
    ("SDG 9 - Industry, Innovation and Infrastructure", [9]),
    ("Sustainable Development Goal 4", [4]),
    ("Sustainable Development Goals (SDGs) 3 and 13", [3, 13]),
    ("Global Goal 13", [13]),
    ("target SDG 4.1 and SDG 17.8", [4, 17]),
    ("ODD 4 et 5", [4, 5]),
    ("ODS 4 y 5", [4, 5]),
    ("objetivo de desarrollo sostenible 6", [6]),
    ("Goal 4 of the project", []),
    ("Objetivo 4", []),
    ("for SDG2030", []),
    ("SDG 2030", []),
    ("SDGs", []),
    ("the SDGs", []),
    ("2030 Agenda", []),
    ("SDG 18", []),
    ("SDG 0", []),
    ("SDGs 1-17", []),
    ("ICT4SDG 9", []),
    ("an odd 4 hours", []),
    ("SDG 18, 4", []),
]


@pytest.mark.parametrize(("text", "expected"), SDG_TEXTS)
def test_find_sdgs(text, expected):
    matches = find_sdgs(text)
    assert [m.code for m in matches] == expected
    for m in matches:
        assert text[m.start : m.end] == m.text


def test_find_sdgs_spans_and_codes():
    matches = find_sdgs("SDG 4, 5 and 17; later SDG 5")
    assert [m.text for m in matches] == ["SDG 4", "5", "17", "SDG 5"]
    assert codes(matches) == [4, 5, 17]


def test_find_sdgs_in_forum_summary():
    path = EXAMPLES / "wsis_forum_2017_flash.txt"
    if not path.exists():
        pytest.skip(f"shared example not found at {path}")
    assert codes(find_sdgs(path.read_text(encoding="utf-8"))) == [9]
