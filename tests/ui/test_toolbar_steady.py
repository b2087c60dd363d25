"""Buttons stay under the finger: what comes during a visit (My questions, the Listen controls, the quiz) takes a
place kept for it and moves no button a patient has seen. Each used to reflow the whole toolbar: one row became
two, or every button shifted sideways, and a patient aiming at one tapped another."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.ui.speech import Speech
from kiosk.ui.window import KioskWindow
from tests.ui.conftest import WindowFactory
from tests.ui.test_reading_aids import speech
from tests.ui.test_small_screens import assert_nothing_overlaps_or_is_cut, at_look, shown_buttons

# (dpi, size): a 21.5" 1920 x 1080 screen and a 15.6" 1366 x 768 touch screen.
SCREENS = [(96.0, (1920, 1080)), (100.0, (1366, 768))]


Place = tuple[int, int, int, int]  # x, y, width, height in the window


def places(window: KioskWindow) -> dict[str, Place]:
    """Every button shown on the reading screen (tabs, scroll buttons, toolbar), where it is in the window."""
    QApplication.processEvents()
    found = {}
    for button in shown_buttons(window):
        corner = button.mapTo(window, button.rect().topLeft())
        found[button.objectName()] = (corner.x(), corner.y(), button.width(), button.height())
    return found


def assert_kept(known: dict[str, Place], now: dict[str, Place], what: str) -> dict[str, Place]:
    """Every button of `now` that was seen before is where it was then (within a pixel); returns what is known."""
    moved = {
        name: (known[name], place)
        for name, place in now.items()
        if name in known and any(abs(a - b) > 1 for a, b in zip(known[name], place, strict=True))
    }
    assert not moved, f"{what}: moved {moved}"
    return {**now, **known}


@pytest.mark.parametrize(("dpi", "size"), SCREENS)
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_buttons_keep_their_place_when_my_questions_and_the_listen_controls_come(
    qtbot: QtBot, make_window: WindowFactory, dpi: float, size: tuple[int, int], language: str, scale: float
) -> None:
    window = make_window(dpi=dpi, size=size)
    window.show_reader()
    at_look(qtbot, window, language, False, scale)
    tools = window.reader.toolbar
    if tools.listen_button.isHidden():  # the mock voice has no Spanish: as with a Spanish voice installed
        tools.listen_button.setVisible(True)
        tools.reflow()
    start = places(window)
    assert "MyQuestions" not in start and "Stop" not in start

    window.set_visit(window.visit.toggle_tick("questions", 1))  # a row ticked: My questions (1)
    ticked = places(window)
    assert "MyQuestions" in ticked and set(start) < set(ticked)
    known = assert_kept(start, ticked, "My questions came")
    window.set_visit(window.visit.toggle_tick("questions", 2))  # (2): new words, the same place
    known = assert_kept(known, places(window), "My questions counted another")

    for what, state, slower in [
        ("Listen tapped", Speech.SPEAKING, False),
        ("Slower ticked", Speech.SPEAKING, True),
        ("paused", Speech.PAUSED, True),
        ("stopped", Speech.IDLE, False),
    ]:
        tools.show_speech(state)  # as the read-aloud shows the voice's state
        tools.slower_button.set_checked_quietly(slower)
        now = places(window)
        assert ("Stop" in now and "Slower" in now) == (state is not Speech.IDLE)
        assert set(ticked) <= set(now), what
        known = assert_kept(known, now, what)
    assert_nothing_overlaps_or_is_cut(window)


@pytest.mark.parametrize(("dpi", "size"), SCREENS)
def test_the_quiz_button_comes_into_its_own_place(
    qtbot: QtBot, make_window: WindowFactory, dpi: float, size: tuple[int, int]
) -> None:
    window = make_window(dpi=dpi, size=size)
    window.show_reader()
    at_look(qtbot, window, "es", True, 1.5)
    start = places(window)
    assert "Quiz" not in start
    for page in ("procedure", "benefits", "risks"):  # the bundled pack offers it after three pages
        window.set_visit(window.visit.show_page(page))
    after = places(window)
    assert "Quiz" in after
    assert set(start) < set(after)
    assert_kept(start, after, "the quiz came")


@speech
@pytest.mark.parametrize(("dpi", "size"), SCREENS)
def test_a_listen_with_no_voice_for_the_language_stays_where_it_is_and_says_why(
    qtbot: QtBot, make_window: WindowFactory, dpi: float, size: tuple[int, int]
) -> None:
    window = make_window(dpi=dpi, size=size, start_speech=False)  # the mock engine has no Spanish voice
    window.show_reader()
    at_look(qtbot, window, "es", False, 1.0)
    window.set_visit(window.visit.toggle_tick("questions", 1))
    start = places(window)
    assert "Listen" in start and "MyQuestions" in start
    qtbot.mouseClick(window.reader.toolbar.listen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.speaker.started)  # and found no Spanish voice: it says so
    qtbot.waitUntil(lambda: window.reader.more_below.text() == window.text.no_voice.format(language="Español"))
    assert_kept(start, places(window), "Listen said why")
    assert "Listen" in places(window)
    at_look(qtbot, window, "en", False, 1.0)  # English has a voice
    assert "Listen" in places(window)
