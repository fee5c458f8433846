"""hallq-web latency: a call's commit to an open phone page, and to a webhook receiver.

Runs `hallq-web` as its own process on a fresh store of each backend (the demo hall,
tickets waiting at counter 1), commits calls through the use case in this process and
times what follows on the bench's own clock (one machine, one clock):

* 1 page: a real chromium page (Playwright) on the ticket about to be called; the time is
  the page's own record of showing 「请到1号窗口办理」 (performance clock), not the driver's.
* 1,000 pages: 1,000 Server-Sent Events clients in one asyncio loop (httpx), each on its
  own waiting ticket. Per call: the called ticket's page showing the call, and every
  other page receiving its new "people ahead" (one refresh read serves all of them).
* webhook: a healthy receiver (http.server in this process) getting `ticket.called`.

    .venv/bin/python bench/web.py [--pages 1000] [--calls 40] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import percentile, pg_available, throwaway_store_url  # noqa: E402

AIM_P99_MS = 300.0
SECRET = "bench-secret-0123456789"
CHROMIUM = os.environ.get("HALLQ_CHROMIUM", "/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Receiver:
    """A healthy webhook receiver: notes when each idempotency key arrived."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.arrived.setdefault(json.loads(body)["id"], time.time())
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def prepare(url: str, tickets: int, hook_url: str) -> tuple[Any, list[Any]]:
    """The demo hall with webhooks to `hook_url`, counter 1 open, `tickets` waiting."""
    from shared.config.hallfile import load_hall_file
    from shared.config.spec import WebhookSpec
    from shared.services import issue_ticket, open_counter
    from shared.store.apply import apply_hall
    from shared.store.db import Store
    from shared.store.migrate import upgrade

    store = Store(url)
    upgrade(store)
    spec = load_hall_file(ROOT / "assets" / "demo-hall.toml")
    hook = WebhookSpec("bench", hook_url, SECRET, ("ticket.called",))
    apply_hall(store, replace(spec, web=replace(spec.web, webhooks=(hook,))))
    open_counter(store, counter=1, clerk="li.wei")
    issued = [
        issue_ticket(store, service="company-new", enforce_limits=False) for _ in range(tickets)
    ]
    return store, issued


def start_web(url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "web", "--db", url, "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    import httpx

    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(base + "/api/v1/openapi.json", timeout=1)
            return proc, base
        except httpx.HTTPError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("hallq-web did not start") from None
            time.sleep(0.1)


def finish_current(store: Any) -> None:
    """The counter finishes its case before the next call (not timed)."""
    from shared.domain.errors import NoCurrentTicket
    from shared.services import finish

    with contextlib.suppress(NoCurrentTicket):
        finish(store, counter=1)


def one_page(store: Any, base: str, tickets: list[Any], calls: int) -> list[float]:
    """Commit → shown in a real page, one ticket page open at a time."""
    from playwright.sync_api import sync_playwright

    from shared.services import call_next

    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM)
        # bypass_csp: the driver polls with eval, which our CSP rightly forbids pages
        page = browser.new_page(viewport={"width": 390, "height": 844}, bypass_csp=True)
        for ticket in tickets[:calls]:
            page.goto(f"{base}/t/{ticket.web_token}")
            page.wait_for_function(
                "window.hallqShown !== undefined && "
                "document.getElementById('code').textContent !== ''",
                polling=20,
            )
            page.evaluate("window.hallqShown = []")
            finish_current(store)
            call_next(store, counter=1)
            committed = time.time()
            page.wait_for_function(
                "window.hallqShown.some(s => s.status === 'called')", polling=20, timeout=10_000
            )
            shown = page.evaluate("window.hallqShown.find(s => s.status === 'called').shown")
            out.append(shown - committed)
        browser.close()
    return out


