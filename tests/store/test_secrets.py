"""Secrets kept out of sight: store passwords masked everywhere; the priority PIN hashed,
checked by the store, its wrong tries limited and each one an event supervisors see."""

from __future__ import annotations

import contextlib
import io
import logging
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from shared.cli.main import main as hallq
from shared.config.spec import KioskSpec, PriorityLane
from shared.domain.clock import ManualClock
from shared.services.pin import PIN_FAILED, PinLocked, check_priority_pin
from shared.services.queries import events_after
from shared.services.supervision import hall_overview
from shared.store.apply import apply_hall
from shared.store.db import MaskSecrets, Store, mask_secrets
from shared.store.models import Hall
from tests.factories import small_hall

ROOT = Path(__file__).resolve().parents[2]
SECRET = "s3cr3t-Pw"
BAD_URLS = [
    f"postgresql://hallq:{SECRET}@127.0.0.1:1/hallq",
    f"postgresql://hallq:{SECRET}@db:port/hallq",
    f"postgresql+nope://hallq:{SECRET}@db/hallq",
    f"sqlite://hallq:{SECRET}@/x",
    f"hallq:{SECRET}@db",
    f"postgresql://hallq:{SECRET}@db@x/hallq",
    f"postgresql://hallq@127.0.0.1:1/hallq?password={SECRET}",
]


def test_mask_secrets_hides_every_form_of_password() -> None:
    for url in BAD_URLS:
        assert SECRET not in mask_secrets(url), url
    assert mask_secrets("postgresql://hallq:pw@db/hallq") == "postgresql://hallq:***@db/hallq"
    assert mask_secrets("sqlite:////srv/hallq.sqlite") == "sqlite:////srv/hallq.sqlite"
    assert mask_secrets("at 10:30 in counter 3") == "at 10:30 in counter 3"


def test_bad_store_urls_never_show_their_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the SQLite URL names a relative file: keep it out of the tree
    for url in BAD_URLS:
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = hallq(["--db", url, "status"])
        assert code in (2, 4), (url, err.getvalue())
        assert SECRET not in err.getvalue() and err.getvalue().startswith("hallq: ")


def test_help_and_log_lines_never_show_a_password() -> None:
    env = {"HALLQ_DB_URL": BAD_URLS[0], "PATH": "/usr/bin:/bin"}
    for tool in ("shared.cli.main", "kiosk", "counter", "display"):
        done = subprocess.run(
            [sys.executable, "-m", tool, "--help"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0 and SECRET not in done.stdout + done.stderr, tool
    done = subprocess.run(
        [sys.executable, "-m", "shared.cli.main", "-v", "status"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 4 and SECRET not in done.stdout + done.stderr
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(MaskSecrets())
    log = logging.getLogger("hallq.test.secrets")
    log.addHandler(handler)
    try:
        log.warning("store %s lost", BAD_URLS[0])
        try:
            raise RuntimeError(f"cannot reach {BAD_URLS[1]}")
        except RuntimeError:
            log.exception("failed")
    finally:
        log.removeHandler(handler)
    assert "hallq:***@" in out.getvalue() and SECRET not in out.getvalue()


@pytest.fixture
def pin_hall(store: Store) -> Store:
    apply_hall(
        store,
        replace(
            small_hall(),
            kiosk=KioskSpec(
                priority_lane=PriorityLane.STAFF_PIN, priority_pin="2468", pin_tries_per_minute=3
            ),
        ),
    )
    return store


def test_the_pin_is_stored_hashed_and_applying_again_keeps_it(pin_hall: Store) -> None:
    with pin_hall.read() as s:
        settings = s.query(Hall).one().settings
    assert "2468" not in str(settings) and "priority_pin" not in settings["kiosk"]
    assert settings["kiosk"]["priority_pin_hash"].startswith("$argon2id$")
    again = apply_hall(
        pin_hall,
        replace(
            small_hall(),
            kiosk=KioskSpec(
                priority_lane=PriorityLane.STAFF_PIN, priority_pin="2468", pin_tries_per_minute=3
            ),
        ),
    )
    assert (again.created, again.updated) == (0, 0)
    changed = apply_hall(
        pin_hall,
        replace(
            small_hall(),
            kiosk=KioskSpec(
                priority_lane=PriorityLane.STAFF_PIN, priority_pin="1357", pin_tries_per_minute=3
            ),
        ),
    )
    assert changed.updated == 1
    assert check_priority_pin(pin_hall, "1357").ok
    assert not check_priority_pin(pin_hall, "2468").ok


def test_wrong_pins_are_events_limited_per_minute_and_shown_to_supervisors(
    pin_hall: Store, clock: ManualClock
) -> None:
    assert check_priority_pin(pin_hall, "2468", kiosk="kiosk-1").ok
    results = [check_priority_pin(pin_hall, pin, kiosk="kiosk-1") for pin in ("0000", "1", "")]
    assert [r.ok for r in results] == [False, False, False]
    assert [r.tries_left for r in results] == [2, 1, 0]
    with pytest.raises(PinLocked) as locked:
        check_priority_pin(pin_hall, "2468", kiosk="kiosk-1")  # even the right one, for now
    assert 1 <= locked.value.seconds <= 61
    failed = [e for e in events_after(pin_hall, 0) if e.kind == PIN_FAILED]
    assert len(failed) == 3 and failed[0].details["kiosk"] == "kiosk-1"
    overview = hall_overview(pin_hall)
    assert len(overview.pin_failures) == 3 and overview.pin_failures[0].kiosk == "kiosk-1"
    clock.set(clock.now() + timedelta(seconds=61))
    assert check_priority_pin(pin_hall, "2468").ok


def test_supervisor_view_shows_wrong_pins(qtbot, pin_hall: Store) -> None:  # type: ignore[no-untyped-def]
    from counter.supervisor import SupervisorView

    check_priority_pin(pin_hall, "0000", kiosk="kiosk-2")
    view = SupervisorView()
    qtbot.addWidget(view)
    view.show_overview(hall_overview(pin_hall))
    assert "1次" in view.pin_failures.text() and "kiosk-2" in view.pin_failures.text()
