"""The content folder as `kiosk` starts on it, changing shape while it runs: missing at start and then a library,
a library replaced by a single pack, a single pack with a broken page appearing on a resting kiosk."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config import Config, ContentConfig, SpeechConfig
from kiosk.startguard import StartChoice
from kiosk.startup import Settings
from kiosk.ui.app import WindowOptions, open_kiosk
from kiosk.ui.behaviour import Behaviour
from kiosk.ui.topics import TopicDesk
from kiosk.ui.window import KioskWindow
from tests.conftest import BUNDLED, LibraryFactory

QUICK = Config(content=ContentConfig(reload_delay_s=0.2), speech=SpeechConfig(enabled=False))


def started_on(qtbot: QtBot, folder: Path) -> tuple[KioskWindow, TopicDesk | None, Behaviour]:
    """The kiosk window as `kiosk` makes it on `folder` (watched, its 5 s poll shortened for the test)."""
    window, topics, behaviour = open_kiosk(Settings(QUICK, folder, []), StartChoice(folder), WindowOptions(True))
    qtbot.addWidget(window, before_close_func=lambda w: w.exit_requested.emit())
    window.destroyed.connect(behaviour.allow_exit)
    assert behaviour.watcher is not None
    behaviour.watcher._poll.setInterval(200)
    window.resize(1280, 1024)
    window.show_kiosk()
    qtbot.waitExposed(window)
    return window, topics, behaviour


def test_a_missing_folder_that_appears_as_a_library_is_shown_and_can_turn_into_a_single_pack(
    qtbot: QtBot, make_library: LibraryFactory, tmp_path: Path
) -> None:
    staged = make_library(("fusion", "second"), name="staged")
    live = tmp_path / "share" / "live"
    live.parent.mkdir()
    window, topics, _ = started_on(qtbot, live)
    assert window.state() == "resting"
    staged.rename(live)  # published as one move, as `mv staged live`
    qtbot.waitUntil(lambda: window.state() != "resting", timeout=15000)
    assert topics is not None and window.current_screen() is topics.screen
    assert [card.info.topic for card in topics.screen.cards] == ["fusion", "second"]
    assert window.state() == "welcome"
    shutil.rmtree(live)
    shutil.copytree(BUNDLED, live)  # and back to a single pack
    qtbot.waitUntil(lambda: not topics.shelf.is_library, timeout=15000)
    assert window.current_screen() is window.welcome and window.library.pack.info.title.startswith("Sacroiliac")
    assert not window.reader.toolbar.all_topics_button.isVisibleTo(window.reader)


def test_a_single_pack_with_a_broken_page_appearing_on_a_resting_kiosk_is_shown_without_that_page(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    live = tmp_path / "live"
    window, _, behaviour = started_on(qtbot, live)
    assert window.current_screen() is window.resting
    staged = tmp_path / "staged"
    shutil.copytree(BUNDLED, staged)
    risks = staged / "en" / "risks.md"
    risks.write_text(risks.read_text("utf-8").replace("reviewer: ", "reviewer: [", 1), "utf-8")
    with caplog.at_level(logging.WARNING):
        staged.rename(live)
        qtbot.waitUntil(lambda: window.current_screen() is window.welcome, timeout=15000)
    assert "risks" not in [page.id for page in window.library.pages_in("en")] and window.library.pages_in("en")
    assert any("risks.md" in str(issue) and issue.is_error for issue in window.desk.problems)
    assert any(f"{live / 'en' / 'risks.md'}:" in record.getMessage() for record in caplog.records)
    # Once something is shown, a newer version with errors is not taken: the last good one stays.
    benefits = live / "en" / "benefits.md"
    assert behaviour.watcher is not None
    with qtbot.waitSignal(behaviour.watcher.loaded, timeout=15000):
        benefits.write_text("---\ntitle: [broken\n---\n", "utf-8")
    assert "benefits" in [page.id for page in window.library.pages_in("en")]
    assert any("benefits.md" in str(issue) for issue in window.desk.problems)  # staff read why it was not taken


def test_a_library_with_a_stray_line_in_library_toml_appearing_on_a_resting_kiosk_shows_its_topics(
    qtbot: QtBot, make_library: LibraryFactory, tmp_path: Path
) -> None:
    staged = make_library(("fusion", "second"), name="staged")
    (staged / "library.toml").write_text("stray junk\n" + (staged / "library.toml").read_text("utf-8"), "utf-8")
    live = tmp_path / "live"
    window, topics, _ = started_on(qtbot, live)
    staged.rename(live)
    qtbot.waitUntil(lambda: window.state() != "resting", timeout=15000)
    assert topics is not None and [card.info.topic for card in topics.screen.cards] == ["fusion", "second"]
    assert any(
        f"{live / 'library.toml'}:1: error: not valid TOML" in str(issue) for issue in window.desk.problems
    )  # staff read what to fix


def test_at_start_a_library_topic_with_a_broken_page_is_offered_and_an_unreadable_one_is_not(
    qtbot: QtBot, make_library: LibraryFactory, caplog: pytest.LogCaptureFixture
) -> None:
    root = make_library(("fusion", "second", "third"))
    (root / "fusion" / "pack.toml").write_text('title = "Unclosed\n', "utf-8")  # read at start: the window's first
    risks = root / "second" / "en" / "risks.md"
    risks.write_text(risks.read_text("utf-8").replace("reviewer: ", "reviewer: [", 1), "utf-8")
    window, topics, _ = started_on(qtbot, root)
    assert topics is not None and [card.info.topic for card in topics.screen.cards] == ["second", "third"]
    messages = [record.getMessage() for record in caplog.records]
    assert "topic fusion is not offered: its pack.toml cannot be read (staff mode lists its problems)" in messages
    qtbot.waitUntil(lambda: all(topic.loaded for topic in topics.shelf.topics), timeout=15000)  # read ahead
    qtbot.waitUntil(lambda: any(f"{risks}:" in record.getMessage() for record in caplog.records))
    assert [card.info.topic for card in topics.screen.cards] == ["second", "third"]
    topics.open_topic("second")
    assert window.visit.topic == "second" and "risks" not in [page.id for page in window.library.pages_in("en")]


def test_a_single_pack_replaced_by_a_library_while_the_kiosk_runs_shows_the_topic_list(
    qtbot: QtBot, make_library: LibraryFactory, tmp_path: Path
) -> None:
    live = tmp_path / "live"
    shutil.copytree(BUNDLED, live)
    window, topics, _ = started_on(qtbot, live)
    assert window.current_screen() is window.welcome
    staged = make_library(("fusion", "second"), name="staged")
    shutil.rmtree(live)
    staged.rename(live)
    qtbot.waitUntil(lambda: topics is not None and topics.shelf.is_library, timeout=15000)
    assert topics is not None and window.current_screen() is topics.screen
    assert [card.info.topic for card in topics.screen.cards] == ["fusion", "second"]
