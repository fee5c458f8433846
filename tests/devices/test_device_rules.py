"""Where a PC prints and which ports it opens are its own settings, within its own rules."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shared.cli.main import main as hallq
from shared.config.hallfile import parse_hall_text
from shared.config.local import LocalDevices, LocalSettingsError, load_local_devices
from shared.printing import PrinterOffline, PrinterRefused, open_transport
from shared.printing.policy import is_device_node, refusal
from shared.services.queries import events_after
from shared.store.db import Store
from shared.store.models import Counter, Hall, Ticket
from tests.config.hall_texts import BASE


def local(tmp_path: Path, **kw: object) -> LocalDevices:
    return LocalDevices(spool_dir=tmp_path / "spool", **kw)  # type: ignore[arg-type]


def test_file_printers_write_only_inside_the_spool_folder(tmp_path: Path) -> None:
    rules = local(tmp_path)
    (tmp_path / "spool").mkdir()
    bashrc = tmp_path / ".bashrc"
    bashrc.write_text("# mine\n")
    for url in (
        f"file://{bashrc}",
        f"file://{tmp_path}/spool/../.bashrc",
        "file:///etc/passwd",
        f"file://{tmp_path}/spool",
    ):
        with pytest.raises(PrinterRefused, match="spool folder"):
            open_transport(url, rules)
    # a link inside the spool folder that leads out of it is outside
    (tmp_path / "spool" / "link.bin").symlink_to(bashrc)
    with pytest.raises(PrinterRefused):
        open_transport(f"file://{tmp_path}/spool/link.bin", rules)
    good = open_transport(f"file://{tmp_path}/spool/tickets.bin", rules)
    good.send(b"\x1b@ticket")
    assert (tmp_path / "spool" / "tickets.bin").read_bytes() == b"\x1b@ticket"
    # a link swapped in after the check is found at the next job, and nothing is written
    (tmp_path / "spool" / "tickets.bin").unlink()
    (tmp_path / "spool" / "tickets.bin").symlink_to(bashrc)
    with pytest.raises(PrinterOffline):
        good.send(b"echo owned\n")
    assert bashrc.read_text() == "# mine\n"


def test_network_printers_only_on_allowed_hosts(tmp_path: Path) -> None:
    rules = local(tmp_path)
    for url in ("tcp://8.8.8.8:22", "tcp://[2001:db8::1]:9100", "tcp://1.1.1.1:9100"):
        assert refusal(url, rules), url
        with pytest.raises(PrinterRefused, match="not allowed"):
            open_transport(url, rules)
    for url in (
        "tcp://192.168.1.50:9100",
        "tcp://10.1.2.3:9100",
        "tcp://127.0.0.1:9100",
        "tcp://localhost:9100",
        "tcp://172.20.0.9:9100",
    ):
        assert refusal(url, rules) is None, url
    mine = local(tmp_path, printer_hosts=("192.168.7.0/24", "printer-1"))
    assert refusal("tcp://192.168.1.50:9100", mine)
    assert refusal("tcp://192.168.7.9:9100", mine) is None
    assert refusal("tcp://printer-1:9100", mine) is None
    assert refusal("tcp://no-such-host.invalid:9100", mine)


def test_serial_printers_only_on_device_nodes(tmp_path: Path) -> None:
    rules = local(tmp_path)
    for url in (
        "serial://socket://127.0.0.1:5432",
        "serial://loop://",
        "serial:///etc/passwd",
        "serial://rfc2217://10.0.0.1:2217",
        f"serial://{tmp_path}",
    ):
        with pytest.raises(PrinterRefused, match="device node"):
            open_transport(url, rules)
    assert is_device_node("/dev/ttyUSB9")  # unplugged: offline when used, not refused
    assert is_device_node("COM3")
    assert not is_device_node("/dev/../etc/passwd")
    assert refusal("serial:///dev/ttyS0?baudrate=19200", rules) is None
    assert refusal("usb://0416:5011", rules) is None and refusal("none", rules) is None


def test_local_settings_come_from_command_line_env_then_file(tmp_path: Path) -> None:
    file = tmp_path / "devices.toml"
    file.write_text(
        'printer = "usb://0416:5011"\nspool_dir = "/srv/spool"\n'
        'printer_hosts = ["192.168.9.0/24"]\nkeypad = { port = "/dev/ttyUSB1", '
        "address = 3 }\n"
    )
    env = {"HALLQ_DEVICES_FILE": str(file)}
    mine = load_local_devices(env=env)
    assert (mine.printer, mine.spool_dir, mine.printer_hosts) == (
        "usb://0416:5011",
        Path("/srv/spool"),
        ("192.168.9.0/24",),
    )
    assert mine.device("keypad") == {"port": "/dev/ttyUSB1", "address": 3}
    assert mine.device("screens") is None
    env_first = load_local_devices(
        env={**env, "HALLQ_PRINTER": "none", "HALLQ_KEYPAD_PORT": "/dev/ttyS4"}
    )
    assert env_first.printer == "none" and env_first.device("keypad")["port"] == "/dev/ttyS4"
    assert (
        load_local_devices(printer="tcp://10.0.0.9:9100", env=env).printer == "tcp://10.0.0.9:9100"
    )
    file.write_text('printer = "x"\nprinter_url = "y"\n')
    with pytest.raises(LocalSettingsError, match="unknown key 'printer_url'"):
        load_local_devices(env=env)
    with pytest.raises(LocalSettingsError, match="neither a network"):
        load_local_devices(
            env={
                "HALLQ_DEVICES_FILE": str(tmp_path / "none.toml"),
                "HALLQ_PRINTER_HOSTS": "10.0.0.0/8,evil host",
            }
        )


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("file:///root/.bashrc", "spool folder"),
        ("tcp://8.8.8.8:22", "not allowed"),
        ("serial://socket://127.0.0.1:5432", "device node"),
    ],
)
def test_config_check_rejects_urls_this_pc_would_refuse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str, fragment: str
) -> None:
    hall = tmp_path / "hall.toml"
    hall.write_text(BASE + f'[printer]\nurl = "{url}"\n', encoding="utf-8")
    assert hallq(["config", "check", str(hall)]) == 2
    err = capsys.readouterr().err
    assert "printer.url" in err and fragment in err


def test_old_printer_url_and_ports_are_deprecated_and_never_stored(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hall = tmp_path / "hall.toml"
    text = (
        BASE.replace("number = 1", 'number = 1\nkeypad = { port = "/dev/ttyUSB1", address = 4 }')
        + '[printer]\nurl = "usb://0416:5011"\nnotice = "请保管好号票"\n[screens]\nport = "COM3"\n'
    )
    hall.write_text(text, encoding="utf-8")
    assert hallq(["config", "check", str(hall)]) == 0
    err = capsys.readouterr().err
    assert "printer.url is no longer read" in err and "HALLQ_PRINTER" in err
    assert "screens.port is no longer read" in err and "HALLQ_SCREENS_PORT" in err
    assert "counters[0].keypad.port" in err and "HALLQ_KEYPAD_PORT" in err
    assert hallq(["--db", store.url, "config", "apply", str(hall)]) == 0
    with store.read() as s:
        halls = s.query(Hall).all()
        settings = next(h.settings for h in halls if h.code == parse_hall_text(text).code)
        assert "url" not in settings["printer"] and settings["printer"]["notice"]
        assert "port" not in settings["screens"]
        devices = [c.devices for c in s.query(Counter).all()]
        assert all("port" not in (d.get("keypad") or {}) for d in devices)
        assert any((d.get("keypad") or {}).get("address") == 4 for d in devices)


def test_cli_refuses_a_printer_outside_the_rules_before_issuing(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = Path(os.path.expanduser("~")) / ".bashrc-hallq-test"
    before = events_after(store, 0)
    code = hallq(
        [
            "--db",
            store.url,
            "ticket",
            "issue",
            "--service",
            "A",
            "--print",
            "--printer",
            f"file://{target}",
        ]
    )
    assert code == 2 and "spool folder" in capsys.readouterr().err
    assert not target.exists()
    assert hallq(["--db", store.url, "printer", "test", "--printer", "tcp://8.8.8.8:22"]) == 2
    assert events_after(store, 0) == before
    with store.read() as s:
        assert s.query(Ticket).count() == 0
    spool = Path(os.environ["HALLQ_SPOOL_DIR"]) / "cli-tickets.bin"
    assert (
        hallq(
            [
                "--db",
                store.url,
                "ticket",
                "issue",
                "--service",
                "A",
                "--print",
                "--printer",
                f"file://{spool}",
            ]
        )
        == 0
    )
    assert spool.stat().st_size > 0
