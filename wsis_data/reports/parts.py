"""Pieces both reports use: the per-session mark table, the heatmap image, texts and notes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd

from wsis_data import export, figures
from wsis_data.citation import Citation
from wsis_data.dataset import Dataset
from wsis_data.errors import ExportError
from wsis_data.matrix import Matrix
from wsis_data.provenance import PROVENANCE_BITS
from wsis_data.reports.model import MARK_NAMES, Image, Text, mark
from wsis_data.reports.texts import NO_SUBMISSION, NOT_STORED, Texts, submission_texts
from wsis_data.taxonomy import SDG_GOALS, collapse_code, row_codes, sdg_label

#: Called with (share done 0..1, what is being done) while a report is built.
Progress = Callable[[float, str], None]
SESSION_COLUMNS = ["Year", "ID", "Session", "Organisers"]


def no_progress(done: float, step: str) -> None:
    """A progress callback that does nothing."""


def session_order(sessions: pd.DataFrame) -> pd.Index:
    """Session keys by year, then session id in natural order ("2" before "10")."""
    sid = sessions["session_id"].astype(str)
    number = pd.to_numeric(sid.where(sid.str.fullmatch(r"\d{1,9}")), errors="coerce")
    order = pd.DataFrame(
        {"y": sessions["year"].astype(int), "n": number.fillna(1e10), "s": sid},
        index=sessions.index,
    ).sort_values(["y", "n", "s"], kind="stable")
    return order.index


def session_frame(view: Dataset) -> pd.DataFrame:
    """Year, ID, Session, Organisers of every session in the view, in report order."""
    sessions = view.sessions.loc[session_order(view.sessions)]
    return pd.DataFrame(
        {
            "Year": sessions["year"].astype(int).to_numpy(),
            "ID": sessions["session_id"].astype(str).to_numpy(),
            "Session": sessions["title"].fillna("").astype(str).to_numpy(),
            "Organisers": sessions["organisers"].fillna("").astype(str).to_numpy(),
        },
        index=sessions.index,
    )


def mark_columns(view: Dataset, index: pd.Index, *, collapse_c7: bool = True) -> pd.DataFrame:
    """One column per Action Line and per SDG: each session's mark (provenance letters) or ""."""
    al = view.action_lines
    codes = al["action_line"].map(collapse_code) if collapse_c7 else al["action_line"]
    columns = list(row_codes(collapse_c7, include_unspecified=not collapse_c7))
    frame = pd.DataFrame("", index=index, columns=[*columns, *map(sdg_label, SDG_GOALS)])
    for (key, code), bits in _or_bits(al["session_key"], codes, al["provenance"]).items():
        if key in frame.index:
            frame.at[key, code] = mark(bits)
    sd = view.sdgs
    for (key, goal), bits in _or_bits(sd["session_key"], sd["sdg"], sd["provenance"]).items():
        if key in frame.index:
            frame.at[key, sdg_label(int(goal))] = mark(bits)
    return frame


def _or_bits(keys: pd.Series, codes: pd.Series, bits: pd.Series) -> dict[tuple, int]:
    """OR of the provenance bits per (session, code)."""
    frame = pd.DataFrame({"k": keys.to_numpy(), "c": codes.to_numpy(), "b": bits.to_numpy()})
    grouped = frame.groupby(["k", "c"], sort=False)["b"]
    return {k: int(v) for k, v in grouped.agg(lambda s: np.bitwise_or.reduce(s.to_numpy())).items()}


def projected_note(view: Dataset) -> str:
    """Words on the projected SDG marks of the view ("" when there are none)."""
    bits = view.sdgs["provenance"].to_numpy(np.uint8)
    projected = (bits & PROVENANCE_BITS["projected"]) > 0
    only = projected & (bits == PROVENANCE_BITS["projected"])
    if not projected.any():
        return ""
    return (
        f"{int(only.sum()):,} of the {len(bits):,} SDG marks are projected only (P): drawn from "
        "the session's Action Lines through the facilitators' WSIS–SDG Matrix — an inference, "
        "not a link the organisers declared."
    )


def marks_note(view: Dataset) -> str:
    """The legend of the marks in one paragraph, with the words on projected marks if any."""
    marks = "; ".join(f"{k} = {v}" for k, v in MARK_NAMES.items())
    note = f"Marks: {marks}. Several letters: the link was found in several places."
    projected = projected_note(view)
    return f"{note} {projected}" if projected else note


def heatmap_image(grid: Matrix, dataset: Dataset, citation: Citation, title: str) -> Image:
    """The Action Line × SDG heatmap as SVG and PNG (title and stamp baked in), or why not."""
    fig = figures.heatmap(grid)  # the dataset note is in the baked footer and on every page
    fig.update_layout(  # room for the baked title; the legend above the grid, off the footer
        margin={"t": 80},
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.0, "yanchor": "bottom"},
    )
    meta = replace(citation.meta, title=title)
    note = "The same heatmap as the dashboard's Heatmap page, for the report's selection."
    try:
        svg = export.image_bytes(fig, "svg", meta, width=1200, height=820, scale=1)
        png = export.image_bytes(fig, "png", meta, width=1200, height=820, scale=2)
    except ExportError as exc:
        return Image(title, missing=f"The heatmap image could not be drawn: {exc}", note=note)
    return Image(title, svg=svg, png=png, note=note)


def section_texts(
    dataset: Dataset, frame: pd.DataFrame, sections: tuple[str, ...], db: str | None
) -> Texts:
    """The stored submission sections of the sessions in `frame` (store datasets only)."""
    if dataset.info.name != "store":
        return {}
    keys = zip(frame["Year"].astype(int), frame["ID"].astype(str), strict=True)
    return submission_texts(db, keys, sections)


def submission_sessions(view: Dataset) -> set[int]:
    """Keys of the sessions with a tag read from an outcome submission."""
    bit = PROVENANCE_BITS["submission"]
    keys = set()
    for frame in (view.action_lines, view.sdgs):
        hit = (frame["provenance"].to_numpy(np.uint8) & bit) > 0
        keys.update(int(k) for k in frame["session_key"].to_numpy()[hit])
    return keys


def text_or_reason(texts: Texts, key: tuple[int, str], section: str, from_submission: bool) -> str:
    """A session's section text, else why there is none."""
    if key in texts:
        return texts[key].get(section, "") or "(section left empty in the submission)"
    return NOT_STORED if from_submission else NO_SUBMISSION


def dataset_text(dataset: Dataset) -> Text:
    """The dataset's notes: what it is and its limits."""
    return Text("About the data", tuple(dataset.info.notes) or (dataset.info.chart_note,))
