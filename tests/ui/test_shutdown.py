"""A stop from outside (SIGTERM from systemd or shutdown, Ctrl+C, Windows' session end, close and console
events) is a clean quit: the visit is kept."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.analytics import Recorder
from kiosk.ui.shutdown import Ending, StopRequests, stop_cleanly
from kiosk.ui.usage import record_usage
from kiosk.ui.window import KioskWindow
from kiosk.usagereport import summarize
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


def visiting(
    qtbot: QtBot, make_kiosk: KioskFactory, tmp_path: Path, **options: bool
) -> tuple[KioskWindow, Recorder, StopRequests, list[str], Ending]:
    """A kiosk mid-visit (the Risks tab open), its recorder and its stop requests wired as `kiosk` wires them."""
    window, behaviour = make_kiosk()
    recorder = Recorder(tmp_path / "usage.sqlite3", 365)
    record_usage(window, recorder)
    qtbot.mouseClick(window.welcome, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.reader.tabs.buttons()[3], Qt.MouseButton.LeftButton)
    stops = StopRequests(window, window=window, **options)
    quits: list[str] = []
    stops.requested.connect(lambda reason: stop_cleanly(window, behaviour, reason, lambda: quits.append(reason)))
    ending = Ending(stops, [recorder.close])
    return window, recorder, stops, quits, ending


def test_a_close_from_outside_on_windows_is_a_clean_quit_and_saves_the_visit(
    qtbot: QtBot, make_kiosk: KioskFactory, tmp_path: Path
) -> None:
    """WM_CLOSE (taskkill without /F, Task Manager's End task, an installer) reaches Qt as a close event."""
    window, recorder, stops, quits, ending = visiting(qtbot, make_kiosk, tmp_path, close_quits=True)
    close = QCloseEvent()
    QApplication.sendEvent(window, close)
    assert quits == ["close"] and not close.isAccepted() and window.isVisible()  # it goes with the event loop
    ending.finish()  # what aboutToQuit does on the way out (and at WM_ENDSESSION, before Windows ends it)
    ending.finish()  # then again after exec() returns: once is all
    assert recorder.path.exists() and dict(summarize(recorder.path).endings) == {"shutdown": 1}
    assert stops.exit_code(0) == 0  # Shell Launcher restarts the kiosk after any code but 3


def test_a_close_just_after_a_key_press_is_a_patients_alt_f4_and_is_ignored(
    qtbot: QtBot, make_kiosk: KioskFactory, tmp_path: Path
) -> None:
    window, recorder, _, quits, ending = visiting(qtbot, make_kiosk, tmp_path, close_quits=True)
    qtbot.keyClick(window, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    QApplication.sendEvent(window, QCloseEvent())
    assert quits == [] and window.isVisible()
    ending.finish()
    assert dict(summarize(recorder.path).endings) == {}  # the visit goes on


def test_elsewhere_a_close_request_never_stops_the_kiosk(
    qtbot: QtBot, make_kiosk: KioskFactory, tmp_path: Path
) -> None:
    """On Linux a window manager turns a patient's Alt+F4 into a close request: systemd stops with SIGTERM."""
    window, _, _, quits, ending = visiting(qtbot, make_kiosk, tmp_path)  # offscreen: not Windows
    QApplication.sendEvent(window, QCloseEvent())
    assert quits == [] and window.isVisible()
    ending.finish()


def test_the_session_ending_is_a_clean_quit(qtbot: QtBot, make_kiosk: KioskFactory, tmp_path: Path) -> None:
    """Windows' WM_QUERYENDSESSION (log-off, shutdown, restart) reaches Qt as commitDataRequest, which calls
    this slot (Qt cannot emit that signal from Python without a session manager)."""
    _, recorder, stops, quits, ending = visiting(qtbot, make_kiosk, tmp_path)
    stops.session_ending(None)
    assert quits == ["session end"]
    ending.finish()
    assert dict(summarize(recorder.path).endings) == {"shutdown": 1}


def test_a_console_event_waits_until_the_kiosk_has_saved(
    qtbot: QtBot, make_kiosk: KioskFactory, tmp_path: Path
) -> None:
    """Windows calls a console handler on its own thread and ends the process when it returns: it must not
    return before the visit is saved."""
    _, recorder, stops, quits, ending = visiting(qtbot, make_kiosk, tmp_path)
    answers: list[bool] = []
    handler = threading.Thread(target=lambda: answers.append(stops.console_event(2)))  # CTRL_CLOSE_EVENT
    with qtbot.waitSignal(stops.requested, timeout=2000):
        handler.start()
    assert quits == ["SIGBREAK"] and answers == []  # still waiting
    ending.finish()
    handler.join(timeout=5)
    assert answers == [True]
    assert dict(summarize(recorder.path).endings) == {"shutdown": 1}
