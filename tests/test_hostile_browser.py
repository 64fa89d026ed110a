"""Real browser (Debian's chromium): hostile titles, organisations, session types and file names
are shown as text on every page, in hovers, labels, captions, widget labels and HTML exports.

The store is built through the importer (`tests.support.hostile`); an init script records any script
that runs (``window.__xss``), dialogs, and every element made from record text while the page
lives, and each test checks the final DOM too.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.support.browser import click, download, hover, wait_for_app, wait_for_svg_text
from tests.support.hostile import ENTITY, FORMULAS, HOSTILE, hostile_store
from tests.support.servers import StreamlitServer
from wsis_data import export
from wsis_data import trends as tr
from wsis_data.figures import network as network_figures
from wsis_data.figures import trends as tf
from wsis_data.filters import Filters
from wsis_data.network import build_network, layout

pytestmark = pytest.mark.browser

TEXTS = (*HOSTILE, *FORMULAS)
STORE = "Imported records (store)"  # the dataset switcher's label (the URL keeps labels)

#: Records, for the whole life of the page, what record text must never become.
GUARD = r"""
(() => {
  window.__seen = [];
  const BAD_TEXT = {b: ['bold'], strong: ['strong'], a: ['click', 'plotly link', 'md']};
  window.__problems = (root) => {
    const out = [];
    for (const e of [root, ...root.querySelectorAll('*')]) {
      if (!e.tagName) continue;
      const tag = e.tagName.toLowerCase(), text = (e.textContent || '').trim();
      const href = e.getAttribute('href') || e.getAttribute('xlink:href') || '';
      if (tag === 'script' && /^\s*window\.__xss=\d+\s*$/.test(text)) out.push('script: ' + text);
      if (tag === 'iframe') out.push('iframe');
      if (tag === 'img' && e.getAttribute('src') === 'x') out.push('img');
      if (href.trim().toLowerCase().startsWith('javascript:')) out.push('javascript: link');
      if ((BAD_TEXT[tag] || []).includes(text)) out.push(tag + ' from record text: ' + text);
      if (tag === 'tspan' && text === 'bold' && /bold/.test(e.getAttribute('style') || ''))
        out.push('plotly bold');
      if (e.classList && e.classList.contains('katex')) out.push('katex');
      for (const a of e.attributes || [])
        if (/^on/i.test(a.name) && a.value.includes('__xss')) out.push('handler ' + a.name);
    }
    return out;
  };
  new MutationObserver((ms) => {
    for (const m of ms) for (const n of m.addedNodes)
      if (n.nodeType === 1) window.__seen.push(...window.__problems(n));
  }).observe(document, {childList: true, subtree: true});
})();
"""
#: All text shown: HTML text, SVG text (labels, ticks, hovers) and form values.
SHOWN = """() => document.body.innerText + '\\n' +
  [...document.querySelectorAll('svg text')].map(t => t.textContent).join('\\n')"""


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """A dashboard whose store holds the hostile records."""
    url = f"sqlite:///{tmp_path_factory.mktemp('hostile-browser') / 'hostile.db'}"
    store = hostile_store(url)
    server = StreamlitServer(env={"WSIS_DB": url})
    yield server, store
    server.stop()


@pytest.fixture
def guarded(page):
    """The page with the guard installed and its dialogs recorded."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.add_init_script(GUARD)
    page.dialogs = dialogs
    return page


def assert_clean(page, *shown: str) -> None:
    """No script ran, no element came from record text; `shown` texts are on the page."""
    with contextlib.suppress(PlaywrightTimeout):  # a chart may still be drawing: wait a while
        page.wait_for_function(
            f"(want) => {{ const text = ({SHOWN})(); return want.every(w => text.includes(w)); }}",
            arg=list(shown),
            polling=500,
            timeout=60_000,
        )
    assert page.evaluate("() => window.__xss") is None
    assert page.dialogs == []
    assert page.evaluate("() => window.__seen") == []
    assert page.evaluate("() => window.__problems(document.documentElement)") == []
    assert not page.locator('[data-testid="stException"]').count()
    text = page.evaluate(SHOWN)
    missing = [s for s in shown if s not in text]
    assert not missing, f"not shown literally: {missing} in {text[:3000]}"


