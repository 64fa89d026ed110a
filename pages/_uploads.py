"""The Import page's parts: how a file is read (sheet, header row, JSON keys), its column mapping
with one-click fixes for warned columns, its check report, the last import, stored submissions.

Record text (file names, values, headings) is shown with `literal` or `st.text`, never as
Markdown.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages import _cache
from pages._downloads import download_panel, offer_files
from pages._sidebar import DATASET_KEY
from pages._tables import show_table
from wsis_data.export import Download, ExportMeta
from wsis_data.headings import reader_heading
from wsis_data.ingest.columns import FIELDS, examples, mapping_frame, mapping_from_frame
from wsis_data.ingest.importer import ImportReport, ReadOptions, apply_overrides
from wsis_data.ingest.readers import xlsx_sheets
from wsis_data.ingest.submission_check import preview_rows
from wsis_data.ingest.validation import YEAR_RANGE
from wsis_data.safe_text import literal
from wsis_data.words import counted


def read_options(data: bytes, name: str, n: int):
    """Widgets for how to read an upload; returns (options, table, proposed mapping)."""
    sheet = None
    if name.lower().endswith((".xlsx", ".xlsm")):
        sheet = st.selectbox("Sheet", xlsx_sheets(data, name), key=f"sheet_{n}")
    found, proposed = _cache.table_preview(data, name, ReadOptions(sheet=sheet))
    header_row, json_keys = None, []
    if found.header_row is not None:
        chosen = st.number_input(
            "Header row", min_value=1, value=found.header_row, step=1, key=f"header_{n}_{sheet}",
            help=f"Found: row {found.header_row}, the first that reads as headers. Rows above "
            "it are not records.",
        )  # fmt: skip
        header_row = int(chosen) if int(chosen) != found.header_row else None
    for column, (used, seen) in found.json_keys.items():
        keys = list(dict.fromkeys([used or "", *seen]))
        key = st.selectbox(f"Value of the objects in {literal(column)}", keys,
                           key=f"jsonkey_{n}_{column}")  # fmt: skip
        if key and key != used:
            json_keys.append((column, key))
    options = ReadOptions(sheet=sheet, header_row=header_row, json_keys=tuple(json_keys))
    if options == ReadOptions(sheet=sheet):
        return options, found, proposed
    table, proposed = _cache.table_preview(data, name, options)
    return options, table, proposed


def _map_column(n: int, column: str, field: str) -> None:
    """One-click mapping: `column` → `field` for upload `n` (the editor starts afresh)."""
    st.session_state.setdefault(f"overrides_{n}", {})[column] = field
    st.session_state[f"mapping_version_{n}"] = st.session_state.get(f"mapping_version_{n}", 0) + 1


def mapping_editor(table, proposed: dict, options: ReadOptions, n: int) -> dict:
    """The proposed mapping (with the one-click fixes) as an editable table; the edited mapping."""
    overrides = {
        c: f for c, f in st.session_state.get(f"overrides_{n}", {}).items() if c in table.headers
    }
    base = apply_overrides(proposed, overrides, table.headers)
    version = st.session_state.get(f"mapping_version_{n}", 0)
    edited = st.data_editor(
        mapping_frame(base, examples(table.headers, table.rows)),
        column_config={"field": st.column_config.SelectboxColumn(
            "field", options=["", *FIELDS], help="'' = ignore this column")},
        disabled=["column", "example"], hide_index=True,
        key=f"mapping_{n}_{table.name}_{hash(options)}_{version}",
    )  # fmt: skip
    return mapping_from_frame(edited)


def show_warnings(report: ImportReport, n: int, where) -> None:
    """Each ignored column that looks like one of ours, with a button that maps it."""
    for i, warning in enumerate(report.warnings):
        where.warning(literal(warning.text), icon=":material/warning:")
        where.button(
            f"Map {literal(warning.column)} to {warning.field}", key=f"map_{n}_{i}",
            on_click=_map_column, args=(n, warning.column, warning.field),
        )  # fmt: skip


def show_report(report: ImportReport, key: str) -> None:
    """Counts, notes, every problem and duplicate, and the quarantine download."""
    if report.error:
        st.error(literal(report.error))
        return
    cols = st.columns(4)
    cols[0].metric("Rows read", report.n_read)
    cols[1].metric("Valid", report.n_valid)
    cols[2].metric("With problems", report.n_problem_rows)
    cols[3].metric("Empty rows", len(report.empty_rows))
    for note in report.notes:
        st.text(note)
    if report.problems:
        st.caption("Problems (rows as your spreadsheet numbers them; the CSV line where it "
                   "differs); these rows are not imported:")  # fmt: skip
        show_table(report.problems_frame())
    if report.duplicates:
        st.caption("Duplicate (year, session id):")
        show_table(report.duplicates_frame())
    frames = {
        **({"problems": report.problems_frame()} if report.problems else {}),
        **({"duplicates": report.duplicates_frame()} if report.duplicates else {}),
    }
    if frames:
        meta = ExportMeta(
            title=f"Import check of {report.file_name}", dataset=report.file_name,
            filters="none", provenances="",
        )  # fmt: skip
        stem = f"import-report-{int(key) + 1}"  # one per upload (download keys come from stems)
        download_panel(None, frames, meta, key_prefix=f"report-{key}", stem=stem)
    quarantine = report.quarantine_csv()
    if quarantine:
        rows = counted(report.n_problem_rows, "row")
        label = f"Download the {rows} with problems (CSV, fix and re-import)"
        name = f"{report.file_name.rsplit('.', 1)[0]}.quarantine.csv"
        offer_files([_quarantine(label, quarantine, name, f"quarantine_{key}")], stacked=True)


def submission_preview(data: bytes, name: str, n: int, on_duplicate: str, url: str,
                       store_state: tuple) -> dict | None:  # fmt: skip
    """What an outcome submission will store, before storing, with the year and session id
    editable; the values entered (None: not entered), or None when the year is missing."""
    read_year = _cache.submission_year(data, name)
    left, right = st.columns(2)
    year = left.number_input(
        "Year", min_value=YEAR_RANGE[0], max_value=YEAR_RANGE[1], value=read_year, step=1,
        key=f"sub_year_{n}", placeholder="the document names none: enter it",
        help=f"Read from the document ('WSIS Forum {read_year}')." if read_year else
        "The document names no Forum year ('WSIS Forum 20xx'): enter it.",
    )  # fmt: skip
    session_id = right.text_input(
        "Session id", key=f"sub_id_{n}", placeholder="derived from the year and title",
        help="The template has no session id: one is derived from the year and title "
        "('OD2018-…'). Enter ITU's id if you know it.",
    )  # fmt: skip
    entered = {"year": None if year is None or int(year) == read_year else int(year),
               "session_id": session_id.strip() or None}  # fmt: skip
    if year is None:  # read with a stand-in year: the preview says the year is missing
        st.warning("The document names no Forum year: enter the year to import it.")
        report = _cache.submission_report(data, name, on_duplicate, url, (), YEAR_RANGE[0], None)
    else:
        report = _cache.submission_report(data, name, on_duplicate, url, store_state, **entered)
    st.caption("What will be stored (nothing is stored until you press Import):")
    rows = preview_rows(report, has_year=year is not None)
    rows = pd.DataFrame(rows).map(literal)  # record text: Markdown-escaped
    st.table(rows.rename(columns=reader_heading), hide_index=True)
    for caption, frame in (("Problems:", report.problems_frame()),
                           ("Already in the store:", report.duplicates_frame())):  # fmt: skip
        if not frame.empty and (year is not None or caption == "Problems:"):
            st.caption(caption)
            show_table(frame)
    sections = pd.DataFrame(report.submission.sections, columns=["section", "text"])
    st.caption("Each section's text (kept in the store, searchable):")
    show_table(sections)
    return entered if year is not None else None


def imported(results: list) -> None:
    """Remember an Import click's results; the next run confirms them with an empty uploader."""
    st.session_state["import_results"] = results
    st.session_state["import_confirmed"] = [r[3] for r in results if r[3]]
    st.session_state["import_round"] = st.session_state.get("import_round", 0) + 1


