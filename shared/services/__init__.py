"""The use cases: every change of state is one function, one transaction, one event row.

Composed use cases (finish_and_call_next here, auth.sign_in) run the bodies of two in
one transaction (shared.services.common.transaction): both happen, or neither.

The kiosk, counter, display, the `hallq` CLI and the simulator call these and nothing
else to change data.
"""

from shared.services.calling import (
    call_chosen,
    call_next,
    finish,
    finish_and_call_next,
    mark_no_show,
    recall,
    requeue,
    start_service,
    transfer,
)
from shared.services.counters import close_counter, open_counter, pause_counter, resume_counter
from shared.services.issuing import cancel_ticket, close_day, issue_ticket
from shared.services.queries import events_after, hall_status, last_event_id
from shared.services.rating import rate
from shared.services.results import CallInfo, EventInfo, HallStatus, TicketInfo

__all__ = [
    "CallInfo",
    "EventInfo",
    "HallStatus",
    "TicketInfo",
    "call_chosen",
    "call_next",
    "cancel_ticket",
    "close_counter",
    "close_day",
    "events_after",
    "finish",
    "finish_and_call_next",
    "hall_status",
    "issue_ticket",
    "last_event_id",
    "mark_no_show",
    "open_counter",
    "pause_counter",
    "rate",
    "recall",
    "requeue",
    "resume_counter",
    "start_service",
    "transfer",
]
