"""The My questions card looks and works like the rest of the kiosk at every screen, text size and language: rows
with a hanging bullet, finger scrolling and the kiosk's own ▲/▼ (no desktop scroll bar), buttons as wide as their
words with room either side, and everything on the screen."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QLabel, QScroller, QWidget
from pytestqt.qtbot import QtBot

from kiosk.config import Config, PrintConfig
from kiosk.matters import Importance, MattersAnswers
from kiosk.ui.my_questions import MyQuestionsOverlay
from kiosk.ui.sheet_list import Bullet
from kiosk.ui.widgets import TouchButton, one_line_px
from kiosk.ui.window import KioskWindow
from tests.ui.conftest import WindowFactory, finger_drag
from tests.ui.test_my_questions import open_page, tap, tap_row


def open_card(
    qtbot: QtBot, make_window: WindowFactory, size: tuple[int, int], scale: float, language: str
) -> KioskWindow:
    window = make_window(size=size, config=Config(print=PrintConfig(printer="pdf:/dev/null")))
    window.set_language(language)
    window.set_text_scale(scale)
    qtbot.waitUntil(lambda: not window.restyling)  # the window's style (the card's buttons) at this size
    everything = frozenset(
        (page.id, number) for page in window.library.pages_in(language) for number in range(len(page.checklist))
    )
    visit = window.visit.begin_reading().show_page("questions")
    answers = MattersAnswers().answer(0, Importance.A_LOT).answer(1, Importance.A_LITTLE)
    window.set_visit(dataclasses.replace(visit, ticked=everything, matters=answers))
    window.activities.open_my_questions()
    return window


def inside(widget: QWidget, outer: QWidget) -> bool:
    corner = widget.mapTo(outer, widget.rect().topLeft())
    return outer.rect().contains(QRect(corner, widget.size()))


def buttons_fit_their_words(window: KioskWindow, overlay: MyQuestionsOverlay) -> None:
    pad = window.metrics.px(2)  # at least this between the words and each edge
    for button in overlay.findChildren(TouchButton):
        if button.isVisible():
            assert min(button.width(), button.height()) >= window.metrics.target, button.text()
            assert inside(button, overlay), button.text()
            if button.text() not in {"▲", "▼"}:
                assert one_line_px(button) + 2 * pad <= button.width(), button.text()  # one line, with room


@pytest.mark.parametrize(
    ("size", "scale", "language"),
    [((1366, 768), 2.0, "es"), ((1920, 1080), 1.0, "en"), ((1280, 1024), 1.5, "es"), ((1366, 768), 1.0, "en")],
)
def test_the_card_scrolls_by_finger_and_arrows_with_hanging_rows_and_roomy_buttons(
    qtbot: QtBot, make_window: WindowFactory, size: tuple[int, int], scale: float, language: str
) -> None:
    window = open_card(qtbot, make_window, size, scale, language)
    overlay = window.findChild(MyQuestionsOverlay)
    assert overlay is not None and overlay.isVisible()
    listing = overlay.listing
    area = listing.area
    assert area.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff  # no desktop scroll bar
    assert inside(overlay.card, overlay)
    # Every line its own row: the bullet at the left, the words beside it; a wrapped line stays beside it too.
    labels = [label for label in listing.body.findChildren(QLabel) if label.isVisible()]
    bullets = [bullet for bullet in listing.body.findChildren(Bullet) if bullet.isVisible()]
    assert len(bullets) == len(listing.rows)
    assert not any(label.text().strip() == "" for label in labels)  # no blank lines
    words = {label.text(): label for label in labels}
    wrapped = 0
    for bullet, line in zip(bullets, listing.rows, strict=True):
        label = words[line]
        assert bullet.words is label and label.x() >= bullet.x() + bullet.width()  # the hanging indent
        assert label.y() == bullet.y()  # the bullet beside the first line
        wrapped += label.height() > 1.5 * label.fontMetrics().lineSpacing()
    assert wrapped  # some lines do wrap, and they wrapped under their words
    buttons_fit_their_words(window, overlay)
    # The list is longer than the card: ▲/▼ as on the reading screen, and a finger drag.
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0 and listing.down_button.isVisible() and not listing.up_button.isEnabled()
    qtbot.mouseClick(listing.down_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QScroller.scroller(area.viewport()).state() == QScroller.State.Inactive)
    assert bar.value() > 0 and listing.up_button.isEnabled()
    qtbot.mouseClick(listing.up_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bar.value() == 0)
    qtbot.waitUntil(lambda: QScroller.scroller(area.viewport()).state() == QScroller.State.Inactive)
    # The codes: the card, its code and its buttons all on the screen; the last code's button says what it does.
    qtbot.mouseClick(overlay.show_qr_button, Qt.MouseButton.LeftButton)
    assert inside(overlay.card, overlay) and inside(overlay.code, overlay)
    assert overlay.code.pixmap().height() <= overlay.code.height()  # the whole code shows, quiet zone and all
    buttons_fit_their_words(window, overlay)
    for _ in range(len(overlay.codes) - 1):
        qtbot.mouseClick(overlay.next_button, Qt.MouseButton.LeftButton)
    assert overlay.next_button.text() == window.text.first_code != window.text.next_code
    buttons_fit_their_words(window, overlay)


def test_a_finger_drag_scrolls_the_list(qtbot: QtBot, make_window: WindowFactory) -> None:
    # Qt's gesture manager looks for the widget under the finger on the screen: the off-screen platform's is
    # 800 px square, so the list must lie on it (it does in a 1366 x 768 window at 200 %).
    window = open_card(qtbot, make_window, (1366, 768), 2.0, "es")
    overlay = window.findChild(MyQuestionsOverlay)
    assert overlay is not None
    area = overlay.listing.area
    bar = area.verticalScrollBar()
    assert bar.value() == 0 < bar.maximum()
    finger_drag(qtbot, area.viewport(), -area.viewport().height() / 2)
    qtbot.waitUntil(lambda: bar.value() > 0)
    qtbot.waitUntil(lambda: QScroller.scroller(area.viewport()).state() == QScroller.State.Inactive)
    overlay.close_overlay()


def test_the_kept_card_takes_each_visits_text_size_afresh(qtbot: QtBot, make_window: WindowFactory) -> None:
    """The card is made once and kept: opened at 200 %, then at 100 %, it is as it was at 100 % the first time."""
    window = open_card(qtbot, make_window, (1280, 1024), 1.0, "en")
    overlay = window.findChild(MyQuestionsOverlay)
    assert overlay is not None
    first = [(button.size(), overlay.card.size()) for button in (overlay.show_qr_button, overlay.close_button)]
    small = overlay.title.font().pixelSize()
    overlay.close_overlay()
    window.set_text_scale(2.0)
    qtbot.waitUntil(lambda: not window.restyling)
    window.activities.open_my_questions()
    assert overlay.title.font().pixelSize() > small
    overlay.close_overlay()
    window.set_text_scale(1.0)
    qtbot.waitUntil(lambda: not window.restyling)
    window.activities.open_my_questions()
    assert [
        (button.size(), overlay.card.size()) for button in (overlay.show_qr_button, overlay.close_button)
    ] == first


@pytest.mark.parametrize(("size", "scale"), [((1366, 768), 2.0), ((1366, 768), 1.0), ((1920, 1080), 1.0)])
def test_print_moves_no_button_and_a_second_tap_finds_print_again(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, size: tuple[int, int], scale: float
) -> None:
    """The line saying what became of Print used to be added under the buttons: the card grew, the buttons
    moved up and a second tap on Print landed on the message."""
    config = Config(print=PrintConfig(printer=f"pdf:{tmp_path / 'sheet.pdf'}"))
    window = make_window(config=config)
    window.resize(*size)
    window.set_language("es")
    window.set_text_scale(scale)
    view = open_page(qtbot, window, "questions")
    for number in (0, 1):
        tap_row(qtbot, view, number)
    tap(qtbot, window.reader.toolbar.my_questions_button)
    overlay = window.findChild(MyQuestionsOverlay)
    assert overlay is not None and overlay.print_button.isVisible()
    buttons = (overlay.show_qr_button, overlay.print_button, overlay.close_button)

    def places() -> list[QRect]:
        return [QRect(button.mapTo(window, QPoint(0, 0)), button.size()) for button in buttons]

    before = places()
    tap(qtbot, overlay.print_button)
    assert overlay.hint.text() == window.text.printing
    assert places() == before
    rect = overlay.hint.rect()
    assert (
        overlay.hint.fontMetrics()
        .boundingRect(QRect(0, 0, rect.width(), 100_000), int(Qt.TextFlag.TextWordWrap), overlay.hint.text())
        .height()
        <= rect.height()
    )  # the whole message shows
