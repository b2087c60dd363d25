"""Staff PIN: stored only as a salted PBKDF2 hash, checked in constant time, locked after repeated failures.

hashlib, hmac and secrets load OpenSSL (about 3.5 MB resident), so they are imported when a PIN is first
hashed or checked, not while the kiosk starts.
"""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000  # OWASP's 2023 figure for PBKDF2-SHA256
PIN_PATTERN = re.compile(r"^\d{4,12}$")
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
    if not _HASH_PATTERN.match(stored):
        return "is not a PIN hash made by 'kiosk hash-pin' (pbkdf2_sha256$iterations$salt$hash)"
    if int(stored.split("$")[1]) < 100_000:
        return "uses too few iterations (make a new one with 'kiosk hash-pin')"
    return None


def verify_pin(pin: str, stored: str) -> bool:
    match = _HASH_PATTERN.match(stored)
    if match is None or not PIN_PATTERN.match(pin):
        return False
    import hashlib
    import hmac

    iterations, salt, expected = int(match.group(1)), base64.b64decode(match.group(2)), match.group(3)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return hmac.compare_digest(_b64(digest), expected)


@dataclass(frozen=True, slots=True)
class Attempt:
    accepted: bool
    locked_for_s: float = 0.0  # > 0: the pad is locked and this attempt was not even checked
    failures: int = 0


class PinGuard:
    """Counts wrong PINs; after FREE_ATTEMPTS each further failure locks the pad for twice as long."""

    def __init__(self, stored_hash: str, clock: Callable[[], float] = time.monotonic) -> None:
        self._stored = stored_hash
        self._clock = clock
        self.failures = 0
        self._locked_until = 0.0

    @property
    def has_pin(self) -> bool:
        return bool(self._stored)

    def locked_for(self) -> float:
        return max(0.0, self._locked_until - self._clock())

    def attempt(self, pin: str) -> Attempt:
        wait = self.locked_for()
        if wait > 0:
            return Attempt(False, wait, self.failures)
        if verify_pin(pin, self._stored):
            self.failures = 0
            return Attempt(True)
        self.failures += 1
        if self.failures >= FREE_ATTEMPTS:
            lock = min(LONGEST_LOCK_S, FIRST_LOCK_S * 2 ** (self.failures - FREE_ATTEMPTS))
            self._locked_until = self._clock() + lock
            return Attempt(False, lock, self.failures)
        return Attempt(False, 0.0, self.failures)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
