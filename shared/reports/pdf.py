"""A report as a PDF with charts (matplotlib), CJK font embedded as TrueType."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, fontManager

from shared.reports.build import Report
from shared.reports.charts import counter_load, hourly_flow, hourly_wait, ratings
from shared.reports.fonts import find_cjk_font
from shared.reports.labels import (
    COLUMNS,
    DIMENSION_HEADING,
    FOLLOW_UP_HEADINGS,
    cell_text,
    pick,
    text,
)

A4_LANDSCAPE = (11.69, 8.27)
ROWS_PER_PAGE = 24


@contextmanager
def _font(font_file: str | None) -> Iterator[FontProperties]:
    path = find_cjk_font(font_file)
    fontManager.addfont(str(path))
    prop = FontProperties(fname=str(path))
    # Type 42 embeds the TrueType glyphs: the PDF reads on machines without the font.
    with matplotlib.rc_context(
        {"pdf.fonttype": 42, "font.family": prop.get_name(), "axes.unicode_minus": False}
    ):
        yield prop


def _title(fig: Figure, report: Report, lang: str, subtitle: str = "") -> None:
    hall = report.hall_name_en if lang == "en" and report.hall_name_en else report.hall_name
    fig.suptitle(f"{hall}  {text('title', lang)}", fontsize=16, y=0.97)
    line = f"{text('period', lang)}: {report.period.label()}    {text('by', lang)}: " + pick(
        DIMENSION_HEADING[report.by], lang
    )
    fig.text(0.5, 0.92, f"{line}    {subtitle}".rstrip(), ha="center", fontsize=10, color="#444")


def _summary_lines(report: Report, lang: str) -> list[str]:
    t = report.total
    rows = [(c.heading(lang), cell_text(c.value(t))) for c in COLUMNS]
    return [f"{k}: {v}" for k, v in rows]


def _first_page(report: Report, lang: str) -> Figure:
    fig = Figure(figsize=A4_LANDSCAPE)
    _title(fig, report, lang)
    fig.text(0.03, 0.86, text("total", lang), fontsize=12)
    for n, line in enumerate(_summary_lines(report, lang)):
        fig.text(0.03, 0.82 - n * 0.037, line, fontsize=9.5)
    hourly_flow(fig.add_axes((0.30, 0.52, 0.66, 0.33)), report, lang)
    hourly_wait(fig.add_axes((0.30, 0.08, 0.66, 0.33)), report, lang)
    return fig


def _second_page(report: Report, lang: str) -> Figure:
    fig = Figure(figsize=A4_LANDSCAPE)
    _title(fig, report, lang)
    counter_load(fig.add_axes((0.08, 0.10, 0.50, 0.75)), report, lang)
    ratings(fig.add_axes((0.66, 0.10, 0.30, 0.75)), report, lang)
    return fig


def _table_page(report: Report, lang: str, head: list[str], body: list[list[str]]) -> Figure:
    fig = Figure(figsize=A4_LANDSCAPE)
    _title(fig, report, lang)
    ax = fig.add_axes((0.02, 0.03, 0.96, 0.86))
    ax.axis("off")
    first = 0.12 if len(head) > 12 else 0.1
    widths = [first] + [(1.0 - first) / (len(head) - 1)] * (len(head) - 1)
    table = ax.table(
        cellText=body, colLabels=head, colWidths=widths, loc="upper center", cellLoc="center"
    )
    table.auto_set_font_size(False)
    table.set_fontsize(7 if len(head) > 12 else 8)
    table.scale(1.0, 1.5)
    for (row, _col), cell in table.get_celld().items():
        if row == 0:
            cell.set_facecolor("#dde6f0")
            cell.set_height(cell.get_height() * 3.0)
    return fig


def _chunks(rows: list[list[str]]) -> Iterator[list[list[str]]]:
    for start in range(0, max(len(rows), 1), ROWS_PER_PAGE):
        yield rows[start : start + ROWS_PER_PAGE]


def _wrap_heading(heading: str) -> str:
    # Long headings break before their bracket, then every few characters, so narrow
    # columns stay readable (Chinese has no spaces to wrap at).
    lines = []
    for part in heading.replace("(", "\n(").split("\n"):
        step = 6 if part.isascii() else 5
        if part.isascii():
            lines.append(part.replace(" ", "\n") if len(part) > 10 else part)
        else:
            lines.extend(part[i : i + step] for i in range(0, len(part), step))
    return "\n".join(lines)


def _group_pages(report: Report, lang: str) -> Iterator[Figure]:
    head = [
        pick(DIMENSION_HEADING[report.by], lang),
        *(_wrap_heading(c.heading(lang)) for c in COLUMNS),
    ]
    body = [
        [r.label(lang)[:14], *(cell_text(c.value(r.figures)) for c in COLUMNS)] for r in report.rows
    ]
    body.append([text("total", lang), *(cell_text(c.value(report.total)) for c in COLUMNS)])
    for chunk in _chunks(body):
        yield _table_page(report, lang, head, chunk)


def _follow_up_pages(report: Report, lang: str) -> Iterator[Figure]:
    head = [pick(h, lang) for h in FOLLOW_UP_HEADINGS]
    body: list[list[Any]] = [
        [
            str(i.id),
            i.code,
            i.business_day.isoformat(),
            i.service_name[:10],
            str(i.counter or "-"),
            i.clerk or "-",
            i.level_label,
            "、".join(i.reasons)[:16],
            i.due_on.isoformat(),
            str(i.age_days),
        ]
        for i in report.follow_ups
    ]
    if not body:
        fig = Figure(figsize=A4_LANDSCAPE)
        _title(fig, report, lang)
        fig.text(0.5, 0.5, text("no_follow_ups", lang), ha="center", fontsize=14)
        yield fig
        return
    for chunk in _chunks(body):
        fig = _table_page(report, lang, head, chunk)
        fig.text(0.02, 0.895, text("follow_ups", lang), fontsize=11)
        yield fig


def write_pdf(report: Report, path: Path, lang: str = "zh", font_file: str | None = None) -> None:
    """Charts first (hourly flow and waiting, counter load, ratings), then the tables."""
    with _font(font_file), PdfPages(path) as pdf:
        info = pdf.infodict()
        info["Title"] = f"{report.hall_name} {text('title', lang)} {report.period.label()}"
        info["Creator"] = "hallq"
        for fig in (
            _first_page(report, lang),
            _second_page(report, lang),
            *_group_pages(report, lang),
            *_follow_up_pages(report, lang),
        ):
            pdf.savefig(fig)