def show_confirmation() -> None:
    """What the last import stored, as which batch, and the way to view it (shown once).

    Not st.switch_page: it clears the URL, which the sidebar's bound widgets forbid. The button
    switches the dataset; the link then opens the heatmap with it.
    """
    lines = st.session_state.pop("import_confirmed", None)
    if not lines:
        return
    st.success(literal("\n\n".join(lines)), icon=":material/check_circle:")
    if st.session_state.get(DATASET_KEY) == "store":
        st.page_link(
            "pages/heatmap.py", label="View them on the heatmap", icon=":material/grid_on:"
        )
    else:
        st.button("Switch to the imported records", icon=":material/database:",
                  on_click=_view_store, args=(lines,))  # fmt: skip


def _view_store(lines: list[str]) -> None:
    st.session_state.update({DATASET_KEY: "store", "import_confirmed": lines})


def preselect_newest(active: dict[int, str]) -> None:
    """Preselect the newest active batch in "Batch to roll back" whenever a newer one appears
    (or the chosen one is gone); set before the select box is drawn, so the browser shows it."""
    newest = next(iter(active))
    chosen = st.session_state.get("rollback_batch")
    if st.session_state.get("_rollback_newest") != newest or chosen not in active:
        st.session_state["rollback_batch"] = newest
    st.session_state["_rollback_newest"] = newest


