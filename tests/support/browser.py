"""Playwright helpers: wait for state, never for time.

`wait_for_app` waits until Streamlit has finished running the script. `point` finds a chart's
point by its customdata and returns its screen position once the chart has *settled* (the same
position over two animation frames: Streamlit may still be laying the page out). `hover` moves
the mouse there and waits until Plotly reports that very point as hovered (`_hoverdata`), reading
the position again if another point answered (a chart that moved between reading and moving, on a
busy machine); `click` hovers, then clicks, and, given the state the click leads to (`until`, a
locator), clicks again while Plotly has not taken the click (the point is not selected: a click lost
on a busy machine), then waits for that state. `download` clicks a download button once the app is
idle and returns the file's bytes; a click the server could not serve (an error under the button)
fails with that error; `download_file` also gives the file's name. `share_menu` opens the sidebar's
Share menu and returns its code blocks (link, embed snippet, citation, BibTeX) once its link equals
the address bar.
"""

from __future__ import annotations

from playwright.sync_api import TimeoutError as PlaywrightTimeout

__all__ = [
    "click",
    "download",
    "download_file",
    "hover",
    "point",
    "share_menu",
    "wait_for_app",
    "wait_for_svg_text",
]

#: The plots whose title contains `title` (any plot when empty), their traces named `trace` (any
#: when empty), and the first point whose customdata[k] is `key` (or customdata[k:] starts with
#: `key` when it is a list): [plot, trace, index], or null.
_FIND = """([title, trace, key, k]) => {
  const match = (c) => c && (Array.isArray(key) ? key.every((v, j) => c[k + j] === v)
                                                : c[k] === key);
  for (const p of document.querySelectorAll('.js-plotly-plot')) {
    if (!p._fullLayout || !p._fullData) continue;
    const t = String((p.layout.title || {}).text || '');
    if (title && !t.includes(title)) continue;
    for (const d of p._fullData) {
      if (trace && d.name !== trace) continue;
      const i = (d.customdata || []).findIndex(match);
      if (i >= 0) return [p, d, i, match];
    }
  }
  return null;
}"""
_POSITION = f"""async (args) => {{
  const find = {_FIND};
  const where = () => {{
    const found = find(args);
    if (!found) return null;
    const [p, d, i] = found;
    const xa = p._fullLayout[d.xaxis.replace('x', 'xaxis')];
    const ya = p._fullLayout[d.yaxis.replace('y', 'yaxis')];
    const r = p.getBoundingClientRect();
    return [r.left + xa._offset + xa.d2p(d.x[i]), r.top + ya._offset + ya.d2p(d.y[i])];
  }};
  const frame = () => new Promise(done => requestAnimationFrame(() => done()));
  const before = where();
  await frame(); await frame();
  const after = where();
  const busy = document.querySelector('[data-testid="stStatusWidget"]');
  return before && after && !busy && before[0] === after[0] && before[1] === after[1]
    ? before : null;
}}"""
_HOVERED = f"""(args) => {{
  const found = ({_FIND})(args);
  if (!found) return false;
  const [p, , , match] = found;
  return (p._hoverdata || []).some(h => match(h.customdata));
}}"""


#: True once Plotly has taken a click on the point: the point is among its trace's selected points.
_SELECTED = f"""(args) => {{
  const found = ({_FIND})(args);
  if (!found) return false;
  const [p, d, i] = found;
  const input = (p.data || [])[d.index] || {{}};
  return Array.from(input.selectedpoints || []).includes(i);
}}"""


def wait_for_app(pg) -> None:
    """Wait until Streamlit has finished running the script."""
    pg.wait_for_selector('[data-testid="stApp"]')
    pg.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelector('[data-testid=\"stMain\"]')",
        timeout=60_000,
    )


def point(page, title: str, trace: str, key, *, key_index: int = 0) -> tuple[float, float]:
    """Screen position of a chart's point (see module doc) once the chart has settled."""
    args = [title, trace, key, key_index]
    page.wait_for_function(f"(args) => !!({_FIND})(args)", arg=args, timeout=60_000)
    for _ in range(600):  # each try waits two animation frames: a state, not a time
        where = page.evaluate(_POSITION, args)
        if where:
            return where[0], where[1]
    raise AssertionError(f"the chart never settled around {key!r}")


