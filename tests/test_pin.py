"""Staff PIN hashing and the lock-out that grows after repeated failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.pin import FIRST_LOCK_S, FREE_ATTEMPTS, LONGEST_LOCK_S, PinGuard, hash_pin, pin_hash_problem, verify_pin


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


def test_the_lock_out_outlives_a_restart(tmp_path: Path) -> None:
    """Restarting the kiosk (pulling the plug) gave five fresh guesses and no lock."""
    state, stored = tmp_path / "state" / "pin-lockout.json", hash_pin("246810", iterations=1000)
    wall = [1_000_000.0]
    guard = PinGuard(stored, clock=lambda: 0.0, state_file=state, wall_clock=lambda: wall[0])
    for _ in range(FREE_ATTEMPTS):
        last = guard.attempt("000000")
    assert last.locked_for_s == FIRST_LOCK_S
    wall[0] += 10  # the kiosk restarts ten seconds later, its monotonic clock from zero again
    again = PinGuard(stored, clock=lambda: 0.0, state_file=state, wall_clock=lambda: wall[0])
    assert again.failures == FREE_ATTEMPTS and again.locked_for() == FIRST_LOCK_S - 10
    assert not again.attempt("246810").accepted  # locked: not even checked
    wall[0] += FIRST_LOCK_S
    after = PinGuard(stored, clock=lambda: 0.0, state_file=state, wall_clock=lambda: wall[0])
    assert after.locked_for() == 0 and after.attempt("000000").locked_for_s == 2 * FIRST_LOCK_S  # still counting
    assert not list(state.parent.glob("*.tmp"))  # written whole, then renamed into place


def test_a_clock_set_back_never_locks_longer_than_the_cap(tmp_path: Path) -> None:
    state = tmp_path / "pin-lockout.json"
    state.write_text(json.dumps({"failures": 40, "locked_until": 10.0**12}), "utf-8")
    assert PinGuard("", clock=lambda: 0.0, state_file=state).locked_for() == LONGEST_LOCK_S


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        "[]",
        '{"failures": "5", "locked_until": 0}',
        '{"failures": 1}',
        '{"failures": 5, "locked_until": NaN}',
    ],
)
def test_a_corrupt_lock_out_record_is_ignored_with_a_log_line(
    tmp_path: Path, text: str, caplog: pytest.LogCaptureFixture
) -> None:
    state = tmp_path / "pin-lockout.json"
    state.write_text(text, "utf-8")
    guard = PinGuard(hash_pin("246810", iterations=1000), state_file=state)
    assert guard.failures == 0 and guard.locked_for() == 0
    assert "cannot be read" in caplog.text
    assert guard.attempt("246810").accepted
