"""`kiosk preview`: a normal window showing a pack as patients see it, its problems beside it, reloaded on save."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.config import Config
from kiosk.library import load_library
from kiosk.startup import Settings
from kiosk.ui.app import WindowOptions, load_fonts
from kiosk.ui.idle import IdleWatcher
from kiosk.ui.lockdown import Lockdown
from kiosk.ui.preview import PreviewWindow
from tests.conftest import PackFactory, page_text

CORPUS = Path(__file__).parent.parent / "data" / "staff-pack"


def open_preview(qtbot: QtBot, root: Path, *, scale: float = 1.0, theme: str = "calm") -> PreviewWindow:
    load_fonts()
    config = Config()
    config = dataclasses.replace(config, speech=dataclasses.replace(config.speech, engine="mock"))
    settings = Settings(config, root, [])
    window = PreviewWindow(
        settings, load_library(root), scale=scale, theme=theme, options=WindowOptions(True, 96.0, speech=False)
    )
    qtbot.addWidget(window, before_close_func=lambda w: w.stop())
    window.watcher._poll.setInterval(200)  # the 5 s safety poll, shortened for the test
    window.resize(1400, 900)
    with qtbot.waitSignal(window.checked, timeout=30000):
        window.show()
    qtbot.waitExposed(window)
    return window


def test_opens_as_a_normal_window_at_the_chosen_size_and_theme(qtbot: QtBot) -> None:
    window = open_preview(qtbot, CORPUS, scale=1.5, theme="contrast")
    flags = window.windowFlags()
    assert not flags & Qt.WindowType.FramelessWindowHint and not flags & Qt.WindowType.WindowStaysOnTopHint
    assert not window.isFullScreen() and window.kiosk.windowed
    assert window.kiosk.scale == 1.5 and window.kiosk.visit.high_contrast
    assert window.kiosk.current_screen() is window.kiosk.reader  # the page, not the welcome screen
    window.resize(1100, 700)  # resizable
    qtbot.waitUntil(lambda: window.width() == 1100)
    window.close()  # no staff gesture, no PIN: it closes
    assert not window.isVisible()


def test_no_lockdown_no_idle_reset(qtbot: QtBot) -> None:
    window = open_preview(qtbot, CORPUS)
    app = QApplication.instance()
    assert app is not None
    assert not window.kiosk.overlays.is_open("prompt")
    window.kiosk.reader.show_page("callouts")
    qtbot.wait(300)
    assert window.kiosk.reader.current_page_id() == "callouts"
    filters = [child for child in window.findChildren(QObject) if isinstance(child, (IdleWatcher, Lockdown))]
    assert filters == []


def test_lists_the_problems_with_their_lines_and_shows_their_page(qtbot: QtBot) -> None:
    window = open_preview(qtbot, CORPUS)
    lines = window.problems.lines()
    assert any(line.startswith("en/surprises.md:12\nWarning: '2.' right under a sentence") for line in lines)
    assert any(line.startswith("en/surprises.md:30\nWarning: link 'risk.md'") for line in lines)
    assert "0 error(s), 9 warning(s)" in window.problems.heading.text()
    item = window.problems.list.item(0)
    qtbot.mouseClick(
        window.problems.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.problems.list.visualItemRect(item).center(),
    )
    assert window.kiosk.reader.current_page_id() == "surprises"


def test_reloads_on_every_save(qtbot: QtBot, make_pack: PackFactory) -> None:
    root = make_pack({"one": "First words.", "two": "Second page."})
    window = open_preview(qtbot, root)
    window.kiosk.reader.show_page("two")
    assert not any("surprises" in line for line in window.problems.lines())
    page = root / "en" / "two.md"
    with qtbot.waitSignal(window.checked, timeout=20000):
        page.write_text(page_text("Two", "Two", "Bring:\n- glasses\n- pills\nThen\n3. step"), "utf-8")
    shown = window.kiosk.reader.views[1].toPlainText()
    assert "glasses" in shown and "Bring:" in shown and "Reloaded at" in window.problems.status.text()
    assert window.kiosk.reader.current_page_id() == "two"  # staff stay on the page they edit
    assert any(line.startswith("en/two.md:13\nWarning: '3.'") for line in window.problems.lines())
    with qtbot.waitSignal(window.checked, timeout=20000):
        page.write_bytes(b"---\ntitle: half-writ")  # an error: the kiosk would keep the last good version
    assert "glasses" in window.kiosk.reader.views[1].toPlainText()
    assert "last good version" in window.problems.status.text()
    assert window.problems.lines()[0].startswith("en/two.md")
    assert "1 error(s)" in window.problems.heading.text()
