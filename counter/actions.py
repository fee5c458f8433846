"""The counter's actions: one enum for every use case the controller runs; the clerk's
buttons among them with their labels and default hot keys (configurable per PC).

The values are the names seen outside (hot-key settings such as `call_next=Space`, the
buttons' object names), so they never change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QKeySequence


class Action(StrEnum):
    """What the counter's controller runs, one use case each."""

    CALL_NEXT = "call_next"
    RECALL = "recall"
    NO_SHOW = "no_show"
    CALL_CHOSEN = "call_chosen"
    START = "start"
    FINISH = "finish"
    TRANSFER = "transfer"
    PAUSE = "pause"
    RESUME = "resume"
    RATE = "rate"
    HOLD = "hold"
    RESTORE = "restore"
    CANCEL = "cancel"
    ISSUE = "issue"
    LOGOUT = "logout"
    # Not buttons: the log-in page and the supervisor tab start these.
    LOG_IN = "log_in"
    SET_PASSWORD = "set_password"
    OPEN_COUNTER = "open_counter"
    CLOSE_COUNTER = "close_counter"
    EXTEND = "extend"
    CLOSE_FOLLOW_UP = "close_follow_up"


@dataclass(frozen=True)
class ActionDef:
    name: Action
    label: str  # Chinese source text; translated in context "Action"
    key: str  # default hot key


ACTIONS: tuple[ActionDef, ...] = (
    ActionDef(Action.CALL_NEXT, str(QT_TRANSLATE_NOOP("Action", "叫号")), "F1"),
    ActionDef(Action.RECALL, str(QT_TRANSLATE_NOOP("Action", "重呼")), "F2"),
    ActionDef(Action.NO_SHOW, str(QT_TRANSLATE_NOOP("Action", "过号")), "F3"),
    ActionDef(Action.CALL_CHOSEN, str(QT_TRANSLATE_NOOP("Action", "特呼")), "F4"),
    ActionDef(Action.START, str(QT_TRANSLATE_NOOP("Action", "开始办理")), "F5"),
    ActionDef(Action.FINISH, str(QT_TRANSLATE_NOOP("Action", "办结")), "F6"),
    ActionDef(Action.TRANSFER, str(QT_TRANSLATE_NOOP("Action", "转移")), "F7"),
    ActionDef(Action.PAUSE, str(QT_TRANSLATE_NOOP("Action", "暂停")), "F8"),
    ActionDef(Action.RESUME, str(QT_TRANSLATE_NOOP("Action", "恢复")), "F9"),
    ActionDef(Action.RATE, str(QT_TRANSLATE_NOOP("Action", "评价")), "F10"),
    ActionDef(Action.HOLD, str(QT_TRANSLATE_NOOP("Action", "挂起")), "F11"),
    ActionDef(Action.RESTORE, str(QT_TRANSLATE_NOOP("Action", "恢复挂起")), "F12"),
    ActionDef(Action.CANCEL, str(QT_TRANSLATE_NOOP("Action", "作废")), "Ctrl+Del"),
    ActionDef(Action.ISSUE, str(QT_TRANSLATE_NOOP("Action", "代取号")), "Ctrl+N"),
    ActionDef(Action.LOGOUT, str(QT_TRANSLATE_NOOP("Action", "退出")), "Ctrl+Q"),
)
NAMES = tuple(a.name for a in ACTIONS)


class HotKeyError(ValueError):
    """A hot-key setting names an unknown action or an unreadable key."""


def hot_keys(overrides: Mapping[str, str] | None = None) -> dict[Action, QKeySequence]:
    """Each action's key: the default, or the PC's own setting (e.g. {"call_next": "Space"})."""
    keys = {a.name: a.key for a in ACTIONS}
    for name, text in (overrides or {}).items():
        if name not in keys:
            raise HotKeyError(f"hot key for unknown action {name!r}; actions: {', '.join(NAMES)}")
        if QKeySequence(text).isEmpty() or QKeySequence(text).toString() == "":
            raise HotKeyError(f"hot key {text!r} for {name} is not a key Qt understands")
        keys[Action(name)] = text
    taken: dict[str, Action] = {}
    for name, text in keys.items():
        norm = QKeySequence(text).toString()
        if norm in taken:
            raise HotKeyError(f"hot key {text!r} given to both {taken[norm]} and {name}")
        taken[norm] = name
    return {name: QKeySequence(text) for name, text in keys.items()}


def parse_key_options(items: list[str]) -> dict[str, str]:
    """`ACTION=KEY` strings from the command line as a mapping."""
    out = {}
    for item in items:
        name, sep, key = item.partition("=")
        if not sep or not name or not key:
            raise HotKeyError(f"--key expects ACTION=KEY (e.g. call_next=Space), got {item!r}")
        out[name.strip()] = key.strip()
    return out


def label(name: Action) -> str:
    """The translated label of an action."""
    for a in ACTIONS:
        if a.name == name:
            return QCoreApplication.translate("Action", a.label)
    raise KeyError(name)
