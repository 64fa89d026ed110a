"""Tests for wsis_data.export against real Kaleido and Debian's chromium (no mocks)."""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import textwrap
import threading
import time
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest

from wsis_data import export

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install chromium)"
)
META = export.ExportMeta(
    title="Sessions by Action Line and SDG",
    dataset="WSIS Forum 2025",
    filters="year=2025; region=all",
    provenances="official, curated",
    generated_at="2026-11-25T10:00:00Z",
)
FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@x", "\tx", "\rx"]


def heatmap() -> go.Figure:
    """Return a small heatmap with categorical axes."""
    return go.Figure(
        go.Heatmap(
            z=[[1, 0, 3], [2, 5, 0]],
            x=["SDG 4 Education", "SDG 9 Industry", "SDG 17 Partnerships"],
            y=["C1 Role of governments", "C2 Infrastructure"],
        )
    )


def animated() -> go.Figure:
    """Return a bar chart with two frames and a play button."""
    bars = {2024: [1, 2], 2025: [2, 2]}
    frames = [go.Frame(name=str(y), data=[go.Bar(x=["C1", "C2"], y=v)]) for y, v in bars.items()]
    play = {"label": "Play", "method": "animate", "args": [None]}
    return go.Figure(
        data=[go.Bar(x=["C1", "C2"], y=[1, 2])],
        frames=frames,
        layout={"updatemenus": [{"type": "buttons", "buttons": [play]}]},
    )


@pytest.fixture(scope="module")
def renderer():
    """Yield the export module and close its browser after the module's tests."""
    yield export
    export.shutdown()


# --- metadata and names ------------------------------------------------------------------------


def test_footer_and_rows() -> None:
    assert META.footer() == (
        "Dataset: WSIS Forum 2025 · Filters: year=2025; region=all · "
        "Tags: official, curated · Generated 2026-11-25 10:00 UTC"
    )
    synthetic = export.ExportMeta("t", "d", "", "p", generated_at="x", synthetic=True)
    assert synthetic.footer().startswith("SYNTHETIC DATA · Dataset: d · Filters: none")
    rows = dict(synthetic.as_rows())
    assert rows["synthetic"] == "yes" and rows["generated_at"] == "x" and "notes" in rows
    assert export.ExportMeta("t", "d", "f", "p").generated_at.endswith("Z")


def test_filename() -> None:
    day = date(2026, 11, 25)
    assert export.filename("heatmap sessions", "png", day=day) == (
        "wsis-heatmap-sessions-2026-11-25.png"
    )
    assert export.filename("../Côte d'Ivoire/é*?", ".CSV", day=day) == (
        "wsis-cote-d-ivoire-e-2026-11-25.csv"
    )
    assert export.filename("", "xlsx", day=day) == "wsis-export-2026-11-25.xlsx"


# --- images ------------------------------------------------------------------------------------


@needs_chromium
def test_png_signature_and_size(renderer) -> None:
    png = renderer.image_bytes(heatmap(), "png", META, width=600, height=400, scale=1.5)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    assert struct.unpack(">II", png[16:24]) == (900, 600)


@needs_chromium
def test_svg_has_title_tick_and_footer(renderer) -> None:
    svg = renderer.image_bytes(heatmap(), "svg", META)
    text = " ".join(ET.fromstring(svg).itertext())
    assert META.title in text
    assert "SDG 9 Industry" in text and "C2 Infrastructure" in text
    assert META.footer() in text


@needs_chromium
def test_pdf_signature(renderer) -> None:
    assert renderer.image_bytes(heatmap(), "pdf", META).startswith(b"%PDF")


@needs_chromium
def test_caller_figure_unchanged(renderer) -> None:
    fig = heatmap()
    before = fig.to_dict()
    renderer.image_bytes(fig, "png", META)
    renderer.html_bytes(fig, META)
    assert fig.to_dict() == before


@needs_chromium
def test_warm_calls_reuse_one_server(renderer) -> None:
    renderer.image_bytes(heatmap(), "png", META)
    started, server = export.images._server_started, export.images._server
    timings = []
    for _ in range(3):
        t0 = time.perf_counter()
        renderer.image_bytes(heatmap(), "png", META)
        timings.append(round(time.perf_counter() - t0, 3))
    print("warm PNG renders (s):", timings)  # informative only: no timed assertion
    assert export.images._server is server and export.images._server_started == started


