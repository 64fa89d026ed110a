"""Real browser (Debian's chromium): what a click leaves on screen (issue 19).

A click on a heatmap cell keeps every official-link outline drawn and outlines the chosen cell;
a click on a network node rings the chosen organisation and fades only the others (also when it
is clicked again); a click on a trend point keeps the pickers, and "Clear choice" gives back the
unselected page. Counted in the DOM Plotly drew, not in the figure sent.
"""

from __future__ import annotations

import pytest

from tests.support.browser import click, point, wait_for_app

pytestmark = pytest.mark.browser

HEATMAP = "document.querySelector('.js-plotly-plot')"
OUTLINES = "Official WSIS–SDG Matrix link"
CHOSEN = "Chosen cell"  # how the legend names the chosen cell's outline

#: Points of a trace (by name) as Plotly drew them: how many, and how many are seen (opacity
#: above a half: Plotly's own selection fades an unselected point to a fifth).
DRAWN = """([name]) => {
  const out = {points: 0, seen: 0};
  for (const p of document.querySelectorAll('.js-plotly-plot')) {
    for (const g of p.querySelectorAll('.scatterlayer .trace')) {
      const t = g.__data__ && g.__data__[0] && g.__data__[0].trace;
      if (!t || t.name !== name) continue;
      for (const pt of g.querySelectorAll('path.point')) {
        out.points += 1;
        if (parseFloat(getComputedStyle(pt).opacity) > 0.5) out.seen += 1;
      }
    }
  }
  return out;
}"""

#: The chosen-cell outline as drawn: its screen box and line width, or null.
CHOSEN_BOX = f"""([name]) => {{
  const p = {HEATMAP};
  const i = (p._fullLayout.shapes || []).findIndex(s => String(s.name || '').startsWith(name));
  if (i < 0) return null;
  const path = p.querySelector(`.shapelayer path[data-index="${{i}}"]`);
  if (!path) return null;
  const r = path.getBoundingClientRect();
  return {{cx: r.left + r.width / 2, cy: r.top + r.height / 2, w: r.width, h: r.height,
          stroke: getComputedStyle(path).stroke, width: parseFloat(path.style.strokeWidth),
          legend: [...p.querySelectorAll('.legendtext')].map(t => t.textContent)}};
}}"""


