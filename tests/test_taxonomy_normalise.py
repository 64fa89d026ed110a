"""Tests of the normalisers: written forms of Action Lines and SDGs → codes, or errors."""

from __future__ import annotations

import pytest

from tests.support.vocabulary import read_csv
from wsis_data.errors import UnknownCodeError, WsisError
from wsis_data.normalise import normalise_action_line, normalise_sdg
from wsis_data.taxonomy import (
    SDG_GOALS,
    row_codes,
)

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
