"""ESC/POS bytes of a ticket, read back command by command."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from shared.printing import PrintableTicket, TicketPrinter, render_ticket
from shared.printing.text import needs_raster, wrap


@dataclass
class Tok:
    """One piece of an ESC/POS stream: a command with its arguments, or a run of text."""

    kind: str  # "text", "LF", or the command such as "GS !"
    arg: bytes = b""
    chinese: bool = False  # text sent inside FS & ... FS .
    size: int = 0  # GS ! in force for text


def parse(data: bytes) -> list[Tok]:
    """Split the stream into commands and text; an unknown command fails the test."""
    toks: list[Tok] = []
    text = bytearray()
    chinese, size, i = False, 0, 0

    def flush() -> None:
        if text:
            toks.append(Tok("text", bytes(text), chinese, size))
            text.clear()

    while i < len(data):
        b = data[i]
        if b in (0x1B, 0x1C, 0x1D):
            flush()
            c = data[i + 1]
            name = {0x1B: "ESC", 0x1C: "FS", 0x1D: "GS"}[b] + " " + chr(c)
            if name == "ESC @" or name in ("FS &", "FS ."):
                n = 2
                chinese = {"FS &": True, "FS .": False}.get(name, chinese)
            elif name in ("ESC a", "ESC E", "ESC M", "ESC d", "GS !", "FS !"):
                n = 3
                if name == "GS !":
                    size = data[i + 2]
            elif name == "GS V":
                n = 4 if data[i + 2] in (65, 66) else 3
            elif name == "GS v":
                w = data[i + 4] + 256 * data[i + 5]
                h = data[i + 6] + 256 * data[i + 7]
                n = 8 + w * h
            elif name == "GS (":
                n = 5 + data[i + 3] + 256 * data[i + 4]
                name += chr(data[i + 2])
                toks.append(Tok(name, data[i + 3 : i + n]))  # pL pH cn fn ...
                i += n
                continue
            else:
                raise AssertionError(f"unexpected command {data[i : i + 3]!r} at {i}")
            toks.append(Tok(name, data[i + 2 : i + n]))
            i += n
        elif b == 0x0A:
            flush()
            toks.append(Tok("LF"))
            i += 1
        else:
            assert b >= 0x20, f"stray control byte {b:#x} at {i}"
            text.append(b)
            i += 1
    flush()
    return toks


def texts(toks: list[Tok]) -> list[str]:
    """Every text run, decoded as the printer would (GB18030 only in Chinese mode)."""
    return [t.arg.decode("gb18030" if t.chinese else "ascii") for t in toks if t.kind == "text"]


CST = timezone(timedelta(hours=8))


def make_ticket(**changes: object) -> PrintableTicket:
    ticket = PrintableTicket(
        hall_name="某某市政务服务中心",
        service_name="社会保险登记",
        service_name_en="Social insurance registration",
        code="A023",
        people_ahead=5,
        issued_at=datetime(2024, 5, 6, 1, 31, 5, tzinfo=UTC),
        est_wait_min=12,
        qr_text="https://hall.example/t/A023",
        notice="过号请重新取号",
        priority=False,
        counter_hint="请到3-5号窗口",
    )
    return replace(ticket, **changes)  # type: ignore[arg-type]


def test_layout_reads_back() -> None:
    data = render_ticket(make_ticket(), tz=CST)
    toks = parse(data)
    assert data.startswith(b"\x1b@")
    lines = texts(toks)
    assert lines[0] == "某某市政务服务中心"
    for expected in (
        "社会保险登记",
        "Social insurance registration",
        "前方等待5人",
        "预计等待约12分钟",
        "请到3-5号窗口",
        "取号时间 2024-05-06 09:31:05",
        "过号请重新取号",
    ):
        assert expected in lines


def test_code_is_double_size_or_larger() -> None:
    for paper in (80, 58):
        toks = parse(render_ticket(make_ticket(), paper_mm=paper))
        code = [t for t in toks if t.kind == "text" and t.arg == b"A023"]
        assert len(code) == 1
        assert code[0].size >> 4 >= 1 and code[0].size & 0x0F >= 1  # width and height x2+


def test_service_name_is_gb18030_in_chinese_mode() -> None:
    data = render_ticket(make_ticket())
    assert b"\x1c&" + "社会保险登记".encode("gb18030") + b"\x1c." in data
    for tok in parse(data):
        if tok.kind == "text" and not tok.chinese:
            assert tok.arg.isascii()  # no Chinese bytes outside FS & ... FS .


def test_native_qr_command() -> None:
    toks = parse(render_ticket(make_ticket(), qr="native"))
    qr = [t.arg for t in toks if t.kind == "GS (k"]
    # pL pH cn fn ...: model 2, module size, error level, store, print
    assert [a[2:4] for a in qr] == [b"1A", b"1C", b"1E", b"1P", b"1Q"]
    assert qr[0][4] == 50  # '2': model 2
    assert 1 <= qr[1][4] <= 16
    assert qr[2][4] in (48, 49, 50, 51)
    assert qr[3][5:] == b"https://hall.example/t/A023"
    assert not [t for t in toks if t.kind == "GS v"]


def test_image_qr_and_no_qr() -> None:
    image = parse(render_ticket(make_ticket(), qr="image"))
    rasters = [t for t in image if t.kind == "GS v"]
    assert len(rasters) == 1 and not [t for t in image if t.kind == "GS (k"]
    width_bytes = rasters[0].arg[2] + 256 * rasters[0].arg[3]
    assert width_bytes == 576 // 8  # centred across the full 80 mm width
    none = parse(render_ticket(make_ticket(), qr="none"))
    assert not [t for t in none if t.kind in ("GS v", "GS (k")]
    no_text = parse(render_ticket(make_ticket(qr_text=None), qr="native"))
    assert not [t for t in no_text if t.kind == "GS (k"]


def test_feed_then_cut_at_the_end() -> None:
    toks = parse(render_ticket(make_ticket()))
    assert toks[-1].kind == "GS V" and toks[-1].arg[0] == 66
    assert toks[-2].kind == "ESC d" and toks[-2].arg[0] >= 1


@pytest.mark.parametrize(("paper", "cols"), [(80, 48), (58, 32)])
def test_lines_wrap_to_paper_width(paper: int, cols: int) -> None:
    long_zh = "社会保险登记与养老保险关系转移接续业务办理请按顺序等候叫号谢谢"
    long_en = "Registration and transfer of social insurance and pension accounts"
    toks = parse(render_ticket(make_ticket(service_name=long_zh, notice=long_en), paper_mm=paper))
    zh_lines = [
        t.arg.decode("gb18030")
        for t in toks
        if t.kind == "text" and t.chinese and t.arg.decode("gb18030") in long_zh
    ]
    assert "".join(zh_lines) == long_zh
    assert len(zh_lines[0]) == cols // 2  # full lines of Chinese characters
    assert all(len(line) <= cols // 2 for line in zh_lines)
    en = [t.arg.decode() for t in toks if t.kind == "text" and t.arg.decode("gb18030") in long_en]
    assert " ".join(en) == long_en and len(en) >= 2
    assert all(len(line) <= cols for line in en)


def test_wrap_keeps_words_and_counts_chinese_double() -> None:
    assert wrap("ab cd ef", 5) == ["ab cd", "ef"]
    assert wrap("中文ab中文", 6) == ["中文ab", "中文"]
    assert wrap("", 10) == [""]


@pytest.mark.parametrize("rare", ["𠀀", "䶮", "㛃"])
def test_rare_character_goes_as_raster_never_question_mark(rare: str) -> None:
    assert needs_raster(rare)
    name = f"申请人张{rare}"
    toks = parse(render_ticket(make_ticket(service_name=name), paper_mm=58))
    assert not any("?" in t or "？" in t for t in texts(toks))
    assert name not in texts(toks)
    rasters = [t for t in toks if t.kind == "GS v"]
    assert len(rasters) == 1  # the name line (the QR is native)
    w = rasters[0].arg[2] + 256 * rasters[0].arg[3]
    assert w == 384 // 8
    assert any(rasters[0].arg[6:])  # some black dots were drawn


def test_control_bytes_in_text_cannot_become_commands() -> None:
    toks = parse(render_ticket(make_ticket(hall_name="大厅\x1b@\x1dV\x00")))
    assert [t.kind for t in toks].count("ESC @") == 1
    assert toks[0].kind == "ESC @"


def test_bad_input_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="time-zone aware"):
        make_ticket(issued_at=datetime(2024, 5, 6, 9, 0))
    with pytest.raises(ValueError, match="80 or 58"):
        render_ticket(make_ticket(), paper_mm=76)
    with pytest.raises(ValueError, match="qr must be"):
        render_ticket(make_ticket(), qr="png")  # type: ignore[arg-type]


def test_test_page_goes_to_file(tmp_path: Path) -> None:
    out = tmp_path / "tickets.bin"
    printer = TicketPrinter(f"file://{out}", paper_mm=58)
    first = printer.test_page()
    second = printer.print_ticket(make_ticket())
    assert out.read_bytes() == first + second
    assert "打印机自检" in texts(parse(first))
