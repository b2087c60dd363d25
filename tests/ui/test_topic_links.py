"""Between the topics of a library on screen: a `topic:` link opens that topic (and page) in the same visit and
language, each topic keeps its own ticks, the take-home sheet holds every topic's, the keypad says what a topic
link is, and the statistics count the page under the topic it belongs to. And the content source turning a
single pack into a library, or back, while the kiosk runs."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from kiosk.analytics import Recorder
from kiosk.announce import Role, describe
from kiosk.config import Config, ContentConfig
from kiosk.shelf import load_shelf
from kiosk.startup import Settings
from kiosk.sync import MANIFEST, make_pack_archive
from kiosk.takeaway import fits, qr_texts
from kiosk.ui.app import attach_topics, start_content_source
from kiosk.ui.behaviour import install
from kiosk.ui.checklist import TICKED_BOX
from kiosk.ui.page_items import page_stops
from kiosk.ui.usage import record_usage
from kiosk.ui.window import KioskWindow
from tests.conftest import BUNDLED, BUNDLED_LIBRARY, BUNDLED_VERSION, lone_pack
from tests.ui.conftest import KioskFactory, TopicsFactory


def tap_link(window: KioskWindow, href: str) -> None:
    """As a finger on the link would: the page view is told its anchor was clicked."""
    view = window.reader.current_view()
    assert view is not None and href in view.toHtml(), f"{href} is not on the page"
    view.anchorClicked.emit(QUrl(href))


def test_a_topic_link_opens_that_page_in_the_visits_language_and_each_topic_keeps_its_ticks(
    make_topics: TopicsFactory, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, topics = make_topics(BUNDLED_LIBRARY)
    recorder = Recorder(tmp_path / "usage.sqlite3", 30)
    record_usage(window, recorder, topics.current_topic)
    topics._language_chosen("es")
    topics.open_topic("si-joint-fusion")
    window.reader.show_page("questions")
    window.reader.tick_tapped.emit("questions", 0)
    window.reader.show_page("what-it-is")
    qtbot.waitUntil(lambda: "topic:si-joint-injection/benefits" in window.reader.current_view().toHtml())  # type: ignore[union-attr]
    tap_link(window, "topic:si-joint-injection/benefits")
    injection = topics.shelf.topic("si-joint-injection")
    assert injection is not None and window.library is injection.library
    assert (window.visit.topic, window.visit.page, window.visit.language) == (
        "si-joint-injection",
        "benefits",
        "es",
    )
    assert window.reader.current_page_id() == "benefits" and window.current_screen() is window.reader
    assert window.visit.ticked == frozenset()  # the injection topic's own: none yet
    qtbot.waitUntil(lambda: "topic:si-joint-fusion" in window.reader.current_view().toHtml())  # type: ignore[union-attr]
    assert "adormecimiento" in window.reader.current_view().toPlainText()  # type: ignore[union-attr]
    window.reader.tick_tapped.emit("questions", 1)
    tap_link(window, "topic:si-joint-fusion")  # and back, from the link at the foot of the page
    assert (window.visit.topic, window.visit.page) == ("si-joint-fusion", "what-it-is")
    assert window.visit.ticked == {("questions", 0)}  # kept while the patient read the other topic
    window.reader.show_page("questions")
    qtbot.waitUntil(lambda: TICKED_BOX in window.reader.current_view().toPlainText())  # type: ignore[union-attr]
    assert window.reader.toolbar.my_questions_button.isVisible()

    sheet = window.activities.sheet()
    assert [section.topic for section in sheet.sections] == [
        "Inyección en la articulación sacroilíaca: la prueba de adormecimiento",
        "Fusión de la articulación sacroilíaca: lo que debe saber",
    ]  # in the library's order, each under its topic's title
    assert all(section.questions == (("Preguntas", section.lines),) for section in sheet.sections)
    codes = qr_texts(sheet, window.text.qr_part)
    assert all(fits(code) for code in codes)  # each within the size a phone reads from arm's length
    for section in sheet.sections:  # every question in a code whose heading names its topic
        assert any(
            code.startswith(f"{window.text.my_questions_title} — {section.topic} (")
            and f"Preguntas:\n- {section.lines[0]}" in code
            for code in codes
        )

    printed: list[str] = []

    def printer(_printer: str, html: str, _family: str) -> str:  # the clinic's printer, stood in for
        printed.append(html)
        return ""

    monkeypatch.setattr("kiosk.ui.printing.print_sheet", printer)
    window.activities.open_my_questions()
    window.activities.print_sheet()
    assert "<h2>Su procedimiento: lo que debe saber</h2>" in printed[0]  # the library's title over both topics
    fusion = "<h2 class='topic'>Fusión de la articulación sacroilíaca: lo que debe saber</h2><h3>Preguntas</h3>"
    assert fusion in printed[0]  # each topic's questions under its title

    ended: list[str] = []
    window.feature_used.connect(lambda feature, value: ended.append(f"{feature}={value}"))
    window.reset_session("start_over")
    assert "questions_ticked=2" in ended  # how many in the whole visit, never which
    assert window.visit.works() == {} and window.current_screen() is topics.screen
    recorder.close()
    with sqlite3.connect(tmp_path / "usage.sqlite3") as db:
        viewed = db.execute("SELECT topic, page, language FROM page_views ORDER BY id").fetchall()
        links = db.execute("SELECT value, topic FROM features WHERE feature = 'topic_link'").fetchall()
    assert ("si-joint-injection", "benefits", "es") in viewed
    assert viewed[-1] == ("si-joint-fusion", "questions", "es")
    assert links == [("si-joint-injection", "si-joint-injection"), ("si-joint-fusion", "si-joint-fusion")]

    topics.open_topic("si-joint-fusion", "questions")  # the next patient: one topic ticked, another only read
    window.reader.tick_tapped.emit("questions", 0)
    topics.open_topic("si-joint-injection")
    sections = window.activities.sheet().sections
    assert [section.topic for section in sections] == ["Sacroiliac joint fusion: what to know"]  # the one ticked
    window.activities.open_my_questions()
    window.activities.print_sheet()
    assert "<h2>Sacroiliac joint fusion: what to know</h2>" in printed[-1]  # named, though another is open


def test_the_keypad_says_a_topic_link_leads_to_another_topic(make_topics: TopicsFactory, qtbot: QtBot) -> None:
    window, topics = make_topics(BUNDLED_LIBRARY)
    topics._language_chosen("es")
    topics.open_topic("si-joint-injection", "benefits")
    view = window.reader.current_view()
    assert view is not None
    qtbot.waitUntil(lambda: "topic:si-joint-fusion" in view.toHtml())
    links = [stop for stop in page_stops(view) if stop.href]
    topic_links = [stop for stop in links if stop.item.role is Role.TOPIC_LINK]
    assert [stop.href for stop in topic_links] == ["topic:si-joint-fusion"]
    assert (
        describe(topic_links[0].item, window.text) == "Fusión de la articulación sacroilíaca, enlace a otro tema"
    )
    assert all(stop.item.role is Role.LINK for stop in links if stop not in topic_links)  # page links as before


def test_a_link_to_a_topic_the_library_lacks_does_nothing(make_topics: TopicsFactory, qtbot: QtBot) -> None:
    window, topics = make_topics(BUNDLED_LIBRARY)
    topics.open_topic("si-joint-fusion", "risks")
    before = window.visit
    with qtbot.assertNotEmitted(window.page_viewed):
        topics.follow_link("topic:no-such-topic/risks")
        topics.follow_link("topic:../../etc")
    assert window.visit == before and window.reader.current_page_id() == "risks"


def test_the_content_source_turns_a_single_pack_into_a_library_and_back_without_a_restart(
    qtbot: QtBot, make_kiosk: KioskFactory, tmp_path: Path
) -> None:
    share = tmp_path / "share"
    config = Config(content=ContentConfig(source=str(share / MANIFEST)))
    window, behaviour = make_kiosk(config=config, lock_down=False)
    topics = attach_topics(window, load_shelf(BUNDLED), live=True)  # as `kiosk` does for a source-fed kiosk
    assert topics is not None and not topics.shelf.is_library and window.home is window.welcome
    recorder = Recorder(tmp_path / "usage.sqlite3", 30)
    record_usage(window, recorder, topics.current_topic)
    window.show_reader()
    window.reader.show_page("risks")
    window.reader.tick_tapped.emit("questions", 0)
    assert topics.current_topic() == ""  # a single pack's statistics name no topic

    library = tmp_path / "library"
    shutil.copytree(BUNDLED_LIBRARY, library)
    make_pack_archive(library, share)
    ended: list[str] = []
    window.visit_ended.connect(ended.append)
    checker = start_content_source(window, Settings(config, BUNDLED, []), behaviour, topics=topics)
    assert checker is not None
    qtbot.waitUntil(lambda: window.home is topics.screen, timeout=20000)  # read off the UI thread, then swapped
    assert ended == ["new_content"]  # the visit on the pack's pages ended; the next starts on the topic list
    assert window.current_screen() is topics.screen and window.visit == window.visit.reset()
    assert [card.title.text() for card in topics.screen.cards] == [
        "SI joint injection: the numbing test",
        "Sacroiliac joint fusion: what to know",
    ]
    topics.open_topic("si-joint-injection", "risks")
    assert window.reader.toolbar.all_topics_button.isVisible()
    assert topics.current_topic() == "si-joint-injection"

    single = lone_pack(tmp_path / "single")
    toml = (
        (single / "pack.toml")
        .read_text("utf-8")
        .replace(f'version = "{BUNDLED_VERSION}"', 'version = "2026.12.9"')
    )
    (single / "pack.toml").write_text(toml, "utf-8")
    make_pack_archive(single, share)
    checker.check_now()
    qtbot.waitUntil(lambda: window.library.pack.info.version == "2026.12.9", timeout=20000)
    assert ended == ["new_content", "new_content"]
    assert window.home is window.welcome and window.current_screen() is window.welcome
    assert window.reader.toolbar.all_topics_button.isHidden() and not topics.several
    window.show_reader()
    window.reader.show_page("benefits")
    assert topics.current_topic() == ""
    window.reset_session("start_over")
    recorder.close()
    with sqlite3.connect(tmp_path / "usage.sqlite3") as db:
        viewed = db.execute("SELECT topic, page FROM page_views ORDER BY id").fetchall()
        visits = db.execute("SELECT ending FROM visits ORDER BY id").fetchall()
    assert ("", "risks") in viewed and ("si-joint-injection", "risks") in viewed and viewed[-1] == ("", "benefits")
    assert visits == [("new_content",), ("new_content",), ("start_over",)]


def test_enter_on_a_topic_link_opens_the_other_topic_and_reads_it_from_its_start(
    make_topics: TopicsFactory, qtbot: QtBot
) -> None:
    from tests.ui.test_keypad import DOWN, ENTER, Visit, keypad_of

    window, topics = make_topics(BUNDLED_LIBRARY)
    behaviour = install(window, window.config, lock_down=False, watch=None, topics=topics)
    window.destroyed.connect(behaviour.allow_exit)
    topics.open_topic("si-joint-injection", "what-it-is")  # its link opens fusion's page of the same id
    view = window.reader.current_view()
    assert view is not None
    qtbot.waitUntil(lambda: "topic:si-joint-fusion" in view.toHtml())
    keys = Visit(qtbot, window, keypad_of(behaviour))
    said = keys.press_until(DOWN, "SI joint fusion, link to another topic")
    assert said.startswith("SI joint fusion, link to another topic, ")
    said = keys.press(ENTER)
    assert window.visit.topic == "si-joint-fusion" and window.reader.current_page_id() == "what-it-is"
    assert said.startswith("What is SI joint fusion?, heading, 1 of "), said
