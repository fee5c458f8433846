"""The hall file's single tables: [hall], [dispatch], [printer], [screens], [announce], ..."""

from __future__ import annotations

import re
import zoneinfo
from typing import Any

from shared.config.local import (
    ENV_PORTS,
    LocalDevices,
    LocalSettingsError,
    devices_file,
    load_local_devices,
)
from shared.config.locator import Path
from shared.config.reader import Issues, Table
from shared.config.spec import (
    SPEECH_ENGINES,
    AnnounceSpec,
    DeviceSpec,
    DispatchRules,
    KioskSpec,
    LoginRules,
    PrinterSpec,
    PriorityLane,
    RatingSpec,
)
from shared.config.values import (
    STANDARD_BAUDRATES,
    check_printer_url,
    check_template,
    parse_periods,
)

CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")
CODE_HELP = "1-32 ASCII letters, digits, '_', '.' or '-', starting with a letter or digit"
_PIN = re.compile(r"\d{4,8}")


def check_code(table: Table, key: str) -> str:
    """A required identifier (hall, department or service code)."""
    code = table.text(key, required=True)
    if code and not CODE.fullmatch(code):
        table.issues.add(table.at(key), f"{key} must be {CODE_HELP}, got '{code}'")
    return code


def need_text(table: Table, key: str) -> str:
    """A required, non-blank string."""
    value = table.text(key, required=True)
    if table.has(key) and isinstance(table.data[key], str) and not value.strip():
        table.issues.add(table.at(key), f"{key} must not be empty")
    return value


def parse_hall_head(issues: Issues, data: dict[str, Any]) -> dict[str, Any]:
    """[hall]: code, names, timezone, number width, notice, as HallSpec keyword arguments."""
    table = Table(
        issues,
        ("hall",),
        data,
        ("code", "name", "name_en", "timezone", "number_width", "notice", "notice_en"),
    )
    timezone = table.text("timezone", "Asia/Shanghai")
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        issues.add(
            table.at("timezone"),
            f"timezone must be an IANA time zone such as 'Asia/Shanghai', got '{timezone}'",
        )
    return {
        "code": check_code(table, "code"),
        "name": need_text(table, "name"),
        "name_en": table.text("name_en"),
        "timezone": timezone,
        "number_width": table.integer("number_width", 3, low=2, high=6),
        "notice": table.text("notice"),
        "notice_en": table.text("notice_en"),
    }


def refused_here(url: str) -> str | None:
    """Why this PC's device rules would refuse printer `url` (None: it would use it)."""
    from shared.printing.policy import refusal

    try:
        local = load_local_devices()
    except LocalSettingsError:
        local = LocalDevices()
    why = refusal(url, local)
    return None if why is None else f"printer URL '{url}' would be refused: {why}"


def parse_dispatch(issues: Issues, data: dict[str, Any]) -> DispatchRules:
    """[dispatch]: the hall's calling rules."""
    d = DispatchRules()
    table = Table(
        issues,
        ("dispatch",),
        data,
        (
            "priority_streak_limit",
            "recall_limit",
            "requeue_places",
            "requeue_limit",
            "transfer_keeps_place",
        ),
    )
    return DispatchRules(
        priority_streak_limit=table.integer(
            "priority_streak_limit", d.priority_streak_limit, low=1
        ),
        recall_limit=table.integer("recall_limit", d.recall_limit, low=0, high=10),
        requeue_places=table.integer("requeue_places", d.requeue_places, low=1),
        requeue_limit=table.integer("requeue_limit", d.requeue_limit, low=0, high=10),
        transfer_keeps_place=table.flag("transfer_keeps_place", d.transfer_keeps_place),
    )


def parse_login(issues: Issues, data: dict[str, Any]) -> LoginRules:
    """[login]: how many wrong passwords lock a clerk's login, and for how long."""
    d = LoginRules()
    table = Table(issues, ("login",), data, ("max_failures", "lock_minutes"))
    return LoginRules(
        max_failures=table.integer("max_failures", d.max_failures, low=1, high=100),
        lock_minutes=table.number(
            "lock_minutes", d.lock_minutes, low=0, high=24 * 60, low_open=True
        ),
    )


