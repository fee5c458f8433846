"""The hall file's content as plain, validated dataclasses (no TOML, no SQL).

`shared.config.hallfile.load_hall_file()` builds a `HallSpec` from a TOML file;
`shared.store.apply.apply_hall()` writes it to the store. Every field has a
default that a real hall can live with, so a small hall file stays small.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from enum import StrEnum

from shared.config.errors import HallFileIssue


class CaseClass(StrEnum):
    """The six classes of government cases; reports split by them."""

    LICENSING = "licensing"  # 行政许可
    CONFIRMATION = "confirmation"  # 行政确认
    LEVY = "levy"  # 行政征收
    BENEFIT = "benefit"  # 行政给付
    OTHER_POWERS = "other_powers"  # 其他职权
    PUBLIC_SERVICE = "public_service"  # 公共服务


CASE_CLASS_ZH: dict[CaseClass, str] = {
    CaseClass.LICENSING: "行政许可",
    CaseClass.CONFIRMATION: "行政确认",
    CaseClass.LEVY: "行政征收",
    CaseClass.BENEFIT: "行政给付",
    CaseClass.OTHER_POWERS: "其他职权",
    CaseClass.PUBLIC_SERVICE: "公共服务",
}


class DispatchMode(StrEnum):
    """How a counter serving several services picks among them."""

    FIFO = "fifo"  # the oldest ticket among all its services
    ORDER = "order"  # services in the listed order: the first with anyone waiting
    WEIGHTED = "weighted"  # the head whose wait x weight is largest


class PriorityLane(StrEnum):
    """How the kiosk offers the priority lane (绿色通道)."""

    OPEN = "open"
    STAFF_PIN = "staff_pin"
    HIDDEN = "hidden"


class Role(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


Period = tuple[time, time]
"""An opening period within a day, [start, end)."""


@dataclass(frozen=True)
class Hours:
    """Opening hours: weekdays (1 = Monday .. 7 = Sunday) and periods within a day."""

    days: tuple[int, ...] = (1, 2, 3, 4, 5)
    periods: tuple[Period, ...] = ((time(9, 0), time(12, 0)), (time(13, 30), time(17, 30)))


@dataclass(frozen=True)
class DispatchRules:
    """The hall's calling rules (the domain reads these)."""

    priority_streak_limit: int = 3  # priority calls in a row while normal tickets wait
    recall_limit: int = 3  # recalls of one call before only no-show is left
    requeue_places: int = 3  # 过号重排: a no-show goes back this many places
    requeue_limit: int = 1  # how often one ticket may be requeued; then no-show is final
    transfer_keeps_place: bool = True  # a transferred ticket keeps its place by issue time


@dataclass(frozen=True)
class LoginRules:
    """How the counter's log-in resists guessing (PostgreSQL's hallq_login_failure too)."""

    max_failures: int = 5  # wrong passwords in a row before the login is locked
    lock_minutes: float = 15.0  # how long it stays locked


@dataclass(frozen=True)
class DepartmentSpec:
    code: str
    name: str
    name_en: str = ""


@dataclass(frozen=True)
class ServiceSpec:
    code: str
    name: str
    department: str  # DepartmentSpec.code
    prefix: str  # one capital letter (or two), the ticket code's prefix
    case_class: CaseClass
    name_en: str = ""
    target_minutes: float = 10.0
    daily_quota: int = 0  # 0: no quota
    hours: Hours | None = None  # None: the hall's hours
    phone_booking: bool = False  # bookable from the phone (hallq-web)
    slot_capacity: int | None = None  # bookings per slot; None: [web] slot_capacity


@dataclass(frozen=True)
class CounterServiceSpec:
    service: str  # ServiceSpec.code
    weight: int = 1


@dataclass(frozen=True)
class DeviceSpec:
    """A serial device: caller keypad, rating pad or counter-screen bus.

    The port is each PC's own setting (shared.config.local); the hall file says only
    what kind of device it is and where it sits on its bus.
    """

    port: str = ""  # deprecated in the hall file: read, warned about, never stored
    baudrate: int = 9600
    type: str = "hallq"  # the frame-format adapter
    address: int = 0  # bus address (RS-485), where the type has one


@dataclass(frozen=True)
class CounterSpec:
    number: int
    services: tuple[CounterServiceSpec, ...]  # in the listed order
    name: str = ""
    name_en: str = ""
    dispatch: DispatchMode = DispatchMode.FIFO
    screen_address: int | None = None  # address on the counter-screen bus
    keypad: DeviceSpec | None = None
    rating_pad: DeviceSpec | None = None
    host: str = ""  # the hostname of the counter's PC: hallq-counter finds its counter by it


@dataclass(frozen=True)
class ClerkSpec:
    login: str
    name: str
    roles: tuple[Role, ...] = (Role.CLERK,)
    services: tuple[str, ...] = ()  # qualified services; empty: any


@dataclass(frozen=True)
class PrinterSpec:
    """What a ticket says. Where it prints is each kiosk PC's own setting."""

    url: str = "none"  # deprecated in the hall file: checked, warned about, never stored
    paper_mm: int = 80  # 80 or 58
    qr: str = "native"  # native | image | none
    qr_text: str = "{code}"  # what the QR code holds; {code}, {service}, {day}, {ticket_id}
    notice: str = ""


