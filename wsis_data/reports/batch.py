"""Batch reports for the command line: the heatmap, its tables and the network, in files.

Built with the same pieces as the pages: `catalog.load_dataset`, `filters.apply_filters`,
`matrix.build_matrix`, `figures.heatmap` and `wsis_data.export` (title, filters, provenance and
the dataset's chart note baked into every file).
"""

from __future__ import annotations

from pathlib import Path

from wsis_data import catalog, export, figures
from wsis_data.dataset import Dataset
from wsis_data.errors import ExportError, WsisError
from wsis_data.filters import Filters
from wsis_data.matrix import VALUE_MODES, build_matrix, cell_label, drilldown
from wsis_data.normalise import normalise_action_line, normalise_sdg
from wsis_data.provenance import default_provenances, provenances_text
from wsis_data.views import apply_filters

FORMATS = ("png", "svg", "pdf", "html", "csv", "xlsx", "graphml")


def load_dataset(dataset: str, db: str | None = None) -> Dataset:
    """The dataset with this key ("sample", "synthetic", "store" at `db`), for the command line."""
    if dataset == "store":
        from wsis_data.ingest.store import open_store, store_dataset

        if open_store(db).n_sessions() == 0:
            raise ExportError("The store holds no records yet: import some first")
        return store_dataset(db)
    return catalog.load_dataset(dataset)


def selection(
    ds: Dataset,
    years: tuple[int, int] | None = None,
    action_lines: list[str] | tuple[str, ...] = (),
    sdgs: list[int] | tuple[int, ...] = (),
    provenances: frozenset[str] | None = None,
) -> Filters:
    """Filters from command-line values; tags counted default to the sidebar's default
    (declared, plus projected for a dataset with no declared SDG)."""
    if provenances is None:
        provenances = frozenset(default_provenances(ds.has_declared_sdgs))
    return Filters(
        years=years,
        action_lines=tuple(normalise_action_line(a, where="--action-line") for a in action_lines),
        sdgs=tuple(normalise_sdg(g, where="--sdg") for g in sdgs),
        provenances=provenances,
    )


def export_report(
    *,
    dataset: str = "sample",
    years: tuple[int, int] | None = None,
    action_lines: list[str] | tuple[str, ...] = (),
    sdgs: list[int] | tuple[int, ...] = (),
    formats: list[str] | tuple[str, ...] = (),
    out: Path = Path("out"),
    collapse_c7: bool = True,
    value: str = "sessions",
    db: str | None = None,
    provenances: frozenset[str] | None = None,
) -> list[Path]:
    """Write the heatmap (images/HTML), its tables (CSV/XLSX) and the co-organisation network
    (GraphML, the network page's default settings) for a selection; returns the paths."""
    formats = tuple(formats) or ("png", "csv")
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ExportError(f"Unknown format(s) {', '.join(unknown)}; expected {', '.join(FORMATS)}")
    if value == "count":
        value = "sessions"
    if value not in VALUE_MODES:
        raise ExportError(f"Unknown value {value!r}; expected one of {', '.join(VALUE_MODES)}")
    ds = load_dataset(dataset, db)
    filters = selection(ds, years, action_lines, sdgs, provenances)
    view = apply_filters(ds, filters)
    grid = build_matrix(view, collapse_c7=collapse_c7, value=value)
    meta = export.ExportMeta(
        title=f"WSIS Action Lines × SDGs — {VALUE_MODES[value]}",
        dataset=ds.info.chart_note,
        filters=filters.describe(),
        provenances=provenances_text(filters.provenances),
        synthetic=ds.info.synthetic,
    )
    out.mkdir(parents=True, exist_ok=True)
    stem = f"heatmap-{dataset}-{value}"
    written: list[Path] = []
    fig = figures.heatmap(grid, note=ds.info.chart_note)
    for fmt in formats:
        target = out / export.filename(stem, fmt)
        if fmt == "graphml":  # the co-organisation network of the selection, default settings
            from wsis_data.network import build_network, graphml_bytes

            target = out / export.filename(f"network-{dataset}", fmt)
            data = graphml_bytes(build_network(view))
        elif fmt in ("png", "svg", "pdf"):
            data = export.image_bytes(fig, fmt, meta)  # type: ignore[arg-type]
        elif fmt == "html":
            data = export.html_bytes(fig, meta)
        elif fmt == "csv":
            data = export.csv_bytes(grid.long())
        else:
            sheets = {"heatmap": grid.table(), "cells": grid.long()}
            sheets.update(_drilldowns(view, grid, collapse_c7))
            data = export.xlsx_bytes(sheets, meta)
        target.write_bytes(data)
        written.append(target)
    return written


def _drilldowns(view, grid, collapse_c7: bool) -> dict:
    """The sessions behind the 10 largest cells, one sheet each."""
    cells = grid.long().sort_values("sessions", ascending=False)
    cells = cells[cells["sessions"] > 0].head(10)
    out = {}
    for code, goal in zip(cells["action_line"], cells["sdg"], strict=True):
        try:
            out[cell_label(code, int(goal), collapse_c7=collapse_c7)] = drilldown(
                view, code, int(goal), collapse_c7=collapse_c7
            )
        except WsisError:
            continue
    return out
