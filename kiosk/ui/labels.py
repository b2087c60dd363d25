"""Labels that show their text as typed: never as rich text, which Qt would lay out and fetch pictures for.

A QLabel guesses whether its text is HTML (`Qt.TextFormat.AutoText`). Every string the kiosk puts in a
label (titles, tab labels, ui.toml words, file names in problems) comes from a pack or a config file, so a
guess of "rich" would let `<img src=/dev/zero>` read a device until memory runs out, or `<span style=
font-size:2000px>` fill the screen. The format is set before the text, so the text is never parsed as HTML.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def plain_label(text: str = "", parent: QWidget | None = None, name: str = "") -> QLabel:
    """A QLabel that shows `text` literally, with object name `name` (the style sheet's handle)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)  # no selecting, no links
    if name:
        label.setObjectName(name)
    label.setText(text)
    return label
