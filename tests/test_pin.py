"""Staff PIN hashing and the lock-out that grows after repeated failures."""

from __future__ import annotations

import pytest

from kiosk.pin import FIRST_LOCK_S, LONGEST_LOCK_S, PinGuard, hash_pin, pin_hash_problem, verify_pin


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_pin("246810")


def test_hash_is_salted_and_verifies(stored: str) -> None:
    assert stored.startswith("pbkdf2_sha256$600000$")
    assert "246810" not in stored
    assert hash_pin("246810") != stored  # a fresh salt each time
    assert verify_pin("246810", stored)
    assert not verify_pin("246811", stored)
    assert pin_hash_problem(stored) is None


@pytest.mark.parametrize("pin", ["123", "1234567890123", "12a4", "", " 1234"])
def test_bad_pins_are_refused(pin: str) -> None:
    with pytest.raises(ValueError):
        hash_pin(pin)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "1234",
        "pbkdf2_sha256$600000$abc$def",
        "md5$1$aaaaaaaaaaaaaaaaaaaa$" + "b" * 44,
        "pbkdf2_sha256$1000$" + "a" * 24 + "$" + "b" * 44,
    ],
)
def test_malformed_hash_lines_are_explained_and_never_match(line: str) -> None:
    assert pin_hash_problem(line)
    assert not verify_pin("1234", line)


def test_fifty_wrong_pins_lock_for_longer_and_longer() -> None:
    now = [1000.0]
    guard = PinGuard(hash_pin("246810", iterations=1000), clock=lambda: now[0])  # quick: 50 checks
    locks = []
    for _ in range(50):
        attempt = guard.attempt("000000")
        assert not attempt.accepted
        if attempt.locked_for_s:
            locks.append(attempt.locked_for_s)
            now[0] += attempt.locked_for_s + 0.1  # wait out the lock, then try again
    assert guard.failures == 50
    assert locks[0] == FIRST_LOCK_S and locks[1] == 2 * FIRST_LOCK_S
    assert max(locks) == LONGEST_LOCK_S
    # While locked, even the right PIN is not checked; afterwards it works and clears the count.
    guard.attempt("000000")
    assert not guard.attempt("246810").accepted
    now[0] += LONGEST_LOCK_S
    assert guard.attempt("246810").accepted
    assert guard.failures == 0


def test_four_wrong_pins_do_not_lock(stored: str) -> None:
    guard = PinGuard(stored, clock=lambda: 0.0)
    for _ in range(4):
        assert guard.attempt("1111").locked_for_s == 0
    assert guard.attempt("246810").accepted
