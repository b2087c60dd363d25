"""Checks the content source every few minutes off the UI thread and hands over each new valid pack."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from kiosk.override import override
from kiosk.signing import short
from kiosk.sync import SyncError, SyncResult, Trust, sync

log = logging.getLogger(__name__)


class _Done(QObject):
    finished = Signal(object, str)  # SyncResult or None, error text


class _Check(QRunnable):
    def __init__(self, source: str, store: Path, trust: Trust, done: _Done) -> None:
        super().__init__()
        self._source, self._store, self._trust, self._done = source, store, trust, done

    @override
    def run(self) -> None:
        try:
            self._done.finished.emit(sync(self._source, self._store, trust=self._trust), "")
        except SyncError as error:
            self._done.finished.emit(None, str(error))
        except Exception as error:  # never let a bad archive kill the worker thread silently
            log.exception("checking the content source failed")
            self._done.finished.emit(None, f"unexpected error: {error}")


# Said in staff mode (first among the problems), heartbeat.json and the log while kiosk.toml lists no keys.
UNCHECKED = (
    "packs from the content source are not signature-checked (no public_keys in kiosk.toml):"
    " whoever can write the source can change what patients read"
)


class SourceChecker(QObject):
    """Emits `new_pack(folder)` when a newer valid pack is current; `state` is for staff mode and heartbeat."""

    new_pack = Signal(object)
    state_changed = Signal()

    def __init__(
        self, source: str, store: Path, every_minutes: float, trust: Trust, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._source, self._store, self._trust = source, store, trust
        self.state: dict[str, str] = {
            "source": source,
            "last_check": "",
            "last_success": "",
            "version": "",
            "sequence": "",
            "signed_by": "",
            "last_error": "",
            "warning": "" if trust.public_keys else UNCHECKED,
        }
        if not trust.public_keys:
            log.warning("content source %s: %s", source, UNCHECKED)
        self._done = _Done(self)
        self._done.finished.connect(self._finished)
        self._busy = False
        self._timer = QTimer(self, interval=max(1, round(every_minutes * 60_000)))
        self._timer.timeout.connect(self.check_now)

    def start(self) -> None:
        self._timer.start()
        QTimer.singleShot(0, self, self.check_now)

    def check_now(self) -> None:
        if not self._busy:
            self._busy = True
            QThreadPool.globalInstance().start(_Check(self._source, self._store, self._trust, self._done))

    def summary(self) -> str:
        state = self.state
        last = state["last_success"] or "never"
        sequence = f" (sequence {state['sequence']})" if state["sequence"] else ""
        signed = f", signed by {short(state['signed_by'])}" if state["signed_by"] else ""
        text = f"Content source: version {state['version'] or '?'}{sequence}{signed}, last success {last}"
        return text + (f"; last error: {state['last_error']}" if state["last_error"] else "")

    def _finished(self, result: SyncResult | None, error: str) -> None:
        self._busy = False
        self.state["last_check"] = datetime.now().astimezone().isoformat(timespec="seconds")
        if result is None:
            self.state["last_error"] = error
            log.warning("content source %s: %s; the current pack stays", self._source, error)
        else:
            sequence = "" if result.sequence is None else str(result.sequence)
            self.state.update(
                last_success=result.checked_at,
                version=result.version,
                sequence=sequence,
                signed_by=result.signed_by,
                last_error="",
            )
            if result.changed and result.folder is not None:
                log.info("content source: version %s is now current (%s)", result.version, result.folder)
                self.new_pack.emit(result.folder)
        self.state_changed.emit()
