"""Tests of the vocabulary: constants, labels, normalisers and free-text finders."""

from __future__ import annotations

import csv
import doctest
import json
from pathlib import Path

import pytest

from wsis_data import normalise, taxonomy
from wsis_data.errors import UnknownCodeError, WsisError
from wsis_data.mentions import action_lines as mention_action_lines
from wsis_data.mentions import codes, find_action_lines, find_sdgs
from wsis_data.mentions import sdgs as mention_sdgs
from wsis_data.normalise import normalise_action_line, normalise_sdg
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

DATA = Path(taxonomy.__file__).resolve().parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SESSIONS = SHARED / "data" / "wsis_forum_sessions.jsonl"
EXAMPLES = SHARED / "examples"


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


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


# ---------------------------------------------------------------- normalise_action_line

ACTION_LINE_FORMS = [
    ("C1", "C1"),
    ("С1", "C1"),  # Cyrillic С (U+0421)
    ("с1", "C1"),  # Cyrillic с (U+0441)
    ("c1", "C1"),
    (" C 1 ", "C1"),
    ("C01", "C1"),
    ("C2", "C2"),
    ("Information & Communication Infrastructure", "C2"),
    ("WSIS Action Line C2 Information and communication infrastructure", "C2"),
    ("AL C3", "C3"),
    ("ALFM C3", "C3"),
    ("Action Line C3", "C3"),
    ("Action Lines C3", "C3"),
    ("WSIS Action Line C3", "C3"),
    ("Action Line C3 (Access)", "C3"),
    ("C3 .Access to information and knowledge", "C3"),
    ("ACCESS TO INFORMATION AND KNOWLEDGE", "C3"),
    ("Capacity-building", "C4"),
    ("C4 Capacity building", "C4"),
    ("C5. Building confidence and security in use of ICTs", "C5"),
    ("Enabling environment", "C6"),
    ("C7", "C7"),
    ("C7 ICT Applications", "C7"),
    ("C7. ICT Applications:", "C7"),
    ("ICT applications", "C7"),
    ("C7.e-government", "C7.e-government"),
    ("C7. ICT Applications: E-government", "C7.e-government"),
    ("C7 ICT Applications: E-government", "C7.e-government"),
    ("C7-eGov", "C7.e-government"),
    ("C7 eGov", "C7.e-government"),
    ("eGov", "C7.e-government"),
    ("e-Government", "C7.e-government"),
    ("E-government", "C7.e-government"),
    ("WSIS Action Line: C7 E-government", "C7.e-government"),
    ("C7. E-business", "C7.e-business"),
    ("C7 (e-business)", "C7.e-business"),
    ("C7. ICT Applications: II. e-business", "C7.e-business"),
    ("C7 ICT Applications: E-learning", "C7.e-learning"),
    ("ICT applications: e-learning", "C7.e-learning"),
    ("WSIS Action Line C7 E-learning", "C7.e-learning"),
    ("ALFM C7 E-learning", "C7.e-learning"),
    ("C7: e-Learning", "C7.e-learning"),
    ("e-Health", "C7.e-health"),
    ("C7 e-health", "C7.e-health"),
    ("C7 ICT applications – eHealth", "C7.e-health"),
    ("C7: E-Employment", "C7.e-employment"),
    ("Action Line C7. E-environment", "C7.e-environment"),
    ("C7 (E-environment)", "C7.e-environment"),
    ("C7 e-Agriculture", "C7.e-agriculture"),
    ("eAgriculture", "C7.e-agriculture"),
    ("AL C7 eScience", "C7.e-science"),
    ("Cultural Diversity & Identity", "C8"),
    ("Ligne d'action C8", "C8"),
    ("Media (C9)", "C9"),
    ("Línea de acción C9", "C9"),
    ("Lineas de accion C9", "C9"),
    ("C10: Ethics", "C10"),
    ("WSIS Action Lines C10", "C10"),
    ("C11", "C11"),
    ("International & Regional Cooperation", "C11"),
    ("SMSI C11", "C11"),
]


@pytest.mark.parametrize(("raw", "code"), ACTION_LINE_FORMS)
def test_normalise_action_line_accepts(raw, code):
    assert normalise_action_line(raw) == code


def action_line_csv_forms() -> list[tuple[str, str]]:
    forms = []
    for row in read_csv("action_lines.csv"):
        cells = [row["code"], row["name"], row["full_title"], row["matrix_abbrev"]]
        cells += row["aliases"].split(";")
        forms += [(cell, row["code"]) for cell in cells if cell.strip()]
    for row in read_csv("extra_aliases.csv"):
        if row["kind"] == "action_line" and row["code"] == "*":
            forms += [(row["alias"].replace("{form}", code), code) for code in row_codes(True)]
        elif row["kind"] == "action_line":
            forms.append((row["alias"], row["code"]))
    return forms


def test_normalise_action_line_accepts_every_alias_of_the_data_files():
    forms = action_line_csv_forms()
    assert len(forms) > 200
    wrong = [(raw, code, normalise_action_line(raw)) for raw, code in forms]
    assert [w for w in wrong if w[1] != w[2]] == []


