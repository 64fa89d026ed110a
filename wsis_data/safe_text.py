"""The one home of the escapers for record text (titles, organisation names, file names).

Text from records is data: it is never rendered as HTML, Markdown, XML markup or a spreadsheet
formula. Pick the escaper of the place the text goes:

- `plain`: Plotly strings (hovers, labels, titles render a subset of HTML).
- `literal`: Streamlit Markdown (captions, headings, messages).
- `xml_text`: text inside an XML element written by hand (GEXF/GraphML descriptions).
- `printable`: any text writable to XML 1.0 and UTF-8 (XLSX, GraphML, GEXF): control characters
  become their visible U+2400 pictures (\\x0b → ␋, \\x7f → ␡), lone surrogates U+FFFD;
  `printable_value` / `printable_graph` apply it inside containers and networkx graphs.
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
    "printable",
    "printable_graph",
    "printable_value",
    "quote",
    "spreadsheet_cell",
    "unquote",
    "xml_text",
]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_QUOTED = re.compile(r"'+[=+\-@\t\r\n\0]")
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
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


def xml_attribute(text: object) -> str:
    """Text escaped for an HTML or XML attribute value in double or single quotes.

    >>> xml_attribute('a "b" & <c>')
    'a &quot;b&quot; &amp; &lt;c&gt;'
    """
    return html.escape("" if text is None else str(text), quote=True)


def is_formula(text: str) -> bool:
    """True if a spreadsheet would read `text` as a formula (a plain number is not one)."""
    return text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text)


def neutralise(value: object) -> object:
    """`value` with a quote before formula-like text; anything else (numbers too) unchanged."""
    if isinstance(value, str) and is_formula(value):
        return "'" + value
    return value


def spreadsheet_cell(value: Any) -> Any:
    """A cell made writable (`printable`) with formula-like text neutralised, or each part of a
    tuple (a MultiIndex label)."""
    if isinstance(value, str):
        return neutralise(printable(value))
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
