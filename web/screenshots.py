"""`python -m web.screenshots [FOLDER]`: the phone pages of docs/web.md, taken in chromium.

A throwaway demo store, hallq-web on a free port, a 390x844 phone (device scale 2):
a waiting ticket, the same ticket called, a booking, the board and a 长辈-mode ticket.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import expect, sync_playwright

    from shared.config.hallfile import load_hall_file
    from shared.services import call_next, issue_ticket, open_counter
    from shared.services.booking import book, free_slots
    from shared.store.apply import apply_hall
    from shared.store.db import Store
    from shared.store.migrate import upgrade
    from web.server import BackgroundServer as WebServer

    folder = Path((argv or sys.argv[1:] or [str(ROOT / "docs" / "img")])[0])
    with tempfile.TemporaryDirectory() as work:
        store = Store(f"sqlite:///{work}/shots.sqlite")
        upgrade(store)
        spec = load_hall_file(ROOT / "assets" / "demo-hall.toml")
        apply_hall(store, spec)
        for n in (3, 4, 5):
            open_counter(store, counter=n, clerk=None)
        for _ in range(7):
            issue_ticket(store, service="company-new", enforce_limits=False)
        call_next(store, counter=3)
        call_next(store, counter=4)
        mine = issue_ticket(store, service="company-new", enforce_limits=False)
        for _ in range(3):
            issue_ticket(store, service="estate-transfer", enforce_limits=False)
        slot = next(s for day in free_slots(store, "notary").values() for s in day if s.free)
        _code, token = book(store, service="notary", slot_start=slot.start, phone="13800138000")
        with WebServer(store) as web, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM)
            phone = browser.new_context(
                viewport={"width": 390, "height": 844},
                locale="zh-CN",
                device_scale_factor=2,
                is_mobile=True,
                has_touch=True,
            )
            page = phone.new_page()
            page.goto(f"{web.url}/t/{mine.web_token}")
            expect(page.get_by_test_id("ahead")).to_contain_text("前方等待")
            page.screenshot(path=folder / "web-ticket-waiting.png")
            for _ in range(5):
                call_next(store, counter=5)
                from shared.services import finish

                finish(store, counter=5)
            call_next(store, counter=5)
            expect(page.get_by_test_id("call")).to_be_visible(timeout=10_000)
            time.sleep(3.5)  # the flash ends
            page.screenshot(path=folder / "web-ticket-called.png")
            page.get_by_role("button", name="长辈模式").click()
            page.screenshot(path=folder / "web-ticket-elder.png")
            page.get_by_role("button", name="长辈模式").click()
            page.goto(f"{web.url}/b/{token}?new=1")
            page.screenshot(path=folder / "web-booking.png", full_page=True)
            page.goto(f"{web.url}/book/estate-transfer")
            page.screenshot(path=folder / "web-booking-slots.png")
            page.goto(f"{web.url}/board")
            expect(page.get_by_test_id("flash")).to_contain_text("号窗口")
            time.sleep(3.5)
            page.screenshot(path=folder / "web-board.png")
            browser.close()
        store.dispose()
    print(f"screenshots in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
