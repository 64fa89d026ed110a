"""Alt text of every chart kind (`wsis_data.figures.describe`) on hand-built records: the largest
value named, the counts right, synthetic data said; and the embed snippet of the Share menu."""

from __future__ import annotations

from html import unescape

import pytest

from tests.support.records import rec
from wsis_data import cooccurrence as co
from wsis_data import trends as tr
from wsis_data.citation import embed_snippet, embed_url
from wsis_data.dataset import DatasetInfo, from_records
from wsis_data.figures import describe
from wsis_data.filters import Filters
from wsis_data.matrix import build_matrix
from wsis_data.network import NetworkSettings, bipartite_counts, build_network, sessions_by_year
from wsis_data.provenance import PROVENANCES
from wsis_data.views import apply_filters

ALL = Filters(provenances=frozenset(PROVENANCES))


def records():
    """C5 × SDG 9 is the largest cell (3 sessions); organisation A has the most sessions (3)."""
    return (
        rec(2018, "S1", ("C5",), (9,), orgs=("A",)),
        rec(2018, "S2", ("C5",), (9,), orgs=("A", "B")),
        rec(2019, "S3", ("C5",), (9, 4), orgs=("B",)),
        rec(2019, "S4", ("C3",), (4,), orgs=("A",)),
        rec(2020, "S5", ("C1",), (1,), orgs=("C <b>&</b>",)),
    )


def view(*, synthetic=True, sample=False):
    info = DatasetInfo("test", "test records", synthetic=synthetic, sample=sample)
    return apply_filters(from_records(records(), info, project=False), ALL)


@pytest.fixture
def synthetic():
    return view()


@pytest.fixture
def scope(synthetic):
    return describe.scope_of(synthetic)


def test_scope_counts_the_sessions_and_says_synthetic(scope):
    assert scope == describe.Scope(5, True, (2018, 2020))
    assert scope.text() == "5 synthetic sessions, 2018–2020"
    assert describe.scope_of(view(synthetic=False, sample=True)).text() == (
        "5 sampled sessions, 2018–2020"
    )
    assert describe.scope_of(view(synthetic=False)).text() == "5 sessions, 2018–2020"
    assert describe.Scope(1, years=(2019, 2019)).text() == "1 session, 2019"


def test_heatmap_names_the_largest_cell(synthetic, scope):
    text = describe.heatmap(build_matrix(synthetic), scope)
    assert text == (
        "Heatmap of Action Lines × SDGs, sessions. Largest cell: C5 × SDG 9, 3 sessions; "
        "11 Action Lines × 17 SDGs; 5 synthetic sessions, 2018–2020."
    )
    lift = build_matrix(synthetic, value="lift")
    code, goal = lift.values.stack().idxmax()
    text = describe.heatmap(lift, scope)
    sessions = int(lift.counts.loc[code, goal])
    assert f"Largest cell: {code} × SDG {goal}, lift {lift.values.loc[code, goal]:.2f} " in text
    assert f"({sessions} session" in text and text.startswith(
        "Heatmap of Action Lines × SDGs, lift"
    )
    kept = build_matrix(synthetic).keep(sdgs=(4,))  # C3 and C5 tie: the first in reading order
    assert "Largest cell: C3 × SDG 4, 1 session; 11 Action Lines × 1 SDG;" in describe.heatmap(
        kept, scope
    )
    empty = build_matrix(apply_filters(synthetic, Filters(years=(2030, 2030))))
    assert "No session in any cell" in describe.heatmap(empty, scope)


