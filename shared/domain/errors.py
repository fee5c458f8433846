"""Domain errors: each names the hall problem, in words a clerk or installer understands."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the hall forbids what was asked."""


class InvalidInput(DomainError):
    """A value outside its limit (shared.limits), refused before the store sees it."""


class InvalidTransition(DomainError):
    """A ticket cannot go from its state by the action asked."""

    def __init__(self, code: str, status: str, action: str) -> None:
        super().__init__(f"ticket {code} is {status}: cannot {action}")
        self.code = code
        self.status = status
        self.action = action


class TooManyRecalls(DomainError):
    """The call was repeated as often as the hall allows: only no-show is left."""

    def __init__(self, code: str, limit: int) -> None:
        super().__init__(f"ticket {code} was recalled {limit} times already; mark it no-show")
        self.code = code
        self.limit = limit


class NothingWaiting(DomainError):
    """No ticket waits for any service of this counter."""

    def __init__(self, counter: int) -> None:
        super().__init__(f"nobody waits for counter {counter}")
        self.counter = counter


class CounterNotOpen(DomainError):
    def __init__(self, counter: int, state: str) -> None:
        super().__init__(f"counter {counter} is {state}; open or resume it first")
        self.counter = counter
        self.state = state


class CounterBusy(DomainError):
    def __init__(self, counter: int, code: str) -> None:
        super().__init__(f"counter {counter} still has ticket {code}; finish it first")
        self.counter = counter
        self.code = code


class NoCurrentTicket(DomainError):
    def __init__(self, counter: int) -> None:
        super().__init__(f"counter {counter} has no current ticket")
        self.counter = counter


class ServiceUnavailable(DomainError):
    """A ticket cannot be issued now: closed, out of hours or past the daily quota."""

    def __init__(self, service: str, reason: str) -> None:
        super().__init__(f"service {service} cannot issue tickets: {reason}")
        self.service = service
        self.reason = reason


class UnknownService(DomainError):
    def __init__(self, service: str) -> None:
        super().__init__(f"no service with code {service!r}")
        self.service = service


class UnknownCounter(DomainError):
    def __init__(self, counter: int) -> None:
        super().__init__(f"no counter number {counter}")
        self.counter = counter


class UnknownTicket(DomainError):
    def __init__(self, code: str) -> None:
        super().__init__(f"no ticket {code!r} today")
        self.code = code


class NotQualified(DomainError):
    def __init__(self, counter: int, service: str) -> None:
        super().__init__(f"counter {counter} does not serve {service}")
        self.counter = counter
        self.service = service


class AlreadyRated(DomainError):
    def __init__(self, code: str) -> None:
        super().__init__(f"ticket {code} already has its rating (一次一评)")
        self.code = code
