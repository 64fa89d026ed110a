"""Import: upload session files and outcome submissions, check them, store them, roll back."""

import streamlit as st

from pages import _auth, _cache
from pages import _uploads as parts
from pages._downloads import download_panel
from pages._runtime import require_router
from wsis_data.errors import WsisError
from wsis_data.export import ExportMeta
from wsis_data.ingest import importer
from wsis_data.ingest.readers import TABLE_SUFFIXES
from wsis_data.ingest.report import batch_labels
from wsis_data.ingest.store import default_url
from wsis_data.ingest.submissions import SUBMISSION_SUFFIXES
from wsis_data.safe_text import literal
from wsis_data.words import counted

require_router()

DUPLICATES = {"skip": "Skip (keep the stored record)", "replace": "Replace (rollback restores)"}

st.title("Import your records")
try:
    store = _cache.store(default_url())
    st.caption(
        f"Store: {literal(store.label)} (set WSIS\\_DB to choose another) · "
        f"{store.n_sessions():,} sessions stored"
    )
except WsisError as exc:
    st.error(literal(f"{exc} Nothing can be imported now; the sample and synthetic datasets work."))
    st.stop()

if message := st.session_state.pop("import_message", None):
    st.success(literal(message))
parts.show_confirmation()
parts.show_last_import()

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
    key=f"import_files_{st.session_state.get('import_round', 0)}",  # a new one after an import
    help=(
        f"At most {st.get_option('server.maxUploadSize')} MB per file (server.maxUploadSize "
        "in .streamlit/config.toml); a larger file is refused before it is sent. Split a larger "
        "table into several files, or import it with `python -m wsis_data import`."
    ),
)

plans, unfilled = [], []
try:
    store_state = (store.n_sessions(), len(store.batches())) if uploads else ()
except WsisError as exc:
    st.error(literal(exc))
    st.stop()
for n, upload in enumerate(uploads or []):
    data = upload.getvalue()
    submission = importer.is_submission(data, upload.name)  # previewed open, before storing
    with st.expander(literal(upload.name), expanded=len(uploads) == 1 or submission):
        try:
            if submission:
                entered = parts.submission_preview(data, upload.name, n, on_duplicate, store.url,
                                                   store_state)  # fmt: skip
                plans += [(upload.name, data, None, None, entered)] if entered else []
                continue
            options, table, proposed = parts.read_options(data, upload.name, n)
            top = st.container()  # the warnings go first, above the mapping they correct
            st.caption(f"Read as {literal(table.describe)}. Correct the mapping if needed:")
            mapping = parts.mapping_editor(table, proposed, options, n)
            report = _cache.table_report(data, upload.name, options, tuple(mapping.items()),
                                         on_duplicate, store.url, store_state)  # fmt: skip
            parts.show_warnings(report, n, top)
            parts.show_report(report, key=str(n))
            plans.append((upload.name, data, mapping, options, None))
            unfilled += [w for w in report.warnings if w.unfilled]
        except WsisError as exc:
            st.error(literal(exc))

if unfilled:
    empty = ", ".join(sorted({w.field for w in unfilled}))
    st.warning(f"Importing now leaves {empty} empty although a column could fill it (see above).")
editor = _auth.editor()  # None: this visitor may not write (the page says why)
if editor and plans and st.button(f"Import {counted(len(plans), 'file')}", type="primary",
                                  icon=":material/upload:"):  # fmt: skip
    progress = st.progress(0.0, text="Importing…")
    results = []
    for i, (name, data, mapping, options, entered) in enumerate(plans, start=1):
        report = importer.import_file(  # errors come back in the report, never raised
            data,
            name,
            store,
            on_duplicate=on_duplicate,
            mapping=mapping,
            options=options,
            imported_by=editor.name,
            entered=entered,  # a submission: stored exactly as previewed
        )
        results.append((report.summary_row(), report.text(), report.quarantine_csv(),
                        report.confirmation()))  # fmt: skip
        progress.progress(i / len(plans), text=f"{i}/{len(plans)} · {literal(name)}")
    _cache.forget_all()
    parts.imported(results)
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
    parts.show_table(batches)
    meta = ExportMeta(title="Import batches", dataset=store.label, filters="none", provenances="")
    download_panel(
        None, {"batches": batches}, meta, key_prefix="import-batches", stem="import-batches"
    )
    active = batch_labels(batches)  # newest first: preselected
    if active and editor:
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        parts.preselect_newest(active)
        chosen = left.selectbox("Batch to roll back", list(active), format_func=active.get,
                                key="rollback_batch")  # fmt: skip
        if right.button("Roll back", icon=":material/undo:", key="rollback"):
            try:
                st.session_state["import_message"] = store.rollback(chosen).text
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
    parts.show_submissions(store, submissions)