def test_cooccurrence_and_sankey_name_the_largest_pair_and_flow(synthetic, scope):
    sdgs = co.cooccurrence(synthetic, "sdg")
    assert describe.cooccurrence(sdgs, "sessions", scope) == (
        "SDG × SDG heatmap of sessions naming both. Largest pair: SDG 4 & SDG 9, 1 session; "
        "17 SDGs each way; 5 synthetic sessions, 2018–2020."
    )
    assert "Highest lift: SDG 4 & SDG 9, lift " in describe.cooccurrence(sdgs, "lift", scope)
    assert describe.sankey(build_matrix(synthetic), scope) == (
        "Sankey of Action Lines flowing to SDGs. Widest flow: C5 → SDG 9, 3 sessions; 4 flows "
        "between 11 Action Lines and 17 SDGs; 5 synthetic sessions, 2018–2020."
    )


def test_trend_charts_name_their_highest_point_and_largest_changes(synthetic, scope):
    long = tr.counts_by_year(synthetic, "action_line", collapse_c7=True)
    text = describe.trend(long, "action_line", "sessions", scope)
    assert "Highest: C5 in 2018, 2 sessions; 11 Action Lines over 3 years;" in text
    assert text.endswith("5 synthetic sessions, 2018–2020.")
    assert "Highest: C5 in 2018, 100.0%" in describe.trend(long, "action_line", "share", scope)
    grids = tr.matrices_by_year(synthetic, collapse_c7=True)
    assert "Largest cell: C5 × SDG 9 in 2018, 2 sessions; 3 years with data;" in (
        describe.matrix_animation(grids, "sessions", scope)
    )
    rf = tr.risers_fallers(long, 2018, 2020)
    assert "Largest rise: C1, +1 session; largest fall: C5, −2 sessions;" in (
        describe.risers_fallers(rf, 2018, 2020, "sessions", scope)
    )
    diff = tr.difference(grids, 2018, 2020)
    assert "Largest rise: C1 × SDG 1, +1 session; largest fall: C5 × SDG 9, −2 sessions;" in (
        describe.difference(diff, 2018, 2020, "sessions", scope)
    )


def test_network_charts_name_the_largest_organisation(synthetic, scope):
    net = build_network(synthetic, NetworkSettings())
    text = describe.network(net, scope)
    assert "Largest: A, 3 sessions; 3 organisations; 1 link;" in text
    assert text.endswith("5 synthetic sessions, 2018–2020.")
    assert "one frame per window of 2 years" in describe.network_timeline(net, 2, scope)
    years = sessions_by_year(synthetic, "A")
    assert "Busiest year: 2018, 2 sessions; 2 years;" in describe.years_bar(years, "A", scope)
    counts = bipartite_counts(synthetic, "action_line", 40)
    assert "Largest cell: A × C5, 2 sessions; 3 organisations × 11 Action Lines;" in (
        describe.bipartite(counts, "action_line", scope)
    )


def test_record_text_stays_literal_and_reports_describe_their_heatmap(synthetic, scope):
    years = sessions_by_year(synthetic, "C <b>&</b>")
    assert "sessions per year of C <b>&</b>." in describe.years_bar(years, "C <b>&</b>", scope)
    page = describe.report_page("Outcomes 2018", 1, build_matrix(synthetic), scope)
    assert page.startswith("Page 1 of the PDF “Outcomes 2018”. Its heatmap")
    assert "Largest cell: C5 × SDG 9, 3 sessions" in page and "synthetic" in page
    assert "It counts 5 synthetic sessions" in describe.report_page("Pack", 2, None, scope)


def test_embed_snippet_opens_the_same_view_in_embed_mode():
    link = "http://h:1/heatmap?org=A+%3Cb%3E&cell_al=C5&embed=false"
    assert embed_url(link) == "http://h:1/heatmap?org=A+%3Cb%3E&cell_al=C5&embed=true"
    snippet = embed_snippet(link, 'View "<x>"')
    assert snippet.startswith('<iframe src="http://h:1/heatmap?org=A+%3Cb%3E&amp;cell_al=C5&amp;')
    src = snippet.split('src="', 1)[1].split('"', 1)[0]
    assert unescape(src) == embed_url(link)
    assert 'title="View &quot;&lt;x&gt;&quot;"' in snippet
