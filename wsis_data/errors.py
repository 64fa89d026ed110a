"""The project's error classes: pages catch `WsisError` and show its message; others are bugs."""

from __future__ import annotations


class WsisError(Exception):
    """Base class of every error the data layer raises on purpose."""


class SchemaError(WsisError):
    """A table or record does not have the shape the data layer expects."""


class UnknownCodeError(WsisError, ValueError):
    """A value that names no Action Line, SDG or other vocabulary entry."""

    def __init__(self, kind: str, value: object, where: str | None = None) -> None:
        self.kind = kind
        self.value = value
        self.where = where
        place = f" in {where}" if where else ""
        super().__init__(f"Unknown {kind} {value!r}{place}")


class IngestError(WsisError):
    """A file or record could not be read; the message names file, row, column and value."""


class ExportError(WsisError):
    """An export could not be produced (for example no browser for image rendering)."""


class MappingError(IngestError):
    """A column mapping that cannot be used (a required field unmapped, a field mapped twice)."""


class StoreError(WsisError):
    """The record store could not be opened, written or read."""
