"""A report as a print-ready PDF: HTML and CSS laid out by WeasyPrint.

A4 landscape (the matrix is wide), a contents page with page numbers, each table's header row
repeated on every page, "Page N of M" and the dataset in the page margins, and, for synthetic
data, a SYNTHETIC banner on every page. Every string from the records goes in escaped.
WeasyPrint needs Debian's Pango (``make reportlibs``); fonts DejaVu and Noto CJK (Chinese titles).
"""

from __future__ import annotations

import base64

import pandas as pd

from wsis_data.errors import ExportError
from wsis_data.reports.model import SYNTHETIC_BANNER, Image, Report, Table, Text
from wsis_data.safe_text import xml_text

FONTS = '"DejaVu Sans", "Noto Sans CJK SC", "Noto Sans CJK JP", sans-serif'
_CSS = """
@page { size: A4 landscape; margin: 16mm 11mm 15mm 11mm;
  @top-left { content: %(left)s; font-size: 7pt; color: #555; width: 60%%; }
  @top-center { content: none; }
  @top-right { content: string(section); font-size: 7pt; color: #555; }
  @bottom-left { content: %(footer)s; font-size: 6.5pt; color: #555; width: 80%%; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 7pt; } }
@page :first { @top-left { content: %(first)s; } @top-right { content: none; } }
%(banner)s
html { font-family: %(fonts)s; font-size: 8.5pt; color: #111; }
.title-page { break-after: page; }
.title-page h1 { string-set: report-title content(); font-size: 22pt; margin: 18mm 0 4mm; }
.subtitle { font-size: 11pt; color: #333; }
.synthetic { border: 2px solid #b00020; color: #b00020; padding: 2mm 4mm; font-weight: bold;
  font-size: 12pt; margin: 4mm 0; }
.cite { border-left: 3px solid #1f4e79; padding: 1mm 4mm; margin-top: 6mm; background: #f4f7fb; }
.cite pre { font-size: 7pt; white-space: pre-wrap; }
.notes { font-size: 8pt; color: #333; }
nav { break-after: page; }
nav h2 { string-set: section "Contents"; }
nav ol { list-style: none; padding: 0; font-size: 10pt; }
nav li a { color: #111; text-decoration: none; }
nav li a::after { content: leader(".") target-counter(attr(href), page); }
h2 { string-set: section content(); font-size: 13pt; color: #1f4e79; margin: 0 0 2mm;
  bookmark-level: 1; }
section { margin-top: 6mm; }
section.page { break-before: page; margin-top: 0; }
table.narrow { width: 70%%; }
table.narrow td { padding: 0.15mm 0.8mm; line-height: 1.15; }
.placeholder { background: #fff3b0; padding: 2mm; border: 1px dashed #a08000; }
.note { font-size: 7.5pt; color: #333; margin: 0 0 2mm; }
.missing { color: #b00020; }
table { border-collapse: collapse; width: 100%%; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.4pt solid #999; padding: 0.6mm 0.8mm; vertical-align: top;
  overflow-wrap: anywhere; }
th { background: #1f4e79; color: #fff; font-weight: bold; font-size: 7pt; }
td { font-size: 7pt; white-space: pre-wrap; }
table.marks th.m { font-size: 6pt; padding: 0.4mm 0.2mm; text-align: center; }
table.marks td.m { text-align: center; font-size: 6.5pt; padding: 0.4mm 0.2mm; }
td.m.on { background: #dbe8f5; font-weight: bold; }
td.m.p { background: #f1f1f1; color: #666; font-weight: normal; }
img.chart { width: 100%%; max-height: 165mm; object-fit: contain; }
"""


def _e(text: object) -> str:
    """Record text as HTML element text (never markup; see `wsis_data.safe_text`)."""
    missing = text is None or (isinstance(text, float) and pd.isna(text))
    return xml_text("" if missing else str(text))


