"""A library of topics on screen: the topic list, opening a topic, All topics, the resets back to the list,
hot reload topic by topic, and statistics per topic."""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot
from typing_extensions import override

from kiosk.analytics import Recorder
from kiosk.config import Config
from kiosk.ui.behaviour import install
from kiosk.ui.usage import record_usage
from kiosk.usagereport import summarize
from tests.conftest import LibraryFactory
from tests.ui.conftest import TopicsFactory


class StrayWindows(QObject):
    """Every widget other than the kiosk window that is shown as a window of its own."""

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window = window
        self.shown: list[str] = []
        self.holder = QWidget()  # removes the filter when pytest-qt closes it
        self.holder.destroyed.connect(lambda: QApplication.instance().removeEventFilter(self))  # type: ignore[union-attr]

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        shown = event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow()
        if shown and watched is not self.window and not isinstance(watched, QMenu):
            self.shown.append(watched.objectName() or type(watched).__name__)
        return False


def test_a_library_of_one_topic_opens_like_a_single_pack(
    make_topics: TopicsFactory, make_library: LibraryFactory
) -> None:
    window, topics = make_topics(make_library(("si-joint-fusion",)))
    assert not topics.several and window.current_screen() is window.welcome
    assert window.reader.toolbar.all_topics_button.isHidden()
    window.show_reader()
    assert window.current_screen() is window.reader and window.visit.topic == ""
    assert topics.current_topic() == "si-joint-fusion"  # what statistics record


def test_the_topic_list_is_the_welcome_screen_and_a_card_opens_its_topic(
    make_topics: TopicsFactory, make_library: LibraryFactory, qtbot: QtBot
) -> None:
    window, topics = make_topics(make_library(("fusion", "second")))
    assert topics.several and window.current_screen() is topics.screen and window.state() == "welcome"
    cards = topics.screen.cards
    assert [card.info.topic for card in cards] == ["fusion", "second"]
    assert all(card.height() >= window.metrics.target for card in cards)  # 20 mm targets
    assert cards[1].title.text() == "Topic second: what to know"
    qtbot.mouseClick(cards[1], Qt.MouseButton.LeftButton)
    assert window.current_screen() is window.reader and window.visit.topic == "second"
    assert window.library.pack.info.title.startswith("Topic second")
    assert window.reader.current_page_id() == "what-it-is"
    assert window.reader.toolbar.all_topics_button.isVisible()


def test_all_topics_keeps_the_visit_and_start_over_and_idle_return_to_the_list(
    make_topics: TopicsFactory, make_library: LibraryFactory, qtbot: QtBot
) -> None:
    window, topics = make_topics(make_library(("fusion", "second")))
    windows = StrayWindows(window)
    QApplication.instance().installEventFilter(windows)  # type: ignore[union-attr]
    qtbot.addWidget(windows.holder)
    qtbot.mouseClick(topics.screen.language_buttons["es"], Qt.MouseButton.LeftButton)
    assert topics.screen.title.text() == "Nuestros procedimientos"
    topics.open_topic("fusion")
    window.step_text_size(+2)
    qtbot.mouseClick(window.reader.toolbar.all_topics_button, Qt.MouseButton.LeftButton)
    assert window.current_screen() is topics.screen
    assert window.visit.reading and window.visit.language == "es" and window.visit.text_step == 2
    assert topics.screen.cards[0].title.text().startswith("Tema fusion")
    with qtbot.waitSignal(window.visit_ended) as ended:
        window.reset_session("start_over")
    assert ended.args == ["start_over"]
    assert window.current_screen() is topics.screen and window.visit.language == "en" and not window.visit.reading
    assert topics.screen.title.text() == "Our procedures"
    topics.open_topic("second")
    window.ask_still_reading()  # idle while reading: "Still reading?", then back to the list
    window.prompt.expired.emit()
    assert window.current_screen() is topics.screen and window.visit.topic == ""
    topics.screen.area.verticalScrollBar().setValue(50)
    window.ask_still_reading()  # idle on the list with no visit: quietly back to its top
    assert topics.screen.area.verticalScrollBar().value() == 0
    qtbot.wait(20)  # the shows layouts queued for the tabs they were given run now
    assert windows.shown == [], "no tab button or card label may open, even briefly, as a window of its own"


