"""Idle reset: watch every input on a monotonic clock, ask "Still reading?", then start over."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QMouseEvent
from PySide6.QtWidgets import QWidget

from kiosk.override import override
from kiosk.ui.labels import plain_label
from kiosk.ui.metrics import Metrics
from kiosk.ui.overlay import Overlay
from kiosk.ui.widgets import TouchButton
from kiosk.uitext import UiText

INPUT_EVENTS = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
    QEvent.Type.Wheel, QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.TabletPress,
    QEvent.Type.TabletMove, QEvent.Type.Gesture, QEvent.Type.NativeGesture,
})  # fmt: skip


class IdleWatcher(QObject):
    """App-wide event filter. Emits `idle` once after `timeout_s` without input (again only after new input)."""

    idle = Signal()

    def __init__(
        self, timeout_s: float, clock: Callable[[], float] = time.monotonic, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.timeout_s = timeout_s
        self._clock = clock
        self._last_input = clock()
        self._fired = False
        self._paused = False
        # A coarse tick compared against the monotonic clock: immune to wall-clock changes, and cheap.
        self._tick = QTimer(self)
        self._tick.setInterval(max(50, min(1000, int(timeout_s * 1000 / 8))))
        self._tick.timeout.connect(self._check)
        self._tick.start()

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self.touch()
        return False

    def touch(self) -> None:
        self._last_input = self._clock()
        self._fired = False

    def seconds_idle(self) -> float:
        return self._clock() - self._last_input

    def pause(self) -> None:
        """Staff mode: no idle reset while it is open."""
        self._paused = True

    def resume(self) -> None:
        self._paused = False
        self._fired = False
        self._last_input = self._clock()

    def _check(self) -> None:
        if not self._paused and not self._fired and self.seconds_idle() >= self.timeout_s:
            self._fired = True
            self.idle.emit()


class StillReadingPrompt(Overlay):
    """Counts down; `stay` if the patient touches anything, `expired` when the count reaches zero."""

    expired = Signal()

    def __init__(self, parent: QWidget, text: UiText, metrics: Metrics, countdown_s: float) -> None:
        super().__init__(parent, "StillReading")
        self._text = text
        self._countdown_s = countdown_s
        self._deadline = 0.0
        self.question = plain_label(text.still_reading, name="PromptTitle")
        self.question.setFont(metrics.font(round(metrics.body_px() * 1.3), QFont.Weight.Bold))
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown = plain_label(name="PromptBody")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown.setWordWrap(True)
        self.countdown.setFont(metrics.font(metrics.body_px()))
        self.button = TouchButton(text.still_here)
        self.button.setObjectName("PrimaryButton")
        self.button.clicked.connect(self._stay)
        self.card.setMinimumWidth(metrics.px(140))
        self.card_layout.setContentsMargins(metrics.px(12), metrics.px(10), metrics.px(12), metrics.px(10))
        self.card_layout.setSpacing(metrics.px(6))
        for widget in (self.question, self.countdown):
            self.card_layout.addWidget(widget)
        self.card_layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        self._timer = QTimer(self)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._update)

    @override
    def open(self) -> None:
        self._deadline = time.monotonic() + self._countdown_s
        self._update()
        self._timer.start()
        super().open()

    @override
    def close_overlay(self) -> None:
        self._timer.stop()
        super().close_overlay()

    def seconds_left(self) -> int:
        return max(0, round(self._deadline - time.monotonic() + 0.49))

    @override
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        # A touch anywhere on the prompt means someone is there.
        event.accept()
        self._stay()

    def _stay(self) -> None:
        self.close_overlay()

    def _update(self) -> None:
        left = self.seconds_left()
        self.countdown.setText(self._text.starting_over_in.format(seconds=left))
        if left <= 0 and self.isVisible():
            self.close_overlay()
            self.expired.emit()
