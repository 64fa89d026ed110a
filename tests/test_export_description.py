"""Exported chart files carry the chart's description (its alt text) in their own metadata:
SVG <title>/<desc>, PDF Subject, PNG "Description", HTML <meta name="description">. Made through
the download panel's own files (`chart_files`) from the page's figure and alt text."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from tests.support.records import rec
from wsis_data import export
from wsis_data.dataset import DatasetInfo, from_records
from wsis_data.export.file_meta import described, png_text, svg_text
from wsis_data.figures import describe, heatmap
from wsis_data.filters import Filters
from wsis_data.matrix import build_matrix
from wsis_data.provenance import PROVENANCES
from wsis_data.views import apply_filters

needs_chromium = pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists(), reason="/usr/bin/chromium is absent"
)
HOSTILE = 'Org <b>&</b> "quoted" Организация – 组织'


def chart():
    """The heatmap of hand-built synthetic records and its alt text (C5 × SDG 9 largest)."""
    records = [rec(2018, "S1", ("C5",), (9,)), rec(2019, "S2", ("C5",), (9,)),
               rec(2019, "S3", ("C1",), (1,))]  # fmt: skip
    info = DatasetInfo("test", "test records", synthetic=True)
    view = apply_filters(from_records(records, info, project=False),
                         Filters(provenances=frozenset(PROVENANCES)))  # fmt: skip
    grid = build_matrix(view)
    return heatmap(grid, note=info.chart_note), describe.heatmap(grid, describe.scope_of(view))


def meta(alt: str) -> export.ExportMeta:
    return export.ExportMeta("Action Lines × SDGs", "test", "none", "file", description=alt)


@needs_chromium
def test_exported_images_carry_the_description():
    fig, alt = chart()
    assert "Largest cell: C5 × SDG 9, 2 sessions" in alt and "synthetic" in alt
    files = {f.ext: f for f in export.chart_files(fig, meta(alt), "heatmap", (900, 600, 1.0))}
    png, svg, pdf = (files[ext].make() for ext in ("png", "svg", "pdf"))
    assert png_text(png)["Description"] == alt
    assert Image.open(io.BytesIO(png)).text["Description"] == alt  # as image tools read it
    assert svg_text(svg) == ("Action Lines × SDGs", alt)
    root = ET.fromstring(svg)  # still well-formed XML
    assert root[0].tag.endswith("title") and root[1].tag.endswith("desc")
    assert PdfReader(io.BytesIO(pdf)).metadata.subject == alt
    html = files["html"].make().decode()
    assert f'<meta name="description" content="{alt}">' in html


def test_record_text_goes_in_escaped_and_comes_back_literal():
    stamp = meta(HOSTILE)
    svg = described(b'<svg xmlns="http://www.w3.org/2000/svg" width="1"><g/></svg>', "svg", stamp)
    ET.fromstring(svg)
    assert svg_text(svg)[1] == HOSTILE and b"<b>" not in svg
    image = io.BytesIO()
    Image.new("RGB", (2, 2)).save(image, "PNG")
    png = described(image.getvalue(), "png", stamp)
    Image.open(io.BytesIO(png)).verify()  # chunks with valid checksums
    assert Image.open(io.BytesIO(png)).text == {"Title": stamp.title, "Description": HOSTILE}
    plain = described(image.getvalue(), "png", meta("Latin-1 only: café"))
    assert b"tEXtDescription\x00Latin-1 only: caf\xe9" in plain
    assert dict(stamp.as_rows())["description"] == HOSTILE  # the metadata sheet says it too
