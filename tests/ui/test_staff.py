"""Staff mode: the hidden corner gesture, the PIN pad and what staff can do once in."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk import paths
from kiosk.config import Config, StaffConfig
from kiosk.library import load_library
from kiosk.pin import hash_pin
from kiosk.startup import Settings
from kiosk.ui.app import WindowOptions, build_window
from kiosk.ui.window import KioskWindow
from tests.conftest import BUNDLED_VERSION
from tests.ui.conftest import KioskFactory

PIN = "4321"


@pytest.fixture(scope="module")
def pin_config() -> Config:
    return Config(staff=StaffConfig(pin_hash=hash_pin(PIN)))


def tap_corner(qtbot: QtBot, window: KioskWindow, times: int, corner: str = "top-left") -> None:
    x = 4 if "left" in corner else window.width() - 4
    y = 4 if "top" in corner else window.height() - 4
    for _ in range(times):
        target = window.childAt(QPoint(x, y)) or window
        assert isinstance(target, QWidget)
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(window, QPoint(x, y)))


def test_five_corner_taps_open_the_pin_pad(qtbot: QtBot, make_kiosk: KioskFactory, pin_config: Config) -> None:
    window, _ = make_kiosk(config=pin_config)
    tap_corner(qtbot, window, 4)
    assert not window.staff.isVisible()
    with qtbot.waitSignal(window.staff_opened):
        tap_corner(qtbot, window, 1)
    assert window.staff.pages.currentWidget() is window.staff.pin_pad
    assert not window.staff.unlocked


def test_taps_elsewhere_or_in_another_corner_do_not_count(
    qtbot: QtBot, make_kiosk: KioskFactory, pin_config: Config
) -> None:
    window, _ = make_kiosk(config=pin_config)
    for _ in range(3):
        tap_corner(qtbot, window, 2)
        tap_corner(qtbot, window, 1, "bottom-right")
    assert not window.staff.isVisible()


def test_right_pin_shows_status_and_actions(qtbot: QtBot, make_kiosk: KioskFactory, pin_config: Config) -> None:
    window, _ = make_kiosk(config=pin_config)
    window.open_staff()
    window.staff.pin_pad.enter("9999")
    assert "Wrong PIN (1 so far)" in window.staff.pin_pad.message.text()
    window.staff.pin_pad.enter(PIN)
    assert window.staff.unlocked
    assert (
        f"Sacroiliac joint fusion: what to know, version {BUNDLED_VERSION}. Loaded" in window.staff.summary.text()
    )
    assert window.staff.problems.text() == "No problems found in the content."
    with qtbot.waitSignal(window.reload_requested):
        qtbot.mouseClick(window.staff.reload_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.staff.touch_button, Qt.MouseButton.LeftButton)
    assert window.touch_test.isVisible()
    qtbot.mouseClick(window.touch_test, Qt.MouseButton.LeftButton, pos=QPoint(300, 300))
    assert len(window.touch_test.marks) == 1
    qtbot.mouseClick(window.touch_test.close_button, Qt.MouseButton.LeftButton)
    assert not window.touch_test.isVisible()
    with qtbot.waitSignal(window.exit_requested):
        qtbot.mouseClick(window.staff.exit_button, Qt.MouseButton.LeftButton)


def test_exit_to_desktop_lets_the_window_close(qtbot: QtBot, make_kiosk: KioskFactory, pin_config: Config) -> None:
    window, behaviour = make_kiosk(config=pin_config)
    assert not window.close()
    window.open_staff()
    window.staff.pin_pad.enter(PIN)
    qtbot.mouseClick(window.staff.exit_button, Qt.MouseButton.LeftButton)
    assert window.close()
    assert behaviour.guard is not None and not behaviour.guard.enabled


def test_fifty_wrong_pins_lock_the_pad(qtbot: QtBot, make_kiosk: KioskFactory, pin_config: Config) -> None:
    window, _ = make_kiosk(config=pin_config)
    window.open_staff()
    pad = window.staff.pin_pad
    for _ in range(50):
        pad.enter("0000")
    assert window.staff.guard.failures == 5  # after the fifth, the locked pad checks nothing
    assert "Too many wrong PINs. Try again in 30 seconds." in pad.message.text()
    assert not any(key.isEnabled() for key in pad.keys.values())
    pad.enter(PIN)
    assert not window.staff.unlocked


def test_without_a_pin_staff_mode_explains_and_offers_no_exit(qtbot: QtBot, make_kiosk: KioskFactory) -> None:
    window, _ = make_kiosk()
    tap_corner(qtbot, window, 5)
    assert window.staff.isVisible()
    assert window.staff.pages.currentWidget() is window.staff.no_pin
    assert "kiosk hash-pin" in window.staff.no_pin.text()
    assert not window.staff.exit_button.isVisible()
    qtbot.mouseClick(window.staff.close_button, Qt.MouseButton.LeftButton)
    assert not window.staff.isVisible()


def test_quick_taps_that_qt_sees_as_double_clicks_still_count(
    qtbot: QtBot, make_kiosk: KioskFactory, pin_config: Config
) -> None:
    window, _ = make_kiosk(config=pin_config)
    target = window.childAt(QPoint(4, 4)) or window
    point = target.mapFrom(window, QPoint(4, 4))
    # Under X, five quick clicks arrive as press, double-click, press, double-click, press.
    with qtbot.waitSignal(window.staff_opened):
        for _ in range(2):
            qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=point)
            qtbot.mouseDClick(target, Qt.MouseButton.LeftButton, pos=point)
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=point)


def test_ok_with_nothing_typed_does_not_count_as_a_wrong_pin(make_kiosk: KioskFactory, pin_config: Config) -> None:
    window, _ = make_kiosk(config=pin_config)
    window.open_staff()
    pad = window.staff.pin_pad
    for _ in range(8):  # more than the free attempts: counted, these would lock the pad
        pad.keys["ok"].click()
    assert window.staff.guard.failures == 0 and window.staff.guard.locked_for() == 0
    assert pad.message.text().strip() == "" and pad.keys["1"].isEnabled()
    pad.enter(PIN)
    assert window.staff.unlocked


def test_the_kiosk_keeps_the_pin_lock_out_across_a_restart(
    qtbot: QtBot, pin_config: Config, tmp_path: Path
) -> None:
    """The running kiosk's guard writes its lock-out to the state folder; the next start shows the pad locked."""
    root = tmp_path / "pack"
    (root / "en").mkdir(parents=True)
    (root / "en" / "one.md").write_text("---\ntitle: One\n---\nSome words.\n", "utf-8")
    settings = Settings(pin_config, root, [])
    options = WindowOptions(True, 96.0, speech=False)
    first = build_window(settings, load_library(root), options)
    qtbot.addWidget(first)
    first.open_staff()
    for _ in range(5):
        first.staff.pin_pad.enter("0000")
    assert (paths.default_state_dir() / "pin-lockout.json").is_file()
    second = build_window(settings, load_library(root), options)
    qtbot.addWidget(second)
    second.open_staff()
    pad = second.staff.pin_pad
    assert "Too many wrong PINs" in pad.message.text()
    assert not any(key.isEnabled() for key in pad.keys.values())
