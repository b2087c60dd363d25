"""The keypad's focus outline: a thick ring around the item the keypad is on, for sighted helpers."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from kiosk.override import override
from kiosk.palette import Palette


def outline_px(base_px: int, scale: float) -> int:
    """The ring's width: at least 3 px at 100 % text (WCAG 2.4.13 asks for 2), growing with the text size."""
    return max(3, round(base_px * scale))


class FocusFrame(QWidget):
    """Drawn over the window, never taking a touch. Two rings (WCAG technique C40): a thick one in the
    palette's focus colour, at least 3:1 against what surrounds the item, and a thin one in the background
    colour inside it, which keeps the ring apart from an item of nearly the same colour."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("FocusFrame")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.width_px = 3
        self.outer, self.inner = QColor("#000000"), QColor("#ffffff")
        self.hide()

    def set_look(self, palette: Palette, width_px: int) -> None:
        self.outer, self.inner, self.width_px = QColor(palette.focus), QColor(palette.background), width_px
        self.update()

    def surround(self, rect: QRect, within: QRect) -> None:
        """Show the ring around `rect` (parent coordinates), kept inside `within` so no side is cut off."""
        room = self.width_px // 2 + max(1, self.width_px // 3) + 2  # the ring straddles the item's edge
        frame = rect.adjusted(-room, -room, room, room).intersected(within)
        self.setGeometry(frame)
        self.show()
        self.raise_()
        self.update()

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = self.width_px
        thin = max(1, width // 3)
        outer = QRectF(self.rect()).adjusted(width / 2, width / 2, -width / 2, -width / 2)
        radius = width * 1.5
        painter.setPen(QPen(self.outer, width))
        painter.drawRoundedRect(outer, radius, radius)
        inner = outer.adjusted((width + thin) / 2, (width + thin) / 2, -(width + thin) / 2, -(width + thin) / 2)
        painter.setPen(QPen(self.inner, thin))
        painter.drawRoundedRect(inner, max(0.0, radius - width), max(0.0, radius - width))
