"""A question asked once before a step that cannot be undone from the screen (staff leaving for the desktop)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.ui.labels import plain_label
from kiosk.ui.metrics import Metrics
from kiosk.ui.overlay import Overlay
from kiosk.ui.widgets import TouchButton


class Confirmation(Overlay):
    """The question and two large buttons: `confirmed` for `go`; `stay` only closes it (as does a reset)."""

    confirmed = Signal()

    def __init__(self, parent: QWidget, metrics: Metrics, question: str, go: str, stay: str, name: str) -> None:
        super().__init__(parent, name)
        self.question = plain_label(question, name="PromptTitle")
        self.question.setFont(metrics.font(round(metrics.body_px() * 1.2), QFont.Weight.Bold))
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.question.setWordWrap(True)
        self.stay_button = TouchButton(stay, objectName="PrimaryButton")
        self.go_button = TouchButton(go, objectName="DangerButton")
        self.stay_button.clicked.connect(self.close_overlay)
        self.go_button.clicked.connect(self._go)
        # Side by side, each half the card (the style sheet's min-width would win over a minimum size set
        # here) and as tall as the taller, well apart: no slip of a finger lands on the other.
        buttons = QHBoxLayout()
        buttons.setSpacing(metrics.px(12))
        buttons.addWidget(self.stay_button, 1)
        buttons.addWidget(self.go_button, 1)
        # Room for both at the width the style sheet gives the primary one (four targets), margins and gap
        self.card.setMinimumWidth(max(metrics.px(150), metrics.target * 8 + metrics.px(36)))
        self.card_layout.setContentsMargins(metrics.px(12), metrics.px(10), metrics.px(12), metrics.px(10))
        self.card_layout.setSpacing(metrics.px(8))
        self.card_layout.addWidget(self.question)
        self.card_layout.addLayout(buttons)

    def _go(self) -> None:
        self.close_overlay()
        self.confirmed.emit()
