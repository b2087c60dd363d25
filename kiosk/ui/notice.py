"""A few words shown for a while in a line the screen already has (the reading screen's scroll hint), then
given back: for what a patient should be told but need not answer, such as no voice for the language."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

SHOW_MS = 8000


class Notice(QObject):
    """Holds `label` for SHOW_MS with the words given; `holding` says whether its owner should leave it alone.
    `restore` is called when the time is up, to put the label's own words back."""

    def __init__(self, label: QLabel, restore: object) -> None:
        super().__init__(label)
        self._label, self._restore = label, restore
        self._timer = QTimer(self, singleShot=True, interval=SHOW_MS)
        self._timer.timeout.connect(self._done)

    @property
    def holding(self) -> bool:
        return self._timer.isActive()

    def show(self, words: str) -> None:
        self._label.setText(words)
        self._timer.start()

    def clear(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self._done()

    def _done(self) -> None:
        if callable(self._restore):
            self._restore()
