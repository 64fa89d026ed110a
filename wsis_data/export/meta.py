"""What an export says about itself (`ExportMeta`: title, dataset, filters, tags, time) and its
file name (`filename`: page, measure, year span, chosen filters, date — bounded, safe characters,
so a second export of another view does not overwrite the first; `name_detail` builds the middle
from the filters)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime

from wsis_data.filters import NO_FILTERS, Filters

__all__ = ["NAME_LIMIT", "ExportMeta", "filename", "name_detail"]

NAME_LIMIT = 120  # characters of a file name before its date and extension


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
    name: str = ""  # what the file holds, for its name (`name_detail`); not a metadata row
    #: The chart's alt text (`wsis_data.figures.describe`), written into the file's own metadata
    #: by `export.file_meta` (SVG <desc>, PDF Subject, PNG "Description") and the metadata sheet.
    description: str = ""

    def footer(self) -> str:
        """Return the one-line footer baked into images and HTML."""
        try:
            stamp = datetime.fromisoformat(self.generated_at)
            when = (stamp.astimezone(UTC) if stamp.tzinfo else stamp).strftime("%Y-%m-%d %H:%M UTC")
        except ValueError:
            when = self.generated_at
        # The tags counted have their own part: "Filters" names only the filters chosen.
        parts = [p for p in self.filters.split("; ") if p and p != NO_FILTERS]
        chosen = "; ".join(p for p in parts if not p.startswith("tags "))
        parts = (f"Dataset: {self.dataset}", f"Filters: {chosen or 'none'}")
        parts += (f"Tags: {self.provenances or 'none'}", f"Generated {when}")
        line = " · ".join(" ".join(p.split()) for p in parts)
        return f"SYNTHETIC DATA · {line}" if self.synthetic else line

    def as_rows(self) -> list[tuple[str, str]]:
        """Return (key, value) rows for a metadata sheet."""
        rows = [(f.name, getattr(self, f.name)) for f in fields(self) if f.name != "name"]
        return [(k, ("yes" if v else "no") if isinstance(v, bool) else str(v)) for k, v in rows]


def _slug(text: str) -> str:
    """ASCII letters, digits, '-' and '_' only, lower case, no doubled or trailing '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_text).strip("-_").lower()
    return re.sub(r"-{2,}", "-", slug)


def name_detail(filters: Filters, title: str = "") -> str:
    """The middle of a file name: the measure (a title's part after " — "), the year span and
    each chosen filter (Action Line codes, SDGs, types, organisers, title words)."""
    parts = [title.rsplit(" — ", 1)[1]] if " — " in title else []
    if filters.years:
        lo, hi = filters.years
        parts.append(f"{lo}" if lo == hi else f"{lo}-{hi}")
    parts += list(filters.action_lines) + [f"sdg{g}" for g in filters.sdgs]
    parts += list(filters.session_types) + list(filters.organisers)
    parts += [f"title-{filters.text}"] if filters.text else []
    return "-".join(_slug(p) for p in parts if _slug(p))


def filename(stem: str, ext: str, *, detail: str = "", day: date | None = None) -> str:
    """Return a safe download name like 'wsis-heatmap-sessions-2018-2022-c3-2026-11-25.png':
    `stem` (the page's chart or table), `detail` (`name_detail`), cut at `NAME_LIMIT`."""
    slug = _slug(f"{stem}-{detail}" if detail else stem)[:NAME_LIMIT].strip("-_") or "export"
    slug = slug if slug == "wsis" or slug.startswith("wsis-") else f"wsis-{slug}"
    suffix = re.sub(r"[^A-Za-z0-9]", "", ext).lower() or "bin"
    return f"{slug}-{(day or datetime.now(UTC).date()).isoformat()}.{suffix}"
