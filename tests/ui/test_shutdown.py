"""A stop from outside (SIGTERM from systemd or shutdown, Ctrl+C) is a clean quit: the visit is kept."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.analytics import Recorder, summarize
from kiosk.ui.app import stop_cleanly
from kiosk.ui.shutdown import StopRequests
from kiosk.ui.usage import record_usage
from tests.ui.conftest import KioskFactory


def test_sigterm_mid_visit_ends_the_visit_as_shutdown_and_keeps_its_pages(
    qtbot: QtBot, make_kiosk: KioskFactory, tmp_path: Path
) -> None:
    window, behaviour = make_kiosk()
    recorder = Recorder(tmp_path / "usage.sqlite3", 365)
    record_usage(window, recorder)
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.reader.tabs.buttons()[3], Qt.MouseButton.LeftButton)
    stops = StopRequests(window)
    quits: list[str] = []
    stops.requested.connect(lambda reason: stop_cleanly(window, behaviour, reason, lambda: quits.append(reason)))
    try:
        with qtbot.waitSignal(stops.requested, timeout=2000):
            os.kill(os.getpid(), signal.SIGTERM)  # woken through the socket pair, not by a polling timer
    finally:
        stops.uninstall()
    assert quits == ["SIGTERM"] and stops.exit_code(0) == 128 + signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # what was there before comes back
    recorder.close()
    summary = summarize(recorder.path)
    assert dict(summary.endings) == {"shutdown": 1}
    assert {page for page, _, _ in summary.pages} == {"what-it-is", "risks"}


def test_a_signal_on_the_welcome_screen_records_no_visit(
    qtbot: QtBot, make_kiosk: KioskFactory, tmp_path: Path
) -> None:
    window, behaviour = make_kiosk()
    recorder = Recorder(tmp_path / "usage.sqlite3", 365)
    record_usage(window, recorder)
    stops = StopRequests(window)
    stops.requested.connect(lambda reason: stop_cleanly(window, behaviour, reason, lambda: None))
    try:
        with qtbot.waitSignal(stops.requested, timeout=2000):
            os.kill(os.getpid(), signal.SIGINT)
    finally:
        stops.uninstall()
    assert stops.exit_code(0) == 130
    recorder.close()
    assert summarize(recorder.path).visits == 0
