"""Import: upload session files and outcome submissions, check them, store them, roll back."""

import streamlit as st

from pages import _cache
from pages._downloads import download_panel
from pages._runtime import require_router
from wsis_data.errors import WsisError
from wsis_data.export import ExportMeta
from wsis_data.ingest import importer
from wsis_data.ingest.columns import FIELDS, examples, mapping_frame, mapping_from_frame
from wsis_data.ingest.readers import TABLE_SUFFIXES, xlsx_sheets
from wsis_data.ingest.store import default_url
from wsis_data.ingest.submissions import SUBMISSION_SUFFIXES
from wsis_data.safe_text import literal

require_router()

DUPLICATES = {"skip": "Skip (keep the stored record)", "replace": "Replace (rollback restores)"}


def show_report(report: importer.ImportReport, key: str) -> None:
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
        st.caption("Problems (row numbers as in the file); these rows are not imported:")
        st.dataframe(report.problems_frame(), hide_index=True, width="stretch")
    if report.duplicates:
        st.caption("Duplicate (year, session id):")
        st.dataframe(report.duplicates_frame(), hide_index=True, width="stretch")
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
        st.download_button(
            f"Download the {report.n_problem_rows} rows with problems (CSV, fix and re-import)",
            quarantine,
            file_name=f"{report.file_name.rsplit('.', 1)[0]}.quarantine.csv",
            mime="text/csv",
            key=f"quarantine_{key}",
            icon=":material/download:",
        )


st.title("Import your records")
try:
    store = _cache.store(default_url())
    st.caption(
        f"Store: {literal(store.safe_url)} (set WSIS\\_DB to choose another) · "
        f"{store.n_sessions():,} sessions stored"
    )
except WsisError as exc:
    st.error(literal(f"{exc} Nothing can be imported now; the sample and synthetic datasets work."))
    st.stop()

if message := st.session_state.pop("import_message", None):
    st.success(literal(message))
for i, (row, text, quarantine) in enumerate(st.session_state.get("import_results", [])):
    if i == 0:
        st.subheader("Last import")
        st.dataframe(
            [r for r, _, _ in st.session_state["import_results"]], hide_index=True, width="stretch"
        )
    with st.expander(literal(f"Report: {row['file']} — {row['result']}")):
        st.text(text)
        if quarantine:
            st.download_button(
                "Download the rows with problems (CSV)",
                quarantine,
                file_name=f"{row['file']}.quarantine.csv",
                key=f"q_last_{i}",
            )

on_duplicate = st.radio(
    "When a (year, session id) is already in the file or the store",
    list(DUPLICATES),
    format_func=DUPLICATES.get,
    horizontal=True,
    key="import_dup",
)
uploads = st.file_uploader(
    "Session files (CSV, TSV, XLSX, JSON, JSON Lines) or outcome submissions "
    "(.txt, .md, .docx, .pdf in ITU's template)",
    type=sorted({s.lstrip(".") for s in (*TABLE_SUFFIXES, *SUBMISSION_SUFFIXES)}),
    accept_multiple_files=True,
    key="import_files",
    help=(
        f"At most {st.get_option('server.maxUploadSize')} MB per file (server.maxUploadSize "
        "in .streamlit/config.toml); a larger file is refused before it is sent. Split a larger "
        "table into several files, or import it with `python -m wsis_data import`."
    ),
)


plans = []
try:
    store_state = (store.n_sessions(), len(store.batches())) if uploads else ()
except WsisError as exc:
    st.error(literal(exc))
    st.stop()
for n, upload in enumerate(uploads or []):
    data = upload.getvalue()
    with st.expander(literal(upload.name), expanded=len(uploads) == 1):
        try:
            if importer.is_submission(data, upload.name):
                st.text("Outcome submission: read from the template when imported.")
                plans.append((upload.name, data, None, None))
                continue
            sheet = None
            if upload.name.lower().endswith((".xlsx", ".xlsm")):
                sheet = st.selectbox("Sheet", xlsx_sheets(data, upload.name), key=f"sheet_{n}")
            table, proposed = _cache.table_preview(data, upload.name, sheet)
            st.caption(
                f"Read as {literal(table.describe)}. Correct the proposed mapping if needed:"
            )
            edited = st.data_editor(
                mapping_frame(proposed, examples(table.headers, table.rows)),
                column_config={
                    "field": st.column_config.SelectboxColumn(
                        "field", options=["", *FIELDS], help="'' = ignore this column"
                    )
                },
                disabled=["column", "example"],
                hide_index=True,
                key=f"mapping_{n}_{upload.name}",
            )
            mapping = mapping_from_frame(edited)
            report = _cache.table_report(data, upload.name, sheet, tuple(mapping.items()),
                                          on_duplicate, store.url, store_state)  # fmt: skip
            show_report(report, key=str(n))
            plans.append((upload.name, data, mapping, sheet))
        except WsisError as exc:
            st.error(literal(exc))

if plans and st.button(f"Import {len(plans)} file(s)", type="primary", icon=":material/upload:"):
    progress = st.progress(0.0, text="Importing…")
    results = []
    for i, (name, data, mapping, sheet) in enumerate(plans, start=1):
        report = importer.import_file(  # errors come back in the report, never raised
            data, name, store, on_duplicate=on_duplicate, mapping=mapping, sheet=sheet
        )
        results.append((report.summary_row(), report.text(), report.quarantine_csv()))
        progress.progress(i / len(plans), text=f"{i}/{len(plans)} · {literal(name)}")
    _cache.forget_all()
    st.session_state["import_results"] = results
    st.rerun()

st.subheader("Imports (batches)")
try:
    batches = importer.batch_table(store)
except WsisError as exc:
    st.error(literal(exc))
    st.stop()
if batches.empty:
    st.info("Nothing imported yet. Imported records appear as 'Imported records (store)' in the "
            "dataset switcher.")  # fmt: skip
else:
    st.dataframe(batches, hide_index=True, width="stretch")
    download_panel(
        None,
        {"batches": batches},
        ExportMeta(title="Import batches", dataset=store.safe_url, filters="none", provenances=""),
        key_prefix="import-batches",
        stem="import-batches",
    )
    active = [
        int(b) for b, s in zip(batches["batch"], batches["status"], strict=True) if s == "active"
    ]
    if active:
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        chosen = left.selectbox("Batch to roll back", active, key="rollback_batch")
        if right.button("Roll back", icon=":material/undo:", key="rollback"):
            try:
                removed = store.rollback(chosen)
                st.session_state["import_message"] = (
                    f"Batch {chosen} rolled back: {removed} session(s) removed; records it had "
                    "replaced are back."
                )
            except WsisError as exc:
                st.error(literal(exc))
            else:
                _cache.forget_all()
                st.rerun()

try:
    submissions = store.submissions()
except WsisError as exc:
    st.error(literal(exc))
    submissions = []
if submissions:
    st.subheader("Stored outcome submissions")
    if needle := st.text_input("Search their text", key="submission_search"):
        found = store.search_sections(needle)
        st.dataframe(found, hide_index=True, width="stretch")
        meta = ExportMeta(
            title=f"Submission sections containing {needle!r}", dataset=store.safe_url,
            filters="none", provenances="",
        )  # fmt: skip
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
        st.dataframe(suggested, hide_index=True, width="stretch")
        meta = ExportMeta(
            title=f"Suggested SDGs for {year} · {sid} (keyword method, not declared)",
            dataset=store.safe_url, filters="none", provenances="suggested",
        )  # fmt: skip
        download_panel(
            None, {"suggestions": suggested}, meta, key_prefix="suggested", stem="suggested-sdgs"
        )
