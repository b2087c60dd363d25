"""A new pack published at the content source appears on a running kiosk, without a restart."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.library import load_library
from kiosk.sync import MANIFEST, make_pack_archive
from kiosk.ui.content_source import SourceChecker
from tests.conftest import BUNDLED
from tests.ui.conftest import WindowFactory


def test_new_pack_from_the_source_is_shown_and_bad_ones_are_reported(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window()
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    window.reader.show_page("risks")
    pack = tmp_path / "pack"
    shutil.copytree(BUNDLED, pack)
    risks = pack / "en" / "risks.md"
    risks.write_text(risks.read_text().replace("Like any surgery", "Published centrally: like any surgery"))
    make_pack_archive(pack, tmp_path / "share")
    checker = SourceChecker(str(tmp_path / "share" / MANIFEST), tmp_path / "store", 15, parent=window)
    checker.new_pack.connect(lambda folder: window.set_library(load_library(folder)))
    checker.state_changed.connect(lambda: window.desk.set_source_note(checker.summary()))
    with qtbot.waitSignal(checker.new_pack, timeout=10000):
        checker.check_now()
    assert "Published centrally" in window.reader.current_view().toPlainText()  # type: ignore[union-attr]
    assert window.reader.current_page_id() == "risks"
    (tmp_path / "share" / MANIFEST).write_text("{ broken")
    with qtbot.waitSignal(checker.state_changed, timeout=10000):
        checker.check_now()
    assert "cannot be read" in checker.state["last_error"]
    assert "Published centrally" in window.reader.current_view().toPlainText()  # type: ignore[union-attr]
    assert "last error" in window.desk.source_note
