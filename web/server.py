"""Run hallq-web on uvicorn, trusting X-Forwarded-For only from the hall's proxies."""

from __future__ import annotations

import uvicorn

from shared.services.phone import hall_page
from shared.store.db import Store
from web.app import build


def serve(store: Store, host: str, port: int, *, webhooks: bool = True) -> None:
    """Serve until interrupted; the store must hold a hall already."""
    web = hall_page(store).web  # fails early, with the CLI's message, if the store is not ready
    proxies = ",".join(web.get("trusted_proxies") or ["127.0.0.1"])
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
