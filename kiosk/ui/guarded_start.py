"""Tells the start guard (kiosk.startguard) how the pack on screen is doing: drawn, lasting, replaced, stopped."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from kiosk.startguard import SURVIVE_S, StartGuard

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow


class ShownPack(QObject):
    """Tells the start guard when the pack on screen has proved good: SURVIVE_S after it is first drawn.

    A child of the window, so it lives exactly as long as the window does.
    """

    def __init__(self, window: KioskWindow, guard: StartGuard, folder: Path) -> None:
        super().__init__(window)
        self._guard, self.folder = guard, folder
        self._painted = False
        window.first_painted.connect(self._first_frame)

    def _first_frame(self) -> None:
        self._painted = True
        self._prove(self.folder)

    def _prove(self, folder: Path) -> None:
        QTimer.singleShot(round(SURVIVE_S * 1000), self, lambda: self._guard.survived(folder))

    def swapped(self, folder: Path) -> None:
        """A new pack from the content source replaces the one on screen: it must prove itself too."""
        self.folder = folder
        self._guard.begin(folder)
        self._prove(folder)

    def stopped(self) -> None:
        """A clean exit: after the first frame the pack did its job; before it, the pack was not at fault."""
        if self._painted:
            self._guard.survived(self.folder)
        else:
            self._guard.ended_cleanly()
