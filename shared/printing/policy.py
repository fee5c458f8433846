"""Which printer URLs a PC agrees to use: its own rules, checked before any byte moves.

- ``file://`` only inside the PC's spool folder, after resolving links (checked again at
  every job, so a link swapped in later cannot lead outside);
- ``tcp://`` only to the networks or host names the PC allows (default: private LAN
  ranges and localhost); a host name must resolve inside them, and the job goes to the
  address that was checked;
- ``serial://`` only a device node (``/dev/...`` or ``COMn``), never a pyserial URL
  such as ``socket://`` that would open a network connection;
- ``usb://`` and ``none`` as they are.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from shared.config.local import LocalDevices

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_COM = re.compile(r"(\\\\\.\\)?COM\d{1,3}", re.IGNORECASE)
_HOSTNAME = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9][A-Za-z0-9-]{0,62})*\.?")


class PrinterRefused(ValueError):
    """A printer URL this PC's device rules do not allow."""


def check_hosts(hosts: Iterable[str]) -> str | None:
    """None if every entry is a network (CIDR), an address or a host name; else the reason."""
    for entry in hosts:
        if _as_network(entry) is None and not _HOSTNAME.fullmatch(entry):
            return f"'{entry}' is neither a network such as 192.168.1.0/24 nor a host name"
    return None


def _as_network(entry: str) -> Network | None:
    try:
        return ipaddress.ip_network(entry.strip(), strict=False)
    except ValueError:
        return None


def inside(path: str | Path, folder: str | Path) -> bool:
    """Whether `path`, links resolved, lies inside `folder` (links resolved too)."""
    real = os.path.realpath(path)
    base = os.path.realpath(folder)
    return real != base and os.path.commonpath([real, base]) == base


def allowed_address(host: str, hosts: Iterable[str]) -> str | None:
    """The address to connect to for `host` if the rules allow it; None if they do not.

    A host name listed as such is connected to by name; any other name must resolve,
    and every address it resolves to must lie in an allowed network.
    """
    entries = list(hosts)
    networks = [n for n in (_as_network(e) for e in entries) if n is not None]
    names = {e.lower().rstrip(".") for e in entries if _as_network(e) is None}
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        return host if any(literal in n for n in networks) else None
    if host.lower().rstrip(".") in names:
        return host
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses or not all(any(a in n for n in networks) for a in addresses):
        return None
    return str(addresses[0])


def is_device_node(port: str) -> bool:
    """A serial device path (`/dev/ttyUSB0`, `COM3`); a character device if it exists."""
    if "://" in port:
        return False
    if _COM.fullmatch(port):
        return True
    if not port.startswith("/dev/"):
        return False
    try:
        mode = os.stat(port).st_mode  # follows links, e.g. /dev/serial/by-id/...
    except FileNotFoundError:
        return True  # unplugged: it will be reported offline when used
    except OSError:
        return False
    return stat.S_ISCHR(mode)


def refusal(url: str, local: LocalDevices) -> str | None:
    """Why this PC will not use printer `url`, or None when it may."""
    url = url.strip()
    if url.lower() in ("none", "none://"):
        return None
    if url.startswith("serial://"):
        port = url[len("serial://") :].partition("?")[0]
        if not is_device_node(port):
            return (
                f"serial printers must be a device node such as serial:///dev/ttyUSB0 or "
                f"serial://COM3, not {port!r}"
            )
        return None
    parts = urlsplit(url)
    if parts.scheme == "file":
        if not inside(parts.path, local.spool_dir):
            return (
                f"file printers write only inside this PC's spool folder {local.spool_dir} "
                "(spool_dir in the devices file or $HALLQ_SPOOL_DIR); "
                f"{parts.path} is outside it"
            )
        return None
    if parts.scheme == "tcp":
        host = parts.hostname or ""
        if host and allowed_address(host, local.printer_hosts) is None:
            return (
                f"network printer host {host!r} is not allowed on this PC; allowed: "
                f"{', '.join(local.printer_hosts)} (printer_hosts in the devices file or "
                "$HALLQ_PRINTER_HOSTS)"
            )
        return None
    return None
