"""The report's charts, each drawn on an Axes it is given (no pyplot state)."""

from __future__ import annotations

from matplotlib.axes import Axes

from shared.reports.build import Report
from shared.reports.labels import LEVEL_LABELS, UNRATED, pick, text

ARRIVALS, SERVED, WAIT = "#4c78a8", "#f58518", "#54a24b"
LEVEL_COLOURS = ("#1a9850", "#91cf60", "#d9ef8b", "#fc8d59", "#d73027", "#bbbbbb")


def _active_hours(report: Report) -> list[int]:
    hours = [h.hour for h in report.hourly if h.arrivals or h.served]
    return list(range(min(hours), max(hours) + 1)) if hours else list(range(8, 18))


def hourly_flow(ax: Axes, report: Report, lang: str) -> None:
    """Arrivals against served, per hour of day (bars side by side)."""
    hours = _active_hours(report)
    points = {h.hour: h for h in report.hourly}
    xs = list(range(len(hours)))
    ax.bar(
        [x - 0.2 for x in xs],
        [points[h].arrivals for h in hours],
        0.4,
        color=ARRIVALS,
        label=text("arrivals", lang),
    )
    ax.bar(
        [x + 0.2 for x in xs],
        [points[h].served for h in hours],
        0.4,
        color=SERVED,
        label=text("served", lang),
    )
    ax.set_xticks(xs, [f"{h:02d}" for h in hours])
    ax.set_title(f"{text('hourly', lang)}: {text('arrivals', lang)} / {text('served', lang)}")
    ax.set_ylabel(text("cases", lang))
    ax.legend(loc="upper right")
    ax.grid(axis="y", alpha=0.3)


def hourly_wait(ax: Axes, report: Report, lang: str) -> None:
    """Mean wait of the citizens who arrived in each hour."""
    hours = _active_hours(report)
    points = {h.hour: h for h in report.hourly}
    waits = [points[h].wait_mean_s for h in hours]
    xs = [x for x, w in enumerate(waits) if w is not None]
    ys = [w / 60.0 for w in waits if w is not None]
    ax.plot(xs, ys, marker="o", color=WAIT)
    ax.fill_between(xs, ys, alpha=0.15, color=WAIT)
    ax.set_xticks(list(range(len(hours))), [f"{h:02d}" for h in hours])
    ax.set_xlim(-0.5, len(hours) - 0.5)
    ax.set_ylim(bottom=0)
    ax.set_title(f"{text('hourly', lang)}: {text('wait_mean', lang)}")
    ax.set_ylabel(text("minutes", lang))
    ax.grid(axis="y", alpha=0.3)


def counter_load(ax: Axes, report: Report, lang: str) -> None:
    """Cases served per counter, with the mean service time written at each bar."""
    rows = [r for r in report.counters if r.key != "-"]
    labels = [r.label(lang) for r in rows]
    served = [r.figures.served for r in rows]
    ys = list(range(len(rows)))
    ax.barh(ys, served, color=SERVED)
    ax.set_yticks(ys, labels, fontsize=7 if len(rows) > 25 else 9)
    ax.invert_yaxis()
    for y, row in zip(ys, rows, strict=True):
        mean = row.figures.service_mean_s
        if mean is not None:
            ax.text(row.figures.served, y, f" {mean / 60.0:.1f}", va="center", fontsize=7)
    ax.set_title(f"{text('counter_load', lang)} ({text('served', lang)}; {text('minutes', lang)})")
    ax.grid(axis="x", alpha=0.3)


def ratings(ax: Axes, report: Report, lang: str) -> None:
    """Cases per rating level, 未评价 last."""
    t = report.total
    labels = [pick(p, lang) for p in (*LEVEL_LABELS, UNRATED)]
    counts = [*t.ratings, t.unrated]
    ax.bar(range(6), counts, color=LEVEL_COLOURS)
    ax.set_xticks(range(6), labels, rotation=30, ha="right")
    rate = "-" if t.satisfied_rate is None else f"{t.satisfied_rate * 100:.1f}%"
    basic = "-" if t.basic_rate is None else f"{t.basic_rate * 100:.1f}%"
    ax.set_title(
        f"{text('ratings', lang)}\n{pick(LEVEL_LABELS[1], lang)}+ {rate}  "
        f"{pick(LEVEL_LABELS[2], lang)}+ {basic}"
    )
    for x, n in enumerate(counts):
        ax.text(x, n, str(n), ha="center", va="bottom", fontsize=8)
    ax.grid(axis="y", alpha=0.3)
