"""Staff mode: the hidden corner gesture, the PIN pad and what staff can do once in."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk import paths
from kiosk.config import Config, ContentConfig, StaffConfig
from kiosk.library import Library, load_library
from kiosk.pin import hash_pin
from kiosk.startup import Settings
from kiosk.ui.app import WindowOptions, build_window
from kiosk.ui.confirm import Confirmation
from kiosk.ui.reading import report_rendered
from kiosk.ui.window import KioskWindow
from tests.conftest import BUNDLED_LIBRARY, BUNDLED_VERSION, PackFactory, page_text
from tests.ui.conftest import KioskFactory, TopicsFactory

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
    qtbot.mouseClick(window.staff.exit_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.exit_requested):
        qtbot.mouseClick(window.overlays["leave"].go_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]


def test_exit_to_desktop_lets_the_window_close(qtbot: QtBot, make_kiosk: KioskFactory, pin_config: Config) -> None:
    window, behaviour = make_kiosk(config=pin_config)
    assert not window.close()
    window.open_staff()
    window.staff.pin_pad.enter(PIN)
    qtbot.mouseClick(window.staff.exit_button, Qt.MouseButton.LeftButton)
    leave = window.overlays["leave"]
    assert isinstance(leave, Confirmation) and leave.isVisible()
    qtbot.mouseClick(leave.go_button, Qt.MouseButton.LeftButton)
    assert window.close()
    assert behaviour.guard is not None and not behaviour.guard.enabled


@pytest.mark.parametrize(
    ("language", "question", "go", "stay"),
    [
        ("en", "Leave the kiosk and show the desktop?", "Leave", "Stay"),
        ("es", "¿Salir del quiosco y mostrar el escritorio?", "Salir", "Quedarse"),
    ],
)
def test_exit_to_desktop_asks_once_before_leaving(
    qtbot: QtBot, make_kiosk: KioskFactory, pin_config: Config, language: str, question: str, go: str, stay: str
) -> None:
    window, _ = make_kiosk(config=pin_config)
    window.set_language(language)
    window.open_staff()
    window.staff.pin_pad.enter(PIN)
    left: list[bool] = []
    window.exit_requested.connect(lambda: left.append(True))
    qtbot.mouseClick(window.staff.exit_button, Qt.MouseButton.LeftButton)
    leave = window.overlays["leave"]
    assert isinstance(leave, Confirmation) and leave.isVisible() and not left
    assert (leave.question.text(), leave.go_button.text(), leave.stay_button.text()) == (question, go, stay)
    assert leave.question.textFormat() == Qt.TextFormat.PlainText
    for button in (leave.go_button, leave.stay_button):  # large, and far enough apart for a finger
        assert button.isVisible()
        assert button.width() >= window.metrics.target * 2 and button.height() >= window.metrics.target
    assert leave.go_button.geometry().left() - leave.stay_button.geometry().right() >= window.metrics.px(10)
    qtbot.mouseClick(leave.stay_button, Qt.MouseButton.LeftButton)
    assert not leave.isVisible() and not left and window.staff.unlocked
    assert not window.close()  # still locked down
    qtbot.mouseClick(window.staff.exit_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(leave.go_button, Qt.MouseButton.LeftButton)
    assert left == [True]
    assert window.close()


def test_a_reset_closes_the_question_with_the_panel(make_kiosk: KioskFactory, pin_config: Config) -> None:
    window, _ = make_kiosk(config=pin_config)
    window.open_staff()
    window.staff.pin_pad.enter(PIN)
    window.staff.exit_button.click()
    assert window.overlays["leave"].isVisible()
    window.reset_session("idle")
    assert not window.overlays["leave"].isVisible() and not window.staff.isVisible()


def test_wrong_pins_and_staff_log_ins_are_logged_without_the_pin(
    make_kiosk: KioskFactory, pin_config: Config, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    window, _ = make_kiosk(config=pin_config)
    window.open_staff()
    window.staff.pin_pad.enter("9999")
    window.staff.pin_pad.enter("8888")
    window.staff.pin_pad.enter(PIN)
    assert window.staff.unlocked
    logged = [message for message in caplog.messages if "PIN" in message or "staff mode" in message]
    assert "wrong staff PIN (1 in a row)" in logged and "wrong staff PIN (2 in a row)" in logged
    assert logged[-1] == "staff mode opened"
    assert not any(pin in message for message in caplog.messages for pin in ("9999", "8888", PIN))
    window.staff.close_button.click()
    window.open_staff()
    for _ in range(5):  # the count starts again after the right PIN; the fifth wrong one locks the pad
        window.staff.pin_pad.enter("9999")
    assert caplog.messages[-1] == "wrong staff PIN (5 in a row); the PIN pad is locked for 30 s"


def loaded_time(window: KioskWindow) -> dt.datetime:
    found = re.search(r"Loaded (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\.", window.staff.summary.text())
    assert found, window.staff.summary.text()
    return dt.datetime.strptime(found[1], "%Y-%m-%d %H:%M:%S")


def test_reload_now_says_when_and_shows_the_new_load_time(
    qtbot: QtBot, make_topics: TopicsFactory, pin_config: Config
) -> None:
    """A library's reload keeps unchanged topics as they were read; it is a new load all the same."""
    config = dataclasses.replace(pin_config, content=ContentConfig(reload_delay_s=0.2))
    window, _ = make_topics(BUNDLED_LIBRARY, watch=True, config=config)
    window.open_staff()
    window.staff.pin_pad.enter(PIN)
    first = loaded_time(window)
    assert not window.staff.reload_result.isVisible()
    qtbot.waitUntil(lambda: dt.datetime.now().replace(microsecond=0) > first, timeout=3000)
    qtbot.mouseClick(window.staff.reload_button, Qt.MouseButton.LeftButton)
    assert window.staff.reload_result.text() == "Checking the content…"
    assert window.staff.reload_result.isVisible()
    qtbot.waitUntil(lambda: "reloaded" in window.staff.reload_result.text(), timeout=10000)
    after = loaded_time(window)
    assert after > first
    assert window.staff.reload_result.text() == f"Content reloaded at {after:%H:%M}."


