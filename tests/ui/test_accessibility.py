"""Measured on the running widgets: sizes in millimetres, reach of every control, text size up to 200 %."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.config import TEXT_SCALES
from kiosk.palette import HIGH_CONTRAST
from kiosk.ui.widgets import TouchButton, longest_word_px
from kiosk.ui.window import KioskWindow
from tests.ui.conftest import WindowFactory

SCREENS = [(96.0, (1280, 1024)), (96.0, (1920, 1080)), (140.0, (1920, 1080))]


def mm(window: KioskWindow, px: float) -> float:
    return px * 25.4 / window.metrics.dpi


def visible_buttons(window: KioskWindow) -> list[TouchButton]:
    screen = window.current_screen()
    assert screen is not None
    return [b for b in screen.findChildren(TouchButton) if b.isVisible()]


def laid_out(widget: QWidget) -> bool:
    layout = widget.layout()
    return layout is not None and layout.geometry().width() > 0


def gap_between(a: QRect, b: QRect) -> int:
    dx = max(0, b.left() - a.right() - 1, a.left() - b.right() - 1)
    dy = max(0, b.top() - a.bottom() - 1, a.top() - b.bottom() - 1)
    return max(dx, dy)


def assert_controls_reachable(window: KioskWindow, *, closed_up: bool = False) -> None:
    """Every button at least 20 mm with 2.5 mm between, its label whole. `closed_up`: the reading screen may have
    closed its tabs and toolbar up to leave the page room (kiosk/ui/chrome_fit.py), to the sizes it chose, never
    below 12 mm with 1.5 mm between."""
    QApplication.processEvents()  # let layouts settle after the last change
    target, gap = 19.9, 2.5
    if closed_up:
        chrome = window.reader.fit.metrics
        assert chrome.target_mm >= 12.0 and chrome.gap_mm >= 1.5
        target, gap = min(target, chrome.target_mm - 0.1), min(gap, chrome.gap_mm - 0.1)
    buttons = visible_buttons(window)
    assert buttons
    rects = [QRect(b.mapTo(window, b.rect().topLeft()), b.size()) for b in buttons]
    for button, rect in zip(buttons, rects, strict=True):
        assert mm(window, rect.width()) >= target and mm(window, rect.height()) >= target, button.text()
        label = button.label
        assert longest_word_px(button) <= label.width(), f"'{button.text()}' is cut"
        assert label.heightForWidth(label.width()) <= label.height() + 1, f"'{button.text()}' is cut"
    for i, a in enumerate(rects):
        for j in range(i + 1, len(rects)):
            assert mm(window, gap_between(a, rects[j])) >= gap, (buttons[i].text(), buttons[j].text())


def assert_no_sideways_scrolling(window: KioskWindow) -> None:
    for view in window.reader.views:
        assert view.document().size().width() <= view.viewport().width() + 1, view.page_id


@pytest.mark.parametrize(("dpi", "size"), SCREENS)
def test_default_size_meets_the_bars(
    qtbot: QtBot, make_window: WindowFactory, dpi: float, size: tuple[int, int]
) -> None:
    window = make_window(dpi=dpi, size=size)
    assert_controls_reachable(window)  # the welcome screen's language buttons
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    view = window.reader.current_view()
    assert view is not None
    assert mm(window, QFontMetricsF(view.font()).capHeight()) >= 6.0
    assert_controls_reachable(window)
    assert_no_sideways_scrolling(window)


@pytest.mark.parametrize(("dpi", "size"), SCREENS)
def test_every_text_size_up_to_200_percent_fits(
    qtbot: QtBot, make_window: WindowFactory, dpi: float, size: tuple[int, int]
) -> None:
    window = make_window(dpi=dpi, size=size)
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    toolbar = window.reader.toolbar
    default_cap = QFontMetricsF(window.reader.views[0].font()).capHeight()
    for scale in TEXT_SCALES[1:]:
        qtbot.mouseClick(toolbar.larger_button, Qt.MouseButton.LeftButton)
        assert window.scale == scale
        qtbot.waitUntil(lambda: not window.restyling and laid_out(window.reader.tab_bar))
        assert_controls_reachable(window, closed_up=True)
        assert_no_sideways_scrolling(window)
    cap = QFontMetricsF(window.reader.views[0].font()).capHeight()
    assert cap >= 1.95 * default_cap
    assert not toolbar.larger_button.isEnabled() and toolbar.smaller_button.isEnabled()


def test_text_size_survives_tab_changes_and_resets(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    toolbar = window.reader.toolbar
    assert not toolbar.smaller_button.isEnabled()
    qtbot.mouseClick(toolbar.larger_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(toolbar.larger_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.reader.tabs.buttons()[4], Qt.MouseButton.LeftButton)
    assert window.scale == 1.5
    size = window.reader.current_view().font().pixelSize()  # type: ignore[union-attr]
    qtbot.mouseClick(toolbar.smaller_button, Qt.MouseButton.LeftButton)
    assert window.reader.current_view().font().pixelSize() < size  # type: ignore[union-attr]
    qtbot.mouseClick(toolbar.start_over_button, Qt.MouseButton.LeftButton)
    assert window.scale == 1.0
    assert window.reader.views[0].font().pixelSize() == window.metrics.body_px()


def test_high_contrast_restyles_pages_and_resets(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    contrast = window.reader.toolbar.contrast_button
    qtbot.mouseClick(contrast, Qt.MouseButton.LeftButton)
    assert window.palette_now is HIGH_CONTRAST and contrast.isChecked()
    qtbot.waitUntil(lambda: not window.restyling)  # the window's style sheet follows the page's
    for tab in window.reader.tabs.buttons():  # every page as it is shown (pages out of sight follow then)
        qtbot.mouseClick(tab, Qt.MouseButton.LeftButton)
        view = window.reader.current_view()
        assert view is not None and HIGH_CONTRAST.text in view.document().defaultStyleSheet()
        assert view.palette().color(view.backgroundRole()).name() == HIGH_CONTRAST.background
    qtbot.mouseClick(window.reader.tabs.buttons()[2], Qt.MouseButton.LeftButton)
    assert window.palette_now is HIGH_CONTRAST
    window.reset_session()
    assert window.palette_now is window.default_palette and not contrast.isChecked()
    assert HIGH_CONTRAST.text not in window.reader.views[0].document().defaultStyleSheet()
