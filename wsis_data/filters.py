"""The `Filters` value: what the user asked to see (`wsis_data.views.apply_filters` applies it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from wsis_data.provenance import DECLARED_PROVENANCES, provenances_text
from wsis_data.taxonomy import action_line_label, sdg_label

#: Longest "title contains" query kept (the longest session title seen is under 200 characters).
TITLE_QUERY_LIMIT = 300
#: What `Filters.describe` says when no filter is set (exports and citations write "none").
NO_FILTERS = "no filters"


def bounded_title_query(text: str) -> tuple[str, str | None]:
    """The "title contains" query, stripped and cut to `TITLE_QUERY_LIMIT` characters.

    Returns the query and, when it was cut, a short note for the user (else None).

    >>> bounded_title_query("  ITU ")
    ('ITU', None)
    >>> query, note = bounded_title_query("x" * 1000)
    >>> len(query), note is not None
    (300, True)
    """
    query = text.strip()
    if len(query) <= TITLE_QUERY_LIMIT:
        return query, None
    note = (
        f"'Title contains' keeps the first {TITLE_QUERY_LIMIT} characters of the "
        f"{len(query):,} given."
    )
    return query[:TITLE_QUERY_LIMIT], note


@dataclass(frozen=True)
class Filters:
    """What the user asked to see. Empty tuples mean 'all'; hashable, so it can key a cache.

    Selecting "C7" selects C7 with every sub-line; selecting a sub-line selects only it.
    ``text`` (title contains, ignoring case) keeps its first `TITLE_QUERY_LIMIT` characters;
    a page tells the user so with the note of `bounded_title_query`.
    """

    years: tuple[int, int] | None = None
    action_lines: tuple[str, ...] = ()
    sdgs: tuple[int, ...] = ()
    session_types: tuple[str, ...] = ()
    organisers: tuple[str, ...] = ()
    text: str = ""
    provenances: frozenset[str] = field(default=DECLARED_PROVENANCES)

    def __post_init__(self) -> None:
        if len(self.text) > TITLE_QUERY_LIMIT:
            object.__setattr__(self, "text", self.text[:TITLE_QUERY_LIMIT])

    def describe(self) -> str:
        """The active filters in one line (for captions and export metadata), or "no filters".

        The tags counted are not a filter here: `tags_counted` says them.
        """
        parts = []
        if self.years:
            lo, hi = self.years
            parts.append(f"years {lo}" if lo == hi else f"years {lo}–{hi}")
        if self.action_lines:
            labels = (action_line_label(c, collapse_c7=c == "C7") for c in self.action_lines)
            parts.append("Action Lines " + ", ".join(labels))
        if self.sdgs:
            parts.append(", ".join(sdg_label(g) for g in self.sdgs))
        if self.session_types:
            parts.append("types " + ", ".join(self.session_types))
        if self.organisers:
            parts.append("organisers " + ", ".join(self.organisers))
        if self.text:
            parts.append(f"title contains {self.text!r}")
        return "; ".join(parts) or NO_FILTERS

    @property
    def tags_counted(self) -> str:
        """Which tag provenances count, for a caption: "tags counted: page, title, …"."""
        return "tags counted: " + (provenances_text(self.provenances) or "none")
