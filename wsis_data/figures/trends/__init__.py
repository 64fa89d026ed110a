"""Pure Plotly builders for the trends (no Streamlit): lines, areas, small multiples, heatmaps,
the Action Line × SDG animation, the difference heatmap and risers/fallers bars.

Every builder takes the frames of `wsis_data.trends` and a ``note`` (the dataset's
``chart_note``) written under the chart. Years the dataset holds no session in are shaded and
labelled "no data" (never drawn as 0). Clickable traces carry ``customdata = [year, key]``.
Record text (organisations, session types) goes through `wsis_data.safe_text.plain`.

Modules: `base` (formats, colours, "no data" shading, note), `charts` (charts over years by
key), `matrices` (the Action Line × SDG animation and difference heatmap).
"""

from wsis_data.figures.frames import ANIMATION_HELP, at_frame, frame_names, shown_frame
from wsis_data.figures.trends.base import NO_DATA, key_colours
from wsis_data.figures.trends.charts import (
    CHART_TYPES,
    chart_notes,
    lines,
    risers_fallers_bars,
    small_multiples,
    stacked_measure,
    trend_chart,
    year_heatmap,
)
from wsis_data.figures.trends.matrices import difference_heatmap, matrix_animation

__all__ = [
    "ANIMATION_HELP",
    "CHART_TYPES",
    "NO_DATA",
    "at_frame",
    "chart_notes",
    "difference_heatmap",
    "frame_names",
    "key_colours",
    "lines",
    "matrix_animation",
    "risers_fallers_bars",
    "shown_frame",
    "small_multiples",
    "stacked_measure",
    "trend_chart",
    "year_heatmap",
]
