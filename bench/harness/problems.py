"""What the load client counts as a problem (`Session.problems`; every kind expected to stay 0)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

#: Kinds of problem counted by `Session` (all expected to stay at 0).
#: "deferred 404": a deferred download's URL already gone when fetched at once. Streamlit 1.67
#: leaves the file it makes unreferenced, and the media cleanup that ends every script run (of
#: any session) marks it, then deletes it: two runs of other sessions in between are enough;
#: pages/_runtime.py gives such files a grace period, so this count must stay 0 too.
PROBLEMS = (
    "exception", "st.error", "ws closed", "http non-200", "deferred 404", "timeout",
    "download error",
)  # fmt: skip


@dataclass
class Problems:
    """Counts of each kind of problem, and the first few messages for the report."""

    counts: Counter = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)

    def add(self, kind: str, text: str) -> None:
        """Count one problem of `kind`, keeping its text if few are kept so far."""
        self.counts[kind] += 1
        if len(self.samples) < 10:
            self.samples.append(f"{kind}: {' '.join(text.split())[:300]}")

    def merge(self, other: Problems) -> None:
        """Add another tally to this one."""
        self.counts.update(other.counts)
        self.samples.extend(other.samples[: max(0, 10 - len(self.samples))])

    @property
    def total(self) -> int:
        """All problems of every kind."""
        return sum(self.counts.values())
