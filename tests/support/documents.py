"""Build small submission documents for tests: .docx with python-docx, .pdf written by hand."""

from __future__ import annotations

import io


def docx_bytes(paragraphs: list[tuple[str, bool]]) -> bytes:
    """A Word document with one paragraph per (text, bold) pair."""
    import docx

    document = docx.Document()
    for text, bold in paragraphs:
        document.add_paragraph().add_run(text).bold = bold
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf_escape(text: str) -> str:
    text = text.replace("\u2013", "-")  # the built-in font's encoding has no en dash
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_bytes(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF: each page draws its lines in Helvetica (an empty list: no text)."""
    objects: list[bytes] = []
    n_pages = len(pages)
    page_ids = [3 + 2 * i for i in range(n_pages)]
    font_id = 3 + 2 * n_pages
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    for i, lines in enumerate(pages):
        if lines:
            ops = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
            ops += [f"({_pdf_escape(line)}) Tj T*" for line in lines]
            ops.append("ET")
        else:  # a page with a drawing only, as a scanned page has no text layer
            ops = ["0.5 g", "50 50 400 600 re", "f"]
        stream = "\n".join(ops).encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {page_ids[i] + 1} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return pdf_file(objects)


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF file of these numbered objects (1 = the catalog), with its cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()
