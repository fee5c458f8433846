"""Checks of what a clerk typed, done in the use cases so SQLite and PostgreSQL refuse alike."""

from __future__ import annotations

from shared.domain.errors import InvalidInput
from shared.limits import LOGIN, TYPED, TextLimit, text_problem


def checked_login(value: str | None, field: str = "clerk") -> str | None:
    """A clerk's login within its limit, or InvalidInput naming `field` (lengths are checked
    here, so SQLite and PostgreSQL refuse alike)."""
    if value is None:
        return None
    problem = text_problem(value, LOGIN)
    if problem:
        raise InvalidInput(f"{field} {problem}")
    return value


def checked_text(value: str, name: str) -> str:
    """Text a clerk typed, within shared.limits.TYPED[name]; else InvalidInput."""
    limit = TYPED[name]
    assert isinstance(limit, TextLimit)
    problem = text_problem(value, limit)
    if problem:
        raise InvalidInput(f"{name} {problem}")
    return value