def _css_string(text: str) -> str:
    """`text` as a CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def report_html(report: Report) -> str:
    """The report as one HTML document (what WeasyPrint lays out)."""
    meta = report.citation.meta
    css = _CSS % {
        # synthetic data: the banner replaces the report's title in every page's header
        "left": _css_string(SYNTHETIC_BANNER) if report.synthetic else "string(report-title)",
        "first": _css_string(SYNTHETIC_BANNER) if report.synthetic else "none",
        "banner": "@page { @top-left { color: #b00020; font-weight: bold; font-size: 8pt; } }"
        if report.synthetic
        else "",
        "footer": _css_string(f"{meta.dataset} · generated {meta.generated_at}"),
        "fonts": FONTS,
    }
    body = [_title_page(report), _contents(report)]
    body += [_section(i, part) for i, part in enumerate(report.parts)]
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(report.title)}'
        f"</title><style>{css}</style></head><body>{''.join(body)}</body></html>"
    )


def _title_page(report: Report) -> str:
    c = report.citation
    synthetic = f'<p class="synthetic">{_e(SYNTHETIC_BANNER)}</p>' if report.synthetic else ""
    notes = "".join(f"<p>{_e(n)}</p>" for n in report.notes)
    return (
        f'<div class="title-page"><h1>{_e(report.title)}</h1>'
        f'<p class="subtitle">{_e(report.subtitle)}</p>{synthetic}'
        f'<div class="cite"><p><b>Cite this report</b></p><p>{_e(c.text())}</p>'
        f"<pre>{_e(c.bibtex())}</pre></div>"
        f'<div class="notes">{notes}</div></div>'
    )


def _contents(report: Report) -> str:
    items = "".join(
        f'<li><a href="#part-{i}">{_e(p.title)}</a></li>' for i, p in enumerate(report.parts)
    )
    return f"<nav><h2>Contents</h2><ol>{items}</ol></nav>"


def _section(i: int, part: Text | Table | Image) -> str:
    page = isinstance(part, Image) or (isinstance(part, Table) and part.wide) or i == 0
    cls = ' class="page"' if page else ""
    head = f'<section id="part-{i}"{cls}><h2>{_e(part.title)}</h2>'
    if isinstance(part, Text):
        cls = ' class="placeholder"' if part.placeholder else ""
        body = "".join(f"<p{cls}>{_e(p)}</p>" for p in part.paragraphs)
    elif isinstance(part, Image):
        body = _image(part)
    else:
        body = (f'<p class="note">{_e(part.note)}</p>' if part.note else "") + _table(part)
    return f"{head}{body}</section>"


def _image(part: Image) -> str:
    note = f'<p class="note">{_e(part.note)}</p>' if part.note else ""
    # The PNG (2400 px wide, about 220 dpi across the page): WeasyPrint's own SVG renderer
    # misplaces Plotly's text (labels over the legend, glyphs clipped), so the SVG is not used.
    if part.png:
        data = base64.b64encode(part.png).decode()
        src = f"data:image/png;base64,{data}"
        return f'{note}<img class="chart" src="{src}">'
    return f'{note}<p class="missing">{_e(part.missing)}</p>'


def _table(table: Table) -> str:
    frame = table.frame
    widths = table.widths or (1.0,) * frame.shape[1]
    total = sum(widths)
    first = table.mark_from if table.marks else frame.shape[1]
    cols = "".join(f'<col style="width:{100 * w / total:.2f}%">' for w in widths)
    head = _head(list(map(str, frame.columns)), first)
    rows = []
    for values in frame.itertuples(index=False, name=None):
        cells = [f"<td>{_e(v)}</td>" for v in values[:first]]
        cells += _mark_cells(values[first:])
        rows.append(f"<tr>{''.join(cells)}</tr>")
    cls = ' class="marks"' if table.marks else (' class="narrow"' if not table.wide else "")
    if table.marks:
        cls += f' style="{_column_rules(widths, first)}"'
    return (
        f"<table{cls}><colgroup>{cols}</colgroup><thead>{head}</thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _mark_cells(marks: tuple[str, ...]) -> list[str]:
    """The mark cells of a row: shaded when marked, grey when the link is projected only.

    A run of empty cells is one cell spanning them (a third of the cells: a 300-session matrix
    lays out in about 2/3 of the time); the table's background draws the column rules it hides.
    """
    cells, empty = [], 0
    for v in (*marks, None):
        if v == "":
            empty += 1
            continue
        if empty:
            cells.append(
                f'<td class="m" colspan="{empty}"></td>' if empty > 1 else '<td class="m"></td>'
            )
            empty = 0
        if v is not None:
            cls = "m p" if set(v) == {"P"} else "m on"
            cells.append(f'<td class="{cls}">{_e(v)}</td>')
    return cells


def _column_rules(widths: tuple[float, ...], first: int) -> str:
    """A background drawing a thin rule at each mark column's edge (an SVG stretched over the
    table's width, so its x positions are the columns' own percentages)."""
    total = sum(widths)
    edges, x = [], 0.0
    for j, w in enumerate(widths):
        x += 100 * w / total
        if j >= first - 1:
            edges.append(x)
    lines = "".join(
        f'<line x1="{e:.3f}" x2="{e:.3f}" y1="0" y2="10" stroke="#999" stroke-width="0.08"/>'
        for e in edges
    )
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 10" '
        f'preserveAspectRatio="none">{lines}</svg>'
    )
    data = base64.b64encode(svg.encode()).decode()
    return (
        f"background-image: url('data:image/svg+xml;base64,{data}'); "
        "background-size: 100% 10mm; background-repeat: repeat-y; background-clip: padding-box;"
    )


def _head(columns: list[str], first: int) -> str:
    """The header rows: for a mark table, a row of groups (Session, Action Lines, SDGs) above."""
    if first >= len(columns):
        return "<tr>" + "".join(f"<th>{_e(c)}</th>" for c in columns) + "</tr>"
    goals = [c for c in columns[first:] if c.startswith("SDG ")]
    n_al = len(columns) - first - len(goals)
    groups = (
        f'<th colspan="{first}"></th><th class="m" colspan="{n_al}">WSIS Action Lines</th>'
        f'<th class="m" colspan="{len(goals)}">SDGs</th>'
    )
    labels = "".join(f"<th>{_e(c)}</th>" for c in columns[:first])
    labels += "".join(f'<th class="m">{_e(c.removeprefix("SDG "))}</th>' for c in columns[first:])
    return f"<tr>{groups}</tr><tr>{labels}</tr>"


def pdf_bytes(report: Report) -> bytes:
    """The report as PDF bytes."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: Debian's Pango is missing
        raise ExportError(
            "PDF reports need WeasyPrint and Debian's Pango (make reportlibs, or apt-get install "
            f"libpango-1.0-0 libpangoft2-1.0-0); DOCX and XLSX still work ({exc})"
        ) from exc
    return HTML(string=report_html(report)).write_pdf()


def page_images(pdf: bytes, *, pages: int = 2, scale: float = 1.0) -> list[bytes]:
    """PNG images of the first `pages` pages of a PDF (pypdfium2), for a preview."""
    import io

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        out = []
        for i in range(min(pages, len(document))):
            image = document[i].render(scale=scale).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            out.append(buffer.getvalue())
        return out
    finally:
        document.close()
