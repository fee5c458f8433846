"""The disk under a SQLite store fills up while tickets are issued, then space comes back.

The store sits on a size-limited tmpfs; `hallq ticket issue` says the store cannot write
(exit 4, "disk is full") instead of a traceback, loses nothing it had confirmed, and
issues on without a gap once space is freed.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.store.apply import apply_hall
from shared.store.db import Store
from shared.store.migrate import upgrade
from tests.factories import small_hall
from tests.faults.common import check_store, count, hallq, rows


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB tmpfs, or a skip saying why the machine will not mount one."""
    mount = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a size-limited tmpfs needs root; the disk-full test cannot run")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(
            f"this machine refuses to mount a tmpfs ({done.stderr.strip()}); "
            "the disk-full test cannot run"
        )
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)


@pytest.mark.slow
def test_disk_full_while_issuing_then_space_again(small_disk: Path) -> None:
    url = f"sqlite:///{small_disk / 'hall.sqlite'}"
    store = Store(url)
    upgrade(store)
    apply_hall(store, small_hall())
    store.dispose()
    filler = small_disk / "filler.bin"
    free = os.statvfs(small_disk)
    room = free.f_bavail * free.f_frsize
    with filler.open("wb") as out:  # leave about 640 KiB: some dozens of tickets' worth
        out.write(b"\0" * max(0, room - 640 * 1024))
    confirmed: list[str] = []
    full = None
    for _ in range(40):
        done = hallq(url, "ticket", "issue", "--service", "A", "--count", "50", "--json")
        confirmed += [
            line.split('"code": "')[1].split('"')[0]
            for line in done.stdout.splitlines()
            if '"code"' in line
        ]
        if done.returncode != 0:
            full = done
            break
    assert full is not None, "the disk never filled"
    assert full.returncode == 4, full.stderr
    assert "disk is full" in full.stderr and "free disk space" in full.stderr, full.stderr
    assert "Traceback" not in full.stderr
    last = check_store(url)["A"]
    assert last >= len(confirmed)  # every ticket a client was told of is in the store
    codes = {str(r[0]) for r in rows(url, "SELECT code FROM ticket")}
    assert set(confirmed) <= codes
    filler.unlink()
    again = hallq(url, "ticket", "issue", "--service", "A", "--count", "3", "--json")
    assert again.returncode == 0, again.stderr
    assert f'"A{last + 1:03d}"' in again.stdout
    assert check_store(url)["A"] == last + 3
    assert count(url, "SELECT count(*) FROM event WHERE kind = 'issued'") == last + 3
    print(
        f"disk full after {len(confirmed)} confirmed tickets (store had A{last:03d}): "
        f"exit {full.returncode}: {full.stderr.strip()}; after freeing space: A{last + 1:03d}.."
    )
