"""Forms and traps of the free-text finders in the six UN languages (issue 16), and their cost."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from wsis_data.mentions import codes, find_action_lines, find_sdgs
from wsis_data.normalise import normalise_action_line, normalise_sdg

# ---------------------------------------------------------------- SDGs named

SDG_FORMS = {
    "en": [
        ("Main linkages: SDG 4", [4]),
        ("SDG Goal 5 “Achieve gender equality and empower all women and girls”", [5]),
        ("The session served Goal 8 on decent work and economic growth.", [8]),
        ("It serves Goal 16 of the 2030 Agenda for Sustainable Development.", [16]),
        ("SDGs 4, 5 and 9", [4, 5, 9]),
        (
            "We support the 17 SDGs, yet our work concerns particularly 1, 2, 8, and 13.",
            [1, 2, 8, 13],
        ),
        ("(Goals 1,2,3,5,9,14 &17)", [1, 2, 3, 5, 9, 14, 17]),
        ("Quality Education for all", [4]),
        ("DECENT WORK AND ECONOMIC GROWTH", [8]),
        ("Sustainable Development Goals (SDGs) 3 and 13", [3, 13]),
        ("SDG indicator 16.10.2", [16]),
        ("the fourth goal of the Sustainable Development Goals", [4]),
        ("Ensure healthy lives and promote well-being for all at all ages", [3]),
        ("#SDG16", [16]),
    ],
    "fr": [
        ("Contribution à l'ODD 4", [4]),
        ("Objectif de développement durable 13", [13]),
        ("ODD 4 et 5", [4, 5]),
        ("Les ODD, dont l'Objectif 4 sur l'éducation", [4]),
        ("la cible 4.4 de l'ODD 4", [4]),
        ("le quatrième Objectif de développement durable", [4]),
        ("Éliminer la pauvreté sous toutes ses formes et partout dans le monde", [1]),
    ],
    "es": [
        ("Vinculación con el ODS 4", [4]),
        ("Objetivo de Desarrollo Sostenible 13", [13]),
        ("ODS 4 y 5", [4, 5]),
        ("Los ODS, en particular el Objetivo 4", [4]),
        ("Se trabaja en la meta 9.c del ODS 9", [9]),
        ("Educación de Calidad", [4]),
    ],
    "ru": [
        ("ЦУР 4", [4]),
        ("Цели устойчивого развития (ЦУР), в том числе Цель 4", [4]),
        ("ЦУР 1, 2 и 3", [1, 2, 3]),
        ("Цель устойчивого развития 8", [8]),
        ("ЦУР: задача 4.4", [4]),
        ("Повсеместная ликвидация нищеты во всех ее формах", [1]),
    ],
    "zh": [
        ("可持续发展目标4", [4]),
        ("可持续发展目标4和5", [4, 5]),
        ("可持续发展目标中的目标4", [4]),
        ("可持续发展目标9(特别是具体目标9.c)", [9]),
        ("第四个可持续发展目标", [4]),
        ("可持續發展目標4", [4]),
    ],
    "ar": [
        ("هدف التنمية المستدامة 4", [4]),
        ("الهدف 4 من أهداف التنمية المستدامة", [4]),
        ("الهدف ٤ من أهداف التنمية المستدامة", [4]),
        ("أهداف التنمية المستدامة 4 و5", [4, 5]),
        ("الهدف الخامس للتنمية المستدامة", [5]),
        ("أهداف التنمية المستدامة: الغاية 16.10", [16]),
    ],
}

SDG_TRAPS = {
    "en": [
        "the 17 SDGs",
        "4 of the 17 goals",
        "SDG 2030",
        "the 2030 Agenda",
        "Goal 4 of the project",
        "SDGs 1-17",
        "ITU's Connect 2030 Agenda targets 1.4, 1.7, 3.1 of growth",
        "Connect 2030 goals, for the SDGs: Goal 1 – Growth",
        "Sustainable Development Goals\n\n2. Matrix",
        "target 10 on public access to information",
        "quality education and gender equality",
        "an odd 4 hours",
    ],
    "fr": [
        "les 17 objectifs de développement durable (ODD)",
        "l'Agenda 2030",
        "L'OMD 2 concernait l'enseignement primaire",
        "ODD 2030",
    ],
    "es": ["los 17 Objetivos de Desarrollo Sostenible", "dentro de los ODS 2030", "Objetivo 4"],
    "ru": ["17 ЦУР интегрированы", "Целей устойчивого развития 2030 (ЦУР 2023)", "Цель 4"],
    "zh": ["十七项可持续发展目标", "17项可持续发展目标", "2030年可持续发展议程", "连通目标2030"],
    "ar": [
        "أهداف التنمية المستدامة البالغ عددها 17هدفاً",
        "أهداف التنمية المستدامة السبعة عشر",
        "أهداف التنمية المستدامة: الهدف 4.I",
    ],
}


def _cases(table: dict[str, list]) -> list:
    return [
        pytest.param(*case, id=f"{lang}-{i}")
        for lang, cases in table.items()
        for i, case in enumerate(cases)
    ]


def _traps(table: dict[str, list[str]]) -> list:
    return [
        pytest.param(text, id=f"{lang}-{i}")
        for lang, texts in table.items()
        for i, text in enumerate(texts)
    ]


@pytest.mark.parametrize(("text", "goals"), _cases(SDG_FORMS))
def test_find_sdgs_reads_every_form_in_six_languages(text, goals):
    matches = find_sdgs(text)
    assert codes(matches) == goals
    for m in matches:
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize("text", _traps(SDG_TRAPS))
def test_find_sdgs_rejects_the_traps(text):
    assert find_sdgs(text) == []


def test_target_inside_a_goal_16_passage_is_16_10_not_goal_10():
    text = (
        "SDG 16 calls for peaceful societies; its target 16.10 on public access to information, "
        "and target 10 on public access to information, are UNESCO's."
    )
    matches = find_sdgs(text)
    assert codes(matches) == [16]
    assert [m.target for m in matches] == [None, "16.10", "16.10"]
    assert [m.target for m in find_sdgs("SDG 16 … its target 13")] == [None]  # no target 16.13


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("SDG 9.c", [(9, "9.c")]),
        ("target 16.10", [(16, "16.10")]),
        ("targets 4.4 and 4.5", [(4, "4.4"), (4, "4.5")]),
        ("SDG indicator 16.10.2", [(16, "16.10")]),
        ("cible 4.4 de l'ODD 4", [(4, "4.4"), (4, None)]),
        ("SDG 4.9", [(4, None)]),  # not one of the 169 targets: the goal, no target
        ("target 1.7", []),  # not an SDG target (a Connect 2030 one)
    ],
)
def test_targets_give_the_goal_and_keep_the_target(text, targets):
    assert [(m.code, m.target) for m in find_sdgs(text)] == targets


def test_goal_names_right_after_a_number_count_once():
    assert [m.code for m in find_sdgs("SDG 4: Quality Education")] == [4]


# ---------------------------------------------------------------- Action Lines named

ACTION_LINE_FORMS = {
    "en": [
        ("C7: e-Health", ["C7.e-health"]),
        ("C7: e-Health. The Action Line C7 on e-Health calls for …", ["C7.e-health"]),
        ("C7 ICT Applications: E-government", ["C7.e-government"]),
        ("WSIS Action Line C7 and C3", ["C7", "C3"]),
        ("FAO, facilitator of the Action Line on e-agriculture", ["C7.e-agriculture"]),
        ("activities of the e-agriculture Action Line", ["C7.e-agriculture"]),
        ("ALs C1, C7 (e-governance), and C11", ["C1", "C7.e-government", "C11"]),
        (
            "lines on e-business, e-learning, e-science",
            ["C7.e-business", "C7.e-learning", "C7.e-science"],
        ),
    ],
    "fr": [
        ("Grande orientation C3", ["C3"]),
        ("Ligne d'action C7 : cybersanté", ["C7.e-health"]),
        ("Ligne d'action C7 du SMSI : E-santé", ["C7.e-health"]),
        ("Grandes orientations C1 et C11", ["C1", "C11"]),
    ],
    "es": [
        ("Línea de acción C3", ["C3"]),
        ("Línea de acción C7: cibersalud, ciberecología", ["C7.e-health", "C7.e-environment"]),
    ],
    "ru": [
        ("Направление деятельности C3", ["C3"]),
        ("Направление деятельности С3", ["C3"]),  # Cyrillic С
        ("Направление деятельности С7 «Электронное здравоохранение»", ["C7.e-health"]),
    ],
    "zh": [
        ("行动方面C3", ["C3"]),
        ("行动方面C7电子政务", ["C7.e-government"]),
        ("行动方面C7：电子卫生", ["C7.e-health"]),
    ],
    "ar": [
        ("خط العمل C3", ["C3"]),
        ("خط العمل C7 البيئة الإلكترونية", ["C7.e-environment"]),
    ],
}

ACTION_LINE_TRAPS = {
    "en": [
        "Room C1",
        "WS 8 – Rooms C1",
        "e-Government and eAgriculture without the code",
        "C1–C11",
    ],
    "fr": ["Salle C2, Bâtiment de la Tour de l'UIT"],
    "es": ["Sala C1"],
    "ru": ["Зал C1"],
    "zh": ["会议室C2"],
    "ar": ["قاعة C1"],
}


@pytest.mark.parametrize(("text", "expected"), _cases(ACTION_LINE_FORMS))
def test_find_action_lines_reads_every_form_in_six_languages(text, expected):
    matches = find_action_lines(text)
    assert codes(matches) == expected
    for m in matches:
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize("text", _traps(ACTION_LINE_TRAPS))
def test_find_action_lines_rejects_the_traps(text):
    assert find_action_lines(text) == []


def test_bare_c7_only_when_no_sub_line_is_named():
    assert codes(find_action_lines("C7 and C3")) == ["C7", "C3"]
    assert codes(find_action_lines("C7 and C3; later C7 E-learning")) == ["C3", "C7.e-learning"]


# ---------------------------------------------------------------- cells (normalisers)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Grande orientation C3", "C3"),
        ("Línea de acción C3", "C3"),
        ("Направление деятельности С3", "C3"),
        ("行动方面C3", "C3"),
        ("خط العمل C3", "C3"),
        ("cybersanté", "C7.e-health"),
        ("cibersalud", "C7.e-health"),
        ("электронное здравоохранение", "C7.e-health"),
        ("电子卫生", "C7.e-health"),
        ("الصحة الإلكترونية", "C7.e-health"),
        ("C7 ciberecología", "C7.e-environment"),
    ],
)
def test_normalise_action_line_in_six_languages(raw, code):
    assert normalise_action_line(raw) == code


@pytest.mark.parametrize(
    ("raw", "goal"),
    [
        ("ODD 4", 4),
        ("ODS 4", 4),
        ("ЦУР 5", 5),
        ("可持续发展目标4", 4),
        ("目标4", 4),
        ("الهدف 4", 4),
        ("الهدف ٤", 4),
        ("Éducation de qualité", 4),
        ("Качественное образование", 4),
        ("优质教育", 4),
        ("تعليم ذو جودة", 4),
        ("Decent work and economic growth", 8),
    ],
)
def test_normalise_sdg_in_six_languages(raw, goal):
    assert normalise_sdg(raw) == goal


# ---------------------------------------------------------------- cost: linear in the input

ADVERSARIAL = {
    "SDG then spaces": ("SDG", " "),  # main's finder: 2 s of CPU on 20 KB, growing with n²
    "SDG 4, then spaces": ("SDG 4,", " "),
    "C7 then separators": ("C7", " .:,;()-"),
    "Action Line then separators": ("Action Line", " .:,;()-"),
    "brackets": "[",
    "spaces": " ",
    "separators": ", ; - ",
    "deep numbering": "1.",
    "digit run": "1234567890",
    "SDG + spaces": "SDG      ",
    "never-ending list": "SDG 1, 2, 3, ",
    "C7 + separators": "C7 :;,-. ",
    "sub-line list": "e-business, e-learning, ",
    "Chinese run": "可持续发展目标",
}


@pytest.mark.parametrize("unit", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_adversarial_text_is_read_in_linear_time(unit):
    """200 KB of a hostile pattern, in a subprocess with a generous bound.

    Linear code takes well under a second; the quadratic pattern this replaces took 2 s of CPU
    on "SDG" and 20 KB of spaces, i.e. over 3 minutes on 200 KB. The bound guards against that,
    not against a slow machine.
    """
    code = textwrap.dedent(
        f"""
        from wsis_data.mentions import find_action_lines, find_sdgs
        from wsis_data.normalise import normalise_action_line, normalise_sdg
        head, unit = {unit!r} if isinstance({unit!r}, tuple) else ("", {unit!r})
        text = (head + unit * (200_000 // len(unit) + 1))[:200_000]
        find_sdgs(text)
        find_action_lines(text)
        for fn in (normalise_action_line, normalise_sdg):
            try:
                fn(text)
            except ValueError:
                pass
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=90)


def test_a_one_megabyte_line_of_brackets():
    code = "from wsis_data.mentions import find_sdgs, find_action_lines\n" + (
        "t = '[' * 1_000_000\nassert find_sdgs(t) == [] and find_action_lines(t) == []\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=90)
