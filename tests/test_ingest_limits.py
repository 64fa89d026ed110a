"""Resource bombs are refused with a message, in bounded memory (`wsis_data.ingest.limits`).

The bombs are real files built here, streamed to disk so the test itself stays small: an XLSX
whose shared-strings part inflates to 1 GB from a few MB, a DOCX whose document.xml does the
same, a CSV with one 40 MB line of short cells, a JSON list of 40 MB of empty objects, a PDF
whose page inflates to 1 GB. Each is imported by `import_file` in a child process that reports
its peak resident memory (VmHWM) above its baseline after imports; the child runs under an
address-space cap so a regression fails the test instead of exhausting the machine.

Run a bomb without the limits (to see what they prevent):
``python -m tests.test_ingest_limits --unprotected FILE NAME``.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.support.documents import docx_bytes, pdf_file
from wsis_data.errors import IngestError
from wsis_data.ingest import limits
from wsis_data.ingest.importer import import_file
from wsis_data.ingest.readers import check_zip, read_table
from wsis_data.ingest.submissions import document_text

MB = 1024 * 1024
#: Peak resident memory a reader may add above the interpreter's baseline, for any bomb.
RSS_BOUND_MB = 300
#: Address space the child may add: a regression fails with MemoryError, the machine is safe.
CHILD_AS_HEADROOM = 3 * 1024 * MB

CHILD = r"""
import json, resource, sys
import docx, openpyxl, pypdf  # imported before the baseline
from wsis_data.ingest import importer, limits, readers


def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(key)


path, name, headroom, unprotected = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
if unprotected == "1":
    for key in dir(limits):
        if key.startswith("MAX_"):
            setattr(limits, key, 10**15)
    readers.check_zip = lambda *args: None
resource.setrlimit(resource.RLIMIT_AS, (status("VmSize") + headroom,) * 2)
base = status("VmHWM")
with open(path, "rb") as f:
    data = f.read()
report = importer.import_file(data, name, None)
print(json.dumps({"base": base, "peak": status("VmHWM"), "error": report.error,
                  "n_read": report.n_read}))
"""


def run_child(path: Path, name: str, *, unprotected: bool = False) -> dict:
    """Import `path` as `name` in a child process: its report and peak RSS growth in MB."""
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), name, str(CHILD_AS_HEADROOM),
         "1" if unprotected else "0"],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["growth_mb"] = (out["peak"] - out["base"]) / MB
    return out


def _stream(path: Path, members: dict[str, tuple[bytes, bytes, int, bytes]]) -> Path:
    """A zip whose members are head + chunk × n + tail, written and compressed in a stream."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for member, (head, chunk, n, tail) in members.items():
            with archive.open(member, "w", force_zip64=True) as f:
                f.write(head)
                for _ in range(n):
                    f.write(chunk)
                f.write(tail)
    return path


def _small_xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Session ID", "Title", "Year"])
    book.active.append([1, "Village broadband", 2022])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _with_member(data: bytes, member: str, chunks: tuple[bytes, bytes, int, bytes], path: Path):
    """A copy of the zip `data` with `member` replaced by a streamed (bomb) member."""
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out,
    ):
        for info in src.infolist():
            if info.filename != member:
                out.writestr(info.filename, src.read(info.filename))
        head, chunk, n, tail = chunks
        with out.open(member, "w", force_zip64=True) as f:
            f.write(head)
            for _ in range(n):
                f.write(chunk)
            f.write(tail)
    return path


GB_OF = 1024  # chunks of ~1 MB


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> Path:
    """The bomb files (built once for the module)."""
    return tmp_path_factory.mktemp("bombs")


def _assert_bounded(result: dict, name: str, needle: str) -> None:
    print(f"{name}: peak RSS +{result['growth_mb']:.1f} MB; {result['error']}")  # -s shows it
    assert result["error"] is not None, result
    assert result["error"].startswith(f"{name}:"), result["error"]
    assert needle in result["error"], result["error"]
    assert result["growth_mb"] < RSS_BOUND_MB, result


