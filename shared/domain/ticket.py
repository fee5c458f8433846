"""Ticket states and the guarded transitions between them."""

from __future__ import annotations

from enum import StrEnum

from shared.domain.errors import InvalidTransition


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    FINISHED = "finished"
    NO_SHOW = "no_show"
    TRANSFERRED = "transferred"
    CANCELLED = "cancelled"


class Action(StrEnum):
    CALL = "call"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    REQUEUE = "requeue"
    TRANSFER = "transfer"
    CANCEL = "cancel"
    RELEASE = "release"  # a counter closes or pauses with a called ticket: back to the queue


S = TicketStatus
A = Action

# (from, action) -> to. Anything absent is forbidden.
TRANSITIONS: dict[tuple[TicketStatus, Action], TicketStatus] = {
    (S.WAITING, A.CALL): S.CALLED,
    (S.WAITING, A.CANCEL): S.CANCELLED,
    (S.WAITING, A.TRANSFER): S.TRANSFERRED,
    (S.CALLED, A.RECALL): S.CALLED,
    (S.CALLED, A.START): S.SERVING,
    (S.CALLED, A.FINISH): S.FINISHED,  # served without pressing "start"
    (S.CALLED, A.NO_SHOW): S.NO_SHOW,
    (S.CALLED, A.TRANSFER): S.TRANSFERRED,
    (S.CALLED, A.CANCEL): S.CANCELLED,
    (S.CALLED, A.RELEASE): S.WAITING,
    (S.SERVING, A.FINISH): S.FINISHED,
    (S.SERVING, A.TRANSFER): S.TRANSFERRED,
    (S.SERVING, A.CANCEL): S.CANCELLED,
    (S.NO_SHOW, A.REQUEUE): S.WAITING,
    (S.NO_SHOW, A.CALL): S.CALLED,  # 特呼 of a latecomer
}

FINAL = frozenset({S.FINISHED, S.TRANSFERRED, S.CANCELLED})
AT_COUNTER = frozenset({S.CALLED, S.SERVING})


def next_status(code: str, status: TicketStatus | str, action: Action) -> TicketStatus:
    """The state after `action`, or InvalidTransition naming the ticket and its state."""
    current = TicketStatus(status)
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        raise InvalidTransition(code, current.value, action.value) from None


def can(status: TicketStatus | str, action: Action) -> bool:
    return (TicketStatus(status), action) in TRANSITIONS
