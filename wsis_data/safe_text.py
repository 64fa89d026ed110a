"""The one home of the escapers for record text (titles, organisation names, file names).

Text from records is data: it is never rendered as HTML, Markdown, XML markup or a spreadsheet
formula. Pick the escaper of the place the text goes:

- `plain`: Plotly strings (hovers, labels, titles render a subset of HTML).
- `literal`: Streamlit Markdown (captions, headings, messages).
- `xml_text`: text inside an XML element written by hand (GEXF/GraphML descriptions).
- `neutralise` / `quote` / `unquote`: spreadsheet formula injection (OWASP "CSV Injection");
  `spreadsheet_cell` applies `neutralise` through tuples (index labels).

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

import html
import re
from typing import Any

__all__ = [
    "FORMULA_START",
    "is_formula",
    "literal",
    "neutralise",
    "plain",
    "quote",
    "spreadsheet_cell",
    "unquote",
    "xml_text",
]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_QUOTED = re.compile(r"'+[=+\-@\t\r\n\0]")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")  # & too: "&amp;" stays as written


def plain(text: object) -> str:
    """Text from records made safe for Plotly's HTML-capable labels (shown literally).

    Quotes become numeric references: plotly.js decodes only a few named entities (``&amp;``,
    ``&lt;``, ``&gt;``...) and would show ``&quot;`` as written. ``$`` too: text between two
    ``$`` is typeset as LaTeX where MathJax is loaded.
    """
    escaped = html.escape("" if text is None else str(text), quote=False)
    return escaped.replace('"', "&#34;").replace("'", "&#39;").replace("$", "&#36;")


def literal(text: object) -> str:
    r"""Record text (a title, a file name) escaped so Streamlit's Markdown shows it literally.

    >>> print(literal("a_b*[x](y)"))
    a\_b\*\[x\]\(y\)
    """
    return _MARKDOWN.sub(r"\\\1", str(text))


def xml_text(text: str) -> str:
    """Text escaped for the content of an XML element (``&``, ``<``, ``>``)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def is_formula(text: str) -> bool:
    """True if a spreadsheet would read `text` as a formula (a plain number is not one)."""
    return text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text)


def neutralise(value: object) -> object:
    """`value` with a quote before formula-like text; anything else (numbers too) unchanged."""
    if isinstance(value, str) and is_formula(value):
        return "'" + value
    return value


def spreadsheet_cell(value: Any) -> Any:
    """`neutralise` applied to a cell, or to each part of a tuple (a MultiIndex label)."""
    if isinstance(value, str):
        return neutralise(value)
    return tuple(map(spreadsheet_cell, value)) if isinstance(value, tuple) else value


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
