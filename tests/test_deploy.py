"""Issue 20 items 7 and 8: the serving recipe (deploy/serve.sh) for real.

Two Streamlit replicas and nginx on free loopback ports, started by the recipe itself
(bench.harness.serving.Recipe): framing
headers (the embed view allowed for the configured origin), metrics refused, request-size and
upload-rate limits, sticky routing, the editors' port behind a password, and through a real
browser: an anonymous visitor (even one sending the user header) cannot import, a signed-in
editor can, and the batch records who imported it.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import urllib.error
import urllib.request
from base64 import b64encode
from pathlib import Path
from typing import NamedTuple

import pytest

from bench.harness.serving import Recipe
from tests.support.browser import wait_for_app

ROOT = Path(__file__).resolve().parents[1]
NGINX = next((p for p in ("/usr/sbin/nginx", "/usr/bin/nginx") if Path(p).exists()), None)
EMBED_ORIGIN = "https://forum.example.org"
EDITOR, PASSWORD = "editor1", "correct horse"
CSV = "Session ID,Session title,Year,WSIS Action Lines,SDGs\n7,Village broadband,2022,C2,4\n"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(NGINX is None, reason="nginx not installed (make test installs it)"),
]


class Served(NamedTuple):
    public: str
    editor: str
    store: Path
    replicas: tuple[int, int]
    recipe: Recipe  # its nginx log: recipe.logged(...)


def _get(url: str, *, auth: str | None = None, data: bytes | None = None, method: str = "GET",
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str]]:  # fmt: skip
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if auth:
        request.add_header("Authorization", "Basic " + b64encode(auth.encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, dict(answer.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers)


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Served:
    tmp = tmp_path_factory.mktemp("serve")
    htpasswd = tmp / "htpasswd"
    subprocess.run(["bash", str(ROOT / "deploy" / "add_editor.sh"), EDITOR, str(htpasswd)],
                   input=f"{PASSWORD}\n", text=True, check=True, capture_output=True)  # fmt: skip
    settings = {"WSIS_EMBED_ORIGINS": EMBED_ORIGIN, "WSIS_UPLOAD_RATE": "30r/m",
                "WSIS_UPLOAD_BURST": "5"}  # fmt: skip
    recipe = Recipe(tmp, replicas=2, db=f"sqlite:///{tmp / 'store.db'}", htpasswd=htpasswd,
                    env=settings)  # fmt: skip
    try:
        yield Served(recipe.public, recipe.editor, tmp / "store.db",
                     (recipe.replica_ports[0], recipe.replica_ports[1]), recipe)  # fmt: skip
    finally:
        recipe.stop()


def test_framing_headers(served: Served) -> None:
    status, headers = _get(f"{served.public}/")
    assert status == 200
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "wsis_route=" in headers["Set-Cookie"]
    status, headers = _get(f"{served.public}/?embed=true")
    assert status == 200 and "X-Frame-Options" not in headers
    assert headers["Content-Security-Policy"] == f"frame-ancestors 'self' {EMBED_ORIGIN}"


def test_metrics_are_not_public(served: Served) -> None:
    assert _get(f"{served.public}/_stcore/metrics")[0] == 403
    assert _get(f"{served.editor}/_stcore/metrics", auth=f"{EDITOR}:{PASSWORD}")[0] == 403
    assert _get(f"http://127.0.0.1:{served.replicas[0]}/_stcore/metrics")[0] == 200  # operator


def test_editors_port_needs_the_password(served: Served) -> None:
    assert _get(f"{served.editor}/")[0] == 401
    assert _get(f"{served.editor}/", auth=f"{EDITOR}:wrong")[0] == 401
    assert _get(f"{served.editor}/", auth=f"{EDITOR}:{PASSWORD}")[0] == 200


def test_sticky_routing(served: Served) -> None:
    routes = ("route-a", "route-b", "route-c")
    for route in routes:
        for _ in range(4):
            _get(f"{served.public}/_stcore/health", headers={"Cookie": f"wsis_route={route}"})
    lines = served.recipe.logged(lambda found: all(_answers(found, r) >= 4 for r in routes))
    upstreams = {route: {up for r, up, *_ in lines if r == route} for route in routes}
    assert all(_answers(lines, r) == 4 for r in routes), lines
    assert all(len(u) == 1 for u in upstreams.values()), upstreams


def _answers(lines, route: str) -> int:
    """How many of nginx's logged lines are the route cookie's health checks."""
    return sum(r == route and "/_stcore/health" in request for r, _, request, _ in lines)


def test_anonymous_cannot_import_and_editor_can(served: Served, browser, tmp_path) -> None:
    upload = tmp_path / "sessions.csv"
    upload.write_text(CSV, encoding="utf-8")
    anonymous = browser.new_context(
        viewport={"width": 1400, "height": 2000}, extra_http_headers={"X-Wsis-User": EDITOR}
    )
    page = _import_page(anonymous.new_page(), served.public, upload)
    page.get_by_text("importing and rolling back are for signed-in editors").wait_for()
    page.get_by_text("Read as").first.wait_for()  # the upload is checked (reading is open)
    assert page.get_by_role("button", name="Import 1 file").count() == 0
    anonymous.close()

    editor = browser.new_context(
        viewport={"width": 1400, "height": 2000},
        http_credentials={"username": EDITOR, "password": PASSWORD},
    )
    page = _import_page(editor.new_page(), served.editor, upload)
    page.get_by_text(f"Signed in as {EDITOR} (editor).").wait_for()
    page.get_by_role("button", name="Import 1 file").click()
    page.get_by_text("Last import").wait_for()
    editor.close()
    with sqlite3.connect(served.store) as db:
        assert db.execute("SELECT imported_by FROM wsis_batches").fetchall() == [(EDITOR,)]


def _import_page(page, base: str, upload: Path):
    page.set_default_timeout(60_000)
    page.goto(base)
    wait_for_app(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Import").click()
    page.get_by_text("Import your records").wait_for()
    wait_for_app(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
    return page


def test_request_size_and_upload_rate_limits(served: Served) -> None:
    # (last: it spends the upload allowance of this address)
    assert _get(f"{served.public}/", data=b"x" * (2 * 1024 * 1024), method="POST")[0] == 413
    codes = [
        _get(f"{served.public}/_stcore/upload_file/s/f", data=b"x", method="PUT")[0]
        for _ in range(15)
    ]
    assert 429 in codes, codes


def _routes_on_two_replicas(served: Served) -> tuple[str, str]:
    """Two route cookies nginx sends to different replicas (read from its access log)."""
    routes = [f"fresh-{n}" for n in range(16)]
    for route in routes:
        _get(f"{served.public}/_stcore/health", headers={"Cookie": f"wsis_route={route}"})
    lines = served.recipe.logged(lambda found: all(_answers(found, r) for r in routes))
    assert all(_answers(lines, r) for r in routes), f"no nginx log line within 60 s: {lines}"
    upstream = {r: up for r, up, *_ in lines if r in routes}  # the last line of each route
    first = routes[0]
    return first, next(r for r in routes if upstream[r] != upstream[first])


def test_every_replica_follows_an_import_made_elsewhere(served: Served, browser, tmp_path) -> None:
    """Part 4 across replicas: two open pages, each on its own replica, showing the store; the
    CLI imports a session beside them (another process, the same store): both pages show it by
    themselves (pages/_freshness.py), without a reload or a click."""
    from urllib.parse import quote

    url = f"sqlite:///{served.store}"
    env = {**os.environ, "WSIS_DB": url}
    seed, fresh = tmp_path / "seed.csv", tmp_path / "fresh.csv"
    seed.write_text("Session ID,Title,Year,Action Lines,SDGs\nF0,Seed,2023,C3,5\n")
    fresh.write_text("Session ID,Title,Year,Action Lines,SDGs\nF1,Fresh,2023,C3,5\n")
    cli = [str(ROOT / ".venv" / "bin" / "python"), "-m", "wsis_data", "import"]
    subprocess.run([*cli, str(seed), "--db", url], env=env, cwd=ROOT, check=True,
                   capture_output=True, timeout=120)  # fmt: skip
    count = "() => +(/([\\d,]+) sessions with at least one/.exec(document.body.innerText)" \
        " || [0, '-1'])[1].replace(',', '')"  # fmt: skip
    pages, before = [], []
    for route in _routes_on_two_replicas(served):
        context = browser.new_context(viewport={"width": 1400, "height": 2000})
        context.add_cookies([{"name": "wsis_route", "value": route, "url": served.public}])
        page = context.new_page()
        page.goto(f"{served.public}/heatmap?ds={quote('Imported records (store)')}")
        wait_for_app(page)
        page.wait_for_function(f"({count})() > 0", timeout=60_000)
        pages.append(page)
        before.append(page.evaluate(count))
    subprocess.run([*cli, str(fresh), "--db", url], env=env, cwd=ROOT, check=True,
                   capture_output=True, timeout=120)  # fmt: skip
    for page, n in zip(pages, before, strict=True):
        page.wait_for_function(f"({count})() === {n + 1}", timeout=60_000)
        page.context.close()
