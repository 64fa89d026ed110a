"""Record text in files: spreadsheet formulas (OWASP "CSV Injection") and unwritable characters.

A spreadsheet opening a CSV (or a formula cell of an XLSX) treats text starting with ``=``,
``+``, ``-``, ``@``, tab or carriage return as a formula; OWASP's list now adds line feed, and
ASVS 1.2.10 the NUL character. Such text is written with a leading single quote (OWASP's
advice). Text that is a plain number ("-12", "+3.5", "-1e5") is left alone: a spreadsheet reads
it as that number and it cannot hold a formula; "-1+cmd|' /C calc'!A0" is not a plain number.

`quote` also quotes text that already starts with quotes before a formula character, so that
`unquote` (used when a quarantine file comes back) removes exactly the quote added, and a round
trip gives back every cell as it was.

`printable` makes any text writable to XML (XLSX, GraphML, GEXF) and UTF-8: control characters
that XML 1.0 forbids become their visible U+2400 "control pictures" (\\x0b → ␋, \\x7f → ␡) and
lone surrogates become U+FFFD; tab and line ends stay.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_QUOTED = re.compile(r"'+[=+\-@\t\r\n\0]")
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _stand_in(match: re.Match[str]) -> str:
    code = ord(match[0])
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"


def printable(text: str) -> str:
    r"""`text` writable to XML 1.0 and UTF-8: control characters shown as their U+2400 pictures,
    lone surrogates as U+FFFD (tab, line feed and carriage return kept).

    >>> printable("a\x0bb\x01c\td")
    'a␋b␁c\td'
    """
    return _UNWRITABLE.sub(_stand_in, text) if _UNWRITABLE.search(text) else text


def printable_value(value: object) -> object:
    """`printable` of text, of the text inside tuples, lists and dicts; anything else unchanged."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, tuple | list):
        return type(value)(map(printable_value, value))
    if isinstance(value, dict):
        return {printable_value(k): printable_value(v) for k, v in value.items()}
    return value


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


def printable_graph(graph: Any) -> Any:
    """A copy of a networkx graph whose node names and attributes are `printable` (for XML)."""
    out = graph.__class__()
    out.graph.update(printable_value(graph.graph))
    out.add_nodes_from((printable_value(n), printable_value(a)) for n, a in graph.nodes(data=True))
    out.add_edges_from(
        (printable_value(u), printable_value(v), printable_value(a))
        for u, v, a in graph.edges(data=True)
    )
    return out
