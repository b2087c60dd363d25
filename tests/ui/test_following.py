"""Listen follows along: sentence by sentence with Qt's mock engine, marked and kept in view, from the first
sentence on screen; a tap jumps; the speed button changes the voice's rate."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.ui.page_view import PageView
from kiosk.ui.read_aloud import SLOWER_RATE
from kiosk.ui.speech import Speech
from kiosk.ui.window import KioskWindow
from tests.conftest import PackFactory
from tests.ui.conftest import WindowFactory
from tests.ui.test_accessibility import SCREENS, assert_controls_reachable
from tests.ui.test_reading_aids import speech

# Tall enough to scroll in a small window, short enough for the mock voice (a tenth of a second a word).
BODY = "\n\n".join(
    [
        "## Before",
        "Eat nothing after midnight. Bring your pills.",
        "| Problem | How many people |\n|---|---|\n| Numb toes | 1 in 100 |",
        *(f"Line {number} is here." for number in range(1, 13)),
        "## After",
        "Walk a little. Rest often.",
    ]
)


def marked(view: PageView) -> str:
    """The text of the sentence marked as being read (the first extra selection)."""
    marks = view.extraSelections()
    return str(marks[0].cursor.selectedText()) if marks else ""


def on_screen(view: PageView) -> bool:
    """Whether the marked sentence's first and last lines are inside the view."""
    marks = view.extraSelections()
    start, end = marks[0].cursor.selectionStart(), marks[0].cursor.selectionEnd()
    cursor = QTextCursor(view.document())
    rects = []
    for position in (start, end):
        cursor.setPosition(position)
        rects.append(view.cursorRect(cursor))
    return all(view.viewport().rect().contains(rect) for rect in rects)


def reading_window(
    qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory
) -> tuple[KioskWindow, PageView]:
    window = make_window(make_pack({"one": BODY, "two": "Other page."}), size=(900, 560))
    window.show_reader()
    view = window.reader.current_view()
    assert view is not None
    assert view.verticalScrollBar().maximum() > 0  # the page scrolls: following has work to do
    return window, view


@speech
def test_the_mark_goes_through_every_sentence_in_order_and_stays_in_view(
    qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory
) -> None:
    window, view = reading_window(qtbot, make_window, make_pack)
    expected = [sentence.text for sentence in view.sentences("en")]
    assert expected[:5] == ["One", "Before", "Eat nothing after midnight.", "Bring your pills.",
                            "Problem: Numb toes, How many people: 1 in 100"]  # fmt: skip
    seen: list[str] = []
    kept_in_view: list[bool] = []

    def note(_reading: int, _index: int) -> None:
        seen.append(marked(view))
        kept_in_view.append(on_screen(view))

    window.speaker.utterance.connect(note)
    window.listen()
    qtbot.waitUntil(lambda: window.speaker.state is Speech.IDLE and len(seen) == len(expected), timeout=30000)
    # What is marked is the page's own text: the table row's cells, without the headings added for the ear.
    assert seen[4] == "Numb toes1 in 100"  # both cells (Qt gives no separator between cells)
    assert seen[:4] + seen[5:] == expected[:4] + expected[5:]
    assert all(kept_in_view)
    assert view.verticalScrollBar().value() > 0  # it scrolled to follow
    assert view.extraSelections() == []  # the end: no mark left behind


@speech
def test_listen_starts_at_the_first_sentence_on_screen(
    qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory
) -> None:
    window, view = reading_window(qtbot, make_window, make_pack)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    sentences = view.sentences("en")
    first = sentences[view.first_visible(sentences)]
    cursor = view.textCursor()
    cursor.setPosition(first.start)
    assert view.cursorRect(cursor).top() >= 0  # on screen
    assert first.text.startswith("Line ")  # not the top of the page
    with qtbot.waitSignal(window.speaker.utterance, timeout=5000):
        window.listen()
    assert marked(view) == first.text


@speech
def test_a_tap_on_the_text_while_reading_jumps_there(
    qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory
) -> None:
    window, view = reading_window(qtbot, make_window, make_pack)
    with qtbot.waitSignal(window.speaker.utterance, timeout=5000):
        window.listen()
    assert marked(view) == "One"
    target = next(sentence for sentence in view.sentences("en") if sentence.text == "Line 3 is here.")
    cursor = view.textCursor()
    cursor.setPosition(target.start + 2)
    point = view.cursorRect(cursor).center()
    with qtbot.waitSignal(window.speaker.utterance, timeout=5000):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert marked(view) == "Line 3 is here."
    assert window.speaker.state is Speech.SPEAKING


@speech
def test_a_tap_while_not_reading_starts_nothing(
    qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory
) -> None:
    window, view = reading_window(qtbot, make_window, make_pack)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(40, 40))
    qtbot.wait(50)
    assert window.speaker.state is Speech.IDLE and view.extraSelections() == []


