"""The throw-away cluster itself: TLS with a verified certificate, stop and start again."""

import psycopg

from tests.pgcluster import cluster_or_skip


def test_throwaway_cluster_serves_tls_and_restarts() -> None:
    cluster = cluster_or_skip(ssl=True)
    try:
        url = cluster.url(sslmode="verify-full", sslrootcert=str(cluster.ca_cert))
        plain = url.replace("postgresql+psycopg://", "postgresql://").replace(
            "127.0.0.1", "localhost"
        )
        with psycopg.connect(plain) as conn:
            row = conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            assert row.fetchone() == (True,)
        cluster.stop()
        cluster.start()
        cluster.sql("CREATE DATABASE after_restart")
    finally:
        cluster.remove()
