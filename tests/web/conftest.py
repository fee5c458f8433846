"""hallq-web under test: a live store (system clock), the server on a free port, chromium."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import time as clock_time
from typing import Any

import pytest

from shared.config.spec import Hours, WebhookSpec, WebSpec
from shared.store.apply import apply_hall
from shared.store.db import Store
from tests.conftest import IN_CI
from tests.factories import small_hall
from web.server import BackgroundServer

CHROMIUM = os.environ.get("HALLQ_CHROMIUM", "/usr/bin/chromium")
ALL_WEEK = Hours(days=(1, 2, 3, 4, 5, 6, 7), periods=((clock_time(0, 0), clock_time(23, 59)),))


def web_hall(webhooks: tuple[WebhookSpec, ...] = (), **web: Any) -> Any:
    """The small test hall, open all week, A and C bookable from the phone."""
    spec = small_hall(hours=ALL_WEEK)
    services = tuple(
        replace(s, phone_booking=s.code in ("A", "C"), hours=None) for s in spec.services
    )
    settings = {
        "web_base": "http://127.0.0.1",
        "slot_minutes": 30,
        "slot_capacity": 2,
        "booking_lead_minutes": 0,
        "notify_ahead": 2,
        **web,
    }
    return replace(spec, services=services, web=WebSpec(webhooks=webhooks, **settings))


WebServer = BackgroundServer


@pytest.fixture
def live_store(db_url: str) -> Iterator[Store]:
    """The web test hall on each backend, on the real clock (the CLI's clock too)."""
    store = Store(db_url)
    apply_hall(store, web_hall())
    yield store
    store.dispose()


@pytest.fixture
def web(live_store: Store) -> Iterator[WebServer]:
    with WebServer(live_store) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium driven by Playwright (its own browser download is not used)."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if IN_CI:
            pytest.fail(f"CI=true but no chromium at {CHROMIUM}: `make install` adds it")
        pytest.skip(f"no chromium at {CHROMIUM}: run `make install`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A fresh phone: 390x844, Chinese, touch, no stored state."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="zh-CN",
        has_touch=True,
        is_mobile=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    yield page
    context.close()