def parse_printer(issues: Issues, data: dict[str, Any]) -> PrinterSpec:
    """[printer]: where tickets go and what they carry."""
    d = PrinterSpec()
    table = Table(issues, ("printer",), data, ("url", "paper_mm", "qr", "qr_text", "notice"))
    url = table.text("url", d.url)
    if table.has("url"):
        problem = check_printer_url(url) or refused_here(url)
        if problem:
            issues.add(table.at("url"), problem)
        else:
            issues.warn(
                table.at("url"),
                "printer.url is no longer read from the hall file: "
                "where a kiosk prints is that PC's own setting (printer in its "
                f"devices file {devices_file()}, $HALLQ_PRINTER or --printer); "
                "remove it here",
            )
        url = d.url
    paper = table.integer("paper_mm", d.paper_mm)
    if paper not in (80, 58):
        issues.add(table.at("paper_mm"), f"paper_mm must be 80 or 58, got {paper}")
    qr_text = table.text("qr_text", d.qr_text)
    problem = check_template(qr_text, (), ("code", "service", "day", "ticket_id"))
    if problem:
        issues.add(table.at("qr_text"), problem)
    return PrinterSpec(
        url=url,
        paper_mm=paper,
        qr=table.choice("qr", d.qr, ("native", "image", "none")),
        qr_text=qr_text,
        notice=table.text("notice"),
    )


def parse_device(issues: Issues, path: Path, data: dict[str, Any]) -> DeviceSpec:
    """A serial device table: port, baudrate, type, address."""
    table = Table(issues, path, data, ("port", "baudrate", "type", "address"))
    table.text("port")
    if table.has("port"):
        kind = str(path[-1])
        variable = ENV_PORTS.get(kind, "HALLQ_KEYPAD_PORT")
        issues.warn(
            table.at("port"),
            f"{kind}.port is no longer read from the hall file: "
            f"which serial port a PC opens is its own setting ({kind} in its devices "
            f"file {devices_file()}, or ${variable}); remove it here",
        )
    port = ""
    baudrate = table.integer("baudrate", 9600)
    if baudrate not in STANDARD_BAUDRATES:
        issues.add(
            table.at("baudrate"),
            f"baudrate must be one of {', '.join(map(str, STANDARD_BAUDRATES))}, got {baudrate}",
        )
    kind = table.text("type", "hallq")
    if not kind.strip():
        issues.add(table.at("type"), "type must name the device's frame format, e.g. 'hallq'")
    return DeviceSpec(
        port=port,
        baudrate=baudrate,
        type=kind,
        address=table.integer("address", 0, low=0, high=255),
    )


def parse_announce(issues: Issues, data: dict[str, Any]) -> AnnounceSpec:
    """[announce]: what the hall speaks when a ticket is called."""
    d = AnnounceSpec()
    table = Table(
        issues,
        ("announce",),
        data,
        (
            "template_zh",
            "template_en",
            "languages",
            "repeat",
            "volume",
            "rate",
            "voice",
            "read_one_as_yao",
            "quiet_hours",
            "engines",
            "voice_pack",
            "english_once",
            "template_zh_repeat",
            "shorten_when_waiting",
            "shorten_after_s",
            "skip_after_s",
        ),
    )
    templates = {}
    for key, default in (
        ("template_zh", d.template_zh),
        ("template_en", d.template_en),
        ("template_zh_repeat", ""),
    ):
        templates[key] = table.text(key, default)
        if key == "template_zh_repeat" and not templates[key]:
            continue
        problem = check_template(templates[key], ("code", "counter"), ("code", "counter"))
        if problem:
            issues.add(table.at(key), problem)
    languages = table.text_list("languages")
    if languages is not None:
        bad = [lang for lang in languages if lang not in ("zh", "en")]
        if bad or not languages or len(set(languages)) != len(languages):
            issues.add(
                table.at("languages"),
                f"languages must list 'zh' and/or 'en' once each, got {languages}",
            )
    voice = table.text("voice", d.voice)
    if not voice.strip():
        issues.add(table.at("voice"), "voice must name a voice, e.g. 'sit/cmn-latn-pinyin'")
    quiet = parse_periods(table, "quiet_hours", allow_empty=True)
    engines = _parse_engines(table)
    voice_pack = table.text("voice_pack")
    if table.has("voice_pack") and isinstance(data["voice_pack"], str) and not voice_pack.strip():
        issues.add(
            table.at("voice_pack"),
            "voice_pack must name a folder, e.g. 'voice-pack' "
            "(in hallq's data directory) or '/opt/hallq/voice-pack'; or leave it out",
        )
    if "pack" in engines and not voice_pack.strip():
        issues.add(table.at("engines"), "engines lists 'pack' but no voice_pack folder is set")
    shorten_after = table.integer("shorten_after_s", d.shorten_after_s, low=0, high=600)
    skip_after = table.integer("skip_after_s", d.skip_after_s, low=5, high=3600)
    if skip_after <= shorten_after:
        issues.add(
            table.at("skip_after_s"),
            f"skip_after_s ({skip_after}) must be more than "
            f"shorten_after_s ({shorten_after}): a late call is first said once, "
            "then skipped",
        )
    return AnnounceSpec(
        template_zh=templates["template_zh"],
        template_en=templates["template_en"],
        languages=tuple(languages) if languages else d.languages,
        repeat=table.integer("repeat", d.repeat, low=1, high=5),
        volume=table.number("volume", d.volume, low=0.0, high=1.0),
        rate=table.integer("rate", d.rate, low=80, high=450),
        voice=voice,
        read_one_as_yao=table.flag("read_one_as_yao", d.read_one_as_yao),
        quiet_hours=quiet or (),
        engines=engines,
        voice_pack=voice_pack,
        english_once=table.flag("english_once", d.english_once),
        template_zh_repeat=templates["template_zh_repeat"],
        shorten_when_waiting=table.flag("shorten_when_waiting", d.shorten_when_waiting),
        shorten_after_s=shorten_after,
        skip_after_s=skip_after,
    )


