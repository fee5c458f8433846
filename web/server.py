"""Run hallq-web on uvicorn, trusting X-Forwarded-For only from the hall's proxies."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn

from shared.config.spec import WebSpec
from shared.services.phone import hall_page
from shared.store.db import Store
from web.app import build


def serve(store: Store, host: str, port: int, *, webhooks: bool = True) -> None:
    """Serve until interrupted; the store must hold a hall already."""
    web = hall_page(store).web  # fails early, with the CLI's message, if the store is not ready
    proxies = ",".join(web.trusted_proxies or WebSpec.trusted_proxies)
    config = uvicorn.Config(
        build(store, webhooks=webhooks),
        host=host,
        port=port,
        proxy_headers=True,
        forwarded_allow_ips=proxies,
        log_level="warning",
        server_header=False,
        timeout_graceful_shutdown=3,
    )
    print(f"hallq-web: http://{host}:{port}/ (board at /board, bookings at /book)", flush=True)
    uvicorn.Server(config).run()


class BackgroundServer:
    """hallq-web on a thread and a free local port (tests, screenshots, the bench)."""

    def __init__(self, store: Store, *, webhooks: bool = False) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = build(store, webhooks=webhooks)
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            timeout_graceful_shutdown=1,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> BackgroundServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("hallq-web did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