def _open(page, url: str, ready: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.wait_for_function(ready, timeout=60_000)
    wait_for_app(page)


def test_a_heatmap_click_keeps_the_outlines_and_marks_the_chosen_cell(streamlit_server, page):
    _open(page, streamlit_server.url, f"() => {{ const p = {HEATMAP}; return p && p._fullData; }}")
    before = page.evaluate(DRAWN, [OUTLINES])
    assert before["points"] > 50 and before["seen"] == before["points"]
    code, goal = "C3", 4  # not the view's largest cell (C7 × SDG 9), the default choice
    click(page, "", "cells", [code, goal])
    page.get_by_role("heading", name=f"Sessions behind {code} × SDG {goal}").wait_for()
    x, y = point(page, "", "cells", [code, goal])  # the cell's centre on the settled chart
    box = page.wait_for_function(
        f"""([name, x, y]) => {{
          const b = ({CHOSEN_BOX})([name]);
          return b && Math.abs(b.cx - x) < 3 && Math.abs(b.cy - y) < 3 ? b : null;
        }}""",
        arg=[CHOSEN, x, y],
        timeout=60_000,
    ).json_value()
    wait_for_app(page)
    after = page.evaluate(DRAWN, [OUTLINES])
    assert after == before  # every official-link outline is still drawn, none faded
    assert box["width"] >= 3 and box["stroke"] == "rgb(255, 0, 255)"  # thick, not the red
    assert box["w"] > 20 and box["h"] > 20  # the whole cell, not a dot
    assert OUTLINES in box["legend"]
    assert any(t.startswith(CHOSEN) for t in box["legend"])


def _node_state(page, org: str):
    """The chosen organisation's ring (centre, size, line width) and the nodes' drawn opacities."""
    return page.evaluate(
        """([org]) => {
          const p = [...document.querySelectorAll('.js-plotly-plot')]
            .find(q => q.layout && q.layout.meta && q.layout.meta.focus === org);
          if (!p) return null;
          const out = {ring: null, chosen: null, others: []};
          for (const g of p.querySelectorAll('.scatterlayer .trace')) {
            const t = g.__data__ && g.__data__[0] && g.__data__[0].trace;
            if (!t) continue;
            const pts = [...g.querySelectorAll('path.point')];
            if (t.name === 'Chosen organisation') {
              const r = pts[0].getBoundingClientRect(), s = getComputedStyle(pts[0]);
              out.ring = {cx: r.left + r.width / 2, cy: r.top + r.height / 2, size: r.width,
                          width: parseFloat(s.strokeWidth), opacity: parseFloat(s.opacity)};
              continue;
            }
            if (t.mode !== 'markers' || !t.customdata) continue;
            pts.forEach((pt, i) => {
              const d = pt.__data__, name = t.customdata[d.i][0], s = getComputedStyle(pt);
              const r = pt.getBoundingClientRect();
              const node = {name, opacity: parseFloat(s.opacity), size: r.width,
                            width: parseFloat(s.strokeWidth),
                            cx: r.left + r.width / 2, cy: r.top + r.height / 2};
              if (name === org) out.chosen = node; else out.others.push(node);
            });
          }
          return out;
        }""",
        [org],
    )


def test_a_network_click_emphasises_the_chosen_node(streamlit_server, page):
    from wsis_data import catalog
    from wsis_data.filters import Filters
    from wsis_data.network import NetworkSettings, build_network, neighbourhood
    from wsis_data.views import apply_filters

    net = build_network(apply_filters(catalog.load_dataset("sample"), Filters()), NetworkSettings())
    org = "UNESCO"
    kept = set(neighbourhood(net, org, 1))
    assert 1 < len(kept) < len(net.nodes)
    _open(
        page,
        f"{streamlit_server.url}/network",
        "() => [...document.querySelectorAll('.js-plotly-plot')]"
        ".some(p => p._fullData && String(p.layout.title.text).includes('Who organises'))",
    )
    for attempt in ("first click", "the chosen node clicked again"):
        click(page, "Who organises", "", [org])
        page.wait_for_function(
            """([org]) => [...document.querySelectorAll('.js-plotly-plot')]
                .some(p => p.layout.meta && p.layout.meta.focus === org)""",
            arg=[org],
            timeout=60_000,
        )
        wait_for_app(page)
        x, y = point(page, "Who organises", "", [org])  # the node on the settled chart
        state = _node_state(page, org)
        ring, chosen, others = state["ring"], state["chosen"], state["others"]
        assert ring is not None, attempt  # the chosen organisation is marked
        assert abs(ring["cx"] - x) < 2 and abs(ring["cy"] - y) < 2, attempt
        assert ring["size"] > chosen["size"] and ring["opacity"] == 1, attempt
        assert ring["width"] >= 3 > max(o["width"] for o in others), attempt
        seen = {o["name"] for o in others if o["opacity"] == 1}
        assert chosen["opacity"] == 1 and seen == kept - {org}, attempt  # the rest faded
        assert all(o["opacity"] < 0.5 for o in others if o["name"] not in kept), attempt


TREND = "document.querySelector('.js-plotly-plot')"  # the first chart: sessions per year


def _trend_points(page) -> dict:
    """How many points of the trend lines Plotly drew, and how many at full opacity."""
    return page.evaluate(
        f"""() => {{
          const p = {TREND}, out = {{points: 0, full: 0, selected: 0}};
          for (const t of p._fullData) if (t.selectedpoints) out.selected += 1;
          for (const pt of p.querySelectorAll('.scatterlayer .trace path.point')) {{
            out.points += 1;
            if (parseFloat(getComputedStyle(pt).opacity) === 1) out.full += 1;
          }}
          return out;
        }}"""
    )


def test_a_trend_click_keeps_the_pickers_and_clear_choice_restores_the_view(streamlit_server, page):
    page.goto(streamlit_server.url)
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot")
    page.get_by_role("link", name="Trends").click()
    page.get_by_role("heading", name="Sessions behind a point").wait_for(timeout=60_000)
    wait_for_app(page)
    main = page.locator('[data-testid="stMain"]')
    year_box = main.get_by_role("combobox", name="Year", exact=True)  # a picker's input
    year_box.wait_for()
    default_heading = main.locator("h3").last.inner_text()
    default_year = year_box.input_value()
    unselected = _trend_points(page)
    assert unselected["points"] > 0 and unselected["full"] == unselected["points"]
    target = page.evaluate(
        f"""() => {{
          const p = {TREND}, pts = [];
          p._fullData.forEach(t => Array.from(t.x).forEach((x, j) =>
            pts.push({{name: t.name, x, y: t.y[j], key: t.customdata[j]}})));
          const ok = pts.filter(a => a.y !== null && !pts.some(b => b !== a && b.x === a.x
                                    && Math.abs(b.y - a.y) < 0.6));
          ok.sort((a, b) => b.y - a.y);
          return ok.find(a => `${{a.name}} in ${{a.x}}` !== {default_heading!r}) || null;
        }}"""
    )
    assert target, "no clean point to click apart from the default one"
    click(page, "", target["name"], target["key"])
    heading = f"{target['name']} in {target['x']}"
    main.get_by_role("heading", name=heading).wait_for(timeout=60_000)
    wait_for_app(page)
    assert year_box.is_visible() and year_box.input_value() == str(target["x"])  # kept, following
    assert _trend_points(page)["selected"] > 0  # the click shows as a selection
    clear = main.get_by_role("button", name="Clear choice")
    clear.click()
    main.get_by_role("heading", name=default_heading).wait_for(timeout=60_000)
    page.wait_for_function(
        f"""() => {{
          const p = {TREND};
          if (!p || !p._fullData || p._fullData.some(t => t.selectedpoints)) return false;
          const pts = [...p.querySelectorAll('.scatterlayer .trace path.point')];
          return pts.length > 0 && pts.every(pt => getComputedStyle(pt).opacity === '1');
        }}""",
        timeout=60_000,
    )
    wait_for_app(page)
    assert year_box.input_value() == default_year
    assert _trend_points(page) == unselected  # the page as first opened
    assert not page.locator('[data-testid="stException"]').count()
