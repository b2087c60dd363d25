"""Soak (quick version): many visits in both languages leave no widgets, timers or enum types behind."""

from __future__ import annotations

import enum
import gc
import os

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import KioskFactory

ROUNDS = int(os.environ.get("KIOSK_SOAK_ROUNDS", "6"))


def counts(root: QObject) -> tuple[int, int, int]:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # what the event loop does between visits
    gc.collect()
    # PySide6 makes an enum class for every new gesture type number, and never frees it: a leak if pages
    # grab new gestures visit after visit.
    enum_types = sum(1 for thing in gc.get_objects() if isinstance(thing, enum.EnumType))
    return len(QApplication.allWidgets()), len(root.findChildren(QTimer)), enum_types


def test_visits_and_resets_leave_nothing_behind(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    window, _ = make_kiosk()
    marks = {}
    for round_number in range(1, ROUNDS + 1):
        window.show_reader()
        for language in window.library.languages:
            window.set_language(language)
            for index in range(len(window.reader.views)):
                window.reader.show_index(index)
            window.reader.toolbar.larger_button.click()
            window.reader.toolbar.contrast_button.click()
        window.open_staff()
        window.reset_session("idle")
        if round_number in (2, ROUNDS):
            marks[round_number] = counts(window)
    assert marks[ROUNDS] == marks[2], f"widgets, timers and enum types after round 2 and round {ROUNDS}: {marks}"
