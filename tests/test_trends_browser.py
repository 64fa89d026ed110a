"""Real browser: the Trends animation plays, and a click on a line point shows its sessions."""

import pytest

from tests.support.browser import click, download_file, wait_for_app

pytestmark = pytest.mark.browser

Z = "JSON.stringify(Array.from(p._fullData[0].z, r => Array.from(r)))"
ANIMATION = "[...document.querySelectorAll('.js-plotly-plot')].find(p => p.layout.sliders)"


def open_trends(streamlit_server, page):
    page.goto(streamlit_server.url)
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot")
    page.get_by_role("link", name="Trends").click()
    page.wait_for_function(
        f"() => {{ const p = {ANIMATION}; return p && p._fullLayout && p._fullLayout.sliders; }}"
    )
    wait_for_app(page)


def test_play_button_advances_the_years(streamlit_server, page):
    open_trends(streamlit_server, page)
    before = page.evaluate(
        f"() => {{ const p = {ANIMATION}; const s = p._fullLayout.sliders[0];"
        " return [s.active, s.steps.map(x => x.label), p._fullLayout.title.text,"
        f" {Z}]; }}"
    )
    assert before[0] == 0 and before[1][0] == "2015" and "2015" in before[2]
    page.locator(".updatemenu-button", has_text="Play").click()
    page.wait_for_function(
        f"() => {{ const p = {ANIMATION}; return p._fullLayout.sliders[0].active >= 2; }}",
        timeout=60_000,
    )
    after = page.evaluate(
        f"() => {{ const p = {ANIMATION}; return [p._fullLayout.sliders[0].active,"
        f" p._fullLayout.title.text, {Z}]; }}"
    )
    year = before[1][after[0]]
    assert year > "2015" and year in after[1]
    assert before[3].startswith("[[") and after[2] != before[3]  # another year's counts


def test_a_click_on_a_point_shows_its_sessions(streamlit_server, page):
    open_trends(streamlit_server, page)
    # The highest point of the lines chart that no other line shares (a clean click target).
    target = page.evaluate(
        """() => {
          const p = document.querySelector('.js-plotly-plot');
          const pts = [];
          p._fullData.forEach((t, i) => Array.from(t.x).forEach(
            (x, j) => pts.push({i, x, y: t.y[j], name: t.name})));
          const ok = pts.filter(a => a.y !== null && !pts.some(b => b !== a && b.x === a.x
                                    && Math.abs(b.y - a.y) < 0.6));
          ok.sort((a, b) => b.y - a.y);
          const t = ok[0], d = p._fullData[t.i];
          return {name: t.name, x: t.x, y: t.y, key: d.customdata[Array.from(d.x).indexOf(t.x)]};
        }"""
    )
    heading = page.get_by_role("heading", name=f"{target['name']} in {target['x']}")
    click(page, "", target["name"], target["key"], until=heading)  # on the settled chart
    page.get_by_text(f"{int(target['y'])} sessions ·").first.wait_for()
    assert not page.locator('[data-testid="stException"]').count()


def test_a_url_restores_the_page_settings(streamlit_server, page):
    # Visit the root first: a deep link as the server's very first request runs pages/ as a
    # legacy multipage app without dashboard.py (Streamlit's uses_pages_directory flag).
    page.goto(streamlit_server.url)
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot")
    query = "tr_by=SDG&tr_chart=Heatmap+%28key+%C3%97+year%29&tr_a=2016"
    page.goto(f"{streamlit_server.url}/trends?{query}")
    wait_for_app(page)
    # Wait for the state the link asks for (an earlier draw of the page can still be on screen).
    page.wait_for_function(
        "() => { const p = document.querySelector('.js-plotly-plot');"
        " return p && p.data && p.data[0].type === 'heatmap' && p.data[0].y[0] === 'SDG 1'; }"
    )
    rows = page.evaluate("() => Array.from(document.querySelector('.js-plotly-plot').data[0].y)")
    assert rows[:2] == ["SDG 1", "SDG 2"]
    page.get_by_role("heading", name="Action Line × SDG difference, 2026 minus 2016").wait_for()
    assert "tr_by=SDG" in page.url


def test_the_animation_downloads_as_an_animated_html_file(streamlit_server, page, tmp_path):
    open_trends(streamlit_server, page)
    button = page.locator('[data-testid="stDownloadButton"]', has_text="HTML").nth(1)
    name, data = download_file(page, button)
    assert name.startswith("wsis-trends-matrix-sessions-")
    path = tmp_path / name
    path.write_bytes(data)
    text = path.read_text(encoding="utf-8")
    frames = text[text.index("Plotly.addFrames(") :]
    assert all(f'"name":"{year}"' in frames for year in range(2015, 2027))
    assert "a sample: counts describe the sample" in text


def test_a_click_on_a_cell_of_the_paused_animation_shows_its_sessions(streamlit_server, page):
    open_trends(streamlit_server, page)
    page.locator(".updatemenu-button", has_text="Play").click()
    page.wait_for_function(
        f"() => {{ const p = {ANIMATION}; return p._fullLayout.sliders[0].active >= 3; }}",
        timeout=60_000,
    )
    page.locator(".updatemenu-button", has_text="Pause").click()
    # Wait for a consistent state, not a time: no transition running, and the title and the
    # cells' customdata both show the year the slider stopped at.
    page.wait_for_function(
        f"""() => {{
          const p = {ANIMATION}, s = p._fullLayout.sliders[0];
          const year = String(s.steps[s.active].label), cells = p._fullData[1];
          return !p._transitioning && String(p._fullLayout.title.text).includes(year)
            && cells.customdata.length > 0 && String(cells.customdata[0][0]) === year;
        }}""",
        timeout=60_000,
    )
    target = page.evaluate(
        f"""() => {{
          const p = {ANIMATION};
          const cells = p._fullData[1], xa = p._fullLayout.xaxis, ya = p._fullLayout.yaxis;
          let best = 0;
          cells.customdata.forEach((c, i) => {{ if (c[3] > cells.customdata[best][3]) best = i; }});
          const c = cells.customdata[best], r = p.getBoundingClientRect();
          return {{year: c[0], code: c[1], sdg: c[2], n: c[3],
                   label: cells.y[best], title: p._fullLayout.title.text,
                   px: r.left + xa._offset + xa.d2p(cells.x[best]),
                   py: r.top + ya._offset + ya.d2p(cells.y[best])}};
        }}"""
    )
    assert str(target["year"]) in target["title"] and target["n"] > 0
    heading = f"{target['label']} × SDG {target['sdg']} in {target['year']}"
    until = page.get_by_role("heading", name=heading)
    click(page, "", "", [target["year"], target["code"], target["sdg"]], until=until)
    page.get_by_text(f"{target['n']} sessions ·").first.wait_for()
