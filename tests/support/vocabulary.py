"""The vocabulary's own data files (wsis_data/data/*.csv), read as rows for the tests."""

from __future__ import annotations

import csv
from pathlib import Path

from wsis_data import taxonomy

DATA = Path(taxonomy.__file__).resolve().parent / "data"


def read_csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
