"""Nothing a patient does with keys, buttons, menus or windows gets them out of the kiosk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.conftest import REPO
from tests.ui.conftest import KioskFactory, finger_drag

ESCAPES = [
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Space, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Meta, Qt.KeyboardModifier.MetaModifier),
    (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier),
]


def only_the_kiosk_is_showing(window: object) -> bool:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [window]


@pytest.mark.parametrize(("key", "modifier"), ESCAPES)
def test_escape_keys_are_swallowed(
    qtbot: QtBot, make_kiosk: KioskFactory, key: Qt.Key, modifier: Qt.KeyboardModifier
) -> None:
    window, behaviour = make_kiosk()
    assert behaviour.lockdown is not None
    before = behaviour.lockdown.swallowed
    for target in (window, window.welcome, window.reader.toolbar):
        qtbot.keyClick(target, key, modifier)
    assert behaviour.lockdown.swallowed >= before + 3
    assert window.isVisible() and window.isFullScreen()
    assert window.current_screen() is window.welcome
    assert only_the_kiosk_is_showing(window)


def test_close_and_minimise_are_undone(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    window, behaviour = make_kiosk()
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert not window.close()
    assert window.isVisible()
    window.showMinimized()
    qtbot.waitUntil(lambda: window.isFullScreen() and not window.isMinimized())
    window.showNormal()
    qtbot.waitUntil(window.isFullScreen)
    assert behaviour.guard is not None and behaviour.guard.restores >= 2


def test_right_click_and_long_press_open_no_menu(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    window, behaviour = make_kiosk()
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    view = window.reader.current_view()
    assert view is not None and behaviour.lockdown is not None
    before = behaviour.lockdown.swallowed
    for target in (view.viewport(), window.reader.tabs.buttons()[1], window.reader.start_over_button):
        qtbot.mouseClick(target, Qt.MouseButton.RightButton)
        QApplication.sendEvent(
            target,
            QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5), target.mapToGlobal(QPoint(5, 5))),
        )
    assert behaviour.lockdown.swallowed > before
    assert only_the_kiosk_is_showing(window)
    assert window.current_screen() is window.reader


def test_finger_scrolling_still_works_under_lockdown(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    window, _ = make_kiosk()
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    view = window.reader.current_view()
    assert view is not None
    finger_drag(qtbot, view.viewport(), -400)
    qtbot.waitUntil(lambda: view.verticalScrollBar().value() > 100)


def test_ctrl_wheel_does_not_zoom_the_page(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    window, _ = make_kiosk()
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    view = window.reader.current_view()
    assert view is not None
    size = view.font().pixelSize()
    wheel = QWheelEvent(
        QPointF(50, 50),
        QPointF(view.viewport().mapToGlobal(QPoint(50, 50))),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.font().pixelSize() == size
    assert not window.acceptDrops()


def test_a_second_kiosk_exits_with_a_clear_message(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_RUNTIME_DIR": str(tmp_path),
        "XDG_STATE_HOME": str(tmp_path),
    }
    first = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--windowed"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        lock = tmp_path / "kiosk.lock"
        for _ in range(200):
            if lock.exists() or first.poll() is not None:
                break
            subprocess.run([sys.executable, "-c", "import time; time.sleep(0.05)"], check=True)
        assert lock.exists(), f"the first kiosk did not start (exit code {first.poll()})"
        second = subprocess.run(
            [sys.executable, "-m", "kiosk", "--windowed"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 3
        assert f"already running on this computer (process {first.pid})" in second.stderr
        assert second.stderr.count("already running") == 1  # said once, by the log's console handler
    finally:
        first.terminate()
        first.wait(timeout=30)


def test_in_the_kiosks_own_order_lockdown_is_in_place_with_the_first_frame(qtbot: QtBot) -> None:
    """`kiosk` installs its behaviour before the window is shown; the app-wide filters (lockdown, keypad, idle,
    staff taps) go in with the first frame, before any key can reach the window."""
    from kiosk.config import Config
    from kiosk.library import load_library
    from kiosk.palette import CALM
    from kiosk.ui.behaviour import install
    from kiosk.ui.metrics import Metrics
    from kiosk.ui.window import KioskWindow
    from tests.conftest import BUNDLED

    config = Config()
    window = KioskWindow(load_library(BUNDLED), config, Metrics(96, 6, 20), CALM)
    behaviour = install(window, config, lock_down=True, watch=None)
    qtbot.addWidget(window, before_close_func=lambda _w: behaviour.allow_exit())
    assert behaviour.lockdown is not None
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show_kiosk()
    qtbot.keyClick(window, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    assert behaviour.lockdown.swallowed >= 1 and window.isVisible()
