"""Millimetres on the real screen to pixels, and fonts sized by the height of their capital letters."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtGui import QFont, QFontMetricsF, QGuiApplication

FONT_FAMILY = "Atkinson Hyperlegible Next"
FALLBACK_FAMILY = "DejaVu Sans"
_REFERENCE_PX = 200  # large, so the measured cap-height ratio is precise


@dataclass(frozen=True, slots=True)
class Metrics:
    """Sizes for one screen: its physical DPI (or IT's override) and the text scale the patient chose."""

    dpi: float
    cap_height_mm: float
    target_mm: float
    scale: float = 1.0
    family: str = FONT_FAMILY
    gap_mm: float = 3.0  # between controls; a short screen's reading screen closes it up (kiosk/ui/chrome_fit.py)

    @classmethod
    def for_screen(cls, dpi_override: float, cap_height_mm: float, target_mm: float) -> Metrics:
        screen = QGuiApplication.primaryScreen()
        dpi = dpi_override or (screen.physicalDotsPerInch() if screen is not None else 96.0)
        if not 30 <= dpi <= 1000:  # TVs and projectors report nonsense sizes; assume a desktop panel
            dpi = 96.0
        return cls(dpi, cap_height_mm, target_mm)

    def px(self, mm: float) -> int:
        return max(1, round(mm * self.dpi / 25.4))

    @property
    def target(self) -> int:
        """Smallest side of a tappable control, in pixels."""
        return self.px(self.target_mm)

    @property
    def gap(self) -> int:
        return self.px(self.gap_mm)

    def chrome(self) -> Metrics:
        """Tabs, toolbar and cards: their text grows half as much as the page's, so 200 % keeps them on about
        two rows."""
        return replace(self, scale=1 + (self.scale - 1) / 2)

    def body_px(self) -> int:
        """Pixel size of body text whose capital letters are cap_height_mm tall, times the text scale."""
        return font_px_for_cap(self.family, self.px(self.cap_height_mm) * self.scale)

    def ui_px(self) -> int:
        """Buttons and tabs: a little smaller than body text, never below the 4.8 mm ADA minimum cap height."""
        cap = max(self.cap_height_mm * 0.85, 4.8) * self.scale
        return font_px_for_cap(self.family, self.px(cap))

    def font(self, px: int, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
        font = QFont(self.family)
        font.setPixelSize(px)
        font.setWeight(weight)
        return font


def cap_ratio(family: str) -> float:
    font = QFont(family)
    font.setPixelSize(_REFERENCE_PX)
    return QFontMetricsF(font).capHeight() / _REFERENCE_PX


def font_px_for_cap(family: str, cap_px: float) -> int:
    # Round up: the cap height is a minimum.
    ratio = cap_ratio(family) or 0.7
    size = int(cap_px / ratio)
    return size if size * ratio >= cap_px else size + 1
