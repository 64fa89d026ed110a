"""Goals named by topic, by a title variant, by a Chinese digit ordinal, and "цели номер один".

The forms come from data (``sdg_text_forms.csv``, ``sdg_ordinals.csv``, ``extra_aliases.csv``);
each is checked with its trap: a topic alone, a goal word far from any SDG word, "第4届".
"""

from __future__ import annotations

import pytest

from wsis_data.mentions import CONTEXT, codes, find_sdgs

FILLER = "Данные собраны в ходе обследования домохозяйств в нескольких странах региона. "


@pytest.mark.parametrize(
    ("text", "goals"),
    [
        # a topic list after a lead (en, fr, es, ru)
        (
            "ICTs are identified as targets in the SDG goals for education, gender equality, "
            "infrastructure (universal and affordable access to the internet) and in the "
            "implementation goal as a cross cutting tool.",
            [4, 5, 9, 17],
        ),
        ("Work on the SDGs on health and climate action continues.", [3, 13]),
        ("les ODD relatifs à l'éducation et à l'égalité des sexes", [4, 5]),
        ("los ODS sobre educación, igualdad de género y salud", [4, 5, 3]),
        ("ЦУР в области образования и здравоохранения", [4, 3]),
        # a topic before a goal word, near an SDG word
        ("Among the SDGs, the water goal matters most here.", [6]),
        # a published variant of a goal's title
        (
            "2. Ликвидация голода, обеспечение продовольственной безопасности и улучшение "
            "питания, содействие устойчивому развитию сельского хозяйства.",
            [2],
        ),
        # Chinese: digit ordinals, the acronym in brackets
        ("第4个可持续发展目标", [4]),
        ("可持续发展目标中的第4个目标", [4]),
        ("推动第17项可持续发展目标", [17]),
        ("实现可持续发展目标（SDG）4", [4]),
        ("可持续发展目标(SDG) 9和11", [9, 11]),
        # "goal number one" in Russian, a paragraph after the SDG word
        (
            "«Цели устойчивого развития» (2015 г.). " + FILLER * 2 + "достижение цели номер один.",
            [1],
        ),
    ],
)
def test_goal_forms_are_found(text, goals):
    assert codes(find_sdgs(text)) == goals


@pytest.mark.parametrize(
    "text",
    [
        "education and health matter for the SDGs",  # topics alone
        "Our education goal is high.",  # no article + no SDG word
        "The SDGs for development",  # a lead with no topic after it
        "the implementation goal of the project",  # no SDG word near
        "第4届论坛",  # the 4th Forum
        "第1个目标",  # a goal with no SDG word
        "Цели устойчивого развития. "
        + FILLER * (CONTEXT // len(FILLER) + 1)
        + "достижение цели номер один.",
    ],
)
def test_traps_give_no_goal(text):
    assert codes(find_sdgs(text)) == []
