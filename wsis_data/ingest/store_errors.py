"""What a store failure means, in words: no SQL, no parameters, no credentials.

>>> explain_failure(RuntimeError("database is locked"))
'the store is busy (another process holds a lock on it); try again in a moment (database is locked)'
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from wsis_data.ingest.store_url import mask_secrets

__all__ = ["explain_failure"]

_BUSY = ("database is locked", "database table is locked", "lock timeout", "could not obtain lock")
_READ_ONLY = ("readonly database", "read-only", "read only")
_DAMAGED = (
    "file is not a database", "malformed", "no such table", "no such column", "does not exist",
    "has no column", "not a database", "corrupt",
)  # fmt: skip
_UNREACHABLE = (
    "connection refused", "connection failed", "could not connect", "server closed",
    "terminating connection", "connection is closed", "the connection is lost",
    "no connection to the server", "timeout expired", "unable to open database",
)  # fmt: skip


def explain_failure(exc: BaseException, url: str = "") -> str:
    """What a store failure means and what to do, in one paragraph (no SQL, parameters or password).

    >>> explain_failure(RuntimeError("disk I/O error"))
    'disk I/O error'
    """
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    text = " ".join(str(cause).split()) or type(cause).__name__
    text = mask_secrets(text, url)[:300]
    low = text.lower()
    if any(k in low for k in _BUSY):
        advice = "the store is busy (another process holds a lock on it); try again in a moment"
    elif any(k in low for k in _READ_ONLY):
        advice = "the store is read-only; point WSIS_DB at a writable database to import"
    elif any(k in low for k in _UNREACHABLE):
        advice = (
            "the database cannot be reached; check WSIS_DB and that the server is running (or "
            "that the file's folder exists and is writable), then reload the page"
        )
    elif any(k in low for k in _DAMAGED):
        advice = (
            "the store is damaged or is not a WSIS store; restore it from a backup or point "
            "WSIS_DB at another database"
        )
    elif isinstance(cause, OSError):
        advice = "the store's file or folder cannot be created; check WSIS_DB"
    else:
        return text
    return f"{advice} ({text})"
