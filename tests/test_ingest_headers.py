"""Header spellings people really use, in several languages, map to the right field (issue 15)."""

from __future__ import annotations

import pytest

from wsis_data.ingest.columns import guess_field, header_forms, header_key, propose_mapping

#: (header as seen in real exports and templates, field): written here, not read from the data
#: file, so a spelling dropped from ``column_headers.csv`` fails.
SPELLINGS = [
    # English, with the many ways of writing one name
    ("Organizer(s)", "organisers"), ("Organiser(s)", "organisers"), ("ORGANIZERS", "organisers"),
    ("organizers", "organisers"), ("Organization/s", "organisers"), ("Organised by", "organisers"),
    ("Name of organization(s) organizing the session", "organisers"),
    ("actionLines", "action_lines"), ("action_lines", "action_lines"),
    ("action-lines", "action_lines"), ("Action Lines", "action_lines"),
    ("WSIS Action Lines", "action_lines"), ("Action Line(s)", "action_lines"),
    ("Relevance with the WSIS Action Lines", "action_lines"),
    ("SDG(s)", "sdgs"), ("sdgs", "sdgs"), ("Sustainable Development Goals", "sdgs"),
    ("Main linkages with the SDGs", "sdgs"), ("sessionTitle", "title"), ("Session Title", "title"),
    ("session_id", "session_id"), ("Session ID", "session_id"), ("sessionType", "session_type"),
    ("Start date", "date"), ("Forum year", "year"), ("Website", "url"),
    # French
    ("Organisateur(s)", "organisers"), ("Organisateurs", "organisers"),
    ("Objectifs de développement durable", "sdgs"), ("ODD", "sdgs"),
    ("Lignes d'action", "action_lines"), ("Ligne(s) d'action", "action_lines"),
    ("Titre de la session", "title"), ("Année", "year"), ("Langue", "language"),
    # Spanish
    ("Organizadores", "organisers"), ("Línea de acción", "action_lines"),
    ("Líneas de acción", "action_lines"), ("Objetivos de Desarrollo Sostenible", "sdgs"),
    ("ODS", "sdgs"), ("Título", "title"), ("Año", "year"), ("Fecha", "date"),
    # Russian
    ("Организаторы", "organisers"), ("Направления деятельности", "action_lines"),
    ("Цели устойчивого развития", "sdgs"), ("ЦУР", "sdgs"), ("Название", "title"), ("Год", "year"),
    # Chinese
    ("主办单位", "organisers"), ("行动方针", "action_lines"), ("可持续发展目标", "sdgs"),
    ("标题", "title"), ("年份", "year"),
    # Arabic
    ("الجهات المنظمة", "organisers"), ("خطوط العمل", "action_lines"),
    ("أهداف التنمية المستدامة", "sdgs"), ("العنوان", "title"), ("السنة", "year"),
]  # fmt: skip


def test_the_table_is_large_and_multilingual():
    assert len(SPELLINGS) >= 40
    assert len(header_forms()) >= 150  # the data file: every field, seven languages


@pytest.mark.parametrize("header,field", SPELLINGS)
def test_spelling_maps_to_its_field(header, field):
    assert guess_field(header) == field


@pytest.mark.parametrize("header,field", header_forms())
def test_every_spelling_of_the_data_file_maps_to_its_field(header, field):
    assert guess_field(header) == field


def test_one_name_written_every_way_is_one_key():
    forms = ["actionLines", "action_lines", "action-lines", "Action Lines", "ACTION LINES",
             "Action Line(s)", "action lines "]  # fmt: skip
    assert {header_key(f) for f in forms} == {"action lines"}


def test_unknown_headers_stay_unmapped():
    assert propose_mapping(["Room", "Moderator", "Capacity"]) == dict.fromkeys(
        ["Room", "Moderator", "Capacity"]
    )
