"""A report as a terminal table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

from shared.reports.build import Report
from shared.reports.labels import (
    COLUMNS,
    DIMENSION_HEADING,
    cell_text,
    pick,
    text,
)
from shared.reports.safe import csv_cell


def _grid(report: Report, lang: str) -> list[list[str]]:
    """Heading row, one row per group, then the total."""
    head = [pick(DIMENSION_HEADING[report.by], lang), *(c.heading(lang) for c in COLUMNS)]
    body = [[r.label(lang), *(cell_text(c.value(r.figures)) for c in COLUMNS)] for r in report.rows]
    total = [text("total", lang), *(cell_text(c.value(report.total)) for c in COLUMNS)]
    return [head, *body, total]


def _width(cell: str) -> int:
    # Chinese characters take two terminal columns.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in cell)


def _pad(cell: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(cell))
    return gap + cell if right else cell + gap


def render_table(report: Report, lang: str = "zh") -> str:
    """A plain-text table for the terminal, with the follow-ups still open below it."""
    grid = _grid(report, lang)
    widths = [max(_width(row[i]) for row in grid) for i in range(len(grid[0]))]
    lines = [
        f"{report.hall_name_en if lang == 'en' and report.hall_name_en else report.hall_name}"
        f"  {text('title', lang)}  {text('period', lang)}: {report.period.label()}"
        f"  ({text('timezone', lang)} {report.timezone})"
    ]
    for n, row in enumerate(grid):
        lines.append(
            "  ".join(_pad(cell, widths[i], right=i > 0) for i, cell in enumerate(row)).rstrip()
        )
        if n == 0 or n == len(grid) - 2:
            lines.append("  ".join("-" * w for w in widths))
    lines.append("")
    if report.follow_ups:
        lines.append(f"{text('follow_ups', lang)}: {len(report.follow_ups)}")
        for item in report.follow_ups:
            due = "!" if item.overdue else " "
            lines.append(
                f"  #{item.id:<5d}{due} {item.code:6s} {item.business_day}  {item.service:8s}"
                f" {item.counter or '-':>3}  {item.clerk or '-':12s} {item.level_label}"
                f"  {item.age_days}d  {'/'.join(item.reasons)}"
            )
    else:
        lines.append(text("no_follow_ups", lang))
    return "\n".join(lines) + "\n"


def render_csv(report: Report, lang: str = "zh") -> str:
    """One heading row, a row per group and the total; UTF-8 with BOM when written for Excel."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in _grid(report, lang):
        writer.writerow("" if cell == "-" else csv_cell(cell) for cell in row)
    return out.getvalue()


def render_json(report: Report) -> str:
    """Every figure (times in seconds, rates 0..1), the hourly series and open follow-ups."""
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
