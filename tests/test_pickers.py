"""The sidebar's pickers (organisations, Action Lines, SDGs): listed by sessions in the current
view with the count beside each name, or A–Z on demand; the URL keeps names and codes' labels,
never a label with its count."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from tests.support.apptest import LAUNCHER, dashboard_app
from wsis_data.taxonomy import sdg

PICKERS = ("al", "sdg", "org")
NINE = f"SDG 9 · {sdg(9).short_name}"  # its label, as the URL held it before counts


def _counts(options: list[str]) -> list[int]:
    return [int(re.search(r"\(([\d,]+)\)$", o).group(1).replace(",", "")) for o in options]


def _names(options: list[str]) -> list[str]:
    return [re.sub(r" \([\d,]+\)$", "", o) for o in options]


def test_pickers_list_by_sessions_with_counts_then_a_to_z() -> None:
    at = dashboard_app()
    assert not at.exception
    for key in PICKERS:
        counts = _counts(at.multiselect(key=key).options)
        assert counts == sorted(counts, reverse=True), key
        assert counts[0] > 0, key
    assert _names(at.multiselect(key="org").options)[:2] == ["ITU", "UNESCO"]  # 23 and 14
    at.toggle(key="pick_az").set_value(True).run()
    orgs = _names(at.multiselect(key="org").options)
    assert orgs == sorted(orgs, key=str.casefold)
    sdgs = _names(at.multiselect(key="sdg").options)
    assert [int(s.split()[1]) for s in sdgs] == list(range(1, 18))  # SDGs in their own order


def test_counts_follow_the_filters_above() -> None:
    at = dashboard_app()
    before = dict(zip(_names(at.multiselect(key="org").options),
                      _counts(at.multiselect(key="org").options), strict=True))  # fmt: skip
    at.multiselect(key="sdg").select(4).run()
    after = dict(zip(_names(at.multiselect(key="org").options),
                     _counts(at.multiselect(key="org").options), strict=True))  # fmt: skip
    assert after != before and all(after[o] <= before[o] for o in before)


def _listed(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def test_the_url_keeps_names_not_counts() -> None:
    at = dashboard_app()
    at.multiselect(key="org").select("UNESCO").run()
    at.multiselect(key="sdg").select(9).run()
    assert _listed(at.query_params["org"]) == ["UNESCO"]
    assert _listed(at.query_params["sdg"]) == [NINE]
    # a link with those values opens the same filters
    again = AppTest.from_string(LAUNCHER, default_timeout=60)
    again.query_params["org"] = "UNESCO"
    again.query_params["sdg"] = NINE
    again.run()
    assert not again.exception
    assert again.multiselect(key="org").value == ["UNESCO"]
    assert again.multiselect(key="sdg").value == [9]
