"""`--geometry WxH+X+Y`: where an app's window goes (a second screen, a tiled demo)."""

from __future__ import annotations

import argparse
import re

from PySide6.QtWidgets import QWidget

GEOMETRY_RE = re.compile(r"^(\d+)x(\d+)\+(-?\d+)\+(-?\d+)$")


def geometry(text: str) -> tuple[int, int, int, int]:
    """argparse type: "1280x720+640+0" -> (x, y, width, height)."""
    match = GEOMETRY_RE.match(text.strip())
    if not match:
        raise argparse.ArgumentTypeError(
            f"expected WIDTHxHEIGHT+X+Y such as 1280x720+640+0, got {text!r}"
        )
    width, height, x, y = (int(g) for g in match.groups())
    if width < 200 or height < 150:
        raise argparse.ArgumentTypeError(f"a window of {width}x{height} is too small to use")
    return x, y, width, height


def add_geometry_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--geometry",
        type=geometry,
        metavar="WxH+X+Y",
        help="a window of this size at this place on the desktop (implies a window)",
    )


def place(window: QWidget, where: tuple[int, int, int, int] | None) -> None:
    """Move and size `window` as asked; nothing when `where` is None."""
    if where is not None:
        x, y, width, height = where
        window.setGeometry(x, y, width, height)
