"""A writer process for the feed tests: N events, each transaction held open a random while.

Usage: python feed_writer.py URL N SEED. Half the events are real tickets issued by the
use case, half are probes written by `record()` and then held before commit for 0-30 ms,
so transactions commit in another order than they drew their ids.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from shared import services as uc
from shared.services.common import context, record
from shared.store.db import Store


def main() -> None:
    url, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    store = Store(url, pool_size=1)
    for i in range(count):
        if i % 2:
            uc.issue_ticket(store, service=rng.choice("AB"), enforce_limits=False)
            continue
        with store.write() as session:
            record(context(store, session), "probe", details={"seed": seed, "i": i})
            time.sleep(rng.uniform(0, 0.03))
    store.dispose()


if __name__ == "__main__":
    main()
