"""The window draws the visit: taps make new visits, a visit set from outside shows, a reset leaves no trace."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.palette import CALM, HIGH_CONTRAST
from kiosk.visit import Visit
from tests.conftest import PAGE_IDS
from tests.ui.conftest import WindowFactory


def tap(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def test_taps_change_the_visit(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    seen: list[Visit] = []
    window.visit_changed.connect(seen.append)
    tap(qtbot, window.welcome)
    tools = window.reader.toolbar
    tap(qtbot, window.reader.tabs.buttons()[3])
    tap(qtbot, tools.larger_button)
    tap(qtbot, tools.contrast_button)
    tap(qtbot, tools.language_button)
    expected = Visit.start("en").begin_reading().show_page("what-it-is").show_page("risks")
    expected = expected.step_text(1).with_contrast(True)
    assert window.visit == expected.with_language("es", ("en", "es"))
    assert seen[-1] == window.visit and len(seen) == 5  # one new visit a tap, no echoes


def test_the_screen_follows_a_visit_set_from_outside(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    visit = Visit.start("en").begin_reading().show_page("recovery").step_text(4).with_contrast(True)
    window.set_visit(visit.with_language("es", ("en", "es")))
    reader, tools = window.reader, window.reader.toolbar
    assert window.current_screen() is reader
    assert reader.current_page_id() == "recovery" and reader.tabs.buttons()[4].isChecked()
    assert tools.contrast_button.isChecked() and window.palette_now is HIGH_CONTRAST
    assert tools.contrast_button.label.property("checked") is True
    assert window.scale == 2.0 and not tools.larger_button.isEnabled() and tools.smaller_button.isEnabled()
    assert tools.language_button.text() == "English"  # the Spanish screen offers the way back
    largest = dataclasses.replace(window.metrics, scale=2.0).body_px()
    assert reader.current_view().font().pixelSize() == largest  # type: ignore[union-attr]


def test_reset_leaves_nothing_of_the_visit_on_screen(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    fresh = {
        "font": window.reader.view_at(0).font().pixelSize(),
        "style": window.styleSheet(),
        "language_button": window.reader.toolbar.language_button.text(),
        "start_over": window.reader.toolbar.start_over_button.text(),
    }
    tap(qtbot, window.welcome)
    tools = window.reader.toolbar
    tap(qtbot, window.reader.tabs.buttons()[2])
    window.reader.current_view().verticalScrollBar().setValue(200)  # type: ignore[union-attr]
    for button in (tools.larger_button, tools.larger_button, tools.contrast_button, tools.language_button):
        tap(qtbot, button)
    with qtbot.waitSignal(window.session_reset):
        tap(qtbot, window.reader.toolbar.start_over_button)

    assert window.visit == Visit.start("en")
    assert window.current_screen() is window.welcome
    assert window.reader.current_page_id() == PAGE_IDS[0] and window.reader.tabs.buttons()[0].isChecked()
    assert all(view.verticalScrollBar().value() == 0 for view in window.reader.created_views())
    assert not tools.contrast_button.isChecked() and window.palette_now is CALM
    assert tools.contrast_button.label.property("checked") is False  # its label is drawn unticked too
    assert not tools.smaller_button.isEnabled() and tools.larger_button.isEnabled()
    now = {
        "font": window.reader.view_at(0).font().pixelSize(),
        "style": window.styleSheet(),
        "language_button": tools.language_button.text(),
        "start_over": tools.start_over_button.text(),
    }
    assert now == fresh
