"""The phone pages' words in Chinese and English (the pages' own zh/en switch)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "ticket_title": "我的排队号",
        "board_title": "大厅叫号",
        "book_title": "网上预约",
        "not_found_title": "找不到这张号票",
        "not_found": "这个链接无效或已过期（号票只在领取当天有效）。请扫描号票上的二维码，"
        "或到取号机重新取号。",
        "booking_not_found": "这个预约链接无效。",
        "choose_service": "请选择预约事项",
        "no_bookable": "本大厅暂不提供网上预约。",
        "choose_slot": "请选择时段",
        "free": "余{n}个",
        "full": "已约满",
        "phone": "手机号码",
        "phone_hint": "仅用于限制重复预约，不会显示或外传",
        "submit": "确认预约",
        "booked": "预约成功",
        "booking_code": "预约码",
        "checkin_hint": "请在预约时段前30分钟内到大厅取号机“预约签到”，扫描此二维码或输入预约码。",
        "slot": "预约时段",
        "service": "事项",
        "state_booked": "已预约",
        "state_checked_in": "已签到",
        "state_cancelled": "已取消",
        "cancel": "取消预约",
        "cancelled_done": "预约已取消",
        "keep_link": "请保存本页链接，凭它可查看或取消预约。",
        "no_slots": "近期没有可预约的时段。",
        "back": "返回",
        "err_bad_phone": "请输入正确的11位手机号码。",
        "err_not_bookable": "该事项不提供网上预约。",
        "err_no_slot": "该时段已不可预约，请重新选择。",
        "err_full": "该时段已约满，请选择其他时段。",
        "err_quota": "当天名额已满，请选择其他日期。",
        "err_phone_limit": "该手机号当天已预约过此事项。",
        "err_rate": "操作过于频繁，请稍后再试。",
        "today": "今天",
        "lang_other": "English",
        "board_link": "大厅叫号",
        "all_departments": "全部部门",
    },
    "en": {
        "ticket_title": "My ticket",
        "board_title": "Hall board",
        "book_title": "Book online",
        "not_found_title": "Ticket not found",
        "not_found": "This link is wrong or has expired (a ticket is valid on the day it was "
        "taken). Scan the QR code on your ticket, or take a new one at the kiosk.",
        "booking_not_found": "This booking link is not valid.",
        "choose_service": "Choose a service",
        "no_bookable": "This hall takes no online bookings.",
        "choose_slot": "Choose a time",
        "free": "{n} free",
        "full": "full",
        "phone": "Mobile number",
        "phone_hint": "Only used to limit repeat bookings; never shown or passed on",
        "submit": "Book",
        "booked": "Booked",
        "booking_code": "Booking code",
        "checkin_hint": "Within 30 minutes before your time, check in at the kiosk "
        "(预约签到): scan this QR code or type the booking code.",
        "slot": "Time",
        "service": "Service",
        "state_booked": "booked",
        "state_checked_in": "checked in",
        "state_cancelled": "cancelled",
        "cancel": "Cancel booking",
        "cancelled_done": "Booking cancelled",
        "keep_link": "Keep this page's link to see or cancel your booking.",
        "no_slots": "No times can be booked in the coming days.",
        "back": "Back",
        "err_bad_phone": "Enter a valid 11-digit mobile number.",
        "err_not_bookable": "This service takes no online bookings.",
        "err_no_slot": "That time can no longer be booked; choose again.",
        "err_full": "That time is fully booked; choose another.",
        "err_quota": "That day is fully booked; choose another day.",
        "err_phone_limit": "This phone has already booked this service that day.",
        "err_rate": "Too many attempts; please try again later.",
        "today": "Today",
        "lang_other": "中文",
        "board_link": "Hall board",
        "all_departments": "All departments",
    },
}


def lang_of(value: str | None) -> str:
    """'en' when asked for, else Chinese."""
    return "en" if value == "en" else "zh"


def t(lang: str, key: str, **kw: object) -> str:
    text = TEXTS[lang_of(lang)][key]
    return text.format(**kw) if kw else text
