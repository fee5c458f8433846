"""A report as an Excel workbook: the grouped table, the hourly series, open follow-ups."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from shared.reports.build import Report
from shared.reports.labels import (
    COLUMNS,
    DIMENSION_HEADING,
    FOLLOW_UP_HEADINGS,
    pick,
    text,
)
from shared.reports.safe import put

BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDE6F0")


def _heading_row(sheet: Worksheet, row: int, headings: list[str]) -> None:
    for col, heading in enumerate(headings, start=1):
        cell = put(sheet, row, col, heading)
        cell.font = BOLD
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _widths(sheet: Worksheet, first: int, rest: int, count: int) -> None:
    sheet.column_dimensions["A"].width = first
    for col in range(2, count + 1):
        sheet.column_dimensions[get_column_letter(col)].width = rest


def _summary(sheet: Worksheet, report: Report, lang: str) -> None:
    hall = report.hall_name_en if lang == "en" and report.hall_name_en else report.hall_name
    put(sheet, 1, 1, f"{hall} {text('title', lang)}").font = Font(bold=True, size=14)
    put(sheet, 2, 1, f"{text('period', lang)}: {report.period.label()}")
    put(
        sheet,
        3,
        1,
        (
            f"{text('generated', lang)}: {report.generated_at.isoformat(timespec='seconds')}"
            f"  {text('timezone', lang)}: {report.timezone}"
        ),
    )
    head = [pick(DIMENSION_HEADING[report.by], lang), *(c.heading(lang) for c in COLUMNS)]
    _heading_row(sheet, 5, head)
    row = 6
    for group in report.rows:
        put(sheet, row, 1, group.label(lang))
        for col, column in enumerate(COLUMNS, start=2):
            put(sheet, row, col, column.value(group.figures))
        row += 1
    put(sheet, row, 1, text("total", lang)).font = BOLD
    for col, column in enumerate(COLUMNS, start=2):
        put(sheet, row, col, column.value(report.total)).font = BOLD
    for col, column in enumerate(COLUMNS, start=2):
        fmt = "0.0" if column.percent or "分" in column.zh else "0"
        for r in range(6, row + 1):
            sheet.cell(row=r, column=col).number_format = fmt
    sheet.freeze_panes = "B6"
    _widths(sheet, 22, 11, len(head))
    sheet.row_dimensions[5].height = 45


def _hourly(sheet: Worksheet, report: Report, lang: str) -> None:
    keys = ("hour", "arrivals", "served", "wait_mean")
    _heading_row(sheet, 1, [text(k, lang) for k in keys])
    for n, point in enumerate((h for h in report.hourly if h.arrivals or h.served), start=2):
        put(sheet, n, 1, f"{point.hour:02d}:00")
        put(sheet, n, 2, point.arrivals)
        put(sheet, n, 3, point.served)
        wait = None if point.wait_mean_s is None else round(point.wait_mean_s / 60.0, 1)
        put(sheet, n, 4, wait).number_format = "0.0"
    _widths(sheet, 10, 14, 4)


def _follow_ups(sheet: Worksheet, report: Report, lang: str) -> None:
    _heading_row(sheet, 1, [pick(h, lang) for h in FOLLOW_UP_HEADINGS])
    for n, item in enumerate(report.follow_ups, start=2):
        values = (
            item.id,
            item.code,
            item.business_day,
            f"{item.service} {item.service_name}",
            item.counter,
            item.clerk,
            item.level_label,
            "、".join(item.reasons),
            item.due_on,
            item.age_days,
        )
        for col, value in enumerate(values, start=1):
            cell = put(sheet, n, col, value)
            if col in (3, 9):
                cell.number_format = "yyyy-mm-dd"
    _widths(sheet, 8, 14, len(FOLLOW_UP_HEADINGS))


def write_xlsx(report: Report, path: Path, lang: str = "zh") -> None:
    """Write the workbook: summary, hourly and follow-up sheets."""
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = text("title", lang)[:31]
    _summary(summary, report, lang)
    _hourly(book.create_sheet(text("hourly", lang)[:31]), report, lang)
    _follow_ups(book.create_sheet(text("follow_ups", lang)[:31]), report, lang)
    book.save(path)
