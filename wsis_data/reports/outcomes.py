"""The year's "WSIS/SDG Matrix WSIS Forum 20xx: Outcomes" report, built from the records.

Its parts follow ITU's published editions: an introduction (left for the secretariat to write),
the Action Line × SDG heatmap and counts, the matrix of sessions (a mark under each Action Line
and SDG a session links to, the mark telling where the link comes from) and the table of the
organisers' rationale (their submission's own words, or "no submission").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wsis_data.citation import cite
from wsis_data.dataset import Dataset
from wsis_data.filters import Filters
from wsis_data.matrix import build_matrix
from wsis_data.provenance import PROVENANCE_LABELS, provenance_names
from wsis_data.reports import parts
from wsis_data.reports.model import Report, Table, Text, legend_frame
from wsis_data.views import apply_filters
from wsis_data.words import counted

INTRODUCTION = (
    "[Introduction: to be written by the WSIS secretariat before release. Replace this "
    "paragraph with the context of the Forum, its theme and how the matrix was compiled.]",
)
RATIONALE_SECTIONS = ("action_lines", "sdgs")


def years_text(filters: Filters, view: Dataset) -> str:
    """'2018' or '2017–2019' for the report's title (the view's own years when none chosen)."""
    if filters.years:
        lo, hi = filters.years
    else:
        years = view.sessions["year"]
        if years.empty:
            return "(no sessions)"
        lo, hi = int(years.min()), int(years.max())
    return str(lo) if lo == hi else f"{lo}–{hi}"


def outcomes_report(
    dataset: Dataset,
    filters: Filters,
    *,
    link: str = "",
    db: str | None = None,
    images: bool = True,
    progress: parts.Progress = parts.no_progress,
) -> Report:
    """The outcomes report of `dataset` under `filters` (a year or year range, any filters)."""
    progress(0.05, "Selecting the sessions")
    view = apply_filters(dataset, filters)
    years = years_text(filters, view)
    title = f"WSIS/SDG Matrix — WSIS Forum {years}: Outcomes"
    citation = cite(dataset, filters, title, link=link)
    sessions = parts.session_frame(view)
    progress(0.15, "Counting")
    grid = build_matrix(view, collapse_c7=True)
    out: list = [Text("Introduction", INTRODUCTION, placeholder=True)]
    if images:
        progress(0.25, "Drawing the heatmap")
        out.append(
            parts.heatmap_image(grid, dataset, citation, f"WSIS Action Lines × SDGs — {years}")
        )
    heat = grid.table().astype("int64").reset_index()
    out.append(
        Table(
            "Sessions per Action Line × SDG (the heatmap's numbers)",
            "heatmap",
            heat,
            note="Distinct sessions per cell; the last row and column are the totals.",
            widths=(5, *([1.4] * (heat.shape[1] - 2)), 2.5),
        )
    )
    out.append(_counts(view))
    progress(0.45, "Marking the matrix")
    marks = parts.mark_columns(view, sessions.index)
    matrix = pd.concat([sessions, marks], axis=1).reset_index(drop=True)
    n_text = len(parts.SESSION_COLUMNS)
    out.append(
        Table(
            f"Matrix: WSIS Forum {years} sessions linked to the WSIS Action Lines and the SDGs",
            "matrix",
            matrix,
            note=parts.marks_note(view),
            marks=True,
            mark_from=n_text,
            widths=(3.2, 4.6, 22, 14, *([1.9] * (matrix.shape[1] - n_text))),
            wide=True,
        )
    )
    out.append(Table("Legend of the marks", "legend", legend_frame(), widths=(1, 12)))
    progress(0.6, "Reading the submissions")
    out.append(_rationale(dataset, view, sessions, db))
    out.append(parts.dataset_text(dataset))
    progress(0.7, "Laying out")
    stem = f"outcomes-{years.replace('–', '-')}-{dataset.info.name}"
    subtitle = f"{counted(len(sessions), 'session')} · {dataset.info.chart_note}"
    return Report("outcomes", title, subtitle, citation, dataset.info.notes, tuple(out), stem)


def _counts(view: Dataset) -> Table:
    """Sessions (all, per year) and marks by provenance."""
    rows: list[tuple[str, str, int]] = [("Sessions", "all in the selection", view.n_sessions)]
    for year, n in view.sessions["year"].value_counts().sort_index().items():
        rows.append(("Sessions", f"in {int(year)}", int(n)))
    for kind, frame in (("Action Line marks", view.action_lines), ("SDG marks", view.sdgs)):
        bits = frame["provenance"].to_numpy(np.uint8)
        for mask, n in zip(*np.unique(bits, return_counts=True), strict=True):
            names = provenance_names(int(mask))
            what = " and ".join(PROVENANCE_LABELS[p] for p in names)
            rows.append((kind, what, int(n)))
    frame = pd.DataFrame(rows, columns=["Count", "Of", "Sessions or marks"])
    note = (
        "Sessions per Action Line and per SDG: the totals of the table above. A mark is one "
        "Action Line or SDG of one session; its provenance says where the link was found."
    )
    return Table("Counts", "counts", frame, note=note, widths=(6, 14, 4))


def _rationale(dataset: Dataset, view: Dataset, sessions: pd.DataFrame, db: str | None) -> Table:
    """Per session, the submission's Action Line and SDG sections, or why there are none."""
    texts = parts.section_texts(dataset, sessions, RATIONALE_SECTIONS, db)
    from_submission = parts.submission_sessions(view)
    als, sdgs = [], []
    for key, year, sid in zip(sessions.index, sessions["Year"], sessions["ID"], strict=True):
        pair = (int(year), str(sid))
        sub = int(key) in from_submission
        als.append(parts.text_or_reason(texts, pair, "action_lines", sub))
        sdgs.append(parts.text_or_reason(texts, pair, "sdgs", sub))
    frame = sessions[["Year", "ID", "Session"]].reset_index(drop=True)
    frame["Relevance with the WSIS Action Lines"] = als
    frame["Main linkages with the SDGs"] = sdgs
    note = (
        f"The organisers' own words, from their outcome submissions: {len(texts):,} of "
        f"{len(frame):,} sessions have one stored."
    )
    return Table(
        "Table: sessions' rationale for their links with the WSIS Action Lines and the SDGs",
        "rationale",
        frame,
        note=note,
        widths=(2.5, 3, 14, 20, 20),
        wide=True,
    )
