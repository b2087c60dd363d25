"""An unexpected error is logged with its traceback and the kiosk returns to the welcome screen."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from kiosk.ui.app import install_crash_guard, start_heartbeat
from tests.conftest import BUNDLED_VERSION
from tests.ui.conftest import WindowFactory


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_returns_to_welcome(
    qtbot: QtBot, make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    window = make_window()
    install_crash_guard(window)
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.reader.tabs.buttons()[4], Qt.MouseButton.LeftButton)

    def broken_slot() -> None:
        raise RuntimeError("boom in a slot")

    with caplog.at_level(logging.ERROR), qtbot.waitSignal(window.session_reset, timeout=5000):
        QTimer.singleShot(0, broken_slot)
    assert window.current_screen() is window.welcome
    assert window.reader.current_page_id() == "what-it-is"
    record = next(r for r in caplog.records if "unexpected error" in r.getMessage())
    assert record.exc_info is not None and "boom in a slot" in str(record.exc_info[1])


def test_heartbeat_file_says_what_the_kiosk_is_doing(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    window = make_window()
    path = tmp_path / "logs" / "heartbeat.json"
    timer = start_heartbeat(window, path, 60)
    beat = json.loads(path.read_text("utf-8"))
    assert beat["state"] == "welcome" and beat["pack_version"] == BUNDLED_VERSION
    assert {"time", "version", "pid"} <= beat.keys()
    if sys.platform.startswith("linux"):  # memory, so IT can see a leak as a steady rise over days
        assert 10 < beat["rss_mb"] <= beat["peak_rss_mb"]
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    timer.setInterval(20)
    qtbot.waitUntil(lambda: json.loads(path.read_text("utf-8"))["state"] == "reading")
    assert not list(path.parent.glob("*.tmp"))