@needs_chromium
def test_threads_share_the_server(renderer) -> None:
    renderer.image_bytes(heatmap(), "png", META)
    server, results = export.images._server, []

    def work() -> None:
        results.append(renderer.image_bytes(heatmap(), "png", META, width=300, height=200))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert len(results) == 4 and all(r[:4] == b"\x89PNG" for r in results)
    assert export.images._server is server


def _run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter from the project root."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_missing_browser_raises_export_error(tmp_path: Path) -> None:
    code = """
        import plotly.graph_objects as go
        from wsis_data import export
        from wsis_data.errors import ExportError
        assert not export.images_available()
        fig, meta = go.Figure(go.Heatmap(z=[[1]])), export.ExportMeta("t", "d", "f", "p")
        try:
            export.image_bytes(fig, "png", meta)
        except ExportError as exc:
            print("EXPORT_ERROR:", exc)
        else:
            print("NO ERROR")
    """
    env = {**os.environ, "PATH": str(tmp_path), "BROWSER_PATH": str(tmp_path / "no-chromium")}
    proc = _run_python(code, env)
    assert proc.returncode == 0, proc.stderr
    assert "EXPORT_ERROR:" in proc.stdout and "chromium" in proc.stdout
    assert "CSV/XLSX/HTML" in proc.stdout


