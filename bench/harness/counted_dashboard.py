"""dashboard.py run by a real `streamlit run` server, with its work counted (tests and benches).

`streamlit run bench/harness/counted_dashboard.py` runs the real dashboard.py (as the AppTest
launcher does) after installing, once per process:

- spies on the figure builders and on the sidebar (`SPIED`): each call goes through to the real
  function, and its name is appended to the file named by `WSIS_CALL_LOG` (one line per call);
  a cache hit calls no builder, so the log lists what a run really rebuilt. Every module's
  reference to the function is replaced (`figures.heatmap` and `figures.matrix.heatmap` alike).
- with `WSIS_PROFILE_DIR`, a cProfile of each script run (full or fragment) of the server's
  script thread while a file named `on` exists in that folder, dumped as `run-<n>.prof` there
  when the run ends (so a bench can time runs unprofiled, then profile the same runs).

AppTest cannot rerun a fragment alone (streamlit issue #9242: `AppTest.run()` always reruns the
app), so what a fragment rerun rebuilds is counted here, on a real server driven by
bench/harness/ws_client.py, which asks for fragment reruns as the browser does.
"""

from __future__ import annotations

import cProfile
import functools
import importlib
import itertools
import os
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: module → the functions counted in it (by name in the log).
SPIED = {
    "pages._sidebar": ("sidebar",),
    "wsis_data.figures.matrix": ("heatmap",),
    "wsis_data.figures.trends": (
        "trend_chart", "risers_fallers_bars", "difference_heatmap", "matrix_animation",
    ),
    "wsis_data.figures.cooccurrence": ("cooccurrence_heatmap", "sankey"),
    "wsis_data.figures.network": ("network_figure", "years_bar", "bipartite_heatmap"),
    "wsis_data.figures.network_time": ("timeline_figure",),
    "wsis_data.matrix": ("build_matrix",),
    "wsis_data.views": ("apply_filters",),
}  # fmt: skip


def read_log(path: Path) -> list[str]:
    """The names logged so far (one per call)."""
    return path.read_text().split() if path.exists() else []


def _spy(fn, name: str, log: str):
    @functools.wraps(fn)
    def spy(*args, **kwargs):
        with open(log, "a") as out:
            out.write(name + "\n")
        return fn(*args, **kwargs)

    spy._spied = True  # type: ignore[attr-defined]
    return spy


def _install_spies(log: str) -> None:
    for module_name, names in SPIED.items():
        module = importlib.import_module(module_name)
        for name in names:
            real = getattr(module, name)
            if getattr(real, "_spied", False):
                continue
            spy = _spy(real, name, log)
            for other in list(sys.modules.values()):
                if getattr(other, "__name__", "").startswith(("wsis_data", "pages")):
                    for attr, value in list(vars(other).items()):
                        if value is real:
                            setattr(other, attr, spy)


def _install_profiles(folder: str) -> None:
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    if getattr(ScriptRunner._run_script, "_profiled", False):
        return
    real, numbers = ScriptRunner._run_script, itertools.count()

    def _run_script(self, rerun_data):
        if not os.path.exists(os.path.join(folder, "on")):
            return real(self, rerun_data)
        profile = cProfile.Profile()
        profile.enable()
        try:
            return real(self, rerun_data)
        finally:
            profile.disable()
            profile.dump_stats(os.path.join(folder, f"run-{next(numbers):05d}.prof"))

    _run_script._profiled = True  # type: ignore[attr-defined]
    ScriptRunner._run_script = _run_script


if __name__ == "__main__":  # run by `streamlit run`; imported (read_log), it only defines
    if log := os.environ.get("WSIS_CALL_LOG"):
        import dashboard  # noqa: F401 (imports the modules whose functions are spied on)

        _install_spies(log)
    if folder := os.environ.get("WSIS_PROFILE_DIR"):
        _install_profiles(folder)
    runpy.run_path(str(ROOT / "dashboard.py"), run_name="__main__")
