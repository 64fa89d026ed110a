"""A throwaway real PostgreSQL server (tests and benches): `initdb` into a temporary folder,
`postgres` on a free local port, stopped and deleted afterwards.

PostgreSQL refuses to run as root, so under root the server runs as the ``postgres`` system user
(created by Debian's ``postgresql`` package, which ``make test`` installs when ``initdb`` is
missing) through ``runuser``.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.harness.app_server import free_port


def _binary(name: str) -> str | None:
    """A PostgreSQL server binary: on PATH, else the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_version)
    return candidates[-1] if candidates else None


def _version(path: str) -> int:
    try:
        return int(Path(path).parts[-3])
    except (ValueError, IndexError):
        return 0


class PostgresServer:
    """initdb + pg_ctl start on a free port; `url` for SQLAlchemy; `stop()` removes everything."""

    def __init__(self) -> None:
        initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
        if not initdb or not pg_ctl:
            raise RuntimeError(
                "initdb/pg_ctl not found (install Debian's 'postgresql' package: make test does)"
            )
        self.pg_ctl = pg_ctl
        self.user: str | None = None
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError as exc:
                raise RuntimeError(
                    "running as root and no 'postgres' user to run the server"
                ) from exc
            if not shutil.which("runuser"):
                raise RuntimeError("running as root and no 'runuser' to drop privileges")
            self.user = "postgres"
        self.dir = Path(tempfile.mkdtemp(prefix="wsis-pg-"))
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        self.port = free_port()
        self._run([initdb, "-D", str(self.data), "-U", "wsis", "-A", "trust", "-E", "UTF8",
                   "--no-sync", "--no-instructions"])  # fmt: skip
        self.options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self.start()
        self.url = f"postgresql+psycopg://wsis@127.0.0.1:{self.port}/postgres"

    def _run(self, cmd: list[str]) -> None:
        full = ["runuser", "-u", self.user, "--", *cmd] if self.user else cmd
        done = subprocess.run(full, capture_output=True, text=True, timeout=90, check=False)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-1500:] if self.log.exists() else ""
            raise RuntimeError(
                f"{Path(cmd[0]).name} failed ({done.returncode}): "
                f"{(done.stderr or done.stdout).strip()[-1500:]} {log}"
            )

    def start(self) -> None:
        """Start the server (again, on the same port and data: fault tests stop it midway)."""
        self._run([self.pg_ctl, "-D", str(self.data), "-o", self.options, "-l", str(self.log),
                   "-w", "-t", "30", "start"])  # fmt: skip

    def halt(self, mode: str = "fast") -> None:
        """Stop the server but keep its data ("immediate" = no clean shutdown, like a crash)."""
        self._run([self.pg_ctl, "-D", str(self.data), "-m", mode, "-w", "stop"])

    def stop(self) -> None:
        """Stop the server and delete its folder."""
        try:
            self._run([self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop"])
        except RuntimeError:
            pass
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
