"""Share and cite: the one home of the link to a view, its embed snippet and its citation.

- `share_url()`: the current page's address with every query parameter (equals the address bar
  once the page has run).
- `fill_share_menu(...)`: the contents of the "Share" popover every page has (drawn in the sidebar
  by `pages/_sidebar.view_links`, made when it opens): the link, an ``<iframe>`` snippet opening
  the same view in Streamlit's embed mode, and the citation.
- `cite_this(...)`: a citation as plain text and BibTeX (also in every download panel and on the
  Reports page).

The texts are built in `wsis_data.citation` (`Citation`, `embed_snippet`).
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from wsis_data.citation import Citation, embed_snippet, embed_url


def share_url() -> str:
    """The current page's address with every query parameter (filters and view settings)."""
    base = (st.context.url or "").split("?", 1)[0]
    params = [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]
    return f"{base}?{urlencode(params)}" if params else base


def cite_this(citation: Citation, where=None) -> None:
    """Show `citation` as copyable plain text and BibTeX (record text stays literal in st.code)."""
    where = where or st
    where.caption("Cite this: plain text, then BibTeX. The link reopens the same view.")
    where.code(citation.text(), language=None, wrap_lines=True)
    where.code(citation.bibtex(), language="bibtex", wrap_lines=True)


def fill_share_menu(citation: Citation, title: str) -> None:
    """The Share menu: copy the link, embed the view, cite it (each a copyable code block)."""
    link = citation.link
    st.caption("Link: reopens this page with the current filters and view (copy it).")
    st.code(link, language=None, wrap_lines=True)
    st.caption(
        "Embed: paste into a web page to show this view without the dashboard's menus "
        f"([preview]({embed_url(link)}))."
    )
    st.code(embed_snippet(link, title), language="html", wrap_lines=True)
    cite_this(citation)
