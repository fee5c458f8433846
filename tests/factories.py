"""Small halls built in code, so store and domain tests do not depend on the hall file parser."""

from __future__ import annotations

from datetime import UTC, datetime

from shared.config.spec import (
    CaseClass,
    ClerkSpec,
    CounterServiceSpec,
    CounterSpec,
    DepartmentSpec,
    DispatchMode,
    DispatchRules,
    HallSpec,
    Role,
    ServiceSpec,
)

# A Monday, 10:00 in Shanghai: inside the default opening hours.
MONDAY_10 = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


def small_hall(**overrides: object) -> HallSpec:
    """Three services in two departments, twelve counters with different dispatch modes."""
    services = (
        ServiceSpec("A", "企业养老保险", "rsj", "A", CaseClass.BENEFIT, "Pensions", 5.0),
        ServiceSpec("B", "医疗保险", "rsj", "B", CaseClass.BENEFIT, "Medical insurance", 8.0),
        ServiceSpec(
            "C",
            "不动产登记",
            "bdc",
            "C",
            CaseClass.CONFIRMATION,
            "Real estate",
            15.0,
            daily_quota=3,
        ),
    )
    links = lambda *codes: tuple(CounterServiceSpec(c) for c in codes)  # noqa: E731
    counters = [
        CounterSpec(1, links("A", "B"), name="综合窗口1"),
        CounterSpec(2, links("A"), name="养老窗口"),
        CounterSpec(
            3,
            (CounterServiceSpec("B", 3), CounterServiceSpec("C", 1)),
            dispatch=DispatchMode.WEIGHTED,
        ),
        CounterSpec(4, links("C", "A"), dispatch=DispatchMode.ORDER),
    ]
    counters += [CounterSpec(n, links("A", "B")) for n in range(5, 13)]
    spec = HallSpec(
        code="test",
        name="测试政务服务中心",
        name_en="Test Service Hall",
        departments=(
            DepartmentSpec("rsj", "人社局", "HRSS"),
            DepartmentSpec("bdc", "不动产登记中心"),
        ),
        services=services,
        counters=tuple(counters),
        clerks=(
            ClerkSpec("li.wei", "李伟"),
            ClerkSpec("wang.fang", "王芳", (Role.CLERK, Role.SUPERVISOR)),
        ),
        dispatch=DispatchRules(),
    )
    if overrides:
        from dataclasses import replace

        spec = replace(spec, **overrides)  # type: ignore[arg-type]
    return spec
