"""Crash-loop fallback: content that stops the kiosk before it is up is not tried a third time.

Whatever the cause (a Qt bug a pack can reach, a picture that exhausts memory), a kiosk restarted by systemd or
Windows must never loop on the same content. Each start counts against the pack it shows, in a small state
file written before the pack is even read. The count is cleared once the kiosk has painted its first frame and
kept running for SURVIVE_S seconds (or exited cleanly after that frame). After FAILED_STARTS counted starts,
the pack is skipped: the kiosk starts on the last pack that was good, else on the bundled one, else on the
resting screen, and says why in the log, in staff mode and in heartbeat.json. A kill from outside (a power cut
at boot, `taskkill /F`) looks the same as a crash, so once the kiosk has run well without a skipped pack (on
another pack, or on the resting screen) for SURVIVE_S, that pack is tried once more, at once; if it stops the
kiosk again it stays skipped until new or edited, or until the kiosk has run well for RETRY_AGAIN_S more.

A pack is known by its folder and a fingerprint of its files (names, sizes, times): a new version from the
content source, or a folder staff edited, is a new pack and is tried again.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.atomic import write_atomically
from kiosk.content import fingerprint

log = logging.getLogger(__name__)

STATE_FILE = "start-guard.json"
FAILED_STARTS = 2  # a power cut during a start is one; a second in a row is the content
RETRY_AGAIN_S = 3600.0  # a pack that failed its one more try is tried again after this long of good running
SURVIVE_S = 30.0  # seconds after the first frame a start must last to count as good
KEEP_GOOD = 5  # good packs remembered, newest first
# Test-only: a kiosk started with this set aborts (SIGABRT) while loading a pack whose folder name contains its
# value, as a pack that crashes Qt would. It lets tests prove the fallback with a real dying process.
TEST_ABORT_ENV = "KIOSK_TEST_ABORT_ON_CONTENT"


@dataclass(frozen=True, slots=True)
class StartChoice:
    """The folder to start on (None: nothing can be shown, so the resting screen) and why, if not the first."""

    folder: Path | None
    skipped: tuple[Path, ...] = ()
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "shown": str(self.folder) if self.folder else None,
            "skipped": [str(path) for path in self.skipped],
            "reason": self.note,
        }


@dataclass(slots=True)
class _State:
    """The crash-loop record: starts begun per pack and the packs that ran well."""

    attempts: dict[str, int] = field(default_factory=dict)  # starts begun and not yet known good, per pack
    good: list[dict[str, str]] = field(default_factory=list)  # {"key", "folder"}, newest first
    retried: dict[str, float] = field(default_factory=dict)  # skipped packs given one more try, and when


def pack_key(folder: Path) -> str:
    """The pack's identity: its folder and what is in it now."""
    entries = fingerprint(folder)
    size = sum(entry[1] for entry in entries)
    newest = max((entry[2] for entry in entries), default=0)
    return f"{folder.resolve()}#{len(entries)}-{size}-{newest}"


