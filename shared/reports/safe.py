"""Cells safe to open: text that a spreadsheet would run as a formula stays text (OWASP CSV
injection). A clerk's login, a service name or a follow-up reason typed as
`=HYPERLINK(...)` must reach the supervisor's Excel as the words, never as a live formula."""

from __future__ import annotations

import re
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?%?")  # a plain figure such as -3 or +1.5%


def is_risky(text: str) -> bool:
    """Whether a spreadsheet could take `text` for a formula."""
    return text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text)


def csv_cell(value: Any) -> Any:
    """A CSV cell: risky text gets a leading apostrophe, so Excel and LibreOffice show it."""
    if isinstance(value, str) and is_risky(value):
        return "'" + value
    return value


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write one cell; text is always stored as text (type 's'), never as a formula."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control bytes openpyxl refuses
        cell.value = value
        cell.data_type = "s"
        if is_risky(value):
            cell.quotePrefix = True  # stays text when someone edits the cell in Excel
    else:
        cell.value = value
    return cell
