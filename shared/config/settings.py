"""The hall's settings as the store keeps them (`hall.settings`), typed as the hall file's specs.

`settings_of(spec)` is what the store keeps of a parsed hall file, `settings_to_json()` the
JSON written to `hall.settings`, and `settings_from_json()` reads it back into the very same
dataclasses. Every field and default is declared once, in `shared.config.spec`: a key an
older store lacks takes that default, and a key hallq no longer knows is ignored.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import time
from typing import Any, TypeVar

from shared.config.errors import ConfigError
from shared.config.spec import (
    AnnounceSpec,
    DeviceSpec,
    DispatchRules,
    DisplaySpec,
    HallSpec,
    Hours,
    KioskSpec,
    LoginRules,
    PrinterSpec,
    RatingSpec,
    WebSpec,
)

T = TypeVar("T")


class StoredSettingsError(ConfigError, ValueError):
    """The hall's settings in the store cannot be read as the specs say."""

    def __init__(self, where: str, problem: str) -> None:
        self.where, self.problem = where, problem
        super().__init__(
            f"the hall's settings in the store cannot be read at '{where}' ({problem}); "
            "apply the hall file again with `hallq config apply`"
        )


@dataclass(frozen=True)
class HallSettings:
    """Everything of a hall file but its lists of departments, services, counters and clerks.

    Each field defaults as HallSpec's field of that name (tests/config check it). What is
    kept out of the store is blank here: the printer's URL and the devices' ports (each
    PC's), the priority PIN (only its hash, `kiosk.priority_pin_hash`) and the webhooks'
    secrets (table `web_secret`).
    """

    hours: Hours = field(default_factory=Hours)
    dispatch: DispatchRules = field(default_factory=DispatchRules)
    login: LoginRules = field(default_factory=LoginRules)
    printer: PrinterSpec = field(default_factory=PrinterSpec)
    screens: DeviceSpec | None = None
    displays: tuple[DisplaySpec, ...] = ()
    announce: AnnounceSpec = field(default_factory=AnnounceSpec)
    rating: RatingSpec = field(default_factory=RatingSpec)
    kiosk: KioskSpec = field(default_factory=KioskSpec)
    notice: str = ""
    notice_en: str = ""
    web: WebSpec = field(default_factory=WebSpec)
    # phone-bookable service codes and their bookings per slot (stored as web.services)
    bookable: Mapping[str, int] = field(default_factory=dict)


def settings_of(spec: HallSpec) -> HallSettings:
    """What the store keeps of a parsed hall file (secrets, ports and the PC's URL blanked)."""
    return HallSettings(
        hours=spec.hours,
        dispatch=spec.dispatch,
        login=spec.login,
        printer=replace(spec.printer, url=PrinterSpec.url),
        screens=None if spec.screens is None else replace(spec.screens, port=""),
        displays=spec.displays,
        announce=spec.announce,
        rating=spec.rating,
        kiosk=replace(spec.kiosk, priority_pin=""),
        notice=spec.notice,
        notice_en=spec.notice_en,
        web=replace(spec.web, webhooks=tuple(replace(h, secret="") for h in spec.web.webhooks)),
        bookable={
            s.code: s.slot_capacity or spec.web.slot_capacity
            for s in spec.services
            if s.phone_booking
        },
    )


def to_jsonable(value: Any) -> Any:
    """Spec dataclasses as JSON: times as "HH:MM", enums as their values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value


def device_json(spec: DeviceSpec | None) -> dict[str, Any] | None:
    """A device as the store keeps it: its kind and bus address; the port is the PC's."""
    data = to_jsonable(spec)
    return None if data is None else {k: v for k, v in data.items() if k != "port"}


