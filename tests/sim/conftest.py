"""Halls built in code for the simulator's tests."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from shared.config.spec import (
    CaseClass,
    CounterServiceSpec,
    CounterSpec,
    DepartmentSpec,
    HallSpec,
    ServiceSpec,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Tuesday at midnight: a whole business day ahead for runs that ignore opening hours.
TUESDAY_0 = datetime(2026, 12, 1, 0, 0, tzinfo=SHANGHAI)


def mmc_hall(counters: int) -> HallSpec:
    """One service, `counters` counters serving only it, first come first served: M/M/c."""
    return HallSpec(
        code="mmc",
        name="排队论检验大厅",
        departments=(DepartmentSpec("d", "部门"),),
        services=(
            ServiceSpec("A", "单一事项", "d", "A", CaseClass.PUBLIC_SERVICE, target_minutes=5.0),
        ),
        counters=tuple(CounterSpec(n, (CounterServiceSpec("A"),)) for n in range(1, counters + 1)),
    )
