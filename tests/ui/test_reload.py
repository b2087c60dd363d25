"""Hot reload: good edits appear, bad ones never blank a page, and a busy folder is read once it settles."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.config import Config, ContentConfig
from kiosk.ui.content_watcher import ContentWatcher
from kiosk.ui.window import KioskWindow
from tests.conftest import PackFactory, page_text
from tests.ui.conftest import KioskFactory

QUICK = Config(content=ContentConfig(reload_delay_s=0.2))


def shown_text(window: KioskWindow, index: int = 0) -> str:
    return window.reader.views[index].toPlainText()


def start(
    make_pack: PackFactory, make_kiosk: KioskFactory, qtbot: QtBot
) -> tuple[KioskWindow, ContentWatcher, Path]:
    root = make_pack({"one": "Original words.", "two": "Second page."})
    window, behaviour = make_kiosk(root, config=QUICK, watch=True)
    assert behaviour.watcher is not None
    behaviour.watcher._poll.setInterval(200)  # the 5 s safety poll, shortened for the test
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    return window, behaviour.watcher, root


def test_a_good_edit_is_swapped_in_and_the_patient_keeps_their_tab(
    qtbot: QtBot, make_pack: PackFactory, make_kiosk: KioskFactory
) -> None:
    window, watcher, root = start(make_pack, make_kiosk, qtbot)
    window.reader.show_page("two")
    with qtbot.waitSignal(watcher.loaded, timeout=10000):
        (root / "en" / "two.md").write_text(page_text("Two", "Two", "Edited second page."), "utf-8")
    assert "Edited second page." in shown_text(window, 1)
    assert window.reader.current_page_id() == "two"


def test_bad_edits_keep_the_last_good_content(
    qtbot: QtBot, make_pack: PackFactory, make_kiosk: KioskFactory
) -> None:
    window, watcher, root = start(make_pack, make_kiosk, qtbot)
    page = root / "en" / "one.md"
    for bad, reason in [
        (b"", "file is empty"),
        (bytes(range(256)), "binary"),
        (b"---\ntitle: half-writ", "not closed"),
    ]:
        with qtbot.waitSignal(watcher.rejected, timeout=10000):
            page.write_bytes(bad)
        assert "Original words." in shown_text(window)
        assert any(reason in str(issue) for issue in window.desk.problems), reason
        assert window.desk.reload_note
    with qtbot.waitSignal(watcher.loaded, timeout=10000):
        page.write_text(page_text("One", "One", "Fixed words."), "utf-8")
    assert "Fixed words." in shown_text(window)
    assert window.desk.problems == [] and window.desk.reload_note == ""


def test_folder_deleted_then_back(
    qtbot: QtBot, make_pack: PackFactory, make_kiosk: KioskFactory, tmp_path: Path
) -> None:
    window, watcher, root = start(make_pack, make_kiosk, qtbot)
    with qtbot.waitSignal(watcher.rejected, timeout=10000):
        root.rename(tmp_path / "away")
    assert "Original words." in shown_text(window)
    assert window.current_screen() is window.reader
    with qtbot.waitSignal(watcher.loaded, timeout=10000):
        (tmp_path / "away").rename(root)
    with qtbot.waitSignal(watcher.rejected, timeout=10000):
        shutil.rmtree(root)
    assert "Original words." in shown_text(window)


def test_a_hundred_quick_changes_are_read_once_they_settle(
    qtbot: QtBot, make_pack: PackFactory, make_kiosk: KioskFactory
) -> None:
    window, watcher, root = start(make_pack, make_kiosk, qtbot)
    page = root / "en" / "one.md"
    with qtbot.waitSignal(watcher.loaded, timeout=15000):
        for number in range(100):
            page.write_text(page_text("One", "One", f"Version {number}."), "utf-8")
            qtbot.wait(15)
    assert "Version 99." in shown_text(window)
    assert watcher.loads <= 3


def test_editor_temporary_files_change_nothing(
    qtbot: QtBot, make_pack: PackFactory, make_kiosk: KioskFactory
) -> None:
    window, watcher, root = start(make_pack, make_kiosk, qtbot)
    with qtbot.waitSignal(watcher.loaded, timeout=10000):
        (root / "en" / ".#one.md").write_text("lock", "utf-8")
        (root / "en" / "one.md~").write_bytes(b"\x00junk")
        (root / "en" / ".one.md.swp").write_bytes(b"\x00swap")
    assert window.desk.problems == []
    assert "Original words." in shown_text(window)


def test_staff_reload_button_reloads_now(qtbot: QtBot, make_pack: PackFactory, make_kiosk: KioskFactory) -> None:
    window, watcher, _root = start(make_pack, make_kiosk, qtbot)
    with qtbot.waitSignal(watcher.loaded, timeout=10000):
        window.reload_requested.emit()
    assert watcher.loads == 1
