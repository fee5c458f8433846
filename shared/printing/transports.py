"""One printer URL, one transport: usb://, serial://, tcp://, file://, or none.

Accepted forms (query parameters are optional):

- ``usb://VID:PID`` – hex ids, e.g. ``usb://0416:5011``; ``?in_ep=82&out_ep=01`` (hex).
- ``serial:///dev/ttyUSB0?baudrate=19200`` – a device path (``serial://COM3`` on Windows).
  Anything after ``serial://`` that is itself a URL goes to pyserial's
  ``serial_for_url`` as is, so ``serial://loop://`` or
  ``serial://socket://10.0.0.5:4001?baudrate=9600`` work too; ``baudrate``, ``timeout``
  and ``status`` are taken out of its query, the rest stays for pyserial.
- ``tcp://HOST:9100`` – the raw port of a network printer (port defaults to 9100).
- ``file:///PATH`` – bytes appended to a file (or a device node such as /dev/usb/lp0).

With a PC's device rules (`policy`, see shared.printing.policy) a URL outside them is
refused with `PrinterRefused` (a ValueError) before anything is opened.
- ``none`` – prints nothing, for show-only kiosks.

Every form but file and none takes ``timeout`` (seconds, default 3) and
``status=off`` for printers that do not answer DLE EOT (status is then unknown).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit

from .errors import PrinterOffline, PrinterStatus
from .net import TcpTransport
from .policy import PrinterRefused, allowed_address, inside, refusal
from .serial_port import SerialTransport
from .usb import UsbTransport

if TYPE_CHECKING:
    from shared.config.local import LocalDevices

DEFAULT_TIMEOUT_S = 3.0
ACCEPTED = (
    "usb://VID:PID (hex), serial:///dev/ttyUSB0?baudrate=19200, serial://loop:// "
    "(any pyserial URL), tcp://HOST:9100, file:///PATH, none"
)


class Transport(Protocol):
    """Where ticket bytes go."""

    url: str

    def send(self, data: bytes) -> None:
        """Deliver the bytes or raise a `PrinterError`."""

    def status(self) -> PrinterStatus:
        """What the printer says of itself; `UNKNOWN` where it cannot be asked."""


class NoPrinter:
    """Prints nothing: the kiosk only shows the ticket."""

    def __init__(self, url: str = "none") -> None:
        self.url = url

    def send(self, data: bytes) -> None:
        """Drop the bytes."""

    def status(self) -> PrinterStatus:
        """Always ready."""
        return PrinterStatus.ONLINE


class FileTransport:
    """Appends each job to a file, e.g. a capture for checking or a printer device node."""

    def __init__(self, url: str, path: Path, spool: Path | None = None) -> None:
        self.url = url
        self.path = path
        self.spool = spool  # when set, every job checks again that it stays inside

    def send(self, data: bytes) -> None:
        """Append the bytes."""
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
        try:
            if self.spool is not None:
                self.spool.mkdir(parents=True, exist_ok=True)
                if not inside(self.path, self.spool):
                    raise PrinterOffline(
                        self.url, f"{self.path} now leads outside the spool folder {self.spool}"
                    )
                flags |= getattr(os, "O_NOFOLLOW", 0)  # a link swapped in since the check
            fd = os.open(self.path, flags, 0o644)
            with os.fdopen(fd, "ab") as out:
                out.write(data)
        except OSError as exc:
            raise PrinterOffline(self.url, exc.strerror or str(exc)) from exc

    def status(self) -> PrinterStatus:
        """A file cannot tell."""
        return PrinterStatus.UNKNOWN


def _bad(url: str, why: str) -> ValueError:
    return ValueError(f"bad printer URL {url!r}: {why}; accepted forms: {ACCEPTED}")


def _options(url: str, query: str, allowed: set[str]) -> dict[str, str]:
    opts = dict(parse_qsl(query, keep_blank_values=True))
    unknown = sorted(set(opts) - allowed)
    if unknown:
        raise _bad(url, f"unknown option(s) {', '.join(unknown)} (allowed: {sorted(allowed)})")
    return opts


def _number(url: str, opts: dict[str, str], key: str, default: float) -> float:
    try:
        value = float(opts.get(key, default))
    except ValueError:
        raise _bad(url, f"{key} must be a number, got {opts[key]!r}") from None
    if value <= 0:
        raise _bad(url, f"{key} must be > 0, got {opts[key]!r}")
    return value


def _ask_status(url: str, opts: dict[str, str]) -> bool:
    value = opts.get("status", "on").lower()
    if value not in ("on", "off"):
        raise _bad(url, f"status must be 'on' or 'off', got {value!r}")
    return value == "on"


def _hex(url: str, text: str, what: str) -> int:
    try:
        return int(text, 16)
    except ValueError:
        raise _bad(url, f"{what} must be hexadecimal, got {text!r}") from None


def open_transport(url: str, policy: LocalDevices | None = None) -> Transport:
    """The transport a printer URL names; `ValueError` naming the URL if it is malformed.

    With `policy` (this PC's device settings) a URL its rules refuse raises PrinterRefused.
    """
    url = url.strip()
    if policy is not None:
        why = refusal(url, policy)
        if why:
            raise PrinterRefused(f"printer URL {url!r} refused: {why}")
    if url.lower() in ("none", "none://"):
        return NoPrinter(url)
    if url.startswith("serial://"):
        return _serial(url)
    parts = urlsplit(url)
    if parts.scheme == "file":
        if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
            raise _bad(url, "file URLs need an absolute path: file:///var/log/tickets.bin")
        return FileTransport(
            url, Path(parts.path), spool=None if policy is None else Path(policy.spool_dir)
        )
    if parts.scheme == "tcp":
        opts = _options(url, parts.query, {"timeout", "status"})
        try:
            host, port = parts.hostname, parts.port or 9100
        except ValueError:
            raise _bad(url, "the port must be a number from 1 to 65535") from None
        if not host:
            raise _bad(url, "no host")
        if policy is not None:  # connect to the address that was checked, not a new lookup
            host = allowed_address(host, policy.printer_hosts) or host
        return TcpTransport(
            url,
            host,
            port,
            timeout=_number(url, opts, "timeout", DEFAULT_TIMEOUT_S),
            ask_status=_ask_status(url, opts),
        )
    if parts.scheme == "usb":
        opts = _options(url, parts.query, {"timeout", "status", "in_ep", "out_ep"})
        ids = parts.netloc.split(":")
        if len(ids) != 2 or not all(ids):
            raise _bad(url, "USB printers are named by VID:PID in hex, e.g. usb://0416:5011")
        return UsbTransport(
            url,
            _hex(url, ids[0], "VID"),
            _hex(url, ids[1], "PID"),
            timeout=_number(url, opts, "timeout", DEFAULT_TIMEOUT_S),
            in_ep=_hex(url, opts.get("in_ep", "82"), "in_ep"),
            out_ep=_hex(url, opts.get("out_ep", "01"), "out_ep"),
            ask_status=_ask_status(url, opts),
        )
    raise _bad(url, f"unknown scheme {parts.scheme or '(none)'!r}")


def _serial(url: str) -> SerialTransport:
    target = url[len("serial://") :]
    base, _, query = target.partition("?")
    ours = {"baudrate", "timeout", "status"}
    all_opts = dict(parse_qsl(query, keep_blank_values=True))
    if "://" in base:  # a pyserial URL: its own options stay with it
        rest = {k: v for k, v in all_opts.items() if k not in ours}
        port = base + ("?" + urlencode(rest) if rest else "")
        opts = {k: v for k, v in all_opts.items() if k in ours}
    else:
        opts = _options(url, query, ours)
        port = base
    if not base:
        raise _bad(url, "no serial device, e.g. serial:///dev/ttyUSB0")
    baudrate = _number(url, opts, "baudrate", 9600)
    if baudrate != int(baudrate):
        raise _bad(url, f"baudrate must be a whole number, got {opts['baudrate']!r}")
    return SerialTransport(
        url,
        port,
        baudrate=int(baudrate),
        timeout=_number(url, opts, "timeout", DEFAULT_TIMEOUT_S),
        ask_status=_ask_status(url, opts),
    )
