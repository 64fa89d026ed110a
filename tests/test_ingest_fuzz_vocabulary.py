"""Property-based tests (hypothesis) of the vocabulary readers: Action Line and SDG forms, mentions
in free text, organisation names, the column mapper. See tests/support/fuzz.py.
"""

from __future__ import annotations

import math
import re
import string
import unicodedata

import pandas as pd
from hypothesis import example, given
from hypothesis import strategies as st

from tests.support.fuzz import fuzz
from wsis_data import mentions, normalise, organisations, taxonomy
from wsis_data.errors import MappingError, UnknownCodeError
from wsis_data.ingest import columns
from wsis_data.ingest.readers import unique_headers

AL_CODES = tuple(al.code for al in taxonomy.action_lines())

# ---------------------------------------------------------------- taxonomy


FRAGMENTS = st.sampled_from([
    "C1", "C3", "C7", "C11", "C12", "C0", "C7.1", "С4", "c5", "C 7", "ABC3", "C3PO", "eGov",
    "E-learning", "e-health", "eAgriculture", "E-science", "ICT Applications", "ICT applications:",
    "II.", "iv.", "VIII.", ", ", " and ", " or ", " et ", "; ", "/", " to ", " – ", "-", ".", ":",
    "(", ")", " ", "\n", "SDG", "SDGs", "sdg", "ODS", "ODD", "Sustainable Development Goals",
    "Global Goal", "Goal", "#", "4", "9", "17", "18", "0", "09", "100", "2030", "1-17",
])  # fmt: skip
FREE_TEXT = st.lists(FRAGMENTS | st.text(max_size=6), max_size=25).map("".join)


@fuzz(200)
@given(raw=st.text(max_size=60) | FREE_TEXT)
@example(raw="C7 e-gov")
@example(raw="C ❶")  # a digit to str.isdigit, not to int(): Hypothesis found "❶"
def test_normalise_action_line_gives_a_code_or_unknown_code_error(raw):
    try:
        code = normalise.normalise_action_line(raw)
    except UnknownCodeError as exc:
        assert exc.value == raw
    else:
        assert code in AL_CODES


@fuzz(200)
@given(raw=st.text(max_size=60) | FREE_TEXT | st.integers() | st.none() | st.floats())
def test_normalise_sdg_gives_a_goal_or_unknown_code_error(raw):
    try:
        goal = normalise.normalise_sdg(raw)
    except UnknownCodeError:
        return
    assert type(goal) is int and 1 <= goal <= 17


def _al_forms() -> list[tuple[str, str]]:
    return [
        (form, al.code)
        for al in taxonomy.action_lines()
        for form in (al.code, al.name, al.full_title, al.short_label, *al.aliases)
        if "{" not in form
    ]


def _sdg_forms() -> list[tuple[str, int]]:
    return [
        (form, s.goal)
        for s in taxonomy.sdgs()
        for form in (str(s.goal), s.short_name, s.title, s.short_name_es, s.title_es, *s.aliases)
    ]


SEPARATORS = st.sampled_from([" ", "  ", " - ", ": ", ". ", "\t", " – ", "_", ", "])


@st.composite
def mangled(draw, forms):
    """A known form written another way: other case, other separators between its words."""
    form, code = draw(st.sampled_from(forms))
    parts = re.split(r"([^\w&']+)", unicodedata.normalize("NFC", form))
    out = []
    for i, part in enumerate(parts):
        if i % 2:  # a separator run
            out.append(draw(SEPARATORS))
        else:
            how = draw(st.sampled_from(["upper", "lower", "title", "swapcase", "same"]))
            out.append(part if how == "same" else getattr(part, how)())
    return form, "".join(out), code


@fuzz(200)
@given(case=mangled(_al_forms()))
def test_every_action_line_form_round_trips_in_any_case_and_spacing(case):
    form, written, code = case
    assert normalise.normalise_action_line(form) == code
    assert normalise.normalise_action_line(written) == code, (form, written)


@fuzz(200)
@given(case=mangled(_sdg_forms()))
def test_every_sdg_form_round_trips_in_any_case_and_spacing(case):
    form, written, goal = case
    assert normalise.normalise_sdg(form) == goal
    assert normalise.normalise_sdg(written) == goal, (form, written)


def _check_spans(text, matches, valid):
    end = 0
    for m in matches:
        assert m.code in valid
        assert text[m.start : m.end] == m.text and m.text
        assert m.start >= end, matches  # in order, not overlapping
        end = m.end


@fuzz(300)
@given(text=FREE_TEXT | st.text(max_size=200))
@example(text="C7 eGov, e-health and E-learning; C3 to C5, C12, C7.1")
def test_find_action_lines_spans_point_into_the_text(text):
    matches = mentions.find_action_lines(text)
    _check_spans(text, matches, AL_CODES)
    for m in matches:
        if m.text[0] in "CС":  # a span that starts at the code token names that code alone
            assert normalise.normalise_action_line(m.text) == m.code, m


@fuzz(300)
@given(text=FREE_TEXT | st.text(max_size=200))
@example(text="SDGs 4, 5 and 17; SDG 18, SDG 1-17, ODS 3")
def test_find_sdgs_spans_point_into_the_text(text):
    _check_spans(text, mentions.find_sdgs(text), range(1, 18))


WORDS = st.text(alphabet=string.ascii_lowercase + " ", max_size=30)


ROOM_WORDS = {w.casefold() for w in taxonomy.mention_words("room")}


