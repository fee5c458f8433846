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
    issued = [issue_ticket(store, service="company-new", enforce_limits=False)
              for _ in range(tickets)]
    return store, issued


def start_web(url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "web", "--db", url, "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, stdout=subprocess.DEVNULL,
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
            page.wait_for_function("window.hallqShown !== undefined && "
                                   "document.getElementById('code').textContent !== ''")
            page.evaluate("window.hallqShown = []")
            finish_current(store)
            call_next(store, counter=1)
            committed = time.time()
            page.wait_for_function(
                "window.hallqShown.some(s => s.status === 'called')", timeout=10_000)
            shown = page.evaluate(
                "window.hallqShown.find(s => s.status === 'called').shown")
            out.append(shown - committed)
        browser.close()
    return out


async def many_pages(store: Any, base: str, tickets: list[Any], calls: int,
                     pages: int) -> tuple[list[float], list[float]]:
    """1,000 SSE clients; per call: the called page, and every page's new people-ahead."""
    import httpx

    from shared.services import call_next

    followed = tickets[:pages]
    seen: list[list[tuple[float, dict[str, Any]]]] = [[] for _ in followed]
    ready = [asyncio.Event() for _ in followed]
    changed = asyncio.Event()

    async def follow(i: int, client: httpx.AsyncClient) -> None:
        url = f"{base}/t/{followed[i].web_token}/events"
        async with client.stream("GET", url) as response:
            async for line in response.aiter_lines():
                if line.startswith("data: "):
                    seen[i].append((time.time(), json.loads(line[6:])))
                    ready[i].set()
                    changed.set()

    limits = httpx.Limits(max_connections=pages + 10, max_keepalive_connections=pages + 10)
    async with httpx.AsyncClient(limits=limits, timeout=None) as client:
        tasks = [asyncio.create_task(follow(i, client)) for i in range(len(followed))]
        await asyncio.wait_for(asyncio.gather(*(e.wait() for e in ready)), 120)
        called_ms: list[float] = []
        ahead_ms: list[float] = []
        for k in range(calls):
            await asyncio.to_thread(finish_current, store)
            await asyncio.sleep(0.2)  # the finish's own refresh goes out first
            marks = [len(s) for s in seen]
            await asyncio.to_thread(call_next, store, counter=1)
            committed = time.time()
            want = {i: max(0, i - k - 1) for i in range(k + 1, len(followed))}
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                done_call = any(m["status"] == "called" for _, m in seen[k][marks[k]:])
                done_rest = all(any(m["people_ahead"] <= want[i] for _, m in seen[i][marks[i]:])
                                for i in want)
                if done_call and done_rest:
                    break
                changed.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(changed.wait(), 0.5)
            called_ms += [t - committed for t, m in seen[k][marks[k]:]
                          if m["status"] == "called"][:1]
            for i, limit in want.items():
                got = [t for t, m in seen[i][marks[i]:] if m["people_ahead"] <= limit]
                if got:
                    ahead_ms.append(got[0] - committed)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return called_ms, ahead_ms


def figures(label: str, values: list[float], aim: float | None = None) -> None:
    ms = [v * 1000 for v in values]
    if not ms:
        print(f"  {label:<44} no samples")
        return
    p99 = percentile(ms, 99)
    verdict = "" if aim is None else f" (aim ≤ {aim:.0f} ms: {'met' if p99 <= aim else 'MISSED'})"
    print(f"  {label:<44} p50 {percentile(ms, 50):7.1f} ms  p99 {p99:7.1f} ms  "
          f"n={len(ms)}{verdict}")


def run(backend: str, pages: int, calls: int) -> None:
    receiver = Receiver()
    with throwaway_store_url(backend) as url:
        store, tickets = prepare(url, pages + calls, receiver.url)
        proc, base = start_web(url)
        try:
            print(f"{backend}: hallq-web on one process, {pages + calls} tickets waiting")
            before = time.time()
            if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
                figures("1 page (chromium, in-page clock): called", one_page(
                    store, base, tickets, calls))
                tickets = tickets[calls:]
            else:
                print(f"  1 page: skipped, no chromium at {CHROMIUM}")
            # Webhooks of those calls: commit times are the events' own.
            from shared.services import events_after

            events = [e for e in events_after(store, 0, limit=100000)
                      if e.kind == "called" and e.at.timestamp() >= before]
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not all(
                    f"event:{e.id}" in receiver.arrived for e in events):
                time.sleep(0.05)
            figures("webhook ticket.called: event → delivered", [
                receiver.arrived[f"event:{e.id}"] - e.at.timestamp() for e in events
                if f"event:{e.id}" in receiver.arrived])
            finish_current(store)
            called, ahead = asyncio.run(many_pages(store, base, tickets, calls, pages))
            figures(f"{pages} pages (SSE clients): called page", called, AIM_P99_MS)
            figures(f"{pages} pages: every page's people-ahead", ahead, AIM_P99_MS)
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
