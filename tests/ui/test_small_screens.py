"""Small and short screens at large text: tabs and toolbar close up so nothing overlaps or is cut, and the page
keeps room to read (kiosk/ui/chrome_fit.py). At 200 % on 1366 x 768 the page once showed a line of its heading
with the toolbar's rows pushed over each other."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.ui.chrome_fit import LADDER, READING_LINES
from kiosk.ui.speech import Speech
from kiosk.ui.widgets import TouchButton, flow_rows, longest_word_px
from kiosk.ui.window import KioskWindow
from tests.ui.conftest import WindowFactory
from tests.ui.test_accessibility import assert_controls_reachable, laid_out, mm

# (dpi, size): a 12.5" 1280 x 800 tablet, a 15.6" 1366 x 768 touch screen, 17" 1280 x 1024, 21.5" 1920 x 1080.
SCREENS = [(120.0, (1280, 800)), (100.0, (1366, 768)), (96.0, (1280, 1024)), (96.0, (1920, 1080))]


def at_look(qtbot: QtBot, window: KioskWindow, language: str, contrast: bool, scale: float) -> None:
    window.set_language(language)
    window.set_high_contrast(contrast)
    window.set_text_scale(scale)
    qtbot.waitUntil(lambda: not window.restyling and laid_out(window.reader.tab_bar))


def busy_toolbar(window: KioskWindow, *, sheet: bool, take_home: bool) -> None:
    """The toolbar as a visit fills it: in a library of topics, reading aloud, What matters and the quiz offered;
    with `sheet` three lines on the sheet (My questions), with `take_home` a page with an address."""
    tools = window.reader.toolbar
    tools.listen_button.setVisible(True)  # the mock voice has no Spanish: Listen would be hidden
    tools.show_speech(Speech.SPEAKING)
    tools.show_activities(3 if sheet else 0, matters=True, quiz=True)
    tools.all_topics_button.setVisible(True)
    tools.take_home_button.setVisible(take_home)
    tools.reflow()
    QApplication.processEvents()


def shown_buttons(window: KioskWindow) -> list[TouchButton]:
    return [button for button in window.reader.findChildren(TouchButton) if button.isVisible()]


def assert_nothing_overlaps_or_is_cut(window: KioskWindow) -> None:
    QApplication.processEvents()
    reader = window.reader
    assert reader.height() == window.height()  # not pushed off the bottom of the screen
    assert reader.minimumSizeHint().height() <= reader.height()
    buttons = shown_buttons(window)
    rects = [QRect(button.mapTo(window, button.rect().topLeft()), button.size()) for button in buttons]
    for i, rect in enumerate(rects):
        assert window.rect().contains(rect), buttons[i].text()
        for j in range(i + 1, len(rects)):
            assert not rect.intersects(rects[j]), (buttons[i].text(), buttons[j].text())
    for button in buttons:
        label = button.label
        assert longest_word_px(button) <= label.width(), f"'{button.text()}' is cut"
        assert label.heightForWidth(label.width()) <= label.height() + 1, f"'{button.text()}' is cut"
        assert button.height() >= button.minimumHeight(), f"'{button.text()}' is squeezed"
    cue = reader.more_below
    assert cue.heightForWidth(cue.width()) <= cue.height() + 1, "the scroll cue is cut"
    page = QRect(reader.stack.mapTo(window, reader.stack.rect().topLeft()), reader.stack.size())
    assert not page.intersects(QRect(cue.mapTo(window, cue.rect().topLeft()), cue.size()))
    assert not any(page.intersects(rect) for rect in rects)


def page_lines(window: KioskWindow) -> float:
    view = window.reader.current_view()
    assert view is not None
    return view.viewport().height() / view.fontMetrics().lineSpacing()


def lines_wanted(dpi: float, size: tuple[int, int]) -> float:
    """What the page keeps. The 12.5" 1280 x 800 screen at 120 dpi is 169 mm tall: its tabs, a dozen buttons with
    labels at the default 5.1 mm cap height and four lines of 200 % text do not all fit: it keeps 3.4 lines (in
    English, with My questions' place kept for it: the toolbar of a visit with every button)."""
    return 3.4 if (dpi, size) == (120.0, (1280, 800)) else READING_LINES


@pytest.mark.parametrize(("dpi", "size"), SCREENS)
@pytest.mark.parametrize("language", ["en", "es"])
def test_at_every_text_size_nothing_overlaps_and_the_page_keeps_room(
    qtbot: QtBot, make_window: WindowFactory, dpi: float, size: tuple[int, int], language: str
) -> None:
    window = make_window(dpi=dpi, size=size)
    window.show_reader()
    for contrast in (False, True):
        for scale in (1.0, 1.5, 2.0):
            at_look(qtbot, window, language, contrast, scale)
            busy_toolbar(window, sheet=False, take_home=False)
            assert len(window.reader.toolbar.shown()) == 11
            assert_nothing_overlaps_or_is_cut(window)
            assert_controls_reachable(window, closed_up=True)
            assert page_lines(window) >= lines_wanted(dpi, size), (contrast, scale, window.reader.fit.step)


@pytest.mark.parametrize(("dpi", "size"), SCREENS)
def test_every_button_at_once_still_fits_at_200_percent(
    qtbot: QtBot, make_window: WindowFactory, dpi: float, size: tuple[int, int]
) -> None:
    window = make_window(dpi=dpi, size=size)
    window.show_reader()
    at_look(qtbot, window, "es", False, 2.0)
    busy_toolbar(window, sheet=True, take_home=True)
    assert len(window.reader.toolbar.shown()) == 13
    assert_nothing_overlaps_or_is_cut(window)
    assert_controls_reachable(window, closed_up=True)
    assert page_lines(window) >= lines_wanted(dpi, size)


def test_a_screen_with_room_keeps_the_full_size(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window(dpi=96.0, size=(1920, 1080))
    window.show_reader()
    at_look(qtbot, window, "en", False, 2.0)
    fit = window.reader.fit
    assert fit.step == 0 and window.reader.toolbar.styleSheet() == ""  # the window's own style, untouched
    assert mm(window, window.reader.toolbar.shown()[0].height()) >= 19.9


def test_the_chrome_closes_up_on_a_short_screen_and_opens_again_at_default_text(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    window = make_window(dpi=100.0, size=(1366, 768))
    window.show_reader()
    reader = window.reader
    at_look(qtbot, window, "es", False, 1.0)
    assert reader.fit.step == 0
    places = [button.geometry() for button in shown_buttons(window)]
    at_look(qtbot, window, "es", False, 2.0)
    assert 0 < reader.fit.step < len(LADDER)
    assert reader.toolbar.styleSheet() != ""
    assert page_lines(window) >= READING_LINES
    at_look(qtbot, window, "es", False, 1.0)
    assert reader.fit.step == 0 and reader.toolbar.styleSheet() == "" and not reader.toolbar.flow
    assert [button.geometry() for button in shown_buttons(window)] == places  # as it was, to the pixel


def test_buttons_that_come_while_reading_close_the_chrome_up_further(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    window = make_window(dpi=100.0, size=(1366, 768))
    window.show_reader()
    at_look(qtbot, window, "en", False, 2.0)
    reader = window.reader
    before = reader.fit.step
    busy_toolbar(
        window, sheet=True, take_home=True
    )  # no new look, no resize: the toolbar's own reflow asks for room
    assert reader.fit.step > before
    assert_nothing_overlaps_or_is_cut(window)
    assert page_lines(window) >= READING_LINES


@pytest.mark.parametrize(
    ("widths", "rows"),
    [
        ([100, 100, 100], [[0, 1], [2]]),  # 100 + 10 + 100 fits 250; a third does not
        ([300, 50, 50], [[0], [1, 2]]),  # wider than the row: alone on its own
        ([120, 120], [[0, 1]]),  # exactly full, gap included
    ],
)
def test_buttons_break_into_rows_as_words_into_lines(widths: list[int], rows: list[list[int]]) -> None:
    assert flow_rows(widths, 250, 10) == rows
