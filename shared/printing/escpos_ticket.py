"""A `PrintableTicket` turned into ESC/POS bytes for Chinese thermal printers (80 or 58 mm)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import tzinfo
from typing import Literal

import qrcode
from escpos.capabilities import BaseProfile, get_profile
from escpos.constants import QR_ECLEVEL_M, QR_MODEL_2
from escpos.printer import Dummy

from shared.config.spec import PrinterSpec

from . import text as tx
from .raster import CjkFonts, render_line
from .ticket import PrintableTicket

QrMode = Literal["native", "image", "none"]

ESC, GS, FS = b"\x1b", b"\x1d", b"\x1c"
INIT = ESC + b"@"
CUT = GS + b"V\x42\x00"  # GS V 66 0: feed to the cutter, then cut
FEED_BEFORE_CUT = ESC + b"d\x03"  # the last line must clear the cutter


@dataclass(frozen=True)
class Paper:
    """A roll width and what fits across it."""

    mm: int
    dots: int
    cols: int  # Latin characters of font A; Chinese characters take two
    cols_small: int  # font B
    qr_module: int

    @staticmethod
    def of(mm: int) -> Paper:
        """The paper for a roll width in millimetres (80 or 58)."""
        if mm == 80:
            return Paper(80, 576, 48, 64, 6)
        if mm == 58:
            return Paper(58, 384, 32, 42, 5)
        raise ValueError(f"paper_mm must be 80 or 58, got {mm!r}")


def _profile(paper: Paper) -> BaseProfile:
    """The default profile plus the media width it lacks, so images centre (FINDINGS.md)."""
    profile = get_profile()
    data = copy.deepcopy(profile.profile_data)
    data["media"] = {"width": {"pixels": paper.dots, "mm": paper.mm - 8}, "dpi": 203}
    profile.profile_data = data  # an instance attribute: the shared class data stays as is
    return profile


def _size(width: int, height: int) -> bytes:
    """Character size for Latin (GS !) and Chinese (FS !, which knows only x1 and x2)."""
    kanji = (0x04 if width > 1 else 0) | (0x08 if height > 1 else 0)
    return GS + b"!" + bytes([((width - 1) << 4) | (height - 1)]) + FS + b"!" + bytes([kanji])


class _Writer:
    """Collects a ticket's bytes; text goes as GB18030 or, with rare characters, as an image."""

    def __init__(self, paper: Paper, fonts: CjkFonts) -> None:
        self.paper = paper
        self.fonts = fonts
        self.printer = Dummy()
        self.printer.profile = _profile(paper)  # Dummy() takes only a profile name
        self.printer._raw(INIT)

    def raw(self, data: bytes) -> None:
        self.printer._raw(data)

    def line(
        self, content: str, *, scale: int = 1, bold: bool = False, small: bool = False
    ) -> None:
        """Print text centred, wrapped to the paper at the given size."""
        cols = (self.paper.cols_small if small else self.paper.cols) // scale
        self.raw(ESC + b"a\x01" + _size(scale, scale) + ESC + b"E" + bytes([bold]))
        self.raw(ESC + b"M" + bytes([small]))
        for piece in tx.wrap(tx.clean(content), cols):
            if tx.has_rare(piece):
                char_dots = (self.paper.dots // self.paper.cols) * 2 * scale
                image = render_line(
                    piece,
                    self.fonts,
                    width_dots=self.paper.dots,
                    char_dots=char_dots,
                    center=True,
                )
                self.printer.image(image, impl="bitImageRaster")
            else:
                self.raw(tx.to_printer_bytes(piece) + b"\n")
        self.raw(_size(1, 1) + ESC + b"E\x00" + ESC + b"M\x00")

    def qr(self, content: str, mode: QrMode) -> None:
        """The QR code, by the printer (GS ( k) or as a raster image made here."""
        self.raw(ESC + b"a\x01")
        if mode == "native":
            self.printer.qr(
                content,
                ec=QR_ECLEVEL_M,
                size=self.paper.qr_module,
                model=QR_MODEL_2,
                native=True,
            )
            self.raw(b"\n")
        elif mode == "image":
            code = qrcode.QRCode(
                box_size=self.paper.qr_module,
                border=2,
                error_correction=qrcode.constants.ERROR_CORRECT_M,
            )
            code.add_data(content)
            code.make(fit=True)
            image = code.make_image().get_image().convert("1")
            if image.width > self.paper.dots:
                raise ValueError(
                    f"QR text too long for {self.paper.mm} mm paper ({len(content)} chars)"
                )
            self.printer.image(image, impl="bitImageRaster", center=True)


def render_ticket(
    ticket: PrintableTicket,
    *,
    paper_mm: int = PrinterSpec.paper_mm,
    qr: QrMode = "native",
    tz: tzinfo | None = None,
    fonts: CjkFonts | None = None,
) -> bytes:
    """The ESC/POS bytes of one ticket; `tz` is the hall's zone (default: issued_at's own)."""
    if qr not in ("native", "image", "none"):
        raise ValueError(f"qr must be 'native', 'image' or 'none', got {qr!r}")
    paper = Paper.of(paper_mm)
    out = _Writer(paper, fonts or CjkFonts())
    out.line(
        ticket.hall_name,
        scale=2 if tx.text_cols(ticket.hall_name) <= paper.cols // 2 else 1,
        bold=True,
    )
    out.raw(b"-" * paper.cols + b"\n")
    out.line(ticket.service_name, bold=True)
    if ticket.service_name_en:
        out.line(ticket.service_name_en, small=True)
    if ticket.priority:
        out.line("【优先】Priority", bold=True)
    out.raw(ESC + b"d\x01")
    out.line(ticket.code, scale=3 if paper.mm == 80 else 2, bold=True)
    out.raw(ESC + b"d\x01")
    out.line(f"前方等待{ticket.people_ahead}人")
    if ticket.est_wait_min is not None:
        low, high = ticket.est_wait_low_min, ticket.est_wait_high_min
        if low is not None and high is not None and high > low:
            out.line(f"预计等待约{low}-{high}分钟")
        else:
            out.line(f"预计等待约{ticket.est_wait_min}分钟")
        if ticket.closes_first:
            out.line("今日办理时间可能先结束")
    if ticket.counter_hint:
        out.line(ticket.counter_hint)
    issued = ticket.issued_at.astimezone(tz) if tz else ticket.issued_at
    out.line(f"取号时间 {issued:%Y-%m-%d %H:%M:%S}")
    if ticket.qr_text and qr != "none":
        out.qr(ticket.qr_text, qr)
    if ticket.notice:
        out.line(ticket.notice)
    out.raw(FEED_BEFORE_CUT + CUT)
    data: bytes = out.printer.output
    return data
