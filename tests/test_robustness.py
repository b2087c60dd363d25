"""Small robustness items from the red-team pass: config, check, stats and PIN inputs that used to fail badly."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk import paths
from kiosk.analytics import FILE_NAME
from kiosk.cli import main
from kiosk.config import load_config
from kiosk.pin import LONGEST_LOCK_S, PinGuard, hash_pin, pin_hash_problem, verify_pin
from kiosk.startup import load_settings
from tests.conftest import REPO, PackFactory, page_text


def test_kiosk_config_naming_a_missing_file_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "kiosk.toml"
    monkeypatch.setenv(paths.CONFIG_ENV, str(missing))
    settings = load_settings(None, None)
    assert [str(issue) for issue in settings.issues] == [
        f"{missing}: error: config file not found; running on built-in defaults"
    ]


def test_a_review_date_at_the_end_of_the_calendar_does_not_crash_check(
    make_pack: PackFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_pack(raw={"one.md": page_text().replace("reviewed: 2026-10-01", "reviewed: 9999-12-31")})
    assert main(["check", str(root)]) == 0
    assert "review date 9999-12-31 is in the future" in capsys.readouterr().out


def test_stats_on_a_damaged_file_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = b"this is not a database, just some text" * 100
    (tmp_path / FILE_NAME).write_bytes(content)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[analytics]\ndir = "{tmp_path}"\n', "utf-8")
    assert main(["stats", "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert f"cannot read the usage statistics in {tmp_path / FILE_NAME}" in err
    assert "nothing was changed" in err
    assert (tmp_path / FILE_NAME).read_bytes() == content


def test_stats_on_an_empty_file_is_a_report_of_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What a start on a full disk leaves behind: nothing recorded, said plainly (it was "no such table")."""
    (tmp_path / FILE_NAME).write_bytes(b"")
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[analytics]\ndir = "{tmp_path}"\n', "utf-8")
    assert main(["stats", "--config", str(config)]) == 0
    out, err = capsys.readouterr()
    assert "0 visits since" in out and "is empty" in err
    assert (tmp_path / FILE_NAME).read_bytes() == b""


GOOD = hash_pin("1234", iterations=100_000, salt=b"0123456789abcdef")
_, ITERATIONS, SALT, DIGEST = GOOD.split("$")


@pytest.mark.parametrize(
    ("stored", "why"),
    [
        (f"pbkdf2_sha256$999999999${SALT}${DIGEST}", "would freeze the kiosk"),
        (f"pbkdf2_sha256${ITERATIONS}$QUJDREVGR0hJSktM${DIGEST}", "salt"),  # 12 bytes
        (f"pbkdf2_sha256${ITERATIONS}${SALT}${DIGEST[:40]}", "hash"),  # not 32 bytes
        (f"pbkdf2_sha256${ITERATIONS}${SALT}==AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "hash"),  # bad base64
        (f"pbkdf2_sha256${ITERATIONS}$=={SALT[2:]}${DIGEST}", "salt"),
    ],
)
def test_pin_hashes_with_absurd_parameters_are_refused_at_config_load(
    tmp_path: Path, stored: str, why: str
) -> None:
    assert pin_hash_problem(GOOD) is None
    config_file = tmp_path / "kiosk.toml"
    config_file.write_text(f'[staff]\npin_hash = "{stored}"\n', "utf-8")
    config, issues = load_config([config_file])
    assert config.staff.pin_hash == ""
    assert len(issues) == 1 and why in issues[0].message and issues[0].line == 2
    started = time.perf_counter()
    assert not verify_pin("1234", stored)  # and a guard given one anyway neither raises nor freezes
    assert time.perf_counter() - started < 1


def test_the_lock_out_keeps_working_past_a_thousand_failures() -> None:
    now = [0.0]
    guard = PinGuard(hash_pin("246810", iterations=1000), clock=lambda: now[0])
    for _ in range(1100):
        attempt = guard.attempt("0000")
        now[0] += attempt.locked_for_s + 1
    assert guard.failures == 1100
    assert attempt.locked_for_s == LONGEST_LOCK_S
    assert guard.attempt("246810").accepted


def test_ok_with_nothing_typed_is_not_a_failure() -> None:
    guard = PinGuard(hash_pin("246810", iterations=1000))
    for _ in range(10):
        assert not guard.attempt("").accepted
    assert guard.failures == 0 and guard.locked_for() == 0


@pytest.mark.parametrize("pin", ["١٢٣٤", "\uff11\uff12\uff13\uff14", "1234\n", "12³4"])
def test_hash_pin_accepts_only_the_digits_the_pad_can_type(pin: str) -> None:
    with pytest.raises(ValueError, match="4 to 12 digits"):
        hash_pin(pin)
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "hash-pin"],
        input=pin.strip() + "\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    if pin.strip() != pin:
        return  # the command reads one line: its newline is not part of the PIN
    assert result.returncode == 1 and result.stdout == ""
    assert "A PIN is 4 to 12 digits" in result.stderr
