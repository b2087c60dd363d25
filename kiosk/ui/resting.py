"""The resting screen, shown when no content can be loaded at all: calm words, no error codes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.ui.labels import plain_label
from kiosk.ui.metrics import Metrics
from kiosk.uitext import UiText


class RestingScreen(QWidget):
    def __init__(self, text: UiText, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RestingScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        body = metrics.body_px()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.labels: list[QLabel] = []
        for size, weight in ((round(body * 1.5), QFont.Weight.Bold), (body, QFont.Weight.Normal)):
            label = plain_label()
            label.setFont(metrics.font(size, weight))
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            layout.addWidget(label)
            layout.addSpacing(metrics.px(6))
            self.labels.append(label)
        layout.addStretch(1)
        self.set_texts(text)

    def set_texts(self, text: UiText) -> None:
        self.labels[0].setText(text.resting_title)
        self.labels[1].setText(text.resting_body)
