"""The export stamp written into an image file's own metadata, where readers and tools look.

`described(data, fmt, meta)` returns the file with the chart's title and its description
(`ExportMeta.description`, the chart's alt text from `wsis_data.figures.describe`; the title when
there is none): SVG ``<title>`` and ``<desc>`` as the root's first children (what a screen reader
announces for an ``<img src=...svg>``), PDF document information Title and Subject, PNG text
chunks "Title" and "Description" (tEXt when Latin-1 holds the text, else UTF-8 iTXt). Text goes
in escaped: record text (organisation names) stays text.
"""

from __future__ import annotations

import io
import re
import struct
import zlib

from wsis_data.export.meta import ExportMeta
from wsis_data.safe_text import printable, xml_text

__all__ = ["described", "png_text", "svg_text"]

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _one_line(text: str) -> str:
    return " ".join(printable(str(text)).split())


def _texts(meta: ExportMeta) -> tuple[str, str]:
    title = _one_line(meta.title)
    return title, _one_line(meta.description) or title


def described(data: bytes, fmt: str, meta: ExportMeta) -> bytes:
    """`data` (PNG, SVG or PDF bytes) with the stamp's title and description in its metadata."""
    title, description = _texts(meta)
    if fmt == "svg":
        return _svg(data, title, description)
    if fmt == "pdf":
        return _pdf(data, title, description)
    if fmt == "png":
        return _png(data, {"Title": title, "Description": description})
    return data


def _svg(data: bytes, title: str, description: str) -> bytes:
    text = data.decode("utf-8")
    match = re.search(r"<svg\b[^>]*>", text)
    if match is None:
        return data
    head = match.group(0)
    if "role=" not in head:  # an <img>-like graphic named by its <title>
        head = head[:-1] + ' role="img" aria-labelledby="wsis-title wsis-desc">'
    inner = (
        f'<title id="wsis-title">{xml_text(title)}</title>'
        f'<desc id="wsis-desc">{xml_text(description)}</desc>'
    )
    return (text[: match.start()] + head + inner + text[match.end() :]).encode("utf-8")


def _pdf(data: bytes, title: str, description: str) -> bytes:
    from pypdf import PdfReader, PdfWriter  # lazily: only PDF exports need it

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.add_metadata({"/Title": title, "/Subject": description})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png(data: bytes, texts: dict[str, str]) -> bytes:
    if not data.startswith(_PNG_SIGNATURE):
        return data
    end_of_header = len(_PNG_SIGNATURE) + 8 + struct.unpack(">I", data[8:12])[0] + 4
    chunks = b""
    for key, value in texts.items():
        try:
            chunks += _chunk(b"tEXt", key.encode("latin-1") + b"\0" + value.encode("latin-1"))
        except UnicodeEncodeError:  # iTXt: keyword, no compression, no language, UTF-8 text
            chunks += _chunk(b"iTXt", key.encode("latin-1") + b"\0\0\0\0\0" + value.encode())
    return data[:end_of_header] + chunks + data[end_of_header:]


def png_text(data: bytes) -> dict[str, str]:
    """The tEXt and iTXt chunks of a PNG as {keyword: text} (for tests and checks)."""
    out, at = {}, len(_PNG_SIGNATURE)
    while at + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        body = data[at + 8 : at + 8 + size]
        if kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            out[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"iTXt":
            key, _, rest = body.partition(b"\0")
            value = rest[2:].split(b"\0", 2)[-1]  # flag, method, language\0, translated\0
            out[key.decode("latin-1")] = value.decode("utf-8")
        at += 12 + size
    return out


def svg_text(data: bytes) -> tuple[str, str]:
    """The first ``<title>`` and ``<desc>`` of an SVG, unescaped (for tests and checks)."""
    import html

    text = data.decode("utf-8")
    found = [re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}>", text, re.S) for tag in ("title", "desc")]
    return tuple(html.unescape(m.group(1)) if m else "" for m in found)  # type: ignore[return-value]