@speech
def test_the_speed_button_shows_while_reading_and_slows_the_voice_for_the_visit(
    qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory
) -> None:
    window, _view = reading_window(qtbot, make_window, make_pack)
    tools = window.reader.toolbar
    assert not tools.slower_button.isVisible()
    with qtbot.waitSignal(window.speaker.utterance, timeout=5000):
        qtbot.mouseClick(tools.listen_button, Qt.MouseButton.LeftButton)
    assert tools.slower_button.isVisible() and not tools.slower_button.isChecked()
    qtbot.mouseClick(tools.slower_button, Qt.MouseButton.LeftButton)
    assert window.visit.slow_speech and tools.slower_button.isChecked()
    assert window.speaker._tts.rate() == SLOWER_RATE
    qtbot.mouseClick(tools.stop_button, Qt.MouseButton.LeftButton)
    assert not tools.slower_button.isVisible()
    window.reset_session()
    assert not window.visit.slow_speech and window.speaker._tts.rate() == 0.0
    assert not tools.slower_button.isChecked()


@speech
def test_pause_and_resume_between_sentences_go_on_with_the_next(
    qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory
) -> None:
    window, view = reading_window(qtbot, make_window, make_pack)
    speaker = window.speaker
    from PySide6.QtTextToSpeech import QTextToSpeech

    def pause_in_the_gap(state: QTextToSpeech.State) -> None:  # after the speaker saw "One" end
        if state == QTextToSpeech.State.Ready and speaker.state is Speech.SPEAKING:
            speaker.pause()

    with qtbot.waitSignal(speaker.utterance, timeout=5000):
        window.listen()
    speaker._tts.stateChanged.connect(pause_in_the_gap)
    qtbot.waitUntil(lambda: speaker.state is Speech.PAUSED, timeout=5000)
    speaker._tts.stateChanged.disconnect(pause_in_the_gap)
    qtbot.wait(300)
    assert marked(view) == "One" and speaker.state is Speech.PAUSED  # nothing more was said
    assert window.reader.toolbar.listen_button.text() == window.text.resume
    with qtbot.waitSignal(speaker.utterance, timeout=5000) as started:
        speaker.resume()
    assert started.args[1] == 1 and marked(view) == "Before"


@speech
def test_an_announcement_cuts_reading_off_and_leaves_no_mark(
    qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory
) -> None:
    window, view = reading_window(qtbot, make_window, make_pack)
    with qtbot.waitSignal(window.speaker.utterance, timeout=5000):
        window.listen()
    assert marked(view) == "One"
    with qtbot.waitSignal(window.speaker.utterance, timeout=5000):
        assert window.speaker.speak("Listen button", "en")
    assert view.extraSelections() == []
    qtbot.waitUntil(lambda: window.speaker.state is Speech.IDLE, timeout=5000)
    assert view.extraSelections() == []


def test_the_sentence_stays_in_view_when_the_page_gets_shorter(
    qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory
) -> None:
    # As reading starts, Stop and Slower may take the toolbar onto another row, under the sentence marked.
    window, view = reading_window(qtbot, make_window, make_pack)
    sentence = next(s for s in view.sentences("en") if s.text == "Line 9 is here.")
    view.mark_sentence(sentence.start, sentence.end)
    assert on_screen(view)
    height = view.viewport().height()
    # Shorter by steps till the page has less than half its height (tabs and toolbar close up on the way:
    # kiosk/ui/chrome_fit.py).
    for shorter in range(540, 200, -20):
        window.resize(900, shorter)
        QApplication.processEvents()
        if view.viewport().height() < height // 2:
            break
    assert view.viewport().height() < height // 2
    assert on_screen(view)


@speech
@pytest.mark.parametrize(("dpi", "size"), SCREENS)
def test_the_toolbar_while_reading_fits_at_200_percent(
    qtbot: QtBot, make_window: WindowFactory, dpi: float, size: tuple[int, int]
) -> None:
    window = make_window(dpi=dpi, size=size)
    window.show_reader()
    window.set_text_scale(2.0)
    qtbot.waitUntil(lambda: not window.restyling)  # the window's style sheet follows the page's new size
    with qtbot.waitSignal(window.speaker.utterance, timeout=5000):
        window.listen()
    assert window.reader.toolbar.slower_button.isVisible()
    assert_controls_reachable(window, closed_up=True)


def test_symbols_on_a_page_without_a_checklist_are_not_read(
    make_window: WindowFactory, make_pack: PackFactory
) -> None:
    window = make_window(
        make_pack({"one": "◐ Bring your card ▲.\n\n☐ Then wait ▼", "two": "x"}), start_speech=False
    )
    window.show_reader()
    view = window.reader.current_view()
    assert view is not None
    said = [sentence.text for sentence in view.sentences("en", ("Ticked", "Not ticked"))]
    assert said == ["One", "Bring your card .", "Then wait"]
