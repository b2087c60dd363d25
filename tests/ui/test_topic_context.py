"""Where a patient is in a library of topics: the reading screen names the topic (in the visit's language), and a
link followed to another topic has a way back to the page and place it was followed from, with that topic's ticks
(by touch, and by the keypad's Back). Staff mode names the library, not the topic on screen. A reviewer found the
reading screen named no topic, and the keypad's Back after such a link went to the tab instead of back."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.config import KeypadConfig
from kiosk.shelf import load_shelf
from kiosk.ui.app import attach_topics
from kiosk.ui.keypad import Keypad
from kiosk.ui.labels import HangingLabel
from kiosk.ui.page_view import PageView
from kiosk.ui.topic_bar import TopicBar, scroll_share, short_name
from kiosk.ui.window import KioskWindow
from kiosk.visit import Place
from tests.conftest import BUNDLED, BUNDLED_LIBRARY
from tests.ui.conftest import TopicsFactory, WindowFactory
from tests.ui.test_toolbar_steady import assert_kept

LINK = "topic:si-joint-injection/benefits"  # on the fusion topic's first page


def bar_of(window: KioskWindow) -> TopicBar:
    bars = window.reader.findChildren(TopicBar)
    assert len(bars) == 1
    return bars[0]


def page(window: KioskWindow) -> PageView:
    view = window.reader.current_view()
    assert view is not None
    return view


def toolbar_places(window: KioskWindow) -> dict[str, tuple[int, int, int, int]]:
    QApplication.processEvents()
    found = {}
    for button in window.reader.toolbar.shown():
        corner = button.mapTo(window, button.rect().topLeft())
        found[button.objectName()] = (corner.x(), corner.y(), button.width(), button.height())
    return found


def settled(places: dict[str, tuple[int, int, int, int]], window: KioskWindow) -> bool:
    now = toolbar_places(window)
    return all(now[name] == place for name, place in places.items() if name in now)


def test_the_reading_screen_names_the_topic_in_the_visits_language(
    make_topics: TopicsFactory, qtbot: QtBot
) -> None:
    window, topics = make_topics(BUNDLED_LIBRARY)
    topics.open_topic("si-joint-fusion")
    bar = bar_of(window)
    assert bar.isVisible() and bar.name.text() == "Sacroiliac joint fusion: what to know"
    assert bar.back_button.isHidden()  # opened from the list: nowhere to go back to
    assert bar.geometry().bottom() < window.reader.tab_bar.geometry().top()  # a line above the tabs
    topics._language_chosen("es")
    assert bar.name.text() == "Fusión de la articulación sacroilíaca: lo que debe saber"
    topics.open_topic("si-joint-injection")
    assert bar.name.text() == "Inyección en la articulación sacroilíaca: la prueba de adormecimiento"
    topics.all_topics()
    assert window.current_screen() is topics.screen


def test_a_single_pack_has_no_topic_line(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window(BUNDLED)
    attach_topics(window, load_shelf(BUNDLED), live=True)  # a pack that may become a library while running
    window.show_reader()
    assert not bar_of(window).isVisible()
    tabs = window.reader.tab_bar
    assert tabs.mapTo(window, tabs.rect().topLeft()).y() == 0  # the tabs at the top, as they always were


def test_following_a_topic_link_offers_the_way_back_to_the_page_place_and_ticks(
    make_topics: TopicsFactory, qtbot: QtBot
) -> None:
    window, topics = make_topics(BUNDLED_LIBRARY, size=(1366, 768))
    topics._language_chosen("es")  # not the topics' main language: the page is rendered again on the way back
    topics.open_topic("si-joint-injection", "benefits")
    qtbot.wait(300)  # laid out (the chrome closes up for this topic's two rows of tabs)
    places = toolbar_places(window)  # the topic opened from its card: no way back
    topics.all_topics()
    topics.open_topic("si-joint-fusion", "questions")
    window.reader.tick_tapped.emit("questions", 0)
    window.reader.show_page("what-it-is")
    qtbot.waitUntil(lambda: LINK in page(window).toHtml())
    scroll = page(window).verticalScrollBar()
    qtbot.waitUntil(lambda: scroll.maximum() > 200)
    scroll.setValue(scroll.maximum() // 2)
    left_at = scroll.value() / scroll.maximum()
    page(window).anchorClicked.emit(QUrl(LINK))  # as a finger on the link

    assert (window.visit.topic, window.visit.page) == ("si-joint-injection", "benefits")
    assert window.visit.came_from == Place("si-joint-fusion", "what-it-is", left_at)
    bar = bar_of(window)
    assert bar.back_button.isVisible()
    assert bar.back_button.text() == "←  Volver a Fusión de la articulación sacroilíaca"
    assert bar.name.text().startswith("Inyección")
    # In the topic's line, the way back moves no button of the toolbar from where it was when the topic was opened
    # from its card (My questions comes into its own place), once the new topic is laid out.
    qtbot.waitUntil(lambda: settled(places, window), timeout=2000)
    assert_kept(places, toolbar_places(window), "the way back came")
    window.reader.show_page("risks")  # reading on in that topic: the way back stays
    assert bar.back_button.isVisible()

    qtbot.mouseClick(bar.back_button, Qt.MouseButton.LeftButton)
    assert (window.visit.topic, window.visit.page) == ("si-joint-fusion", "what-it-is")
    assert window.visit.ticked == {("questions", 0)}  # that topic's ticks, kept
    assert window.reader.current_page_id() == "what-it-is" and window.current_screen() is window.reader
    assert bar.back_button.isHidden() and bar.name.text().startswith("Fusión")
    qtbot.waitUntil(lambda: LINK in page(window).toHtml())  # rendered again, then scrolled where it was
    qtbot.waitUntil(lambda: abs(scroll_share(window.reader.current_view()) - left_at) < 0.02)

    window.reset_session("start_over")  # nothing of the visit survives it
    topics.open_topic("si-joint-injection")
    assert bar.back_button.isHidden() and window.visit.came_from is None


def test_the_keypads_back_returns_from_a_followed_topic_link(make_topics: TopicsFactory, qtbot: QtBot) -> None:
    window, topics = make_topics(BUNDLED_LIBRARY)
    topics.open_topic("si-joint-fusion")
    qtbot.waitUntil(lambda: LINK in page(window).toHtml())
    keypad = Keypad(window, KeypadConfig())
    said: list[str] = []
    keypad.said.connect(lambda words, _language: said.append(words))
    for _ in range(80):  # down through the tabs and the page to the link
        keypad.press("down")
        stop = next(stop for stop in keypad.stops() if stop.key == keypad.current)
        if stop.page is not None and stop.page.href == LINK:
            break
    link_key = keypad.current
    keypad.press("enter")
    assert (window.visit.topic, window.visit.page) == ("si-joint-injection", "benefits")
    assert keypad.current.startswith("benefits@")  # reading the new page from its start
    keypad.press("down")
    keypad.press("back")
    assert (window.visit.topic, window.visit.page) == ("si-joint-fusion", "what-it-is")
    qtbot.waitUntil(lambda: keypad.current == link_key and "The numbing test" in said[-1])  # on the link again
    keypad.press("back")  # and again: the page's tab, as Back does without a link to return from
    assert window.visit.topic == "si-joint-fusion" and keypad.current == "tab-what-it-is"
    keypad.press("help")  # says which topic too
    assert "in the page What it is of Sacroiliac joint fusion: what to know." in said[-1]


def test_the_way_back_is_a_keypad_stop_before_the_tabs(make_topics: TopicsFactory, qtbot: QtBot) -> None:
    window, topics = make_topics(BUNDLED_LIBRARY)
    topics.open_topic("si-joint-fusion")
    qtbot.waitUntil(lambda: LINK in page(window).toHtml())
    topics.follow_link(LINK)
    keypad = Keypad(window, KeypadConfig())
    said: list[str] = []
    keypad.said.connect(lambda words, _language: said.append(words))
    keypad.press("down")
    assert keypad.current == "topic-back" and said[-1].startswith("Back to Sacroiliac joint fusion")
    keypad.press("enter")
    assert window.visit.topic == "si-joint-fusion" and keypad.current.startswith("what-it-is@")


def test_staff_mode_names_the_library_and_lists_its_topics(make_topics: TopicsFactory, qtbot: QtBot) -> None:
    window, topics = make_topics(BUNDLED_LIBRARY)
    topics.open_topic("si-joint-injection")
    window.open_staff()
    staff = window.staff
    shelf = topics.shelf
    version = shelf.info.version  # the library's own, not the injection topic's on screen
    assert staff.summary.text().startswith(f"Your procedure: what to know, version {version}. Loaded")
    lines = staff.status.text().splitlines()
    versions = [topic.library.pack.info.version for topic in shelf.topics]
    assert [line.split(", oldest review")[0] for line in lines[:3]] == [
        "2 topic(s):",
        f"  SI joint injection: the numbing test (si-joint-injection): version {versions[0]}",
        f"  Sacroiliac joint fusion: what to know (si-joint-fusion): version {versions[1]}",
    ]
    window.desk.close()
    window.set_language("es")  # the staff's language: the library's title in it
    window.open_staff()
    assert window.staff.summary.text().startswith(f"Su procedimiento: lo que debe saber, versión {version}.")
    assert "Inyección en la articulación sacroilíaca" in window.staff.status.text()


def test_wrapped_lines_keep_their_indent_and_hang(qtbot: QtBot) -> None:
    label = HangingLabel()
    qtbot.addWidget(label)
    label.setText("2 topic(s):\n  A topic with a long title (its-folder): version 2026.12.2, oldest review none")
    label.resize(240, label.heightForWidth(240))
    document = label.laid_out()
    document.setTextWidth(240)
    spaces = label.fontMetrics().horizontalAdvance("  ")
    topic = document.findBlockByNumber(1).layout()
    assert topic.lineCount() > 2
    assert topic.lineAt(0).x() == 0  # the line itself: its two spaces indent it
    assert all(topic.lineAt(n).x() > spaces + 5 for n in range(1, topic.lineCount()))  # its wrapped part: further
    assert label.heightForWidth(240) >= topic.lineCount() * label.fontMetrics().lineSpacing()


def test_short_names_for_the_way_back() -> None:
    assert short_name("SI joint injection: the numbing test") == "SI joint injection"
    assert short_name("Fusión de la articulación sacroilíaca: lo que debe saber") == (
        "Fusión de la articulación sacroilíaca"
    )
    assert short_name("Knee: what to know") == "Knee: what to know"  # one word before the colon says too little
    assert short_name("Hip replacement") == "Hip replacement"