def test_xlsx_sheet_bomb_is_refused_in_bounded_memory(bombs):
    data = _small_xlsx()
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        sheet = src.read("xl/worksheets/sheet1.xml")
    head, _, tail = sheet.partition(b"</sheetData>")
    row = b'<row><c t="inlineStr"><is><t>Village broadband</t></is></c><c><v>2022</v></c></row>'
    chunk = row * (MB // len(row))
    member = (head, chunk, GB_OF, b"</sheetData>" + tail)
    path = _with_member(data, "xl/worksheets/sheet1.xml", member, bombs / "bomb.xlsx")
    assert path.stat().st_size < 10 * MB
    result = run_child(path, "bomb.xlsx")
    _assert_bounded(result, "bomb.xlsx", "would expand to 1,024 MB")
    assert "limit is 256 MB" in result["error"]


def test_docx_document_bomb_is_refused_in_bounded_memory(bombs):
    body = docx_bytes([("Title of your session", True), ("Village broadband", False)])
    head = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body>"
    )
    chunk = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 29959  # ~1 MB
    path = _with_member(body, "word/document.xml", (head, chunk, GB_OF, b"</w:body></w:document>"),
                        bombs / "bomb.docx")  # fmt: skip
    result = run_child(path, "bomb.docx")
    _assert_bounded(result, "bomb.docx", "would expand to 995.5 MB")


def test_csv_with_a_40_mb_line_is_refused_in_bounded_memory(bombs):
    path = bombs / "line.csv"
    with path.open("wb") as f:
        f.write(b"Session ID,Title,Year\n1,Village broadband,2022\n")
        cells = b",".join(b"x%06d" % i for i in range(100_000)) + b","
        for _ in range(50):  # 50 × 800 KB: one 40 MB line of 5 million short cells
            f.write(cells)
        f.write(b"\n")
    result = run_child(path, "line.csv")
    _assert_bounded(result, "line.csv", "line 3 has 40,000,001 characters; the limit is 1,000,000")


def test_json_of_millions_of_objects_is_refused_in_bounded_memory(bombs):
    path = bombs / "objects.json"
    with path.open("wb") as f:
        f.write(b"[")
        for _ in range(40):
            f.write(b"{}," * 349_525)  # ~1 MB
        f.write(b"{}]")
    result = run_child(path, "objects.json")
    _assert_bounded(result, "objects.json", "JSON values")


def test_pdf_whose_page_inflates_to_1_gb_is_refused_in_bounded_memory(bombs):
    compressor = zlib.compressobj(1)
    chunk = b"(x) Tj\n" * 149_796  # ~1 MB of text-drawing operators
    stream = compressor.compress(b"BT /F1 11 Tf 50 780 Td\n")
    stream += b"".join(compressor.compress(chunk) for _ in range(GB_OF))
    stream += compressor.compress(b"ET") + compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    path = bombs / "bomb.pdf"
    path.write_bytes(pdf_file(objects))
    result = run_child(path, "bomb.pdf")
    _assert_bounded(result, "bomb.pdf", "not a readable PDF")


def test_xlsx_declaring_a_huge_dimension_reads_only_its_cells(tmp_path):
    """20,000 two-cell rows that claim A1:XFD20001 must not be padded to 16,384 cells each.

    Read as declared, the rows hold 327 million cells (2.6 GB of references).
    """
    data = _small_xlsx()
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        sheet = src.read("xl/worksheets/sheet1.xml")
    head, _, tail = sheet.partition(b"<sheetData>")
    tail = tail.partition(b"</sheetData>")[2]
    assert b'<dimension ref="A1:C2"/>' in head
    head = head.replace(b'<dimension ref="A1:C2"/>', b'<dimension ref="A1:XFD20001"/>')
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Session %d</t></is></c>'
        b'<c r="B%d"><v>2022</v></c></row>' % (i, i, i, i)
        for i in range(2, 20_002)
    )
    header = (
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>Title</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>Year</t></is></c></row>'
    )
    member = (head + b"<sheetData>" + header, rows, 1, b"</sheetData>" + tail)
    path = _with_member(data, "xl/worksheets/sheet1.xml", member, tmp_path / "dimension.xlsx")
    result = run_child(path, "dimension.xlsx")
    assert result["error"] is None and result["n_read"] == 20_000, result
    assert result["growth_mb"] < RSS_BOUND_MB, result


