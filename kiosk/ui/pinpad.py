"""A PIN pad drawn by the app: large digits, no OS keyboard, lock-out after repeated wrong PINs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.pin import PinGuard
from kiosk.ui.labels import plain_label
from kiosk.ui.metrics import Metrics
from kiosk.ui.widgets import TouchButton
from kiosk.uitext import UiText

MAX_DIGITS = 12


class PinPad(QWidget):
    """Emits `accepted` when the PIN matches; counts and reports wrong ones through the guard."""

    accepted = Signal()

    def __init__(self, guard: PinGuard, text: UiText, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PinPad")
        self._guard, self._text = guard, text
        self._digits = ""
        self.prompt = plain_label(text.enter_pin)
        self.prompt.setFont(metrics.font(metrics.body_px(), QFont.Weight.Bold))
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots = plain_label(" ")
        self.dots.setFont(metrics.font(round(metrics.body_px() * 1.4), QFont.Weight.Bold))
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = plain_label(" ")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setFont(metrics.font(metrics.ui_px()))
        self.keys: dict[str, TouchButton] = {}
        grid = QGridLayout(self)
        grid.setSpacing(metrics.gap)
        grid.addWidget(self.prompt, 0, 0, 1, 3)
        grid.addWidget(self.dots, 1, 0, 1, 3)
        keys = [(digit, digit, self._typer(digit)) for digit in "123456789"]
        keys += [
            ("clear", text.clear, self._clear),
            ("0", "0", self._typer("0")),
            ("ok", text.ok, self._submit),
        ]
        for index, (name, label, slot) in enumerate(keys):
            key = TouchButton(label)
            key.setObjectName(f"pin-{name}")
            key.setMinimumSize(round(metrics.target * 1.4), round(metrics.target * 1.1))
            key.clicked.connect(slot)
            grid.addWidget(key, 2 + index // 3, index % 3)
            self.keys[name] = key
        grid.addWidget(self.message, 6, 0, 1, 3)
        self._unlock_timer = QTimer(self)
        self._unlock_timer.setInterval(1000)
        self._unlock_timer.timeout.connect(self._refresh_lock)

    def reset(self) -> None:
        self._digits = ""
        self.dots.setText(" ")
        self.message.setText(" ")
        self._refresh_lock()

    def enter(self, pin: str) -> None:
        """Type a whole PIN and press OK, as a finger would."""
        for digit in pin:
            self.keys[digit].click()
        self.keys["ok"].click()

    def _typer(self, digit: str) -> Callable[[], None]:
        # A slot without parameters: Qt passes clicked()'s `checked` to any slot that takes one.
        return lambda: self._type(digit)

    def _type(self, digit: str) -> None:
        self._digits = (self._digits + digit)[:MAX_DIGITS]
        self.dots.setText("●" * len(self._digits))

    def _clear(self) -> None:
        self._digits = ""
        self.dots.setText(" ")

    def _submit(self) -> None:
        if self._guard.locked_for() > 0:
            self._refresh_lock()
            return
        if not self._digits:  # OK with nothing typed: a slip, not a wrong PIN
            return
        attempt = self._guard.attempt(self._digits)
        self._digits = ""
        self.dots.setText(" ")
        if attempt.accepted:
            self.message.setText(" ")
            self.accepted.emit()
            return
        self.message.setText(self._text.wrong_pin.format(failures=attempt.failures))
        self._refresh_lock()

    def _refresh_lock(self) -> None:
        wait = self._guard.locked_for()
        for key in self.keys.values():
            key.setEnabled(wait <= 0)
        if wait > 0:
            self.message.setText(self._text.pad_locked.format(seconds=int(wait + 0.999)))
            self._unlock_timer.start()
        else:
            self._unlock_timer.stop()
