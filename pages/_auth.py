"""Who may write (Import, rollback): reading stays open to everyone, writing needs an editor.

Three ways, the first configured one wins:

- Streamlit's own sign-in (`st.login`, OpenID Connect) when ``secrets.toml`` has an ``[auth]``
  section: the editor is ``st.user.email``.
- A proxy's sign-in (``deploy/``: nginx ``auth_basic``) when ``WSIS_TRUSTED_USER_HEADER`` names
  the header the proxy sets (``X-Wsis-User``): the header is believed only on connections from
  the proxy's own address (loopback, or one of ``WSIS_TRUSTED_PROXIES``); the proxy overwrites
  it on every request, so a visitor cannot send their own.
- Neither: a single-user ``make run`` on one's own machine, where writing stays open as before.

With a sign-in, ``WSIS_EDITORS`` (comma-separated) or ``editors = [...]`` under ``[wsis]`` in
``secrets.toml`` lists who may write; without a list, every signed-in user may (the proxy's
password file is then the list). Each batch records who imported it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import streamlit as st

from wsis_data.safe_text import literal


@dataclass(frozen=True)
class Editor:
    """Who writes: `name` is None when no sign-in is configured (a single-user run)."""

    name: str | None


def _secret(section: str) -> dict:
    try:
        return dict(st.secrets.get(section) or {})
    except Exception:  # no secrets.toml at all, or an unreadable one: nothing configured
        return {}


def sign_in() -> str:
    """The configured sign-in: "oidc" (st.login), "proxy" (a trusted header) or "none"."""
    if _secret("auth"):
        return "oidc"
    if os.environ.get("WSIS_TRUSTED_USER_HEADER", "").strip():
        return "proxy"
    return "none"


def editors() -> set[str]:
    """The configured editors (lower case); empty when every signed-in user may write."""
    listed = os.environ.get("WSIS_EDITORS", "").split(",")
    listed += list(_secret("wsis").get("editors", []))
    return {name.strip().lower() for name in listed if name.strip()}


def _from_proxy() -> bool:
    """Whether this session's connection came from the proxy (loopback or a trusted address)."""
    address = st.context.ip_address  # None for loopback (Streamlit hides 127.0.0.1 and ::1)
    trusted = {a.strip() for a in os.environ.get("WSIS_TRUSTED_PROXIES", "").split(",")}
    return address is None or address in trusted


def signed_in_user() -> str | None:
    """The signed-in user's name, or None for an anonymous visitor."""
    mode = sign_in()
    if mode == "oidc":
        if not st.user.get("is_logged_in", False):  # (absent where no user info exists)
            return None
        return str(st.user.get("email") or "").strip() or None
    if mode == "proxy" and _from_proxy():
        header = os.environ["WSIS_TRUSTED_USER_HEADER"].strip()
        return (st.context.headers.get(header) or "").strip() or None
    return None


def editor() -> Editor | None:
    """Who may write in this session, or None after saying why not (with a sign-in button)."""
    mode = sign_in()
    if mode == "none":
        return Editor(None)
    user = signed_in_user()
    if user is None:
        st.info(
            "Reading is open to everyone; importing and rolling back are for signed-in editors."
        )
        if mode == "oidc":
            st.button("Sign in", on_click=st.login, icon=":material/login:", key="auth_login")
        elif url := os.environ.get("WSIS_EDITOR_URL", "").strip():
            st.caption(literal(f"Editors sign in at {url}"))
        return None
    allowed = editors()
    if allowed and user.lower() not in allowed:
        st.warning(literal(f"Signed in as {user}, who is not one of this site's editors."))
        return None
    st.caption(literal(f"Signed in as {user} (editor)."))
    return Editor(user)
