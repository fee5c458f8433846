"""The content of a rating at a counter (线下评价, GB/T 39734 一次一评), versioned, in one place.

The national content is fixed: the overall satisfaction (整体满意度) and three
second-level indicators, 服务效率, 服务水平 and 服务态度. A hall may not add or remove
indicators, so they live here and not in the hall file. What the citizen may pick
under each indicator depends on the overall level chosen: praise for a good level,
what went wrong for a bad one. The option wording is this project's rendering of
that rule; it changes only with a new CONTENT_VERSION, which every stored rating
carries, so ratings given under different wordings are never mixed up.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CONTENT_VERSION = "GB/T39734-offline/hallq-1"
VERSION_KEY = "content_version"
OVERALL = "整体满意度"
INDICATORS: tuple[str, ...] = ("服务效率", "服务水平", "服务态度")

# Levels 1..5 as the rating pad and the store number them (1 非常满意 … 5 非常不满意).
_GOOD = frozenset({1, 2})
_FAIR = frozenset({3})

_OPTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "good": {
        "服务效率": ("办理快捷", "等候时间短", "一次办成"),
        "服务水平": ("业务熟练", "解答清楚准确", "一次性告知"),
        "服务态度": ("热情耐心", "文明规范"),
    },
    "fair": {
        "服务效率": ("办理速度一般", "等候时间较长"),
        "服务水平": ("业务基本熟练", "解答不够清楚"),
        "服务态度": ("态度一般", "不够主动"),
    },
    "bad": {
        "服务效率": ("等候时间过长", "办理拖沓", "多次跑动"),
        "服务水平": ("业务不熟", "解答不清或有误", "未一次性告知"),
        "服务态度": ("态度生硬", "推诿敷衍", "不耐烦"),
    },
}


def band(level: int) -> str:
    """Which option set a level shows: good (非常满意, 满意), fair (基本满意) or bad."""
    if level not in range(1, 6):
        raise ValueError(f"rating level must be 1..5, got {level}")
    return "good" if level in _GOOD else "fair" if level in _FAIR else "bad"


def options(indicator: str, level: int) -> tuple[str, ...]:
    """The options shown under `indicator` once the overall `level` is chosen."""
    if indicator not in INDICATORS:
        raise ValueError(f"unknown indicator {indicator!r}; the indicators are {INDICATORS}")
    return _OPTIONS[band(level)][indicator]


def dimensions(level: int | None, picks: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What `rate(..., dimensions=...)` stores: the overall level, each indicator answered,
    and the content version. An indicator not asked or not answered is absent (never a
    default); a case left unrated stores nothing.

    Raises:
        ValueError: a pick that is not an option of its indicator at this level.
    """
    if level is None:
        return {}
    out: dict[str, Any] = {OVERALL: level}
    for indicator, pick in (picks or {}).items():
        if pick not in options(indicator, level):
            raise ValueError(
                f"{pick!r} is not an option of {indicator} at level {level}; "
                f"options: {', '.join(options(indicator, level))}"
            )
        out[indicator] = pick
    out[VERSION_KEY] = CONTENT_VERSION
    return out
