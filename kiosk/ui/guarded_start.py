"""Tells the start guard (kiosk.startguard) how the pack on screen is doing: drawn, lasting, replaced, stopped;
and shows again, at once, a pack the start skipped once the kiosk has run well without it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.startguard import SURVIVE_S, StartGuard

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)


class ShownPack(QObject):
    """Tells the start guard when the pack on screen has proved good: SURVIVE_S after it is first drawn.

    `folder` is None on the resting screen (every pack was skipped). `retry(folder)` asks for a skipped pack to
    be shown now; `proved(folder)` says a pack has lasted (None: the resting screen has). A child of the window,
    so it lives exactly as long as the window does.
    """

    retry = Signal(object)
    proved = Signal(object)

    def __init__(self, window: KioskWindow, guard: StartGuard, folder: Path | None) -> None:
        super().__init__(window)
        self._guard, self.folder = guard, folder
        self._painted = False
        window.first_painted.connect(self._first_frame)

    def _first_frame(self) -> None:
        self._painted = True
        self._prove(self.folder)

    def _prove(self, folder: Path | None) -> None:
        QTimer.singleShot(round(SURVIVE_S * 1000), self, lambda: self._lasted(folder))

    def _lasted(self, folder: Path | None) -> None:
        again = self._guard.survived(folder)
        self.proved.emit(folder)
        if again is not None:
            log.warning(
                "the kiosk has run well for %.0f s without %s: showing it again (if it stops the kiosk once more, "
                "it stays skipped until it is new or edited)",
                SURVIVE_S,
                again,
            )
            self.retry.emit(again)

    def swapped(self, folder: Path) -> None:
        """A new pack (from the content source, or a skipped one tried again) replaces the one on screen: it
        must prove itself too."""
        self.folder = folder
        self._guard.begin(folder)
        self._prove(folder)

    def stopped(self) -> None:
        """A clean exit: after the first frame the pack did its job; before it, the pack was not at fault."""
        if self._painted:
            self._guard.survived(self.folder)
        else:
            self._guard.ended_cleanly()
