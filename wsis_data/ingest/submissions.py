"""Outcome submissions in ITU's WSIS Forum template (.txt, .md, .docx, .pdf) → a session record.

The template's sections are found by their wording, not their numbering ("1) Title of your
session", "1. Title...", "**Title of your session**", "## I. Debated Issues" all work). Page
headers that PDF extraction repeats inside the text ("WSIS | 19-23 FORUM | MARCH 2018 Geneva |
Switzerland") are dropped. Action Lines come from the "Relevance with the WSIS Action Lines"
section (provenance ``submission``); SDGs explicitly named anywhere ("SDG 9") too. Suggested SDGs
(`wsis_data.ingest.suggest`) are kept apart with provenance ``suggested``.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from zipfile import BadZipFile

from wsis_data.errors import IngestError, UnknownCodeError
from wsis_data.ingest import limits
from wsis_data.mentions import codes, find_action_lines, find_sdgs
from wsis_data.normalise import normalise_action_line
from wsis_data.records import SessionRecord, Tag, sdg_tags

SUBMISSION_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".docx", ".pdf")

#: section key → pattern of its heading (after numbering and markup are removed)
SECTIONS: dict[str, str] = {
    "title": r"title of (?:your|the) session",
    "organisers": r"name of (?:the )?organi[sz]ations?(?:/s|\(s\))?\b",
    "action_lines": r"relevance (?:with|to) the wsis action lines",
    "achievements": r"key achievements",
    "main_outcomes": r"main outcomes",
    "debated_issues": r"debated issues",
    "quotes": r"quotes\b",
    "overall_outcomes": r"overall outcomes",
    "sdgs": r"main linkages with the (?:sustainable development goals|sdgs?)\b",
    "trends": r"emerging trends",
    "suggestions": r"suggestions for thematic aspects",
}
SECTION_LABELS: dict[str, str] = {
    "preamble": "Template header",
    "title": "Title of the session",
    "organisers": "Organising organisations",
    "action_lines": "Relevance with the WSIS Action Lines",
    "achievements": "Key achievements, announcements, launches, agreements, commitments",
    "main_outcomes": "Main outcomes",
    "debated_issues": "Debated issues",
    "quotes": "Quotes",
    "overall_outcomes": "Overall outcomes",
    "sdgs": "Main linkages with the SDGs",
    "trends": "Emerging trends",
    "suggestions": "Suggestions for next year's thematic aspects",
}
_NUMBERING = re.compile(r"^(?:\(?(?:\d{1,2}|[ivxIVX]{1,4}|[a-hA-H])[.)]\s*)+")
_MARKUP = re.compile(r"^[#>\s]*|[*_`]{1,3}")
_HEADINGS = re.compile("|".join(f"(?P<{k}>^{p})" for k, p in SECTIONS.items()), re.IGNORECASE)
_PAGE_HEADER = re.compile(
    r"^(?=.*\bWSIS\b)(?=.*\bFORUM\b)(?=.*(?:\||\b\d{1,2}\s*[-–]\s*\d{1,2}\b)).{0,90}$"
    r"|^Geneva\s*\|?\s*Switzerland$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\bWSIS\s+Forum\s+(20\d\d)\b", re.IGNORECASE)
_HEADER_YEAR = re.compile(r"\b(20\d\d)\b")
_PROMPT = re.compile(r"^(?:[-•*]\s*please\b|please complete this document)", re.IGNORECASE)
#: A Markdown link ``[text](url)``, one level of parentheses in the url. Linear in the line: the
#: text stops at any bracket and each run of the url at any parenthesis or space, and every
#: repetition starts at a parenthesis, so no two attempts scan the same characters
#: (``\[([^\]]*)\]\([^)]*\)`` rescanned the rest of the line from every ``[``: 60,000 ``[``
#: took 18 s).
_LINK = re.compile(r"\[([^\[\]]*)\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)")
_TAG = re.compile(r"</?\w+>")
#: Characters of a piece of the Action Lines section tried as one label (the longest name is
#: about 60); a longer piece is reported as unrecognised (the lookup tries every split in two).
MAX_LABEL_CHARS = 200


@dataclass
class Submission:
    """What an outcome submission says: the record and the text of each section."""

    record: SessionRecord
    sections: list[tuple[str, str]]  # (section label, text)
    unrecognised_action_lines: list[str] = field(default_factory=list)

    def section(self, key: str) -> str:
        """The text of a section by key ("sdgs", "achievements", ...), or ""."""
        label = SECTION_LABELS.get(key, key)
        return "\n".join(body for heading, body in self.sections if heading == label)

    @property
    def text(self) -> str:
        """All section texts, for search."""
        return "\n\n".join(body for _, body in self.sections)

    @property
    def prose(self) -> str:
        """The section texts other than the Action Line list, for SDG suggestions."""
        skip = SECTION_LABELS["action_lines"]
        return "\n\n".join(body for heading, body in self.sections if heading != skip)


def document_text(data: bytes, name: str) -> str:
    """The text of a submission file (.txt/.md decoded; .docx paragraphs; .pdf text layer)."""
    suffix = PurePath(name).suffix.lower()
    if not data.strip():
        raise IngestError(f"{name}: the file is empty")
    if suffix in (".txt", ".md"):
        from wsis_data.ingest.readers import decode

        if len(data) > 4 * limits.MAX_SUBMISSION_CHARS:  # 4 bytes or more per character
            _too_long(name, f"{limits.size(len(data))}")
        text = decode(data, name)[0].removeprefix("\ufeff")
    elif suffix == ".docx":
        text = _docx_text(data, name)
    elif suffix == ".pdf":
        text = _pdf_text(data, name)
    else:
        raise IngestError(
            f"{name}: unsupported submission type {suffix or '(no suffix)'!r}; "
            f"expected one of {', '.join(SUBMISSION_SUFFIXES)}"
        )
    if len(text) > limits.MAX_SUBMISSION_CHARS:
        _too_long(name, f"{len(text):,} characters")
    return text


def _too_long(name: str, found: str) -> None:
    raise IngestError(
        f"{name}: the text is {found}; an outcome submission may have up to "
        f"{limits.MAX_SUBMISSION_CHARS:,} characters (a real one has about 20,000)"
    )


def _docx_text(data: bytes, name: str) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    from wsis_data.ingest.readers import check_zip

    check_zip(data, name, "docx")
    try:
        document = docx.Document(io.BytesIO(data))
        lines = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                lines.extend(cell.text for cell in row.cells)
    except (PackageNotFoundError, BadZipFile, KeyError, ValueError, OSError) as exc:
        raise IngestError(f"{name}: not a readable Word (.docx) document ({exc})") from exc
    except Exception as exc:  # a hostile file can make the parser fail in any way
        raise IngestError(
            f"{name}: not a readable Word (.docx) document ({type(exc).__name__}: {exc})"
        ) from exc
    return "\n".join(lines)


def _pdf_text(data: bytes, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    pages: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise IngestError(f"{name}: the PDF is encrypted; save an unprotected copy")
        n_pages = len(reader.pages)
        if n_pages > limits.MAX_PDF_PAGES:
            raise IngestError(
                f"{name}: the PDF has {n_pages:,} pages; an outcome submission may have up to "
                f"{limits.MAX_PDF_PAGES} (a real one has 2–10)"
            )
        n_chars = 0
        for page in reader.pages:  # each content stream is decompressed up to pypdf's limit
            pages.append(page.extract_text() or "")
            n_chars += len(pages[-1])
            if n_chars > limits.MAX_SUBMISSION_CHARS:
                _too_long(name, f"over {n_chars:,} characters by page {len(pages)}")
    except IngestError:
        raise
    except (PyPdfError, ValueError, KeyError, OSError, TypeError) as exc:
        raise IngestError(f"{name}: not a readable PDF ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # a hostile file can make the parser fail in any way
        raise IngestError(f"{name}: not a readable PDF ({type(exc).__name__}: {exc})") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise IngestError(
            f"{name}: the PDF has no text layer (a scanned image?); run it through OCR or "
            "submit the .docx or text version"
        )
    return text


def _clean(line: str) -> str:
    """A line without markdown/bold markup, links reduced to their text."""
    line = _LINK.sub(r"\1", line)
    line = _TAG.sub("", line)
    return _MARKUP.sub("", line).strip()


def _heading(line: str) -> tuple[str, str] | None:
    """(section key, rest of the line) when the line is a template heading."""
    if len(line) > 300:
        return None
    bare = _NUMBERING.sub("", line).strip()
    match = _HEADINGS.match(bare)
    if match is None:
        return None
    key = match.lastgroup or ""
    rest = bare[match.end() :].strip()
    return key, rest.partition(":")[2].strip()  # an answer written after a colon


def split_sections(text: str) -> list[tuple[str, list[str]]]:
    """(section key, lines) in document order; "preamble" before the first heading.

    A heading wrapped over two lines (as PDF text often is) is read as one.
    """
    lines = [line for line in map(_clean, text.splitlines()) if line]
    lines = [line for line in lines if not _PAGE_HEADER.match(line)]
    out: list[tuple[str, list[str]]] = [("preamble", [])]
    i = 0
    while i < len(lines):
        line = lines[i]
        found = _heading(line)
        if found is None and len(line) < 80 and i + 1 < len(lines):
            found = _heading(f"{line} {lines[i + 1]}")
            i += found is not None
        if found:
            out.append((found[0], [found[1]] if found[1] else []))
        else:
            out[-1][1].append(line)
        i += 1
    return out


def document_year(text: str) -> int | None:
    """The Forum year: "WSIS Forum 2018" first, else the year in a page header."""
    match = _YEAR.search(text)
    if match:
        return int(match[1])
    for line in text.splitlines():
        cleaned = _clean(line)
        if _PAGE_HEADER.match(cleaned) and (year := _HEADER_YEAR.search(cleaned)):
            return int(year[1])
    return None


def _action_lines(lines: list[str]) -> tuple[list[str], list[str]]:
    """Codes named in the Action Lines section and lines that name none."""
    found: list[str] = []
    unknown: list[str] = []
    for line in lines:
        item = re.sub(r"^[-•*\s]+", "", line)
        matches = [str(c) for c in codes(find_action_lines(item))]
        if matches:
            found += matches
            continue
        pieces = [p.strip(" .") for p in re.split(r"[,;]", item)]
        for piece in filter(None, pieces):
            if len(piece) > MAX_LABEL_CHARS:
                unknown.append(piece)
                continue
            try:
                found.append(normalise_action_line(piece))
            except UnknownCodeError:
                unknown.append(piece)
    return list(dict.fromkeys(found)), unknown


def _organisers(lines: list[str]) -> list[str]:
    names: list[str] = []
    for line in lines:
        item = re.sub(r"^[-•*\s]+", "", line)
        names += [p.strip() for p in re.split(r"[;\n]", item) if p.strip()]
    return list(dict.fromkeys(names))


def submission_id(year: int, title: str) -> str:
    """The id given to a submission (the template has none): "OD2018-" and a hash of the title."""
    key = " ".join(re.findall(r"\w+", title.casefold()))
    return f"OD{year}-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def parse_submission(text: str, name: str, *, year: int | None = None) -> Submission:
    """Read an outcome submission's text (raises `IngestError` naming what is missing)."""
    parts = split_sections(text)
    keys = {key for key, _ in parts}
    if "title" not in keys:
        raise IngestError(
            f"{name}: no 'Title of your session' heading found: not an outcome submission in "
            "ITU's template?"
        )
    by_key: dict[str, list[str]] = {}
    for key, lines in parts:
        by_key.setdefault(key, []).extend(lines)
    title_lines = [line for line in by_key.get("title", []) if not _PROMPT.match(line)]
    title = " ".join(title_lines).strip()
    if not title:
        raise IngestError(f"{name}: the 'Title of your session' section is empty")
    year = year or document_year(text)
    if year is None:
        raise IngestError(f"{name}: no Forum year found (no 'WSIS Forum 20xx' in the document)")
    als, unknown = _action_lines(by_key.get("action_lines", []))
    sections = [
        (SECTION_LABELS[key], "\n".join(line for line in lines if not _PROMPT.match(line)))
        for key, lines in parts
        if key != "preamble" and lines
    ]
    body_text = "\n".join(line for key, lines in parts if key != "preamble" for line in lines)
    found = find_sdgs(body_text)
    named = [m.target for m in found if m.target]  # "SDG 9.c": SDG 9 with its target 9.c
    record = SessionRecord(
        year=year,
        session_id=submission_id(year, title),
        title=title,
        organisers=tuple(_organisers(by_key.get("organisers", []))),
        action_lines=tuple(Tag(c, "submission") for c in als),
        sdgs=sdg_tags([int(g) for g in codes(found)], named, "submission"),
        note=f"from the outcome submission {name}",
    )
    return Submission(record=record, sections=sections, unrecognised_action_lines=unknown)


def read_submission(data: bytes, name: str, *, year: int | None = None) -> Submission:
    """Read an outcome submission file (.txt/.md/.docx/.pdf)."""
    return parse_submission(document_text(data, name), name, year=year)


def looks_like_submission(text: str) -> bool:
    """Whether a text file is an outcome submission (it has the template's title heading)."""
    from wsis_data.ingest.readers import lines

    try:  # the first lines only, one at a time (never a split of the whole text)
        return any(
            (found := _heading(_clean(line))) and found[0] == "title"
            for line in lines(text, "", limits.SNIFF_LINES)
        )
    except IngestError:  # a line too long to be a heading: not a submission
        return False
