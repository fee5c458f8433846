"""The README's hall file example is a real, valid hall file."""

from __future__ import annotations

import re
from pathlib import Path

from shared.config.hallfile import parse_hall_text

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_hall_example_loads() -> None:
    block = re.findall(r"```toml\n(.*?)```", README.read_text(encoding="utf-8"), re.S)[0]
    spec = parse_hall_text(block, "README.md")
    assert spec.services[0].prefix == "A" and spec.counters[0].number == 1
