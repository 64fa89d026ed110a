"""A headless client speaking Streamlit's own websocket protocol, for load and memory benchmarks.

It does what the browser does, without drawing anything: it opens `/_stcore/stream` (binary
protobufs, subprotocol "streamlit"), sends `BackMsg.rerun_script` with the URL's query string,
the page's script hash and the widget states the user changed, and reads `ForwardMsg`s until the
run's `script_finished`. Widgets are found by their user key in the element protos of the last
run (`$$ID-<hash>-<key>`); buttons are pressed with `trigger_value`. Widgets the user did not
touch are not re-sent: the server keeps their values in the session (`SessionState._old_state`).

Downloads: a deferred `st.download_button` (data made on click) is asked for with a
`backend_operation_request` (deferred_file), whose response names a media URL; a button with
bytes names its media URL directly. Both are then fetched over HTTP, as the browser does.

Problems seen in a run are counted, never raised: exception elements, `st.error` alerts, a closed
websocket, HTTP statuses other than 200, timeouts (see `Problems`).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench.common import percentile  # noqa: F401 (the load benches import it from here)
from bench.harness.problems import PROBLEMS, Problems  # noqa: F401  (re-exported)

ROOT = Path(__file__).resolve().parents[2]

#: Element type → the WidgetState field the browser fills for it.
VALUE_FIELDS = {
    "slider": "double_array_value",
    "multiselect": "string_array_value",
    "checkbox": "bool_value",
    "radio": "string_value",
    "selectbox": "string_value",
    "text_input": "string_value",
    "number_input": "double_value",
    "button": "trigger_value",
}


@dataclass
class Run:
    """One script run: its wall time (send → script_finished) and the elements it drew."""

    seconds: float
    elements: dict[str, Any]  # widget key ("label:<label>" for unkeyed widgets) → element proto
    kinds: dict[str, str]  # widget key → element type ("slider", "multiselect", ...)
    texts: list[str]  # markdown / heading / caption bodies, in order
    ok: bool
    fragment: str = ""  # the fragment this run reran ("" for a run of the whole app)


class Session:
    """One browser tab's worth of protocol: a websocket session of a running app."""

    def __init__(self, base_url: str, *, timeout: float = 120.0, cookie: str = "") -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        #: "name=value" sent on the websocket and every fetch (nginx's `wsis_route`, kept by a
        #: browser: `bench.harness.serving.route_cookie`).
        self.cookie = cookie
        self.problems = Problems()
        self.query_string = ""
        self.page_hash = ""
        self.pages: dict[str, str] = {}  # url_pathname ("" for the default page) → script hash
        self.session_id = ""
        self.last: Run | None = None
        self._ws: Any = None
        self._reader: asyncio.Task | None = None
        self._run_done: asyncio.Future | None = None
        self._elements: dict[str, Any] = {}
        self._kinds: dict[str, str] = {}
        self._texts: list[str] = []
        self._fragments: dict[str, str] = {}  # widget key → the fragment that drew it ("" none)
        self._pending: dict[str, asyncio.Future] = {}
        self.allowed_errors: tuple[str, ...] = ()  # substrings of st.error texts a script expects
        self.fetch_delays: list[float] = []  # seconds from a deferred file's URL to its fetch
        self._no_fetch: set[str] = set()  # deferred requests answered without a fetch

    # --- connection -------------------------------------------------------------------------

    async def open(self, query_string: str = "", page: str = "") -> Run:
        """Connect and run the app once, as a browser opening `/<page>?<query_string>`."""
        ws_url = self.base_url.replace("http", "ws", 1) + "/_stcore/stream"
        # No pings from this side: a browser sends none, and on a busy server late pongs closed
        # every socket of a 50-user run.
        self._ws = await websockets.connect(
            ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=self.timeout,
            additional_headers=self._headers(), ping_interval=None,
        )  # fmt: skip
        self._reader = asyncio.create_task(self._read())
        self.query_string = query_string
        return await self.rerun(page=page)

    async def close(self) -> None:
        """Leave: close the websocket."""
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        self._ws = self._reader = None

    # --- script runs ------------------------------------------------------------------------

    async def rerun(self, states: list[WidgetState] | None = None, *, page: str | None = None,
                    fragment: str = "") -> Run:  # fmt: skip
        """Send one rerun (new widget states and/or another page) and wait for script_finished.
        With `fragment` (an id) only that fragment reruns; the elements outside it are kept."""
        msg = BackMsg()
        client = msg.rerun_script
        client.query_string = self.query_string
        if page is not None:
            self.page_hash = self.pages.get(page, "")
            client.page_name = page
        client.page_script_hash = self.page_hash
        client.widget_states.widgets.extend(states or [])
        client.fragment_id = fragment
        old = (self._elements, self._kinds, self._fragments) if fragment else ({}, {}, {})
        self._elements, self._kinds, self._fragments = (dict(d) for d in old)  # keep the others
        self._texts = []
        self._run_done = asyncio.get_running_loop().create_future()
        start = time.perf_counter()
        ok = True
        try:
            await self._ws.send(msg.SerializeToString())
            await asyncio.wait_for(asyncio.shield(self._run_done), self.timeout)
        except TimeoutError:
            self.problems.add("timeout", f"no script_finished within {self.timeout:.0f} s")
            ok = False
        except websockets.ConnectionClosed as exc:
            self.problems.add("ws closed", str(exc))
            ok = False
        except _Closed as exc:
            ok = False
            del exc  # counted by the reader
        seconds = time.perf_counter() - start
        self.last = Run(seconds, self._elements, self._kinds, self._texts, ok, fragment)
        return self.last

    def element(self, key: str) -> Any:
        """The element proto of the widget with this user key in the last run (KeyError if none)."""
        return self.last.elements[key]

    def has(self, key: str) -> bool:
        """Whether the last run drew a widget with this user key."""
        return self.last is not None and key in self.last.elements

    async def change(self, values: dict[str, Any]) -> Run:
        """Rerun as after the user set these widgets (key → value), e.g. `{"years": [2016, 2020]}`.

        Values are what the browser sends: option labels for select boxes, radios and
        multiselects, numbers for sliders and number inputs, booleans for toggles. A widget bound
        to a query parameter also updates the URL, as the browser does. Widgets drawn inside one
        fragment rerun that fragment only, as in the browser.
        """
        fragments = {self._fragments.get(key, "") for key in values}
        fragment = fragments.pop() if len(fragments) == 1 else ""
        states = []
        for key, value in values.items():
            kind, proto = self.last.kinds[key], self.last.elements[key]
            field_name = VALUE_FIELDS[kind]
            states.append(widget_state(proto.id, **{field_name: value}))
            if getattr(proto, "query_param_key", ""):
                self._set_param(proto.query_param_key, value)
        return await self.rerun(states, fragment=fragment)

    async def press(self, key: str) -> Run:
        """Rerun as after a click on the button with this key."""
        return await self.rerun([widget_state(self.element(key).id, trigger_value=True)])

    def _set_param(self, name: str, value: Any) -> None:
        """Write a bound widget's new value into the query string (as the browser's URL)."""
        values = value if isinstance(value, list | tuple) else [value]
        text = [
            ("true" if v else "false") if isinstance(v, bool)
            else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
            for v in values
        ]  # fmt: skip
        params = [(k, v) for k, v in parse_qsl(self.query_string, keep_blank_values=True)]
        params = [(k, v) for k, v in params if k != name] + [(name, v) for v in text]
        self.query_string = urlencode(params)

    # --- downloads --------------------------------------------------------------------------

    async def download(self, key: str) -> bytes | None:
        """The bytes behind a download button (deferred or not), fetched over HTTP."""
        button = self.element(key)
        if button.deferred_file_id:
            return await self._deferred(button.deferred_file_id)
        if not button.url:
            self.problems.add("download error", f"{key}: no URL on the button")
            return None
        return await asyncio.to_thread(self._get, button.url)

    async def _deferred(self, file_id: str) -> bytes | None:
        """Ask the server to make a deferred file, then fetch its URL at once (as the browser).

        Streamlit leaves the made file unreferenced, so the media cleanup after the next two
        script runs of *any* session deletes it: the fetch starts from the reader the moment
        the answer arrives (`_handle`), and `fetch_delays` records how late that was.
        """
        try:
            response, fetch = await self._ask(file_id, fetch=True)
        except TimeoutError:
            self.problems.add("timeout", f"no response to deferred file {file_id}")
            return None
        except (websockets.ConnectionClosed, _Closed) as exc:
            self.problems.add("ws closed", str(exc))
            return None
        if response.error_msg or fetch is None:
            self.problems.add("download error", response.error_msg or f"{file_id}: no URL")
            return None
        return await fetch

    async def ask_deferred(self, file_id: str) -> Any:
        """Only ask for a deferred file: the server's answer (with its URL), not fetched."""
        response, _ = await self._ask(file_id, fetch=False)
        return response

    async def _ask(self, file_id: str, *, fetch: bool) -> tuple[Any, asyncio.Future | None]:
        msg = BackMsg()
        request = msg.backend_operation_request
        request.request_id = str(uuid.uuid4())
        request.session_id = self.session_id
        request.deferred_file.file_id = file_id
        done = asyncio.get_running_loop().create_future()
        self._pending[request.request_id] = done
        if not fetch:
            self._no_fetch.add(request.request_id)
        try:
            await self._ws.send(msg.SerializeToString())
            return await asyncio.wait_for(done, self.timeout)
        finally:
            self._pending.pop(request.request_id, None)
            self._no_fetch.discard(request.request_id)

    def _headers(self) -> dict[str, str]:
        return {"Cookie": self.cookie} if self.cookie else {}

    def _request(self, url: str) -> urllib.request.Request:
        full = url if url.startswith("http") else f"{self.base_url}/{url.lstrip('/')}"
        return urllib.request.Request(full, headers=self._headers())

    def status_of(self, url: str) -> int:
        """The HTTP status of a GET of `url` (not counted as a problem)."""
        try:
            with urllib.request.urlopen(self._request(url), timeout=30) as r:
                r.read()
                return r.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def _get(self, url: str, answered: float | None = None) -> bytes | None:
        if answered is not None:
            self.fetch_delays.append(time.perf_counter() - answered)
        request = self._request(url)
        full = request.full_url
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
                if response.status != 200:
                    self.problems.add("http non-200", f"{response.status} {full}")
                    return None
                return body
        except urllib.error.HTTPError as exc:
            deferred = answered is not None and exc.code == 404
            self.problems.add("deferred 404" if deferred else "http non-200", f"{exc.code} {full}")
        except OSError as exc:
            self.problems.add("timeout" if "timed out" in str(exc) else "http non-200", str(exc))
        return None

    # --- the reader -------------------------------------------------------------------------

    async def _read(self) -> None:
        try:
            async for data in self._ws:
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self._handle(msg)
        except websockets.ConnectionClosed as exc:
            self._fail(exc)
        except asyncio.CancelledError:
            raise
        else:  # the server closed the socket cleanly while we still listened
            self._fail(_Closed("server closed the websocket"))

    def _fail(self, exc: Exception) -> None:
        waiting = [f for f in (self._run_done, *self._pending.values()) if f and not f.done()]
        if waiting:
            self.problems.add("ws closed", str(exc))
        for future in waiting:
            future.set_exception(_Closed(str(exc)))

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg.delta.new_element, msg.delta.fragment_id)
        elif kind == "new_session":
            self.session_id = msg.new_session.initialize.session_id or self.session_id
        elif kind == "navigation":
            self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
            self.page_hash = msg.navigation.page_script_hash or self.page_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "page_not_found":
            self.problems.add("exception", f"page not found: {msg.page_not_found.page_name}")
        elif kind == "backend_operation_response":
            response = msg.backend_operation_response
            future = self._pending.get(response.request_id)
            if future is not None and not future.done():
                url = response.deferred_file.url
                if response.request_id in self._no_fetch:
                    url = ""
                fetch = asyncio.get_running_loop().run_in_executor(
                    None, self._get, url, time.perf_counter()
                ) if url and not response.error_msg else None  # fmt: skip
                future.set_result((response, fetch))
        elif kind == "script_finished":
            status = msg.script_finished
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                self.problems.add("exception", "script failed to compile")
            # FINISHED_EARLY_FOR_RERUN: st.rerun() was called and another run follows.
            waiting = self._run_done is not None and not self._run_done.done()
            if status != ForwardMsg.FINISHED_EARLY_FOR_RERUN and waiting:
                self._run_done.set_result(status)

    def _element(self, element: Any, fragment: str = "") -> None:
        kind = element.WhichOneof("type")
        proto = getattr(element, kind)
        if kind == "exception":
            self.problems.add("exception", f"{proto.type}: {proto.message}")
        elif kind == "alert" and proto.format == Alert.ERROR:
            if not any(text in proto.body for text in self.allowed_errors):
                self.problems.add("st.error", proto.body)
        elif kind in ("markdown", "heading"):
            self._texts.append(proto.body)
        widget_id = getattr(proto, "id", "") if kind not in ("markdown", "heading") else ""
        if widget_id.startswith("$$ID-"):  # "$$ID-<hex digest>-<user key, or None>"
            key = widget_id.split("-", 2)[2]
            key = key if key != "None" else f"label:{proto.label}"
            self._elements[key], self._kinds[key] = proto, kind
            self._fragments[key] = fragment


class _Closed(Exception):
    """The websocket closed while the client waited for an answer."""


def run_sync(coro: Any) -> Any:
    """`asyncio.run(coro)` in a thread of its own, so it also works under a running event loop
    (Playwright's sync API leaves one in the main thread of a test session)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def widget_state(widget_id: str, **value: Any) -> WidgetState:
    """A WidgetState proto: `widget_state(id, string_array_value=["C1"])` and the like."""
    state = WidgetState(id=widget_id)
    (name, v), *_ = value.items()
    if name in ("string_array_value", "double_array_value", "int_array_value"):
        getattr(state, name).data.extend(v)
    else:
        setattr(state, name, v)
    return state
