"""Where the store is (a database URL) and how to name it without its secrets.

The URL comes from ``WSIS_DB`` in the environment, else `DEFAULT_URL` (a SQLite file
``data/wsis.db`` under the project root). A URL may carry credentials in several forms
(``u:pw@host``, ``?password=…``, ``?host=…&user=u&password=…``, ``?sslpassword=…``, a token):

- `masked_url` is the URL with every credential replaced by ``***``, for administrators (the
  command line, the server log);
- `store_label` names the store for visitors with no connection details at all
  ("PostgreSQL store 'wsis' on db.example.org", "SQLite store 'wsis.db'");
- `mask_secrets` hides every credential of a URL inside any text (an error message).

>>> masked_url("postgresql+psycopg://u@h:5432/db?password=pw&sslmode=require")
'postgresql+psycopg://u@h:5432/db?password=***&sslmode=require'
>>> store_label("postgresql+psycopg:///db?host=h&user=u&password=pw")
"PostgreSQL store 'db' on h"
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePath

import sqlalchemy as sa

__all__ = [
    "DEFAULT_URL", "ENV_VAR", "default_url", "mask_secrets", "masked_url", "sqlite_path",
    "store_label",
]  # fmt: skip

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = f"sqlite:///{ROOT / 'data' / 'wsis.db'}"
ENV_VAR = "WSIS_DB"
MASK = "***"

#: A query parameter whose value is a credential (password, passwd, pwd, secret, token,
#: sslpassword, api_key, …).
_SECRET_NAME = re.compile(r"pass|pwd|secret|token|key|cred|auth", re.IGNORECASE)
#: The same in raw text: ``name=value`` up to the next separator.
_SECRET_PARAM = re.compile(
    r"(?P<name>[\w.-]*(?:pass|pwd|secret|token|key|cred|auth)[\w.-]*)=(?P<value>[^&\s'\"]*)",
    re.IGNORECASE,
)
#: ``scheme://user:password@`` in raw text.
_USERINFO = re.compile(r"(?P<head>[\w.+-]+://[^/@\s:'\"]*:)(?P<pw>[^@\s'\"]*)@")

_BACKENDS = {"postgresql": "PostgreSQL", "sqlite": "SQLite", "mysql": "MySQL"}


def default_url() -> str:
    """The store URL: ``WSIS_DB`` when set, else the SQLite file ``data/wsis.db``."""
    return os.environ.get(ENV_VAR, "").strip() or DEFAULT_URL


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases, memory and ``uri=true`` URLs)."""
    try:
        url_obj = sa.make_url(url)
    except Exception:
        return None
    if url_obj.get_backend_name() != "sqlite" or url_obj.query.get("uri"):
        return None
    database = url_obj.database or ""
    return Path(database) if database and database != ":memory:" else None


def _secrets(url: str) -> list[str]:
    """Every credential value a URL carries (password, secret-named query parameters)."""
    found: list[str] = []
    try:
        url_obj = sa.make_url(url)
    except Exception:
        url_obj = None
    if url_obj is not None:
        if url_obj.password:
            found.append(str(url_obj.password))
        for name, value in url_obj.query.items():
            if _SECRET_NAME.search(name):
                found += [value] if isinstance(value, str) else list(value)
    found += [m["value"] for m in _SECRET_PARAM.finditer(url)]
    found += [m["pw"] for m in _USERINFO.finditer(url)]
    return sorted({s for s in found if s}, key=len, reverse=True)


def mask_secrets(text: str, url: str = "") -> str:
    """`text` with every credential of `url` (and any ``password=…``-like pair) masked."""
    for secret in _secrets(url):
        text = text.replace(secret, MASK)
    text = _USERINFO.sub(lambda m: m["head"] + MASK + "@", text)
    return _SECRET_PARAM.sub(lambda m: f"{m['name']}={MASK}", text)


def masked_url(url: str) -> str:
    """The URL with every credential replaced by ``***`` (for administrators' eyes and logs)."""
    try:
        url_obj = sa.make_url(url)
    except Exception:
        return mask_secrets(url, url)
    query = {
        name: (MASK if _SECRET_NAME.search(name) else value)
        for name, value in url_obj.query.items()
    }
    text = url_obj.set(query=query).render_as_string(hide_password=True)
    return mask_secrets(text, url)


def store_label(url: str) -> str:
    """The store named for visitors: backend, database and host, never a user or a password."""
    try:
        url_obj = sa.make_url(url)
    except Exception:
        return "the store (unparsable WSIS_DB)"
    backend = url_obj.get_backend_name()
    kind = _BACKENDS.get(backend, backend)
    if backend == "sqlite":
        path = sqlite_path(url)
        return f"SQLite store '{PurePath(path).name}'" if path else "SQLite store (in memory)"
    host = url_obj.host or url_obj.query.get("host") or ""
    if isinstance(host, tuple):
        host = ",".join(host)
    where = f" on {host}" if host and not host.startswith("/") else ""
    label = f"{kind} store '{url_obj.database or ''}'{where}"
    return mask_secrets(label, url)
