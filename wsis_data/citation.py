r"""Cite this: the one home of a citation for a view, a chart export or a report.

A citation is built on the export stamp (`wsis_data.export.ExportMeta`: title, dataset, filters,
tags counted, time) and adds what a reader needs to find the same numbers again: where the
dataset comes from, the date of access and the link that reopens the view. It is given as plain
text and as BibTeX.

>>> from wsis_data.export import ExportMeta
>>> meta = ExportMeta("Heatmap", "Demo", "years 2018", "page", generated_at="2026-11-29T10:00:00Z")
>>> c = Citation(meta, source="Made up", link="https://example.org/?years=2018")
>>> print(c.text().replace(". ", ".\n"))
WSIS–SDG dashboard (2026).
Heatmap.
Dataset: Demo (Made up).
Filters: years 2018.
Tags counted: page.
Accessed 2026-11-29.
https://example.org/?years=2018
>>> print(c.bibtex().splitlines()[0])
@misc{wsis-sdg-2026-11-29-heatmap,
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from wsis_data.dataset import Dataset
from wsis_data.export import ExportMeta
from wsis_data.filters import NO_FILTERS, Filters
from wsis_data.provenance import provenances_text
from wsis_data.safe_text import xml_attribute

PUBLISHER = "WSIS–SDG dashboard"
#: BibTeX's special characters and how to write them literally.
_BIBTEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def bibtex_literal(text: str) -> str:
    """`text` on one line with BibTeX's special characters escaped (record text stays text)."""
    return "".join(_BIBTEX.get(ch, ch) for ch in _one_line(text))


@dataclass(frozen=True)
class Citation:
    """How to cite one view: the export stamp, the dataset's source and the link to reopen it."""

    meta: ExportMeta
    source: str = ""
    link: str = ""

    @property
    def accessed(self) -> str:
        """The date of access (the day the stamp was made), ISO 8601."""
        return self.meta.generated_at[:10]

    def text(self) -> str:
        """The citation as one plain-text paragraph (synthetic data says so first)."""
        m = self.meta
        dataset = _one_line(m.dataset) + (f" ({_one_line(self.source)})" if self.source else "")
        parts = [
            f"{PUBLISHER} ({self.accessed[:4]}). {_one_line(m.title)}.",
            f"Dataset: {dataset}.",
            f"Filters: {_filters(m.filters)}.",
            f"Tags counted: {_one_line(m.provenances) or 'none'}.",
            f"Accessed {self.accessed}.",
        ]
        if self.link:
            parts.append(_one_line(self.link))
        text = " ".join(parts)
        return f"SYNTHETIC DATA, not real sessions. {text}" if m.synthetic else text

    def key(self) -> str:
        """A BibTeX key: 'wsis-sdg-<date>-<title slug>'."""
        ascii_title = unicodedata.normalize("NFKD", self.meta.title).encode("ascii", "ignore")
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.decode().lower()).strip("-")[:40]
        return f"wsis-sdg-{self.accessed}-{slug or 'view'}".strip("-")

    def bibtex(self) -> str:
        """The citation as a BibTeX @misc entry (every field escaped)."""
        m = self.meta
        note = [f"Dataset: {m.dataset}" + (f" ({self.source})" if self.source else "")]
        note += [f"Filters: {_filters(m.filters)}", f"Tags counted: {m.provenances or 'none'}"]
        if m.synthetic:
            note.insert(0, "SYNTHETIC DATA, not real sessions")
        fields = [
            ("title", m.title),
            ("author", "{" + PUBLISHER + "}"),
            ("year", self.accessed[:4]),
            ("note", ". ".join(note)),
            ("urldate", self.accessed),
        ]
        lines = [f"@misc{{{self.key()},"]
        for name, value in fields:
            literal = value if name == "author" else bibtex_literal(value)
            lines.append(f"  {name} = {{{literal}}},")
        if self.link:
            lines.append(f"  url = {{{_one_line(self.link)}}},")
        lines.append("}")
        return "\n".join(lines)

    def rows(self) -> list[tuple[str, str]]:
        """(key, value) rows for a metadata sheet: the stamp, then source, link and citations."""
        return [
            *self.meta.as_rows(),
            ("source", self.source),
            ("link", self.link),
            ("accessed", self.accessed),
            ("cite (text)", self.text()),
            ("cite (BibTeX)", self.bibtex()),
        ]


def dataset_source(dataset: Dataset) -> str:
    """Where a dataset's records come from, in one sentence (its first note)."""
    return _one_line(dataset.info.notes[0]) if dataset.info.notes else ""


def cite(
    dataset: Dataset, filters: Filters, title: str, *, link: str = "", notes: str = ""
) -> Citation:
    """The citation of `title` showing `dataset` under `filters`, reopened by `link`."""
    meta = ExportMeta(
        title=title,
        dataset=dataset.info.chart_note,
        filters=filters.describe(),
        provenances=provenances_text(filters.provenances),
        synthetic=dataset.info.synthetic,
        notes=notes,
    )
    return Citation(meta, source=dataset_source(dataset), link=link)


def _filters(text: str) -> str:
    """The filters as cited: "none" when no filter is set."""
    return "none" if _one_line(text) in ("", NO_FILTERS) else _one_line(text)


#: Streamlit's own query parameters for embed mode (never part of the view itself).
EMBED_PARAMS = ("embed", "embed_options")


def embed_url(link: str) -> str:
    """The link opened in Streamlit's embed mode (``embed=true``: no toolbar, header or menu).

    >>> embed_url("https://example.org/trends?tr_by=sdg&embed=false")
    'https://example.org/trends?tr_by=sdg&embed=true'
    """
    parts = urlsplit(link)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query = [(k, v) for k, v in query if k not in EMBED_PARAMS] + [("embed", "true")]
    return urlunsplit(parts._replace(query=urlencode(query)))


def embed_snippet(link: str, title: str, *, height: int = 800) -> str:
    """An ``<iframe>`` showing the view of `link` in embed mode, to paste into a web page
    (the address and the title escaped as attribute values: record text stays text).

    >>> print(embed_snippet("https://example.org/?org=A%26B", "Heatmap <1>"))
    <iframe src="https://example.org/?org=A%26B&amp;embed=true" title="Heatmap &lt;1&gt;" \
width="100%" height="800" style="border:0" loading="lazy"></iframe>
    """
    return (
        f'<iframe src="{xml_attribute(embed_url(link))}" title="{xml_attribute(title)}" '
        f'width="100%" height="{int(height)}" style="border:0" loading="lazy"></iframe>'
    )