def show_last_import() -> None:
    """The result of the last Import click: a table, then each file's report."""
    results = st.session_state.get("import_results", [])
    if results:
        st.subheader("Last import")
        show_table([r[0] for r in results])
    for i, (row, text, quarantine, _) in enumerate(results):
        with st.expander(literal(f"Report: {row['file']} — {row['result']}")):
            st.text(text)
            if quarantine:
                label, name = (
                    "Download the rows with problems (CSV)",
                    f"{row['file']}.quarantine.csv",
                )
                offer_files([_quarantine(label, quarantine, name, f"q_last_{i}")], stacked=True)


def _quarantine(label: str, data: bytes, name: str, key: str) -> Download:
    """The rows with problems of an upload, as a file to fix and import again."""
    return Download(label, "quarantine", "csv", lambda: data, name=name, widget_key=key)


def show_submissions(store, submissions: list) -> None:
    """Search the stored submissions' text; one submission's sections and suggested SDGs."""
    st.subheader("Stored outcome submissions")
    if needle := st.text_input("Search their text", key="submission_search"):
        found = store.search_sections(needle)
        show_table(found)
        meta = ExportMeta(title=f"Submission sections containing {needle!r}",
                          dataset=store.label, filters="none", provenances="")  # fmt: skip
        download_panel(None, {"sections": found}, meta, key_prefix="sections", stem="sections")
    year, sid, _ = st.selectbox(
        "Submission", submissions, format_func=lambda s: f"{s[0]} · {s[2]}", key="submission"
    )
    for heading, body in store.sections_of(year, sid):
        with st.expander(literal(heading)):
            st.text(body)
    suggested = store.suggestions_of(year, sid)
    if not suggested.empty:
        st.caption("Suggested SDGs (keyword method; not declared, counted only when chosen):")
        show_table(suggested)
        meta = ExportMeta(
            title=f"Suggested SDGs for {year} · {sid} (keyword method, not declared)",
            dataset=store.label, filters="none", provenances="suggested",
        )  # fmt: skip
        download_panel(
            None, {"suggestions": suggested}, meta, key_prefix="suggested", stem="suggested-sdgs"
        )
