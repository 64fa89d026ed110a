"""Real browser: animations never start by themselves (with `prefers-reduced-motion: reduce`
emulated, the trends heatmap over time and the network through time sit still; Play steps only
when pressed, with no animated transition), and the year shown is chosen by keyboard (Tab to the
"Year shown" slider, arrow keys, End)."""

import pytest

from tests.support.browser import wait_for_app

pytestmark = pytest.mark.browser

#: The animated chart's state: slider position, title, whether Plotly is animating (a frame
#: queue, an animation loop or a transition running), every animate call's transition duration.
_STATE = """() => {
  const p = [...document.querySelectorAll('.js-plotly-plot')]
    .find(p => p._fullLayout && (p._fullLayout.sliders || []).length && p._transitionData);
  if (!p) return null;
  const t = p._transitionData;
  const calls = [...(p.layout.updatemenus || []).flatMap(m => m.buttons),
                 ...p.layout.sliders.flatMap(s => s.steps)].map(b => b.args[1] || {});
  return {
    active: p._fullLayout.sliders[0].active,
    title: String((p._fullLayout.title || {}).text || '').replace(/<[^>]+>/g, ''),
    animating: !!(t._animationRaf || (t._frameQueue || []).length || p._transitioning),
    durations: calls.map(a => (a.transition || {}).duration ?? 0),
  };
}"""


@pytest.fixture
def reduced(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 2000}, reduced_motion="reduce")
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    context.close()


def _open(page, server, link: str, tab: str | None = None) -> dict:
    page.goto(server.url)
    wait_for_app(page)
    page.get_by_role("link", name=link, exact=True).click()
    wait_for_app(page)
    if tab:
        page.get_by_role("tab", name=tab).click()
        wait_for_app(page)
    page.wait_for_function(f"() => !!({_STATE})()", timeout=90_000)
    return page.evaluate(_STATE)


@pytest.mark.parametrize(
    ("link", "tab"), [("Trends", None), ("Organisation network", "Through time")]
)
def test_no_animation_starts_by_itself(streamlit_server, reduced, link, tab):
    settled = _open(reduced, streamlit_server, link, tab)
    assert not settled["animating"]
    assert settled["durations"] and set(settled["durations"]) == {0}  # no animated transition
    wait_for_app(reduced)  # the app idle again: still the same frame, nothing running
    assert reduced.evaluate(_STATE) == settled
    # the probe sees an animation when there is one: Play, pressed, starts one
    reduced.locator(".updatemenu-button").first.click()
    reduced.wait_for_function(
        f"(was) => {{ const s = ({_STATE})(); return !!s && (s.animating || s.active !== was); }}",
        arg=settled["active"],
        timeout=60_000,
    )


def test_the_year_shown_is_chosen_by_keyboard(streamlit_server, page):
    first = _open(page, streamlit_server, "Trends")
    page.get_by_role("radio", name="Sessions").last.focus()  # the heatmap-over-time Value radio
    slider = page.locator('[data-testid="stSlider"]').filter(has_text="Year shown")
    thumb = slider.get_by_role("slider")
    for _ in range(10):  # Tab until the slider has the focus (a state, not a time)
        page.keyboard.press("Tab")
        if thumb.evaluate("el => el === document.activeElement"):
            break
    assert thumb.evaluate("el => el === document.activeElement"), "Tab never reached the slider"
    year = int(first["title"][:4])
    page.keyboard.press("ArrowRight")
    # null while the rerun replaces the chart: a state to wait through, not an error
    page.wait_for_function(f"() => !!({_STATE})()?.title.startsWith('{year + 1}')", timeout=90_000)
    assert f"tr_year={year + 1}" in page.url
    page.keyboard.press("End")
    last = thumb.get_attribute("aria-valuetext") or ""
    page.wait_for_function(
        f"(y) => !!({_STATE})()?.title.startsWith(y) && y !== '{year + 1}'",
        arg=last,
        timeout=90_000,
    )