async def many_pages(
    store: Any, base: str, tickets: list[Any], calls: int, pages: int
) -> tuple[list[float], list[float], list[float]]:
    """1,000 SSE clients; per call: the called page, and every page's new people-ahead.

    Each client notes its own receipt time as a message arrives and checks it against
    what the current call should bring, so the clients' own work stays O(1) a message.
    The clients are plain asyncio streams reading the chunked SSE response: a full HTTP
    client library costs more per message than the server does, on the same two cores.
    """
    from urllib.parse import urlsplit

    from shared.services import call_next

    followed = tickets[:pages]
    opened = [asyncio.Event() for _ in followed]
    state: dict[str, Any] = {"k": -1, "committed": 0.0, "left": 0, "done": asyncio.Event()}
    got: dict[int, float] = {}  # page -> receipt time of the current call's update
    sent: list[float] = []  # the server's own send times of those updates

    def wanted(i: int, message: dict[str, Any]) -> bool:
        k = state["k"]
        if k < 0 or i < k or i in got:
            return False
        if i == k:
            return bool(message["status"] == "called")
        return bool(message["people_ahead"] <= i - k - 1)

    where = urlsplit(base)

    async def follow(i: int) -> None:
        reader, writer = await asyncio.open_connection(where.hostname, where.port)
        writer.write(
            f"GET /t/{followed[i].web_token}/events HTTP/1.1\r\n"
            f"Host: {where.netloc}\r\nAccept: text/event-stream\r\n\r\n".encode()
        )
        await reader.readuntil(b"\r\n\r\n")  # status line and headers
        try:
            while True:
                size = int((await reader.readline()).strip() or b"0", 16)  # chunked
                chunk = await reader.readexactly(size + 2)
                for line in chunk.split(b"\n"):
                    if not line.startswith(b"data: "):
                        continue
                    now = time.time()
                    opened[i].set()
                    message = json.loads(line[6:])
                    if wanted(i, message):
                        got[i] = now
                        sent.append(message["sent"])
                        state["left"] -= 1
                        if state["left"] == 0:
                            state["done"].set()
        finally:
            writer.close()

    called_ms: list[float] = []
    ahead_ms: list[float] = []
    server_ms: list[float] = []
    if True:
        tasks = [asyncio.create_task(follow(i)) for i in range(len(followed))]
        await asyncio.wait_for(asyncio.gather(*(e.wait() for e in opened)), 120)
        for k in range(calls):
            await asyncio.to_thread(finish_current, store)
            await asyncio.sleep(0.3)  # the finish's own update goes out first
            got.clear()
            sent.clear()
            state.update(k=k, left=len(followed) - k, done=asyncio.Event())
            await asyncio.to_thread(call_next, store, counter=1)
            committed = time.time()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(state["done"].wait(), 10)
            state["k"] = -1
            for i, at in got.items():
                (called_ms if i == k else ahead_ms).append(at - committed)
            server_ms += [at - committed for at in sent]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return called_ms, ahead_ms, server_ms


def figures(label: str, values: list[float], aim: float | None = None) -> None:
    ms = [v * 1000 for v in values]
    if not ms:
        print(f"  {label:<44} no samples")
        return
    p99 = percentile(ms, 99)
    verdict = "" if aim is None else f" (aim ≤ {aim:.0f} ms: {'met' if p99 <= aim else 'MISSED'})"
    print(
        f"  {label:<44} p50 {percentile(ms, 50):7.1f} ms  p99 {p99:7.1f} ms  n={len(ms)}{verdict}"
    )


def run(backend: str, pages: int, calls: int) -> None:
    receiver = Receiver()
    with throwaway_store_url(backend) as url:
        store, tickets = prepare(url, pages + calls, receiver.url)
        proc, base = start_web(url)
        try:
            print(f"{backend}: hallq-web on one process, {pages + calls} tickets waiting")
            before = time.time()
            if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
                figures(
                    "1 page (chromium, in-page clock): called",
                    one_page(store, base, tickets, calls),
                )
                tickets = tickets[calls:]
            else:
                print(f"  1 page: skipped, no chromium at {CHROMIUM}")
            # Webhooks of those calls: commit times are the events' own.
            from shared.services import events_after

            events = [
                e
                for e in events_after(store, 0, limit=100000)
                if e.kind == "called" and e.at.timestamp() >= before
            ]
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not all(
                f"event:{e.id}" in receiver.arrived for e in events
            ):
                time.sleep(0.05)
            figures(
                "webhook ticket.called: event → delivered",
                [
                    receiver.arrived[f"event:{e.id}"] - e.at.timestamp()
                    for e in events
                    if f"event:{e.id}" in receiver.arrived
                ],
            )
            finish_current(store)
            called, ahead, server = asyncio.run(many_pages(store, base, tickets, calls, pages))
            figures(f"{pages} pages (SSE clients): called page", called, AIM_P99_MS)
            figures(f"{pages} pages: every page's people-ahead", ahead, AIM_P99_MS)
            figures(f"{pages} pages: of which until the server sent", server)
        finally:
            proc.terminate()
            proc.wait(10)
            store.dispose()
            receiver.server.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--calls", type=int, default=40)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        if backend == "postgresql" and not pg_available():
            print("postgresql: skipped, no server answers")
            continue
        run(backend, args.pages, args.calls)
    return 0


if __name__ == "__main__":
    sys.exit(main())
