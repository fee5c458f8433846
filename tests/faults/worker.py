"""A load process for the outage tests: issues (or calls) in a loop for a while, riding
out store outages as the apps do, and reports each outcome as a JSON line."""

from __future__ import annotations

import contextlib
import json
import sys
import time

from shared import services as uc
from shared.domain.errors import NoCurrentTicket, NothingWaiting
from shared.store.db import Store, StoreError


def main(role: str, url: str, seconds: float) -> None:
    store = Store(url, pool_size=1)
    end = time.monotonic() + seconds

    def say(**fields: object) -> None:
        sys.stdout.write(json.dumps(fields, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    while time.monotonic() < end:
        try:
            if role == "issue":
                say(ok=uc.issue_ticket(store, service="A", enforce_limits=False).code)
            else:
                with contextlib.suppress(NoCurrentTicket):
                    uc.finish(store, counter=1)
                say(ok=uc.call_next(store, counter=1).code)
        except NothingWaiting:
            time.sleep(0.05)
        except StoreError as exc:  # the outage: say so, wait a little, go on
            say(down=f"{type(exc).__name__}: {exc}")
            time.sleep(0.2)
        except Exception as exc:  # anything else is a bug the test reports
            say(error=f"{type(exc).__name__}: {exc}")
            time.sleep(0.2)
        time.sleep(0.01)
    store.dispose()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
