"""JSON and JSON Lines: records found where an API puts them, nested values made plain.

- A document that is an object holds its records somewhere inside: ``{"count": 2, "sessions":
  [...]}``, ``{"data": {"items": [...]}}``. The list of objects under a known key (sessions,
  records, data, items, results, …) is taken, else the longest list of objects; a note says where.
- A field holding objects (``"organizers": [{"name": "ITU"}]``, ``"sdgs": [{"goal": 17}]``)
  becomes their values: each column uses one key, the first of `KEY_PRIORITY` its objects have
  (or the user's choice). An object without such a key is a problem of its row, shown as JSON:
  a dict is never turned into its Python text.

>>> flatten([{"code": "C1", "name": "Access"}, {"code": "C11"}], "code")
['C1', 'C11']
"""

from __future__ import annotations

import json

from wsis_data.errors import IngestError
from wsis_data.ingest import limits
from wsis_data.ingest.readers.table import RawTable, decode, lines

__all__ = ["KEY_PRIORITY", "RECORD_KEYS", "flatten", "read_json", "read_jsonl"]

#: The key whose value stands for an object in a cell, first found first.
KEY_PRIORITY = ("name", "code", "goal", "label", "title", "id", "value", "text")
#: Keys of a document object that hold its records, preferred in this order.
RECORD_KEYS = ("sessions", "records", "data", "items", "results", "rows", "events", "entries")


class Unresolved(ValueError):
    """An object in a cell without the key that gives its value."""


def flatten(value: object, key: str | None, strict: bool = False) -> object:
    """A JSON value as a cell: scalars as they are, lists flat, objects by their `key`.

    An object without `key` is read by the first key of `KEY_PRIORITY` it has (unless
    `strict`: the user chose the key), or by its only value. Raises `Unresolved` otherwise.
    """
    if isinstance(value, dict):
        if key is not None and key in value:
            return flatten(value[key], key, strict)
        if not strict:
            other = next((k for k in KEY_PRIORITY if k in value), None)
            if other is not None:
                return flatten(value[other], key, strict)
        if len(value) == 1:
            return flatten(next(iter(value.values())), key, strict)
        raise Unresolved(value)
    if isinstance(value, list):
        out: list[object] = []
        for item in value:
            flat = flatten(item, key, strict)
            out.extend(flat if isinstance(flat, list) else [flat])
        return out
    return value


def _keys_of(value: object, seen: dict[str, int]) -> None:
    """Count the keys of the objects inside `value` (lists and objects, to any depth); the
    count of objects is kept under the key ``""``."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            seen[""] = seen.get("", 0) + 1
            for k in item:
                seen[str(k)] = seen.get(str(k), 0) + 1
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _column_key(seen: dict[str, int], chosen: str | None) -> str | None:
    """The user's key, else the first of `KEY_PRIORITY` every object has, else any has."""
    if chosen:
        return chosen
    everywhere = (k for k in KEY_PRIORITY if seen.get(k, 0) == seen.get("", 0))
    return next(everywhere, None) or next((k for k in KEY_PRIORITY if k in seen), None)


def _objects_table(objects: list[tuple[int, object]], name: str, kind: str,
                   choices: dict[str, str]) -> RawTable:  # fmt: skip
    headers: dict[str, None] = {}
    broken: dict[int, str] = {}
    for number, obj in objects:
        if isinstance(obj, dict):
            headers.update(dict.fromkeys(str(k) for k in obj))
            if len(headers) > limits.MAX_COLUMNS:
                where = "record" if kind == "json" else "line"
                raise IngestError(
                    f"{name}: more than {limits.MAX_COLUMNS:,} different keys by {where} "
                    f"{number}; the limit is {limits.MAX_COLUMNS:,} columns"
                )
        else:
            broken[number] = f"not an object but {type(obj).__name__}"
    columns = list(headers)
    table = RawTable(name, columns, [], [n for n, _ in objects], kind, encoding="utf-8",
                     broken=broken)  # fmt: skip
    nested: dict[str, dict[str, int]] = {}
    for _, obj in objects:
        if isinstance(obj, dict):
            for column, value in obj.items():
                if isinstance(value, dict | list):
                    _keys_of(value, nested.setdefault(str(column), {}))
    keys = {c: _column_key(seen, choices.get(c)) for c, seen in nested.items() if seen}
    table.json_keys = {c: (keys[c], tuple(k for k in nested[c] if k)) for c in keys}
    for number, obj in objects:
        if not isinstance(obj, dict):
            table.rows.append([None] * len(columns))
            continue
        row: list[object] = []
        for column in columns:
            value = obj.get(column)
            if isinstance(value, dict | list):
                try:
                    value = flatten(value, keys.get(column), column in choices)
                except Unresolved as exc:
                    text = json.dumps(value, ensure_ascii=False)[:200]
                    wanted = keys.get(column) or " / ".join(KEY_PRIORITY[:6])
                    table.cell_problems[(number, column)] = (
                        text,
                        f"an object without the key {wanted!r} ({json.dumps(exc.args[0])[:80]});"
                        " choose the key that holds the value",
                    )
                    value = text
            row.append(value)
        table.rows.append(row)
    for column, (key, seen) in table.json_keys.items():
        if key:
            table.notes.append(f"column {column!r} holds objects: read by their {key!r} "
                               f"(keys: {', '.join(seen[:8])})")  # fmt: skip
    return table


