"""Hostile record text (HTML/JS, Plotly tags, Markdown, entities) stays text in every figure and
export; spreadsheet formulas are neutralised in CSV/XLSX and quarantine files, numbers are not.

The records come through the project's importer into a real SQLite store (`tests.support.hostile`).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.hostile import ENTITY, FORMULAS, HOSTILE, hostile_store
from wsis_data import export, figures
from wsis_data import trends as tr
from wsis_data.figures import network as network_figures
from wsis_data.figures import trends as tf
from wsis_data.filters import Filters
from wsis_data.ingest.importer import check_table, preview
from wsis_data.matrix import build_matrix
from wsis_data.network import (
    bipartite_counts,
    bipartite_graphml_bytes,
    build_network,
    gexf_bytes,
    graphml_bytes,
    layout,
    nodes_frame,
    sessions_by_year,
)
from wsis_data.safe_text import is_formula, literal, neutralise, plain, quote, unquote

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
#: Raw fragments that must never reach a Plotly string (they would become elements).
RAW = ("<script", "<img", "<svg", "<iframe", "<a ", "<b>bold", "$x^2$")
TEXTS = (*HOSTILE, *FORMULAS)


@pytest.fixture(scope="module")
def store_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'hostile.db'}"
    hostile_store(url)
    return url


@pytest.fixture(scope="module")
def ds(store_url):
    from wsis_data.ingest.store import Store

    return Store(store_url).dataset()


def hostile_meta(title: str = HOSTILE[3]) -> export.ExportMeta:
    """Export metadata whose title and filters (an organiser filter) are hostile."""
    return export.ExportMeta(
        title=f"Export {title}",
        dataset="Imported records",
        filters=Filters(organisers=(HOSTILE[0],)).describe(),
        provenances="file",
        generated_at="2026-11-25T10:00:00Z",
    )


@pytest.fixture(scope="module")
def figs(ds) -> dict[str, go.Figure]:
    return all_figures(ds)


def all_figures(ds) -> dict[str, go.Figure]:
    """Every figure builder fed the hostile records (organisations and session types as keys)."""
    net = build_network(ds)
    org = HOSTILE[1]
    out = {
        "heatmap": figures.heatmap(build_matrix(ds), note=HOSTILE[0]),
        "network": network_figures.network_figure(net, layout(net), note=HOSTILE[0]),
        "network-al": network_figures.network_figure(net, layout(net), colour_by="action_line"),
        "bipartite-al": network_figures.bipartite_heatmap(
            bipartite_counts(ds, "action_line", 40), "action_line"
        ),
        "bipartite-sdg": network_figures.bipartite_heatmap(bipartite_counts(ds, "sdg", 40), "sdg"),
        "years": network_figures.years_bar(sessions_by_year(ds, org), org),
    }
    for by in ("organisation", "session_type"):
        long = tr.counts_by_year(ds, by, top_n=40 if by == "organisation" else None)
        for chart in tf.CHART_TYPES:
            for measure in ("sessions", "share"):
                out[f"{by}-{chart}-{measure}"] = tf.trend_chart(long, by, chart, measure=measure)
        rf = tr.risers_fallers(long, 2020, 2022, n=5)
        out[f"{by}-rf"] = tf.risers_fallers_bars(rf, 2020, 2022) if not rf.empty else None
    grids = tr.matrices_by_year(ds)
    out["animation"] = tf.matrix_animation(grids, note=HOSTILE[0])
    diff = tr.difference(grids, 2020, 2022, "sessions")
    out["difference"] = tf.difference_heatmap(diff, grids, 2020, 2022, note=HOSTILE[0])
    return {k: v for k, v in out.items() if v is not None}


def shown_strings(node, *, templated: bool = False, key: str = ""):
    """Every string of a figure's JSON that Plotly may render (customdata only when a
    hovertemplate shows it; legend groups and ids never)."""
    if isinstance(node, dict):
        uses = templated or "%{customdata" in str(node.get("hovertemplate", ""))
        for k, v in node.items():
            if k in ("legendgroup", "uid", "ids", "meta") or (k == "customdata" and not uses):
                continue
            yield from shown_strings(v, templated=uses, key=k)
    elif isinstance(node, list | tuple):
        for v in node:
            yield from shown_strings(v, templated=templated, key=key)
    elif isinstance(node, str):
        yield node


# --- Plotly figures ----------------------------------------------------------------------------


def test_plain_is_decoded_back_to_the_text_by_plotly():
    assert plain("a\"b'c $x$ &amp; <b>") == "a&#34;b&#39;c &#36;x&#36; &amp;amp; &lt;b&gt;"
    assert plain(None) == ""


def test_every_figure_shows_record_text_escaped(figs):
    seen = []
    for name, fig in figs.items():
        strings = list(shown_strings(fig.to_plotly_json()))
        for s in strings:
            bad = [r for r in RAW if r in s]
            assert not bad, f"{name}: raw record text {bad} in {s[:200]!r}"
        seen += strings
    text = "\n".join(seen)
    missing = [t for t in TEXTS if plain(t) not in text]
    assert not missing, f"record text not shown escaped anywhere: {missing}"


def test_export_title_and_footer_are_escaped():
    page = export.html_bytes(go.Figure(go.Bar(x=[1], y=[2])), hostile_meta()).decode()
    assert "&lt;b&gt;bold&lt;\\u002fb&gt;" in page  # the title, escaped for Plotly
    assert "&lt;script&gt;window.__xss=1" in page  # the organiser filter in the footer
    assert "\\u003cscript\\u003ewindow" not in page and "\\u003cb\\u003ebold" not in page
    assert "<title>Export &lt;b&gt;bold&lt;/b&gt;</title>" in page


# --- SVG through real Kaleido --------------------------------------------------------------------


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent")
def test_svg_exports_hold_text_not_elements(figs):
    kinds = ("network", "bipartite-al", "organisation-lines-sessions",
             "organisation-heatmap-sessions", "session_type-multiples-share",
             "animation")  # fmt: skip
    texts: list[str] = []
    try:
        for kind in kinds:
            svg = export.image_bytes(figs[kind], "svg", hostile_meta(), width=1400, height=1000)
            root = ET.fromstring(svg)
            for el in root.iter():
                tag = el.tag.rsplit("}", 1)[-1]
                assert tag not in ("script", "foreignObject", "iframe", "a"), (kind, tag)
                for attr, value in el.attrib.items():
                    assert not attr.rsplit("}", 1)[-1].lower().startswith("on"), (kind, attr)
                    assert not value.strip().lower().startswith("javascript:"), (kind, attr)
                if tag == "text":
                    texts.append("".join(el.itertext()))
        # PNG and PDF hold no markup to inspect: they render without an error
        assert export.image_bytes(figs["network"], "png", hostile_meta()).startswith(b"\x89PNG")
        assert export.image_bytes(figs["network"], "pdf", hostile_meta()).startswith(b"%PDF")
    finally:
        export.shutdown()
    joined = "\n".join(texts)
    missing = [t for t in TEXTS if t not in joined]
    assert not missing, f"record text not shown literally in the SVGs: {missing}"
    footers = [t for t in texts if t.startswith("Dataset: Imported records")]
    assert footers and "organisers <script>window.__xss=1</script>" in footers[0]
    assert "Export <b>bold</b>" in texts


# --- Markdown (Streamlit) ----------------------------------------------------------------------


def test_literal_escapes_markdown_html_directives_and_entities():
    for text in TEXTS:
        escaped = literal(text)
        for ch in "<>[]()*:$&`_":
            assert ch not in escaped.replace("\\" + ch, ""), (text, ch)
    assert literal(ENTITY).startswith("AT\\&amp;T")


# --- spreadsheet formulas ----------------------------------------------------------------------


OWASP = ["=1+1", "+1+1", "-1+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "\0=1"]
NUMBERS = ["-12", "-1.5", "+3", "-1e5", ".5", "-0"]


def test_formula_detection_follows_owasp_and_leaves_plain_numbers():
    assert all(is_formula(t) for t in OWASP)
    assert not any(is_formula(t) for t in [*NUMBERS, "12", "plain", "'=1", "a=1"])
    assert [neutralise(t) for t in OWASP] == ["'" + t for t in OWASP]
    assert [neutralise(v) for v in (-1, -2.5, "-12")] == [-1, -2.5, "-12"]


@pytest.mark.parametrize(
    "text", [*OWASP, *NUMBERS, "'=1", "''=1", "'-12", "'", "", "plain", "'plain", "''@x"]
)
def test_quote_round_trip(text):
    assert unquote(quote(text)) == text
    assert not is_formula(quote(text))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("'=+-@\t\r\n\x00a1.e "), max_size=8) | st.text())
def test_quote_round_trip_property(text):
    assert unquote(quote(text)) == text
    assert not is_formula(quote(text)) and not is_formula(neutralise(text))


def test_javascript_and_data_urls_are_problems():
    data = b"Title,Year,URL\na,2021,javascript:window.__xss=9\nb,2021,data:text/html,x\n"
    table, mapping = preview(data, "urls.csv")
    report = check_table(table, mapping, data=data)
    assert (report.n_valid, report.n_problem_rows) == (0, 2)


def test_csv_negative_numbers_and_headers():
    frame = pd.DataFrame(
        {
            "int": [-1, -2, 3],
            "float": [-1.5, 2.0, -0.25],
            "mixed": [-1, -2.5, "-12"],  # numbers in an object column, and a plain-number text
            "text": ["-1+cmd|' /C calc'!A0", "@x", "=A1"],
            "=HYPERLINK(1)": ["a", "b", "c"],
        },
        index=pd.Index(["+x", "-3", "y"], name="@name"),
    )
    rows = list(csv.reader(io.StringIO(export.csv_bytes(frame, index=True).decode())))
    assert rows[0] == ["'@name", "int", "float", "mixed", "text", "'=HYPERLINK(1)"]
    assert [r[0] for r in rows[1:]] == ["'+x", "-3", "y"]
    assert [r[1] for r in rows[1:]] == ["-1", "-2", "3"]
    assert [r[2] for r in rows[1:]] == ["-1.5", "2.0", "-0.25"]
    assert [r[3] for r in rows[1:]] == ["-1", "-2.5", "-12"]
    assert [r[4] for r in rows[1:]] == ["'-1+cmd|' /C calc'!A0", "'@x", "'=A1"]


def test_xlsx_keeps_numbers_as_numbers():
    frame = pd.DataFrame(
        {"int": [-1, 2], "float": [-1.5, 2.0], "mixed": [-3, "-1+cmd|' /C calc'!A0"]}
    )
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(frame, hostile_meta())))
    sheet = book["data"]
    cells = {c.coordinate: (c.value, c.data_type) for row in sheet.iter_rows() for c in row}
    assert cells["A2"] == (-1, "n") and cells["B2"] == (-1.5, "n") and cells["C2"] == (-3, "n")
    assert cells["C3"] == ("'-1+cmd|' /C calc'!A0", "s")
    assert all(t != "f" for _, t in cells.values())  # no formula cell anywhere
    meta = dict(book["metadata"].iter_rows(min_row=2, values_only=True))
    assert meta["title"] == "Export <b>bold</b>"  # text, not markup, in a spreadsheet


def test_page_table_downloads_of_hostile_records(ds):
    """The tables the pages offer (drill-down, nodes, links, profile) through csv/xlsx_bytes."""
    from wsis_data.matrix import drilldown

    net = build_network(ds)
    frames = {
        "sessions": drilldown(ds, "C1", 4),
        "nodes": nodes_frame(net),
        "links": net.edges,
        "long": tr.counts_by_year(ds, "organisation", top_n=40),
    }
    for name, frame in frames.items():
        rows = list(csv.reader(io.StringIO(export.csv_bytes(frame).decode())))
        cells = [c for r in rows for c in r]
        assert not [c for c in cells if is_formula(c)], name
        assert any(c.startswith("'") for c in cells), name  # the formulas are there, quoted
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(frames, hostile_meta())))
    types = {c.data_type for s in book.worksheets for row in s.iter_rows() for c in row}
    assert "f" not in types


def test_graph_files_escape_names_and_keep_them(ds):
    net = build_network(ds)
    for data in (graphml_bytes(net), gexf_bytes(net)):
        ET.fromstring(data)  # well-formed XML
        assert b"<script" not in data and b"<img" not in data
    graph = nx.read_graphml(io.BytesIO(graphml_bytes(net)))
    assert set(TEXTS) <= set(graph.nodes)
    counts = bipartite_counts(ds, "sdg", 40)
    data = bipartite_graphml_bytes(counts, "sdg", dict(hostile_meta().as_rows()))
    assert HOSTILE[0] in nx.read_graphml(io.BytesIO(data)).graph["filters"]


def test_cli_export_neutralises_formulas(store_url, tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "wsis_data", "export", "--dataset", "store", "--db", store_url,
           "--format", "xlsx", "--format", "csv", "--out", str(out)]  # fmt: skip
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, timeout=120)
    (xlsx,) = out.glob("*.xlsx")
    book = openpyxl.load_workbook(xlsx)
    values = [c.value for s in book.worksheets for row in s.iter_rows() for c in row]
    assert "'=1+1 title" in values and "=1+1 title" not in values
    assert "'-1+cmd|' /C calc'!A0 title" in values
    assert "f" not in {c.data_type for s in book.worksheets for row in s.iter_rows() for c in row}


# --- quarantine file ---------------------------------------------------------------------------


def test_quarantine_is_neutralised_and_reimports_exactly():
    header = ["Session ID", "Title", "Year", "Organisers", "Action Lines", "=SDGs"]
    cells = ["Q1", '=HYPERLINK("http://x")', "not a year", "@evil; '=quoted", "C1", "-4"]
    good = ["Q2", "-12", "2021", "+Org", "C1", "4"]
    text = io.StringIO()
    csv.writer(text).writerows([header, good, cells])
    data = text.getvalue().encode()
    table, mapping = preview(data, "formulas.csv")
    mapping["=SDGs"] = "sdgs"
    report = check_table(table, mapping, data=data)
    assert report.n_problem_rows == 1
    quarantine = report.quarantine_csv()
    rows = list(csv.reader(io.StringIO(quarantine.decode("utf-8-sig"))))
    assert rows[0][:6] == ["Session ID", "Title", "Year", "Organisers", "Action Lines", "'=SDGs"]
    assert rows[1][:6] == ["Q1", "'=HYPERLINK(\"http://x\")", "not a year",
                           "'@evil; '=quoted", "C1", "-4"]  # fmt: skip
    assert not [c for r in rows for c in r if is_formula(c)]
    fixed = quarantine.decode("utf-8-sig").replace("not a year", "2021").replace("-4", "4")
    again_table, again_mapping = preview(fixed.encode("utf-8-sig"), "formulas.quarantine.csv")
    assert again_table.headers[5] == "=SDGs"
    again_mapping["=SDGs"] = "sdgs"
    again = check_table(again_table, again_mapping, data=fixed.encode())
    assert (again.n_valid, again.n_problem_rows) == (1, 0)
    record = again.records[0]
    assert record.title == '=HYPERLINK("http://x")'
    assert record.organisers == ("@evil", "'=quoted")
    # a file that is not a quarantine keeps its quotes as written
    plain_table, _ = preview(b"Title,Year\n'=x,2021\n", "own.csv")
    assert plain_table.rows[0][0] == "'=x"


def test_json_hostile_import_keeps_text(ds):
    titles = set(ds.tables.sessions["title"])
    assert {f"{t} title" for t in TEXTS} <= titles
    assert json.loads(json.dumps(sorted(titles)))  # plain strings, nothing decoded
