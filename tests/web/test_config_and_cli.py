"""[web] in the hall file, the QR that opens the ticket page, and `hallq web serve`."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time

import httpx
import pytest

from shared.config.errors import HallFileError
from shared.config.hallfile import parse_hall_text
from shared.services import issue_ticket
from shared.services.printing import printable, printer_settings
from shared.store.db import Store
from tests.config.hall_texts import BASE as MINIMAL

WEB_OK = """
[web]
web_base = "https://q.example.gov.cn"
notify_ahead = 2
[[web.webhooks]]
name = "sms"
url = "https://sms.example.gov.cn/hook"
secret = "0123456789abcdef0123"
events = ["ticket.near"]
"""


def test_web_table_parses() -> None:
    spec = parse_hall_text(MINIMAL + WEB_OK)
    assert spec.web.web_base == "https://q.example.gov.cn" and spec.web.notify_ahead == 2
    assert spec.web.webhooks[0].events == ("ticket.near",)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('[web]\nweb_base = "q.example.gov.cn"', "web_base must be an http(s) URL"),
        ('[web]\nweb_base = "https://q.example.gov.cn/"', "must not end in '/'"),
        ("[web]\nnotify_ahead = -1", "notify_ahead must be an integer from 0 to 50"),
        ('[web]\ntrusted_proxies = ["proxy"]', "a trusted proxy must be an IP address"),
        (
            '[web]\n[[web.webhooks]]\nname = "sms"\nurl = "https://x.cn/h"\nsecret = "short"',
            "secret must be at least 16 characters",
        ),
        (
            '[web]\n[[web.webhooks]]\nname = "sms"\nurl = "https://x.cn/h"\n'
            'secret = "0123456789abcdef"\nevents = ["ticket.eaten"]',
            "event must be one of",
        ),
    ],
)
def test_web_table_errors_name_the_line(extra: str, message: str) -> None:
    with pytest.raises(HallFileError, match=r"<string>:(1[6-9]|2\d): .*" + re.escape(message)):
        parse_hall_text(MINIMAL + "\n" + extra)


def test_phone_booking_needs_web_base() -> None:
    text = MINIMAL.replace('case_class = "', 'phone_booking = true\ncase_class = "', 1)
    with pytest.raises(HallFileError, match="take phone bookings but \\[web\\] has no web_base"):
        parse_hall_text(text)


def test_ticket_qr_opens_its_page(live_store: Store) -> None:
    info = issue_ticket(live_store, service="A", enforce_limits=False)
    assert info.web_token and len(info.web_token) >= 22  # 128 random bits
    ticket = printable(info, printer_settings(live_store))
    assert ticket.qr_text == f"http://127.0.0.1/t/{info.web_token}"
    other = issue_ticket(live_store, service="A", enforce_limits=False)
    assert other.web_token != info.web_token


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_hallq_web_serve_runs_the_service(live_store: Store) -> None:
    port = _port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "shared.cli.main",
            "web",
            "serve",
            "--db",
            live_store.url,
            "--bind",
            f"127.0.0.1:{port}",
        ],
        env={**os.environ, "PYTHONPATH": "."},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/board", timeout=2)
                break
            except httpx.HTTPError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stderr
                time.sleep(0.2)
        assert answer.status_code == 200 and "大厅叫号" in answer.text
    finally:
        proc.terminate()
        proc.wait(10)
    bad = subprocess.run(
        [sys.executable, "-m", "shared.cli.main", "web", "serve", "--bind", "nowhere"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": "."},
    )
    assert bad.returncode == 2 and "HOST:PORT" in bad.stderr
