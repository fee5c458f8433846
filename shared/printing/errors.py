"""The printer's errors and status: one family, messages in Chinese with the English beside."""

from __future__ import annotations

from enum import StrEnum


class PrinterStatus(StrEnum):
    """What a printer said about itself (or `UNKNOWN` where the transport cannot ask)."""

    ONLINE = "online"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    UNKNOWN = "unknown"


class PrinterError(Exception):
    """Base of every printing failure; `where` names the printer URL."""

    zh = "打印机故障"
    en = "printer failure"
    hint = "请联系工作人员 / call the staff"

    def __init__(self, where: str, detail: str = "") -> None:
        self.where = where
        self.detail = detail
        super().__init__(str(self))

    def __str__(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        return f"{self.zh} / {self.en}: {self.where}{detail}. {self.hint}"


class PrinterOffline(PrinterError):
    """The printer cannot be reached or says it is offline."""

    zh = "打印机未连接或离线"
    en = "printer offline or unreachable"
    hint = "请检查电源和连接线 / check power and cable"


class PrinterPaperOut(PrinterError):
    """The paper roll is empty."""

    zh = "打印机缺纸"
    en = "printer out of paper"
    hint = "请更换纸卷 / load a new paper roll"


class PrinterCoverOpen(PrinterError):
    """The cover is open."""

    zh = "打印机盖未关好"
    en = "printer cover open"
    hint = "请合上打印机盖 / close the printer cover"


class PrinterTimeout(PrinterError):
    """The printer did not take the data (or answer) in time."""

    zh = "打印机无响应"
    en = "printer timed out"
    hint = "请检查打印机是否卡纸或忙 / check for a jam or a busy printer"


class FontMissing(PrinterError):
    """No installed font can draw a character that must go as an image."""

    zh = "缺少中文字体"
    en = "no CJK font for a rare character"
    hint = "请安装 fonts-wqy-microhei 和 fonts-hanazono / install those font packages"
