"""Reports: the year's WSIS–SDG outcomes report and each facilitator's pack, in one click."""

from dataclasses import replace

import streamlit as st

from pages import _cache
from pages._cite import cite_this, share_url
from pages._downloads import offer_files
from pages._runtime import require_router
from pages._sidebar import selection
from wsis_data import export
from wsis_data.errors import WsisError
from wsis_data.export import Download
from wsis_data.figures import describe
from wsis_data.reports import (
    REPORT_FORMATS,
    facilitator_pack,
    line_codes,
    outcomes_report,
    page_images,
    render,
    report_filename,
)
from wsis_data.safe_text import literal
from wsis_data.taxonomy import action_line

require_router()

KINDS = {
    "outcomes": "Outcomes report (Action Line × SDG matrix, rationale)",
    "facilitator": "Facilitator's pack (one Action Line)",
}
LABELS = {"pdf": "PDF (print)", "docx": "DOCX (to edit)", "xlsx": "XLSX (tables)"}
STATE = "_report_files"
URL = {"bind": "query-params"}  # the report and Action Line live in the URL
BIG = 1000  # sessions: above this the PDF takes minutes


def line_label(code: str) -> str:
    """'C3 — Access to information and knowledge'."""
    line = action_line(code)
    return f"{code.replace('.', ' ')} — {line.name}"


# 1/ choose
choice = selection()
ds = _cache.dataset(choice.dataset)
st.title("Reports")
st.caption(
    "The outcomes report follows ITU's yearly 'WSIS/SDG Matrix WSIS Forum: Outcomes' document; "
    "the facilitator's pack describes one Action Line. Both use the sidebar's filters, with the "
    "years chosen here. The same builders serve `python -m wsis_data report`."
)
kind = st.radio("Report", list(KINDS), format_func=KINDS.get, key="rep-kind", **URL)
years = ds.years
first, last = choice.filters.years or (years[-1], years[-1])
span = st.select_slider("Year or years", options=years, value=(first, last), key="rep-years")
code = None
if kind == "facilitator":
    code = st.selectbox("Action Line", line_codes(), format_func=line_label, key="rep-line", **URL)
heatmap = kind == "outcomes" and st.toggle(
    "Include the heatmap image", value=export.images_available(), key="rep-heatmap",
    disabled=not export.images_available(), help="Drawn by Chromium on the server.",
)  # fmt: skip
filters = replace(choice.filters, years=(int(span[0]), int(span[1])))
st.caption(literal(f"{ds.info.chart_note} · {filters.describe()} · {filters.tags_counted}"))
formats = st.pills(
    "Formats", list(REPORT_FORMATS), format_func=str.upper, selection_mode="multi",
    default=list(REPORT_FORMATS), key="rep-formats",
)  # fmt: skip
n_sessions = _cache.view(choice.dataset, filters).n_sessions
if n_sessions > BIG and "pdf" in formats:
    st.warning(
        f"{n_sessions:,} sessions: the PDF takes minutes to lay out and about 2 GB of memory at "
        "2,750 sessions (see bench/bench_reports.py); DOCX and XLSX take seconds.",
        icon=":material/hourglass_top:",
    )
wanted = (choice.dataset, filters, kind, code, heatmap, tuple(formats))

# 2/ get
if st.button(
    "Build the report", type="primary", icon=":material/description:", disabled=not formats
):
    bar = st.progress(0.0, "Starting…")

    def progress(done: float, step: str) -> None:
        bar.progress(min(done, 1.0), step)

    try:
        if kind == "facilitator":
            report = facilitator_pack(ds, filters, code, link=share_url(), progress=progress)
        else:
            report = outcomes_report(
                ds, filters, link=share_url(), images=heatmap, progress=progress
            )
        files = {}
        for i, fmt in enumerate(formats):
            progress(0.72 + 0.24 * i / len(formats), f"Writing the {fmt.upper()}…")
            files[fmt] = render(report, fmt)
        progress(0.96, "Drawing the preview…")
        preview = page_images(files["pdf"], pages=2, scale=0.9) if "pdf" in files else []
    except WsisError as exc:
        bar.empty()
        st.error(literal(exc))
        st.stop()
    bar.progress(1.0, "Done")
    st.session_state[STATE] = (wanted, report, files, preview)

# 3/ render
built = st.session_state.get(STATE)
if built is None or built[0] != wanted:
    st.info("Choose the report, then press “Build the report”.", icon=":material/info:")
    st.stop()
_, report, files, preview = built
st.subheader(report.title)
st.text(report.subtitle)
offer_files(
    [
        Download(LABELS[fmt], report.stem, fmt, lambda d=data: d, name=report_filename(report, fmt))
        for fmt, data in files.items()
    ]
)
with st.expander("Cite this report", icon=":material/format_quote:"):
    cite_this(report.citation)
st.caption("Preview: the first pages of the PDF." if preview else "No PDF chosen: no preview.")
grid = _cache.matrix(choice.dataset, filters, True, "sessions") if kind == "outcomes" else None
sc = describe.scope_of(_cache.view(choice.dataset, filters))
for page, (col, image) in enumerate(zip(st.columns(len(preview) or 1), preview, strict=False), 1):
    col.image(image, width="stretch", alt=describe.report_page(report.title, page, grid, sc))
