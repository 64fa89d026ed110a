"""Real browser, dark mode: with `prefers-color-scheme: dark` emulated, every page renders in the
dark theme and every chart's text (ticks, axis titles, annotations such as the dataset note,
legend and colour-bar labels) contrasts with the chart's background (WCAG ratio >= 4.5); an image
exported from the dark app is light."""

import re

import pytest

import dashboard
from tests.support.browser import download, wait_for_app

pytestmark = pytest.mark.browser

CHARTS = {"heatmap", "network", "trends", "interlinkages"}

#: [text, fill, background] of every chart text: the background is the paper's fill when the
#: chart paints one, else the app's.
_TEXTS = """() => {
  const app = getComputedStyle(document.querySelector('.stApp')).backgroundColor;
  const out = [];
  for (const p of document.querySelectorAll('.js-plotly-plot')) {
    const paper = p.querySelector('svg.main-svg rect.bg');
    const style = paper && getComputedStyle(paper);
    const opaque = style && style.fill !== 'none' && Number(style.fillOpacity) > 0
      && !/rgba\\(.*,\\s*0\\)$/.test(style.fill);
    const bg = opaque ? style.fill : app;
    for (const t of p.querySelectorAll('text')) {
      const group = t.parentNode.getAttribute('class') || '';  // xtick, x3tick, g-ytitle, ycb…tick
      const own = t.getAttribute('class') || '';  // annotation-text, legendtext, gtitle, cbtitle
      const chartText = /tick$|title$/.test(group) || /annotation|legend|title/.test(own);
      if (!chartText || !t.textContent.trim()) continue;
      out.push([t.textContent.slice(0, 40), getComputedStyle(t).fill, bg]);
    }
  }
  return out;
}"""


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(v) for v in re.findall(r"[\d.]+", css)[:3])


def _luminance(css: str) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(css))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.fixture
def dark(browser):
    context = browser.new_context(
        viewport={"width": 1400, "height": 2000}, color_scheme="dark", accept_downloads=True
    )
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    context.close()


def _open(page, server, row) -> None:
    page.goto(server.url)
    wait_for_app(page)
    page.get_by_role("link", name=row.title, exact=True).click()
    wait_for_app(page)


@pytest.mark.parametrize("row", dashboard.PAGES, ids=[r.url_path for r in dashboard.PAGES])
def test_every_page_is_dark_with_readable_charts(streamlit_server, dark, row):
    _open(dark, streamlit_server, row)
    app = dark.evaluate("getComputedStyle(document.querySelector('.stApp')).backgroundColor")
    assert _luminance(app) < 0.05, f"the app is not dark: {app}"
    assert not dark.locator('[data-testid="stException"]').count()
    if row.url_path not in CHARTS:
        return
    dark.wait_for_function(f"() => ({_TEXTS})().length > 0", timeout=90_000)
    texts = dark.evaluate(_TEXTS)
    assert texts
    poor = [(t, f, b, round(contrast(f, b), 2)) for t, f, b in texts if contrast(f, b) < 4.5]
    assert not poor, f"chart text that does not contrast with its background: {poor[:10]}"


def test_an_image_exported_from_the_dark_app_is_light(streamlit_server, dark):
    _open(dark, streamlit_server, dashboard.PAGES[0])  # the heatmap
    dark.get_by_text("Download the chart and the matrix").click()
    svg = download(dark, dark.get_by_role("button", name="SVG", exact=True)).decode()
    paper = re.search(r'<rect[^>]*class="bg"[^>]*style="fill: ?([^;"]+)', svg)
    assert paper and _luminance(paper.group(1)) > 0.9, paper
    fills = re.findall(r'class="(?:xtick|ytick)"[^>]*>.*?fill: ?(rgb\([^)]*\))', svg)
    assert fills and all(_luminance(f) < 0.2 for f in fills), fills[:5]
    assert "rgb(14, 17, 23)" not in svg and "#0e1117" not in svg  # no dark background anywhere
