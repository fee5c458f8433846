"""PostgreSQL: a database role per kind of PC, each with only what its PC needs.

`PC_ROLES` is the one declarative table of who may do what; `hallq db roles` creates or
updates the roles and applies it, and `hallq db upgrade` applies it again after every
migration (to the roles registered in `hallq_pc_role`). docs/security.md shows the same
table, and tests/store/test_roles.py asserts it by connecting as each role.

To give a PC more, add a `Grant` to its entry: nothing else needs to change.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

S, I, U, D = "SELECT", "INSERT", "UPDATE", "DELETE"  # noqa: E741 (the privileges' initials)

# The clerk's columns an app may see: never the password hash, failure count, lockout
# or setup code.
CLERK_PUBLIC = ("id", "hall_id", "login", "name", "roles", "services", "active")
# What the counter PC changes on its counter row (not its name, dispatch or devices).
COUNTER_WORK = ("state", "clerk", "current_ticket_id", "priority_streak", "pause_reason")
# A kiosk checks a booking in: its state and the ticket it became.
CHECK_IN = ("state", "ticket_id")
# A booking as the kiosk, the counter and the board may read it: not the phone's keyed
# hash nor the cancel link's token.
BOOKING_READ = (
    "id", "hall_id", "booking_code", "service_id", "slot_start", "slot_end", "name_masked",
    "phone_tail", "state", "ticket_id", "created_at", "source",
)  # fmt: skip

# A kiosk's ticket is new and waiting: not called, not served, not anybody's.
KIOSK_TICKET = (
    "status = 'waiting' AND called_at IS NULL AND started_at IS NULL AND ended_at IS NULL"
    " AND counter_number IS NULL AND clerk IS NULL AND target_counter IS NULL"
    " AND parent_id IS NULL AND recalls = 0 AND requeues = 0 AND issued_by IS NULL"
)

KIOSK_EVENTS = ("issued", "printer_fault")
WEB_EVENTS = ("booked", "booking_cancelled")
# What a phone page may know of a ticket: never the clerk, who issued it or its note.
WEB_TICKET_READ = (
    "id", "hall_id", "business_day", "service_id", "code", "priority", "status", "queue_key",
    "issued_at", "called_at", "started_at", "ended_at", "counter_number", "target_counter",
    "recalls", "requeues", "parent_id", "appointment_id", "web_token",
)  # fmt: skip
WEB_BOOKING = (
    "hall_id", "booking_code", "service_id", "slot_start", "slot_end", "name_masked",
    "phone_tail", "state", "ticket_id", "created_at", "source", "phone_hash", "cancel_token",
)  # fmt: skip
WEBHOOK_STATE = ("state", "attempts", "next_attempt_at", "delivered_at", "last_error")
COUNTER_EVENTS = (
    "issued", "reprinted", "printer_fault", "cancelled",
    "called", "recalled", "no_show", "requeued", "started", "finished", "transferred",
    "held", "restored", "counter_opened", "counter_closed", "paused", "resumed", "rated",
    "service_extended", "follow_up_closed",
)  # fmt: skip
ADMIN_EVENTS = (*COUNTER_EVENTS, "appointments_added", "config_applied")

# Tables with row security: every role that touches them gets explicit policies.
RLS_TABLES = ("event", "ticket")


@dataclass(frozen=True)
class Grant:
    """Privileges on one table; `columns` limits them to those columns."""

    table: str
    privileges: tuple[str, ...]
    columns: tuple[str, ...] | None = None


@dataclass(frozen=True)
class PcRole:
    """One kind of PC: its role name, what it is for, and what it may do."""

    kind: str
    name: str
    purpose: str
    grants: tuple[Grant, ...]
    functions: tuple[str, ...] = ()
    # Row checks on inserts into RLS tables (SQL boolean over the new row).
    insert_checks: Mapping[str, str] = field(default_factory=dict)


def _reads(*tables: str) -> tuple[Grant, ...]:
    return tuple(Grant(t, (S,)) for t in tables)


CATALOG = ("hall", "department", "service", "service_day_override", "counter",
           "counter_service", "alembic_version")  # fmt: skip
LOGIN_FUNCTIONS = (
    # Called by the guard triggers as the writing role: says who is asking, nothing more.
    "hallq_caller()",
    "hallq_log_in(int, text, text, int, timestamptz)",
    "hallq_log_out(timestamptz)",
    "hallq_first_password(int, text, text, text, timestamptz)",
)


def _kinds(kinds: tuple[str, ...]) -> str:
    return "kind IN (" + ", ".join(f"'{k}'" for k in kinds) + ")"


PC_ROLES: dict[str, PcRole] = {
    role.kind: role
    for role in (
        PcRole(
            "kiosk",
            "hallq_kiosk",
            "取号机 in the public lobby: issues tickets, checks bookings in, records printer "
            "faults",
            (
                *_reads(*CATALOG),
                Grant("number_seq", (S, I, U)),
                Grant("ticket", (S, I)),
                Grant("event", (S, I)),
                Grant("appointment", (S,), BOOKING_READ),
                Grant("appointment", (U,), CHECK_IN),
            ),
            functions=("hallq_caller()",),
            insert_checks={"ticket": KIOSK_TICKET, "event": _kinds(KIOSK_EVENTS)},
        ),
        PcRole(
            "display",
            "hallq_display",
            "综合屏 and counter screens: reads the hall, the line and the event feed",
            (*_reads(*CATALOG, "ticket", "event"), Grant("appointment", (S,), BOOKING_READ)),
            functions=("hallq_caller()",),
        ),
        PcRole(
            "counter",
            "hallq_counter",
            "窗口 PC: a logged-in clerk calls, serves, transfers, rates; a supervisor's "
            "session also opens and closes other counters, extends a day, closes 整改 items",
            (
                *_reads("hall", "department", "service", "counter_service", "alembic_version"),
                Grant("service_day_override", (S, I, U)),
                Grant("counter", (S,)),
                Grant("counter", (U,), COUNTER_WORK),
                Grant("clerk", (S,), CLERK_PUBLIC),
                Grant("number_seq", (S, I, U)),
                Grant("ticket", (S, I, U)),
                Grant("event", (S, I)),
                Grant("rating", (S, I, U)),
                Grant("follow_up", (S, I, U)),
                Grant("appointment", (S,), BOOKING_READ),
                Grant("appointment", (U,), CHECK_IN),
            ),
            functions=(*LOGIN_FUNCTIONS, "hallq_set_password(int, text, text, timestamptz)"),
            insert_checks={"event": _kinds(COUNTER_EVENTS)},
        ),
        PcRole(
            "web",
            "hallq_web",
            "hallq-web, the citizens' phones: reads the hall's status and tickets (not who "
            "served them), creates and cancels phone bookings, delivers webhooks",
            (
                *_reads(*CATALOG, "web_secret"),
                Grant("ticket", (S,), WEB_TICKET_READ),
                Grant("event", (S, I)),
                Grant("appointment", (S,)),
                Grant("appointment", (I,), WEB_BOOKING),
                Grant("appointment", (U,), ("state",)),
                Grant("webhook_outbox", (S, I)),
                Grant("webhook_outbox", (U,), WEBHOOK_STATE),
                Grant("webhook_cursor", (S, I)),
                Grant("webhook_cursor", (U,), ("last_event_id",)),
            ),
            functions=("hallq_caller()",),
            insert_checks={"event": _kinds(WEB_EVENTS)},
        ),
        PcRole(
            "admin",
            "hallq_admin",
            "the hall administrator's PC: applies the hall file, imports bookings, invites "
            "clerks and resets passwords, reads every report",
            (
                Grant("hall", (S, I, U)),
                Grant("department", (S, I, U)),
                Grant("service", (S, I, U)),
                Grant("counter", (S, I, U)),
                Grant("counter_service", (S, I, U, D)),
                Grant("clerk", (S, U), CLERK_PUBLIC),
                Grant("clerk", (I,), (*CLERK_PUBLIC, "failed_logins")),
                *_reads("alembic_version"),
                Grant("service_day_override", (S, I, U)),
                Grant("number_seq", (S, I, U)),
                Grant("ticket", (S, I, U)),
                Grant("event", (S, I)),
                Grant("rating", (S, I, U)),
                Grant("follow_up", (S, I, U)),
                Grant("appointment", (S, I, U)),
                Grant("web_secret", (S, I, U)),  # `config apply` keeps the webhook secrets
            ),
            functions=(
                *LOGIN_FUNCTIONS,
                "hallq_set_password(int, text, text, timestamptz)",
                "hallq_invite(int, text, int, timestamptz)",
            ),
            insert_checks={"event": _kinds(ADMIN_EVENTS)},
        ),
    )
}

# Every table the roles are granted on or refused: anything here not granted is revoked.
TABLES = (
    "hall", "department", "service", "service_day_override", "counter", "counter_service",
    "clerk", "number_seq", "ticket", "event", "rating", "follow_up", "appointment",
    "clerk_session", "login_attempt", "hallq_pc_role", "alembic_version",
    "web_secret", "webhook_outbox", "webhook_cursor",
)  # fmt: skip
FUNCTIONS = (
    *LOGIN_FUNCTIONS,
    "hallq_set_password(int, text, text, timestamptz)",
    "hallq_invite(int, text, int, timestamptz)",
    "hallq_trusted_now(timestamptz)",
    "hallq_login_event(int, timestamptz, text, int, text, json)",
    "hallq_login_failure(int, text, int, timestamptz, boolean)",
    "hallq_login_gate(int, text, timestamptz)",
)


class RolesError(Exception):
    """The roles cannot be set up (not PostgreSQL, no right to create roles, bad file)."""


@dataclass(frozen=True)
class RoleResult:
    kind: str
    name: str
    created: bool
    password: str | None  # the password set now, if any (shown only with --print-urls)


def role_name(kind: str, suffix: str = "") -> str:
    return PC_ROLES[kind].name + suffix


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def ensure_roles(
    conn: Connection, *, suffix: str = "", passwords: Mapping[str, str] | None = None
) -> list[RoleResult]:
    """Create the missing roles (each with a fresh password unless one is given), set the
    given passwords, register them in this database and apply the grants."""
    passwords = passwords or {}
    results = []
    for kind, spec in PC_ROLES.items():
        name = spec.name + suffix
        exists = conn.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}
        ).first()
        password = passwords.get(kind) or passwords.get(name)
        if exists is None and password is None:
            password = secrets.token_urlsafe(18)
        attrs = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT"
        if password is not None:
            attrs += f" PASSWORD {_lit(password)}"
        verb = "ALTER" if exists else "CREATE"
        conn.exec_driver_sql(f"{verb} ROLE {_q(name)} {attrs}")
        conn.execute(
            text(
                "INSERT INTO hallq_pc_role (rolname, kind) VALUES (:n, :k) "
                "ON CONFLICT (rolname) DO UPDATE SET kind = EXCLUDED.kind"
            ),
            {"n": name, "k": kind},
        )
        results.append(RoleResult(kind, name, exists is None, password))
    apply_grants(conn)
    return results


def registered(conn: Connection) -> dict[str, str]:
    """The roles registered in this database: role name -> kind."""
    has = conn.execute(text("SELECT to_regclass('hallq_pc_role') IS NOT NULL")).scalar_one()
    if not has:
        return {}
    rows = conn.execute(
        text(
            "SELECT r.rolname, r.kind FROM hallq_pc_role r "
            "JOIN pg_roles p ON p.rolname = r.rolname ORDER BY r.rolname"
        )
    )
    return {str(name): str(kind) for name, kind in rows}


def owns_store(conn: Connection) -> bool:
    """Whether the connected role owns the schema's tables (the installer's owner URL)."""
    owner = conn.execute(
        text(
            "SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c "
            "WHERE c.oid = to_regclass('event')"
        )
    ).scalar()
    return bool(owner)


def pc_kind(conn: Connection) -> str | None:
    """The kind of PC the connected role belongs to; None for the owner (or unregistered)."""
    if not conn.execute(text("SELECT to_regclass('hallq_pc_role') IS NOT NULL")).scalar_one():
        return None
    try:
        return conn.execute(text("SELECT kind FROM hallq_caller()")).scalar()
    except Exception:  # e.g. a role without EXECUTE: it is not the owner either
        return "unknown"


def _existing_tables(conn: Connection) -> set[str]:
    rows = conn.execute(
        text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename = ANY(:t)"
        ),
        {"t": list(TABLES)},
    )
    return {str(r[0]) for r in rows}


def _sequences(conn: Connection, tables: set[str]) -> dict[str, str]:
    """The sequence behind each table's `id` (serial or identity), where it has one."""
    rows = conn.execute(
        text(
            "SELECT c.relname, pg_get_serial_sequence(quote_ident(c.relname), 'id') "
            "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'id' "
            "WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace "
            "AND c.relname = ANY(:t)"
        ),
        {"t": sorted(tables)},
    )
    return {str(t): str(seq) for t, seq in rows if seq}


