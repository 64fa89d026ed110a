"""Real browser at phone width (390 × 844): every page on both embedded datasets fits the screen.

No page scrolls sideways and no chart writes text past its own edges (the dataset note used to be
cut off); the heatmap hides its cell numbers and draws its official-link outlines small (and
shows the numbers again at 1280 px); the download panel puts several buttons on a line; Play and
Pause do not sit on the year slider; the risers/fallers labels stay inside their chart; the
network shows only its largest few labels. One page, reused: each test opens its own URL.
"""

import pytest

from dashboard import PAGES
from tests.support.browser import wait_for_app
from wsis_data import catalog

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DATASETS = {"sample": "", "synthetic": catalog.DATASETS["synthetic"][0]}
CHART_PAGES = {"heatmap", "network", "trends", "interlinkages"}

#: What does not fit: the page or the main area wider than the screen, or a chart's visible text
#: past the chart's left or right edge (hover labels aside).
_OFFENDERS = """() => {
  const out = [];
  const doc = document.scrollingElement;
  if (doc.scrollWidth > window.innerWidth) out.push('page ' + doc.scrollWidth);
  const main = document.querySelector('[data-testid="stMain"]');
  if (main && main.scrollWidth > main.clientWidth) out.push('main area ' + main.scrollWidth);
  for (const p of document.querySelectorAll('.js-plotly-plot')) {
    const box = p.getBoundingClientRect();
    if (!box.width) continue;  // in a tab not shown
    for (const t of p.querySelectorAll('.main-svg text')) {
      const r = t.getBoundingClientRect();
      if (!r.width || t.closest('.hoverlayer') || !t.textContent.trim()) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1)
        out.push(`"${t.textContent.slice(0, 50)}" ${Math.round(r.left)}–${Math.round(r.right)}`
                 + ` outside ${Math.round(box.left)}–${Math.round(box.right)}`);
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def phone(browser, streamlit_server):
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.goto(streamlit_server.url)  # the root first: a deep link as a fresh server's first request
    wait_for_app(pg)  # runs pages/ without the router (see pages/_runtime.require_router)
    yield pg
    context.close()


def open_page(phone, server, path: str, dataset: str = "sample", query: str = "") -> None:
    phone.set_viewport_size(PHONE)
    params = "&".join(
        p for p in (f"ds={DATASETS[dataset]}" if DATASETS[dataset] else "", query) if p
    )
    phone.goto(f"{server.url}/{path}" + (f"?{params}" if params else ""))
    wait_for_app(phone)
    phone.get_by_role("heading").first.wait_for()
    if path in CHART_PAGES:
        phone.wait_for_selector(".js-plotly-plot .main-svg")
    wait_for_app(phone)


def wait_until_none(phone, script: str, arg=None) -> None:
    """Wait until `script` (returning a list of problems) returns none; fail naming the last."""
    try:
        phone.wait_for_function(f"(arg) => ({script})(arg).length === 0", arg=arg, timeout=60_000)
    except Exception:
        problems = phone.evaluate(script, arg)
        if problems:
            raise AssertionError(problems) from None


@pytest.mark.parametrize("dataset", list(DATASETS))
@pytest.mark.parametrize("row", PAGES, ids=[row.url_path for row in PAGES])
def test_every_page_fits_a_phone_screen(phone, streamlit_server, dataset, row):
    open_page(phone, streamlit_server, row.url_path, dataset)
    wait_until_none(phone, _OFFENDERS)
    assert not phone.locator('[data-testid="stException"]').count()


_CELL_TEXT = """() => [...document.querySelectorAll('.st-key-heatmap .heatmap-label text')]
  .filter(t => t.getBoundingClientRect().width > 0).length"""
#: Official-link outlines wider than a heatmap cell (they merged into bands).
_WIDE_OUTLINES = """() => {
  const p = document.querySelector('.st-key-heatmap .js-plotly-plot');
  const d = p._fullData.find(t => t.type === 'heatmap');
  const cell = p.querySelector('.heatmaplayer image, .heatmaplayer .hm')
                .getBoundingClientRect().width / d.z[0].length;
  return [...p.querySelectorAll('.scatterlayer .trace')]
    .filter(g => getComputedStyle(g).opacity !== '0')
    .flatMap(g => [...g.querySelectorAll('path.point')])
    .filter(pt => pt.style.opacity !== '0' && pt.getBoundingClientRect().width > cell)
    .map(pt => `${pt.getBoundingClientRect().width.toFixed(1)} px outline, ${cell} px cell`);
}"""


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_heatmap_hides_cell_numbers_and_draws_small_outlines_on_a_phone(
    phone, streamlit_server, dataset
):
    open_page(phone, streamlit_server, "heatmap", dataset)
    phone.wait_for_function(f"() => ({_CELL_TEXT})() === 0")  # hidden at 390 px
    wait_until_none(phone, _WIDE_OUTLINES)
    phone.set_viewport_size({"width": 1280, "height": 844})
    phone.wait_for_function(f"() => ({_CELL_TEXT})() > 0")  # shown again on a wide screen


#: Download buttons that share a line with another (their tops within a few pixels).
_BUTTONS_SHARING_A_LINE = """() => {
  const tops = [...document.querySelectorAll('[class*="st-key-dl-heatmap-"]')]
    .map(b => b.getBoundingClientRect()).filter(r => r.height > 0).map(r => r.top);
  return tops.filter(t => tops.filter(u => Math.abs(u - t) < 4).length > 1).length;
}"""


def test_download_buttons_share_lines_on_a_phone(phone, streamlit_server):
    open_page(phone, streamlit_server, "heatmap", "synthetic")
    phone.get_by_text("Download the chart and the matrix").click()
    phone.locator(".st-key-dl-heatmap-xlsx").wait_for()
    buttons = phone.locator('[class*="st-key-dl-heatmap-"]').count()
    assert buttons >= 6
    lines = phone.evaluate(
        """() => new Set([...document.querySelectorAll('[class*="st-key-dl-heatmap-"]')]
          .map(b => Math.round(b.getBoundingClientRect().top / 8))).size"""
    )
    assert phone.evaluate(_BUTTONS_SHARING_A_LINE) >= 4 and lines < buttons, (lines, buttons)


_PLAY_ON_SLIDER = """() => {
  const p = [...document.querySelectorAll('.js-plotly-plot')].find(p => p.layout.sliders);
  const s = p.querySelector('.slider-container').getBoundingClientRect();
  return [...p.querySelectorAll('.updatemenu-button')].map(b => b.getBoundingClientRect())
    .filter(b => b.left < s.right && s.left < b.right && b.top < s.bottom && s.top < b.bottom)
    .map(b => `button ${Math.round(b.left)}–${Math.round(b.right)} on the slider`);
}"""
#: Risers/fallers value labels ("▲ +20") not wholly inside their chart.
_CUT_BAR_LABELS = """() => {
  const p = [...document.querySelectorAll('.js-plotly-plot')]
    .find(p => p._fullData[0] && p._fullData[0].orientation === 'h');
  if (!p) return ['no risers/fallers chart'];
  const box = p.querySelector('.main-svg').getBoundingClientRect();
  const labels = [...p.querySelectorAll('.bartext')];
  if (!labels.length) return ['no labels'];
  return labels.map(t => [t.textContent, t.getBoundingClientRect()])
    .filter(([, r]) => r.left < box.left || r.right > box.right)
    .map(([text, r]) => `${text} at ${Math.round(r.left)}–${Math.round(r.right)}`);
}"""


@pytest.mark.parametrize("dataset", list(DATASETS))
def test_trends_play_and_labels_fit_a_phone(phone, streamlit_server, dataset):
    open_page(phone, streamlit_server, "trends", dataset)
    phone.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].some(p => p.layout.sliders)"
    )
    wait_until_none(phone, _PLAY_ON_SLIDER)
    phone.locator(".bartext").first.wait_for()
    wait_until_none(phone, _CUT_BAR_LABELS)


_LABELS_SHOWN = """() => [...document.querySelectorAll('.st-key-net_chart .textpoint')]
  .filter(t => t.getBoundingClientRect().width > 0).length"""


def test_network_shows_a_few_labels_on_a_phone(phone, streamlit_server):
    open_page(phone, streamlit_server, "network", "synthetic")
    phone.wait_for_function(f"() => ({_LABELS_SHOWN})() > 0")
    assert phone.evaluate(_LABELS_SHOWN) <= 4
    phone.set_viewport_size({"width": 1280, "height": 844})
    phone.wait_for_function(f"() => ({_LABELS_SHOWN})() > 8")  # all of them on a wide screen


def test_the_chosen_organisation_keeps_its_name_on_a_phone(phone, streamlit_server):
    """The phone rules hide the community labels (bold), not the chosen organisation's name."""
    open_page(phone, streamlit_server, "network", "sample", "net_org=UNESCO")
    chosen = """() => [...document.querySelectorAll('.st-key-net_chart .textpoint')]
      .some(t => t.textContent === 'UNESCO' && t.getBoundingClientRect().width > 0)"""
    phone.wait_for_function(chosen, timeout=60_000)
    assert phone.evaluate(_LABELS_SHOWN) <= 5  # the few largest and the chosen one
