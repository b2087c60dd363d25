"""A checklist row under the finger: a tap ticks it; a touch that moves the page, or stops it gliding, does not.

The page's scroller keeps a drag's release from the page, so these follow a finger through whole gestures.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QScroller
from pytestqt.qtbot import QtBot

from kiosk.ui.page_view import PageView
from tests.ui.conftest import WindowFactory, finger_drag
from tests.ui.test_my_questions import open_page, rows, tap, tap_row


def still(qtbot: QtBot, view: PageView) -> None:
    scroller = QScroller.scroller(view.viewport())
    qtbot.waitUntil(lambda: scroller.state() is QScroller.State.Inactive, timeout=10000)


@pytest.mark.parametrize("hold_ms", [0, 300], ids=["after a flick has glided to a stop", "after a slow drag"])
def test_the_first_tap_after_the_page_was_moved_by_finger_ticks(
    qtbot: QtBot, make_window: WindowFactory, hold_ms: int
) -> None:
    window = make_window()
    view = open_page(qtbot, window, "questions")
    finger_drag(qtbot, view.viewport(), -300, hold_ms=hold_ms)
    still(qtbot, view)
    assert window.visit.ticked == frozenset() and view.verticalScrollBar().value() > 0  # the drag ticked nothing
    tap_row(qtbot, view, 6)
    assert window.visit.ticked == {("questions", 6)}


def test_a_tap_on_a_gliding_page_only_stops_it(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    view = open_page(qtbot, window, "questions")
    scroller = QScroller.scroller(view.viewport())
    first_row = dict(rows(view))[1]
    view.verticalScrollBar().setValue(view.cursorRect(cursor_at(view, first_row)).top() - 100)  # rows in sight
    finger_drag(qtbot, view.viewport(), -150)
    assert scroller.state() is QScroller.State.Scrolling
    # Aim at a row where it is drawn at this moment (rows are at least 20 mm tall: the glide moves it little).
    shown = [
        (number, view.cursorRect(cursor_at(view, position)).center())
        for number, position in rows(view)
        if view.viewport()
        .rect()
        .adjusted(0, 60, 0, -60)
        .contains(view.cursorRect(cursor_at(view, position)).center())
    ]
    assert shown, "a row is on screen"
    number, point = shown[0]
    tap(qtbot, view.viewport(), QPoint(point.x() + 40, point.y()))
    still(qtbot, view)
    assert window.visit.ticked == frozenset()
    tap_row(qtbot, view, number)  # the next tap, on the still page, ticks
    assert window.visit.ticked == {("questions", number)}


def cursor_at(view: PageView, position: int) -> QTextCursor:
    cursor = QTextCursor(view.document())
    cursor.setPosition(position)
    return cursor
