"""The hidden staff gesture: N taps in one corner of the window within a few seconds."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Signal
from PySide6.QtGui import QInputEvent, QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QWidget

from kiosk.override import override

# Quick taps in one spot arrive as press, release, double-click, release: both kinds are taps.
_PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)


class CornerTaps(QObject):
    """App-wide event filter on presses; emits `triggered` after `taps` presses in the corner square."""

    triggered = Signal()

    def __init__(
        self,
        window: QWidget,
        corner: str,
        taps: int,
        within_s: float,
        size_px: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(window)
        self._window, self._corner, self._taps, self._within = window, corner, taps, within_s
        self._size, self._clock = size_px, clock
        self._times: list[float] = []
        self._last_event: tuple[int, int, int] | None = None

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        point: QPoint | None = None
        kind = event.type()  # once: every event to every widget passes here (a restyle: a thousand)
        if kind in _PRESSES and isinstance(event, QMouseEvent):
            point = event.position().toPoint()
        elif kind == QEvent.Type.TouchBegin and isinstance(event, QTouchEvent) and event.points():
            point = event.points()[0].position().toPoint()
        if point is None or not isinstance(event, QInputEvent):
            return False
        if isinstance(watched, QWidget) and watched.window() is self._window:
            # Where in the window, from the widget's own place in it: screen positions are not to be trusted
            # (Wayland gives none, and a window moved back by the window guard may report an old one).
            if watched is not self._window:
                point = watched.mapTo(self._window, point)
            # A press a child ignores is delivered again to its parent: count each press once.
            key = (event.timestamp(), point.x(), point.y())
            if key != self._last_event:
                self._last_event = key
                self.press(point)
        return False

    def press(self, point: QPoint) -> None:
        if not self._in_corner(point):
            self._times.clear()
            return
        now = self._clock()
        self._times = [t for t in self._times if now - t <= self._within] + [now]
        if len(self._times) >= self._taps:
            self._times.clear()
            self.triggered.emit()

    def _in_corner(self, point: QPoint) -> bool:
        width, height = self._window.width(), self._window.height()
        near_left, near_top = point.x() < self._size, point.y() < self._size
        near_right, near_bottom = point.x() >= width - self._size, point.y() >= height - self._size
        return {
            "top-left": near_left and near_top,
            "top-right": near_right and near_top,
            "bottom-left": near_left and near_bottom,
            "bottom-right": near_right and near_bottom,
        }[self._corner]