def apply_grants(conn: Connection, roles: Mapping[str, str] | None = None) -> int:
    """Revoke everything from the registered roles and grant what PC_ROLES says.

    Returns how many roles were set. Run by the owner, in one transaction.
    """
    if not owns_store(conn):
        return 0  # e.g. `config apply` on the admin PC: the grants are the owner's to set
    roles = registered(conn) if roles is None else roles
    if not roles:
        return 0
    tables = _existing_tables(conn)
    sequences = _sequences(conn, tables)
    database = _q(str(conn.execute(text("SELECT current_database()")).scalar_one()))
    for fn in FUNCTIONS:
        conn.exec_driver_sql(f"REVOKE ALL ON FUNCTION {fn} FROM PUBLIC")
    for name, kind in roles.items():
        spec = PC_ROLES[kind]
        role = _q(name)
        for table in sorted(tables):
            conn.exec_driver_sql(f"REVOKE ALL ON TABLE {_q(table)} FROM {role}")
            seq = sequences.get(table)
            if seq:
                conn.exec_driver_sql(f"REVOKE ALL ON SEQUENCE {seq} FROM {role}")
        for fn in FUNCTIONS:
            conn.exec_driver_sql(f"REVOKE ALL ON FUNCTION {fn} FROM {role}")
        inserting = set()
        for grant in spec.grants:
            if grant.table not in tables:
                continue
            cols = "" if grant.columns is None else f" ({', '.join(grant.columns)})"
            privs = ", ".join(p + cols for p in grant.privileges)
            conn.exec_driver_sql(f"GRANT {privs} ON TABLE {_q(grant.table)} TO {role}")
            if I in grant.privileges:
                inserting.add(grant.table)
        for table in sorted(inserting):
            seq = sequences.get(table)
            if seq:
                conn.exec_driver_sql(f"GRANT USAGE ON SEQUENCE {seq} TO {role}")
        for fn in spec.functions:
            conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {fn} TO {role}")
        # Explicit, so an installer may revoke CONNECT from PUBLIC (docs/security.md).
        conn.exec_driver_sql(f"GRANT CONNECT ON DATABASE {database} TO {role}")
        _policies(conn, name, spec, tables)
    return len(roles)


