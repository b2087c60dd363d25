"""One kiosk at a time: per login (the runtime folder) and per state folder (its records and statistics).

A kiosk started without a login session (`sudo -u kiosk kiosk`, a service) has another runtime folder than
the one started by the session, but the same home: without the second lock both ran, on one set of start
records, statistics and heartbeat.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QLockFile

from kiosk import paths

log = logging.getLogger(__name__)
LOCK_NAME = "kiosk.lock"


class Instance:
    """The locks this kiosk holds; `refusal` says why another kiosk holds them ("" when this one has them)."""

    def __init__(self, runtime_lock: Path, state_dir: Path) -> None:
        self.locks: list[QLockFile] = []
        self.refusal = ""
        for path in dict.fromkeys((runtime_lock, state_dir / LOCK_NAME)):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:  # a read-only home: the runtime lock alone
                log.warning("cannot make %s for the one-kiosk lock: %s", path.parent, error)
                continue
            lock = QLockFile(str(path))
            lock.setStaleLockTime(0)  # a lock left by a crashed kiosk is stale as soon as its process is gone
            if lock.tryLock(200):
                self.locks.append(lock)
            elif lock.error() == QLockFile.LockError.LockFailedError:
                holder = lock.getLockInfo()  # (pid, host name, app name), or an empty result if unreadable
                pid = holder[0] if holder else "?"
                self.refusal = (
                    f"The kiosk is already running on this computer (process {pid}); this copy will exit."
                )
                self.release()
                return
            else:
                log.warning("cannot take the one-kiosk lock %s (%s); going on without it", path, lock.error().name)

    def release(self) -> None:
        for lock in self.locks:
            lock.unlock()
        self.locks = []


def take() -> Instance:
    return Instance(paths.instance_lock_file(), paths.default_state_dir())
