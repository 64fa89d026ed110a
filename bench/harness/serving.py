"""The serving recipe (deploy/serve.sh: replicas behind nginx) on free loopback ports, for tests and
benches, and what a client needs to be routed like a browser.

    recipe = Recipe(tmp, replicas=2, db="postgresql+psycopg://...")
    cookie = route_cookie(recipe.public)   # the `wsis_route` cookie nginx sets on a first visit
    Session(recipe.public, cookie=cookie)  # websocket and fetches stay on that cookie's replica
    recipe.upstreams()                     # (route, upstream, request) per line of nginx's log
    recipe.kill_replica(recipe.replica_ports[0])
    recipe.stop()

The recipe runs in a process group of its own; `stop()` ends that group (its replicas and nginx).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.harness.app_server import ROOT, descendants, free_port

#: One line of nginx's access log (log_format `wsis` in deploy/nginx.conf.template).
LOG_LINE = re.compile(r'"(?P<request>[^"]*)" (?P<status>\d+) \d+ upstream=(?P<up>.+?) '
                      r"route=(?P<route>\S+)$", re.MULTILINE)  # fmt: skip


def route_cookie(base_url: str, timeout: float = 60.0) -> str:
    """The "name=value" cookie nginx sets on a first visit (GET /), or "" if none.

    A browser sends it back on the websocket and on every fetch, which keeps it on one replica
    (`hash $route consistent`); `Session(cookie=...)` does the same.
    """
    with urllib.request.urlopen(base_url.rstrip("/") + "/", timeout=timeout) as answer:
        answer.read()
        header = answer.headers.get("Set-Cookie", "")
    return header.split(";", 1)[0].strip()


def status(url: str, headers: dict[str, str] | None = None, timeout: float = 30) -> int:
    """The HTTP status of a GET (0 when nothing answers)."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}),
                                    timeout=timeout) as answer:  # fmt: skip
            answer.read()
            return answer.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def free_ports(n: int) -> list[int]:
    """`n` distinct free loopback ports."""
    ports: list[int] = []
    while len(ports) < n:
        if (port := free_port()) not in ports:
            ports.append(port)
    return ports


class Recipe:
    """deploy/serve.sh with `replicas` replicas on free ports, started and healthy (or an error).

    `db` is the store every replica shares (WSIS_DB); `htpasswd` an editors' file (one is made
    with deploy/add_editor.sh when None); `env` adds or overrides settings of the recipe.
    """

    def __init__(
        self, run_dir: Path, *, replicas: int = 2, db: str, htpasswd: Path | None = None,
        env: dict[str, str] | None = None, start_timeout: float = 180,
    ) -> None:  # fmt: skip
        run_dir.mkdir(parents=True, exist_ok=True)
        if htpasswd is None:
            htpasswd = run_dir / "htpasswd"
            add = ["bash", str(ROOT / "deploy" / "add_editor.sh"), "editor", str(htpasswd)]
            subprocess.run(add, input="editor password\n", text=True, check=True,
                           capture_output=True)  # fmt: skip
        public, editor, *self.replica_ports = free_ports(2 + replicas)
        self.public, self.editor = f"http://127.0.0.1:{public}", f"http://127.0.0.1:{editor}"
        self.run_dir, self.db = run_dir / "run", db
        settings = {
            "REPLICAS": str(replicas), "WSIS_LISTEN": "127.0.0.1",
            "WSIS_PUBLIC_PORT": str(public), "WSIS_EDITOR_PORT": str(editor),
            "WSIS_REPLICA_PORTS": " ".join(map(str, self.replica_ports)),
            "WSIS_RUN_DIR": str(self.run_dir), "WSIS_HTPASSWD": str(htpasswd), "WSIS_DB": db,
            "PYTHON": str(ROOT / ".venv" / "bin" / "python"),
        }  # fmt: skip
        self.log = run_dir / "serve.log"
        with self.log.open("w") as log:
            self.proc = subprocess.Popen(
                ["bash", str(ROOT / "deploy" / "serve.sh")], cwd=ROOT,
                env={**os.environ, **settings, **(env or {})},
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + start_timeout
        pending = [f"{self.replica(p)}/_stcore/health" for p in self.replica_ports]
        pending.append(f"{self.public}/_stcore/health")
        while pending:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the recipe did not start: {self.log.read_text()[-3000:]}")
            if status(pending[0], timeout=5) == 200:
                pending.pop(0)
            else:
                time.sleep(0.3)

    @staticmethod
    def replica(port: int) -> str:
        """A replica's own address (loopback, behind nginx)."""
        return f"http://127.0.0.1:{port}"

    def replica_pid(self, port: int) -> int:
        """The process id of the `streamlit run` listening on `port` (a child of the recipe)."""
        for pid in descendants(self.proc.pid):
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"streamlit" in b" ".join(cmdline) and str(port).encode() in cmdline:
                return pid
        raise LookupError(f"no replica on port {port}")

    def kill_replica(self, port: int) -> None:
        """SIGKILL one replica, as a crash (the recipe then stops the rest: `wait -n`)."""
        os.kill(self.replica_pid(port), signal.SIGKILL)

    def upstreams(self) -> list[tuple[str, str, str, int]]:
        """(route cookie, replica that answered, request line, status) per line of nginx's log.

        A websocket is logged when it closes, with the replica it was upgraded on. When nginx
        first tried a replica that did not answer, it logs "a, b": the last one answered.
        """
        text = (self.run_dir / "nginx-access.log").read_text()
        found = LOG_LINE.finditer(text)
        return [
            (m["route"], m["up"].split(", ")[-1], m["request"], int(m["status"])) for m in found
        ]

    def logged(self, done, timeout: float = 60) -> list[tuple[str, str, str, int]]:
        """`upstreams()` once `done(lines)` holds: nginx writes a request's line after answering
        it (a websocket's when it closes), so a client may be ahead of the log. After `timeout`
        seconds the lines as they are (the caller's assertions then say what is missing)."""
        deadline = time.monotonic() + timeout
        while not done(lines := self.upstreams()) and time.monotonic() < deadline:
            time.sleep(0.05)
        return lines

    def upstream_of(self, route: str) -> str:
        """The replica that answered the last logged request of the route cookie `route`."""
        lines = self.logged(lambda found: any(r == route for r, *_ in found))
        return next(u for r, u, *_ in reversed(lines) if r == route)

    def stop(self) -> None:
        """Stop the recipe's process group (replicas and nginx)."""
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