def _policies(conn: Connection, name: str, spec: PcRole, tables: set[str]) -> None:
    """Row security on RLS_TABLES: reading is whole-table, inserting is checked per row."""
    role = _q(name)
    for table in RLS_TABLES:
        if table not in tables:
            continue
        privileges = {p for g in spec.grants if g.table == table for p in g.privileges}
        for action in ("select", "insert", "update"):
            conn.exec_driver_sql(f"DROP POLICY IF EXISTS {_q(f'{name}_{action}')} ON {table}")
        if S in privileges:
            conn.exec_driver_sql(
                f"CREATE POLICY {_q(f'{name}_select')} ON {table} FOR SELECT TO {role} USING (true)"
            )
        if I in privileges:
            check = spec.insert_checks.get(table, "true")
            conn.exec_driver_sql(
                f"CREATE POLICY {_q(f'{name}_insert')} ON {table} FOR INSERT TO {role} "
                f"WITH CHECK ({check})"
            )
        if U in privileges:
            conn.exec_driver_sql(
                f"CREATE POLICY {_q(f'{name}_update')} ON {table} FOR UPDATE TO {role} "
                "USING (true) WITH CHECK (true)"
            )


def drop_roles(conn: Connection, names: Iterable[str]) -> None:
    """Remove what these roles own or were granted in this database, and their register rows.

    Dropping the roles themselves (cluster-wide) is `DROP ROLE`, once no database holds
    grants for them.
    """
    for name in names:
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
        if exists.first() is not None:
            conn.exec_driver_sql(f"DROP OWNED BY {_q(name)}")
        conn.execute(text("DELETE FROM hallq_pc_role WHERE rolname = :n"), {"n": name})


def role_url(owner_url: str, name: str, password: str | None) -> str:
    """The URL a PC uses: the owner's host, port, database and options, with its role."""
    url = make_url(owner_url).set(
        drivername="postgresql", username=name, password=password or "PASSWORD"
    )
    return url.render_as_string(hide_password=False)


def read_password_file(path: str) -> dict[str, str]:
    """`ROLE=PASSWORD` lines (kiosk=..., or hallq_kiosk=...); # starts a comment."""
    out: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except FileNotFoundError:
        return out
    except OSError as exc:
        raise RolesError(f"{path}: cannot read: {exc.strerror or exc}") from None
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise RolesError(f"{path}:{number}: expected ROLE=PASSWORD")
        out[key.strip()] = value.strip()
    return out
