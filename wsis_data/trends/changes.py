"""What changed between two years: `difference`, `risers_fallers`, `pair_appearance`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wsis_data.errors import WsisError
from wsis_data.taxonomy import sdg_label
from wsis_data.trends.counts import MEASURES
from wsis_data.trends.matrices import YearMatrices


def difference(
    matrices: YearMatrices, year_a: int, year_b: int, measure: str = "sessions"
) -> pd.DataFrame:
    """Year B minus year A, per Action Line × SDG cell, in sessions or share of the year.

    "share" compares each cell's sessions divided by all sessions of its year in the view, so
    years of different size compare fairly. Raises `WsisError` for a year without data.
    """
    return matrices.frame(year_b, measure) - matrices.frame(year_a, measure)


def risers_fallers(
    long: pd.DataFrame, year_a: int, year_b: int, *, measure: str = "sessions", n: int = 5
) -> pd.DataFrame:
    """The `n` keys that rose most and the `n` that fell most from year A to year B.

    Columns: key, label, ``value_a``, ``value_b``, ``change`` (B − A in `measure`) and
    ``direction`` ("riser" / "faller"); risers first (largest rise first), then fallers (largest
    fall first). Keys with no change are left out. Raises `WsisError` for a year without data.
    """
    if measure not in MEASURES:
        raise WsisError(f"Unknown measure {measure!r}; expected one of {', '.join(MEASURES)}")
    for year in (year_a, year_b):
        rows = long[long["year"] == year]
        if rows.empty:
            raise WsisError(f"Year {year} is outside the years shown")
        if not bool(rows["has_data"].iloc[0]):
            raise WsisError(f"The dataset holds no session in {year}: choose a year with data")
    a = long[long["year"] == year_a].set_index("key")
    b = long[long["year"] == year_b].set_index("key")
    out = pd.DataFrame(
        {
            "key": a.index.to_numpy(dtype=object),
            "label": a["label"].to_numpy(dtype=object),
            "value_a": a[measure].to_numpy(dtype=float),
            "value_b": b.loc[a.index, measure].to_numpy(dtype=float),
        }
    )
    out["change"] = out["value_b"] - out["value_a"]
    up = out[out["change"] > 0].sort_values("change", ascending=False, kind="stable").head(n)
    down = out[out["change"] < 0].sort_values("change", ascending=True, kind="stable").head(n)
    result = pd.concat(
        [up.assign(direction="riser"), down.assign(direction="faller")], ignore_index=True
    )
    if measure == "sessions":
        for col in ("value_a", "value_b", "change"):
            result[col] = result[col].astype(np.int64)
    return result


def pair_appearance(matrices: YearMatrices) -> pd.DataFrame:
    """First and last year each Action Line × SDG pair has a session, within the span.

    Columns: action_line, action_line_label, sdg, sdg_label, first_year, last_year,
    years_present (years with at least one session), sessions (sum over the years; a session
    counts in its own year only). Pairs with no session in any year are left out.
    """
    present = matrices.counts > 0  # (years, rows, sdg)
    any_year = present.any(axis=0)
    ri, si = np.nonzero(any_year)
    years = np.array(matrices.years, dtype=np.int64)
    first = years[present.argmax(axis=0)[ri, si]]
    last = years[len(years) - 1 - present[::-1].argmax(axis=0)[ri, si]]
    labels = matrices.row_labels
    return pd.DataFrame(
        {
            "action_line": [matrices.rows[i] for i in ri],
            "action_line_label": [labels[i] for i in ri],
            "sdg": (si + 1).astype(np.int64),
            "sdg_label": [sdg_label(int(g) + 1) for g in si],
            "first_year": first,
            "last_year": last,
            "years_present": present.sum(axis=0)[ri, si].astype(np.int64),
            "sessions": matrices.counts.sum(axis=0)[ri, si].astype(np.int64),
        }
    )
