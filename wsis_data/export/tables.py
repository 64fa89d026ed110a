"""Table exports: CSV and XLSX (with a metadata sheet), formula-like text neutralised."""

from __future__ import annotations

import io
import re

import pandas as pd
from pandas.api import types as ptypes

from wsis_data.export.meta import ExportMeta
from wsis_data.safe_text import is_formula, spreadsheet_cell

__all__ = ["csv_bytes", "flat", "xlsx_bytes"]

_NOT_TEXT = (ptypes.is_numeric_dtype, ptypes.is_datetime64_any_dtype, ptypes.is_timedelta64_dtype)


def flat(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with a meaningful index (e.g. row labels) turned into its first column(s)."""
    if isinstance(frame.index, pd.RangeIndex) and frame.index.name is None:
        return frame
    return frame.reset_index()


def _safe_index(index: pd.Index) -> pd.Index:
    """Neutralise the labels and names of an index (or of the columns)."""
    out = index.map(spreadsheet_cell) if any(spreadsheet_cell(v) != v for v in index) else index
    return out.set_names([spreadsheet_cell(n) for n in index.names])


def _safe_frame(frame: pd.DataFrame, *, excel: bool = False) -> pd.DataFrame:
    """Return a copy with formula-like text neutralised; non-text columns stay untouched."""
    out = frame.copy()
    for i in range(out.shape[1]):
        col = out.iloc[:, i]
        if excel and isinstance(col.dtype, pd.DatetimeTZDtype):  # Excel has no time zones
            out.isetitem(i, col.dt.tz_convert("UTC").dt.tz_localize(None))
        elif not any(check(col.dtype) for check in _NOT_TEXT) and any(
            isinstance(v, str) and is_formula(v) for v in col
        ):
            out.isetitem(i, col.astype(object).map(spreadsheet_cell))
    out.columns = _safe_index(out.columns)
    out.index = _safe_index(out.index)
    return out


def csv_bytes(frame: pd.DataFrame, *, index: bool = False) -> bytes:
    """Return `frame` as UTF-8 CSV (no BOM, CRLF rows) with formula-like text neutralised."""
    # CRLF (RFC 4180) also makes the writer quote text holding a bare CR; with "\n" it would not
    return _safe_frame(frame).to_csv(index=index, lineterminator="\r\n").encode("utf-8")


def _sheet_name(name: str, taken: set[str]) -> str:
    """Return a valid Excel sheet name (≤ 31 characters), unique ignoring case among `taken`."""
    base = re.sub(r"[\[\]:*?/\\]", "-", str(name)).strip().strip("'")[:31] or "data"
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        candidate = base[: 31 - len(f"-{n}")] + f"-{n}"
    taken.add(candidate.lower())
    return candidate


def xlsx_bytes(
    sheets: dict[str, pd.DataFrame] | pd.DataFrame, meta: ExportMeta, *, index: bool = False
) -> bytes:
    """Return an XLSX workbook: one sheet per frame, then a 'metadata' key/value sheet."""
    frames = {"data": sheets} if isinstance(sheets, pd.DataFrame) else dict(sheets)
    taken = {"metadata"}
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in frames.items():
            sheet = _sheet_name(name, taken)
            _safe_frame(frame, excel=True).to_excel(writer, sheet_name=sheet, index=index)
        rows = [(key, spreadsheet_cell(value)) for key, value in meta.as_rows()]
        meta_frame = pd.DataFrame(rows, columns=["key", "value"])
        meta_frame.to_excel(writer, sheet_name="metadata", index=False)
    return buffer.getvalue()
