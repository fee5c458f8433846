"""Sizes and colours of the kiosk, normal and elder mode (适老化), checked for contrast."""

from __future__ import annotations

from dataclasses import dataclass

# Elder-friendly figures (DOMAIN.md): body >= 18 pt, contrast >= 4.5:1, targets >= 60x60 dp.
MIN_TARGET_MM = 15.0


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of "#RRGGBB"."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    a, b = sorted((relative_luminance(fg), relative_luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def mm_to_px(mm: float, dpi: float) -> int:
    return round(mm / 25.4 * dpi)


@dataclass(frozen=True)
class Theme:
    """Pixel sizes for one mode; `dpi` is the screen's logical DPI."""

    elder: bool
    dpi: float = 96.0
    fg: str = "#1A1A1A"
    bg: str = "#F2F4F7"
    card: str = "#FFFFFF"
    primary: str = "#0B4FB3"
    on_primary: str = "#FFFFFF"
    muted_fg: str = "#44484E"  # greyed (closed) services: still readable
    muted_bg: str = "#DDE1E6"
    green: str = "#0A6630"  # 绿色通道
    warn: str = "#A3231A"

    @property
    def body_px(self) -> int:
        # 18 pt at the screen's DPI is the elder floor; normal mode stays readable at 60 cm.
        return max(34, round(18 / 72 * self.dpi) + 8) if self.elder else 26

    @property
    def small_px(self) -> int:
        return max(self.body_px - 6, round(18 / 72 * self.dpi)) if self.elder else 21

    @property
    def title_px(self) -> int:
        return 46 if self.elder else 38

    @property
    def code_px(self) -> int:
        return 200 if self.elder else 160

    @property
    def target_px(self) -> int:
        """The smallest side of any touch target."""
        floor = mm_to_px(MIN_TARGET_MM, self.dpi)
        dp = 60 if self.elder else 44
        return max(floor, round(dp * self.dpi / 160), 120 if self.elder else 96)

    def per_page(self, configured: int) -> int:
        """Fewer choices per page in elder mode."""
        return min(configured, 6) if self.elder else configured

    def columns(self, portrait: bool) -> int:
        if self.elder:
            return 1 if portrait else 2
        return 2 if portrait else 3

    def stylesheet(self) -> str:
        return f"""
QWidget#kiosk {{ background: {self.bg}; color: {self.fg}; }}
QWidget {{ font-size: {self.body_px}px; }}
QLabel {{ color: {self.fg}; background: transparent; }}
QLabel[role="tile"] {{ font-size: {self.body_px + 6}px; font-weight: bold; }}
QLabel[role="title"] {{ font-size: {self.title_px}px; font-weight: bold; }}
QLabel[role="info"] {{ font-size: {self.title_px - 4}px; }}
QLabel[role="small"] {{ font-size: {self.small_px}px; }}
QLabel[role="warn"] {{ color: {self.warn}; font-weight: bold; }}
QLabel[role="code"] {{ font-size: {self.code_px}px; font-weight: bold; color: {self.primary}; }}
QPushButton {{ background: {self.card}; color: {self.fg}; border: 2px solid #9AA3AD;
  border-radius: 14px; padding: 10px 16px; min-height: {self.target_px}px;
  min-width: {self.target_px}px; font-size: {self.body_px}px; }}
QPushButton:pressed {{ background: #C9D7EE; }}
QPushButton[role="key"] {{ font-size: {self.title_px}px; font-weight: bold; padding: 4px;
  min-width: {self.target_px}px; }}
QPushButton[role="primary"] {{ background: {self.primary}; color: {self.on_primary};
  border-color: {self.primary}; font-weight: bold; }}
QPushButton[role="green"] {{ background: {self.green}; color: {self.on_primary};
  border-color: {self.green}; font-weight: bold; }}
QPushButton:disabled {{ background: {self.muted_bg}; color: {self.muted_fg};
  border: 2px dashed #7D858F; }}
QLineEdit {{ font-size: {self.title_px}px; min-height: {self.target_px}px; padding: 4px 12px;
  background: {self.card}; color: {self.fg}; border: 2px solid #6B7580; border-radius: 10px; }}
"""
