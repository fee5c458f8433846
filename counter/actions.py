"""The clerk's actions: their names, labels and default hot keys (configurable per PC)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QKeySequence


@dataclass(frozen=True)
class ActionDef:
    name: str
    label: str  # Chinese source text; translated in context "Action"
    key: str  # default hot key


ACTIONS: tuple[ActionDef, ...] = (
    ActionDef("call_next", str(QT_TRANSLATE_NOOP("Action", "叫号")), "F1"),
    ActionDef("recall", str(QT_TRANSLATE_NOOP("Action", "重呼")), "F2"),
    ActionDef("no_show", str(QT_TRANSLATE_NOOP("Action", "过号")), "F3"),
    ActionDef("call_chosen", str(QT_TRANSLATE_NOOP("Action", "特呼")), "F4"),
    ActionDef("start", str(QT_TRANSLATE_NOOP("Action", "开始办理")), "F5"),
    ActionDef("finish", str(QT_TRANSLATE_NOOP("Action", "办结")), "F6"),
    ActionDef("transfer", str(QT_TRANSLATE_NOOP("Action", "转移")), "F7"),
    ActionDef("pause", str(QT_TRANSLATE_NOOP("Action", "暂停")), "F8"),
    ActionDef("resume", str(QT_TRANSLATE_NOOP("Action", "恢复")), "F9"),
    ActionDef("rate", str(QT_TRANSLATE_NOOP("Action", "评价")), "F10"),
    ActionDef("hold", str(QT_TRANSLATE_NOOP("Action", "挂起")), "F11"),
    ActionDef("restore", str(QT_TRANSLATE_NOOP("Action", "恢复挂起")), "F12"),
    ActionDef("cancel", str(QT_TRANSLATE_NOOP("Action", "作废")), "Ctrl+Del"),
    ActionDef("issue", str(QT_TRANSLATE_NOOP("Action", "代取号")), "Ctrl+N"),
    ActionDef("logout", str(QT_TRANSLATE_NOOP("Action", "退出")), "Ctrl+Q"),
)
NAMES = tuple(a.name for a in ACTIONS)


class HotKeyError(ValueError):
    """A hot-key setting names an unknown action or an unreadable key."""


def hot_keys(overrides: Mapping[str, str] | None = None) -> dict[str, QKeySequence]:
    """Each action's key: the default, or the PC's own setting (e.g. {"call_next": "Space"})."""
    keys = {a.name: a.key for a in ACTIONS}
    for name, text in (overrides or {}).items():
        if name not in keys:
            raise HotKeyError(f"hot key for unknown action {name!r}; actions: {', '.join(NAMES)}")
        if QKeySequence(text).isEmpty() or QKeySequence(text).toString() == "":
            raise HotKeyError(f"hot key {text!r} for {name} is not a key Qt understands")
        keys[name] = text
    taken: dict[str, str] = {}
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


def label(name: str) -> str:
    """The translated label of an action."""
    for a in ACTIONS:
        if a.name == name:
            return QCoreApplication.translate("Action", a.label)
    raise KeyError(name)
