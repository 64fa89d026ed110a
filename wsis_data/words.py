"""Counts said in words: "1 link", "2 links", "1 community", "3 communities" (one helper).

Every count the app writes next to a noun goes through `counted`; never "1 links" or "file(s)".
"""

from __future__ import annotations

__all__ = ["counted"]

#: Nouns whose plural is not the singular plus "s".
_IRREGULAR = {
    "community": "communities",
    "batch": "batches",
    "entry": "entries",
    "country": "countries",
}


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """The count and the noun in the right number (`plural` when the default is wrong).

    >>> counted(1, "link"), counted(2, "link"), counted(1200, "community"), counted(0, "batch")
    ('1 link', '2 links', '1,200 communities', '0 batches')
    >>> counted(1, "SDG"), counted(3, "SDG")
    ('1 SDG', '3 SDGs')
    """
    if n == 1:
        return f"{n:,} {singular}"
    return f"{n:,} {plural or _IRREGULAR.get(singular) or singular + 's'}"
