"""How the WSIS–SDG picture moves year by year: counts per year, matrices per year, changes.

Everything here starts from a (filtered) view and returns plain frames or arrays:

- `counts_by_year(view, by)`: a long frame, one row per (year, key), for ``by`` in `BREAKDOWNS`
  (Action Line, SDG, session type, organisation).
- `matrices_by_year(view)`: the Action Line × SDG matrix of every year, counted exactly like
  `wsis_data.matrix.build_matrix` (distinct sessions per cell, C7 sub-lines collapsed once).
- Changes: `year_change` columns in the long frame, `risers_fallers`, `difference` (year B minus
  year A) and `pair_appearance` (first and last year an Action Line × SDG pair appears).
- `sessions_behind(view, by, year, key)`: the sessions behind one point, in the same shape as
  `wsis_data.matrix.drilldown` (both built by `wsis_data.sessions.sessions_table`).

Modules: `years` (span, no-data rule), `counts`, `matrices`, `changes`, `points` (drill-down).

Years: the span runs from the filter's first to last year (or the dataset's first to last year
without a year filter). A year of the span that the *dataset* has no session in at all is "no
data": its counts and shares are missing (NaN / <NA>) and ``has_data`` is False, never 0. A year
the dataset has, but with no session for a key in the view, counts an explicit 0.
"""

from wsis_data.sessions import DRILLDOWN_COLUMNS
from wsis_data.trends.changes import difference, pair_appearance, risers_fallers
from wsis_data.trends.counts import (
    BREAKDOWNS,
    MEASURES,
    NO_TYPE,
    OTHER_ORGANISATIONS,
    by_year_table,
    clear_caches,
    counts_by_year,
)
from wsis_data.trends.matrices import MATRIX_MEASURES, YearMatrices, matrices_by_year
from wsis_data.trends.points import (
    busiest_key,
    point_drilldown,
    point_keys,
    point_label,
    sessions_behind,
)
from wsis_data.trends.years import year_span, year_totals

__all__ = [
    "BREAKDOWNS",
    "DRILLDOWN_COLUMNS",
    "MATRIX_MEASURES",
    "MEASURES",
    "NO_TYPE",
    "OTHER_ORGANISATIONS",
    "YearMatrices",
    "busiest_key",
    "by_year_table",
    "clear_caches",
    "counts_by_year",
    "difference",
    "matrices_by_year",
    "pair_appearance",
    "point_drilldown",
    "point_keys",
    "point_label",
    "risers_fallers",
    "sessions_behind",
    "year_span",
    "year_totals",
]
