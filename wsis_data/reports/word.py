"""A report as an editable Word document (python-docx).

Portrait title page with the citation, landscape sections for the wide tables, each table's
header row repeated on every page, the introduction as a highlighted placeholder, a contents
field Word fills in on opening, and SYNTHETIC in every page header for synthetic data.

python-docx adds raster pictures only (BMP, GIF, JPEG, PNG, TIFF; python-openxml/python-docx
#651, #1391). The heatmap goes in as Word itself stores an SVG: a PNG picture whose blip also
points, through the ``asvg:svgBlip`` extension, at the SVG part. Word 2016+ and LibreOffice show
the vector; older readers show the 2400 px PNG.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from wsis_data.reports.model import SYNTHETIC_BANNER, Image, Report, Table, Text
from wsis_data.safe_text import xml_text

_SVG_EXT = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
_SVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
_FILL_ON, _FILL_PROJECTED = "DBE8F5", "F1F1F1"


def _cell_text(value: object) -> str:
    """Record text for a cell; characters XML cannot hold are dropped."""
    text = "" if value is None else str(value)
    return "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)


def docx_bytes(report: Report) -> bytes:
    """The report as DOCX bytes."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "DejaVu Sans", Pt(9)
    _page(doc.sections[0], landscape=False, report=report)
    _title_page(doc, report)
    for part in report.parts:
        wide = isinstance(part, Image) or (isinstance(part, Table) and part.wide)
        section = doc.add_section()
        _page(section, landscape=wide, report=report)
        doc.add_heading(_cell_text(part.title), level=1)
        if isinstance(part, Text):
            for text in part.paragraphs:
                run = doc.add_paragraph().add_run(_cell_text(text))
                if part.placeholder:
                    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        elif isinstance(part, Image):
            _image(doc, part, section)
        else:
            if part.note:
                doc.add_paragraph(_cell_text(part.note)).runs[0].font.size = Pt(7.5)
            _table(doc, part, section)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _page(section, *, landscape: bool, report: Report) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Mm(297), Mm(210)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(12))
    section.header.is_linked_to_previous = False
    header = section.header.paragraphs[0]
    header.text = ""
    run = header.add_run(SYNTHETIC_BANNER if report.synthetic else report.title)
    run.font.size = Pt(8 if report.synthetic else 7)
    run.font.bold = report.synthetic
    if report.synthetic:
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
    footer = section.footer.paragraphs[0]
    footer.text = ""
    footer.add_run(_cell_text(report.citation.meta.dataset) + " · page ").font.size = Pt(7)
    _field(footer, "PAGE")


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, TOC ...) that Word computes."""
    run = paragraph.add_run()
    run.font.size = Pt(7)
    for kind, text in (("begin", None), (None, code), ("separate", None), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        run._r.append(el)


def _title_page(doc, report: Report) -> None:
    doc.add_heading(_cell_text(report.title), level=0)
    doc.add_paragraph(_cell_text(report.subtitle))
    if report.synthetic:
        run = doc.add_paragraph().add_run(SYNTHETIC_BANNER)
        run.font.bold, run.font.color.rgb = True, RGBColor(0xB0, 0x00, 0x20)
    doc.add_heading("Cite this report", level=2)
    doc.add_paragraph(_cell_text(report.citation.text()))
    bib = doc.add_paragraph().add_run(_cell_text(report.citation.bibtex()))
    bib.font.name, bib.font.size = "DejaVu Sans Mono", Pt(7)
    for note in report.notes:
        doc.add_paragraph(_cell_text(note)).runs[0].font.size = Pt(8)
    doc.add_heading("Contents", level=2)
    contents = doc.add_paragraph()
    _field(contents, 'TOC \\o "1-1" \\h \\z \\u')
    contents.add_run("(Word fills in the contents when the document is opened: press F9.)")


def _usable_width(section) -> int:
    return int(section.page_width - section.left_margin - section.right_margin)


def _image(doc, part: Image, section) -> None:
    if part.note:
        doc.add_paragraph(_cell_text(part.note))
    if not part.png:
        doc.add_paragraph(_cell_text(part.missing))
        return
    width = _usable_width(section)
    height = int(section.page_height - section.top_margin - section.bottom_margin) - Mm(30)
    shape = doc.add_picture(io.BytesIO(part.png), width=min(width, int(height * 1.5)))
    if part.svg:
        _attach_svg(doc, shape, part.svg)


def _attach_svg(doc, shape, svg: bytes) -> None:
    """Point the picture's blip at an SVG part too (Word's own way of storing an SVG)."""
    document_part = doc.part
    n = sum(1 for p in document_part.package.iter_parts() if p.partname.endswith(".svg")) + 1
    svg_part = Part(
        PackURI(f"/word/media/report-image{n}.svg"), "image/svg+xml", svg, document_part.package
    )
    rid = document_part.relate_to(svg_part, RT.IMAGE)
    blip = shape._inline.xpath(".//a:blip")[0]
    ext_list = OxmlElement("a:extLst")
    ext = OxmlElement("a:ext")
    ext.set("uri", _SVG_EXT)
    svg_blip = ext.makeelement(f"{{{_SVG_NS}}}svgBlip", nsmap={"asvg": _SVG_NS})
    svg_blip.set(qn("r:embed"), rid)
    ext.append(svg_blip)
    ext_list.append(ext)
    blip.append(ext_list)


def _table(doc, table: Table, section) -> None:
    frame = table.frame
    n_cols = frame.shape[1]
    out = doc.add_table(rows=1, cols=n_cols)
    out.style = "Table Grid"
    out.autofit = False
    widths = table.widths or (1.0,) * n_cols
    total = sum(widths)
    usable = _usable_width(section)
    col_widths = [int(usable * w / total) for w in widths]
    first = table.mark_from if table.marks else n_cols
    size = Pt(6.5 if table.marks or n_cols > 4 else 8)
    header = out.rows[0]
    _repeat_header(header)
    for j, (cell, name) in enumerate(zip(header.cells, frame.columns, strict=True)):
        label = str(name).removeprefix("SDG ") if j >= first else str(name)
        _write(cell, _cell_text(label), size, bold=True)
        cell.width = col_widths[j]
    rows = "".join(
        _row_xml(values, col_widths, first, size)
        for values in frame.itertuples(index=False, name=None)
    )
    body = parse_xml(f"<w:tbl {nsdecls('w')}>{rows}</w:tbl>")
    out._tbl.extend(list(body))


def _row_xml(values: tuple, widths: list[int], first: int, size) -> str:
    """One body row as WordprocessingML (written as text: python-docx's cell API takes minutes
    for a 2,750-row matrix). Text is XML-escaped; a line break becomes <w:br/>."""
    half_points = int(size.pt * 2)
    cells = []
    for j, value in enumerate(values):
        text = _cell_text(value).replace("\r\n", "\n").replace("\r", "\n")
        mark = j >= first and bool(text)
        shade = ""
        if mark:
            fill = _FILL_PROJECTED if text == "P" else _FILL_ON
            shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
        props = f'<w:tcPr><w:tcW w:w="{widths[j] // 635}" w:type="dxa"/>{shade}</w:tcPr>'
        if text:
            lines = '</w:t><w:br/><w:t xml:space="preserve">'.join(map(xml_text, text.split("\n")))
            bold = "<w:b/>" if mark else ""
            run = (
                f'<w:r><w:rPr>{bold}<w:sz w:val="{half_points}"/></w:rPr>'
                f'<w:t xml:space="preserve">{lines}</w:t></w:r>'
            )
        else:
            run = ""
        cells.append(f"<w:tc>{props}<w:p>{run}</w:p></w:tc>")
    return f"<w:tr>{''.join(cells)}</w:tr>"


def _write(cell, text: str, size, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.font.size = size
    run.font.bold = bold


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)