def settings_to_json(settings: HallSettings) -> dict[str, Any]:
    """`hall.settings` as written: the shape every store since 0001 has read."""
    kiosk = {k: v for k, v in to_jsonable(settings.kiosk).items() if k != "priority_pin"}
    if not kiosk["priority_pin_hash"]:
        del kiosk["priority_pin_hash"]
    web = to_jsonable(settings.web)
    web["webhooks"] = [{k: v for k, v in hook.items() if k != "secret"} for hook in web["webhooks"]]
    web["services"] = dict(settings.bookable)
    return {
        "hours": to_jsonable(settings.hours),
        "dispatch": to_jsonable(settings.dispatch),
        "login": to_jsonable(settings.login),
        "printer": {k: v for k, v in to_jsonable(settings.printer).items() if k != "url"},
        "screens": device_json(settings.screens),
        "displays": to_jsonable(settings.displays),
        "announce": to_jsonable(settings.announce),
        "rating": to_jsonable(settings.rating),
        "kiosk": kiosk,
        "notice": settings.notice,
        "notice_en": settings.notice_en,
        "web": web,
    }


def settings_from_json(data: Mapping[str, Any] | None) -> HallSettings:
    """`hall.settings` read back; missing keys take the specs' defaults.

    Raises:
        StoredSettingsError: a value of the wrong shape, naming where it is.
    """
    data = dict(data or {})
    web = data.get("web")
    bookable = web.get("services") if isinstance(web, Mapping) else None
    settings = decode(HallSettings, {k: v for k, v in data.items() if k != "bookable"})
    try:
        return replace(settings, bookable={str(k): int(v) for k, v in (bookable or {}).items()})
    except (AttributeError, TypeError, ValueError) as error:
        raise StoredSettingsError("web.services", str(error)) from None


def decode(cls: type[T], data: Any, where: str = "") -> T:
    """`data` (JSON) as the dataclass `cls`, each missing key at the field's default."""
    return _decode(cls, data, where)  # type: ignore[no-any-return]


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(tp: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    try:
        if origin in (typing.Union, types.UnionType):
            if value is None:
                return None
            (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
            return _decode(inner, value, where)
        if dataclasses.is_dataclass(tp):
            return _dataclass(tp, value, where)  # type: ignore[arg-type]
        if origin is tuple:
            args = typing.get_args(tp)
            items = list(value) if isinstance(value, (list, tuple)) else None
            if items is None:
                raise TypeError(f"a list, not {type(value).__name__}")
            if len(args) == 2 and args[1] is Ellipsis:
                return tuple(_decode(args[0], v, f"{where}[{i}]") for i, v in enumerate(items))
            if len(items) != len(args):
                raise ValueError(f"{len(args)} items, not {len(items)}")
            return tuple(
                _decode(a, v, f"{where}[{i}]")
                for i, (a, v) in enumerate(zip(args, items, strict=True))
            )
        if origin is not None and issubclass(origin, Mapping):
            key, val = typing.get_args(tp)
            return {
                _decode(key, k, where): _decode(val, v, _at(where, str(k)))
                for k, v in dict(value).items()
            }
        if tp is time:
            hours, minutes = str(value).split(":")
            return time(int(hours), int(minutes))
        if tp is bool:
            if not isinstance(value, (bool, int)):
                raise TypeError(f"true or false, not {value!r}")
            return bool(value)
        if tp in (int, float):
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise TypeError(f"a number, not {value!r}")
            return tp(value)
        if tp is str:
            return "" if value is None else str(value)
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return tp(value)
    except StoredSettingsError:
        raise
    except (AttributeError, TypeError, ValueError) as error:
        raise StoredSettingsError(where, str(error)) from None
    raise StoredSettingsError(where, f"no reader for {tp!r}")  # pragma: no cover


def _dataclass(cls: type, value: Any, where: str) -> Any:
    if not isinstance(value, Mapping):
        raise TypeError(f"a table, not {type(value).__name__}")
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        if f.name in value and not (
            value[f.name] is None and _has_default(f) and not _optional(hints[f.name])
        ):
            kwargs[f.name] = _decode(hints[f.name], value[f.name], _at(where, f.name))
        elif not _has_default(f):
            raise ValueError(f"'{f.name}' is missing")
    return cls(**kwargs)


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _has_default(f: dataclasses.Field[Any]) -> bool:
    return f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING


def _optional(tp: Any) -> bool:
    return typing.get_origin(tp) in (typing.Union, types.UnionType) and type(
        None
    ) in typing.get_args(tp)
