"""The datasets the dashboard can show, by key: the real sample first, synthetic demo, store.

The store ("Imported records") is listed only when it holds records, so the switcher never
offers an empty dataset; the store is chosen by ``WSIS_DB`` (see `wsis_data.ingest.store`).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from wsis_data.dataset import Dataset
from wsis_data.errors import WsisError
from wsis_data.ingest.store import store_dataset, store_has_records, store_problem
from wsis_data.sample import sample_dataset
from wsis_data.synthetic import demo_dataset, generate

#: Set to a session count (e.g. 100000) to make "synthetic" a generated dataset of that size,
#: for scale tests and benchmarks: `WSIS_SYNTHETIC_SESSIONS=100000 streamlit run dashboard.py`.
SYNTHETIC_SESSIONS_ENV = "WSIS_SYNTHETIC_SESSIONS"


def synthetic_dataset() -> Dataset:
    """The synthetic demo, or a seeded dataset of $WSIS_SYNTHETIC_SESSIONS sessions when set."""
    raw = os.environ.get(SYNTHETIC_SESSIONS_ENV, "").strip()
    if not raw:
        return demo_dataset()
    try:
        n = int(raw.replace("_", ""))
    except ValueError:
        n = 0
    if n < 1:
        raise WsisError(f"{SYNTHETIC_SESSIONS_ENV}={raw!r}: expected a positive number of sessions")
    return generate(n_sessions=n)


#: key → (label for the switcher, loader)
DATASETS: dict[str, tuple[str, Callable[[], Dataset]]] = {
    "sample": ("WSIS Forum sample (real)", sample_dataset),
    "synthetic": ("Synthetic demo (generated)", synthetic_dataset),
    "store": ("Imported records (store)", store_dataset),
}
DEFAULT_DATASET = "sample"


def dataset_labels() -> dict[str, str]:
    """Key → label of every dataset, in switcher order."""
    return {
        key: label for key, (label, _) in DATASETS.items() if key != "store" or store_has_records()
    }


def load_dataset(key: str) -> Dataset:
    """The dataset with this key."""
    if key not in DATASETS:
        raise WsisError(f"Unknown dataset {key!r}; available: {', '.join(DATASETS)}")
    return DATASETS[key][1]()


def store_unavailable() -> str | None:
    """Why the store is not offered when it failed to open or read (None: fine, or just empty)."""
    return store_problem()
