"""A throw-away PostgreSQL cluster for tests that stop the server or change its settings.

The machine's own server (127.0.0.1:5432) is never reconfigured: a test that needs TLS,
`pg_hba.conf` rules or a server it may stop and start gets its own cluster here, made
with `initdb` on a free port in a temporary folder and run as the `postgres` account
(PostgreSQL refuses to run as root). Optionally with TLS from a throw-away CA.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def unavailable_reason() -> str | None:
    """Why no throw-away cluster can be made here, or None."""
    if _bindir() is None:
        return "no initdb on this machine (Debian package postgresql)"
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return "no `postgres` account to run a throw-away cluster as"
    if os.geteuid() != 0 and pwd.getpwuid(os.geteuid()).pw_name != "postgres":
        return "a throw-away cluster needs root or the postgres account"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgCluster:
    """One cluster: `start()`, `stop()`, `url()`; `remove()` deletes it."""

    def __init__(self, *, ssl: bool = False, hba: list[str] | None = None) -> None:
        reason = unavailable_reason()
        if reason:
            raise RuntimeError(reason)
        self.bin = _bindir()
        self.root = Path(tempfile.mkdtemp(prefix="hallq-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.ssl = ssl
        self.ca_cert: Path | None = None
        os.chmod(self.root, 0o755)
        self._run_as_postgres(
            [
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            owner_dir=self.root,
        )
        conf = [
            f"port = {self.port}",
            "listen_addresses = '127.0.0.1'",
            f"unix_socket_directories = '{self.root}'",
            "fsync = off",
            "max_connections = 60",
        ]
        if ssl:
            self._make_certs()
            conf += ["ssl = on", "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'"]
        with open(self.data / "postgresql.auto.conf", "a", encoding="utf-8") as fh:
            fh.write("\n".join(conf) + "\n")
        if hba is not None:
            (self.data / "pg_hba.conf").write_text("\n".join(hba) + "\n", encoding="utf-8")
        self._chown(self.data)

    # --- running ------------------------------------------------------------------------
    def start(self) -> None:
        self._run_as_postgres(
            [
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.root / "log"),
                "-w",
                "-t",
                "30",
                "start",
            ]
        )

    def stop(self, mode: str = "fast") -> None:
        self._run_as_postgres(
            [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"],
            check=False,
        )

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres", user: str = "postgres", **query: str) -> str:
        tail = "&".join(f"{k}={v}" for k, v in query.items())
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{database}" + (
            f"?{tail}" if tail else ""
        )

    def sql(self, statement: str, database: str = "postgres") -> None:
        """Run one statement as the superuser over the local socket."""
        import psycopg

        with psycopg.connect(
            host=str(self.root),
            port=self.port,
            user="postgres",
            dbname=database,
            autocommit=True,
        ) as conn:
            conn.execute(statement)  # type: ignore[arg-type]

    # --- helpers ------------------------------------------------------------------------
    def _make_certs(self) -> None:
        """A CA and a server certificate for 127.0.0.1 / localhost, via openssl."""
        d = self.root / "tls"
        d.mkdir()

        def ossl(*args: str) -> None:
            subprocess.run(["openssl", *args], cwd=d, check=True, capture_output=True)

        ossl(
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=hallq test CA",
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
        )
        ossl(
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=localhost",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        )
        (d / "san.ext").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
        ossl(
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "san.ext",
            "-out",
            "server.crt",
        )
        self.data.mkdir(exist_ok=True)
        shutil.copy(d / "server.crt", self.data / "server.crt")
        shutil.copy(d / "server.key", self.data / "server.key")
        os.chmod(self.data / "server.key", 0o600)
        self.ca_cert = d / "ca.crt"
        os.chmod(d, 0o755)
        os.chmod(self.ca_cert, 0o644)

    def _chown(self, path: Path) -> None:
        if os.geteuid() != 0:
            return
        pw = pwd.getpwnam("postgres")
        for dirpath, _dirs, files in os.walk(path):
            os.chown(dirpath, pw.pw_uid, pw.pw_gid)
            for name in files:
                os.chown(os.path.join(dirpath, name), pw.pw_uid, pw.pw_gid)

    def _run_as_postgres(
        self, argv: list[str], *, owner_dir: Path | None = None, check: bool = True
    ) -> None:
        if owner_dir is not None:
            self._chown(owner_dir)
        if os.geteuid() == 0:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        done = subprocess.run(argv, capture_output=True, text=True, cwd=self.root)
        if check and done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr or done.stdout}")


def wait_until_up(url: str, timeout: float = 30.0) -> None:
    """Block until a server answers at `url` (a SQLAlchemy-style URL)."""
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://")
    deadline = time.monotonic() + timeout
    while True:
        try:
            with psycopg.connect(plain, connect_timeout=2):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def cluster_or_skip(**kw: object) -> PgCluster:
    """A started cluster; skips with the reason where none can be made (fails in CI)."""
    reason = unavailable_reason()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    cluster = PgCluster(**kw)  # type: ignore[arg-type]
    cluster.start()
    return cluster
