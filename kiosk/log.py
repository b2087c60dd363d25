"""Logging: one line per event with time and level, to stderr and a rotating file."""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from kiosk.override import override

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUPS = 5


class RotatingFile(logging.FileHandler):
    """kiosk.log, moved to kiosk.log.1 (the older ones to .2 … .BACKUPS, the oldest dropped) when the next line
    would take it past `max_bytes`.

    The standard library's RotatingFileHandler does the same, but its module, logging.handlers, also brings the
    socket, pickle and queue modules for its network handlers: 14 ms and 1.3 MB at every start."""

    def __init__(self, path: Path, max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> None:
        super().__init__(path, mode="a", encoding="utf-8")
        self.path, self.max_bytes, self.backups = path, max_bytes, backups

    @override
    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full_with(record):
                self._rotate()
        except Exception:  # reported as logging does (a failing log never stops the kiosk); the line is kept
            self.handleError(record)
        super().emit(record)

    def _full_with(self, record: logging.LogRecord) -> bool:
        if self.stream is None:  # closed by a rotation that could not reopen it: FileHandler opens it again
            self.stream = self._open()
        line = len((self.format(record) + self.terminator).encode("utf-8"))
        return self.stream.tell() > 0 and self.stream.tell() + line > self.max_bytes

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
        self.stream = None  # reopened below, or by the next line if a move fails
        for number in range(self.backups - 1, 0, -1):
            older = self.path.with_name(f"{self.path.name}.{number}")
            if older.exists():
                os.replace(older, self.path.with_name(f"{self.path.name}.{number + 1}"))
        os.replace(self.path, self.path.with_name(f"{self.path.name}.1"))
        self.stream = self._open()


def setup_logging(level: str, folder: Path | None) -> Path | None:
    """Log to stderr and, if `folder` can be written, to kiosk.log there. Returns the log file used."""
    root = logging.getLogger()
    root.setLevel(level.upper())
    formatter = logging.Formatter(FORMAT)
    console = logging.StreamHandler()
    console.setFormatter(formatter)
    root.addHandler(console)
    if folder is None:
        return None
    path = folder / "kiosk.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFile(path)
    except OSError as error:
        logging.getLogger(__name__).warning(
            "cannot write logs to %s (%s); logging to the console only", path, error
        )
        return None
    handler.setFormatter(formatter)
    root.addHandler(handler)
    return path


class StartUpStops:
    """Until the window's own stop handling is in place (kiosk.ui.shutdown), a stop signal is logged, and the
    start said to have ended on purpose (`on_stop`), before the process ends: a `kill` in the first second of a
    start used to leave no line at all, and counted against the content. Once the kiosk is `up`, the window's
    handling has taken over; should these handlers come back while it stops (it restores what it found), a
    second signal is noted and the stop goes on."""

    def __init__(self) -> None:
        self.on_stop: list[Callable[[], object]] = []
        self.up = False
        names = ("SIGTERM", "SIGINT", "SIGHUP", "SIGBREAK")
        numbers = [getattr(signal, name) for name in names if hasattr(signal, name)]
        self._before = {number: signal.signal(number, self._received) for number in numbers}

    def restore(self) -> None:
        """Put back the handlers found (a command that ends before the window does)."""
        for number, handler in self._before.items():
            signal.signal(number, handler)

    def _received(self, number: int, _frame: FrameType | None) -> None:
        name = signal.Signals(number).name
        if self.up:
            logging.getLogger("kiosk").info("%s again while stopping: the stop goes on", name)
            return
        logging.getLogger("kiosk").info("stopping: %s, during start-up", name)
        for step in self.on_stop:
            step()
        logging.shutdown()  # the line is on disk
        # At once, as `kiosk.cli.leave_now` ends every run: unwinding from wherever the signal came (inside
        # Qt's set-up, say) and tearing half-made Qt objects down could crash the process on its way out.
        os._exit(128 + number)
