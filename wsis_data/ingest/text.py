"""Control characters in record text: found and refused at import, dropped from searches.

A control character (U+0000–U+001F but tab, line feed and carriage return, and U+007F) has no
place in a title, an organisation or any other field: XML formats (XLSX, GraphML) cannot hold
it, SQLite cuts a pattern at a NUL, and a terminal may act on it. The importer refuses a row
holding one (a problem naming row, column and value, the character made visible).

>>> controls("Data\\x0bfor\\x00all")
('U+000B', 'U+0000')
>>> visible_controls("Data\\x0bfor")
'Data\\\\x0bfor'
>>> without_controls("a\\x00b\\tc")
'ab\\tc'
"""

from __future__ import annotations

import re

__all__ = ["CONTROL", "controls", "visible_controls", "without_controls"]

#: One control character that text may not hold (tab, line feed, carriage return are allowed).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def controls(text: str) -> tuple[str, ...]:
    """The distinct control characters of `text` as code points ("U+000B"), in order."""
    return tuple(dict.fromkeys(f"U+{ord(c):04X}" for c in CONTROL.findall(text)))


def visible_controls(text: str) -> str:
    """`text` with each control character written as ``\\xNN`` (safe to show and export)."""
    return CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


def without_controls(text: str) -> str:
    """`text` with its control characters dropped."""
    return CONTROL.sub("", text)
