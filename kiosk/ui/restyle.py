"""A new look (text size, colours) for the whole window, in short turns of the event loop, painted once.

The window's style sheet re-polishes every widget (about 50 ms here): done in the same turn as the page's own
restyle, an A+ tap froze the screen for over 100 ms (benchmarks/hostile.py). So the page is restyled at once
by the caller, the style sheet follows in the next turn, then the reflow of tabs and toolbar measured in their
new size; painting waits until the end, so no frame shows the page restyled and the rest not yet.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget


class WindowRestyle:
    """Applies `request(sheet)` to `window` in the next turns; `reflow()` runs once the sheet is in."""

    def __init__(self, window: QWidget, reflow: Callable[[], None]) -> None:
        self._window, self._reflow = window, reflow
        self._due: str | None = None  # the style sheet of a look not applied yet
        self._reflow_due = False

    @property
    def busy(self) -> bool:
        """A new look is on its way: the window's style sheet and the reflow follow in the next turns."""
        return self._due is not None or self._reflow_due

    def request(self, sheet: str, *, hold_painting: bool) -> None:
        """`hold_painting`: no frame until the end (before the first frame there is none to protect)."""
        if self._due is None:
            self._window.setUpdatesEnabled(not hold_painting)
            QTimer.singleShot(1, self._window, self._apply)  # a timer: input and other timers run between
        self._due = sheet  # several taps in a row: the last look wins

    def _apply(self) -> None:
        sheet, self._due = self._due, None
        if sheet is not None and sheet != self._window.styleSheet():
            self._window.setStyleSheet(sheet)
        self._reflow_due = True
        QTimer.singleShot(1, self._window, self._reflowed)  # after the layouts the new sheet asked for

    def _reflowed(self) -> None:
        self._reflow_due = False
        if self._due is None:  # else a newer look is on its way and reflows after it
            self._reflow()
            self._window.setUpdatesEnabled(True)
            # Painted and put on the screen in a turn of its own (with the reflow, one turn went over 100 ms on
            # a 20-tab pack): under a real X server the update() that turning updates back on asks for was
            # often drawn but never shown, so the patient saw the old look until something else was drawn
            # (tests/ui/test_keypad_x11.py).
            QTimer.singleShot(0, self._window, self._window.repaint)
