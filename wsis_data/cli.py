"""Command line: ``python -m wsis_data import FILES... [--db URL]`` and ``... export ...``.

Each subcommand is one entry of `COMMANDS`: a function that adds its parser and sets
``run``. A new subcommand adds its function there (``def _add_report(sub): ...``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from wsis_data.errors import WsisError
from wsis_data.words import counted


def _pairs(values: list[str], what: str) -> dict[str, str | None]:
    """``COLUMN=VALUE`` arguments as a dict (an empty value: None)."""
    out: dict[str, str | None] = {}
    for text in values:
        column, sep, value = text.rpartition("=")
        if not sep or not column:
            raise WsisError(f"{what} takes COLUMN=VALUE, not {text!r}")
        out[column] = value.strip() or None
    return out


def _import(args: argparse.Namespace) -> int:
    from wsis_data.ingest.importer import ReadOptions, import_paths
    from wsis_data.ingest.store import Store

    store = None if args.check else Store(args.db)
    if store is not None:
        print(f"store: {store.safe_url}")

    def progress(done: int, total: int, name: str) -> None:
        print(f"[{done}/{total}] {name}", file=sys.stderr)

    json_keys = tuple((c, k) for c, k in _pairs(args.json_key, "--json-key").items() if k)
    options = ReadOptions(sheet=args.sheet, header_row=args.header_row, json_keys=json_keys)
    reports = import_paths(
        [Path(p) for p in args.files], store, on_duplicate=args.duplicates, progress=progress,
        options=options, overrides=_pairs(args.map, "--map"),
        hold_on_warnings=not args.accept_warnings,
    )  # fmt: skip
    for report in reports:
        print(report.text())
        if args.quarantine and report.quarantine_csv():
            out = Path(args.quarantine)
            out.mkdir(parents=True, exist_ok=True)
            target = out / f"{Path(report.file_name).stem}.quarantine.csv"
            target.write_bytes(report.quarantine_csv() or b"")
            print(f"  quarantine written to {target}")
    failed = sum(1 for r in reports if not r.ok)
    held = sum(1 for r in reports if r.held)
    print(
        f"\n{counted(len(reports), 'file')}: {len(reports) - failed} read, {failed} failed"
        + (f", {held} not stored for their warnings (--map or --accept-warnings)" if held else "")
        + "; "
        f"{counted(sum(r.n_inserted for r in reports), 'session')} stored, "
        f"{counted(sum(r.n_problem_rows for r in reports), 'row')} with problems"
    )
    return 1 if failed or held else 0


def _export(args: argparse.Namespace) -> int:
    from wsis_data.reports import export_report

    written = export_report(
        dataset=args.dataset,
        years=args.year,
        action_lines=args.action_line,
        sdgs=args.sdg,
        formats=args.format,
        out=Path(args.out),
        collapse_c7=not args.split_c7,
        value=args.value,
        db=args.db,
    )
    for path in written:
        print(path)
    return 0


def _years(text: str) -> tuple[int, int]:
    first, _, last = text.partition("-")
    try:
        return int(first), int(last or first)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a year or a range like 2017-2020: {text!r}") from exc


def _add_import(sub) -> None:
    imp = sub.add_parser(
        "import",
        help="import session files (CSV/TSV/XLSX/JSON/JSONL) and outcome submissions "
        "(.txt/.md/.docx/.pdf) into the store",
    )
    imp.add_argument("files", nargs="+", help="files to import, one batch each")
    imp.add_argument("--db", help="database URL (default: $WSIS_DB or sqlite data/wsis.db)")
    imp.add_argument(
        "--duplicates",
        choices=("skip", "replace"),
        default="skip",
        help="what to do with a (year, session_id) already seen (default: skip)",
    )
    imp.add_argument(
        "--check", action="store_true", help="only print the validation report; store nothing"
    )
    imp.add_argument(
        "--quarantine",
        metavar="DIR",
        help="write each file's rows with problems to DIR/<name>.quarantine.csv",
    )
    imp.add_argument("--sheet", metavar="NAME", help="the workbook's sheet (default: the first)")
    imp.add_argument(
        "--header-row",
        type=int,
        metavar="N",
        help="the row holding the headers, as the spreadsheet numbers it (default: found)",
    )
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="map a column to a field (FIELD empty: ignore the column); repeatable",
    )
    imp.add_argument(
        "--json-key",
        action="append",
        default=[],
        metavar="COLUMN=KEY",
        help="the key that gives the value of the objects in a JSON column; repeatable",
    )
    imp.add_argument(
        "--accept-warnings",
        action="store_true",
        help="store a file even when an ignored column could fill an empty field",
    )
    imp.set_defaults(run=_import)  # fmt: skip


def _add_export(sub) -> None:
    exp = sub.add_parser("export", help="write the heatmap and its table for a selection")
    exp.add_argument("--dataset", default="sample", help="sample, synthetic or store")
    exp.add_argument("--year", type=_years, help="a year or a range such as 2017-2020")
    exp.add_argument(
        "--action-line", action="append", default=[], help="an Action Line to keep (repeatable)"
    )
    exp.add_argument(
        "--sdg", action="append", type=int, default=[], help="an SDG to keep (repeatable)"
    )
    exp.add_argument(
        "--format",
        action="append",
        default=[],
        choices=("png", "svg", "pdf", "html", "csv", "xlsx", "graphml"),
        help="output format (repeatable; default png and csv)",
    )
    exp.add_argument(
        "--value",
        default="sessions",
        help="cell value: sessions, share_of_row, share_of_column or lift",
    )
    exp.add_argument("--split-c7", action="store_true", help="18 rows: C7 split in sub-lines")
    exp.add_argument("--db", help="database URL for --dataset store")
    exp.add_argument("--out", default="out", help="output folder (default: out)")
    exp.set_defaults(run=_export)  # fmt: skip


#: One function per subcommand: it adds the subcommand's parser to the subparsers given.
def _add_report(sub: argparse._SubParsersAction) -> None:
    from wsis_data.reports.cli import add_report_command

    add_report_command(sub, _years)


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    _add_import,
    _add_export,
    _add_report,
]


def parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    top = argparse.ArgumentParser(prog="python -m wsis_data", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)
    for add in COMMANDS:
        add(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run the command line; errors are printed, never shown as tracebacks."""
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except WsisError as exc:
        from wsis_data.ingest.store_url import default_url, mask_secrets

        print(f"error: {mask_secrets(str(exc), getattr(args, 'db', None) or default_url())}",
              file=sys.stderr)  # fmt: skip
        return 2
    except Exception as exc:  # a bug: a clear line, the traceback only when asked for
        if os.environ.get("WSIS_DEBUG"):
            raise
        from wsis_data.ingest.store_url import default_url, mask_secrets

        text = mask_secrets(str(exc), getattr(args, "db", None) or default_url())
        print(f"error: unexpected {type(exc).__name__}: {text} (a bug; WSIS_DEBUG=1 shows the "
              "traceback)", file=sys.stderr)  # fmt: skip
        return 3