ACTION_LINE_REJECTS = [
    "",
    "   ",
    "C",
    "C0",
    "C12",
    "C100",
    "C3PO",
    "ABC3",
    "AL",
    "ALFM",
    "WSIS",
    "Action Line",
    "WSIS Action Lines",
    "C1 and C11",
    "C1&C11",
    "C3 Capacity building",
    "C5 E-health",
    "C7 e-waste",
    "e-waste",
    "SDG 4",
    "ISO 27001",
    "ICT",
    "random text",
]


@pytest.mark.parametrize("raw", ACTION_LINE_REJECTS)
def test_normalise_action_line_rejects(raw):
    with pytest.raises(UnknownCodeError) as err:
        normalise_action_line(raw, where="row 7 of sessions.csv")
    assert repr(raw) in str(err.value)
    assert "row 7 of sessions.csv" in str(err.value)
    assert err.value.kind == "Action Line" and err.value.value == raw


@pytest.mark.parametrize("raw", [None, 3, ["C3"]])
def test_normalise_action_line_rejects_non_strings(raw):
    with pytest.raises(UnknownCodeError):
        normalise_action_line(raw)


def test_error_without_where_and_hierarchy():
    with pytest.raises(WsisError, match=r"Unknown Action Line 'C12'$"):
        normalise_action_line("C12")
    with pytest.raises(ValueError, match="Unknown SDG 'SDG 18'"):
        normalise_sdg("SDG 18")


# ---------------------------------------------------------------- normalise_sdg

SDG_FORMS = [
    ("SDG9", 9),
    ("SDG 9", 9),
    ("SDG 09", 9),
    ("SDG-9", 9),
    ("sdg9", 9),
    ("Goal 4", 4),
    ("Global Goal 4", 4),
    ("Sustainable Development Goal 4", 4),
    ("ODD 4", 4),
    ("ODD4", 4),
    ("Objectif 4", 4),
    ("ODS 4", 4),
    ("ODS4", 4),
    ("Objetivo 4", 4),
    ("Objetivo de Desarrollo Sostenible 13", 13),
    ("Objectif de développement durable 13", 13),
    ("4", 4),
    (" 17 ", 17),
    ("01", 1),
    (4, 4),
    (17, 17),
    ("Quality Education", 4),
    ("quality education", 4),
    ("QUALITY EDUCATION", 4),
    ("Educación de Calidad", 4),
    ("educacion de calidad", 4),
    ("SDG 4: Quality Education", 4),
    ("Goal 16 – Peace, Justice and Strong Institutions", 16),
    ("Good Health & Well-being", 3),
    ("Good health and well being", 3),
    ("Industry, Innovation and Infrastructure", 9),
    ("Ciudades y comunidades sostenibles", 11),
    ("End poverty in all its forms everywhere", 1),
]


@pytest.mark.parametrize(("raw", "goal"), SDG_FORMS)
def test_normalise_sdg_accepts(raw, goal):
    assert normalise_sdg(raw) == goal


def test_normalise_sdg_accepts_numpy_ints():
    np = pytest.importorskip("numpy")
    assert normalise_sdg(np.int64(5)) == 5


def sdg_csv_forms() -> list[tuple[str, int]]:
    forms = []
    for row in read_csv("sdgs.csv"):
        cells = [row["goal"], row["short_name"], row["title"], row["short_name_es"]]
        cells += [row["title_es"], *row["aliases"].split(";")]
        forms += [(cell, int(row["goal"])) for cell in cells if cell.strip()]
    for row in read_csv("extra_aliases.csv"):
        if row["kind"] == "sdg" and row["code"] == "*":
            forms += [(row["alias"].replace("{n}", str(g)), g) for g in SDG_GOALS]
        elif row["kind"] == "sdg":
            forms.append((row["alias"], int(row["code"])))
    return forms


def test_normalise_sdg_accepts_every_alias_of_the_data_files():
    forms = sdg_csv_forms()
    assert len(forms) > 250
    wrong = [(raw, goal, normalise_sdg(raw)) for raw, goal in forms]
    assert [w for w in wrong if w[1] != w[2]] == []


SDG_REJECTS = [
    "",
    "SDG",
    "SDGs",
    "SDG 18",
    "SDG 0",
    "SDG2030",
    "SDG 2030",
    "2030 Agenda",
    "the SDGs",
    "Goal",
    "Goal 18",
    "ODD 18",
    "0",
    "18",
    "SDG 4 Zero Hunger",
    "C4",
    "random text",
    0,
    18,
    -1,
    True,
    4.0,
    None,
]


@pytest.mark.parametrize("raw", SDG_REJECTS)
def test_normalise_sdg_rejects(raw):
    with pytest.raises(UnknownCodeError) as err:
        normalise_sdg(raw, where="sdgs column, row 3")
    assert repr(raw) in str(err.value)
    assert "sdgs column, row 3" in str(err.value)
    assert err.value.kind == "SDG"


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


@pytest.mark.parametrize("module", [normalise, mention_sdgs, mention_action_lines])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted >= 1 and result.failed == 0
