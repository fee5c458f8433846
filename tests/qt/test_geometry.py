"""`--geometry WxH+X+Y` as the apps accept it."""

from __future__ import annotations

import argparse

import pytest

from shared.qt.geometry import geometry


def test_geometry_parses_size_and_place() -> None:
    assert geometry("1140x640+780+0") == (780, 0, 1140, 640)
    assert geometry("800x600+-1920+0") == (-1920, 0, 800, 600)  # a screen to the left


@pytest.mark.parametrize("bad", ["1140x640", "x640+0+0", "1140*640+0+0", "100x100+0+0", ""])
def test_geometry_refuses_what_it_cannot_place(bad: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        geometry(bad)
