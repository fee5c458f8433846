"""The phone pages' HTML: small, server-built, no third-party scripts, no cookies."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

import qrcode
import qrcode.image.svg

from shared.services.booking import BookingView, Slot
from shared.services.phone import HallPage
from web.texts import t

WEEKDAYS = {"zh": "一二三四五六日", "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}


def shell(
    lang: str,
    title: str,
    body: str,
    *,
    script: str = "",
    init: Any = None,
    other_lang_href: str = "",
    hall: HallPage | None = None,
) -> str:
    """A whole page: viewport for phones, our stylesheet, the zh/en switch."""
    data = ""
    if init is not None:
        # A JSON data block is not executed; '</' is escaped so it cannot close the tag.
        text = json.dumps(init, ensure_ascii=False).replace("</", "<\\/")
        data = f'<script type="application/json" id="init">{text}</script>'
    js = f'<script src="/static/{script}" defer></script>' if script else ""
    switch = (
        (
            f'<a class="lang" href="{escape(other_lang_href)}" data-lang-switch>'
            f"{t(lang, 'lang_other')}</a>"
        )
        if other_lang_href
        else ""
    )
    hall_name = _name(lang, hall.name, hall.name_en) if hall else ""
    return f"""<!doctype html>
<html lang="{"en" if lang == "en" else "zh-CN"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{escape(title)}</title>
<link rel="stylesheet" href="/static/app.css">
{data}{js}
</head>
<body>
<header class="top"><span class="hall" id="hall-name">{hall_name}</span>{switch}</header>
<main>
{body}
</main>
</body>
</html>
"""


def ticket_page(lang: str, hall: HallPage, token: str, view: dict[str, Any]) -> str:
    """The live ticket page; ticket.js renders the view and every update."""
    init = {
        "lang": lang,
        "token": token,
        "view": view,
        "hall": hall.name,
        "hall_en": hall.name_en or hall.name,
        "notice": hall.notice,
        "notice_en": hall.notice_en or hall.notice,
    }
    body = """
<section class="card" id="ticket">
  <div class="label" id="service"></div>
  <div class="code" id="code" data-testid="code"></div>
  <div class="status" id="status" data-testid="status" aria-live="assertive"></div>
  <div class="call" id="call" data-testid="call" hidden></div>
  <div class="ahead" id="ahead" data-testid="ahead"></div>
  <div class="est" id="est"></div>
  <div class="note" id="note" aria-live="polite"></div>
</section>
<nav class="tools">
  <button type="button" id="large" aria-pressed="false"></button>
  <button type="button" id="sound" aria-pressed="false"></button>
</nav>
<p class="notice" id="notice"></p>
<p class="live" id="live"></p>
<p class="links"><a id="board-link" href="/board"></a></p>
"""
    return shell(
        lang,
        t(lang, "ticket_title"),
        body,
        script="ticket.js",
        init=init,
        other_lang_href="?lang=" + ("zh" if lang == "en" else "en"),
        hall=hall,
    )


def board_page(lang: str, hall: HallPage, department: str) -> str:
    """The hall board, optionally one department's; board.js keeps it live."""
    init = {
        "lang": lang,
        "department": department,
        "hall": hall.name,
        "hall_en": hall.name_en or hall.name,
        "departments": [{"code": c, "name": n, "name_en": e or n} for c, n, e in hall.departments],
    }
    body = """
<nav class="depts" id="depts"></nav>
<section class="flash" id="flash" data-testid="flash" aria-live="assertive"></section>
<h2 id="h-counters"></h2>
<ul class="counters" id="counters" data-testid="counters"></ul>
<h2 id="h-recent"></h2>
<ol class="recent" id="recent" data-testid="recent"></ol>
<h2 id="h-waiting"></h2>
<table class="waiting" id="waiting"></table>
<p class="live" id="live"></p>
"""
    query = f"dept={department}&" if department else ""
    return shell(
        lang,
        t(lang, "board_title"),
        body,
        script="board.js",
        init=init,
        other_lang_href=f"?{query}lang=" + ("zh" if lang == "en" else "en"),
        hall=hall,
    )


def plain_page(lang: str, title: str, message: str) -> str:
    """A plain answer (a wrong or expired link): never anyone else's ticket."""
    return shell(
        lang,
        title,
        f'<section class="card plain"><h1>{escape(title)}</h1><p>{escape(message)}</p></section>',
    )


def _name(lang: str, name: str, name_en: str) -> str:
    return escape(name_en or name) if lang == "en" else escape(name)