def test_a_topic_in_the_default_language_says_so_on_its_card(
    make_topics: TopicsFactory, make_library: LibraryFactory, qtbot: QtBot
) -> None:
    window, topics = make_topics(make_library(("fusion", "second"), english_only=("second",)))
    qtbot.mouseClick(topics.screen.language_buttons["es"], Qt.MouseButton.LeftButton)
    notes = {card.info.topic: card.note for card in topics.screen.cards}
    assert notes["second"].text() == "(en inglés)" and notes["second"].isVisibleTo(topics.screen)
    assert notes["fusion"].isHidden()
    topics.open_topic("second")
    assert window.visit.language == "es"  # the patient's choice stays; the pages are in English
    assert window.reader.current_view() is not None
    assert window.reader.toolbar.all_topics_button.text() == "☰  Todos los temas"


def test_a_long_list_scrolls(make_topics: TopicsFactory, make_library: LibraryFactory) -> None:
    _, topics = make_topics(make_library(tuple(f"t{n:02d}" for n in range(12))), size=(1280, 800))
    bar = topics.screen.area.verticalScrollBar()
    assert len(topics.screen.cards) == 12 and bar.maximum() > 0
    bar.setValue(bar.maximum())
    last = topics.screen.cards[-1]
    assert last.visibleRegion().boundingRect().height() > 0


def test_leaving_a_topic_lets_go_of_its_pages(make_topics: TopicsFactory, make_library: LibraryFactory) -> None:
    window, topics = make_topics(make_library(("fusion", "second")))
    topics.open_topic("second")
    second = window.library
    for index in range(len(window.reader.views)):
        window.reader.show_index(index)
    pages = second.pages_in("en")
    for page in pages:
        _ = page.html  # as the renderer thread makes them
    topics.all_topics()
    kept = second.pages_in("en")
    assert kept[0].rendered and not any(page.rendered for page in kept[1:])  # re-opening shows page one at once
    topics.open_topic("second")
    topics.open_topic("fusion")  # from one topic straight to another (a link between topics)
    assert not any(page.rendered for page in second.pages_in("en")[1:])


def test_a_reload_keeps_only_the_first_page_of_each_topic_it_checked(
    make_topics: TopicsFactory, make_library: LibraryFactory
) -> None:
    root = make_library(("fusion", "second"))
    _, topics = make_topics(root)
    page = root / "second" / "en" / "benefits.md"
    page.write_text(page.read_text("utf-8") + "\nSee [this](nowhere.md).\n", "utf-8")
    shelf = topics.load_next(root)  # on the watcher's thread: every page of a changed topic rendered to check it
    second = shelf.topic("second")
    assert second is not None and second.loaded
    pages = second.library.pages_in("en")
    assert pages[0].rendered and not any(page.rendered for page in pages[1:])
    assert any("nowhere.md" in issue.message for issue in second.problems())  # what the check found stays


