"""The heatmap page in real chromium against a bare Streamlit floor, and warm vs one-shot export.

For each dataset (the synthetic demo, and 100k synthetic sessions via WSIS_SYNTHETIC_SESSIONS),
one `streamlit run` of dashboard.py and one of bench/floor_heatmap.py (the same year slider and
one go.Heatmap of the same size) are driven by Playwright in Debian's chromium:

- first render: page load (warm server, dataset cached) until the Plotly chart is drawn;
- filter change: a keyboard step of the year slider until the chart shows the new figure.

Then PNG/SVG/PDF of the heatmap through wsis_data.export's persistent Kaleido browser (warm)
against a one-shot `fig.to_image` (a new browser each call). Printed, never asserted.
Run: `python -m bench.bench_heatmap [--sizes demo,100000] [--repeat 5]`.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bench.common import print_table
from bench.harness.app_server import AppServer
from bench.harness.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
CHART = "document.querySelector('.js-plotly-plot')"
#: What changes when the chart shows a new figure (the z values of its first trace).
SIGNATURE = f"JSON.stringify({CHART}.data[0].z)"
IDLE = "!document.querySelector('[data-testid=\"stStatusWidget\"]')"


def _load(page, url: str) -> float:
    """Seconds from navigation to a drawn chart and an idle app."""
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(
        f"() => {{ const p = {CHART}; return p && p._fullLayout && p.querySelector('.main-svg')"
        f" && {IDLE}; }}",
        timeout=600_000,
    )
    return time.perf_counter() - start


def _change(page, key: str) -> float:
    """Seconds from a keyboard step of the years slider's first thumb to the redrawn chart."""
    page.evaluate(f"() => {{ window.__old = {SIGNATURE}; }}")
    thumb = page.locator('[data-testid="stSidebar"] [data-testid="stSlider"] input').first
    thumb.focus()
    start = time.perf_counter()
    thumb.press(key)
    try:
        page.wait_for_function(
            f"() => {{ const p = {CHART}; return p && p.data"
            f" && {SIGNATURE} !== window.__old && {IDLE}; }}",
            timeout=120_000,
            polling=10,
        )
    except Exception:
        page.screenshot(path="/tmp/bench_heatmap_timeout.png")
        raise
    return time.perf_counter() - start


def measure(url: str, repeat: int) -> tuple[float, float, float]:
    """Cold first render, median warm first render, median filter change (seconds)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1600})
        page = context.new_page()
        cold = _load(page, url)
        loads = [_load(page, url) for _ in range(repeat)]
        changes = [
            _change(page, "ArrowRight" if i % 2 == 0 else "ArrowLeft") for i in range(repeat * 2)
        ]
        browser.close()
    return cold, statistics.median(loads), statistics.median(changes)


def pages(sizes: list[str], repeat: int) -> None:
    """Print the page-versus-floor table."""
    rows = []
    for size in sizes:
        env = {} if size == "demo" else {"WSIS_SYNTHETIC_SESSIONS": size}
        label = "demo (2,750)" if size == "demo" else f"{int(size):,}"
        results = {}
        for name, script, path in (
            ("floor", ROOT / "bench" / "floor_heatmap.py", ""),
            ("ours", ROOT / "dashboard.py", "?ds=Synthetic+demo+%28generated%29"),
        ):
            server = AppServer(env, script=script)
            try:
                results[name] = measure(server.url + "/" + path, repeat)
            finally:
                server.stop()
        (fc, fl, fx), (oc, ol, ox) = results["floor"], results["ours"]
        ms = [f"{v * 1000:.0f}" for v in (fl, ol)] + [f"{ol / fl:.2f}x"]
        ms += [f"{v * 1000:.0f}" for v in (fx, ox)] + [f"{ox / fx:.2f}x"]
        rows.append([label, f"{fc:.2f}", f"{oc:.2f}", *ms])
    print_table(
        f"Heatmap page vs bare go.Heatmap floor, real chromium (median of {repeat} loads, "
        f"{2 * repeat} slider steps; cold = first load incl. dataset build)",
        [
            "sessions",
            "floor cold s",
            "ours cold s",
            "floor load ms",
            "ours load ms",
            "ratio",
            "floor change ms",
            "ours change ms",
            "ratio",
        ],
        rows,
    )


def exports(repeat: int) -> None:
    """Print warm persistent-browser export times against one-shot fig.to_image."""
    from wsis_data import export, figures
    from wsis_data.matrix import build_matrix
    from wsis_data.synthetic import demo_dataset

    ds = demo_dataset()
    fig = figures.heatmap(build_matrix(ds), note=ds.info.chart_note)
    meta = export.ExportMeta("Heatmap", ds.info.chart_note, "none", "page, title", synthetic=True)
    from wsis_data.export.layout import baked as bake

    baked = bake(fig, meta, 1200, 800)  # the same figure the export renders
    rows = []
    for fmt in ("png", "svg", "pdf"):
        one_shot = []
        for _ in range(max(2, repeat // 2)):
            start = time.perf_counter()
            baked.to_image(format=fmt, width=1200, height=800, scale=2)
            one_shot.append(time.perf_counter() - start)
        export.image_bytes(fig, fmt, meta)  # warm-up (starts the browser once)
        opts = {"format": fmt, "width": 1200, "height": 800, "scale": 2}
        warm = []
        for _ in range(repeat):
            start = time.perf_counter()  # a real render (the render cache is bypassed)
            export.images._render(baked.to_dict(), opts)
            warm.append(time.perf_counter() - start)
        export.image_bytes(fig, fmt, meta, width=1200, height=800, scale=2)  # rendered, kept
        start = time.perf_counter()  # a second session asking for the same image: the cache
        export.image_bytes(fig, fmt, meta, width=1200, height=800, scale=2)
        cached = time.perf_counter() - start
        o, w = statistics.median(one_shot), statistics.median(warm)
        rows.append([fmt.upper(), f"{o * 1000:.0f}", f"{w * 1000:.0f}", f"{o / w:.1f}x",
                     f"{cached * 1000:.1f}"])  # fmt: skip
    export.shutdown()
    print_table(
        "Heatmap export: one-shot fig.to_image vs warm persistent Kaleido (median, 1200×800 @2x)",
        ["format", "one-shot ms", "warm ms", "speed-up", "cached ms (2nd ask)"],
        rows,
    )


def run(sizes: list[str] | None = None, repeat: int = 5) -> None:
    """Print both tables."""
    pages(sizes or ["demo", "100000"], repeat)
    exports(repeat)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="demo,100000", help="'demo' and/or session counts")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-pages", action="store_true", help="only the export table")
    a = parser.parse_args()
    if not a.skip_pages:
        pages(a.sizes.split(","), a.repeat)
    exports(a.repeat)
