"""The confirmation page: code, service, people ahead, estimated wait, QR and print state."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.services import issue_ticket, open_counter
from tests.kiosk.helpers import take


def test_confirmation_shows_the_whole_ticket(qtbot, sqlite_store, make_kiosk, tmp_path: Path):
    open_counter(sqlite_store, counter=1)
    issue_ticket(sqlite_store, service="A")  # one ahead
    kiosk = make_kiosk(sqlite_store)
    result = take(qtbot, kiosk, "rsj", "A")
    page = kiosk.window.confirm
    assert result.ok and page.code.text() == "A002"
    assert page.service.text() == "企业养老保险"
    assert page.ahead.text() == "前方等待 1 人"
    assert page.est.text().startswith("预计等待约")
    assert page.print_state.text() == "请取走号票，留意叫号"
    pixmap = page.qr.pixmap()
    assert not pixmap.isNull() and pixmap.width() == page.QR_SIDE  # drawn once printed
    code_font = page.code.font().pixelSize()
    assert code_font >= 3 * page.service.font().pixelSize()  # the code is what stands out
    png = tmp_path / "confirm.png"
    assert kiosk.window.grab().save(str(png))


@pytest.mark.parametrize("page", ["confirm", "checkin"])
def test_screenshot_command_shows_a_page(qtbot, sqlite_store, tmp_path: Path, page: str) -> None:
    from PIL import Image

    from kiosk.app import KioskSettings, build
    from kiosk.screenshot import screenshot

    open_counter(sqlite_store, counter=1)
    png, tickets = tmp_path / f"{page}.png", tmp_path / "tickets.bin"
    kiosk = build(
        KioskSettings(
            store=sqlite_store,
            printer_url=f"file://{tickets}",
            fullscreen=False,
            feed=False,
            speech=False,
        )
    )
    qtbot.addWidget(kiosk.window)
    assert screenshot(kiosk, png, page) == 0
    if page == "confirm":
        assert b"A001" in tickets.read_bytes()  # a real ticket, really printed
    else:
        assert not tickets.exists()
    with Image.open(png) as image:
        assert image.size == (1080, 1920)
