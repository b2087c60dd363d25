"""Crash recovery: a killed kiosk is started again with growing delays, and not for ever."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "packaging"))
from supervise import supervise


def fake_kiosk(tmp_path: Path, exit_codes: list[int]) -> list[str]:
    """A stand-in that exits with the next code from the list each time it is started (a crash: -9)."""
    counter = tmp_path / "starts"
    counter.write_text("0")
    script = tmp_path / "kiosk.py"
    script.write_text(
        "import os, signal, sys\n"
        f"codes = {exit_codes!r}\n"
        f"n = int(open({str(counter)!r}).read()); open({str(counter)!r}, 'w').write(str(n + 1))\n"
        "code = codes[min(n, len(codes) - 1)]\n"
        "os.kill(os.getpid(), signal.SIGKILL) if code == -9 else sys.exit(code)\n"
    )
    return [sys.executable, str(script)]


def run(command: list[str], **limits: float) -> tuple[int, list[float], list[str]]:
    delays: list[float] = []
    lines: list[str] = []
    now = [0.0]

    def sleep(seconds: float) -> None:
        delays.append(seconds)
        now[0] += seconds

    settings = {"max_restarts": 5, "window": 300.0, "first_delay": 2.0, "max_delay": 60.0, **limits}
    code = supervise(
        command,
        int(settings["max_restarts"]),
        settings["window"],
        settings["first_delay"],
        settings["max_delay"],
        sleep=sleep,
        clock=lambda: now[0],
        log=lines.append,
    )
    return code, delays, lines


def test_killed_kiosk_restarts_with_back_off_then_runs(tmp_path: Path) -> None:
    code, delays, lines = run(fake_kiosk(tmp_path, [-9, -9, 1, 0]))
    assert code == 0
    assert delays == [2.0, 4.0, 8.0]  # doubling
    assert "not restarted" in lines[-1]


def test_a_kiosk_that_keeps_crashing_is_given_up(tmp_path: Path) -> None:
    code, delays, lines = run(fake_kiosk(tmp_path, [-9]), max_restarts=5, max_delay=10)
    assert code == 1
    assert delays == [2.0, 4.0, 8.0, 10.0, 10.0]  # capped, then the start limit
    assert "giving up" in lines[-1]


def test_already_running_is_not_restarted(tmp_path: Path) -> None:
    code, delays, _ = run(fake_kiosk(tmp_path, [3]))
    assert code == 3 and delays == []
