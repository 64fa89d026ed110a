"""A facilitator's pack for one Action Line (or C7 sub-line): what the records say about it.

Its SDG profile ranked and set against the facilitators' official WSIS–SDG Matrix links (official
links no session made, links sessions made outside the matrix), its sessions year by year, the
organisations behind it and their partners, its sessions, and the key achievements the organisers
reported in their outcome submissions.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations

import pandas as pd

from wsis_data.citation import cite
from wsis_data.dataset import Dataset
from wsis_data.filters import Filters
from wsis_data.matrix import GAP_STATUSES, build_matrix
from wsis_data.official import official_grid
from wsis_data.reports import parts
from wsis_data.reports.model import Report, Table, Text
from wsis_data.reports.outcomes import years_text
from wsis_data.taxonomy import SDG_GOALS, action_line, collapse_code, sdg
from wsis_data.views import apply_filters
from wsis_data.words import counted

TOP_PARTNERS = 5


def facilitator_pack(
    dataset: Dataset,
    filters: Filters,
    code: str,
    *,
    link: str = "",
    db: str | None = None,
    progress: parts.Progress = parts.no_progress,
) -> Report:
    """The pack of Action Line `code` ("C3", "C7", "C7.e-health") for `dataset` under `filters`.

    The Action Line filter is replaced by `code`; the other filters hold.
    """
    line = action_line(code)
    collapse = line.parent is None  # "C7" covers its sub-lines; a sub-line stands alone
    progress(0.05, "Selecting the sessions")
    chosen = replace(filters, action_lines=(code,))
    view = apply_filters(dataset, chosen)
    every = apply_filters(dataset, replace(filters, action_lines=()))
    years = years_text(filters, every)
    label = line.code if collapse else f"{line.parent} {line.name}"
    title = f"{label} {line.name if collapse else ''}".strip()
    title = f"WSIS Action Line {title}: facilitator's pack, WSIS Forum {years}"
    citation = cite(dataset, chosen, title, link=link)
    named = line.facilitators or tuple(  # C7: its sub-lines' facilitators
        f
        for c in line_codes()
        if collapse_code(c) == code != c
        for f in action_line(c).facilitators
    )
    facilitators = ", ".join(dict.fromkeys(named)) or "not listed"
    intro = Text(
        "This Action Line",
        (
            f"{line.full_title}.",
            f"Facilitators: {facilitators}.",
            f"{view.n_sessions:,} sessions in the selection link to it.",
        ),
    )
    progress(0.2, "Profiling the SDGs")
    profile = _profile(view, code, collapse)
    progress(0.4, "Counting by year")
    trend = _trend(view, every)
    progress(0.55, "Finding the organisations")
    organisations = _organisations(view)
    sessions = parts.session_frame(view)
    marks = parts.mark_columns(view, sessions.index).filter(like="SDG ")
    listing = sessions.reset_index(drop=True)
    listing["SDGs (mark)"] = [
        ", ".join(f"{g.removeprefix('SDG ')} {m}" for g, m in row.items() if m)
        for _, row in marks.iterrows()
    ]
    progress(0.7, "Reading the submissions")
    achievements = _achievements(dataset, view, sessions, db)
    out = (
        intro,
        profile,
        trend,
        organisations,
        Table(
            "Sessions",
            "sessions",
            listing,
            note=parts.marks_note(view),
            widths=(2.5, 3.5, 20, 14, 12),
            wide=True,
        ),
        achievements,
        parts.dataset_text(dataset),
    )
    stem = f"facilitator-{code.replace('.', '-')}-{years.replace('–', '-')}-{dataset.info.name}"
    subtitle = f"{counted(view.n_sessions, 'session')} · {dataset.info.chart_note}"
    return Report("facilitator", title, subtitle, citation, dataset.info.notes, out, stem)


def _profile(view: Dataset, code: str, collapse: bool) -> Table:
    """SDGs by sessions, with the official link and the gap status of each."""
    grid = build_matrix(view, collapse_c7=collapse)
    row = grid.counts.loc[code] if code in grid.counts.index else pd.Series(0, index=SDG_GOALS)
    official = official_grid(collapse).loc[code]
    total = max(view.n_sessions, 1)
    frame = pd.DataFrame(
        {
            "SDG": [f"SDG {g} {sdg(g).short_name}" for g in SDG_GOALS],
            "Sessions": [int(row[g]) for g in SDG_GOALS],
            "Share of the line's sessions": [f"{row[g] / total:.0%}" for g in SDG_GOALS],
            "Official link": ["yes" if official[g] else "" for g in SDG_GOALS],
            "Status": [
                GAP_STATUSES[0 if official[g] and row[g] else 1 if official[g] else 2]
                if official[g] or row[g]
                else ""
                for g in SDG_GOALS
            ],
        }
    )
    frame = frame.sort_values(["Sessions", "Official link"], ascending=False, kind="stable")
    missing = int(((frame["Official link"] == "yes") & (frame["Sessions"] == 0)).sum())
    outside = int(((frame["Official link"] == "") & (frame["Sessions"] > 0)).sum())
    note = (
        f"Ranked by sessions. {counted(missing, 'official link')} with no session; "
        f"{counted(outside, 'SDG')} linked by sessions outside the official WSIS–SDG Matrix."
    )
    note = f"{note} {parts.projected_note(view)}".strip()
    return Table("SDG profile against the official matrix", "sdg_profile", frame, note=note)


def _trend(view: Dataset, every: Dataset) -> Table:
    """Sessions of the line per year, and their share of all sessions of that year."""
    mine = view.sessions["year"].value_counts()
    all_years = every.sessions["year"].value_counts().sort_index()
    frame = pd.DataFrame(
        {
            "Year": [int(y) for y in all_years.index],
            "Sessions": [int(mine.get(y, 0)) for y in all_years.index],
            "All sessions": [int(n) for n in all_years],
        }
    )
    pairs = zip(frame["Sessions"], frame["All sessions"], strict=True)
    frame["Share"] = [f"{s / a:.0%}" if a else "" for s, a in pairs]
    return Table("Sessions by year", "trend", frame, note="All sessions: under the same filters.")


def _organisations(view: Dataset) -> Table:
    """Organisations by sessions of the line, with the partners they organised them with."""
    orgs = view.organisers[["session_key", "organisation"]].drop_duplicates()
    counts = orgs["organisation"].value_counts()
    partners: dict[str, dict[str, int]] = {}
    for _, group in orgs.groupby("session_key"):
        for a, b in combinations(sorted(set(group["organisation"])), 2):
            partners.setdefault(a, {}).setdefault(b, 0)
            partners[a][b] += 1
            partners.setdefault(b, {}).setdefault(a, 0)
            partners[b][a] += 1
    rows = []
    for name, n in counts.items():
        top = sorted(partners.get(name, {}).items(), key=lambda kv: (-kv[1], kv[0]))
        text = "; ".join(f"{p} ({k})" for p, k in top[:TOP_PARTNERS])
        more = len(top) - TOP_PARTNERS
        rows.append((name, int(n), text + (f"; and {more} more" if more > 0 else "")))
    frame = pd.DataFrame(rows, columns=["Organisation", "Sessions", "Partners (sessions together)"])
    return Table(
        "Organisations and their partners",
        "organisations",
        frame,
        note="Organisation names resolved through the alias table; partners co-organised sessions.",
        widths=(10, 2, 20),
    )


def _achievements(dataset: Dataset, view: Dataset, sessions: pd.DataFrame, db) -> Table:
    """The key achievements each session's submission reports (sessions with a submission)."""
    texts = parts.section_texts(dataset, sessions, ("achievements",), db)
    from_submission = parts.submission_sessions(view)
    rows = []
    for key, year, sid, title in zip(
        sessions.index, sessions["Year"], sessions["ID"], sessions["Session"], strict=True
    ):
        pair = (int(year), str(sid))
        if pair in texts or int(key) in from_submission:
            text = parts.text_or_reason(texts, pair, "achievements", int(key) in from_submission)
            rows.append((int(year), str(sid), title, text))
    frame = pd.DataFrame(rows, columns=["Year", "ID", "Session", "Key achievements"])
    note = (
        f"From the outcome submissions: {len(texts):,} of {len(sessions):,} sessions have one "
        "stored; sessions with none are left out of this table."
    )
    return Table(
        "Key achievements", "achievements", frame, note=note, widths=(2.5, 3.5, 14, 30), wide=True
    )


def line_codes() -> tuple[str, ...]:
    """The codes a pack can be made for: C1–C11 and the eight C7 sub-lines."""
    from wsis_data.taxonomy import row_codes

    collapsed = row_codes(True)
    subs = tuple(c for c in row_codes(False) if collapse_code(c) == "C7" and c != "C7")
    return (*collapsed[:7], *subs, *collapsed[7:])
