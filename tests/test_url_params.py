"""Issue 20 item 5: any value of any URL-bound parameter gives the page, never a traceback.

Every page is run under AppTest with every one of its URL-bound keys (and the sidebar's) set to
one hostile value at a time; a number widget given an unusable value keeps its default and the
page says so in a short note. One browser test opens a crafted link in a real server, and the
config keeps server paths from visitors.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import dashboard
from pages._url_guard import NUMBER_KEYS, usable_number
from tests.support.apptest import LAUNCHER, dashboard_app, page_path
from wsis_data.network import SETTING_FIELDS

ROOT = Path(__file__).resolve().parents[1]
PAGES = tuple(row.file for row in dashboard.PAGES)
HOSTILE = ("inf", "-Infinity", "1e400", "nan", "9" * 400, "-5", "text", "")


def bound_widgets() -> dict[str, dict[str, str]]:
    """file → {key: widget function} of every call with ``bind="query-params"`` (or ``**URL``)."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted((ROOT / "pages").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            kw = {k.arg: k.value for k in node.keywords}
            bound = any(
                (k.arg == "bind" and getattr(k.value, "value", None) == "query-params")
                or (k.arg is None and getattr(k.value, "id", None) == "URL")
                for k in node.keywords
            )
            if bound and isinstance(kw.get("key"), ast.Constant):
                found.setdefault(path.name, {})[kw["key"].value] = node.func.attr
    return found


WIDGETS = bound_widgets()
#: Kept in the URL by hand (pages/_sidebar: the dataset switch and the pickers), not by `bind`.
PICKER_KEYS = ["ds", "al", "sdg", "org"]
SHARED_KEYS = [k for f, keys in WIDGETS.items() if f.startswith("_") for k in keys] + PICKER_KEYS


def test_number_keys_are_every_bound_number_widget() -> None:
    numbers = {
        key
        for keys in WIDGETS.values()
        for key, fn in keys.items()
        if fn in ("number_input", "slider")
    }
    numbers |= {f.key for f in SETTING_FIELDS}  # the network page draws these from the table
    assert numbers == NUMBER_KEYS


@pytest.mark.parametrize(
    ("value", "usable"),
    [("200", True), ("0.5", True), ("-3", False), ("abc", False), ("inf", False),
     ("Infinity", False), ("nan", False), ("1e400", False), ("9" * 400, False), ("", False)],
)  # fmt: skip
def test_usable_number(value: str, usable: bool) -> None:
    assert usable_number(value) is usable


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("page", PAGES)
def test_hostile_url_values_fall_back_to_defaults(page: str, value: str) -> None:
    at = dashboard_app()
    at.switch_page(page_path(page))
    keys = [*SHARED_KEYS, *WIDGETS.get(page, {})]
    for key in keys:
        at.query_params[key] = value
    at.run()
    assert not at.exception, [(e.proto.type, e.proto.message) for e in at.exception]
    notes = [c.value for c in at.caption if "link's value" in c.value]
    if any(k in NUMBER_KEYS for k in keys) and not usable_number(value):
        assert notes, f"no note for {value[:20]!r} on {page}"
    for key in NUMBER_KEYS & set(keys):
        shown = at.session_state[key] if key in at.session_state else None  # noqa: SIM401
        assert shown is None or str(shown) != value


@pytest.mark.parametrize("asked", ["synthetic", "Synthetic"])
def test_a_link_may_name_the_dataset_by_its_key(asked: str) -> None:
    """``?ds=synthetic`` opens the synthetic demo (the switcher itself writes its label); a name
    that is no dataset's key or label gives the sample and says so."""
    at = AppTest.from_string(LAUNCHER, default_timeout=60)  # a new session opening the link
    at.query_params["ds"] = asked
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if asked == "synthetic":
        assert at.selectbox(key="ds").value == "synthetic"
        assert "Synthetic" in at.caption[0].value
    else:  # not a key, not a label
        assert at.selectbox(key="ds").value == "sample"
        warning = " ".join(w.value for w in at.sidebar.warning)
        assert "“Synthetic”" in warning and "showing the sample" in warning


def test_tracebacks_show_no_details() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] in ("type", "none")


def test_crafted_link_in_a_browser(streamlit_server, page) -> None:
    from tests.support.browser import wait_for_app

    page.goto(f"{streamlit_server.url}/network?net_top=inf&net_min=1e400&net_comm={'9' * 400}")
    wait_for_app(page)
    page.get_by_text("Organisation network").first.wait_for()
    page.get_by_text("The link's value for net_top (inf) is not usable").wait_for()
    assert not page.locator('[data-testid="stException"]').count()
    page.wait_for_function("() => !location.search.includes('net_top')")
