"""What the tests share (fixtures stay in tests/conftest.py and use these):

- `apptest`: the real dashboard under Streamlit's AppTest (`dashboard_app`, `page_path`)
- `browser`: Playwright helpers: wait for a settled app, find, hover and click a chart's point
  (clicked again while Plotly has not taken the click), download a file
- `servers`: `StreamlitServer` (a real `streamlit run`, bench/harness/app_server.py)
- `documents`: .docx/.pdf submission documents built in memory
- `hostile`: hostile strings (HTML, Markdown, formulas) and a store holding them
- `postgres`: a throwaway PostgreSQL server
- `records`: hand-built session records and datasets
- `fuzz`: hypothesis settings and strategies of the property-based ingest tests
- `vocabulary`: the vocabulary's data files read as rows
- `store_faults`: what the store-fault tests share (files, counts, broken stores, a lock holder)

`ROOT` is the project folder and `SHARED` the shared data beside it (../shared).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
