"""Tells the start guard (kiosk.startguard) how the pack on screen is doing: drawn, lasting, replaced, stopped;
and shows again a pack the start skipped once the kiosk has run well without it."""

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

    `folder` is the pack on screen, None on the resting screen (every pack was skipped). `retry(folder)` asks
    for a skipped pack to be shown now; `proved(folder)` says the pack on screen (None: the resting screen) has
    lasted. A swap is counted before the new pack is read (`swapped`) and takes effect once it is on screen
    (`on_screen`), or not at all (`not_shown`). A child of the window, so it lives exactly as long as it does.
    """

    retry = Signal(object)
    proved = Signal(object)

    def __init__(self, window: KioskWindow, guard: StartGuard, folder: Path | None) -> None:
        super().__init__(window)
        self._guard, self.folder = guard, folder
        self._wanted: Path | None = None  # a pack being read to replace the one on screen
        self._painted = False
        self._later = QTimer(self, singleShot=True)  # the next try of a skipped pack that must wait
        self._later.timeout.connect(lambda: self._offer(self._guard.retry_due()))
        window.first_painted.connect(self._first_frame)

    def _first_frame(self) -> None:
        self._painted = True
        self._prove(self.folder)

    def _prove(self, folder: Path | None) -> None:
        QTimer.singleShot(round(SURVIVE_S * 1000), self, lambda: self._lasted(folder))

    def _lasted(self, folder: Path | None) -> None:
        again = self._guard.survived(folder)
        if folder == self.folder:  # still on screen: it did last
            self.proved.emit(folder)
        self._offer(again)

    def _offer(self, again: Path | None) -> None:
        if again is not None:
            log.warning(
                "the kiosk has run well without %s: showing it again (if it stops the kiosk once more, it is left "
                "out until it is new or edited, or for an hour)",
                again,
            )
            self.retry.emit(again)
            return
        wait = self._guard.next_retry_in()
        if wait is not None and not self._later.isActive():
            self._later.start(round(wait * 1000) + 1000)

    def swapped(self, folder: Path) -> None:
        """A new pack (from the content source, or a skipped one tried again) is about to be read to replace the
        one on screen: counted first, as a start is."""
        self._wanted = folder
        self._guard.begin(folder)

    def wanted(self, folder: Path) -> bool:
        """Whether `folder`, read at last, is still the pack to show (not one asked for before a newer one)."""
        return folder == self._wanted

    def on_screen(self, folder: Path) -> None:
        """The new pack is on screen: it must prove itself too."""
        if folder == self._wanted:
            self.folder, self._wanted = folder, None
            self._prove(folder)

    def not_shown(self, folder: Path) -> None:
        """The new pack could not be read: the one on screen stays, and the new one is not held against."""
        if folder == self._wanted:
            self._wanted = None
            self._guard.ended_cleanly()

    def stopped(self) -> None:
        """A clean exit: after the first frame the pack did its job; before it, the pack was not at fault (nor
        a pack still being read to replace it)."""
        if self._wanted is not None:
            self._guard.ended_cleanly()
        elif self._painted:
            self._guard.survived(self.folder)
        else:
            self._guard.ended_cleanly()
