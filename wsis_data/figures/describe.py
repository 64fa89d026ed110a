"""Alt text for every chart, built from the data it shows (one function per chart kind).

Each text names what the chart is, its largest value (the cell, line point, flow, organisation
or change a reader's eye goes to first) and its size, then the scope: how many sessions, of which
years, and whether they are synthetic. The pages pass it to ``st.plotly_chart(alt=...)`` (the
chart's accessible name) and to the export stamp (`ExportMeta.description`: SVG ``<desc>``, PDF
Subject, PNG "Description"). Plain text: record text (organisation names) stays literal, and
whoever puts it into markup escapes it.

>>> scope = Scope(sessions=2750, synthetic=True, years=(2015, 2025))
>>> scope.text()
'2,750 synthetic sessions, 2015–2025'
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wsis_data.cooccurrence import KINDS, Cooccurrence, code_label, pair_label
from wsis_data.dataset import Dataset
from wsis_data.matrix import VALUE_MODES, Matrix, cell_label
from wsis_data.network import Network
from wsis_data.trends import BREAKDOWNS, MEASURES, YearMatrices

__all__ = [
    "Scope",
    "bipartite",
    "cooccurrence",
    "difference",
    "heatmap",
    "matrix_animation",
    "network",
    "network_timeline",
    "report_page",
    "risers_fallers",
    "sankey",
    "scope_of",
    "trend",
    "years_bar",
]


@dataclass(frozen=True)
class Scope:
    """What a chart counts: how many sessions, of which years, and whether they are synthetic."""

    sessions: int
    synthetic: bool = False
    years: tuple[int, int] | None = None
    sample: bool = False

    def text(self) -> str:
        """'2,750 synthetic sessions, 2015–2025' (a sample says so; one year is one year)."""
        kind = "synthetic " if self.synthetic else "sampled " if self.sample else ""
        words = f"{self.sessions:,} {kind}session{'s' * (self.sessions != 1)}"
        if self.years:
            a, b = self.years
            words += f", {a}" if a == b else f", {a}–{b}"
        return words


def scope_of(view: Dataset) -> Scope:
    """The scope of a filtered dataset: its sessions and the years they fall in."""
    years = view.sessions["year"]
    span = (int(years.min()), int(years.max())) if len(years) else None
    return Scope(view.n_sessions, view.info.synthetic, span, view.info.sample)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' * (n != 1)}"


def _amount(value: float, measure: str) -> str:
    """A value as the chart shows it: '42 sessions', '12.5%', 'lift 3.20'."""
    if measure == "sessions":
        return _plural(round(value), "session")
    if measure == "lift":
        return f"lift {value:.2f}"
    return f"{value:.1%}"


def _change(value: float, measure: str) -> str:
    sign = "+" if value > 0 else "−" if value < 0 else ""
    if measure == "sessions":
        return f"{sign}{_plural(abs(round(value)), 'session')}"
    return f"{sign}{abs(value) * 100:.1f} points"


def _argmax(frame: pd.DataFrame) -> tuple[object, object, float] | None:
    """(row, column, value) of the largest finite value (first in reading order on a tie)."""
    values = frame.to_numpy(dtype=float)
    if not values.size or not np.isfinite(values).any():
        return None
    i, j = np.unravel_index(int(np.nanargmax(np.where(np.isfinite(values), values, np.nan))),
                            values.shape)  # fmt: skip
    return frame.index[i], frame.columns[j], float(values[i, j])


def _sentence(*parts: str) -> str:
    return "; ".join(p for p in parts if p) + "."


def heatmap(grid: Matrix, scope: Scope, what: str = "Heatmap of Action Lines × SDGs") -> str:
    """'Heatmap of Action Lines × SDGs, sessions. Largest cell: C5 × SDG 9, 42 sessions; ...'."""
    top = _argmax(grid.values) if grid.counts.to_numpy().any() else None
    mode = VALUE_MODES.get(grid.value, grid.value).split(" (")[0].lower()
    rows, cols = len(grid.counts.index), len(grid.counts.columns)
    size = f"{_plural(rows, 'Action Line')} × {_plural(cols, 'SDG')}"
    if top is None:
        return f"{what}, {mode}. " + _sentence("No session in any cell", size, scope.text())
    al, goal, value = top
    cell = cell_label(str(al), int(goal), collapse_c7=grid.collapse_c7)
    amount = _amount(value, "sessions" if grid.value == "sessions" else (
        "lift" if grid.value == "lift" else "share"))  # fmt: skip
    if grid.value != "sessions":
        amount += f" ({_plural(int(grid.counts.loc[al, goal]), 'session')})"
    return f"{what}, {mode}. " + _sentence(f"Largest cell: {cell}, {amount}", size, scope.text())


def cooccurrence(co: Cooccurrence, value: str, scope: Scope) -> str:
    """'SDG × SDG co-occurrence, sessions naming both. Largest pair: SDG 4 & SDG 9, 30 sessions'."""
    name = KINDS[co.kind]
    what = f"{name} × {name} heatmap of sessions naming both"
    size = f"{_plural(len(co.counts.index), name)} each way"
    top = _argmax(co.values(value)) if co.counts.to_numpy().any() else None
    if top is None:
        return f"{what}. " + _sentence("No session names two of them", size, scope.text())
    a, b, v = top
    amount = _amount(v, value)
    if value == "lift":
        amount += f" ({_plural(int(co.counts.loc[a, b]), 'session')})"
    pair = pair_label(co.kind, a, b, collapse_c7=co.collapse_c7)
    label = "Highest lift" if value == "lift" else "Largest pair"
    return f"{what}. " + _sentence(f"{label}: {pair}, {amount}", size, scope.text())


def sankey(grid: Matrix, scope: Scope) -> str:
    """'Sankey of Action Lines → SDGs. Widest flow: C5 → SDG 9, 42 sessions; 120 flows ...'."""
    what = "Sankey of Action Lines flowing to SDGs"
    flows = int((grid.counts.to_numpy() > 0).sum())
    top = _argmax(grid.counts) if flows else None
    if top is None:
        return f"{what}. " + _sentence("No flow", scope.text())
    al, goal, value = top
    line = cell_label(str(al), int(goal), collapse_c7=grid.collapse_c7).replace(" × ", " → ")
    size = f"{_plural(flows, 'flow')} between {_plural(len(grid.counts.index), 'Action Line')} "
    size += f"and {_plural(len(grid.counts.columns), 'SDG')}"
    return f"{what}. " + _sentence(f"Widest flow: {line}, {_amount(value, 'sessions')}", size,
                                   scope.text())  # fmt: skip


def trend(long: pd.DataFrame, by: str, measure: str, scope: Scope) -> str:
    """'Sessions per year by Action Line (sessions). Highest: C5 in 2019, 42 sessions; ...'."""
    what = f"Chart of sessions per year by {BREAKDOWNS[by]} ({MEASURES[measure].lower()})"
    rows = long[long["has_data"]] if "has_data" in long else long
    keys = rows["key"].nunique()
    if rows.empty or not (rows[measure] > 0).any():
        return f"{what}. " + _sentence("No session", scope.text())
    top = rows.loc[rows[measure].idxmax()]
    size = f"{_plural(keys, BREAKDOWNS[by])} over {_plural(rows['year'].nunique(), 'year')}"
    point = f"Highest: {top['label']} in {int(top['year'])}, {_amount(top[measure], measure)}"
    return f"{what}. " + _sentence(point, size, scope.text())


def matrix_animation(grids: YearMatrices, measure: str, scope: Scope) -> str:
    """'Action Lines × SDGs heatmap, one frame per year. Largest cell: C5 × SDG 9 in 2019, ...'."""
    what = "Heatmap of Action Lines × SDGs, one frame per year (slider and play button)"
    values = grids.shares() if measure == "share" else grids.counts
    if not grids.counts.size or grids.counts.max() <= 0:
        return f"{what}. " + _sentence("No session in any cell", scope.text())
    y, r, s = np.unravel_index(int(np.argmax(values)), values.shape)
    cell = cell_label(grids.rows[r], s + 1, collapse_c7=grids.collapse_c7)
    amount = _amount(float(values[y, r, s]), measure)
    size = f"{_plural(len(grids.data_years), 'year')} with data"
    return f"{what}. " + _sentence(f"Largest cell: {cell} in {grids.years[y]}, {amount}", size,
                                   scope.text())  # fmt: skip


def risers_fallers(rf: pd.DataFrame, year_a: int, year_b: int, measure: str, scope: Scope) -> str:
    """'Top risers and fallers 2015 → 2025. Largest rise: C5, +12 sessions; largest fall: ...'."""
    what = f"Bar chart of the top risers and fallers, {year_a} → {year_b}"
    parts = []
    for direction, word in (("riser", "Largest rise"), ("faller", "largest fall")):
        rows = rf[rf["direction"] == direction]
        if not rows.empty:
            top = rows.iloc[0]
            parts.append(f"{word}: {top['label']}, {_change(float(top['change']), measure)}")
    return f"{what}. " + _sentence(*parts, scope.text())


def difference(diff: pd.DataFrame, year_a: int, year_b: int, measure: str, scope: Scope,
               collapse_c7: bool = True) -> str:  # fmt: skip
    """'Difference heatmap 2025 minus 2015. Largest rise: C5 × SDG 9, +5 sessions; ...'."""
    what = f"Heatmap of the change per Action Line × SDG, {year_b} minus {year_a}"
    up, down = _argmax(diff), _argmax(-diff)
    parts = []
    if up and up[2] > 0:
        cell = cell_label(str(up[0]), int(up[1]), collapse_c7=collapse_c7)
        parts.append(f"Largest rise: {cell}, {_change(up[2], measure)}")
    if down and down[2] > 0:
        cell = cell_label(str(down[0]), int(down[1]), collapse_c7=collapse_c7)
        parts.append(f"largest fall: {cell}, {_change(-down[2], measure)}")
    return f"{what}. " + _sentence(*(parts or ["No cell changed"]), scope.text())


def network(net: Network, scope: Scope, focus: str | None = None) -> str:
    """'Network of 120 organisations ... Largest: ITU, 42 sessions; 300 links; 8 communities'."""
    what = "Network of organisations that organised sessions together"
    if net.nodes.empty:
        return f"{what}. " + _sentence("No organisation", scope.text())
    top = net.nodes["sessions"].idxmax()
    parts = [f"Largest: {top}, {_plural(int(net.nodes.loc[top, 'sessions']), 'session')}"]
    groups = len(net.communities)
    parts += [_plural(len(net.nodes), "organisation"), _plural(len(net.edges), "link"),
              f"{groups:,} communit{'ies' if groups != 1 else 'y'}"]  # fmt: skip
    if focus:
        parts.append(f"focused on {focus}")
    return f"{what}. " + _sentence(*parts, scope.text())


def network_timeline(net: Network, width: int, scope: Scope) -> str:
    """The network through time: the same organisations, one frame per window of years."""
    text = network(net, scope)
    head, _, rest = text.partition(". ")
    return f"{head}, one frame per window of {_plural(width, 'year')} (play button). {rest}"


def years_bar(years: pd.DataFrame, organisation: str, scope: Scope) -> str:
    """'Bar chart of ITU's sessions per year. Busiest year: 2019, 12 sessions; ...'."""
    what = f"Bar chart of the sessions per year of {organisation}"
    if years.empty:
        return f"{what}. " + _sentence("No session", scope.text())
    top = years.loc[years["sessions"].idxmax()]
    parts = (f"Busiest year: {int(top['year'])}, {_plural(int(top['sessions']), 'session')}",
             _plural(len(years), "year"))  # fmt: skip
    return f"{what}. " + _sentence(*parts, scope.text())


def bipartite(counts: pd.DataFrame, kind: str, scope: Scope) -> str:
    """'Heatmap of organisations × Action Lines. Largest cell: ITU × C5, 12 sessions; ...'."""
    name = KINDS.get(kind, kind)
    what = f"Heatmap of organisations × {name}s"
    top = _argmax(counts) if counts.to_numpy().any() else None
    size = f"{_plural(len(counts.index), 'organisation')} × {_plural(len(counts.columns), name)}"
    if top is None:
        return f"{what}. " + _sentence("No session", size, scope.text())
    org, tag, value = top
    cell = f"{org} × {code_label(kind, tag) if kind == 'sdg' else tag}"
    return f"{what}. " + _sentence(f"Largest cell: {cell}, {_amount(value, 'sessions')}", size,
                                   scope.text())  # fmt: skip


def report_page(title: str, page: int, grid: Matrix | None, scope: Scope) -> str:
    """A report page preview: which page of which report, and what the report's heatmap shows."""
    head = f"Page {page} of the PDF “{title}”"
    if grid is None:
        return f"{head}. " + _sentence(f"It counts {scope.text()}")
    return f"{head}. {heatmap(grid, scope, 'Its heatmap of Action Lines × SDGs')}"