@fuzz(150)
@given(before=WORDS, after=WORDS, n=st.sampled_from([1, 2, 3, 4, 5, 6, 8, 9, 10, 11]))
@example(before="level", after="", n=1)  # "Level C1" is a floor of the CICG, not an Action Line
def test_a_code_token_in_plain_words_is_found_where_it_is(before, after, n):
    text = f"{before} C{n} {after}"
    if before.split() and before.split()[-1].casefold() in ROOM_WORDS:  # a room: never a code
        assert len(before) + 1 not in [m.start for m in mentions.find_action_lines(text)]
        return
    assert (f"C{n}", len(before) + 1) in [
        (m.code, m.start) for m in mentions.find_action_lines(text)
    ]


@fuzz(150)
@given(before=WORDS, after=WORDS, n=st.integers(1, 17), prefix=st.sampled_from(["SDG", "ODS"]))
def test_an_sdg_in_plain_words_is_found_where_it_is(before, after, n, prefix):
    text = f"{before} {prefix} {n} {after}"
    at = len(before) + 1  # the mention may start earlier, at a head word ("target SDG 1")
    found = mentions.find_sdgs(text)
    assert any(m.code == n and m.start <= at < m.end for m in found), [
        (m.code, m.start) for m in found
    ]


# ---------------------------------------------------------------- organisations


def _alias_rows() -> list[tuple[str, tuple[str, ...]]]:
    table = organisations.default_table()
    frame = organisations.alias_frame()
    return [(a, table.known(a)) for a in frame["alias"]]


ORG_PIECES = st.sampled_from(["ITU", "UNESCO", "Giga", " and ", "(", ")", "/", " - ", ", ",
                              "UNICEF", "Unknown Body", "UIT", "  "])  # fmt: skip


@fuzz(200)
@given(name=st.text(max_size=80) | st.lists(ORG_PIECES, max_size=12).map("".join))
def test_resolve_gives_clean_names_and_is_stable(name):
    resolved = organisations.resolve(name)
    assert isinstance(resolved, tuple) and resolved
    for org in resolved:
        assert org == organisations.clean(org)
    assert organisations.clean(organisations.clean(name)) == organisations.clean(name)
    assert organisations.match_key(organisations.match_key(name)) == organisations.match_key(name)
    if len(resolved) == 1 and organisations.default_table().known(name) is None:
        assert resolved in ((organisations.clean(name),), organisations.resolve(resolved[0]))


@fuzz(150)
@given(
    row=st.sampled_from(_alias_rows()), upper=st.booleans(), pad=st.sampled_from(["", " ", "  "])
)
def test_every_organisation_alias_resolves_in_any_case(row, upper, pad):
    alias, targets = row
    written = pad + " ".join((alias.upper() if upper else alias.lower()).split(" ")) + pad
    assert organisations.resolve(written) == targets


# ---------------------------------------------------------------- column mapper


def _header_forms() -> list[tuple[str, str]]:
    return columns.header_forms()


@fuzz(200)
@given(headers=st.lists(st.text(max_size=30) | st.sampled_from([h for h, _ in _header_forms()]),
                        max_size=15))  # fmt: skip
def test_proposed_mapping_maps_each_field_at_most_once(headers):
    headers = unique_headers(headers)
    mapping = columns.propose_mapping(headers)
    assert list(mapping) == headers
    fields = [f for f in mapping.values() if f]
    assert len(fields) == len(set(fields)) and set(fields) <= set(columns.FIELDS)


@fuzz(150)
@given(case=mangled(_header_forms()))
def test_every_known_header_is_recognised_in_any_case_and_spacing(case):
    form, written, field = case
    assert columns.guess_field(written) == field, (form, written)


EDITS = st.sampled_from([*columns.FIELDS, "", None, math.nan, "nan", "Title", "  title"]) | st.text(
    max_size=8
)


@fuzz(150)
@given(
    headers=st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=8, unique=True),
    edits=st.lists(EDITS, max_size=8),
)
@example(headers=["Title", "Year"], edits=["title", None])  # a cleared cell → ignore the column
@example(headers=["Title", "Year"], edits=["title", math.nan])
def test_an_edited_mapping_is_usable_or_a_mapping_error(headers, edits):
    frame = columns.mapping_frame(columns.propose_mapping(headers))
    for i, value in enumerate(edits[: len(frame)]):
        frame.loc[i, "field"] = value
    mapping = columns.mapping_from_frame(frame)
    assert list(mapping) == headers
    for header, value in zip(headers, frame["field"], strict=True):
        if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
            assert mapping[header] is None  # a cleared cell ignores the column
    try:
        positions = columns.check_mapping(mapping, headers)
    except MappingError:
        return
    assert "title" in positions and ("year" in positions or "date" in positions)
    for field, pos in positions.items():
        assert mapping[headers[pos]] == field


@fuzz(30)
@given(frame=st.dictionaries(st.sampled_from(["column", "field", "example", "x"]),
                             st.lists(st.text(max_size=5) | st.none(), max_size=3)))  # fmt: skip
def test_mapping_from_any_frame_is_a_mapping_or_a_mapping_error(frame):
    n = min((len(v) for v in frame.values()), default=0)
    data = pd.DataFrame({k: v[:n] for k, v in frame.items()})
    try:
        mapping = columns.mapping_from_frame(data)
    except MappingError:
        return
    assert all(v is None or v in {str(f).strip() for f in data["field"]} for v in mapping.values())