def test_card_pictures_are_decoded_ahead_off_the_screens_thread(
    make_topics: TopicsFactory, make_library: LibraryFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, topics = make_topics(make_library(tuple(f"t{n:02d}" for n in range(8))), size=(1280, 700))
    screen = topics.screen
    screen.finish()
    cards = screen.cards
    width = cards[0]._picture_px
    screen.pictures.ahead([(card.info.pack_root, card.info.picture) for card in cards], width, 1.0).join()
    import kiosk.pictures

    inspect, on_screen_thread = kiosk.pictures.inspect, []

    def checked(root: Path, src: str) -> object:
        if threading.current_thread() is threading.main_thread():
            on_screen_thread.append(src)
        return inspect(root, src)

    monkeypatch.setattr(kiosk.pictures, "inspect", checked)
    screen.area.verticalScrollBar().setValue(screen.area.verticalScrollBar().maximum())
    for card in cards:
        card.grab()  # painted, as when scrolled into view
        assert card._image is not None and not card._image.isNull()
    assert on_screen_thread == []  # scrolled into view: drawn, not checked and decoded there and then


def test_hot_reload_per_topic_keeps_the_others_and_the_last_good_one(
    make_topics: TopicsFactory, make_library: LibraryFactory, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    root = make_library(("fusion", "second"))
    window, topics = make_topics(root)
    topics.open_topic("second")  # read once: its last good version is in memory
    topics.all_topics()
    topics.open_topic("fusion")
    shown = window.library
    (root / "second" / "en" / "risks.md").write_text("---\ntitle: [broken\n---\n", "utf-8")
    page = root / "fusion" / "en" / "benefits.md"
    page.write_text(page.read_text("utf-8").replace("# ", "# Edited: ", 1), "utf-8")
    topics.set_shelf(topics.load_next(root))  # what the watcher does, on its thread, after edits settle
    assert window.library is not shown  # the topic on screen follows its edit
    assert any("Edited:" in page.body for page in window.library.pack.pages_in("en"))
    assert topics.shelf.kept == ("second",)
    assert "(second)" in window.desk.note  # staff read which topic kept its last good version
    assert "(second): version" in window.desk.note  # and a line per topic
    assert window.current_screen() is window.reader and window.visit.topic == "fusion"
    risks = root / "second" / "en" / "risks.md"
    assert any(str(risks) in str(issue) and issue.is_error for issue in window.desk.problems)  # staff read why
    why = f"{risks}:2: error: [second] front matter is not valid YAML"
    messages = [record.getMessage() for record in caplog.records]
    assert "kept the last good content of second; its new files have errors:" in messages
    assert [message for message in messages if message.startswith(why)] != []  # IT read why, from the log alone
    page.write_text(page.read_text("utf-8").replace("# ", "# Again: ", 1), "utf-8")
    topics.set_shelf(topics.load_next(root))  # another topic's edit: "second" is read again, and kept again
    assert topics.shelf.kept == ("second",)
    again = [record.getMessage() for record in caplog.records]
    assert [message for message in again if message.startswith(why) or "kept the last good" in message] == [
        message for message in messages if message.startswith(why) or "kept the last good" in message
    ]  # logged once, not on every reload


def test_the_watcher_reloads_a_library(
    make_topics: TopicsFactory, make_library: LibraryFactory, qtbot: QtBot
) -> None:
    root = make_library(("fusion", "second"))
    window, topics = make_topics(root, watch=True)
    (root / "library.toml").write_text(
        (root / "library.toml").read_text("utf-8").replace('"fusion", "second"', '"second"'), "utf-8"
    )
    qtbot.waitUntil(lambda: [topic.id for topic in topics.shelf.topics] == ["second"], timeout=15000)
    assert not topics.several and window.current_screen() is window.welcome  # one topic left: no list


def test_statistics_per_topic(
    make_topics: TopicsFactory, make_library: LibraryFactory, qtbot: QtBot, tmp_path: Path
) -> None:
    window, topics = make_topics(make_library(("fusion", "second")))
    recorder = Recorder(tmp_path / "usage.sqlite3", 30)
    record_usage(window, recorder, topics.current_topic)
    topics.open_topic("fusion")
    window.reader.show_index(1)
    topics.all_topics()
    topics.open_topic("second")
    window.reset_session("start_over")
    recorder.close()
    summary = summarize(tmp_path / "usage.sqlite3")
    per_topic = {row[0]: row[1:3] for row in summary.topics}
    assert per_topic == {"fusion": (1, 2), "second": (1, 1)}
    assert ("fusion/procedure", 1) in [(page, views) for page, views, _ in summary.pages]
    assert summary.visits == 1
    with sqlite3.connect(tmp_path / "usage.sqlite3") as db:
        assert {row[0] for row in db.execute("SELECT topic FROM page_views")} == {"fusion", "second"}


def test_a_finger_drag_scrolls_the_list_and_a_tap_opens_a_card(
    make_topics: TopicsFactory, make_library: LibraryFactory, qtbot: QtBot
) -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QScroller

    from tests.ui.conftest import finger_drag

    window, topics = make_topics(make_library(tuple(f"t{n:02d}" for n in range(8))), size=(1280, 800))
    viewport = topics.screen.area.viewport()
    # Set up a turn after the first frame, which a running kiosk always has had before a finger arrives
    qtbot.waitUntil(lambda: QScroller.hasScroller(viewport))
    bar = topics.screen.area.verticalScrollBar()
    finger_drag(qtbot, viewport, -300)
    qtbot.waitUntil(lambda: bar.value() > 100)
    assert window.current_screen() is topics.screen  # dragging over the cards opened none
    scroller = QScroller.scroller(viewport)
    qtbot.waitUntil(lambda: scroller.state() is QScroller.State.Inactive, timeout=10000)  # the glide ends
    card = topics.screen.cards[-2]  # the left column: on the off-screen platform's 800 px wide screen
    bar.setValue(bar.maximum())
    qtbot.wait(50)
    # The scroller holds a press back a moment (is it a drag?), then hands it to the card
    QTest.mouseClick(card, Qt.MouseButton.LeftButton, pos=card.rect().center())
    qtbot.waitUntil(lambda: window.visit.topic == "t06")


def test_a_topic_taken_out_of_the_library_while_on_screen(
    make_topics: TopicsFactory, make_library: LibraryFactory, qtbot: QtBot
) -> None:
    root = make_library(("fusion", "second", "third"))
    window, topics = make_topics(root)
    topics.open_topic("third")
    listed = (root / "library.toml").read_text("utf-8")
    (root / "library.toml").write_text(
        listed.replace('"fusion", "second", "third"', '"fusion", "second"'), "utf-8"
    )
    topics.set_shelf(topics.load_next(root))
    assert window.current_screen() is topics.screen and window.visit.topic == ""  # back to the cards
    (root / "library.toml").write_text(listed.replace('"fusion", "second", "third"', '"second"'), "utf-8")
    topics.open_topic("fusion")
    topics.set_shelf(topics.load_next(root))
    assert window.current_screen() is window.reader and window.visit.topic == "second"  # the one left
    assert window.library.pack.info.title.startswith("Topic second")


def test_the_keypad_walks_the_topic_cards_and_enter_opens_one(
    make_topics: TopicsFactory, make_library: LibraryFactory, qtbot: QtBot
) -> None:
    from PySide6.QtTest import QTest

    from kiosk.ui.keypad_gate import KeypadGate

    window, topics = make_topics(make_library(("fusion", "second")))
    config = dataclasses.replace(Config(), speech=dataclasses.replace(Config().speech, engine="mock"))
    behaviour = install(window, config, lock_down=False, watch=None, topics=topics)
    window.destroyed.connect(behaviour.allow_exit)
    gate = getattr(behaviour, "keypad", None)
    assert isinstance(gate, KeypadGate)
    keypad = gate.keypad
    said: list[str] = []
    keypad.said.connect(lambda words, _language: said.append(words))

    def press(key: Qt.Key) -> str:
        QTest.keyClick(window.windowHandle(), key)  # to the native window, as a real key press arrives
        return said[-1]

    introduction = press(Qt.Key.Key_Down)  # the first key: the spoken introduction, with the library's title
    assert introduction.startswith(f"This kiosk explains: {topics.screen.title.text()}. Use up and down")
    first = press(Qt.Key.Key_Down)
    assert first.startswith("Topic fusion: what to know. Surgery") and first.endswith("pain, button, 1 of 2")
    assert press(Qt.Key.Key_Down).endswith("button, 2 of 2")
    assert keypad.frame.isVisible()
    press(Qt.Key.Key_Return)
    assert window.current_screen() is window.reader and window.visit.topic == "second"


def test_finger_scrolling_is_set_up_after_the_first_frame(make_library: LibraryFactory, qtbot: QtBot) -> None:
    """Qt's first gesture grab costs some 30-65 ms: the topic list, a library's first screen, is painted first."""
    from PySide6.QtWidgets import QScroller

    from kiosk.palette import CALM
    from kiosk.shelf import load_shelf
    from kiosk.ui.app import attach_topics
    from kiosk.ui.metrics import Metrics
    from kiosk.ui.window import KioskWindow

    shelf = load_shelf(make_library(("fusion", "second")), lazy=True)
    window = KioskWindow(shelf.first.library, Config(), Metrics(96.0, 6.0, 20.0), CALM, windowed=True)
    qtbot.addWidget(window, before_close_func=lambda w: w.exit_requested.emit())
    topics = attach_topics(window, shelf)
    assert topics is not None
    viewport = topics.screen.area.viewport()
    at_first_frame: list[bool] = []
    window.first_painted.connect(lambda: at_first_frame.append(QScroller.hasScroller(viewport)))
    window.show_kiosk()
    qtbot.waitUntil(lambda: QScroller.hasScroller(viewport))
    assert at_first_frame == [False]
