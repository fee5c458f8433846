"""The wait under a board tile's count: a figure, a range, closing first, or nothing."""

from __future__ import annotations

from dataclasses import replace

from display.regions import wait_text
from display.texts import BoardTexts
from shared.services.results import ServiceStatus

SERVICE = ServiceStatus(
    "A",
    "A",
    "企业养老保险",
    "Pensions",
    "rsj",
    waiting=3,
    est_wait_min=12,
    open_counters=2,
    est_wait_low_min=12,
    est_wait_high_min=12,
)


def test_wait_words_on_the_board(qapp) -> None:  # type: ignore[no-untyped-def]
    zh = BoardTexts.build("zh")
    assert wait_text(zh, SERVICE) == "约12分钟"
    wide = replace(SERVICE, est_wait_low_min=10, est_wait_high_min=15)
    assert wait_text(zh, wide) == "约10–15分钟"
    assert zh.english("约{low}–{high}分钟", low=10, high=15) == "about 10–15 min"
    assert wait_text(zh, replace(wide, closes_first=True)) == "可能超出今日办理时间"
    assert wait_text(zh, replace(SERVICE, waiting=0)) == ""  # no one waits: the count says it
    assert wait_text(zh, replace(SERVICE, est_wait_min=None)) == ""  # no counter serves it
