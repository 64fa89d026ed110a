"""Every exported chart, at every offered size, is legible: measured in Chromium from the SVG
that real Kaleido renders (every text inside the page, no two texts over each other, the whole
provenance footer present, never cut with "…")."""

from __future__ import annotations

import pytest

from tests.support.figure_kinds import FIGURE_KINDS
from tests.support.svg_boxes import problems, text_boxes
from wsis_data import export

META = export.ExportMeta(
    title="WSIS Action Lines × SDGs — sessions",
    dataset="Synthetic demo (SYNTHETIC)",
    filters="years 2018–2022; Action Lines C3 Access to information and knowledge; "
    "types High-level policy session, Workshop; organisers International Telecommunication "
    "Union, UNESCO",
    provenances="declared, agenda, title",
    generated_at="2026-11-25T10:00:00Z",
    synthetic=True,
)


@pytest.fixture(scope="module")
def measure_page(browser):
    context = browser.new_context(viewport={"width": 1700, "height": 1100})
    page = context.new_page()
    yield page
    context.close()
    export.shutdown()


@pytest.fixture(params=["plotly", "streamlit"])
def template(request):
    """Plotly's default template, and Streamlit's (the default once streamlit is imported, as
    in the app): exports must be legible under both."""
    import plotly.io as pio
    import streamlit  # noqa: F401  (registers the "streamlit" template)

    before = pio.templates.default
    pio.templates.default = request.param
    yield request.param
    pio.templates.default = before


@pytest.mark.parametrize("size", list(export.IMAGE_SIZES))
@pytest.mark.parametrize("kind", list(FIGURE_KINDS))
def test_every_export_is_legible(measure_page, template, kind, size):
    width, height, _ = export.IMAGE_SIZES[size]
    fig = FIGURE_KINDS[kind]()
    svg = export.image_bytes(fig, "svg", META, width=width, height=height)
    measured = text_boxes(measure_page, svg)
    boxes = measured["boxes"]
    assert measured["width"] >= width and measured["height"] >= height
    found = problems(measured)
    assert not found, f"{kind} at {size}: " + "\n".join(found[:15])
    shown = " ".join(b["text"] for b in boxes)
    assert "…" not in shown
    for part in ("SYNTHETIC DATA", "Organisers International Telecommunication", "UNESCO"):
        assert " ".join(part.lower().split()) in " ".join(shown.lower().split()), part
    assert "Generated 2026-11-25 10:00 UTC" in shown
    assert META.title in shown
    texts = {b["text"] for b in boxes}
    for trace in fig.data:  # every row and column of a heatmap is named (none thinned out)
        if trace.type == "heatmap" and trace.showscale is not False:
            labels = {v for axis in (trace.x, trace.y) for v in (axis or ()) if isinstance(v, str)}
            assert labels <= texts, sorted(labels - texts)


def test_the_measure_sees_cut_and_overlapping_text(measure_page):
    """The check can fail: a label cut at the plot's edge, two labels on each other."""
    import plotly.graph_objects as go

    fig = go.Figure(
        go.Scatter(
            x=[1, 1.02, 10], y=[1, 1, 1], mode="text", text=["A label", "A label", "cut here"]
        )
    )
    fig.update_layout(xaxis_range=[0, 10], yaxis_range=[0, 2], showlegend=False)
    svg = export.image_bytes(fig, "svg", META, width=800, height=600, scale=1)
    found = problems(text_boxes(measure_page, svg))
    assert any("cut" in f and "cut here" in f for f in found), found
    assert any(f.startswith("overlap: 'A label' and 'A label'") for f in found), found


def test_risers_and_fallers_fit_a_phone(measure_page):
    """At 390 px every change label is whole (never "+2" for +20) and none is cut."""
    from tests.support.figure_kinds import view
    from wsis_data import trends as tr
    from wsis_data.figures import trends as tf

    long = tr.counts_by_year(view()[1], "sdg")
    rf = tr.risers_fallers(long, 2015, 2025, n=5)
    fig = tf.risers_fallers_bars(rf, 2015, 2025)
    svg = export.image_bytes(fig, "svg", META, width=390, height=844, scale=1)
    measured = text_boxes(measure_page, svg)
    assert not problems(measured), problems(measured)
    shown = {b["text"] for b in measured["boxes"]}
    for change in rf["change"]:
        label = ("▲ +" if change > 0 else "▼ −") + f"{abs(change):,.0f}"
        assert label in shown or label.replace("−", "-") in shown, (label, shown)
