"""The PCs' roles, tried by connecting AS each role directly with psycopg (not hallq code).

The matrix below is the one docs/security.md shows; every table is tried with SELECT,
INSERT, UPDATE, DELETE and TRUNCATE and the allowed set must match exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from shared.domain.clock import ManualClock
from shared.store.apply import apply_hall
from shared.store.db import Store
from tests.conftest import PG_ADMIN_URL, PgDatabases, pg_url
from tests.factories import small_hall
from tests.store.pgroles import RoleStore, as_role, drop_all, drop_cluster_roles, make_roles

pytestmark = pytest.mark.pg

TABLES = (
    "hall", "department", "service", "service_day_override", "counter", "counter_service",
    "clerk", "number_seq", "ticket", "event", "rating", "follow_up", "appointment",
    "clerk_session", "login_attempt", "hallq_pc_role", "alembic_version",
    "web_secret", "webhook_outbox", "webhook_cursor",
)  # fmt: skip

# S select, I insert, U update, D delete, T truncate; "" nothing. Column-limited grants
# count as the privilege (see the column checks further down).
_CATALOG_READ = {t: "S" for t in ("hall", "department", "service", "service_day_override",
                                   "counter", "counter_service", "alembic_version")}  # fmt: skip
MATRIX: dict[str, dict[str, str]] = {
    "kiosk": {
        **_CATALOG_READ,
        "number_seq": "SIU", "ticket": "SI", "event": "SI", "appointment": "SU",
    },
    "display": {**_CATALOG_READ, "ticket": "S", "event": "S", "appointment": "S"},
    "web": {
        **_CATALOG_READ, "web_secret": "S", "ticket": "S", "event": "SI",
        "appointment": "SIU", "webhook_outbox": "SIU", "webhook_cursor": "SIU",
    },
    "counter": {
        **_CATALOG_READ,
        "service_day_override": "SIU", "counter": "SU", "clerk": "S", "number_seq": "SIU",
        "ticket": "SIU", "event": "SI", "rating": "SIU", "follow_up": "SIU",
        "appointment": "SU",
    },
    "admin": {
        "hall": "SIU", "department": "SIU", "service": "SIU", "service_day_override": "SIU",
        "counter": "SIU", "counter_service": "SIUD", "clerk": "SIU", "number_seq": "SIU",
        "ticket": "SIU", "event": "SI", "rating": "SIU", "follow_up": "SIU",
        "appointment": "SIU", "alembic_version": "S", "web_secret": "SIU",
    },
}  # fmt: skip


@pytest.fixture
def roles(
    pg_databases: PgDatabases,
    migrated_templates: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    clock: ManualClock,
) -> Iterator[RoleStore]:
    from tests.conftest import _pg_template

    name = pg_databases.create(template=_pg_template(migrated_templates, pg_databases))
    url = pg_url(name)
    owner = Store(url, clock=clock)
    apply_hall(owner, small_hall())
    owner.dispose()
    rs = make_roles(url, tmp_path, capsys)
    try:
        yield rs
    finally:
        drop_all(url, list(rs.names.values()))
        pg_databases.drop(name)
        drop_cluster_roles(PG_ADMIN_URL, list(rs.names.values()))


def _denied(conn: psycopg.Connection, statement: str) -> bool:
    """Try one statement and roll it back; True when a privilege check refused it."""
    try:
        conn.execute(statement)  # type: ignore[arg-type]
        return False
    except psycopg.errors.InsufficientPrivilege as exc:
        text = str(exc)
        # A grant said no. Row policies and hallq's guard triggers speak otherwise:
        # they run only once the privilege itself was granted.
        return "permission denied for table" in text
    except psycopg.Error:
        return False  # not-null, foreign key...: the privilege was there
    finally:
        conn.rollback()


def _columns(conn: psycopg.Connection, table: str) -> list[str]:
    rows = conn.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
        "AND NOT attisdropped ORDER BY attnum",
        (table,),
    ).fetchall()
    conn.rollback()
    return [r[0] for r in rows]


def allowed(conn: psycopg.Connection, table: str, columns: list[str]) -> str:
    got = ""
    if not _denied(conn, f"SELECT 1 FROM {table} LIMIT 1"):
        got += "S"
    if not _denied(conn, f"INSERT INTO {table} DEFAULT VALUES"):
        got += "I"
    if any(not _denied(conn, f"UPDATE {table} SET {c} = DEFAULT WHERE false") for c in columns):
        got += "U"
    if not _denied(conn, f"DELETE FROM {table} WHERE false"):
        got += "D"
    if not _denied(conn, f"TRUNCATE {table}"):
        got += "T"
    return got


def _store_tables(conn: psycopg.Connection) -> list[str]:
    """Every table the migrated store has: one added later is tried too, and refused."""
    rows = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
    ).fetchall()
    conn.rollback()
    return [r[0] for r in rows]


def test_each_role_may_do_exactly_what_its_pc_needs(roles: RoleStore) -> None:
    owner = psycopg.connect(roles.owner_url.replace("postgresql+psycopg://", "postgresql://"))
    tables = _store_tables(owner)
    assert set(TABLES) <= set(tables)
    columns = {t: _columns(owner, t) for t in tables}
    owner.close()
    mismatches = []
    for kind, expected in MATRIX.items():
        with as_role(roles, kind) as conn:
            for table in tables:
                got = allowed(conn, table, columns[table])
                want = expected.get(table, "")
                if got != want:
                    mismatches.append(f"{kind} on {table}: got {got or '-'}, want {want or '-'}")
    assert mismatches == []


SECRETS = ("password_hash", "failed_logins", "locked_until", "setup_code_hash", "setup_expires")


def test_no_role_reads_or_writes_password_hashes(roles: RoleStore) -> None:
    for kind in MATRIX:
        with as_role(roles, kind) as conn:
            for column in SECRETS:
                assert _denied(conn, f"SELECT {column} FROM clerk"), (kind, column)
                assert _denied(conn, f"UPDATE clerk SET {column} = NULL"), (kind, column)
            if kind in ("counter", "admin"):
                assert not _denied(conn, "SELECT login, name, roles FROM clerk")
            # Sessions and failure counts are the log-in functions' alone.
            assert _denied(conn, "SELECT token_hash FROM clerk_session")


def test_column_limits(roles: RoleStore) -> None:
    with as_role(roles, "counter") as conn:
        assert not _denied(conn, "UPDATE counter SET state = 'paused' WHERE false")
        for column in ("devices", "dispatch", "name", "number", "active"):
            assert _denied(conn, f"UPDATE counter SET {column} = DEFAULT WHERE false"), column
    with as_role(roles, "kiosk") as conn:
        assert not _denied(conn, "UPDATE appointment SET state = 'checked_in' WHERE false")
        for column in ("slot_start", "service_id", "booking_code"):
            assert _denied(conn, f"UPDATE appointment SET {column} = DEFAULT WHERE false")


def _error(conn: psycopg.Connection, statement: str, params: tuple[object, ...] = ()) -> str:
    try:
        conn.execute(statement, params)  # type: ignore[arg-type]
    except psycopg.Error as exc:
        conn.rollback()
        return str(exc)
    conn.rollback()
    return ""


def test_kiosk_cannot_forge_calls_or_served_tickets(roles: RoleStore) -> None:
    with as_role(roles, "kiosk") as conn:
        hall = conn.execute("SELECT id FROM hall").fetchone()[0]  # type: ignore[index]
        service = conn.execute("SELECT id FROM service WHERE code = 'A'").fetchone()[0]  # type: ignore[index]
        event = (
            "INSERT INTO event (hall_id, at, kind, counter, details)"
            " VALUES (%s, now(), %s, 1, '{}')"
        )
        assert "row-level security" in _error(conn, event, (hall, "called"))
        assert "row-level security" in _error(conn, event, (hall, "finished"))
        conn.execute(event, (hall, "printer_fault"))
        row = conn.execute(
            "INSERT INTO event (hall_id, at, kind, clerk, details, recorded_at, recorded_by) "
            "VALUES (%s, now() - interval '1 day', 'issued', 'li.wei', '{}', "
            "'2000-01-01', 'forged')"
            " RETURNING clerk, recorded_by, recorded_at > now() - interval '1 minute'",
            (hall,),
        ).fetchone()
        # The store fills who wrote it and when, whatever the client said.
        assert row == (None, roles.names["kiosk"], True)
        ticket = (
            "INSERT INTO ticket (hall_id, business_day, service_id, code, number, priority,"
            " status, queue_key, issued_at, recalls, requeues, note, clerk) VALUES"
            " (%s, current_date, %s, 'A999', 999, false, %s, 0, now(), 0, 0, '', %s)"
        )
        assert "row-level security" in _error(conn, ticket, (hall, service, "finished", None))
        assert "row-level security" in _error(conn, ticket, (hall, service, "waiting", "li.wei"))
        conn.execute(ticket, (hall, service, "waiting", None))
        conn.rollback()


def test_the_event_log_is_append_only_even_for_the_owner(roles: RoleStore) -> None:
    for kind in MATRIX:
        with as_role(roles, kind) as conn:
            for statement in ("UPDATE event SET kind = 'x'", "DELETE FROM event", "TRUNCATE event"):
                assert _denied(conn, statement), (kind, statement)
    owner = psycopg.connect(roles.owner_url.replace("postgresql+psycopg://", "postgresql://"))
    owner.execute(
        "INSERT INTO event (hall_id, at, kind, details) SELECT id, now(), 'called', '{}' FROM hall"
    )
    owner.commit()
    for statement in ("UPDATE event SET kind = 'x'", "DELETE FROM event", "TRUNCATE event"):
        assert "append-only" in _error(owner, statement)
    # The documented maintenance setting lets the owner archive (here: rolled back).
    owner.execute("SELECT set_config('hallq.maintenance', 'on', true)")
    owner.execute("DELETE FROM event")
    owner.rollback()
    assert owner.execute("SELECT count(*) FROM event").fetchone()[0] >= 1  # type: ignore[index]
    owner.close()


def test_functions_are_only_for_their_pcs(roles: RoleStore) -> None:
    for kind in ("kiosk", "display", "web"):
        with as_role(roles, kind) as conn:
            for call in (
                "SELECT * FROM hallq_log_in(1, 'li.wei', 'x', 1)",
                "SELECT hallq_set_password(1, 'li.wei', 'secret-99')",
                "SELECT * FROM hallq_invite(1, 'li.wei', 60)",
            ):
                assert "permission denied for function" in _error(conn, call), (kind, call)
    with as_role(roles, "counter") as conn:
        assert "permission denied for function" in _error(
            conn, "SELECT * FROM hallq_invite(1, 'li.wei', 60)"
        )
        # Without a supervisor's session the counter PC resets no password.
        assert "only an admin or a supervisor" in _error(
            conn, "SELECT hallq_set_password(1, 'li.wei', 'secret-99')"
        )


ATTACKS = (
    # The list, as someone at the PC would type it into psql.
    "SELECT password_hash FROM clerk WHERE login = 'li.wei'",
    "DELETE FROM event WHERE kind = 'called'",
    "UPDATE ticket SET status = 'finished', priority = true WHERE status = 'waiting'",
    "UPDATE clerk SET roles = 'admin', password_hash = NULL WHERE login = 'li.wei'",
    "UPDATE hall SET name = 'renamed'",
    'UPDATE hall SET settings = \'{"printer": {"url": "tcp://10.0.0.66:9100"}}\'',
    'UPDATE counter SET devices = \'{"host": "elsewhere"}\'',
    "TRUNCATE event",
)


def test_the_attack_list_fails_at_the_store_for_every_app_role(roles: RoleStore) -> None:
    for kind in ("kiosk", "display", "web", "counter"):
        with as_role(roles, kind) as conn:
            for attack in ATTACKS:
                # The counter PC may change tickets, but only with a clerk logged in.
                message = _error(conn, attack)
                assert message.startswith(("permission denied", "hallq:")), (kind, attack, message)
    with as_role(roles, "admin") as conn:
        for attack in (ATTACKS[0], ATTACKS[1], ATTACKS[-1]):
            assert _error(conn, attack).startswith("permission denied"), attack
