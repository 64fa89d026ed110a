"""Resource limits of the file readers: what a file may hold before it is refused.

Uploads are capped at ``server.maxUploadSize`` (50 MB, ``.streamlit/config.toml``), but a small
file can still expand to gigabytes: a zip bomb disguised as a workbook, a CSV whose one line holds
millions of cells, a JSON list of millions of empty objects, JSON nested thousands of levels deep.
Each limit below is checked *before* the expensive step (the zip directory before anything is
decompressed, the line length before a line is split, a count of JSON separators before parsing),
and a file over a limit gives an `IngestError` naming the file, the limit and the numbers.

Every limit is generous for real data: the largest real imports are a few thousand sessions with
about ten columns; the benchmark (``bench/bench_import.py``) imports 100,000 rows × 8 columns
(a 15 MB CSV; the same as an XLSX is 54 MB of sheet XML compressed 13:1). Worst-case memory of
a file inside all limits stays in the low hundreds of MB (see ``tests/test_ingest_limits.py``,
which measures the peak RSS of a reader process fed real bombs).

Python's `zipfile` never returns more bytes of a member than its declared size (a member that
inflates further fails its CRC check), and refuses overlapping members (the "overlapped entries"
zip bomb), so checking the declared sizes of the central directory bounds what is decompressed.
Nested archives inside a workbook or document are never opened by the readers; they only count
towards the sizes.
"""

from __future__ import annotations

MB = 1024 * 1024

#: A tabular file (CSV, TSV, XLSX, JSON, JSON Lines): bytes read at all (2× the upload limit).
MAX_FILE_BYTES = 100 * MB
#: Rows of a table, empty rows included (5× the 100,000-row benchmark).
MAX_ROWS = 500_000
#: Columns of a table (header cells; distinct JSON keys; XLSX cells up to the last filled one).
MAX_COLUMNS = 1_000
#: Cells of a table in all (100,000 rows × 30 columns); bounds the memory of a parsed table.
MAX_CELLS = 3_000_000
#: Characters of one physical CSV line, and of one CSV field (`csv.field_size_limit`).
MAX_LINE_CHARS = 1_000_000
#: JSON values of a file (counted as separators and brackets before parsing).
MAX_JSON_VALUES = MAX_CELLS
#: Nesting of JSON arrays and objects (a session file needs 4: list, object, list, value).
MAX_JSON_DEPTH = 32

#: Members of a zip container (XLSX, DOCX).
MAX_ZIP_MEMBERS = 10_000
#: Declared uncompressed bytes of all members of an XLSX (about 5× the 100,000-row workbook).
MAX_XLSX_UNZIPPED_BYTES = 256 * MB
#: Declared uncompressed bytes of all members of a DOCX (text, styles, images).
MAX_DOCX_UNZIPPED_BYTES = 128 * MB
#: Uncompressed bytes of one XML part parsed whole into memory (shared strings, styles, the
#: workbook): everything but worksheets, which are read as a stream.
MAX_XLSX_PART_BYTES = 32 * MB
#: Uncompressed bytes of one XML part of a DOCX (document.xml is parsed whole: 8 MB is a few
#: hundred pages of text).
MAX_DOCX_PART_BYTES = 8 * MB
#: Compression ratio (uncompressed / compressed) of a member larger than `RATIO_FLOOR_BYTES`
#: (real sheets compress about 13:1; deflate cannot exceed about 1032:1).
MAX_ZIP_RATIO = 100
#: Members smaller than this are not held to `MAX_ZIP_RATIO` (tiny parts compress oddly).
RATIO_FLOOR_BYTES = 1 * MB

#: Pages of a PDF submission read (a real one has 2–10).
MAX_PDF_PAGES = 200
#: Characters of an outcome submission's text (.txt, .md, .docx, .pdf); a real one has ~20,000.
MAX_SUBMISSION_CHARS = 1_000_000
#: Characters given to `csv.Sniffer` to guess the delimiter: its quote-finding regexes take
#: quadratic time on text such as ``,",",",...`` (a 90 KB line took 54 s; 8 KB takes < 1 s), and
#: 8 KB is 50 lines of a real session file.
SNIFF_CHARS = 8_192
#: Lines of a .txt file looked at to tell a submission from a table.
SNIFF_LINES = 400


def size(n: int) -> str:
    """A byte count for messages: "1.2 GB", "50 MB", "900 bytes"."""
    for unit, factor in (("GB", MB * 1024), ("MB", MB), ("KB", 1024)):
        if n >= factor:
            return f"{n / factor:,.1f} {unit}".replace(".0 ", " ")
    return f"{n:,} bytes"
