"""The welcome (attract) screen: title, clinic, and a gently pulsing invitation to touch."""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QPropertyAnimation, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QHideEvent, QMouseEvent, QShowEvent
from PySide6.QtWidgets import QGraphicsOpacityEffect, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.override import override
from kiosk.ui.labels import plain_label
from kiosk.ui.metrics import Metrics
from kiosk.ui.widgets import TouchButton, named

PULSE_AFTER_MS = 250


class WelcomeScreen(QWidget):
    """Any touch anywhere emits `dismissed`; the touch itself does nothing else."""

    dismissed = Signal()
    language_chosen = Signal(str)

    def __init__(
        self,
        title: str,
        clinic: str,
        invitation: str,
        topics: str,
        metrics: Metrics,
        languages: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("WelcomeScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        body = metrics.body_px()
        self.clinic = self._label(clinic, metrics.font(round(body * 0.9)), "Hint")
        self.title = self._label(title, metrics.font(round(body * 1.9), QFont.Weight.Bold), "WelcomeTitle")
        self.topics = self._label(topics, metrics.font(metrics.ui_px()), "Hint")
        self.invitation = self._label(
            invitation, metrics.font(round(body * 1.2), QFont.Weight.DemiBold), "Invitation"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(metrics.px(15), metrics.px(15), metrics.px(15), metrics.px(15))
        layout.addStretch(3)
        layout.addWidget(self.clinic)
        layout.addSpacing(metrics.px(4))
        layout.addWidget(self.title)
        layout.addSpacing(metrics.px(5))
        rule = named(QWidget(), "AccentRule")
        rule.setFixedSize(metrics.px(40), metrics.px(1.5))
        layout.addWidget(rule, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(metrics.px(5))
        layout.addWidget(self.topics)
        layout.addStretch(2)
        layout.addWidget(self.invitation, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        # Each language is named in itself, so a patient finds theirs without reading the others.
        self.language_buttons: dict[str, TouchButton] = {}
        row = QHBoxLayout()
        row.setSpacing(metrics.px(6))
        row.addStretch(1)
        for code, name in languages if len(languages) > 1 else []:
            button = TouchButton(name, checkable=True, objectName=f"lang-{code}")
            button.setProperty("role", "language")
            button.clicked.connect(lambda _=False, chosen=code: self.language_chosen.emit(chosen))
            row.addWidget(button)
            self.language_buttons[code] = button
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        if languages:
            self.mark_language(languages[0][0])
        self.clinic.setVisible(bool(clinic))
        self.invitation.setWordWrap(False)  # a pill that wraps clips its own padding; the line is short
        self._pulse: QPropertyAnimation | None = None  # made when first shown, after the first frame

    def mark_language(self, code: str) -> None:
        for language, button in self.language_buttons.items():
            button.setChecked(language == code)

    def _label(self, text: str, font: QFont, name: str) -> QLabel:
        label = plain_label(text, name=name)
        label.setFont(font)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        return label

    @property
    def pulsing(self) -> bool:
        return self._pulse is not None and self._pulse.state() == QPropertyAnimation.State.Running

    def _start_pulse(self) -> None:
        if not self.isVisible():
            return
        if self._pulse is None:
            self._pulse = self._make_pulse()
        self._pulse.start()

    def _make_pulse(self) -> QPropertyAnimation:
        # Gentle motion so passers-by see the screen is alive; slow enough not to distract.
        effect = QGraphicsOpacityEffect(self.invitation)
        self.invitation.setGraphicsEffect(effect)
        pulse = QPropertyAnimation(effect, b"opacity", self)
        pulse.setDuration(2600)
        pulse.setKeyValueAt(0.0, 1.0)
        pulse.setKeyValueAt(0.5, 0.45)
        pulse.setKeyValueAt(1.0, 1.0)
        pulse.setEasingCurve(QEasingCurve.Type.InOutSine)
        pulse.setLoopCount(-1)
        return pulse

    def set_texts(self, title: str, clinic: str, invitation: str, topics: str) -> None:
        self.title.setText(title)
        self.topics.setText(topics)
        self.clinic.setText(clinic)
        self.clinic.setVisible(bool(clinic))
        self.invitation.setText(invitation)

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # A moment later: the screen's first frame does not wait for the animation (about 20 ms to set up).
        QTimer.singleShot(PULSE_AFTER_MS, self, self._start_pulse)

    @override
    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if self._pulse is not None:
            self._pulse.stop()

    @override
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        # On release, so the finger lifting cannot land on whatever appears underneath.
        event.accept()
        self.dismissed.emit()
