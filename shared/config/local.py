"""A PC's own device settings: where it prints and which serial ports it opens.

These never come from the shared store: whoever can write the store must not be able to
make every kiosk write a file, open a port or send bytes to a host of their choosing.
Each setting is taken from, in order: the command line, the environment, the PC's
devices file (`devices.toml` in the user config directory, e.g.
`~/.config/hallq/devices.toml`; `HALLQ_DEVICES_FILE` names another), then the default.

```toml
printer = "usb://0416:5011"          # or tcp://192.168.1.50:9100, serial:///dev/ttyUSB0, file:///...
spool_dir = "/var/spool/hallq"       # file:// printers write only inside this folder
printer_hosts = ["192.168.1.0/24"]   # tcp:// printers only on these networks or host names
keypad = { port = "/dev/ttyUSB1" }   # the counter's caller keypad (port, baudrate, type, address)
rating_pad = { port = "/dev/ttyUSB2" }
screens = { port = "/dev/ttyUSB0" }  # the display PC's counter-screen bus
```
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shared.config.errors import ConfigError

ENV_FILE = "HALLQ_DEVICES_FILE"
ENV_PRINTER = "HALLQ_PRINTER"
ENV_SPOOL = "HALLQ_SPOOL_DIR"
ENV_HOSTS = "HALLQ_PRINTER_HOSTS"  # comma separated networks or host names
ENV_PORTS = {
    "keypad": "HALLQ_KEYPAD_PORT",
    "rating_pad": "HALLQ_RATING_PAD_PORT",
    "screens": "HALLQ_SCREENS_PORT",
}
# Private LAN ranges (RFC 1918, RFC 4193) and the PC itself.
DEFAULT_HOSTS = (
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "127.0.0.0/8",
    "::1/128",
    "fc00::/7",
)
DEVICE_KEYS = ("port", "baudrate", "type", "address")
_TOP_KEYS = ("printer", "spool_dir", "printer_hosts", *ENV_PORTS)
MAX_FILE_BYTES = 64 * 1024


class LocalSettingsError(ConfigError, ValueError):
    """The PC's devices file or a device environment variable cannot be used."""


def devices_file(env: Mapping[str, str] | None = None) -> Path:
    """Where this PC keeps its device settings."""
    env = os.environ if env is None else env
    if env.get(ENV_FILE):
        return Path(env[ENV_FILE]).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("hallq", appauthor=False)) / "devices.toml"


def default_spool_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("hallq", appauthor=False)) / "spool"


@dataclass(frozen=True)
class LocalDevices:
    """This PC's printer, spool folder, allowed printer hosts and serial devices."""

    printer: str = "none"
    spool_dir: Path = field(default_factory=default_spool_dir)
    printer_hosts: tuple[str, ...] = DEFAULT_HOSTS
    # keypad / rating_pad / screens -> {"port": ..., optional baudrate, type, address}
    devices: dict[str, dict[str, Any]] = field(default_factory=dict)
    origin: str = "default"  # where `printer` came from, for messages

    def device(self, kind: str) -> dict[str, Any] | None:
        """The serial device of that kind on this PC, or None when it has none."""
        entry = self.devices.get(kind)
        return dict(entry) if entry and entry.get("port") else None


def load_local_devices(
    *,
    printer: str | None = None,
    ports: Mapping[str, str | None] | None = None,
    env: Mapping[str, str] | None = None,
) -> LocalDevices:
    """This PC's device settings: `printer`/`ports` (command line) over env over the file."""
    env = os.environ if env is None else env
    path = devices_file(env)
    data = _read_file(path)
    where = str(path)
    file_printer = _text(data, "printer", where)
    spool = env.get(ENV_SPOOL) or _text(data, "spool_dir", where)
    hosts: tuple[str, ...] | None = None
    if env.get(ENV_HOSTS):
        hosts = tuple(h.strip() for h in env[ENV_HOSTS].split(",") if h.strip())
    elif "printer_hosts" in data:
        raw = data["printer_hosts"]
        if not isinstance(raw, list) or not all(isinstance(h, str) for h in raw):
            raise LocalSettingsError(
                f"{where}: printer_hosts must be an array of networks or "
                'host names, e.g. ["192.168.1.0/24", "printer-1"]'
            )
        hosts = tuple(h.strip() for h in raw)
    devices: dict[str, dict[str, Any]] = {}
    for kind, variable in ENV_PORTS.items():
        entry = _device(data, kind, where)
        given = (ports or {}).get(kind) or env.get(variable)
        if given:
            entry["port"] = given
        if entry.get("port"):
            devices[kind] = entry
    if printer:
        chosen, origin = printer, "--printer"
    elif env.get(ENV_PRINTER):
        chosen, origin = env[ENV_PRINTER], f"${ENV_PRINTER}"
    elif file_printer:
        chosen, origin = file_printer, f"printer in {where}"
    else:
        chosen, origin = "none", "default"
    from shared.printing.policy import check_hosts

    problem = check_hosts(hosts or DEFAULT_HOSTS)
    if problem:
        raise LocalSettingsError(f"printer_hosts ({ENV_HOSTS} or {where}): {problem}")
    return LocalDevices(
        printer=chosen.strip(),
        spool_dir=Path(spool).expanduser() if spool else default_spool_dir(),
        printer_hosts=hosts or DEFAULT_HOSTS,
        devices=devices,
        origin=origin,
    )


def _read_file(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise LocalSettingsError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise LocalSettingsError(f"{path}: larger than {MAX_FILE_BYTES} bytes; not a devices file")
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as exc:
        raise LocalSettingsError(f"{path}: not a valid TOML devices file: {exc}") from None
    unknown = sorted(set(data) - set(_TOP_KEYS))
    if unknown:
        raise LocalSettingsError(
            f"{path}: unknown key '{unknown[0]}'; expected one of: " + ", ".join(_TOP_KEYS)
        )
    return data


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise LocalSettingsError(f"{where}: {key} must be a string")
    return value


def _device(data: dict[str, Any], kind: str, where: str) -> dict[str, Any]:
    raw = data.get(kind)
    if raw is None:
        return {}
    if isinstance(raw, str):
        return {"port": raw}
    if not isinstance(raw, dict):
        raise LocalSettingsError(
            f'{where}: {kind} must be a table such as {kind} = {{ port = "/dev/ttyUSB1" }}'
        )
    unknown = sorted(set(raw) - set(DEVICE_KEYS))
    if unknown:
        raise LocalSettingsError(
            f"{where}: {kind}.{unknown[0]} is not a device setting; "
            f"expected {', '.join(DEVICE_KEYS)}"
        )
    for key in ("baudrate", "address"):
        if key in raw and (
            isinstance(raw[key], bool)
            or not isinstance(raw[key], int)
            or not 0 <= raw[key] <= 4_000_000
        ):
            raise LocalSettingsError(f"{where}: {kind}.{key} must be a whole number")
    for key in ("port", "type"):
        if key in raw and not isinstance(raw[key], str):
            raise LocalSettingsError(f"{where}: {kind}.{key} must be a string")
    return dict(raw)


def merged_device(
    hall_entry: Mapping[str, Any] | None, local: LocalDevices, kind: str
) -> dict[str, Any] | None:
    """A device as this PC opens it: the hall's type/address/baudrate, this PC's port.

    A port in `hall_entry` (a store written before ports moved to the PCs) is ignored.
    """
    mine = local.device(kind)
    if mine is None:
        return None
    entry = {k: v for k, v in (hall_entry or {}).items() if k != "port" and v is not None}
    entry.update(mine)
    return entry
