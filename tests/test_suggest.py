"""SDG suggestions: short and long texts, six languages, evidence and target, linear time."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from wsis_data.ingest.importer import import_file
from wsis_data.ingest.suggest import Suggestion, need, sentences, suggest_sdgs
from wsis_data.ingest.suggest_index import index, latin_language, terms

ROOT = Path(__file__).resolve().parents[1]

GIRLS_EDUCATION = {
    "en": "The programme gives girls in rural areas scholarships and laptops so they can finish "
    "secondary school. Teachers are trained to teach coding.",
    "fr": "Le programme offre aux filles des zones rurales des bourses pour terminer l'école "
    "secondaire. Les enseignants sont formés au codage.",
    "es": "El programa ofrece becas a las niñas de zonas rurales para terminar la escuela "
    "secundaria. Los maestros reciben formación en programación.",
    "ru": "Программа предоставляет девочкам из сельских районов стипендии, чтобы они могли "
    "закончить среднюю школу. Учителя проходят обучение.",
    "zh": "该项目为农村地区的女童提供奖学金，使她们能够完成中学教育。教师接受编程培训。",
    "ar": "يقدم البرنامج منحا دراسية للفتيات في المناطق الريفية لإكمال التعليم الثانوي. "
    "ويتم تدريب المعلمين على البرمجة.",
}
DRINKING_WATER = {
    "en": "Villages now have safe drinking water and sanitation thanks to sensors on wells.",
    "fr": "Grâce aux capteurs sur les puits, les villages ont accès à l'eau potable et à "
    "l'assainissement.",
    "es": "Gracias a sensores en los pozos, las aldeas tienen agua potable y saneamiento.",
    "ru": "Датчики на скважинах помогают деревням получить безопасную питьевую воду и санитарию.",
    "zh": "传感器帮助村庄获得安全的饮用水和卫生设施。",
    "ar": "تساعد أجهزة الاستشعار القرى على الحصول على مياه الشرب المأمونة وخدمات الصرف الصحي.",
}
UNRELATED = [
    "Streamlit reruns the script from top to bottom whenever a widget changes. Decorate slow "
    "functions so their results are kept between reruns.",
    "Preheat the oven, butter the tin and bake the cake for forty minutes until golden.",
    "",
    "   \n\n ...",
]
HEALTH = [
    "Nurses in {p} district clinics now consult doctors by video for patients with diabetes.",
    "The health ministry of {p} connected forty rural health centres to electronic records.",
    "Community health workers in {p} use mobile phones to follow pregnant women.",
    "Vaccination reminders by text message raised immunisation coverage among children in {p}.",
    "Telemedicine cut the time patients in {p} wait for a specialist diagnosis.",
    "Pharmacies in {p} report stocks of essential medicines through a shared dashboard.",
    "The project team in {p} met in the town hall, next to the new school building.",
    "Staff in {p} were trained for three days and each site received a solar-powered tablet.",
]
PLACES = ["Kara", "Lomé", "Sokodé", "Dapaong", "Atakpamé", "Kpalimé", "Tsévié", "Aného"]


def long_health_text() -> str:
    """About 6,000 characters on telemedicine, with a school and solar power named in passing."""
    return "\n".join(" ".join(s.format(p=p) for s in HEALTH) for p in PLACES)


def goals(text: str, **kwargs) -> list[int]:
    return [s.goal for s in suggest_sdgs(text, **kwargs)]


def test_short_text_on_girls_education_suggests_goal_4_and_names_a_target():
    (found,) = suggest_sdgs(GIRLS_EDUCATION["en"])
    assert isinstance(found, Suggestion) and found.goal == 4
    assert found.target.startswith("4.") and found.target in index().targets
    assert found.score >= 1.0
    assert {"girls", "secondary"} <= set(found.terms)


@pytest.mark.parametrize("lang", sorted(GIRLS_EDUCATION))
def test_each_language_girls_education(lang):
    found = suggest_sdgs(GIRLS_EDUCATION[lang])
    assert [s.goal for s in found] == [4]
    assert found[0].target.startswith("4.")


@pytest.mark.parametrize("lang", sorted(DRINKING_WATER))
def test_each_language_drinking_water_names_target_6_1(lang):
    found = suggest_sdgs(DRINKING_WATER[lang])
    assert [(s.goal, s.target) for s in found] == [(6, "6.1")]


def test_evidence_is_the_sentence_that_shows_the_goal():
    text = "Our stand was near the entrance. " + DRINKING_WATER["en"] + " Lunch was served at noon."
    (found,) = suggest_sdgs(text)
    assert found.evidence == DRINKING_WATER["en"]
    assert found.stored_evidence == f"target 6.1: {DRINKING_WATER['en']}"
    assert "drinking water" in found.terms


def test_long_evidence_is_cut_with_an_ellipsis():
    sentence = DRINKING_WATER["en"][:-1] + ", " + "and more wells " * 30 + "."
    (found,) = suggest_sdgs(sentence)
    assert len(found.evidence) == 200 and found.evidence.endswith("…")


@pytest.mark.parametrize("text", UNRELATED)
def test_no_suggestion_for_unrelated_text(text):
    assert suggest_sdgs(text) == []


def test_long_text_suggests_its_subject_not_words_in_passing():
    text = long_health_text()
    assert len(text) > 5000
    found = suggest_sdgs(text)
    assert [s.goal for s in found] == [3]  # not 4 (a school next door) nor 7 (solar tablets)
    assert found[0].target.startswith("3.") and found[0].evidence in text


def test_a_passing_mention_is_enough_in_a_snippet_but_not_in_a_long_text():
    passing = "Each site received a solar-powered tablet and clean energy from solar panels."
    assert 7 in goals(passing)
    assert 7 not in goals(long_health_text() + "\n" + passing)


def test_need_grows_with_length_but_less_than_linearly():
    assert need(5) == need(8) < need(30) < need(300) < need(3000)
    assert need(3000) / need(30) < 3000 / 30


def test_sdg_section_counts_double_and_exclude_and_threshold():
    section_only = suggest_sdgs("", sdg_section=DRINKING_WATER["en"])
    text_only = suggest_sdgs(DRINKING_WATER["en"])
    assert section_only[0].goal == 6 and section_only[0].score == pytest.approx(
        2 * text_only[0].score, rel=0.01
    )
    assert goals(DRINKING_WATER["en"], exclude=(6,)) == []
    assert goals(DRINKING_WATER["en"], threshold=100.0) == []


def test_terms_stem_per_language_and_read_chinese_as_character_pairs():
    assert [t for t, _ in terms("Girls' education", "en")][:2] == ["en:girl", "en:educ"]
    assert [t for t, _ in terms("l'éducation des filles", "fr")][:2] == ["fr:éduc", "fr:fill"]
    assert [t for t, _ in terms("教育公平")] == ["zh:教育", "zh:育公", "zh:公平"]
    assert terms("the and of") == []  # English stop words
    assert latin_language("la educación de las niñas y los niños") == "es"
    assert latin_language("l'éducation des filles et des garçons") == "fr"
    assert latin_language("") == "en"


def test_sentences_split_in_every_script():
    assert sentences("One. Two! 三。四？Пять; ستة؟ سبعة\nEight") == [
        "One.",
        "Two!",
        "三。",
        "四？",
        "Пять;",
        "ستة؟",
        "سبعة",
        "Eight",
    ]
    assert sentences("Targets 4.4 and 4.5 stay whole.") == ["Targets 4.4 and 4.5 stay whole."]


def test_threads_get_the_same_suggestions():
    """Streamlit serves sessions from threads: each thread has its own stemmers."""
    texts = [GIRLS_EDUCATION[lang] for lang in sorted(GIRLS_EDUCATION)] * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(goals, texts))
    assert found == [[4]] * len(texts)


def test_index_covers_all_targets_in_six_languages():
    idx = index()
    assert len(idx.targets) == 169 and idx.goal_weights.shape[0] == 17
    assert {"1.1", "9.c", "16.10", "17.19"} <= set(idx.targets)
    prefixes = {term.split(":", 1)[0] for term in idx.vocabulary}
    assert {"en", "fr", "es", "ru", "zh", "ar"} <= prefixes


def test_an_imported_submission_keeps_suggestions_apart_from_declared_sdgs():
    submission = "\n".join(
        [
            "WSIS Forum 2024 Outcome Document",
            "1) Title of your session",
            "Wells and sensors",
            "2) Name of Organization/s organizing the session",
            "Water Link",
            "3) Relevance with the WSIS Action Lines",
            "C7 E-environment",
            "4) Key achievements",
            "Our partners reached SDG 9 targets. " + DRINKING_WATER["en"],
        ]
    )
    report = import_file(submission.encode(), "wells.md", None)
    assert [t.code for t in report.records[0].sdgs] == [9]  # declared: named in the text
    assert [(s.goal, s.target) for s in report.suggestions] == [(6, "6.1")]  # suggested only
    assert any("suggested SDGs (not declared): 6 (target 6.1" in n for n in report.notes)


def test_labelled_set_is_well_formed_and_split():
    from bench.eval_suggest import confusion, labelled_texts, metrics

    rows = labelled_texts()
    texts = [r for r in rows if not r["id"].startswith("compilation-")]
    assert len({r["id"] for r in rows}) == len(rows) and 17 * len(rows) >= 2000
    assert {r["split"] for r in rows} == {"tune", "heldout"}
    assert {r["lang"] for r in texts} == {"en", "fr", "es", "ru", "zh", "ar"}
    for row in texts:
        assert row["source"].startswith("http") and row["text"].strip(), row["id"]
        assert set(row["sdgs"]) <= set(range(1, 18)), row["id"]
    by_id = {r["id"]: r for r in texts}
    compilations = json.loads((ROOT / "bench/data/suggest/compilations.json").read_text())
    for comp in compilations:  # a long text never mixes the two parts
        assert {by_id[p]["split"] for p in comp["parts"]} == {comp["split"]}, comp["id"]
    bands = {(r["split"], len(r["text"]) < 400, len(r["text"]) >= 2000) for r in rows}
    assert len(bands) == 6  # short, paragraph and long texts in both parts
    gold = [{"text": "", "sdgs": [4, 5]}]
    assert confusion(gold, lambda text: {4, 9}) == (1, 1, 1, 14)
    assert metrics(1, 1, 1, 14) == ["0.50", "0.50", "0.882"]


LINEAR_GUARD = textwrap.dedent(
    """
    import sys
    from wsis_data.ingest.suggest import suggest_sdgs
    MB = 1_000_000
    base = sys.stdin.read()
    inputs = {
        "prose": (base * (MB // len(base) + 1))[:MB],
        "one sentence": ("clean water for every village " * (MB // 30))[:MB],
        "one word": "a" * MB,
        "chinese": ("安全饮用水" * (MB // 5))[:MB],
        "dots and newlines": (". \\n" * (MB // 3))[:MB],
        "hyphens": ("e - " * (MB // 4))[:MB],
    }
    flat = (base.replace(".", ",") * (MB // len(base) + 1))[:MB]
    inputs["10 KB sentences"] = ". ".join(flat[i : i + 10_000] for i in range(0, MB, 10_000))
    for name, text in inputs.items():
        found = suggest_sdgs(text)
        print(name, len(text), [s.goal for s in found], flush=True)
    print("done")
    """
)


def test_one_megabyte_inputs_do_not_stall():
    """Linear-time guard: seven 1 MB shapes in a subprocess; a stall hits the generous bound."""
    result = subprocess.run(
        [sys.executable, "-c", LINEAR_GUARD],
        input=long_health_text(),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert lines[-1] == "done" and len(lines) == 8
    assert lines[0] == "prose 1000000 [3]"  # the long health text, repeated, is still about health
