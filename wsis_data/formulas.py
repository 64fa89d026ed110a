"""Spreadsheet formula injection (OWASP "CSV Injection"): which text a spreadsheet would run.

A spreadsheet opening a CSV (or a formula cell of an XLSX) treats text starting with ``=``,
``+``, ``-``, ``@``, tab or carriage return as a formula; OWASP's list now adds line feed, and
ASVS 1.2.10 the NUL character. Such text is written with a leading single quote (OWASP's
advice). Text that is a plain number ("-12", "+3.5", "-1e5") is left alone: a spreadsheet reads
it as that number and it cannot hold a formula; "-1+cmd|' /C calc'!A0" is not a plain number.

`quote` also quotes text that already starts with quotes before a formula character, so that
`unquote` (used when a quarantine file comes back) removes exactly the quote added, and a round
trip gives back every cell as it was.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_QUOTED = re.compile(r"'+[=+\-@\t\r\n\0]")


def is_formula(text: str) -> bool:
    """True if a spreadsheet would read `text` as a formula (a plain number is not one)."""
    return text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text)


def neutralise(value: object) -> object:
    """`value` with a quote before formula-like text; anything else (numbers too) unchanged."""
    if isinstance(value, str) and is_formula(value):
        return "'" + value
    return value


def quote(value: object) -> object:
    """Like `neutralise`, and text made of quotes before a formula gets one more (reversible)."""
    if isinstance(value, str) and (is_formula(value) or _QUOTED.match(value)):
        return "'" + value
    return value


def unquote(value: object) -> object:
    """Undo `quote`: remove the one leading quote it added before a formula character."""
    if isinstance(value, str) and _QUOTED.match(value):
        return value[1:]
    return value