# The rules one by one, in process (small files; the limits lowered where needed).


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


def test_zip_ratio_over_the_limit_is_refused():
    data = _zip({"xl/worksheets/sheet1.xml": b"<row/>" * (20 * MB // 6)})
    with pytest.raises(IngestError, match=r"b\.xlsx: the part 'xl/worksheets/sheet1\.xml' "
                       r"expands [\d,]+ times .*the limit is 100 times"):  # fmt: skip
        check_zip(data, "b.xlsx", "xlsx")


def test_zip_members_and_parsed_parts_are_limited(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ZIP_MEMBERS", 50)
    with pytest.raises(IngestError, match=r"holds 60 files; the limit is 50"):
        check_zip(_zip({f"m{i}.xml": b"x" for i in range(60)}), "m.xlsx", "xlsx")
    monkeypatch.setattr(limits, "MAX_XLSX_PART_BYTES", 1000)
    with pytest.raises(
        IngestError, match=r"'xl/sharedStrings.xml' would expand to 2 KB; the limit is 1,000 bytes"
    ):
        check_zip(_zip({"xl/sharedStrings.xml": b"y" * 2000}), "s.xlsx", "xlsx")
    check_zip(_zip({"xl/worksheets/sheet1.xml": b"y" * 2000}), "s.xlsx", "xlsx")  # streamed


def test_overlapping_zip_entries_are_refused():
    """Two directory entries for the same compressed data (Fifield's overlapped zip bomb)."""
    data = bytearray(_zip({"a.xml": b"a" * 1000, "b.xml": b"b" * 1000}))
    end = data.rindex(b"PK\x05\x06")
    second = data.rindex(b"PK\x01\x02", 0, end)
    data[second + 42 : second + 46] = (0).to_bytes(4, "little")  # b.xml → a.xml's data
    with pytest.raises(
        IngestError, match=r"o.docx: not a readable Word.*'[ab].xml' overlaps another"
    ):
        check_zip(bytes(data), "o.docx", "docx")


def test_csv_columns_rows_and_cells_are_limited(monkeypatch):
    header = ",".join(f"c{i}" for i in range(1001)).encode()
    with pytest.raises(IngestError, match=r"wide.csv: line 1 has 1,001 cells; the limit is 1,000"):
        read_table(header + b"\n", "wide.csv")
    monkeypatch.setattr(limits, "MAX_ROWS", 100)
    with pytest.raises(IngestError, match=r"long.csv: more than 100 rows; the limit is 100"):
        read_table(b"Title,Year\n" + b"a,2020\n" * 100, "long.csv")
    monkeypatch.setattr(limits, "MAX_CELLS", 50)
    with pytest.raises(IngestError, match=r"cells.csv: more than 50 cells by line 26"):
        read_table(b"Title,Year\n" + b"a,2020\n" * 30, "cells.csv")


def test_a_100k_row_csv_is_within_the_limits():
    from bench.bench_import import make_csv

    table = read_table(make_csv(100_000), "s.csv")
    assert len(table.rows) == 100_000


def test_deeply_nested_json_is_an_ingest_error():
    with pytest.raises(IngestError, match=r"deep.json: the document: JSON nested more than 32"):
        read_table(b"[" * 100_000 + b"]" * 100_000, "deep.json")
    with pytest.raises(IngestError, match=r"deep.json: the document: JSON nested more than 32"):
        read_table(b"[" * 40 + b"]" * 40, "deep.json")
    assert read_table(b'[{"a": [[[[[[1]]]]]]}]', "ok.json").rows == [[[[[[[[1]]]]]]]]
    with pytest.raises(IngestError, match=r"deep.jsonl: line 2: JSON nested more than 32"):
        read_table(b'{"a": 1}\n' + b"[" * 5000 + b"]" * 5000 + b"\n", "deep.jsonl")


def test_json_keys_are_limited():
    record = json.dumps({f"k{i}": i for i in range(1001)}).encode()
    with pytest.raises(IngestError, match=r"keys.json: more than 1,000 different keys by record 1"):
        read_table(b"[" + record + b"]", "keys.json")


def test_submission_text_and_pdf_pages_are_limited(monkeypatch):
    with pytest.raises(IngestError, match=r"long.md: the text is [\d,]+ characters"):
        document_text(b"Title of your session\n" + b"word " * 250_000, "long.md")
    from tests.support.documents import pdf_bytes

    monkeypatch.setattr(limits, "MAX_PDF_PAGES", 3)
    with pytest.raises(IngestError, match=r"pages.pdf: the PDF has 4 pages; .* up to 3"):
        document_text(pdf_bytes([["a"], ["b"], ["c"], ["d"]]), "pages.pdf")
    monkeypatch.setattr(limits, "MAX_SUBMISSION_CHARS", 5)
    with pytest.raises(IngestError, match=r"text.pdf: the text is over [6-9] characters by page 2"):
        document_text(pdf_bytes([["abc"], ["def"]]), "text.pdf")


def test_the_limits_come_back_in_the_import_report():
    report = import_file(b"[" * 100 + b"]" * 100, "deep.json", None)
    assert report.error and report.error.startswith("deep.json: the document: JSON nested")


if __name__ == "__main__":  # python -m tests.test_ingest_limits [--unprotected] FILE NAME
    args = sys.argv[1:]
    flag = "1" if args[0] == "--unprotected" else "0"
    cmd = [sys.executable, "-c", CHILD, args[-2], args[-1], str(CHILD_AS_HEADROOM), flag]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    print(done.returncode, done.stdout[-2000:], done.stderr[-1500:])


def test_the_delimiter_sniffer_sees_a_bounded_sample(monkeypatch):
    """csv.Sniffer is quadratic on text such as ',",",...' (90 KB took 54 s): it gets 8 KB."""
    import csv

    seen: list[int] = []
    sniff = csv.Sniffer.sniff

    def spy(self, sample, delimiters=None):
        seen.append(len(sample))
        return sniff(self, sample, delimiters)

    monkeypatch.setattr(csv.Sniffer, "sniff", spy)
    with pytest.raises(IngestError, match=r"q\.csv: line 1 has 15,001 cells"):
        read_table(b',"' * 30_000 + b"\n", "q.csv")
    assert seen and max(seen) <= limits.SNIFF_CHARS


def test_a_workbook_without_sheets_is_an_ingest_error():
    """Found by hypothesis (a damaged workbook): `names[0]` raised IndexError."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(_small_xlsx())) as src:
        members = {i.filename: src.read(i.filename) for i in src.infolist()}
    del members["xl/worksheets/sheet1.xml"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for member, body in members.items():
            dst.writestr(member, body)
    report = import_file(out.getvalue(), "nosheet.xlsx", None)
    assert report.error and report.error.startswith("nosheet.xlsx: "), report.error


def test_the_cli_refuses_a_file_over_the_limit_before_reading_it(tmp_path):
    from wsis_data.ingest.importer import import_paths

    big = tmp_path / "big.csv"
    with big.open("wb") as f:  # sparse: nothing is written but the size
        f.truncate(limits.MAX_FILE_BYTES + 1)
    (report,) = import_paths([big], None)
    assert (
        report.error == "cannot read the file: the file is 104,857,601 bytes; the limit is "
        "104,857,600 bytes (100 MB: split it into several files)"
    )


def test_a_table_over_the_file_limit_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 20)
    for name in ("t.csv", "t.xlsx", "t.json"):
        with pytest.raises(IngestError, match=rf"{name}: the file is 21 bytes; the limit .* 20"):
            read_table(b"x" * 21, name)
