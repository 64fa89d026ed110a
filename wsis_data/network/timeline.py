"""The network through time: the same organisations, their links counted per window of years."""

from __future__ import annotations

from dataclasses import replace

from wsis_data.dataset import Dataset
from wsis_data.filters import Filters
from wsis_data.network.build import build_network
from wsis_data.network.model import Network
from wsis_data.views import apply_filters


def year_windows(years: tuple[int, ...], width: int) -> list[tuple[int, int]]:
    """Consecutive windows of ``width`` years sliding one year at a time over ``years``.

    >>> year_windows((2019, 2020, 2021, 2022), 2)
    [(2019, 2020), (2020, 2021), (2021, 2022)]
    """
    if not years:
        return []
    lo, hi = min(years), max(years)
    width = max(1, min(int(width), hi - lo + 1))
    return [(start, start + width - 1) for start in range(lo, hi - width + 2)]


def window_networks(
    dataset: Dataset, filters: Filters, network: Network, width: int
) -> list[tuple[tuple[int, int], Network]]:
    """``network`` redrawn for each window of years within the filters' years.

    Each window keeps the organisations of ``network`` (those active in it) and its communities,
    so colours and positions stay put while links and sizes follow the sessions of the window.
    """
    first, last = filters.years or (min(dataset.years, default=0), max(dataset.years, default=0))
    years = tuple(y for y in dataset.years if first <= y <= last)
    windows = []
    for lo, hi in year_windows(years, width):
        window = apply_filters(dataset, replace(filters, years=(lo, hi)))
        part = build_network(
            window,
            network.settings,
            organisations=network.nodes.index,
            communities=network.communities,
        )
        windows.append(((lo, hi), part))
    return windows
