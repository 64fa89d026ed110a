"""What an export says about itself (`ExportMeta`: title, dataset, filters, tags, time) and its
file name (`filename`)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime

__all__ = ["ExportMeta", "filename"]


def _now_iso() -> str:
    """Return the current UTC time as ISO 8601 with a Z suffix, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class ExportMeta:
    """What an export says about itself: title, dataset, filters, provenance and time."""

    title: str
    dataset: str
    filters: str
    provenances: str
    generated_at: str = field(default_factory=_now_iso)
    synthetic: bool = False
    notes: str = ""

    def footer(self) -> str:
        """Return the one-line footer baked into images and HTML."""
        try:
            stamp = datetime.fromisoformat(self.generated_at)
            when = (stamp.astimezone(UTC) if stamp.tzinfo else stamp).strftime("%Y-%m-%d %H:%M UTC")
        except ValueError:
            when = self.generated_at
        parts = (f"Dataset: {self.dataset}", f"Filters: {self.filters or 'none'}")
        parts += (f"Tags: {self.provenances or 'none'}", f"Generated {when}")
        line = " · ".join(" ".join(p.split()) for p in parts)
        return f"SYNTHETIC DATA · {line}" if self.synthetic else line

    def as_rows(self) -> list[tuple[str, str]]:
        """Return (key, value) rows for a metadata sheet."""
        rows = [(f.name, getattr(self, f.name)) for f in fields(self)]
        return [(k, ("yes" if v else "no") if isinstance(v, bool) else str(v)) for k, v in rows]


def filename(stem: str, ext: str, *, day: date | None = None) -> str:
    """Return a safe download name like 'wsis-heatmap-sessions-2026-11-25.png'."""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_stem).strip("-_").lower()
    slug = re.sub(r"-{2,}", "-", slug)[:80].strip("-_") or "export"
    slug = slug if slug == "wsis" or slug.startswith("wsis-") else f"wsis-{slug}"
    suffix = re.sub(r"[^A-Za-z0-9]", "", ext).lower() or "bin"
    return f"{slug}-{(day or datetime.now(UTC).date()).isoformat()}.{suffix}"