def hover(page, title: str, trace: str, key, *, key_index: int = 0) -> tuple[float, float, str]:
    """Hover the point; its position and the hover label's text once Plotly reports that point."""
    args = [title, trace, key, key_index]
    label = page.locator(".hoverlayer .hovertext").first
    for attempt in range(4):
        x, y = point(page, *args[:3], key_index=key_index)
        page.mouse.move(1, 1)
        page.mouse.move(x, y, steps=3)
        try:
            page.wait_for_function(_HOVERED, arg=args, timeout=10_000)
            label.wait_for(timeout=10_000)
            return x, y, label.text_content()
        except PlaywrightTimeout:
            if attempt == 3:
                raise
    raise AssertionError("unreachable")


def click(
    page, title: str, trace: str, key, *, key_index: int = 0, until=None, tries: int = 4
) -> tuple[float, float, str]:
    """Hover the point (see `hover`), click it; its position and hover text.

    With `until` (a locator: what the click shows, e.g. a heading), the click is repeated while
    Plotly has not taken it (the point not selected, the app idle and `until` not shown: a lost
    click), then `until` is waited for (the rerun it starts may be slow on a busy machine).
    """
    for attempt in range(tries):
        x, y, text = hover(page, title, trace, key, key_index=key_index)
        page.mouse.click(x, y)
        if until is None:
            return x, y, text
        args = [title, trace, key, key_index]
        try:
            page.wait_for_function(_SELECTED, arg=args, timeout=15_000)
        except PlaywrightTimeout:
            wait_for_app(page)  # a rerun the click started has finished: its state is shown
            if not until.count() and attempt < tries - 1:
                continue  # Plotly never took the click: click again
        until.first.wait_for(timeout=120_000)
        return x, y, text
    raise AssertionError("unreachable")


def wait_for_svg_text(page, selector: str, *texts: str) -> None:
    """Wait until SVG text elements matching `selector` show every one of `texts`."""
    page.wait_for_function(
        """([sel, want]) => {
          const have = [...document.querySelectorAll(sel)].map(t => t.textContent);
          return want.every(w => have.some(h => h.includes(w)));
        }""",
        arg=[selector, list(texts)],
        timeout=60_000,
    )


def download(page, button, *, timeout: float = 120_000) -> bytes:
    """The bytes a download button (a locator) gives, clicked once the app is idle."""
    return download_file(page, button, timeout=timeout)[1]


def download_file(page, button, *, timeout: float = 120_000) -> tuple[str, bytes]:
    """The file name and bytes a download button (a locator) gives, clicked once the app is idle."""
    wait_for_app(page)
    button.wait_for(timeout=timeout)
    try:
        with page.expect_download(timeout=timeout) as info:
            button.click()
    except PlaywrightTimeout:
        errors = page.locator('[data-testid="stDownloadButtonError"]').all_inner_texts()
        raise AssertionError(f"no download after the click; errors shown: {errors}") from None
    with open(info.value.path(), "rb") as file:
        return info.value.suggested_filename, file.read()


#: True when the Share menu's first code block (the link) has the address bar's query.
_LINK_IS_ADDRESS = """() => {
  const block = document.querySelector('[data-testid="stPopoverBody"] [data-testid="stCode"]');
  if (!block) return false;
  const sorted = (q) => [...new URLSearchParams(q)].map(p => p.join('=')).sort().join('&');
  const link = new URL(block.innerText.trim());
  return sorted(link.search) === sorted(location.search)
    && link.pathname.replace(/\\/$/, '') === location.pathname.replace(/\\/$/, '');
}"""


def _open_share_menu(page, blocks) -> None:
    """Click Share until the menu shows its code blocks `blocks` (three tries: a rerun that
    starts just after the click redraws the menu closed)."""
    for _ in range(3):
        wait_for_app(page)
        page.get_by_role("button", name="Share").click()
        try:
            blocks.nth(3).wait_for(timeout=30_000)
            return
        except PlaywrightTimeout:
            continue


def share_menu(page) -> list[str]:
    """Open the Share menu; its code blocks (link, embed snippet, citation, BibTeX) once the link
    equals the address bar (the menu is filled again at the end of every run)."""
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=60_000)
    blocks = page.locator('[data-testid="stPopoverBody"] [data-testid="stCode"]')
    for attempt in range(3):
        _open_share_menu(page, blocks)
        try:  # the address may still change after the menu was made (a run setting the URL
            # of the default page): then the menu, made when opened, is opened again
            page.wait_for_function(_LINK_IS_ADDRESS, timeout=20_000 if attempt < 2 else 60_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
            blocks.first.wait_for(state="detached", timeout=30_000)
    wait_for_app(page)
    return [blocks.nth(i).inner_text().strip() for i in range(blocks.count())]
