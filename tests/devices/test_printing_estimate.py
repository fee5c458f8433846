"""The printed wait: a range where the estimate's spread is wide, and closing first."""

from __future__ import annotations

from shared.printing import render_ticket
from tests.devices.test_printing_render import CST, make_ticket, parse, texts


def test_a_wide_spread_prints_a_range_and_closing_first_is_said() -> None:
    ticket = make_ticket(
        est_wait_min=12, est_wait_low_min=10, est_wait_high_min=15, closes_first=True
    )
    lines = texts(parse(render_ticket(ticket, tz=CST)))
    assert "预计等待约10-15分钟" in lines
    assert "今日办理时间可能先结束" in lines


def test_a_narrow_spread_prints_one_figure() -> None:
    ticket = make_ticket(est_wait_min=12, est_wait_low_min=12, est_wait_high_min=12)
    lines = texts(parse(render_ticket(ticket, tz=CST)))
    assert "预计等待约12分钟" in lines
    assert not any("可能先结束" in line for line in lines)
