"""'Take this home': a large QR code a patient can scan with a phone, never a browser on the kiosk."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.qr import qr_png
from kiosk.ui.labels import plain_label
from kiosk.ui.metrics import Metrics
from kiosk.ui.overlay import Overlay
from kiosk.ui.widgets import TouchButton
from kiosk.uitext import UiText


class TakeHomeOverlay(Overlay):
    def __init__(self, parent: QWidget, text: UiText, metrics: Metrics) -> None:
        super().__init__(parent, "TakeHome")
        self._metrics = metrics
        self.url = ""
        self.code = plain_label(name="QrCode")
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = plain_label()
        self.address = plain_label(name="QrAddress")
        for label in (self.hint, self.address):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setFont(metrics.font(metrics.ui_px()))
        self.close_button = TouchButton(text.close)
        self.close_button.clicked.connect(self.close_overlay)
        self.card.setMaximumWidth(metrics.px(180))
        self.card_layout.setContentsMargins(metrics.px(10), metrics.px(8), metrics.px(10), metrics.px(8))
        self.card_layout.setSpacing(metrics.gap * 2)
        for widget in (self.code, self.hint, self.address):
            self.card_layout.addWidget(widget)
        self.card_layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignHCenter)

    def open_for(self, url: str, hint: str, close: str) -> None:
        self.url = url
        pixmap = QPixmap()
        pixmap.loadFromData(qr_png(url))
        # About 60 mm square: easy for a phone held at arm's length, and never larger than the screen allows.
        side = min(self._metrics.px(60), round(self.host.height() * 0.45))
        self.code.setPixmap(
            pixmap.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)
        )
        self.hint.setText(hint)
        self.address.setText(url)
        self.close_button.setText(close)
        self.open()
