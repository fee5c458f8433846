"""The limits table in docs/security.md is the one in shared/limits.py."""

from __future__ import annotations

from pathlib import Path

from shared.limits import TextLimit, bad_character, markdown_tables, text_problem

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"


def test_the_documented_limits_are_the_ones_in_force() -> None:
    doc = DOC.read_text(encoding="utf-8")
    generated = doc.split("<!-- limits:begin", 1)[1].split("-->", 1)[1]
    generated = generated.split("<!-- limits:end -->", 1)[0].lstrip("\n")
    assert generated == markdown_tables(), "run markdown_tables() into docs/security.md"


def test_names_refuse_invisible_and_direction_changing_characters_and_emoji() -> None:
    for bad in (
        "li\u202ewei",
        "a\u200bb",
        "\u2066x\u2069",
        "x\x07",
        "a\nb",
        "票😀",
        "\ue000",
        "a\u2028b",
        "\ufeffa",
    ):
        assert bad_character(bad), bad
    for good in ("李伟", "不动产登记（抵押）", "Zhang San-Li", "A·B", "第3号窗口", "䶮"):
        assert bad_character(good) is None, good
    assert bad_character("第一行\n第二行", line_breaks=True) is None
    assert (
        text_problem("x" * 101, TextLimit(100, "name")) == "must be at most 100 characters, got 101"
    )
