""" "Cite this": the one element that shows a citation (plain text and BibTeX) on any page.

Called from the sidebar (the current view, every page) and from the download panel (one export).
The citation itself is built in `wsis_data.citation`.
"""

from __future__ import annotations

import streamlit as st

from wsis_data.citation import Citation


def cite_this(citation: Citation, where=None) -> None:
    """Show `citation` as copyable plain text and BibTeX (record text stays literal in st.code)."""
    where = where or st
    where.caption("Cite this: plain text, then BibTeX. The link reopens the same view.")
    where.code(citation.text(), language=None, wrap_lines=True)
    where.code(citation.bibtex(), language="bibtex", wrap_lines=True)
