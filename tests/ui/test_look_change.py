"""A text-size or contrast tap restyles in short turns of the event loop and ends exactly as one restyle would."""

from __future__ import annotations

from PySide6.QtCore import QSizeF, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.palette import HIGH_CONTRAST
from kiosk.ui.style import window_qss
from kiosk.ui.widgets import TouchButton
from kiosk.ui.window import KioskWindow
from tests.ui.conftest import WindowFactory


def tap(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def assert_in_the_visits_look(window: KioskWindow) -> None:
    """Every size- and colour-dependent part of the reading screen as the visit says."""
    look = window.look()
    assert window.styleSheet() == window_qss(look.palette, look.chrome)
    ui_px = look.chrome.ui_px()
    buttons = [b for b in window.reader.findChildren(TouchButton) if b.isVisible()]
    assert len(buttons) > 10  # tabs, toolbar and scroll buttons
    for button in buttons:
        assert button.label.font().pixelSize() == ui_px, button.objectName()
    assert window.reader.more_below.font().pixelSize() == ui_px
    view = window.reader.current_view()
    assert view is not None and view.font().pixelSize() == look.metrics.body_px()
    assert look.palette.text in view.document().defaultStyleSheet()
    assert view.palette().color(view.backgroundRole()).name() == look.palette.background


def test_a_size_tap_shows_the_page_first_and_the_rest_in_the_next_turns(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    window = make_window()
    tap(qtbot, window.welcome)
    before = window.styleSheet()
    tap(qtbot, window.reader.toolbar.larger_button)

    # This turn: the page in its new size, and nothing painted until the rest follows.
    view = window.reader.current_view()
    assert view is not None and view.font().pixelSize() == window.look().metrics.body_px()
    assert window.restyling and not window.updatesEnabled()
    assert window.styleSheet() == before

    qtbot.waitUntil(lambda: not window.restyling)
    assert window.updatesEnabled()
    assert_in_the_visits_look(window)


def test_quick_taps_end_in_the_last_look(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    tap(qtbot, window.welcome)
    tools = window.reader.toolbar
    for button in (tools.larger_button, tools.larger_button, tools.contrast_button, tools.smaller_button):
        tap(qtbot, button)  # faster than the restyle's turns
    assert window.scale == 1.25 and window.palette_now is HIGH_CONTRAST
    qtbot.waitUntil(lambda: not window.restyling)
    assert window.updatesEnabled()
    assert_in_the_visits_look(window)


def test_start_over_restores_the_default_look(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    fresh = window.styleSheet()
    tap(qtbot, window.welcome)
    tools = window.reader.toolbar
    for button in (tools.larger_button, tools.contrast_button):
        tap(qtbot, button)
    qtbot.waitUntil(lambda: not window.restyling)
    assert window.styleSheet() != fresh
    window.reset_session()
    qtbot.waitUntil(lambda: not window.restyling)
    assert window.styleSheet() == fresh and window.updatesEnabled()


def test_a_page_is_laid_out_at_the_width_it_is_shown(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    tap(qtbot, window.welcome)
    reader = window.reader
    hidden = reader.view_at(3)  # made, never shown: laid out when it is, at its real width
    assert not hidden.isVisible() and hidden.document().pageSize() == QSizeF(0, 0)
    tap(qtbot, reader.tabs.buttons()[3])
    qtbot.waitUntil(lambda: reader.current_view() is hidden and hidden.isVisible())
    width = hidden.viewport().width()
    assert hidden.document().pageSize().width() == width
    assert hidden.document().size().width() <= width + 1
    tap(qtbot, reader.toolbar.larger_button)  # restyled in place: the same width, the new size
    qtbot.waitUntil(lambda: not window.restyling)
    assert hidden.document().pageSize().width() == hidden.viewport().width()
    assert hidden.document().size().width() <= hidden.viewport().width() + 1
