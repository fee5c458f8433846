"""The real commands: appointments, printing from the CLI (exit 5 on a dead printer), screenshot."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "hallq"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.fixture
def demo(tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "HALLQ_DB_URL": f"sqlite:///{tmp_path / 'demo.sqlite'}",
        "QT_QPA_PLATFORM": "offscreen",
    }
    assert run("db", "upgrade", env=env).returncode == 0
    assert run("config", "apply", str(ROOT / "assets/demo-hall.toml"), env=env).returncode == 0
    return env


def test_issue_print_reprint_and_printer_failure(demo: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "tickets.bin"
    done = run(
        "ticket",
        "issue",
        "--service",
        "hukou",
        "--json",
        "--print",
        "--printer",
        f"file://{out}",
        env=demo,
    )
    assert done.returncode == 0, done.stderr
    code = json.loads(done.stdout)["code"]
    assert code.encode() in out.read_bytes() and "户籍业务".encode("gb18030") in out.read_bytes()
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    failed = run(
        "ticket",
        "issue",
        "--service",
        "hukou",
        "--json",
        "--print",
        "--printer",
        f"tcp://127.0.0.1:{port}?timeout=1",
        env=demo,
    )
    assert failed.returncode == 5
    lost = json.loads(failed.stdout)["code"]  # the JSON is printed all the same
    assert lost in failed.stderr and "打印机" in failed.stderr
    again = run("ticket", "reprint", lost, "--printer", f"file://{out}", env=demo)
    assert again.returncode == 0, again.stderr
    assert out.read_bytes().count(lost.encode()) >= 1
    test = run("printer", "test", "--printer", f"file://{tmp_path / 'test.bin'}", env=demo)
    assert test.returncode == 0 and (tmp_path / "test.bin").read_bytes().endswith(b"\x1dVB\x00")
    bad = run("printer", "test", "--printer", "lpt://1", env=demo)
    assert bad.returncode == 2 and "lpt://1" in bad.stderr


def test_appointments_from_the_cli(demo: dict[str, str], tmp_path: Path) -> None:
    csv = tmp_path / "bookings.csv"
    csv.write_text(
        "booking_code,service,slot_start,slot_end,name\n"
        "B1,hukou,2030-01-07 10:00,2030-01-07 10:30,王五\n",
        encoding="utf-8",
    )
    assert run("appointment", "import", str(csv), env=demo).returncode == 0
    added = run(
        "appointment",
        "add",
        "--code",
        "B2",
        "--service",
        "hukou",
        "--start",
        "2030-01-07 11:00",
        "--end",
        "2030-01-07 11:30",
        env=demo,
    )
    assert added.returncode == 0, added.stderr
    dup = run(
        "appointment",
        "add",
        "--code",
        "B2",
        "--service",
        "hukou",
        "--start",
        "2030-01-07 11:00",
        "--end",
        "2030-01-07 11:30",
        env=demo,
    )
    assert dup.returncode == 2 and "exists already" in dup.stderr


def test_kiosk_screenshot(demo: dict[str, str], tmp_path: Path) -> None:
    png = tmp_path / "home.png"
    done = subprocess.run(
        [str(BIN / "hallq-kiosk"), "--screenshot", str(png), "--landscape", "--lang", "en"],
        capture_output=True,
        text=True,
        env=demo,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    from PIL import Image

    with Image.open(png) as image:
        assert image.size == (1920, 1080)
