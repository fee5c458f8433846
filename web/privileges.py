"""What hallq-web may do in a PostgreSQL store: the grants of the `hallq_web` role.

Every store access of the web service goes through shared.services.phone (ticket pages),
shared.services.booking (phone bookings), shared.services.queries.hall_status (board,
API), shared.events.feed (the change feed) and shared.services.outbox (webhooks). These
constants list exactly what those need; tests/web/test_privileges.py runs them as a role
holding only these grants. "*" is every column of the table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

Grants = Mapping[str, Mapping[str, tuple[str, ...]]]

_TICKET_READ = (
    "id", "hall_id", "business_day", "service_id", "code", "priority", "status", "queue_key",
    "called_at", "started_at", "ended_at", "counter_number", "target_counter", "recalls",
    "requeues",
    "parent_id", "appointment_id", "web_token",
)
_BOOKING_INSERT = (
    "hall_id", "booking_code", "service_id", "slot_start", "slot_end", "name_masked",
    "phone_tail", "state", "ticket_id", "created_at", "source", "phone_hash", "cancel_token",
)
_EVENT_INSERT = ("hall_id", "at", "kind", "ticket_id", "code", "service", "counter", "clerk",
                 "details")

# Pages, board, API and bookings: reads status, creates and cancels phone bookings.
WEB_PRIVILEGES: Grants = {
    "tables": {
        "hall": ("SELECT *",),  # the hall and its applied settings
        "department": ("SELECT *",),
        "service": ("SELECT *",),
        "service_day_override": ("SELECT *",),  # closed days, extra quota
        "counter": ("SELECT *",),
        "counter_service": ("SELECT *",),
        "ticket": (f"SELECT {', '.join(_TICKET_READ)}",),  # not clerk, issued_by, note
        "event": ("SELECT *", f"INSERT {', '.join(_EVENT_INSERT)}"),  # feed; booked events
        "appointment": ("SELECT *", f"INSERT {', '.join(_BOOKING_INSERT)}", "UPDATE state"),
        "web_secret": ("SELECT *",),  # the phone-hash key (and webhook secrets)
    },
    "sequences": {
        "appointment_id_seq": ("USAGE",),
        "event_id_seq": ("USAGE",),
    },
    "functions": {
        # granted to PUBLIC by default; listed so a hardened store keeps them for the web
        "pg_advisory_xact_lock(integer, integer)": ("EXECUTE",),  # a service's quota lock
        "pg_notify(text, text)": ("EXECUTE",),  # the event trigger, run as the inserter
    },
}

# Webhook delivery, when the outbox worker runs inside hallq-web (the default).
WEBHOOK_PRIVILEGES: Grants = {
    "tables": {
        "webhook_outbox": ("SELECT *", "INSERT *",
                           "UPDATE state, attempts, next_attempt_at, delivered_at, last_error"),
        "webhook_cursor": ("SELECT *", "INSERT *", "UPDATE last_event_id"),
    },
    "sequences": {"webhook_outbox_id_seq": ("USAGE",)},
    "functions": {},
}


def grant_statements(role: str, *grants: Grants) -> list[str]:
    """GRANT statements giving `role` these privileges (CONNECT and schema USAGE aside)."""
    out: list[str] = []
    for grant in grants:
        for table, privileges in grant["tables"].items():
            out += [_table_grant(p, table, role) for p in privileges]
        for sequence, privileges in grant["sequences"].items():
            out.append(f"GRANT {', '.join(privileges)} ON SEQUENCE {sequence} TO {role}")
        for function, privileges in grant["functions"].items():
            out.append(f"GRANT {', '.join(privileges)} ON FUNCTION {function} TO {role}")
    return out


def _table_grant(privilege: str, table: str, role: str) -> str:
    verb, _, columns = privilege.partition(" ")
    cols = "" if columns in ("", "*") else f" ({columns})"
    return f"GRANT {verb}{cols} ON TABLE {table} TO {role}"


def tables(*grants: Grants) -> Iterable[str]:
    """The tables these grants touch."""
    for grant in grants:
        yield from grant["tables"]
