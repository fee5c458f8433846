"""The phone pages in a real browser (chromium at 390x844), following calls made elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from typing import Any

from playwright.sync_api import expect

from shared.domain.clock import ManualClock
from shared.services import issue_ticket, open_counter
from shared.services.appointments import check_in
from shared.services.calling import mark_no_show, transfer
from shared.store.db import Store
from tests.web.conftest import WebServer

LIVE_MS = 5000  # a page must follow a change within this (measured figures: bench/web.py)


def hallq(store: Store, *args: str) -> str:
    """The `hallq` command line, in its own process, on the same store."""
    done = subprocess.run(
        [sys.executable, "-m", "shared.cli.main", "--db", store.url, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": "."},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_ticket_page_follows_call_recall_and_finish(
    live_store: Store, web: WebServer, phone: Any
) -> None:
    open_counter(live_store, counter=2, clerk="li.wei")
    for _ in range(2):
        issue_ticket(live_store, service="A", enforce_limits=False)
    mine = issue_ticket(live_store, service="A", enforce_limits=False)
    phone.goto(f"{web.url}/t/{mine.web_token}")
    expect(phone.get_by_test_id("code")).to_have_text(mine.code)
    expect(phone.get_by_test_id("ahead")).to_have_text("前方等待 2 人")
    expect(phone.locator("#service")).to_have_text("企业养老保险")
    phone.evaluate("window.hallqShown = []")

    hallq(live_store, "call", "next", "--counter", "2")  # the first ticket, not mine
    expect(phone.get_by_test_id("ahead")).to_have_text("前方等待 1 人", timeout=LIVE_MS)
    hallq(live_store, "call", "next", "--counter", "2")
    expect(phone.get_by_test_id("ahead")).to_have_text("下一位就是您", timeout=LIVE_MS)
    hallq(live_store, "call", "next", "--counter", "2")  # mine
    call = phone.get_by_test_id("call")
    expect(call).to_be_visible(timeout=LIVE_MS)
    expect(call).to_have_text("请到2号窗口办理")
    hallq(live_store, "call", "recall", "--counter", "2")
    expect(phone.get_by_test_id("status")).to_have_text("第2次呼叫", timeout=LIVE_MS)
    expect(call).to_have_text("请到2号窗口办理")
    hallq(live_store, "call", "finish", "--counter", "2")
    expect(phone.get_by_test_id("status")).to_have_text("已办结，感谢您的耐心等待", timeout=LIVE_MS)
    expect(call).to_be_hidden()
    # No reload happened: the page kept its own record of every update it showed.
    shown = phone.evaluate("window.hallqShown.map(s => s.status)")
    assert "called" in shown and shown[-1] == "finished"
    assert phone.context.cookies() == []  # nothing that could track


def test_no_show_and_transfer_show_as_they_happen(
    live_store: Store, web: WebServer, phone: Any
) -> None:
    open_counter(live_store, counter=2, clerk="li.wei")
    mine = issue_ticket(live_store, service="A", enforce_limits=False)
    phone.goto(f"{web.url}/t/{mine.web_token}")
    expect(phone.get_by_test_id("ahead")).to_have_text("下一位就是您")
    hallq(live_store, "call", "next", "--counter", "2")
    expect(phone.get_by_test_id("call")).to_have_text("请到2号窗口办理", timeout=LIVE_MS)
    transfer(live_store, counter=2, to_service="B")
    expect(phone.locator("#note")).to_have_text(
        "您的号码已转至「医疗保险」，请继续等候叫号", timeout=LIVE_MS
    )
    expect(phone.locator("#service")).to_have_text("医疗保险")
    open_counter(live_store, counter=3, clerk="wang.fang")
    hallq(live_store, "call", "next", "--counter", "3")
    expect(phone.get_by_test_id("call")).to_have_text("请到3号窗口办理", timeout=LIVE_MS)
    mark_no_show(live_store, counter=3)  # 过号重排: back in line
    expect(phone.locator("#note")).to_have_text(
        "您已过号，已为您重新排队，请留意叫号", timeout=LIVE_MS
    )
    expect(phone.get_by_test_id("status")).to_have_text("排队中")
    hallq(live_store, "call", "next", "--counter", "3")
    expect(phone.get_by_test_id("call")).to_have_text("请到3号窗口办理", timeout=LIVE_MS)
    mark_no_show(live_store, counter=3)  # the hall's one requeue is used: final
    expect(phone.get_by_test_id("status")).to_have_text("已过号", timeout=LIVE_MS)
    expect(phone.locator("#note")).to_contain_text("请咨询导办台")


def test_english_and_large_mode(live_store: Store, web: WebServer, phone: Any) -> None:
    mine = issue_ticket(live_store, service="B", enforce_limits=False)
    phone.goto(f"{web.url}/t/{mine.web_token}")
    expect(phone.get_by_test_id("ahead")).to_have_text("下一位就是您")
    phone.get_by_text("English").click()
    expect(phone.get_by_test_id("ahead")).to_have_text("You are next")
    expect(phone.locator("#service")).to_have_text("Medical insurance")
    size = phone.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    phone.get_by_text("Large text").click()
    large = phone.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert large >= size * 1.3
    phone.reload()  # the choices stay on this phone (local storage, not a cookie)
    expect(phone.get_by_test_id("ahead")).to_have_text("You are next")
    assert phone.evaluate("document.documentElement.classList.contains('large')")
    # 360 px wide: nothing wider than the screen.
    phone.set_viewport_size({"width": 360, "height": 740})
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_wrong_or_old_token_gives_a_plain_page(
    live_store: Store, web: WebServer, phone: Any
) -> None:
    issue_ticket(live_store, service="A", enforce_limits=False)
    for token in ("nope", "x" * 22, "A001", "1"):
        response = phone.goto(f"{web.url}/t/{token}")
        assert response is not None and response.status == 404
        expect(phone.locator("h1")).to_have_text("找不到这张号票")
        assert phone.get_by_test_id("code").count() == 0


def test_board_follows_a_call(live_store: Store, web: WebServer, phone: Any) -> None:
    open_counter(live_store, counter=4, clerk="li.wei")
    ticket = issue_ticket(live_store, service="C", enforce_limits=False)
    phone.goto(f"{web.url}/board?dept=bdc")
    expect(phone.locator("#waiting")).to_contain_text("不动产登记")
    expect(phone.locator("#waiting")).not_to_contain_text("企业养老保险")  # another department
    hallq(live_store, "call", "next", "--counter", "4")
    expect(phone.get_by_test_id("flash")).to_have_text(
        f"请{ticket.code}号到4号窗口办理", timeout=LIVE_MS
    )
    expect(phone.locator("[data-counter='4'] .c")).to_have_text(ticket.code)


def test_booking_in_the_browser_is_checked_in_by_the_kiosk(
    live_store: Store, web: WebServer, phone: Any
) -> None:
    phone.goto(f"{web.url}/book")
    phone.get_by_text("企业养老保险").click()
    first = phone.locator("input[name=slot]:not([disabled])").first
    slot = datetime.fromisoformat(first.get_attribute("value") or "")
    first.check(force=True)
    phone.get_by_test_id("phone").fill("138 0013 8000")
    phone.get_by_test_id("book").click()
    expect(phone.locator("h1")).to_have_text("预约成功")
    code = phone.get_by_test_id("booking-code").inner_text()
    expect(phone.get_by_test_id("booking-state")).to_have_text("已预约")
    assert phone.locator("[data-testid=booking-qr] svg").count() == 1
    # The kiosk's own use case, at the slot's time (the kiosk lets one in 30 minutes early).
    kiosk = Store(live_store.url, clock=ManualClock(slot + timedelta(minutes=1)))
    try:
        checked = check_in(kiosk, booking_code=code)
    finally:
        kiosk.dispose()
    assert checked.ticket.code.startswith("A") and checked.booking_code == code
    phone.reload()
    expect(phone.get_by_test_id("booking-state")).to_have_text("已签到")
    assert phone.get_by_test_id("cancel").count() == 0
    # The same phone cannot book A again that day.
    phone.goto(f"{web.url}/book/A")
    same_day = phone.locator(
        f"input[name=slot][value^='{slot.date().isoformat()}']:not([disabled])"
    )
    if same_day.count():
        same_day.first.check(force=True)
        phone.get_by_test_id("phone").fill("13800138000")
        phone.get_by_test_id("book").click()
        expect(phone.locator(".error")).to_have_text("该手机号当天已预约过此事项。")
