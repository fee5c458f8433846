"""The hall file's [web] table: the citizen's phone (hallq-web), bookings and webhooks."""

from __future__ import annotations

import ipaddress
import re
from typing import Any
from urllib.parse import urlsplit

from shared.config.lists import claim, tables_of
from shared.config.locator import Path
from shared.config.reader import Issues, Table
from shared.config.spec import WEBHOOK_EVENTS, WebhookSpec, WebSpec

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")


def check_base(url: str) -> str | None:
    """A problem with `web_base`, or None (empty: no ticket URL in the QR)."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"web_base must be an http(s) URL such as 'https://q.example.gov.cn', got '{url}'"
    if url.endswith("/") or parts.query or parts.fragment:
        return f"web_base must not end in '/' or carry ?query or #fragment, got '{url}'"
    return None


def parse_web(issues: Issues, data: dict[str, Any]) -> WebSpec:
    """[web] and its [[web.webhooks]]."""
    d = WebSpec()
    table = Table(
        issues,
        ("web",),
        data,
        (
            "web_base",
            "notify_ahead",
            "booking_days",
            "slot_minutes",
            "slot_capacity",
            "booking_lead_minutes",
            "bookings_per_phone",
            "address_per_hour",
            "phone_per_day",
            "trusted_proxies",
            "webhooks",
            "webhook_give_up_hours",
        ),
    )
    base = table.text("web_base")
    problem = check_base(base)
    if problem:
        issues.add(table.at("web_base"), problem)
    slot = table.integer("slot_minutes", d.slot_minutes, low=5, high=240)
    proxies = table.text_list("trusted_proxies")
    for i, addr in enumerate(proxies or []):
        try:
            ipaddress.ip_network(addr, strict=False)
        except ValueError:
            issues.add(
                (*table.at("trusted_proxies"), i),
                f"a trusted proxy must be an IP address or network, got '{addr}'",
            )
    return WebSpec(
        web_base=base,
        notify_ahead=table.integer("notify_ahead", d.notify_ahead, low=0, high=50),
        booking_days=table.integer("booking_days", d.booking_days, low=1, high=30),
        slot_minutes=slot,
        slot_capacity=table.integer("slot_capacity", d.slot_capacity, low=1, high=1000),
        booking_lead_minutes=table.integer(
            "booking_lead_minutes", d.booking_lead_minutes, low=0, high=24 * 60
        ),
        bookings_per_phone=table.integer(
            "bookings_per_phone", d.bookings_per_phone, low=1, high=10
        ),
        address_per_hour=table.integer("address_per_hour", d.address_per_hour, low=1, high=10000),
        phone_per_day=table.integer("phone_per_day", d.phone_per_day, low=1, high=100),
        trusted_proxies=tuple(proxies) if proxies is not None else d.trusted_proxies,
        webhooks=tuple(_webhooks(issues, data)),
        webhook_give_up_hours=table.integer(
            "webhook_give_up_hours", d.webhook_give_up_hours, low=1, high=24 * 14
        ),
    )


def _webhooks(issues: Issues, data: dict[str, Any]) -> list[WebhookSpec]:
    out: list[WebhookSpec] = []
    names: dict[Any, Path] = {}
    for path, item in tables_of(issues, data, "webhooks"):
        path = ("web", *path)
        table = Table(issues, path, item, ("name", "url", "secret", "events"))
        name = table.text("name", required=True)
        if table.has("name") and not _NAME.fullmatch(name):
            issues.add(
                table.at("name"),
                f"name must be 1-32 lower-case letters, digits, '_' or '-', got '{name}'",
            )
        elif name:
            claim(issues, names, name, table.at("name"), f"webhook name '{name}'")
        url = table.text("url", required=True)
        parts = urlsplit(url)
        if table.has("url") and (parts.scheme not in ("http", "https") or not parts.netloc):
            issues.add(table.at("url"), f"url must be an http(s) URL, got '{url}'")
        secret = table.text("secret", required=True)
        if table.has("secret") and len(secret) < 16:
            issues.add(
                table.at("secret"),
                "secret must be at least 16 characters (the receiver "
                "checks each POST's HMAC-SHA256 signature with it)",
            )
        events = table.text_list("events")
        for i, kind in enumerate(events or []):
            if kind not in WEBHOOK_EVENTS:
                issues.add(
                    (*table.at("events"), i),
                    f"event must be one of {', '.join(WEBHOOK_EVENTS)}, got '{kind}'",
                )
        if events is not None and not events:
            issues.add(table.at("events"), "events must list at least one event kind")
        out.append(
            WebhookSpec(
                name=name,
                url=url,
                secret=secret,
                events=tuple(events) if events else WebhookSpec.events,
            )
        )
    return out