class StartGuard:
    """Remembers, across restarts, which packs stopped the kiosk early and which ones ran well."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path, self._clock = path, clock
        self._state = self._load()
        self._current: tuple[str, Path] | None = None  # the pack on screen, until it proves good
        self._skipped: list[tuple[str, Path]] = []  # packs this start passed over, most wanted first

    def choose(self, preferred: Path, bundled: Path) -> StartChoice:
        """The first of preferred, the last good packs and the bundled one that has not failed too often.

        Counts this start against the chosen pack before anything of it is read.
        """
        candidates = [preferred, *(Path(entry["folder"]) for entry in self._state.good), bundled]
        skipped: list[Path] = []
        seen: set[str] = set()
        for folder in candidates:
            key = pack_key(folder)
            if key in seen or (folder != preferred and folder != bundled and not self._is_good(key)):
                continue  # a remembered good pack whose files have changed since is not that pack any more
            seen.add(key)
            failures = self._state.attempts.get(key, 0)
            if failures >= FAILED_STARTS:
                skipped.append(folder)
                self._skipped.append((key, folder))
                continue
            self.begin(folder, key)
            return StartChoice(folder, tuple(skipped), self._note(skipped, folder))
        return StartChoice(None, tuple(skipped), self._note(skipped, None))

    def begin(self, folder: Path, key: str | None = None) -> None:
        """`folder` is about to be shown (at start, or swapped in): count it until it proves good."""
        self._uncount()  # the pack before it did not stop the kiosk; it was replaced
        key = key or pack_key(folder)
        self._current = (key, folder)
        self._state.attempts[key] = self._state.attempts.get(key, 0) + 1
        self._save()

    def survived(self, folder: Path | None) -> Path | None:
        """What is on screen has lasted SURVIVE_S, or the kiosk exited cleanly after showing it: `folder` is
        good (None: the resting screen, when every pack was skipped). Then `retry_due()`."""
        if folder is not None:
            if self._current is None or self._current[1] != folder:
                return None  # another pack was swapped in since; its own timer decides
            key, self._current = self._current[0], None
            self._state.attempts.pop(key, None)
            self._state.retried.pop(key, None)
            entry = {"key": key, "folder": str(folder)}
            self._state.good = [entry, *(e for e in self._state.good if e["key"] != key)][:KEEP_GOOD]
            self._save()
        return self.retry_due()

    def retry_due(self) -> Path | None:
        """The kiosk runs well without the packs this start skipped, so what stopped it may have been a kill
        from outside: each skipped pack not tried again within RETRY_AGAIN_S gets one more try, and the most
        wanted of them is returned, to be shown now. It is counted when swapped in (`begin`): if it stops the
        kiosk again, it is left out until new or edited, or until RETRY_AGAIN_S of good running has passed."""
        again: Path | None = None
        now = self._clock()
        for key, skipped in list(self._skipped):
            tried = self._state.retried.get(key)
            if tried is not None and 0 <= now - tried < RETRY_AGAIN_S:
                continue  # waits: see next_retry_in()
            self._skipped.remove((key, skipped))
            if self._state.attempts.get(key, 0) >= FAILED_STARTS:
                self._state.attempts[key] = FAILED_STARTS - 1
                self._state.retried[key] = now
                again = again or skipped
        if again is not None:
            self._save()
        return again

    def next_retry_in(self) -> float | None:
        """Seconds until a pack this start skipped is due its next try (None: none is waiting)."""
        waits = [
            max(0.0, self._state.retried.get(key, 0.0) + RETRY_AGAIN_S - self._clock()) for key, _ in self._skipped
        ]
        return min(waits, default=None)

    def ended_cleanly(self) -> None:
        """The kiosk stopped on purpose before the pack proved good: that start was not the content's fault."""
        self._uncount()
        self._save()

    def _uncount(self) -> None:
        if self._current is not None:
            key, self._current = self._current[0], None
            left = self._state.attempts.get(key, 1) - 1
            if left > 0:
                self._state.attempts[key] = left
            else:
                self._state.attempts.pop(key, None)

    def _is_good(self, key: str) -> bool:
        return any(entry["key"] == key for entry in self._state.good)

    def _note(self, skipped: list[Path], shown: Path | None) -> str:
        if not skipped:
            return ""
        names = ", ".join(str(path) for path in skipped)
        instead = f"showing {shown} instead" if shown else "showing the resting screen"
        return (
            f"the content in {names} stopped the kiosk before it was up {FAILED_STARTS} times in a row; "
            f"{instead} (it is tried once more when the kiosk has run well for {SURVIVE_S:.0f} s without it, "
            "and again once new or edited)"
        )

    def _load(self) -> _State:
        try:
            data = json.loads(self.path.read_text("utf-8"))
            attempts = {str(k): int(v) for k, v in data["attempts"].items()}
            good = [{"key": str(e["key"]), "folder": str(e["folder"])} for e in data["good"]][:KEEP_GOOD]
            kept = data.get("retried", {})
            kept = kept if isinstance(kept, dict) else dict.fromkeys(kept, 0.0)  # a list: before times were kept
            retried = {str(key): float(when) for key, when in list(kept.items())[-KEEP_GOOD:]}
            return _State(attempts, good, retried)
        except FileNotFoundError:
            return _State()
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            log.warning("start records in %s cannot be read (%s); starting afresh", self.path, error)
            return _State()

    def _save(self) -> None:
        # Written before a pack is read: if that pack kills the process, the count has already been kept.
        data = {"attempts": self._state.attempts, "good": self._state.good, "retried": self._state.retried}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # durable: a power cut must not leave an empty file behind
            write_atomically(self.path, json.dumps(data, indent=2) + "\n", durable=True)
        except OSError as error:
            log.warning("cannot record this start in %s: %s", self.path, error)


def abort_if_asked(folder: Path) -> None:
    """Test-only hook (see TEST_ABORT_ENV): die as a pack that crashes Qt would, before the first frame."""
    marker = os.environ.get(TEST_ABORT_ENV)
    if marker and marker in folder.name:
        os.abort()