def services_page(lang: str, hall: HallPage, services: Iterable[tuple[str, str, str]]) -> str:
    """/book: the bookable services."""
    items = "".join(
        f'<li><a class="button" href="/book/{escape(code)}?lang={lang}">'
        f"{_name(lang, name, name_en)}</a></li>"
        for code, name, name_en in services
    )
    body = (
        f'<h1>{t(lang, "choose_service")}</h1><ul class="choices">{items}</ul>'
        if items
        else f"<p>{t(lang, 'no_bookable')}</p>"
    )
    return shell(
        lang,
        t(lang, "book_title"),
        body,
        other_lang_href="?lang=" + ("zh" if lang == "en" else "en"),
        hall=hall,
    )


def _day_label(lang: str, day: date, today: date) -> str:
    week = WEEKDAYS["en" if lang == "en" else "zh"][day.weekday()]
    if lang == "en":
        label = f"{week} {day:%d %b}"
        return f"{t(lang, 'today')}, {label}" if day == today else label
    label = f"{day.month}月{day.day}日 周{week}"
    return f"{t(lang, 'today')} {label}" if day == today else label


def slots_page(
    lang: str,
    hall: HallPage,
    service: tuple[str, str, str],
    days: dict[date, list[Slot]],
    today: date,
    *,
    error: str = "",
    phone: str = "",
) -> str:
    """/book/{service}: free slots by day, the phone number, one button."""
    code, name, name_en = service
    tz = ZoneInfo(hall.timezone)
    groups = []
    for day, slots in days.items():
        if not slots:
            continue
        cells = []
        for slot in slots:
            local = slot.start.astimezone(tz)
            value = escape(slot.start.isoformat())
            free = t(lang, "free", n=slot.free) if slot.free > 0 else t(lang, "full")
            disabled = "" if slot.free > 0 else " disabled"
            cells.append(
                f'<label class="slot{" full" if not slot.free else ""}">'
                f'<input type="radio" name="slot" value="{value}" required{disabled}>'
                f'<span class="time">{local:%H:%M}</span><span class="free">{free}</span></label>'
            )
        groups.append(
            f"<fieldset><legend>{_day_label(lang, day, today)}</legend>{''.join(cells)}</fieldset>"
        )
    error_html = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    if not groups:
        form = f"<p>{t(lang, 'no_slots')}</p>"
    else:
        form = f"""<form method="post" action="/book/{escape(code)}?lang={lang}" class="book">
<h2>{t(lang, "choose_slot")}</h2>
{"".join(groups)}
<label class="phone">{t(lang, "phone")}
<input type="tel" name="phone" inputmode="numeric" autocomplete="tel" maxlength="20"
 required value="{escape(phone)}" data-testid="phone"></label>
<p class="hint">{t(lang, "phone_hint")}</p>
<button type="submit" class="button primary" data-testid="book">{t(lang, "submit")}</button>
</form>"""
    body = f"<h1>{_name(lang, name, name_en)}</h1>{error_html}{form}"
    return shell(
        lang,
        t(lang, "book_title"),
        body,
        other_lang_href="?lang=" + ("zh" if lang == "en" else "en"),
        hall=hall,
    )


def qr_svg(text: str) -> str:
    """A QR code as inline SVG (no image request, no third party)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg: bytes = image.to_string()
    return svg.decode().split("?>", 1)[-1]


def booking_page(
    lang: str, hall: HallPage, token: str, booking: BookingView, *, fresh: bool = False
) -> str:
    """/b/{token}: the booking code, its QR for the kiosk, the slot and a cancel button."""
    tz = ZoneInfo(hall.timezone)
    start = booking.slot_start.astimezone(tz)
    end = booking.slot_end.astimezone(tz)
    state = t(lang, f"state_{booking.state}")
    head = t(lang, "booked") if fresh else t(lang, "book_title")
    qr = qr_svg(booking.booking_code) if booking.state == "booked" else ""
    cancel = ""
    if booking.state == "booked":
        cancel = (
            f'<form method="post" action="/b/{escape(token)}/cancel?lang={lang}">'
            f'<button type="submit" class="button" data-testid="cancel">'
            f"{t(lang, 'cancel')}</button></form>"
        )
    body = f"""<section class="card booking">
<h1>{head}</h1>
<div class="label">{t(lang, "booking_code")}</div>
<div class="code" data-testid="booking-code">{escape(booking.booking_code)}</div>
<div class="qr" data-testid="booking-qr">{qr}</div>
<dl>
<dt>{t(lang, "service")}</dt><dd>{_name(lang, booking.service_name, booking.service_name_en)}</dd>
<dt>{t(lang, "slot")}</dt><dd>{start:%Y-%m-%d %H:%M}–{end:%H:%M}</dd>
<dt></dt><dd class="state" data-testid="booking-state">{state}</dd>
</dl>
<p class="hint">{t(lang, "checkin_hint") if booking.state == "booked" else ""}</p>
<p class="hint">{t(lang, "keep_link")}</p>
</section>
{cancel}"""
    return shell(
        lang,
        t(lang, "book_title"),
        body,
        other_lang_href="?lang=" + ("zh" if lang == "en" else "en"),
        hall=hall,
    )
