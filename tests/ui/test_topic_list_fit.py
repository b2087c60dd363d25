"""The topic list on short screens at large text (kiosk/ui/topic_fit.py): two cards whole and the top of a third
in view without scrolling, cards still 20 mm targets, words never cut, and a cue while more topics are below. At
200 % text on 1366 x 768 the list once showed a single card, and nothing said there were more."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.config import Config
from kiosk.palette import CALM
from kiosk.shelf import load_shelf
from kiosk.ui.app import attach_topics, load_fonts
from kiosk.ui.metrics import Metrics
from kiosk.ui.topic_fit import LADDER, PEEK_MM, rows_needed
from kiosk.ui.topic_list import TopicListScreen
from kiosk.ui.topics import TopicDesk
from kiosk.ui.window import KioskWindow
from tests.conftest import BUNDLED, LibraryFactory

# (dpi, size): a 15.6" 1366 x 768 touch screen, a 12.5" 1280 x 800 tablet, 17" 1280 x 1024, 21.5" 1920 x 1080.
SHORT_SCREENS = [(100.0, (1366, 768)), (120.0, (1280, 800))]


def kiosk_at(qtbot: QtBot, root: Path, dpi: float, size: tuple[int, int]) -> tuple[KioskWindow, TopicDesk]:
    load_fonts()
    config = Config()
    config = dataclasses.replace(config, speech=dataclasses.replace(config.speech, engine="mock"))
    shelf = load_shelf(root, lazy=True)
    window = KioskWindow(shelf.first.library, config, Metrics(dpi, 6.0, 20.0), CALM, windowed=True)
    qtbot.addWidget(window, before_close_func=lambda w: w.exit_requested.emit())
    topics = attach_topics(window, shelf)
    assert topics is not None and topics.several
    window.resize(*size)
    window.show_kiosk()
    qtbot.waitExposed(window)
    return window, topics


def at_look(qtbot: QtBot, window: KioskWindow, language: str, contrast: bool, scale: float) -> TopicListScreen:
    window.set_language(language)
    window.set_high_contrast(contrast)
    window.set_text_scale(scale)
    qtbot.waitUntil(lambda: not window.restyling)
    QApplication.processEvents()
    return window.current_screen()  # type: ignore[return-value]  # the topic list, checked by the caller


def in_viewport(screen: TopicListScreen, widget: QWidget) -> QRect:
    viewport = screen.area.viewport()
    return QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())


def whole_cards(screen: TopicListScreen) -> int:
    viewport = screen.area.viewport().rect()
    return sum(viewport.contains(in_viewport(screen, card)) for card in screen.cards)


def mm(window: KioskWindow, px: float) -> float:
    return px * 25.4 / window.metrics.dpi


def assert_words_whole(screen: TopicListScreen) -> None:
    for card in screen.cards:
        for label in (card.title, card.summary):
            assert label.heightForWidth(label.width()) <= label.height() + 1, f"'{label.text()}' is cut"
    for label in (screen.title, screen.hint, screen.more_below):
        if label.isVisible():
            assert label.heightForWidth(label.width()) <= label.height() + 1, f"'{label.text()}' is cut"
    for button in screen.language_buttons.values():
        assert screen.rect().contains(QRect(button.mapTo(screen, QPoint(0, 0)), button.size()))


@pytest.mark.parametrize(("dpi", "size"), SHORT_SCREENS)
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_short_screen_at_200_percent_shows_two_whole_cards_and_the_top_of_a_third(
    qtbot: QtBot, make_library: LibraryFactory, dpi: float, size: tuple[int, int], language: str
) -> None:
    window, topics = kiosk_at(qtbot, make_library(("fusion", "second", "third", "fourth")), dpi, size)
    screen = at_look(qtbot, window, language, False, 2.0)
    assert screen is topics.screen and window.visit.text_scale == 2.0
    assert screen.step > 0  # it had to close up: the full-size heading and cards leave room for one card
    assert whole_cards(screen) >= 2, "a patient must see without scrolling that there is a choice"
    viewport = screen.area.viewport().rect()
    third = in_viewport(screen, screen.cards[2])
    assert third.top() < viewport.bottom() - (dpi / 25.4) * PEEK_MM + 2, "the top of the next card shows"
    for card in screen.cards:
        assert mm(window, card.height()) >= 20 and mm(window, card.width()) >= 20  # a target, at this dpi
    assert_words_whole(screen)
    assert screen.more_below.isVisible() and screen.more_below.text().startswith(
        "More topics below" if language == "en" else "Hay más temas abajo"
    )


def test_the_bundled_library_at_200_percent_on_1366_x_768_shows_both_topics_in_both_looks(qtbot: QtBot) -> None:
    window, _ = kiosk_at(qtbot, BUNDLED.parent, 100.0, (1366, 768))
    for language in ("en", "es"):
        for contrast in (False, True):
            screen = at_look(qtbot, window, language, contrast, 2.0)
            assert whole_cards(screen) == 2, (language, contrast)
            assert all(mm(window, card.height()) >= 20 for card in screen.cards)
            assert_words_whole(screen)
            assert screen.more_below.isHidden()  # nothing below: no cue


def test_a_roomy_screen_keeps_the_full_size_list(qtbot: QtBot, make_library: LibraryFactory) -> None:
    window, _ = kiosk_at(qtbot, make_library(("fusion", "second", "third")), 96.0, (1920, 1080))
    screen = at_look(qtbot, window, "en", False, 1.0)
    assert screen.step == 0 and whole_cards(screen) == 3
    assert screen.more_below.isVisible() is False  # three cards fit: nothing is below


def test_the_cue_says_more_topics_until_the_last_card_is_in_view(
    qtbot: QtBot, make_library: LibraryFactory
) -> None:
    window, _ = kiosk_at(qtbot, make_library(tuple(f"t{n:02d}" for n in range(12))), 100.0, (1366, 768))
    screen = at_look(qtbot, window, "en", False, 1.5)
    screen.finish()
    QApplication.processEvents()
    bar = screen.area.verticalScrollBar()
    assert bar.maximum() > 0 and screen.more_below.text() == "More topics below: drag the list up"
    height = screen.area.height()
    bar.setValue(bar.maximum())
    QApplication.processEvents()
    assert screen.more_below.isVisible() and not screen.more_below.text().strip()  # its room kept: no jump
    assert screen.area.height() == height
    assert in_viewport(screen, screen.cards[-1]).bottom() <= screen.area.viewport().height()
    window.reset_session()  # the next patient: the list at its top, the cue back
    QApplication.processEvents()
    assert bar.value() == 0 and screen.more_below.text().startswith("More topics below")


def test_a_resized_screen_is_fitted_anew(qtbot: QtBot, make_library: LibraryFactory) -> None:
    window, _ = kiosk_at(qtbot, make_library(("fusion", "second", "third")), 100.0, (1920, 1080))
    screen = at_look(qtbot, window, "en", False, 2.0)
    assert screen.step == 0
    window.resize(1366, 768)
    QApplication.processEvents()
    assert screen.step > 0 and whole_cards(screen) >= 2


def test_rows_needed_counts_two_whole_cards_and_a_peek_of_the_next_row() -> None:
    assert rows_needed([100, 120, 90], 1, 10, 20) == 100 + 10 + 120 + 10 + 20
    assert rows_needed([100, 120], 1, 10, 20) == 230  # nothing below: no peek
    assert rows_needed([100, 120, 90], 2, 10, 20) == 120 + 10 + 20  # a row of two, then the next row's top
    assert rows_needed([100, 120], 2, 10, 20) == 120
    assert LADDER[0].card_metrics(Metrics(96, 6, 20, scale=1.5)).scale == 1.5
    assert LADDER[-1].card_metrics(Metrics(96, 6, 20, scale=1.5)).scale == 1.0


def test_text_made_larger_while_reading_is_fitted_on_the_way_back_and_reset_on_start_over(
    qtbot: QtBot, make_library: LibraryFactory
) -> None:
    window, topics = kiosk_at(qtbot, make_library(("fusion", "second", "third")), 100.0, (1366, 768))
    assert topics.screen.step == 0
    topics.open_topic("second")
    for _ in range(4):  # A+ to 200 % on the reading screen: the list is not on show
        window.step_text_size(+1)
    qtbot.waitUntil(lambda: not window.restyling)
    assert window.visit.text_scale == 2.0
    topics.all_topics()
    qtbot.waitUntil(lambda: not window.restyling)
    QApplication.processEvents()
    screen = topics.screen
    assert window.current_screen() is screen and screen.step > 0 and whole_cards(screen) >= 2
    assert_words_whole(screen)
    window.reset_session("start_over")  # the next patient: default text, the full-size list again
    qtbot.waitUntil(lambda: not window.restyling)
    QApplication.processEvents()
    assert window.visit.text_scale == 1.0 and screen.step == 0 and whole_cards(screen) >= 2
    assert_words_whole(screen)