def _parse_engines(table: Table) -> tuple[str, ...]:
    """[announce] engines: speech engines in the order to try them, each once."""
    engines = table.text_list("engines")
    if engines is None:
        return ()
    bad = [e for e in engines if e not in SPEECH_ENGINES]
    if bad or not engines or len(set(engines)) != len(engines):
        table.issues.add(
            table.at("engines"),
            "engines must list some of "
            f"{', '.join(repr(e) for e in SPEECH_ENGINES)} once each, in the order "
            f"to try them, got {engines}",
        )
        return ()
    return tuple(engines)


def parse_rating(issues: Issues, data: dict[str, Any]) -> RatingSpec:
    """[rating]: the rating pad's timeout and the bad-rating reasons."""
    d = RatingSpec()
    table = Table(
        issues,
        ("rating",),
        data,
        ("timeout_seconds", "reasons_version", "reasons", "follow_up_days"),
    )
    reasons = table.text_list("reasons")
    if reasons is not None:
        if not reasons:
            issues.add(table.at("reasons"), "reasons must list at least one reason")
        for i, reason in enumerate(reasons):
            if not reason.strip():
                issues.add((*table.at("reasons"), i), "a reason must not be empty")
            elif reason in reasons[:i]:
                issues.add((*table.at("reasons"), i), f"reason '{reason}' is listed twice")
    version = table.text("reasons_version", d.reasons_version)
    if not version.strip():
        issues.add(
            table.at("reasons_version"),
            "reasons_version must not be empty; it is "
            "stored with every rating so reports know which list was shown",
        )
    return RatingSpec(
        timeout_seconds=table.integer("timeout_seconds", d.timeout_seconds, low=5, high=600),
        reasons_version=version,
        reasons=tuple(reasons) if reasons else d.reasons,
        follow_up_days=table.integer("follow_up_days", d.follow_up_days, low=1, high=60),
    )


def parse_kiosk(issues: Issues, data: dict[str, Any]) -> KioskSpec:
    """[kiosk]: idle time, the priority lane and paging."""
    d = KioskSpec()
    table = Table(
        issues,
        ("kiosk",),
        data,
        (
            "idle_seconds",
            "priority_lane",
            "priority_pin",
            "services_per_page",
            "pin_tries_per_minute",
            "checkin_early_minutes",
        ),
    )
    lane = PriorityLane(
        table.choice("priority_lane", d.priority_lane.value, [lane.value for lane in PriorityLane])
    )
    pin = ""
    if table.has("priority_pin") and not isinstance(data["priority_pin"], str):
        issues.add(
            table.at("priority_pin"),
            'priority_pin must be a string of 4-8 digits in quotes, e.g. priority_pin = "2468"',
        )
    else:
        pin = table.text("priority_pin")
    if lane is PriorityLane.STAFF_PIN and not _PIN.fullmatch(pin):
        shown = f"'{pin}'" if table.has("priority_pin") else "nothing"
        issues.add(
            table.at("priority_pin"),
            f"priority_pin must be 4-8 digits when priority_lane = 'staff_pin', got {shown}",
        )
    elif lane is not PriorityLane.STAFF_PIN and pin:
        issues.add(
            table.at("priority_pin"),
            "priority_pin is set but priority_lane is "
            f"'{lane.value}', so the PIN would not be asked; set priority_lane = "
            "'staff_pin' or remove the PIN",
        )
    return KioskSpec(
        idle_seconds=table.integer("idle_seconds", d.idle_seconds, low=5, high=3600),
        priority_lane=lane,
        priority_pin=pin,
        services_per_page=table.integer("services_per_page", d.services_per_page, low=1, high=48),
        pin_tries_per_minute=table.integer(
            "pin_tries_per_minute", d.pin_tries_per_minute, low=1, high=20
        ),
        checkin_early_minutes=table.integer(
            "checkin_early_minutes", d.checkin_early_minutes, low=0, high=24 * 60
        ),
    )
