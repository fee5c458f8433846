"""The apps' use cases run with each PC's own URL, and the store holds the line on who acts:
the clerk comes from the session, supervisor actions need a supervisor."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from shared import services as uc
from shared.domain.clock import ManualClock
from shared.services import auth
from shared.services.appointments import NewAppointment, add_appointments, check_in
from shared.services.follow_up import close_follow_up, open_follow_ups
from shared.services.printing import record_printer_fault
from shared.services.supervision import extend_service_day
from shared.store.apply import apply_hall
from shared.store.db import Store, StoreRefused
from tests.conftest import PG_ADMIN_URL, PgDatabases, pg_url
from tests.factories import MONDAY_10, small_hall
from tests.store.pgroles import RoleStore, drop_all, drop_cluster_roles, make_roles

pytestmark = pytest.mark.pg
PASSWORD = "secret-123"


@pytest.fixture
def hall(
    pg_databases: PgDatabases,
    migrated_templates: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> Iterator[tuple[RoleStore, dict[str, Store]]]:
    from tests.conftest import _pg_template

    name = pg_databases.create(template=_pg_template(migrated_templates, pg_databases))
    url = pg_url(name)
    owner = Store(url, clock=ManualClock(MONDAY_10))
    apply_hall(owner, small_hall())
    owner.dispose()
    rs = make_roles(url, tmp_path, capsys)
    stores: dict[str, Store] = {}
    try:
        for kind, role_url in rs.urls.items():
            # The apps' clock is the PC's; the tests' hall is open on Monday 10:00.
            stores[kind] = Store(role_url, clock=ManualClock(MONDAY_10))
        # The admin invites; each clerk sets a password with the code at first log-in.
        for login in ("li.wei", "wang.fang"):
            code, _ = auth.invite(stores["admin"], login=login)
            auth.set_first_password(
                stores["counter"], login=login, password=PASSWORD, setup_code=code
            )
        yield rs, stores
    finally:
        for store in stores.values():
            store.dispose()
        drop_all(url, list(rs.names.values()))
        pg_databases.drop(name)
        drop_cluster_roles(PG_ADMIN_URL, list(rs.names.values()))


def counter_pc(rs: RoleStore) -> Store:
    return Store(rs.urls["counter"], clock=ManualClock(MONDAY_10))


def test_each_pc_does_its_work_with_its_own_url(hall: tuple[RoleStore, dict[str, Store]]) -> None:
    rs, pcs = hall
    kiosk, display, admin = pcs["kiosk"], pcs["display"], pcs["admin"]
    ticket = uc.issue_ticket(kiosk, service="C")  # C has a quota: issuing takes its lock
    record_printer_fault(
        kiosk, code=ticket.code, url="file:/dev/null", error="paper", fault="paper_out"
    )
    add_appointments(
        admin,
        [NewAppointment("BK1", "A", MONDAY_10, MONDAY_10.replace(hour=3))],
        source="test",
    )
    assert check_in(kiosk, booking_code="BK1").ticket.code.startswith("A")
    # The admin PC applies the hall file again (as `hallq config apply` does).
    from shared.config.spec import ClerkSpec
    from shared.store.migrate import upgrade

    upgrade(admin)  # current already: a no-op that leaves the grants alone
    extra = ClerkSpec("zhao.lei", "赵磊")
    result = apply_hall(admin, small_hall(clerks=(*small_hall().clerks, extra)))
    assert result.created == 1
    status = uc.hall_status(display)
    assert sum(s.waiting for s in status.services) == 2
    assert uc.hall_status(pcs["web"]).hall == "test"

    counter = counter_pc(rs)
    session = auth.log_in(counter, login="li.wei", password=PASSWORD, counter=1)
    assert session.token and counter.clerk_token == session.token
    uc.open_counter(counter, counter=1, clerk="li.wei")
    # The client claims another clerk: the store records the one logged in.
    call = uc.call_next(counter, counter=1, clerk="wang.fang")
    uc.finish(counter, counter=1, clerk="wang.fang")
    events = uc.events_after(display, call.event_id - 1)
    assert [(e.kind, e.clerk, e.recorded_by) for e in events[:2]] == [
        ("called", "li.wei", rs.names["counter"]),
        ("finished", "li.wei", rs.names["counter"]),
    ]
    with psycopg.connect(rs.plain("display")) as conn:
        clerk = conn.execute("SELECT clerk FROM ticket WHERE id = %s", (call.ticket_id,)).fetchone()
    assert clerk == ("li.wei",)
    auth.log_out(counter, login="li.wei", counter=1)
    uc.issue_ticket(kiosk, service="A")
    with pytest.raises(StoreRefused, match="no clerk is logged in"):
        uc.call_next(counter, counter=1)
    counter.dispose()


def test_a_clerk_is_no_supervisor(hall: tuple[RoleStore, dict[str, Store]]) -> None:
    rs, pcs = hall
    clerk_pc = counter_pc(rs)
    auth.log_in(clerk_pc, login="li.wei", password=PASSWORD, counter=1)
    uc.open_counter(clerk_pc, counter=1, clerk="li.wei")
    for attempt in (
        lambda: uc.open_counter(clerk_pc, counter=2, clerk="li.wei"),  # another counter
        lambda: uc.open_counter(clerk_pc, counter=1, clerk="wang.fang"),  # another clerk
        lambda: extend_service_day(clerk_pc, service="A", extra_quota=5),
        lambda: auth.reset_password(clerk_pc, login="wang.fang", password="taken-over"),
    ):
        with pytest.raises((StoreRefused, auth.AuthError)):
            attempt()
    # A bad rating's follow-up is closed by a supervisor only.
    uc.issue_ticket(pcs["kiosk"], service="A")
    served = uc.call_next(clerk_pc, counter=1)
    uc.finish(clerk_pc, counter=1)
    uc.rate(clerk_pc, ticket_id=served.ticket_id, level=5, reasons=["等候时间长"])
    item = open_follow_ups(clerk_pc)[0]
    with pytest.raises(StoreRefused, match="supervisor"):
        close_follow_up(clerk_pc, follow_up_id=item.id, outcome="explained", action="x")

    sup_pc = counter_pc(rs)
    auth.log_in(sup_pc, login="wang.fang", password=PASSWORD, counter=2)
    uc.open_counter(sup_pc, counter=3, clerk="wang.fang")
    extend_service_day(sup_pc, service="A", extra_quota=5)
    # The store writes who closed it, whatever `by` the client sent.
    close_follow_up(sup_pc, follow_up_id=item.id, outcome="explained", action="called back")
    assert open_follow_ups(sup_pc) == []
    with psycopg.connect(rs.plain("display")) as conn:
        kinds = conn.execute(
            "SELECT kind, clerk FROM event WHERE kind IN ('service_extended', 'follow_up_closed')"
        ).fetchall()
    assert sorted(kinds) == [("follow_up_closed", "wang.fang"), ("service_extended", "wang.fang")]
    clerk_pc.dispose()
    sup_pc.dispose()


def test_a_session_token_works_only_for_the_role_that_opened_it(
    hall: tuple[RoleStore, dict[str, Store]],
) -> None:
    rs, pcs = hall
    counter = counter_pc(rs)
    session = auth.log_in(counter, login="wang.fang", password=PASSWORD, counter=1)
    kiosk = pcs["kiosk"]
    kiosk.clerk_token = session.token  # a token seen on the LAN, tried from the lobby
    uc.issue_ticket(kiosk, service="A")
    with psycopg.connect(rs.plain("display")) as conn:
        row = conn.execute("SELECT clerk FROM event WHERE kind = 'issued'").fetchone()
    assert row == (None,)
    counter.dispose()


def test_lockout_is_the_stores_whatever_the_client(
    hall: tuple[RoleStore, dict[str, Store]],
) -> None:
    rs, _pcs = hall
    counter = counter_pc(rs)
    for remaining in (4, 3, 2, 1):
        with pytest.raises(auth.BadPassword) as exc:
            auth.log_in(counter, login="li.wei", password="guess")
        assert exc.value.remaining == remaining
    with pytest.raises(auth.AccountLocked):
        auth.log_in(counter, login="li.wei", password="guess")
    # A PC's own clock cannot move the lock-out on: the store uses its own for app roles.
    counter.clock.advance(3600)  # type: ignore[attr-defined]
    with pytest.raises(auth.AccountLocked):
        auth.log_in(counter, login="li.wei", password=PASSWORD)
    # The same call straight to the store, without hallq's code, gets the same answer.
    with psycopg.connect(rs.plain("counter")) as conn:
        row = conn.execute(
            "SELECT status FROM hallq_log_in(1, 'li.wei', %s, NULL, now() + interval '1 day')",
            (PASSWORD,),
        ).fetchone()
    assert row == ("locked",)
    counter.dispose()


def test_supervisor_screenshot_needs_the_admin_url(
    hall: tuple[RoleStore, dict[str, Store]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from counter.__main__ import main as counter_main

    rs, _pcs = hall
    shot = tmp_path / "sup.png"
    argv = ["--counter", "1", "--screenshot", str(shot), "--supervisor", "--no-devices"]
    assert counter_main(["--db", rs.urls["counter"], *argv]) == 2
    assert "without a log-in" in capsys.readouterr().err and not shot.exists()
    assert counter_main(["--db", rs.urls["admin"], *argv]) == 0
    assert shot.stat().st_size > 0


def test_the_admin_pc_names_the_supervisor_who_closes_a_follow_up(
    hall: tuple[RoleStore, dict[str, Store]],
) -> None:
    rs, pcs = hall
    clerk_pc = counter_pc(rs)
    auth.log_in(clerk_pc, login="li.wei", password=PASSWORD, counter=1)
    uc.open_counter(clerk_pc, counter=1, clerk="li.wei")
    uc.issue_ticket(pcs["kiosk"], service="A")
    served = uc.call_next(clerk_pc, counter=1)
    uc.finish(clerk_pc, counter=1)
    uc.rate(clerk_pc, ticket_id=served.ticket_id, level=4, reasons=["态度"])
    item = open_follow_ups(pcs["admin"])[0]
    with pytest.raises(StoreRefused, match="names the supervisor"):
        close_follow_up(pcs["admin"], follow_up_id=item.id, outcome="fixed", action="x")
    close_follow_up(pcs["admin"], follow_up_id=item.id, outcome="fixed", action="x", by="wang.fang")
    assert open_follow_ups(pcs["admin"]) == []
    clerk_pc.dispose()


def test_the_admin_pc_runs_the_command_line_and_resets_passwords(
    hall: tuple[RoleStore, dict[str, Store]],
) -> None:
    rs, pcs = hall
    admin = pcs["admin"]
    uc.issue_ticket(admin, service="A")
    uc.open_counter(admin, counter=5)
    assert uc.call_next(admin, counter=5).counter == 5
    auth.reset_password(admin, login="li.wei", password="reset-by-admin")
    counter = counter_pc(rs)
    assert auth.log_in(counter, login="li.wei", password="reset-by-admin").login == "li.wei"
    # A supervisor's session may reset a clerk's password, not an admin's.
    sup = counter_pc(rs)
    auth.log_in(sup, login="wang.fang", password=PASSWORD, counter=2)
    auth.reset_password(sup, login="li.wei", password="reset-by-sup")
    from shared.config.spec import ClerkSpec, Role

    boss = ClerkSpec("boss", "管理员", roles=(Role.ADMIN,))
    apply_hall(admin, small_hall(clerks=(*small_hall().clerks, boss)))
    with pytest.raises(auth.AuthError, match="admin PC only"):
        auth.reset_password(sup, login="boss", password="taken-over")
    counter.dispose()
    sup.dispose()