@dataclass(frozen=True)
class DisplaySpec:
    """One hall board: which part of the hall it shows and how."""

    name: str
    layout: str = "recent"  # recent | counters
    departments: tuple[str, ...] = ()  # empty: all
    counters: tuple[int, ...] = ()  # empty: all


SPEECH_ENGINES = ("pack", "pyttsx3", "espeak-ng")


@dataclass(frozen=True)
class AnnounceSpec:
    template_zh: str = "请{code}号到{counter}号窗口办理"
    template_en: str = "Number {code}, please go to counter {counter}"
    languages: tuple[str, ...] = ("zh",)
    repeat: int = 2
    volume: float = 1.0
    rate: int = 150  # words per minute handed to the voice engine
    voice: str = "sit/cmn-latn-pinyin"
    read_one_as_yao: bool = False
    quiet_hours: tuple[Period, ...] = ()
    # Speech engines tried in order (pack, pyttsx3, espeak-ng); empty: pack when voice_pack
    # is set, else pyttsx3 where it offers a Chinese voice, else espeak-ng.
    engines: tuple[str, ...] = ()
    voice_pack: str = ""  # a folder: absolute, or relative to hallq's data directory
    english_once: bool = False  # the English sentence in the first round only
    template_zh_repeat: str = ""  # the Chinese sentence of later rounds; empty: template_zh
    shorten_when_waiting: bool = True  # said once when another call waits behind it
    shorten_after_s: int = 10  # said once when its speech would start later than this
    skip_after_s: int = 60  # not said at all (still shown) when later than this


@dataclass(frozen=True)
class RatingSpec:
    timeout_seconds: int = 30
    reasons_version: str = "1"
    reasons: tuple[str, ...] = (
        "等待时间过长",
        "办事效率低",
        "业务不熟练",
        "服务态度差",
        "一次性告知不到位",
        "其他",
    )
    follow_up_days: int = 5  # working days to close a bad rating's follow-up


@dataclass(frozen=True)
class KioskSpec:
    idle_seconds: int = 20
    priority_lane: PriorityLane = PriorityLane.OPEN
    priority_pin: str = ""  # the hall file's; the store keeps only its argon2 hash
    services_per_page: int = 12
    pin_tries_per_minute: int = 5  # wrong PINs the hall's kiosks take within a minute
    checkin_early_minutes: int = 30  # a booking checks in at most this long before its slot
    priority_pin_hash: str = ""  # the store's argon2 hash of priority_pin (never in the file)


WEBHOOK_EVENTS = (
    "ticket.near",  # a ticket came within notify_ahead places
    "ticket.called",
    "ticket.recalled",
    "ticket.no_show",
    "ticket.transferred",
    "ticket.finished",
    "booking.created",
    "booking.cancelled",
)


@dataclass(frozen=True)
class WebhookSpec:
    """One receiver of the hall's events: signed POSTs of the kinds it asks for."""

    name: str
    url: str
    secret: str = ""  # required in the hall file; kept out of hall.settings (web_secret)
    events: tuple[str, ...] = ("ticket.near", "ticket.called")


@dataclass(frozen=True)
class WebSpec:
    """What the phone pages show and allow; every limit a hall sets."""

    web_base: str = ""  # e.g. https://q.example.gov.cn: the ticket QR holds {web_base}/t/TOKEN
    notify_ahead: int = 3  # 「还有3位到您」: webhook when a ticket comes this close
    booking_days: int = 3  # bookable days: today and the next ones
    slot_minutes: int = 30
    slot_capacity: int = 2  # bookings per slot and service (a service may set its own)
    booking_lead_minutes: int = 15  # today's slots close this long before they start
    bookings_per_phone: int = 1  # per phone, service and day
    address_per_hour: int = 20  # booking and cancel requests per client address and hour
    phone_per_day: int = 5  # booking attempts per phone (its hash) and day
    trusted_proxies: tuple[str, ...] = ("127.0.0.1",)  # who may set X-Forwarded-For
    webhooks: tuple[WebhookSpec, ...] = ()
    webhook_give_up_hours: int = 24  # then an undeliverable event is marked failed


@dataclass(frozen=True)
class HallSpec:
    code: str
    name: str
    name_en: str = ""
    timezone: str = "Asia/Shanghai"
    number_width: int = 3
    notice: str = ""  # shown on the kiosk and the boards
    notice_en: str = ""  # the same in English, for screens shown in English
    hours: Hours = field(default_factory=Hours)
    dispatch: DispatchRules = field(default_factory=DispatchRules)
    login: LoginRules = field(default_factory=LoginRules)
    departments: tuple[DepartmentSpec, ...] = ()
    services: tuple[ServiceSpec, ...] = ()
    counters: tuple[CounterSpec, ...] = ()
    clerks: tuple[ClerkSpec, ...] = ()
    printer: PrinterSpec = field(default_factory=PrinterSpec)
    screens: DeviceSpec | None = None  # the counter-screen bus
    displays: tuple[DisplaySpec, ...] = ()
    announce: AnnounceSpec = field(default_factory=AnnounceSpec)
    rating: RatingSpec = field(default_factory=RatingSpec)
    kiosk: KioskSpec = field(default_factory=KioskSpec)
    web: WebSpec = field(default_factory=WebSpec)
    # deprecated keys and the like: the file is usable, the installer should still know
    warnings: tuple[HallFileIssue, ...] = field(default=(), compare=False)
