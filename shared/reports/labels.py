"""Headings and cell values of a report, in Chinese (default) or English."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from shared.reports.figures import Figures

LANGS = ("zh", "en")

DIMENSION_HEADING = {
    "department": ("部门", "Department"),
    "service": ("事项", "Service"),
    "class": ("办件类型", "Case class"),
    "counter": ("窗口", "Counter"),
    "clerk": ("工作人员", "Clerk"),
    "hour": ("时段", "Hour"),
    "day": ("日期", "Day"),
}

TEXT = {
    "title": ("办件统计报表", "Service hall report"),
    "period": ("统计期间", "Period"),
    "by": ("分组", "Grouped by"),
    "generated": ("生成时间", "Generated"),
    "total": ("合计", "Total"),
    "timezone": ("时区", "Time zone"),
    "hourly": ("分时段统计", "By hour of day"),
    "hour": ("时段", "Hour"),
    "arrivals": ("取号", "Arrivals"),
    "served": ("办结", "Served"),
    "wait_mean": ("平均等待(分)", "Mean wait (min)"),
    "counter_load": ("窗口工作量", "Counter load"),
    "ratings": ("评价分布", "Ratings"),
    "follow_ups": ("未完成的差评整改", "Open bad-rating follow-ups"),
    "no_follow_ups": ("无未完成的差评整改", "No open bad-rating follow-ups"),
    "minutes": ("分钟", "minutes"),
    "cases": ("件", "cases"),
}

LEVEL_LABELS = (
    ("非常满意", "Very satisfied"),
    ("满意", "Satisfied"),
    ("基本满意", "Fairly satisfied"),
    ("不满意", "Dissatisfied"),
    ("非常不满意", "Very dissatisfied"),
)
UNRATED = ("未评价", "Not rated")

FOLLOW_UP_HEADINGS = (
    ("编号", "ID"),
    ("票号", "Ticket"),
    ("营业日", "Day"),
    ("事项", "Service"),
    ("窗口", "Counter"),
    ("工作人员", "Clerk"),
    ("评价", "Rating"),
    ("原因", "Reasons"),
    ("整改期限", "Due"),
    ("已开(天)", "Age (days)"),
)


def text(key: str, lang: str) -> str:
    zh, en = TEXT[key]
    return en if lang == "en" else zh


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60.0, 1)


def _percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100.0, 1)


@dataclass(frozen=True)
class Column:
    zh: str
    en: str
    value: Callable[[Figures], int | float | None]
    percent: bool = False

    def heading(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


COLUMNS: tuple[Column, ...] = (
    Column("取号", "Issued", lambda f: f.issued),
    Column("办结", "Served", lambda f: f.served),
    Column("过号", "No-shows", lambda f: f.no_show),
    Column("作废", "Cancelled", lambda f: f.cancelled),
    Column("转移", "Transferred", lambda f: f.transferred),
    Column("未办结", "Open", lambda f: f.open),
    Column("平均等待(分)", "Wait mean (min)", lambda f: _minutes(f.wait_mean_s)),
    Column("等待P90(分)", "Wait p90 (min)", lambda f: _minutes(f.wait_p90_s)),
    Column("最长等待(分)", "Wait max (min)", lambda f: _minutes(f.wait_max_s)),
    Column("平均办理(分)", "Service mean (min)", lambda f: _minutes(f.service_mean_s)),
    Column("目标(分)", "Target (min)", lambda f: _minutes(f.target_s)),
    Column("超时", "Over target", lambda f: f.over_target),
    *(
        Column(zh, en, lambda f, i=i: f.ratings[i])  # type: ignore[misc]
        for i, (zh, en) in enumerate(LEVEL_LABELS)
    ),
    Column("未评价", "Not rated", lambda f: f.unrated),
    Column(
        "满意率(满意及以上)%", "Satisfied or better %", lambda f: _percent(f.satisfied_rate), True
    ),
    Column(
        "满意率(基本满意及以上)%",
        "Fairly satisfied or better %",
        lambda f: _percent(f.basic_rate),
        True,
    ),
    # Last, so the columns before keep their places in workbooks people already read.
    Column("日终未办", "Unserved at close", lambda f: f.unserved),
)


def cell_text(value: int | float | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)
