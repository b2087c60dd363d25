"""Guards against a known-bad Qt binding: PySide6 6.12.0 on Python 3.11 crashes a long-running kiosk."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot


def test_void_qt_calls_keep_none_alive(qtbot: QtBot) -> None:
    # PySide6 6.12.0 returned None from void methods without a new reference; on Python 3.11 (where None
    # is not immortal) a few thousand calls freed None and aborted the interpreter. Pinned to 6.11.3.
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(10_000):
        widget.setEnabled(True)
    assert sys.getrefcount(None) - before > -100
