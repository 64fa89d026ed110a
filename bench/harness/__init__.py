"""What the benchmarks and the tests share: the app server (`app_server.AppServer`), the
websocket client speaking Streamlit's protocol (`ws_client.Session`) and the one Chromium
argument list (`chromium`)."""
