"""The figure style's theme (`figures.style.themed`): every chart kind in dark has neutral colours
for dark and legible explicit text colours, keeps its data colours (SDG colours), comes back to
light exactly, and exports light whatever theme the app shows it in."""

from __future__ import annotations

import json
import re

import pytest

from tests.support.figure_kinds import FIGURE_KINDS
from wsis_data import export
from wsis_data.export.layout import baked
from wsis_data.figures.style import NOTE_NAME, PALETTES, _canonical, _rgb, contrast, themed
from wsis_data.taxonomy import sdg

META = export.ExportMeta(
    title="A chart",
    dataset="Synthetic demo (SYNTHETIC)",
    filters="none",
    provenances="declared",
    generated_at="2026-11-29T10:00:00Z",
    synthetic=True,
)
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|\bwhite\b|\bblack\b")


def _spec(fig):
    return _same_colours(json.loads(fig.to_json()))


def _same_colours(value):
    """`value` with every colour written one way ('#555', 'white' → '#555555', '#ffffff')."""
    if isinstance(value, dict):
        return {k: _same_colours(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_same_colours(v) for v in value]
    if isinstance(value, str):
        return _COLOUR.sub(lambda m: _canonical(m.group()), value).replace(", ", ",")
    return value


def _fonts(value, font=False):
    """Every explicit text colour of a figure spec."""
    if isinstance(value, dict):
        if font and isinstance(value.get("color"), str):
            yield value["color"]
        for k, v in value.items():
            if k != "template":
                yield from _fonts(v, k.endswith("font"))
    elif isinstance(value, list):
        for v in value:
            yield from _fonts(v)


@pytest.fixture(scope="module", params=sorted(FIGURE_KINDS))
def kind(request):
    fig = FIGURE_KINDS[request.param]()
    return request.param, fig, themed(fig, "dark")


def test_dark_writes_the_dataset_note_and_text_legibly(kind):
    name, light, dark = kind
    notes = [a for a in dark.layout.annotations if a.name == NOTE_NAME]
    # the note's colour is the dark note's, or unset (then Streamlit's chart theme colours it)
    assert all(a.font.color in (None, PALETTES["dark"]["note"]) for a in notes), name
    background = _rgb(PALETTES["dark"]["background"])
    spec = json.loads(dark.to_json())
    opaque = [c for c in _fonts(spec) if _rgb(c) is not None]
    poor = [c for c in opaque if contrast(_rgb(c), background) < 4.5]
    assert not poor, f"{name}: text colours that do not read on dark: {poor}"
    assert light.layout.meta is None or "theme" not in light.layout.meta  # the cached one as built


def test_light_again_is_the_figure_as_built(kind):
    name, light, dark = kind
    assert themed(light, "light") is light
    back = themed(dark, "light")
    assert _spec(back) == _spec(light), name


def test_an_export_of_the_dark_figure_is_the_light_export(kind):
    name, light, dark = kind
    for width, height in ((1200, 800), (None, None)):
        ours = _spec(baked(dark, META, width, height))
        assert ours == _spec(baked(light, META, width, height)), name


def test_sdg_colours_stay_the_same_in_dark():
    light = FIGURE_KINDS["heatmap"]()
    dark = themed(light, "dark")
    bars = [t for t in dark.data if t.type == "bar" and t.marker.color is not None]
    colours = {c.lower() for t in bars for c in t.marker.color if isinstance(c, str)}
    assert {sdg(g).colour.lower() for g in range(1, 18)} <= colours
    assert dark.layout.plot_bgcolor == PALETTES["dark"]["background"]
    assert themed(dark, None).layout.plot_bgcolor in ("#ffffff", "white")  # unknown: light
