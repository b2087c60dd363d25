"""One kiosk at a time: per login (the runtime folder) and per state folder (its records and statistics).

A kiosk started without a login session (`sudo -u kiosk kiosk`, a service) has another runtime folder than
the one started by the session, but the same home: without the second lock both ran, on one set of start
records, statistics and heartbeat.

The state folder outlives a reboot, so its lock is one the operating system drops with the process (`flock`,
or on Windows a locked byte): a lock file naming a process id would, after a power cut, name whatever has
that id after the reboot, often the kiosk itself, and the kiosk would refuse to start.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path
from typing import IO

from PySide6.QtCore import QLockFile

from kiosk import paths

log = logging.getLogger(__name__)
LOCK_NAME = "kiosk.lock"
REFUSAL = "The kiosk is already running on this computer (process {pid}); this copy will exit."


class Instance:
    """The locks this kiosk holds; `refusal` says why another kiosk holds them ("" when this one has them)."""

    def __init__(self, runtime_lock: Path, state_dir: Path) -> None:
        self._session: QLockFile | None = None
        self._state: IO[str] | None = None
        self.refusal = self._lock_session(runtime_lock) or self._lock_state(state_dir / LOCK_NAME)
        if self.refusal:
            self.release()

    @property
    def held(self) -> int:
        return (self._session is not None) + (self._state is not None)

    def release(self) -> None:
        if self._session is not None:
            self._session.unlock()
            self._session = None
        if self._state is not None:
            self._state.close()  # closing the file lets go of its lock
            self._state = None

    def _lock_session(self, path: Path) -> str:
        with contextlib.suppress(OSError):  # a folder that cannot be made: reported below, as no lock
            path.parent.mkdir(parents=True, exist_ok=True)
        lock = QLockFile(str(path))
        lock.setStaleLockTime(0)  # a lock left by a crashed kiosk is stale as soon as its process is gone
        if not lock.tryLock(200) and lock.error() == QLockFile.LockError.LockFailedError:
            holder = lock.getLockInfo()  # (pid, host name, app name), or an empty result if unreadable
            if holder and holder[0] == os.getpid():  # a lock from before a reboot naming this very process
                lock.removeStaleLockFile()
                if lock.tryLock(0):
                    self._session = lock
                    return ""
            return REFUSAL.format(pid=holder[0] if holder else "?")
        if lock.isLocked():
            self._session = lock
        else:
            log.warning("cannot take the one-kiosk lock %s (%s); going on without it", path, lock.error().name)
        return ""

    def _lock_state(self, path: Path) -> str:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = path.open("a+", encoding="utf-8")
        except OSError as error:  # a read-only home: the session lock alone
            log.warning("cannot take the one-kiosk lock %s (%s); going on without it", path, error)
            return ""
        try:
            _lock_whole(handle)
        except OSError:
            try:
                handle.seek(0)
                holder = handle.read().strip() or "?"
            except OSError:  # Windows: the holder's locked byte cannot be read
                holder = "?"
            handle.close()
            return REFUSAL.format(pid=holder)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")  # who holds it, for the message a second kiosk gives
        handle.flush()
        self._state = handle
        return ""


def _lock_whole(handle: IO[str]) -> None:
    """Lock the file for this process, or raise OSError if another holds it. Dropped when the process ends."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def take() -> Instance:
    return Instance(paths.instance_lock_file(), paths.default_state_dir())