@needs_chromium
def test_failed_start_is_retried(tmp_path: Path) -> None:
    code = """
        import os
        import plotly.graph_objects as go
        from wsis_data import export
        from wsis_data.errors import ExportError
        fig, meta = go.Figure(go.Heatmap(z=[[1]])), export.ExportMeta("t", "d", "f", "p")
        for _ in range(2):
            try:
                export.image_bytes(fig, "png", meta)
            except ExportError as exc:
                print("EXPORT_ERROR:", exc)
        os.environ["BROWSER_PATH"] = "/usr/bin/chromium"
        png = export.image_bytes(fig, "png", meta)
        print("PNG:", png[:4] == b"\\x89PNG", export.images._server_started)
        export.shutdown()
    """
    proc = _run_python(code, {**os.environ, "BROWSER_PATH": "/bin/false"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("EXPORT_ERROR:") == 2 and "chromium" in proc.stdout
    assert "PNG: True 3" in proc.stdout


# --- HTML --------------------------------------------------------------------------------------


def test_html_is_offline_with_footer() -> None:
    page = export.html_bytes(heatmap(), META).decode("utf-8")
    assert 'src="https://cdn.plot.ly' not in page
    assert "plotly.js" in page and len(page) > 1_000_000  # the bundle is inlined
    assert f"<title>{META.title}</title>" in page
    assert json.dumps(META.footer()) in page  # in the figure JSON, "·" written as \u00b7


def test_html_keeps_frames_without_auto_play() -> None:
    page = export.html_bytes(animated(), META).decode("utf-8")
    assert "Plotly.addFrames" in page
    assert '"name":"2024"' in page and '"name":"2025"' in page
    assert '"label":"Play"' in page
    assert "Plotly.animate('" not in page


# --- tables ------------------------------------------------------------------------------------


def test_csv_round_trip() -> None:
    frame = pd.DataFrame(
        {
            "count": [1, -2, 30],
            "share": [0.5, -1.25, 2.0],
            "label": ["alpha", "Côte d’Ivoire", "gamma 3"],
        }
    )
    data = export.csv_bytes(frame)
    assert not data.startswith(b"\xef\xbb\xbf")
    pd.testing.assert_frame_equal(pd.read_csv(io.BytesIO(data)), frame)


def test_csv_neutralises_formula_text_only() -> None:
    n = len(FORMULAS)
    frame = pd.DataFrame(
        {"text": FORMULAS, "neg": [-1] * n, "negf": [-2.5] * n, "=evil": ["ok"] * n},
        index=pd.Index([f"-r{i}" for i in range(n)], name="@idx"),
    )
    back = pd.read_csv(io.BytesIO(export.csv_bytes(frame, index=True)))
    assert list(back.columns) == ["'@idx", "text", "neg", "negf", "'=evil"]
    assert list(back["text"]) == ["'" + v for v in FORMULAS]
    assert list(back["'@idx"]) == [f"'-r{i}" for i in range(n)]
    assert list(back["neg"]) == [-1] * n and list(back["negf"]) == [-2.5] * n
    assert frame["text"].tolist() == FORMULAS  # the caller's frame is untouched


def test_xlsx_sheets_metadata_and_round_trip() -> None:
    matrix = pd.DataFrame({"action_line": ["C1", "C2"], "sessions": [3, -1], "lift": [1.5, 0.25]})
    formulas = pd.DataFrame({"text": FORMULAS[:4], "n": [1, 2, 3, 4]})
    sheets = {
        "Matrix": matrix,
        "matrix": formulas,
        "A sheet name that is much longer than 31 chars": matrix,
        "metadata": matrix,
    }
    data = export.xlsx_bytes(sheets, META)
    book = openpyxl.load_workbook(io.BytesIO(data))
    names = book.sheetnames
    assert names[0] == "Matrix" and names[-1] == "metadata" and len(names) == 5
    assert all(len(n) <= 31 for n in names) and len({n.lower() for n in names}) == 5
    pd.testing.assert_frame_equal(pd.read_excel(io.BytesIO(data), sheet_name="Matrix"), matrix)
    texts = [c.value for c in book[names[1]]["A"][1:]]
    assert texts == ["'" + v for v in FORMULAS[:4]]
    assert {c.data_type for c in book[names[1]]["A"]} == {"s"}  # no formulas stored
    meta_rows = dict(book["metadata"].iter_rows(min_row=2, values_only=True))
    assert meta_rows["title"] == META.title and meta_rows["filters"] == META.filters


def test_xlsx_single_frame() -> None:
    frame = pd.DataFrame({"x": [1, 2], "y": ["a", "b"]})
    data = export.xlsx_bytes(frame, META)
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == ["data", "metadata"]
    pd.testing.assert_frame_equal(pd.read_excel(io.BytesIO(data), sheet_name="data"), frame)


def test_csv_keeps_embedded_line_breaks_in_one_cell() -> None:
    frame = pd.DataFrame({"note": ["a\rb", "c\nd", "e\r\nf"], "n": [1, 2, 3]})
    back = pd.read_csv(io.BytesIO(export.csv_bytes(frame)))
    pd.testing.assert_frame_equal(back, frame)


def test_file_names_say_what_they_hold() -> None:
    from wsis_data.filters import Filters

    day = date(2026, 11, 25)
    chosen = Filters(years=(2018, 2022), action_lines=("C3",), organisers=("Côte d'Ivoire/..",))
    detail = export.name_detail(chosen, "WSIS Action Lines × SDGs — Sessions")
    assert export.filename("heatmap", "png", detail=detail, day=day) == (
        "wsis-heatmap-sessions-2018-2022-c3-cote-d-ivoire-2026-11-25.png"
    )
    other = export.name_detail(Filters(years=(2019, 2019), sdgs=(4,)), "X — Sessions")
    assert export.filename("heatmap", "png", detail=other, day=day) == (
        "wsis-heatmap-sessions-2019-sdg4-2026-11-25.png"
    )
    many = Filters(organisers=tuple(f"Organisation number {i}" for i in range(40)))
    long_name = export.filename("heatmap", "csv", detail=export.name_detail(many), day=day)
    assert len(long_name) <= 5 + 120 + 11 + 4 and long_name.endswith("-2026-11-25.csv")
    meta = export.ExportMeta("t", "d", "", "p", name=detail)
    files = export.chart_files(heatmap(), meta, "heatmap", None)
    files += export.table_files({"matrix": pd.DataFrame({"a": [1]})}, meta, "heatmap")
    assert all("2018-2022-c3" in f.file_name() for f in files)
    assert {f.key for f in files} == {"dl-heatmap-html", "dl-heatmap-matrix-csv", "dl-heatmap-xlsx"}
    assert "name" not in dict(meta.as_rows())


def test_footer_names_no_filter_when_only_tags_are_set() -> None:
    from wsis_data.filters import Filters

    meta = export.ExportMeta("t", "d", Filters().describe(), "declared", generated_at="x")
    assert "Filters: none · Tags: declared" in meta.footer()
    chosen = Filters(years=(2019, 2020)).describe()
    assert "Filters: years 2019–2020 · Tags" in export.ExportMeta("t", "d", chosen, "p").footer()
