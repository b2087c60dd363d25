"""Overlays: panels drawn by the app over the whole window (never an OS dialog)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget


class Overlay(QWidget):
    """Covers its parent window, dims what is behind it, and holds a centred card."""

    def __init__(self, parent: QWidget, name: str, *, dim: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self._dim = dim
        self.card = QFrame(self, objectName="Card")
        self.card_layout = QVBoxLayout(self.card)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        parent.installEventFilter(self)
        self.hide()

    def open(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self.fit_card()

    def fit_card(self) -> None:
        """Wrapped labels need the card's final width to know their height; grow the card to fit them."""
        layout = self.card.layout()
        needed = layout.totalHeightForWidth(self.card.width()) if layout.hasHeightForWidth() else 0
        self.card.setMinimumHeight(max(needed, layout.totalSizeHint().height()))

    def close_overlay(self) -> None:
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._dim:
            QPainter(self).fillRect(self.rect(), QColor(0, 0, 0, 150))
