"""Organisation names: the alias table merges variants, generic rules split combined organisers."""

import pandas as pd
import pytest

from tests.support.records import dataset, rec
from wsis_data.errors import SchemaError
from wsis_data.organisations import (
    ALIASES_FILE,
    ENV_VAR,
    AliasTable,
    default_table,
    read_aliases,
    resolve,
    resolve_frame,
)
from wsis_data.sample import sample_dataset


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("ITU", "ITU"),
        ("International Telecommunication Union (ITU)", "ITU"),
        ("International Telecommunication Union", "ITU"),
        ("International Telecommunications Union", "ITU"),
        ("UIT", "ITU"),
        ("Unión Internacional de Telecomunicaciones (UIT)", "ITU"),
        ("  international   telecommunication union ", "ITU"),
        ("UNESCO", "UNESCO"),
        ("United Nations Educational, Scientific and Cultural Organization (UNESCO)", "UNESCO"),
        ("UNESCO Social and Human Sciences Sector", "UNESCO"),
        ("联合国教科文组织全民信息计划", "UNESCO"),
        ("UN DESA", "UN DESA"),
        ("UNDESA", "UN DESA"),
        ("United Nations Department of Economic and Social Affairs", "UN DESA"),
        ("United Nations Department of Economic and Social Affairs (UNDESA)", "UN DESA"),
        ("WSIS", "WSIS"),
        ("SMSI", "WSIS"),
        ("CMSI", "WSIS"),
        ("信息社会世界峰会", "WSIS"),
        ("World Summit on the Information Society (WSIS)", "WSIS"),
        ("PNUD", "UNDP"),
        ("CNUCED", "UNCTAD"),
        ("WHO", "WHO"),
        ("World Health Organization", "WHO"),
        ("World Health Organization (WHO)", "WHO"),
        ("International Labour Organisation", "ILO"),
        ("Economic Comission for Latin America and the Carribean (ECLAC)", "ECLAC"),
        ("UNISDR", "UNDRR"),
    ],
)
def test_variants_merge(written, expected):
    assert resolve(written) == (expected,)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("ITU/Giga", ("ITU", "Giga")),
        ("ITU / UNESCO", ("ITU", "UNESCO")),
        ("Giga (ITU and UNICEF)", ("Giga", "ITU", "UNICEF")),
        (
            "United Nations Group on the Information Society (UNGIS – ITU, UNESCO, UNDP, "
            "UNCTAD, UN ECA)",
            ("UNGIS", "ITU", "UNESCO", "UNDP", "UNCTAD", "UNECA"),
        ),
    ],
)
def test_combined_organisers_split(written, expected):
    assert resolve(written) == expected


@pytest.mark.parametrize(
    "written",
    [
        "Posts and Telecom Press",
        "Ministry of Posts (Posts and Telecom Press)",  # members unknown: no split
        "Foo/Bar Institute",  # parts unknown: no split
        "ITU Citiverse",
        "Association Lorem (AL)",
    ],
)
def test_unknown_names_are_kept_as_written(written):
    assert resolve(written) == (written,)


def test_sample_counts_merged_organisations_and_keeps_the_raw_organiser():
    orgs = sample_dataset().tables.organisers
    itu = orgs[orgs["organisation"] == "ITU"]
    assert {"ITU", "UIT", "International Telecommunication Union (ITU)"} <= set(itu["organiser"])
    assert itu["session_key"].nunique() == 23
    giga = orgs[orgs["organiser"] == "Giga (ITU and UNICEF)"]
    assert sorted(giga["organisation"]) == ["Giga", "ITU", "UNICEF"]
    assert not orgs.duplicated(["session_key", "organiser", "organisation"]).any()


def test_split_organiser_gives_one_row_per_organisation():
    ds = dataset(rec(2020, "1", orgs=("Giga (ITU and UNICEF)", "ITU")))
    orgs = ds.tables.organisers
    assert sorted(orgs["organisation"]) == ["Giga", "ITU", "ITU", "UNICEF"]
    assert set(orgs["organiser"]) == {"Giga (ITU and UNICEF)", "ITU"}


def test_a_custom_resolver_may_return_a_name_or_names():
    frame = pd.DataFrame({"session_key": [0, 1], "organiser": ["a", "b"]})
    single = resolve_frame(frame, str.upper)
    assert single["organisation"].tolist() == ["A", "B"]
    multi = resolve_frame(frame, lambda n: (n, "shared"))
    assert multi["organisation"].tolist() == ["a", "shared", "b", "shared"]
    assert multi["organiser"].tolist() == ["a", "a", "b", "b"]


def test_explicit_split_in_the_table_with_a_bar():
    table = AliasTable.from_rows([("ITU-UNESCO day", "ITU|UNESCO")])
    assert table.resolve("ITU-UNESCO Day") == ("ITU", "UNESCO")


def test_user_file_extends_and_overrides(tmp_path, monkeypatch):
    user = tmp_path / "aliases.csv"
    user.write_text(
        "alias,organisation,note\n"
        "Internet Society of China,ISC,\n"
        "ITU Citiverse,ITU,count the initiative as ITU\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(ENV_VAR, str(user))
    assert resolve("Internet Society of China") == ("ISC",)
    assert resolve("ITU Citiverse") == ("ITU",)
    assert resolve("UIT") == ("ITU",)  # built-in rows still apply
    ds = dataset(rec(2020, "1", orgs=("ITU Citiverse", "UIT")))
    assert set(ds.tables.organisers["organisation"]) == {"ITU"}
    monkeypatch.delenv(ENV_VAR)
    assert default_table().resolve("ITU Citiverse") == ("ITU Citiverse",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,organisation\nA,B\n", "missing column(s) alias"),
        ("alias,organisation\nA,B\n,C\n", "row 3: empty column 'alias'"),
        ("alias,organisation\nA,B\na ,C\n", "alias 'A' is given more than one organisation"),
    ],
)
def test_bad_alias_files_name_the_file_and_row(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError, match=r"bad\.csv") as info:
        read_aliases(path)
    assert message in str(info.value)


def test_built_in_table_is_consistent():
    frame = read_aliases(ALIASES_FILE)
    assert len(frame) > 60
    # every organisation named by the table is itself an alias of itself
    targets = {t for cell in frame["organisation"] for t in cell.split("|")}
    assert all(resolve(t) == (t,) for t in targets)
