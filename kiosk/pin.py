"""Staff PIN: stored only as a salted PBKDF2 hash, checked in constant time, locked after repeated failures.

hashlib, hmac and secrets load OpenSSL (about 3.5 MB resident), so they are imported when a PIN is first
hashed or checked, not while the kiosk starts.
"""

from __future__ import annotations

import base64
import json
import logging
import math
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)
STATE_FILE = "pin-lockout.json"  # in paths.default_state_dir()

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000  # OWASP's 2023 figure for PBKDF2-SHA256
# ASCII digits only (the pad has no others; \d would also take "١٢٣٤"), and \Z: "$" lets a newline through.
PIN_PATTERN = re.compile(r"^[0-9]{4,12}\Z")
MIN_ITERATIONS = 100_000
MAX_ITERATIONS = 5_000_000  # about 3 s per check on a slow kiosk PC; more would freeze the pad at every try
SALT_BYTES = (16, 48)  # what hash_pin makes is 16
DIGEST_BYTES = 32  # SHA-256
_HASH_PATTERN = re.compile(rf"^{ALGORITHM}\$(\d{{3,9}})\$([A-Za-z0-9+/=]{{16,64}})\$([A-Za-z0-9+/=]{{40,64}})$")
FREE_ATTEMPTS = 5
FIRST_LOCK_S = 30.0
LONGEST_LOCK_S = 15 * 60.0


def hash_pin(pin: str, *, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    if not PIN_PATTERN.match(pin):
        raise ValueError("a PIN is 4 to 12 digits")
    import hashlib
    import secrets

    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"{ALGORITHM}${iterations}${_b64(salt)}${_b64(digest)}"


def pin_hash_problem(stored: str) -> str | None:
    """Why `stored` is not a usable PIN hash, or None if it is one."""
    match = _HASH_PATTERN.match(stored)
    if not match:
        return "is not a PIN hash made by 'kiosk hash-pin' (pbkdf2_sha256$iterations$salt$hash)"
    iterations = int(match.group(1))
    if iterations < MIN_ITERATIONS:
        return "uses too few iterations (make a new one with 'kiosk hash-pin')"
    if iterations > MAX_ITERATIONS:
        return (
            f"uses {iterations:,} iterations: checking a PIN would freeze the kiosk (at most {MAX_ITERATIONS:,})"
        )
    salt, digest = _decode(match.group(2)), _decode(match.group(3))
    if salt is None or not SALT_BYTES[0] <= len(salt) <= SALT_BYTES[1]:
        return f"has a salt that is not {SALT_BYTES[0]} to {SALT_BYTES[1]} bytes of base64 (make a new one)"
    if digest is None or len(digest) != DIGEST_BYTES:
        return f"has a hash that is not {DIGEST_BYTES} bytes of base64 (make a new one with 'kiosk hash-pin')"
    return None


def verify_pin(pin: str, stored: str) -> bool:
    """Whether `pin` matches; never raises, and never runs a hash so costly it would freeze the pad."""
    match = _HASH_PATTERN.match(stored)
    if match is None or not PIN_PATTERN.match(pin):
        return False
    iterations, salt = int(match.group(1)), _decode(match.group(2))
    if salt is None or iterations > MAX_ITERATIONS:
        return False
    import hashlib
    import hmac

    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return hmac.compare_digest(_b64(digest), match.group(3))


@dataclass(frozen=True, slots=True)
class Attempt:
    """The answer to one PIN tried on the staff pad."""

    accepted: bool
    locked_for_s: float = 0.0  # > 0: the pad is locked and this attempt was not even checked
    failures: int = 0


class PinGuard:
    """Counts wrong PINs; after FREE_ATTEMPTS each further failure locks the pad for twice as long.

    With a `state_file` the count and the lock-out outlive a restart: pulling the plug must not buy five fresh
    guesses. The file holds the lock's end in wall-clock time; a clock set back never makes the lock longer than
    LONGEST_LOCK_S, and a file that cannot be read is ignored with a log line.
    """

    def __init__(
        self,
        stored_hash: str,
        clock: Callable[[], float] = time.monotonic,
        *,
        state_file: Path | None = None,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._stored = stored_hash
        self._clock, self._wall_clock = clock, wall_clock
        self._state_file = state_file
        self.failures = 0
        self._locked_until = 0.0
        if state_file is not None:
            self._load(state_file)

    @property
    def has_pin(self) -> bool:
        return bool(self._stored)

    def locked_for(self) -> float:
        return max(0.0, self._locked_until - self._clock())

    def attempt(self, pin: str) -> Attempt:
        wait = self.locked_for()
        if wait > 0:
            return Attempt(False, wait, self.failures)
        if not pin:  # OK with nothing typed: a slip, not a guess
            return Attempt(False, 0.0, self.failures)
        if verify_pin(pin, self._stored):
            had_failures, self.failures = self.failures, 0
            if had_failures:
                self._save()
            return Attempt(True)
        self.failures += 1
        lock = 0.0
        if self.failures >= FREE_ATTEMPTS:
            doublings = min(self.failures - FREE_ATTEMPTS, 16)  # 2**1025 overflows a float; 2**16 is past the cap
            lock = min(LONGEST_LOCK_S, FIRST_LOCK_S * 2**doublings)
            self._locked_until = self._clock() + lock
        # Staff read the log for someone guessing at the pad: the count and the lock, never what was typed.
        log.warning(
            "wrong staff PIN (%d in a row)%s",
            self.failures,
            f"; the PIN pad is locked for {lock:.0f} s" if lock else "",
        )
        self._save()
        return Attempt(False, lock, self.failures)

    def _load(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text("utf-8"))
            failures, locked_until = data["failures"], data["locked_until"]
            if not isinstance(failures, int) or not isinstance(locked_until, int | float):
                raise TypeError("unexpected values")
            if failures < 0 or not math.isfinite(locked_until):
                raise ValueError("unexpected values")
        except FileNotFoundError:
            return
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.warning("PIN lock-out record %s cannot be read (%s); ignoring it", path, error)
            return
        self.failures = min(failures, 1_000_000)
        left = min(LONGEST_LOCK_S, float(locked_until) - self._wall_clock())
        if left > 0:
            self._locked_until = self._clock() + left

    def _save(self) -> None:
        if self._state_file is None:
            return
        left = self.locked_for()
        data = {"failures": self.failures, "locked_until": self._wall_clock() + left if left > 0 else 0}
        temporary = self._state_file.with_name(self._state_file.name + ".tmp")
        try:
            self._state_file.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("w", encoding="utf-8") as handle:
                handle.write(json.dumps(data) + "\n")
                handle.flush()
                os.fsync(handle.fileno())  # a power cut must not leave an empty file that forgets the lock
            os.replace(temporary, self._state_file)
        except OSError as error:
            log.warning("cannot record the PIN lock-out in %s: %s", self._state_file, error)


def _decode(text: str) -> bytes | None:
    import binascii

    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error:
        return None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
