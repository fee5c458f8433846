"""`make demo`: a fresh demo hall with every app running and simulated citizens moving it.

Creates `.demo/hallq-demo.sqlite` anew from assets/demo-hall.toml, gives the clerks at
counters 1 and 2 the password `demo1234`, starts the kiosk (printing to
`.demo/tickets.bin`), two counter clients, the hall board and `hallq simulate --live`
driving the other counters, and hallq-web (the citizen's phone) at WEB_BIND, with one
ticket taken for you whose live page it prints. Ctrl+C stops everything. Without a screen
it starts Xvfb.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DEMO_HALL = ROOT / "assets" / "demo-hall.toml"
HUMAN_COUNTERS = {1: "li.wei", 2: "chen.jing"}
PASSWORD = "demo1234"
WEB_BIND = "127.0.0.1:8080"  # the demo hall's [web] web_base points here


def tool(name: str) -> str:
    path = BIN / name
    return str(path) if path.exists() else name


def run(args: list[str], **kw: object) -> None:
    subprocess.run(args, check=True, **kw)  # type: ignore[call-overload]


def prepare(folder: Path) -> str:
    folder.mkdir(exist_ok=True)
    db = folder / "hallq-demo.sqlite"
    for leftover in folder.glob("hallq-demo.sqlite*"):
        leftover.unlink()
    url = f"sqlite:///{db}"
    hallq = tool("hallq")
    run([hallq, "--db", url, "config", "apply", str(DEMO_HALL)])
    for login in HUMAN_COUNTERS.values():
        run([hallq, "--db", url, "clerk", "password", "--stdin", login], input=PASSWORD, text=True)
    return url


def phone_ticket(url: str) -> str:
    """Take a ticket as a citizen would at the kiosk; its page key (the QR's URL holds it)."""
    import json

    out = subprocess.run(
        [tool("hallq"), "--db", url, "ticket", "issue", "--service", "company-new", "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return str(json.loads(out.stdout.splitlines()[0])["web_token"])


def ensure_screen(env: dict[str, str]) -> subprocess.Popen[bytes] | None:
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    if not shutil.which("Xvfb"):
        print("no screen and no Xvfb: the apps would not show; run `make install` first")
        raise SystemExit(2)
    display = ":97"
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        start_new_session=True,
    )
    env["DISPLAY"] = display
    time.sleep(1.0)
    print(
        f"no screen here: the apps run on a virtual one (Xvfb {display}); "
        f"`hallq --db ... watch` below shows the hall moving"
    )
    return xvfb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="run the hallq demo hall")
    parser.add_argument("--speed", type=float, default=10.0, help="simulated time speed-up")
    parser.add_argument("--folder", type=Path, default=ROOT / ".demo")
    parser.add_argument(
        "--web-bind",
        default=WEB_BIND,
        metavar="HOST:PORT",
        help=f"where hallq-web listens (default {WEB_BIND}, the demo hall's "
        "web_base: the printed QR codes open pages there)",
    )
    args = parser.parse_args(argv)

    url = prepare(args.folder)
    # the demo's printer writes into its own folder, this PC's spool folder for the demo
    tickets = args.folder / "tickets.bin"
    # each PC's own printer: the kiosk and the counters (代取号) print into the demo folder
    env = dict(
        os.environ,
        HALLQ_DB_URL=url,
        HALLQ_SPOOL_DIR=str(args.folder.resolve()),
        HALLQ_PRINTER=f"file://{tickets.resolve()}",
    )
    xvfb = ensure_screen(env)
    # Tiled on a 1920x1080 desktop: kiosk left, board right, the two counters below it.
    apps = [
        [tool("hallq-display"), "--db", url, "--geometry", "1140x640+780+0"],
        [
            tool("hallq-kiosk"),
            "--db",
            url,
            "--portrait",
            "--geometry",
            "780x1080+0+0",
            "--printer",
            f"file://{tickets}",
        ],
        *[
            [
                tool("hallq-counter"),
                "--db",
                url,
                "--counter",
                str(n),
                "--geometry",
                f"570x440+{780 + 570 * i}+640",
            ]
            for i, n in enumerate(HUMAN_COUNTERS)
        ],
        [
            tool("hallq"),
            "--db",
            url,
            "simulate",
            "--live",
            "--speed",
            str(args.speed),
            "--counters",
            "3-46",
            "--ignore-hours",
        ],
        [tool("hallq"), "--db", url, "watch"],
        [tool("hallq-web"), "--db", url, "--bind", args.web_bind],
    ]
    # Own sessions: Ctrl+C reaches only this process, which stops the apps in order.
    procs = [subprocess.Popen(cmd, env=env, start_new_session=True) for cmd in apps]
    print(f"demo store: {url}\ntickets print to {tickets}")
    token = phone_ticket(url)
    print(
        f"your phone's ticket page (follows the simulated hall live): "
        f"http://{args.web_bind}/t/{token}\nthe hall board on a phone: "
        f"http://{args.web_bind}/board   bookings: http://{args.web_bind}/book"
    )
    for n, login in HUMAN_COUNTERS.items():
        print(f"counter {n}: log in as {login}, password {PASSWORD}")
    print("Ctrl+C stops everything.")
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping and all(p.poll() is None for p in procs):
            time.sleep(0.3)
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(5)
    failed = [
        " ".join(Path(c[0]).name for c in [cmd])
        for cmd, p in zip(apps, procs, strict=True)
        if p.returncode not in (0, -signal.SIGTERM, None) and not stopping
    ]
    if failed:
        print(f"stopped because {', '.join(failed)} ended", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