def _check_json_size(data: bytes, name: str) -> None:
    """Refuse JSON with more values than `MAX_JSON_VALUES`, counted before parsing.

    Every value but the first of an array or object follows a comma, so commas plus brackets
    bound the number of values (commas inside strings only make the count larger).
    """
    count = data.count(b",") + data.count(b"{") + data.count(b"[")
    if count > limits.MAX_JSON_VALUES:
        raise IngestError(
            f"{name}: up to {count:,} JSON values (commas and brackets); the limit is "
            f"{limits.MAX_JSON_VALUES:,} (split the file)"
        )


def _depth_error(name: str, where: str) -> IngestError:
    return IngestError(
        f"{name}: {where}: JSON nested more than {limits.MAX_JSON_DEPTH} levels deep; "
        "a session file needs 4"
    )


def _parse_json(text: str, name: str, where: str) -> object:
    """`json.loads`, refusing nesting deeper than `MAX_JSON_DEPTH` (never a RecursionError)."""
    try:
        doc = json.loads(text)
    except RecursionError as exc:
        raise _depth_error(name, where) from exc
    stack = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limits.MAX_JSON_DEPTH:
                raise _depth_error(name, where)
            items = value.values() if isinstance(value, dict) else value
            stack.extend((v, depth + 1) for v in items if isinstance(v, dict | list))
    return doc


def _records_in(doc: dict) -> tuple[str, list] | None:
    """(path, list) of the records inside a document object, breadth first."""
    level: list[tuple[str, dict]] = [("", doc)]
    while level:
        found: list[tuple[int, int, str, list]] = []
        deeper: list[tuple[str, dict]] = []
        for path, obj in level:
            for key, value in obj.items():
                where = f"{path}.{key}" if path else str(key)
                if not isinstance(value, list | dict):
                    continue
                records = any(isinstance(v, dict) for v in value) or key in RECORD_KEYS
                if isinstance(value, list) and records:
                    rank = RECORD_KEYS.index(key) if key in RECORD_KEYS else len(RECORD_KEYS)
                    found.append((rank, -len(value), where, value))
                elif isinstance(value, dict):
                    deeper.append((where, value))
        if found:
            _, _, where, value = min(found, key=lambda f: f[:3])
            return where, value
        level = deeper
    return None


def read_json(data: bytes, name: str, choices: dict[str, str] | None = None) -> RawTable:
    """A JSON document: a list of session objects, or an object holding one."""
    _check_json_size(data, name)
    text, _ = decode(data, name)
    try:
        doc = _parse_json(text.removeprefix("\ufeff"), name, "the document")
    except json.JSONDecodeError as exc:
        raise IngestError(f"{name}: line {exc.lineno}: not valid JSON ({exc.msg})") from exc
    note = None
    if isinstance(doc, dict):
        found = _records_in(doc)
        if found is None:
            raise IngestError(
                f'{name}: expected a list of session objects or {{"sessions": [...]}}, '
                f"found an object with keys {', '.join(map(str, list(doc)[:8]))} and no list "
                "of objects inside"
            )
        others = [str(k) for k in doc if str(k) != found[0].split(".")[0]]
        where, doc = found
        rest = f"; other keys, not records: {', '.join(others[:8])}" if others else ""
        note = f"records read from {where!r} ({len(doc):,} of them){rest}"
    if not isinstance(doc, list):
        raise IngestError(f"{name}: expected a list of session objects, found {type(doc).__name__}")
    if len(doc) > limits.MAX_ROWS:
        raise IngestError(
            f"{name}: {len(doc):,} records; the limit is {limits.MAX_ROWS:,} (split the file)"
        )
    table = _objects_table(list(enumerate(doc, start=1)), name, "json", choices or {})
    if note:
        table.notes.insert(0, note)
    return table


def read_jsonl(data: bytes, name: str, choices: dict[str, str] | None = None) -> RawTable:
    """JSON Lines: one session object a line (blank lines skipped, bad lines kept as problems)."""
    _check_json_size(data, name)
    text, _ = decode(data, name)
    objects: list[tuple[int, object]] = []
    bad: dict[int, str] = {}
    for number, line in enumerate(lines(text.removeprefix("\ufeff"), name), start=1):
        if not line.strip():
            continue
        if len(objects) >= limits.MAX_ROWS:
            raise IngestError(
                f"{name}: more than {limits.MAX_ROWS:,} records; the limit is "
                f"{limits.MAX_ROWS:,} (split the file)"
            )
        try:
            objects.append((number, _parse_json(line, name, f"line {number}")))
        except json.JSONDecodeError as exc:
            objects.append((number, None))
            bad[number] = f"not valid JSON ({exc.msg})"
    table = _objects_table(objects, name, "jsonl", choices or {})
    table.broken.update(bad)
    return table
