"""TLS and the PCs' roles end to end, on a throw-away cluster configured as docs/security.md
says: `hostssl` + `scram-sha-256` for the roles, nothing over plain TCP, certificates from
a throw-away CA checked with `sslmode=verify-full`."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from shared.cli.main import main as hallq
from shared.domain.clock import ManualClock
from shared.store.apply import apply_hall
from shared.store.db import Store
from tests.factories import MONDAY_10, small_hall
from tests.pgcluster import cluster_or_skip

HBA = [
    "local   all  postgres                 trust",
    "hostssl all  postgres  127.0.0.1/32   trust",
    "hostssl hall hallq_kiosk,hallq_display,hallq_counter,hallq_web,hallq_admin"
    "  127.0.0.1/32  scram-sha-256",
    "host    all  all       127.0.0.1/32   reject",
]


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def test_roles_over_verified_tls(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cluster = cluster_or_skip(ssl=True, hba=HBA)
    try:
        cluster.sql("CREATE DATABASE hall")
        ca = str(cluster.ca_cert)
        owner = cluster.url("hall", sslmode="verify-full", sslrootcert=ca).replace(
            "127.0.0.1", "localhost"
        )
        assert hallq(["--db", owner, "db", "upgrade"]) == 0
        store = Store(owner, clock=ManualClock(MONDAY_10))
        apply_hall(store, small_hall())
        store.dispose()
        capsys.readouterr()
        pw = tmp_path / "roles.pw"
        assert hallq(["--db", owner, "db", "roles", "--password-file", str(pw),
                      "--print-urls"]) == 0  # fmt: skip
        out = capsys.readouterr().out
        urls = dict(re.findall(r"^(kiosk|display|counter|web|admin)\s+(\S+)$", out, re.M))
        assert set(urls) == {"kiosk", "display", "counter", "web", "admin"}
        assert all("sslmode=verify-full" in u and "hallq_" in u for u in urls.values())
        assert pw.stat().st_mode & 0o077 == 0  # the password file is the installer's only
        # Run again: idempotent, and the passwords in the file stay valid.
        assert hallq(["--db", owner, "db", "roles", "--password-file", str(pw)]) == 0
        # After `db upgrade` the grants are applied again, not lost.
        assert hallq(["--db", owner, "db", "upgrade"]) == 0
        capsys.readouterr()

        # Each PC works with its own URL, over TLS with a verified server certificate.
        assert hallq(["--db", urls["kiosk"], "ticket", "issue", "--service", "A"]) == 0
        assert hallq(["--db", urls["display"], "status", "--json"]) == 0
        assert hallq(["--db", urls["web"], "status", "--json"]) == 0
        assert hallq(["--db", urls["admin"], "clerk", "invite", "li.wei"]) == 0
        assert "setup code for li.wei" in capsys.readouterr().out
        # The three apps start with their PC's verify-full URL (rendered offscreen).
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from counter.__main__ import main as counter_main
        from display.__main__ import main as display_main
        from kiosk.__main__ import main as kiosk_main

        shots = {name: tmp_path / f"{name}.png" for name in ("kiosk", "display", "counter")}
        assert kiosk_main(["--db", urls["kiosk"], "--screenshot", str(shots["kiosk"])]) == 0
        assert (
            display_main(
                ["--db", urls["display"], "--screenshot", str(shots["display"]), "--no-voice"]
            )
            == 0
        )
        assert counter_main(
            ["--db", urls["counter"], "--counter", "1", "--no-devices",
             "--screenshot", str(shots["counter"])]
        ) == 0  # fmt: skip
        assert all(p.stat().st_size > 10_000 for p in shots.values())
        with psycopg.connect(_plain(urls["counter"])) as conn:
            ssl = conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            assert ssl.fetchone() == (True,)
        # The kiosk's URL cannot do the admin's work: the store says no, clearly.
        assert hallq(["--db", urls["kiosk"], "clerk", "invite", "li.wei"]) == 2
        err = capsys.readouterr().err
        assert "permission denied for function hallq_invite" in err

        # A wrong password is refused by scram, and never shown back.
        password = re.search(r"://hallq_kiosk:([^@]+)@", urls["kiosk"]).group(1)  # type: ignore[union-attr]
        wrong = urls["kiosk"].replace(password, "not-the-password")
        assert hallq(["--db", wrong, "status"]) == 4
        err = capsys.readouterr().err
        assert "password authentication failed" in err and "not-the-password" not in err
        # Without TLS the server refuses every role; with the wrong CA the client refuses.
        plain = urls["kiosk"].split("?")[0] + "?sslmode=disable"
        with pytest.raises(psycopg.OperationalError, match=r"no encryption|reject"):
            psycopg.connect(_plain(plain), connect_timeout=5)
        other_ca = tmp_path / "other-ca.crt"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
             "-subj", "/CN=another CA", "-keyout", str(tmp_path / "other.key"),
             "-out", str(other_ca)],
            check=True, capture_output=True,
        )  # fmt: skip
        wrong_ca = make_url(urls["kiosk"]).update_query_dict({"sslrootcert": str(other_ca)})
        with pytest.raises(psycopg.OperationalError, match="certificate verify failed"):
            psycopg.connect(
                _plain(wrong_ca.render_as_string(hide_password=False)), connect_timeout=5
            )
    finally:
        cluster.remove()
