"""A stop from outside (systemd, `shutdown -r`, Ctrl+C, Windows' session end) is a clean quit, not a kill.

Python runs a signal handler only when the interpreter gets control, and Qt's event loop may sleep for
minutes on an idle kiosk. So the handler only records the signal; `signal.set_wakeup_fd` writes a byte to a
socket pair whose other end a QSocketNotifier watches, which wakes the event loop at once.
"""

from __future__ import annotations

import logging
import signal
import socket
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier, Signal
from PySide6.QtGui import QGuiApplication

log = logging.getLogger(__name__)


def stop_signal_names() -> tuple[str, ...]:
    """SIGTERM (systemd, kill, shutdown), SIGINT (Ctrl+C), SIGHUP (the terminal went away) and, on Windows,
    SIGBREAK (Ctrl+Break, and the console's close)."""
    return tuple(name for name in ("SIGTERM", "SIGINT", "SIGHUP", "SIGBREAK") if hasattr(signal, name))


def stop_signals() -> list[signal.Signals]:
    return [getattr(signal, name) for name in stop_signal_names()]


class StopRequests(QObject):
    """Emits `requested(reason)` on the Qt thread when the process is asked to stop; `uninstall` restores
    the handlers that were there before."""

    requested = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._received: list[str] = []
        self.reasons: list[str] = []  # every stop asked for, first first
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._old_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._old_handlers = {number: signal.signal(number, self._handle) for number in stop_signals()}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._wake)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):  # Windows' and X11 session managers: the user logs off, or shutdown
            app.commitDataRequest.connect(lambda _manager: self._request("session end"))

    def exit_code(self, code: int) -> int:
        """What the process exits with: `code` unless a signal stopped it, else 128 + the signal, as a shell
        reports it (143 for SIGTERM), so a supervisor can tell a stop from outside from staff leaving (0)."""
        if not self.reasons or self.reasons[0] not in stop_signal_names():
            return code
        return 128 + int(getattr(signal, self.reasons[0]))

    def _handle(self, number: int, frame: FrameType | None) -> None:
        self._received.append(signal.Signals(number).name)  # the wake-up byte follows; Qt does the rest

    def _wake(self) -> None:
        try:
            while self._reader.recv(64):
                pass
        except BlockingIOError:
            pass
        while self._received:
            self._request(self._received.pop(0))

    def _request(self, reason: str) -> None:
        self.reasons.append(reason)
        self.requested.emit(reason)

    def uninstall(self) -> None:
        self._notifier.setEnabled(False)
        for number, handler in self._old_handlers.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(self._old_fd)
        self._reader.close()
        self._writer.close()
