"""The keypad's place among the app's event filters, holding the keypad itself until its first key.

Most visits never touch a key, and the keypad (its spoken names, focus frame, the walk over every stop of a
page) is a large part of the kiosk's code: the first frame does without it. The gate sits where the keypad
belongs (after lockdown, before the idle watcher and the staff gesture: see kiosk.ui.behaviour), knows the
keypad's keys from kiosk.toml, and makes the keypad on the first one; from then on it hands it every event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

from kiosk.config import KeypadConfig
from kiosk.override import override

if TYPE_CHECKING:
    from kiosk.ui.keypad import Keypad
    from kiosk.ui.window import KioskWindow

HELD_WITH = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)


def key_codes(config: KeypadConfig) -> dict[int, str]:
    """Qt key code → action, from the key names in kiosk.toml (checked against kiosk/keys.py)."""
    return {
        getattr(Qt.Key, f"Key_{name}").value: action
        for action, names in config.actions().items()
        for name in names
    }


class KeypadGate(QObject):
    """An app-wide event filter standing for the keypad: `keypad` makes it (on the first keypad key)."""

    def __init__(self, window: KioskWindow, config: KeypadConfig) -> None:
        super().__init__(window)
        self.window, self.config = window, config
        self.codes = key_codes(config)
        self._keypad: Keypad | None = None

    @property
    def keypad(self) -> Keypad:
        if self._keypad is None:
            from kiosk.ui.keypad import Keypad

            self._keypad = Keypad(self.window, self.config)
        return self._keypad

    @property
    def made(self) -> bool:
        return self._keypad is not None

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._keypad is not None:
            return self._keypad.eventFilter(watched, event)
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False  # a release of a key pressed before the keypad was made has nothing to finish
        if event.key() not in self.codes or event.modifiers() & HELD_WITH:
            return False  # not ours: lockdown swallows it
        return self.keypad.eventFilter(watched, event)

    def prompt_opened(self) -> None:
        """The idle prompt is up: only a keypad that was used has anyone to tell."""
        if self._keypad is not None:
            self._keypad.prompt_opened()
