"""Read aloud (Qt's mock engine), language switching, and the take-home QR code."""

from __future__ import annotations

import dataclasses
import sys

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.config import Config, TakeHomeConfig
from kiosk.ui.speech import Speech
from kiosk.ui.widgets import one_line_px
from tests.conftest import PackFactory
from tests.ui.conftest import WindowFactory


def speech_loads() -> bool:
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: F401
    except ImportError:  # libpulse missing: .ci/run installs it; the kiosk itself copes (test below)
        return False
    return True


speech = pytest.mark.skipif(not speech_loads(), reason="Qt speech needs libpulse0 (apt-get install libpulse0)")


@speech
def test_listen_reads_the_page_highlights_words_and_stops_on_tab_change(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    window = make_window()
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    tools = window.reader.toolbar
    assert tools.listen_button.isVisible()
    view = window.reader.current_view()
    assert view is not None
    spoken = " ".join(sentence.text for sentence in view.sentences("en"))
    assert spoken.startswith("What is SI joint fusion?")
    assert "Sources" not in spoken  # the footer is not read out
    with qtbot.waitSignal(window.speaker.word, timeout=5000) as word:
        qtbot.mouseClick(tools.listen_button, Qt.MouseButton.LeftButton)
    assert window.speaker.state is Speech.SPEAKING
    assert tools.listen_button.text() == window.text.pause and tools.stop_button.isVisible()
    start, length = word.args  # in the sentence said: "What is SI joint fusion?"
    qtbot.waitUntil(lambda: len(view.extraSelections()) == 2)
    sentence, said = view.extraSelections()
    assert sentence.cursor.selectedText() == "What is SI joint fusion?"
    assert said.cursor.selectedText() == "What is SI joint fusion?"[start : start + length]
    with qtbot.waitSignal(window.speaker.state_changed, timeout=5000) as changed:
        qtbot.mouseClick(window.reader.tabs.buttons()[1], Qt.MouseButton.LeftButton)
    assert changed.args == [Speech.IDLE]
    assert view.extraSelections() == []
    assert tools.listen_button.text() == window.text.listen and not tools.stop_button.isVisible()


@speech
def test_stop_and_reset_silence_and_restore_volume(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    tools = window.reader.toolbar
    with qtbot.waitSignal(window.speaker.word, timeout=5000):
        qtbot.mouseClick(tools.listen_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tools.stop_button, Qt.MouseButton.LeftButton)
    assert window.speaker.state is Speech.IDLE
    tts = window.speaker._tts
    tts.setVolume(0.2)
    with qtbot.waitSignal(window.speaker.word, timeout=5000):
        qtbot.mouseClick(tools.listen_button, Qt.MouseButton.LeftButton)
    window.reset_session()
    assert window.speaker.state is Speech.IDLE
    assert tts.volume() == pytest.approx(window.config.speech.volume, abs=0.01)


@speech
def test_no_voice_for_the_language_keeps_listen_which_says_why(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()  # the mock engine speaks English, Norwegian and Finnish only
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    assert window.reader.toolbar.listen_button.isVisible()
    window.set_language("es")
    button = window.reader.toolbar.listen_button
    assert button.isVisible()  # not a button gone with no word why
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.speaker.state is Speech.IDLE
    assert window.reader.more_below.text() == window.text.no_voice.format(language="Español")


@speech
def test_engine_starts_at_the_first_listen_showing_that_it_is_starting(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    window = make_window(start_speech=False)
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    window.set_text_scale(2.0)  # a longer label at the largest text: the toolbar needs another row
    qtbot.wait(400)  # past the kiosk's after-first-frame work: the engine still waits
    assert not window.speaker.started
    toolbar = window.reader.toolbar
    button = toolbar.listen_button
    assert button.isVisible()  # offered before the engine is known
    drawn: list[tuple[str, bool]] = []
    start = window.speaker.start

    def start_after_looking() -> None:  # what is on screen while the engine blocks
        laid_out = toolbar.rect().contains(button.geometry()) and button.width() >= one_line_px(button)
        drawn.append((button.text(), laid_out))
        start()

    window.speaker.start = start_after_looking  # type: ignore[method-assign]
    with qtbot.waitSignal(window.speaker.word, timeout=5000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert drawn == [(window.text.speech_starting, True)]  # said, and laid out inside the toolbar
    assert window.speaker.started and window.speaker.state is Speech.SPEAKING
    assert button.text() == window.text.pause


@speech
def test_first_listen_in_a_language_without_a_voice_says_so(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window(start_speech=False)  # the mock engine has no Spanish voice
    window.set_language("es")
    window.show_reader()
    button = window.reader.toolbar.listen_button
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.speaker.started)
    assert window.speaker.state is Speech.IDLE and button.isVisible()
    hint = window.reader.more_below  # the patient is told why, not left with a button that vanished
    qtbot.waitUntil(lambda: hint.text() == window.text.no_voice.format(language="Español"))
    assert "Escuchar no está disponible" in hint.text()
    window.reader.notice.clear()  # its time is up: the scroll hint is back
    assert hint.text() == window.text.more_below
    window.set_language("en")
    assert button.isVisible() and button.text() == window.text.listen


@speech
def test_changing_page_while_the_voice_starts_does_not_read_the_new_page(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    window = make_window(start_speech=False)
    window.show_reader()
    qtbot.mouseClick(window.reader.toolbar.listen_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.reader.tabs.buttons()[2], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.speaker.started)
    qtbot.wait(100)
    assert window.speaker.state is Speech.IDLE
    assert window.reader.toolbar.listen_button.text() == window.text.listen


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="speech-dispatcher is Linux's")
def test_speech_dispatcher_not_answering_hides_listen_until_the_next_visit(
    qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk import speechd

    monkeypatch.setattr(speechd, "problem", lambda: "speech-dispatcher does not answer (test)")
    config = Config()
    config = dataclasses.replace(config, speech=dataclasses.replace(config.speech, engine="speechd"))
    window = make_window(config=config, start_speech=False)
    window.show_reader()
    button = window.reader.toolbar.listen_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.speaker.started)
    assert window.speaker.problem.startswith("speech-dispatcher does not answer")
    assert not button.isVisible() and button.text() == window.text.listen  # not stuck on "One moment"
    window.reset_session("start_over")
    window.show_reader()
    assert not window.speaker.started and button.isVisible()  # the next patient's Listen asks again


def test_an_unforeseen_failure_starting_speech_does_not_leave_one_moment_on_listen(
    qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(start_speech=False)
    window.show_reader()

    def broken(engine: str) -> None:
        raise PermissionError("runtime folder not readable")

    monkeypatch.setattr(window.speaker, "_create", broken)
    window.listen()
    assert window.reader.toolbar.listen_button.text() == window.text.speech_starting
    with pytest.raises(PermissionError):  # the kiosk's crash guard logs it and starts a fresh visit
        window.speaker._start_now()
    assert window.reader.toolbar.listen_button.text() == window.text.listen


def test_kiosk_without_speech_has_no_listen_button(qtbot: QtBot, make_window: WindowFactory) -> None:
    config = Config()
    config = dataclasses.replace(config, speech=dataclasses.replace(config.speech, enabled=False))
    window = make_window(config=config)
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    assert not window.speaker.available
    assert not window.reader.toolbar.listen_button.isVisible()
    window.listen()  # nothing happens, nothing breaks
    assert window.speaker.state is Speech.IDLE


def test_language_switch_changes_pages_and_interface_together(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    assert [b.text() for b in window.welcome.language_buttons.values()] == ["English", "Español"]
    qtbot.mouseClick(window.welcome.language_buttons["es"], Qt.MouseButton.LeftButton)
    assert window.current_screen() is window.reader and window.language == "es"
    reader = window.reader
    assert [b.text() for b in reader.tabs.buttons()][:2] == ["Qué es", "La cirugía"]
    assert reader.current_view().toPlainText().startswith("¿Qué es la fusión")  # type: ignore[union-attr]
    assert reader.toolbar.start_over_button.text() == "↺  Volver al inicio"
    assert reader.toolbar.language_button.text() == "English"
    assert "Revisado por última vez el 1 de diciembre de 2026" in reader.current_view().toPlainText()  # type: ignore[union-attr]
    window.open_staff()
    assert window.staff.no_pin.text().startswith("No hay un PIN")
    window.staff.close_button.click()
    qtbot.mouseClick(reader.tabs.buttons()[3], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(reader.toolbar.language_button, Qt.MouseButton.LeftButton)
    assert window.language == "en" and reader.current_page_id() == "risks"  # same page, other language
    qtbot.mouseClick(reader.toolbar.language_button, Qt.MouseButton.LeftButton)
    window.reset_session()
    assert window.language == "en"
    assert reader.tabs.buttons()[0].text() == "What it is"
    assert window.welcome.language_buttons["en"].isChecked()


def test_views_reused_for_the_other_language_start_fresh(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    window.show_reader()
    reader = window.reader
    english = reader.current_view()
    assert english is not None
    english.verticalScrollBar().setValue(english.verticalScrollBar().maximum())
    english.highlight(0, 5)
    window.set_language("es")
    spanish = reader.current_view()
    assert spanish is english  # the same widget, now showing the Spanish page
    assert spanish.page_id == "what-it-is" and spanish.objectName() == "page-what-it-is"
    assert spanish.toPlainText().startswith("¿Qué es la fusión")
    assert spanish.verticalScrollBar().value() == 0 and not spanish.extraSelections()
    window.set_language("en")
    assert reader.current_view().toPlainText().startswith("What is SI joint fusion")  # type: ignore[union-attr]


def test_take_home_button_only_with_an_address(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window()
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    assert not window.reader.toolbar.take_home_button.isVisible()


def test_take_home_shows_a_qr_code_for_the_page(qtbot: QtBot, make_window: WindowFactory) -> None:
    take_home = TakeHomeConfig(url="https://clinic.example/si", pages=(("risks", "https://clinic.example/risks"),))
    window = make_window(config=Config(take_home=take_home))
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    button = window.reader.toolbar.take_home_button
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.take_home.isVisible() and window.take_home.url == "https://clinic.example/si"
    pixmap = window.take_home.code.pixmap()
    assert not pixmap.isNull() and pixmap.width() >= window.metrics.px(40)
    qtbot.mouseClick(window.take_home.close_button, Qt.MouseButton.LeftButton)
    window.reader.show_page("risks")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.take_home.url == "https://clinic.example/risks"
    window.reset_session()
    assert not window.take_home.isVisible()


def test_link_outside_the_pack_shows_its_qr_code(
    qtbot: QtBot, make_window: WindowFactory, make_pack: PackFactory
) -> None:
    root = make_pack({"one": "Read [more online](https://example.org/si).", "two": "Second."})
    window = make_window(root)
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    window.reader.outside_link.emit("https://example.org/si")
    assert window.take_home.isVisible()
    assert window.take_home.url == "https://example.org/si"
    assert window.take_home.hint.text() == window.text.outside_link_hint
