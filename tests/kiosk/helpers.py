"""Taps on the kiosk as a citizen makes them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt


def tap(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def tile(kiosk: Any, name: str) -> Any:
    return kiosk.window.home.tiles[name]


def take(qtbot: Any, kiosk: Any, department: str, service: str) -> Any:
    """Open the department, tap the service, wait for the print; returns the PrintResult."""
    tap(qtbot, tile(kiosk, f"dept:{department}"))
    with qtbot.waitSignal(kiosk.controller.printed, timeout=10000) as printed:
        tap(qtbot, tile(kiosk, f"service:{service}"))
    return printed.args[0]
