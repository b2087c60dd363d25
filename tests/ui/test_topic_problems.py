"""Library topics with problems: a broken page is left out, an unreadable pack.toml takes its topic off the
list (on a tap, or when the topics are read ahead), and the log says why, once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import LibraryFactory
from tests.ui.conftest import TopicsFactory


def test_a_topic_with_a_broken_page_opens_without_it_and_the_log_says_why_once(
    make_topics: TopicsFactory, make_library: LibraryFactory, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    root = make_library(("fusion", "broken", "third"))
    risks = root / "broken" / "en" / "risks.md"
    risks.write_text("---\ntitle: ok\nreviewer: [Patient-education team\n---\n", "utf-8")
    window, topics = make_topics(root)
    broken = topics.shelf.topic("broken")
    assert broken is not None and not broken.loaded  # the list is drawn from pack.toml alone
    card = topics.screen.card("broken")
    assert card is not None
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)  # read and checked on the tap
    assert window.current_screen() is window.reader and window.visit.topic == "broken"
    assert "risks" not in [page.id for page in window.library.pages_in("en")]  # left out, as in a single pack
    assert len(window.library.pages_in("en")) == 5
    assert any(issue.message.startswith("[broken]") and issue.is_error for issue in topics.problems())
    logged = [record.getMessage() for record in caplog.records if "risks.md" in record.getMessage()]
    assert logged == [
        f"{risks}:3: error: [broken] front matter is not valid YAML: did not find expected ',' or ']'"
    ]
    topics.all_topics()
    topics.open_topic("broken")  # reported once, not on every opening
    assert len([record for record in caplog.records if "risks.md" in record.getMessage()]) == 1


def test_a_topic_whose_pack_toml_cannot_be_read_leaves_the_list_when_tapped(
    make_topics: TopicsFactory, make_library: LibraryFactory, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    root = make_library(("fusion", "broken", "third"))
    (root / "broken" / "pack.toml").write_text('title = "Unclosed\n', "utf-8")
    window, topics = make_topics(root)
    card = topics.screen.card("broken")
    assert card is not None
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)  # read and checked on the tap, before anything opens
    assert window.current_screen() is topics.screen and window.visit.topic == ""
    assert [card.info.topic for card in topics.screen.cards] == ["fusion", "third"]  # the others stay
    messages = [record.getMessage() for record in caplog.records]
    assert "topic broken is not offered: its pack.toml cannot be read (staff mode lists its problems):" in messages
    assert any(
        message.startswith(f"{root / 'broken' / 'pack.toml'}:1: error: [broken] not valid TOML")
        for message in messages
    )
    topics.open_topic("third")
    assert window.visit.topic == "third"
    assert "(broken): version ?, oldest review" in window.desk.note  # staff read why it is not offered
    assert "(not offered: its pack.toml cannot be read)" in window.desk.note


def test_topics_read_ahead_after_the_first_frame_take_a_broken_one_off_the_list(
    make_topics: TopicsFactory, make_library: LibraryFactory, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    root = make_library(("fusion", "second", "broken"))
    (root / "broken" / "pack.toml").write_text('title = "Broken\npages = 5\n', "utf-8")
    _, topics = make_topics(root)
    assert [card.info.topic for card in topics.screen.cards] == ["fusion", "second", "broken"]
    qtbot.waitUntil(lambda: all(topic.loaded for topic in topics.shelf.topics), timeout=15000)
    qtbot.waitUntil(lambda: [card.info.topic for card in topics.screen.cards] == ["fusion", "second"])
    messages = [record.getMessage() for record in caplog.records]
    assert "topic broken is not offered: its pack.toml cannot be read (staff mode lists its problems):" in messages
    why = "not valid TOML: Illegal character '\\n' (at line 1, column 16)"
    assert f"{root / 'broken' / 'pack.toml'}:1: error: [broken] {why}" in messages