def node_labels(page) -> list[str]:
    """The organisation labels drawn on the network chart (community labels left out)."""
    wait_for_svg_text(page, ".textpoint", "")
    texts = page.evaluate(
        "() => [...document.querySelectorAll('.textpoint')].map(t => t.textContent)"
    )
    return [t for t in texts if not re.match(r"\d+: ", t)]


def url(server, path: str = "", **params) -> str:
    pairs = [(k, v) for k, vs in params.items() for v in (vs if isinstance(vs, list) else [vs])]
    return f"{server.url}/{path}?{urlencode(pairs)}"


def open_app(page, server, path: str = "", **params) -> None:
    """Open the app at its root first (a cold deep link runs the page without the router)."""
    page.goto(server.url)
    wait_for_app(page)
    page.goto(url(server, path, ds=STORE, **params))
    wait_for_app(page)


def test_heatmap_captions_sidebar_drilldown_and_html_export(hostile_server, guarded, tmp_path):
    server, _ = hostile_server
    chosen = [HOSTILE[0], HOSTILE[3], ENTITY]
    types = [HOSTILE[8], HOSTILE[9], HOSTILE[3], HOSTILE[0]]
    open_app(guarded, server, org=chosen, type=types)
    heading = guarded.get_by_role("heading", name="Sessions behind C1 × SDG 4")
    _, _, text = click(guarded, "", "cells", ["C1", 4], until=heading)
    assert "Click to list the sessions" in text
    wait_for_app(guarded)
    caption = "organisers " + ", ".join(chosen)
    assert_clean(guarded, caption, "types " + ", ".join(types), *chosen)
    # the table's own CSV download (no formula quoting) is off; ours (wsis_data.export) remain
    guarded.locator('[data-testid="stDataFrame"]').last.hover()
    tools = '[data-testid="stElementToolbar"] button'
    guarded.locator(f'{tools}[aria-label="Search"]').first.wait_for(state="attached")
    assert not guarded.locator(f'{tools}[aria-label="Download as CSV"]').count()

    guarded.get_by_text("Download these sessions").click()
    data = download(guarded, guarded.get_by_role("button", name="sessions CSV", exact=True))
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert '\'+HYPERLINK("x") title' in [r["title"] for r in table]  # neutralised
    assert HOSTILE[0] + " title" in [r["title"] for r in table]  # HTML kept as text

    guarded.get_by_text("Download the chart and the matrix").click()
    html = download(guarded, guarded.get_by_role("button", name="HTML (interactive)", exact=True))
    target = tmp_path / "heatmap.html"
    target.write_bytes(html)
    guarded.goto(target.as_uri())
    guarded.wait_for_selector(".annotation-text", timeout=60_000)
    assert_clean(guarded, caption, "WSIS Action Lines × SDGs")


def test_network_labels_hover_and_profile(hostile_server, guarded):
    server, _ = hostile_server
    open_app(guarded, server, "network")
    name = HOSTILE[1]
    _, _, text = hover(guarded, "Who organises", "", name)
    assert text.startswith(name) and "Sessions: 4" in text
    shown = node_labels(guarded)  # labels never overlap: the largest that fit are shown
    assert len(shown) >= 3 and set(shown) <= set(TEXTS), shown
    assert_clean(guarded, *shown)
    heading = guarded.get_by_role("heading", name=f"{name}: 4 sessions")
    click(guarded, "Who organises", "", name, until=heading)
    wait_for_app(guarded)
    wait_for_svg_text(guarded, ".gtitle", f"Sessions per year · {name}")
    wait_for_svg_text(guarded, ".textpoint", name)  # the chart focuses on it
    assert_clean(guarded, f"Sessions per year · {name}", name)
    # organisations × Action Lines: organisation names as tick labels
    guarded.get_by_role("tab", name="Who works on what").click()
    wait_for_svg_text(guarded, ".ytick text", *HOSTILE)
    assert_clean(guarded, *HOSTILE)


