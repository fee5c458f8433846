"""Errors of the report writers."""

from __future__ import annotations


class ReportError(Exception):
    """A report cannot be produced as asked (bad period, no font, unwritable file)."""
