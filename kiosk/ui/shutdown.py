"""A stop from outside (systemd, `shutdown -r`, Ctrl+C, Windows' session end) is a clean quit, not a kill.

Python runs a signal handler only when the interpreter gets control, and Qt's event loop may sleep for
minutes on an idle kiosk. So the handler only records the signal; `signal.set_wakeup_fd` writes a byte to a
pipe (a socket pair on Windows) whose other end a QSocketNotifier watches, which wakes the event loop at once.

On Windows the same path serves the session's end and a close from outside: WM_QUERYENDSESSION reaches Qt as
`commitDataRequest`; WM_ENDSESSION as `aboutToQuit`, after which Windows may end the process at once, so
`Ending` saves then; WM_CLOSE (`taskkill` without /F, Task Manager's End task, an installer's Restart Manager)
as a close event; console events (Ctrl+C, Ctrl+Break, the console closed, log-off, shutdown) through
SetConsoleCtrlHandler, whose thread waits until the kiosk has saved, since Windows ends the process when it
returns.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSocketNotifier, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from kiosk.override import override

if TYPE_CHECKING:
    from kiosk.ui.behaviour import Behaviour
    from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)
# A close request this soon after a key press is a patient's Alt+F4 turned into WM_CLOSE, not a stop from outside.
KEY_GRACE_S = 1.0
# Windows' console events (SetConsoleCtrlHandler) as the C runtime maps them to signals, so exit codes match.
CONSOLE_EVENTS = {0: "SIGINT", 1: "SIGBREAK", 2: "SIGBREAK", 5: "SIGBREAK", 6: "SIGBREAK"}
CONSOLE_WAIT_S = 4.0  # Windows ends the process 5 s after a console close, log-off or shutdown event


def stop_signal_names() -> tuple[str, ...]:
    """SIGTERM (systemd, kill, shutdown), SIGINT (Ctrl+C), SIGHUP (the terminal went away) and, on Windows,
    SIGBREAK (Ctrl+Break, and the console's close)."""
    return tuple(name for name in ("SIGTERM", "SIGINT", "SIGHUP", "SIGBREAK") if hasattr(signal, name))


def stop_signals() -> list[signal.Signals]:
    return [getattr(signal, name) for name in stop_signal_names()]


class WakeLine:
    """Where `signal.set_wakeup_fd` writes its byte and the QSocketNotifier reads it: a pipe, or on Windows,
    whose set_wakeup_fd takes only a socket, a socket pair. The pipe spares every start the socket module
    (0.8 MB, 7 ms). Both ends never block: a full line already wakes the loop."""

    def __init__(self) -> None:
        if sys.platform == "win32":
            import socket

            self._sockets = socket.socketpair()
            for end in self._sockets:
                end.setblocking(False)
            self.read_fd, self.write_fd = self._sockets[0].fileno(), self._sockets[1].fileno()
        else:
            self.read_fd, self.write_fd = os.pipe()
            for fd in (self.read_fd, self.write_fd):
                os.set_blocking(fd, False)

    def poke(self) -> None:
        if sys.platform == "win32":
            self._sockets[1].send(b"\0")
        else:
            os.write(self.write_fd, b"\0")

    def drain(self) -> None:
        try:
            while self._read():
                pass
        except BlockingIOError:
            pass

    def _read(self) -> bytes:
        if sys.platform == "win32":
            return self._sockets[0].recv(64)
        return os.read(self.read_fd, 64)

    def close(self) -> None:
        if sys.platform == "win32":
            for end in self._sockets:
                end.close()
        else:
            os.close(self.read_fd)
            os.close(self.write_fd)


class StopRequests(QObject):
    """Emits `requested(reason)` on the Qt thread when the process is asked to stop; `uninstall` restores
    the handlers that were there before."""

    requested = Signal(str)

    def __init__(
        self, parent: QObject | None = None, *, window: QWidget | None = None, close_quits: bool | None = None
    ) -> None:
        """With `window`: a close request from outside also stops the kiosk where `close_quits` (by default on
        Windows, where only other programs and the session send one; elsewhere a window manager's Alt+F4 does,
        and the window guard ignores it)."""
        super().__init__(parent)
        self._received: list[str] = []
        self._done = threading.Event()
        self._window = window
        self._last_key = -KEY_GRACE_S
        self.reasons: list[str] = []  # every stop asked for, first first
        self._line = WakeLine()
        self._old_fd = signal.set_wakeup_fd(self._line.write_fd)
        self._old_handlers = {number: signal.signal(number, self._handle) for number in stop_signals()}
        self._notifier = QSocketNotifier(self._line.read_fd, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._wake)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):  # Windows' and X11 session managers: the user logs off, or shutdown
            app.commitDataRequest.connect(self.session_ending)
            if close_quits is None:
                close_quits = QGuiApplication.platformName() == "windows"
            if window is not None and close_quits:
                app.installEventFilter(self)  # app-wide: it sees the key presses before the lockdown eats them
        if sys.platform == "win32":
            self._watch_console()

    def session_ending(self, _manager: object) -> None:
        """Qt's commitDataRequest (Windows: WM_QUERYENDSESSION): the user logs off or the PC shuts down."""
        self._request("session end")

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            self._last_key = time.monotonic()
        elif kind == QEvent.Type.Close and watched is self._window:
            if time.monotonic() - self._last_key < KEY_GRACE_S:
                return False  # a key's close (Alt+F4): the window guard ignores it
            event.ignore()  # the window stays until the event loop ends
            self._request("close")
            return True
        return False

    def console_event(self, event: int) -> bool:
        """A Windows console event, on the thread Windows made for it: pass it to the Qt thread and wait (up
        to CONSOLE_WAIT_S) until the kiosk has saved, since the process may end as soon as this returns."""
        self._received.append(CONSOLE_EVENTS.get(event, "SIGBREAK"))
        try:
            self._line.poke()
        except OSError:  # uninstalled: the kiosk is stopping already
            return True
        self._done.wait(CONSOLE_WAIT_S)
        return True

    def finished(self) -> None:
        """The kiosk has saved what it keeps: a waiting console event may let Windows end the process."""
        self._done.set()

    def _watch_console(self) -> None:
        if sys.platform == "win32":  # (for mypy: ctypes' Windows parts exist only there)
            import ctypes
            from ctypes import wintypes

            handler_type = ctypes.WINFUNCTYPE(wintypes.BOOL, wintypes.DWORD)
            self._console_handler = handler_type(self.console_event)  # kept: Windows holds only a raw pointer
            ctypes.windll.kernel32.SetConsoleCtrlHandler(self._console_handler, True)

    def exit_code(self, code: int) -> int:
        """What the process exits with: `code` unless a signal stopped it, else 128 + the signal, as a shell
        reports it (143 for SIGTERM), so a supervisor can tell a stop from outside from staff leaving (0)."""
        if not self.reasons or self.reasons[0] not in stop_signal_names():
            return code
        return 128 + int(getattr(signal, self.reasons[0]))

    def _handle(self, number: int, frame: FrameType | None) -> None:
        self._received.append(signal.Signals(number).name)  # the wake-up byte follows; Qt does the rest

    def _wake(self) -> None:
        self._line.drain()
        while self._received:
            self._request(self._received.pop(0))

    def _request(self, reason: str) -> None:
        self.reasons.append(reason)
        self.requested.emit(reason)

    def uninstall(self) -> None:
        app = QGuiApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._notifier.setEnabled(False)
        for number, handler in self._old_handlers.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(self._old_fd)
        self._line.close()


def stop_cleanly(window: KioskWindow, behaviour: Behaviour, reason: str, quit_loop: Callable[[], None]) -> None:
    """Stopped from outside (systemd, shutdown, Ctrl+C, Windows' session end or a close): end the visit on screen
    as "shutdown", so that it and its page views are kept, and leave the event loop; `Ending` then saves."""
    log.info("stopping: %s", reason)
    behaviour.allow_exit()
    window.end_visit("shutdown")
    quit_loop()


class Ending:
    """What the kiosk does once, on its way out, whichever way it goes: `steps` (statistics, heartbeat, start
    records, the lock), the last log line, then lets a waiting Windows console event return."""

    def __init__(self, stops: StopRequests, steps: list[Callable[[], object]]) -> None:
        self.stops = stops
        self.steps = steps
        self.done = False

    def finish(self) -> None:
        if self.done:
            return
        self.done = True
        self.stops.uninstall()
        for step in self.steps:
            step()
        logging.getLogger("kiosk").info("kiosk stopped")
        self.stops.finished()
