"""The command line's ``report`` subcommand: the outcomes report and the facilitator pack, in files.

``python -m wsis_data report outcomes --years 2018 --format docx,pdf,xlsx``
``python -m wsis_data report facilitator C3 --years 2017-2019 --dataset store``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wsis_data.errors import ExportError
from wsis_data.normalise import normalise_action_line
from wsis_data.reports.batch import load_dataset, selection
from wsis_data.reports.render import REPORT_FORMATS, write_report


def _formats(text: str) -> tuple[str, ...]:
    chosen = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    unknown = [f for f in chosen if f not in REPORT_FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown format(s) {', '.join(unknown) or '(none)'}; "
            f"expected a comma-separated list of {', '.join(REPORT_FORMATS)}"
        )
    return chosen


def add_report_command(sub, years_type) -> None:
    """Add ``report`` to the subparsers (`years_type` reads '2018' or '2017-2019')."""
    rep = sub.add_parser("report", help="write the outcomes report or a facilitator's pack")
    rep.add_argument("kind", choices=("outcomes", "facilitator"), help="which report")
    rep.add_argument("line", nargs="?", help="facilitator only: the Action Line (C3, C7.e-health)")
    rep.add_argument("--years", type=years_type, help="a year or a range such as 2017-2019")
    rep.add_argument("--dataset", default="sample", help="sample, synthetic or store")
    rep.add_argument("--db", help="database URL for --dataset store")
    rep.add_argument(
        "--action-line", action="append", default=[], help="outcomes: an Action Line to keep"
    )
    rep.add_argument("--sdg", action="append", type=int, default=[], help="an SDG to keep")
    rep.add_argument(
        "--format", type=_formats, default=("pdf",), help="docx,pdf,xlsx (default: pdf)"
    )
    rep.add_argument("--link", default="", help="the link that reopens the view, for the citation")
    rep.add_argument("--no-heatmap", action="store_true", help="outcomes: leave the image out")
    rep.add_argument("--out", default="out", help="output folder (default: out)")
    rep.set_defaults(run=run_report)


def run_report(args: argparse.Namespace) -> int:
    """Build the chosen report once and write it in each format; print the paths."""
    from wsis_data.reports.facilitator import facilitator_pack
    from wsis_data.reports.outcomes import outcomes_report

    ds = load_dataset(args.dataset, args.db)
    filters = selection(ds, args.years, args.action_line, args.sdg)

    def progress(done: float, step: str) -> None:
        print(f"[{done:4.0%}] {step}", file=sys.stderr)

    if args.kind == "facilitator":
        if not args.line:
            raise ExportError("report facilitator: name the Action Line, e.g. C3 or C7.e-health")
        code = normalise_action_line(args.line, where="report facilitator")
        report = facilitator_pack(ds, filters, code, link=args.link, db=args.db, progress=progress)
    else:
        report = outcomes_report(
            ds, filters, link=args.link, db=args.db, images=not args.no_heatmap, progress=progress
        )
    for path in write_report(report, args.format, Path(args.out)):
        print(path)
    return 0