def test_trends_by_organisation_keys_hover_and_drilldown(hostile_server, guarded):
    server, _ = hostile_server
    by, chart = tr.BREAKDOWNS["organisation"], tf.CHART_TYPES["heatmap"]
    open_app(guarded, server, "trends", tr_by=by, tr_chart=chart, tr_top="40")
    name = HOSTILE[2]
    heading = guarded.get_by_role("heading", name=f"{name} in 2020")
    _, _, text = click(guarded, "", "cells", name, key_index=1, until=heading)
    assert text.startswith(name), text
    wait_for_app(guarded)
    wait_for_svg_text(guarded, ".ytick text", *HOSTILE)
    ticks = guarded.evaluate(
        "() => [...document.querySelectorAll('.ytick text')].map(t => t.textContent)"
    )
    assert set(HOSTILE) <= set(ticks)
    assert_clean(guarded, f"{name} in 2020", *HOSTILE)


def test_exported_html_of_network_and_trends(hostile_server, guarded, tmp_path):
    _, store = hostile_server
    ds = store.dataset()
    net = build_network(ds)
    meta = export.ExportMeta(
        title=HOSTILE[4], dataset="Imported records", provenances="file",
        filters=Filters(organisers=(HOSTILE[6],)).describe(),
    )  # fmt: skip
    files = {
        "network": network_figures.network_figure(net, layout(net)),
        "trends": tf.trend_chart(tr.counts_by_year(ds, "organisation", top_n=40), "organisation",
                                 "lines"),
    }  # fmt: skip
    for name, fig in files.items():
        target = tmp_path / f"{name}.html"
        target.write_bytes(export.html_bytes(fig, meta))
        guarded.goto(target.as_uri())
        guarded.wait_for_selector(".annotation-text", timeout=60_000)
        shown = HOSTILE
        if name == "network":
            _, _, text = hover(guarded, "", "", HOSTILE[5])  # the title is the export's
            assert text.startswith(TEXTS), text  # this node or a close neighbour, literally
            shown = node_labels(guarded)  # labels never overlap: the largest that fit
            assert len(shown) >= 3 and set(shown) <= set(TEXTS), shown
        assert_clean(guarded, HOSTILE[4], f"organisers {HOSTILE[6]}", *shown)


def test_about_page(hostile_server, guarded):
    server, _ = hostile_server
    open_app(guarded, server, "about")
    guarded.get_by_role("heading", name="About the data").wait_for()
    guarded.get_by_role("heading", name="Imported records (store").wait_for(timeout=60_000)
    assert_clean(guarded, "Imported records")


def test_import_page_hostile_file_name_and_cells(hostile_server, guarded, tmp_path):
    """Runs last: it adds a batch to the store."""
    server, _ = hostile_server
    # no quote: Chromium sends " in a file name as %22
    name = "<img src=x onerror=window.__xss=7>**f**[md](javascript:x):red[r]&amp;.csv"
    rows = [
        ["Title", "Year", "Organisers", "Action Lines", "SDGs"],
        [HOSTILE[0], "2021", HOSTILE[1], "C1", "4"],
        ['=HYPERLINK("http://x","y")', "<script>window.__xss=8</script>", "@org", "C1", "4"],
    ]
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    upload = tmp_path / name
    upload.write_text(text.getvalue(), encoding="utf-8")
    open_app(guarded, server, "import")
    guarded.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
    button = guarded.get_by_role("button", name="Import 1 file")
    button.wait_for(timeout=60_000)
    wait_for_app(guarded)
    assert_clean(guarded, name)

    data = download(guarded, guarded.get_by_text("Download the 1 row with problems").first)
    back = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert back[1][:3] == ["'=HYPERLINK(\"http://x\",\"y\")", "<script>window.__xss=8</script>",
                           "'@org"]  # fmt: skip

    button.click()
    guarded.get_by_text("Last import").wait_for(timeout=60_000)
    wait_for_app(guarded)
    assert_clean(guarded, f"Report: {name}")
