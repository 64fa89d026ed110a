"""The kinds of files the secretariat and facilitators hold (issue 15), built in code.

Each builder returns the file's bytes and name; `EXPECTED` says what the store must hold after
importing it (sessions by id: title, organisers, Action Lines, SDGs).
"""

from __future__ import annotations

import io
import json

import openpyxl


def agenda_xlsx() -> tuple[bytes, str]:
    """A title row merged across the columns, a "Generated …" line, a blank line, the header."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Overview"
    sheet.append(["Not the sessions"])
    agenda = book.create_sheet("Agenda")
    agenda.append(["WSIS Forum 2024 — Agenda export"])
    agenda.merge_cells("A1:F1")
    agenda.append(["Generated 2024-05-02 08:00 by the agenda system"])
    agenda.append([])
    agenda.append(["ID", "Title", "Organizers", "Action Lines", "SDGs", "Year"])
    agenda.append(
        [101, "Rural broadband for all", "ITU; UNESCO", "C2, C7 e-learning", "4; 9", 2024]
    )
    agenda.append([102, "AI and ethics", "UNESCO", "C10", "SDG 16", 2024])
    agenda.append([103, "Broken year", "ITU", "C1", "17", "next year"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), "agenda.xlsx"


def api_json() -> tuple[bytes, str]:
    """An API dump: records inside an object, organisers/Action Lines/SDGs as lists of objects."""
    doc = {
        "count": 2,
        "sessions": [
            {
                "id": 231, "year": 2019, "title": "Open data for development",
                "organizers": [{"name": "International Telecommunication Union"}],
                "actionLines": [{"code": "C1", "name": "Role of governments"}, {"code": "C11"}],
                "sdgs": [{"goal": 17}],
            },
            {
                "id": 232, "year": 2019, "title": "Digital skills",
                "organizers": [{"name": "UNESCO"}, {"name": "ILO"}],
                "actionLines": [{"code": "C4"}], "sdgs": [{"goal": 4}, {"goal": 8}],
            },
        ],
    }  # fmt: skip
    return json.dumps(doc).encode(), "api.json"


def organizers_csv() -> tuple[bytes, str]:
    """ "Organizer(s)" as a header (American spelling with "(s)")."""
    text = (
        "Session ID,Session Title,Organizer(s),WSIS Action Line(s),SDG(s),Year\n"
        "7,Village networks,Internet Society; APC,C2,9,2021\n"
        "8,Health data,WHO,C7 e-health,3,2021\n"
    )
    return text.encode(), "organizers.csv"


def multiline_cp1252_csv() -> tuple[bytes, str]:
    """Semicolons, cp1252, line breaks inside two quoted cells of the first record; the fourth
    record (spreadsheet row 4, physical line 6) has a bad SDG."""
    text = (
        "ID;Titre;Organisateur(s);Lignes d'action;ODD;Année\r\n"
        '1;"Café numérique\r\npour tous";"UIT\r\nUNESCO";C3;4;2022\r\n'
        "2;Données ouvertes;UIT;C1;17;2022\r\n"
        "3;Mauvais ODD;UIT;C1;42;2022\r\n"
        "4;Santé en ligne;OMS;C7 e-health;3;2022\r\n"
    )
    return text.encode("cp1252"), "sessions_fr.csv"


def ignored_column_csv() -> tuple[bytes, str]:
    """A column of organisations under a header nobody would guess ("Lead partners")."""
    text = (
        "Session ID,Title,Year,Action Lines,Lead partners\n"
        "1,Broadband,2020,C2,ITU; UNESCO\n"
        "2,Skills,2020,C4,UNESCO\n"
        "3,Health,2020,C7 e-health,WHO\n"
    )
    return text.encode(), "partners.csv"


#: (year, id) → (title, organisers, Action Lines, SDGs) as each file says.
EXPECTED = {
    "agenda.xlsx": {
        (2024, "101"): ("Rural broadband for all", ("ITU", "UNESCO"), ("C2", "C7.e-learning"),
                        (4, 9)),
        (2024, "102"): ("AI and ethics", ("UNESCO",), ("C10",), (16,)),
    },
    "api.json": {
        (2019, "231"): ("Open data for development", ("International Telecommunication Union",),
                ("C1", "C11"), (17,)),
        (2019, "232"): ("Digital skills", ("UNESCO", "ILO"), ("C4",), (4, 8)),
    },
    "organizers.csv": {
        (2021, "7"): ("Village networks", ("Internet Society", "APC"), ("C2",), (9,)),
        (2021, "8"): ("Health data", ("WHO",), ("C7.e-health",), (3,)),
    },
    "sessions_fr.csv": {
        (2022, "1"): ("Café numérique\r\npour tous", ("UIT", "UNESCO"), ("C3",), (4,)),
        (2022, "2"): ("Données ouvertes", ("UIT",), ("C1",), (17,)),
        (2022, "4"): ("Santé en ligne", ("OMS",), ("C7.e-health",), (3,)),
    },
    "partners.csv": {
        (2020, "1"): ("Broadband", ("ITU", "UNESCO"), ("C2",), ()),
        (2020, "2"): ("Skills", ("UNESCO",), ("C4",), ()),
        (2020, "3"): ("Health", ("WHO",), ("C7.e-health",), ()),
    },
}  # fmt: skip


def stored(url: str) -> dict[str, tuple]:
    """What the store at `url` holds, read from its tables: (year, id) → (title, organisers,
    Action Lines, SDGs) of the active sessions."""
    import sqlalchemy as sa

    from wsis_data.ingest.store_schema import sessions, tags

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(sessions.c.id, sessions.c.year, sessions.c.session_id, sessions.c.title,
                          sessions.c.organisers).where(sessions.c.replaced_by.is_(None))
            ).all()  # fmt: skip
            tag_rows = conn.execute(sa.select(tags.c.session_pk, tags.c.kind, tags.c.code)).all()
    finally:
        engine.dispose()
    out = {}
    for pk, year, sid, title, organisers in rows:
        als = tuple(sorted(c for p, k, c in tag_rows if p == pk and k == "action_line"))
        sdgs = tuple(sorted(int(c) for p, k, c in tag_rows if p == pk and k == "sdg"))
        out[(int(year), str(sid))] = (title, tuple(json.loads(organisers)), als, sdgs)
    return out
