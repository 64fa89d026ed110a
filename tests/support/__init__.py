"""What the tests share (fixtures stay in tests/conftest.py and use these):

- `apptest`: the real dashboard under Streamlit's AppTest (`dashboard_app`, `page_path`)
- `browser`: Playwright helpers: wait for a settled app, find, hover and click a chart's point
- `servers`: `StreamlitServer` (a real `streamlit run`, bench/harness/app_server.py)
- `documents`: .docx/.pdf submission documents built in memory
- `hostile`: hostile strings (HTML, Markdown, formulas) and a store holding them
- `postgres`: a throwaway PostgreSQL server
- `records`: hand-built session records and datasets
"""