def test_a_refused_reload_says_when_it_was_checked(
    qtbot: QtBot, make_pack: PackFactory, make_kiosk: KioskFactory, pin_config: Config
) -> None:
    root = make_pack({"one": "Original words.", "two": "Second page."})
    config = dataclasses.replace(pin_config, content=ContentConfig(reload_delay_s=0.2))
    window, behaviour = make_kiosk(root, config=config, watch=True)
    assert behaviour.watcher is not None
    behaviour.watcher._poll.setInterval(200)  # the 5 s safety poll, shortened for the test
    window.open_staff()
    window.staff.pin_pad.enter(PIN)
    first = loaded_time(window)
    with qtbot.waitSignal(behaviour.watcher.rejected, timeout=10000):  # found by the watcher, not the button
        (root / "en" / "one.md").write_bytes(b"")
    checked = r"Content checked at \d\d:\d\d: not loaded, see the problems above\."
    assert re.fullmatch(checked, window.staff.reload_result.text())
    assert window.staff.status.text().startswith("The new content has errors")
    assert loaded_time(window) == first  # the last good content is still the one loaded then
    assert "file is empty" in window.staff.problems.text()
    report_rendered(window, window.library)  # the content on screen, rendered late, reports no problems
    assert "file is empty" in window.staff.problems.text() and window.staff.reload_result.text() != ""
    with qtbot.waitSignal(behaviour.watcher.loaded, timeout=10000):
        (root / "en" / "one.md").write_text(page_text("One", "One", "Mended words."), "utf-8")
    assert window.staff.reload_result.text().startswith("Content reloaded at ")
    assert not window.staff.status.text()


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


def test_a_reload_that_cannot_read_the_content_says_so_and_the_next_one_runs(
    qtbot: QtBot,
    make_pack: PackFactory,
    make_kiosk: KioskFactory,
    pin_config: Config,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_pack({"one": "Original words.", "two": "Second page."})
    window, behaviour = make_kiosk(root, config=pin_config, watch=True)
    watcher = behaviour.watcher
    assert watcher is not None

    def broken(folder: Path) -> Library:
        raise RuntimeError(f"a bug in reading {folder}")

    monkeypatch.setattr(watcher, "_load", broken)
    window.open_staff()
    window.staff.pin_pad.enter(PIN)
    with qtbot.waitSignal(watcher.failed, timeout=10000):
        qtbot.mouseClick(window.staff.reload_button, Qt.MouseButton.LeftButton)
    assert re.fullmatch(
        r"Content checked at \d\d:\d\d: it could not be read, so nothing changed \(the log says why\)\.",
        window.staff.reload_result.text(),
    )
    monkeypatch.setattr(watcher, "_load", load_library)
    with qtbot.waitSignal(watcher.loaded, timeout=10000):  # the failure left the watcher ready for the next
        qtbot.mouseClick(window.staff.reload_button, Qt.MouseButton.LeftButton)
    assert window.staff.reload_result.text().startswith("Content reloaded at ")
